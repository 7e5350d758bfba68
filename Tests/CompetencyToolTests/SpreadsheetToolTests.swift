import CompetencyKit
import CompetencyTestSupport
import CompetencyXLSX
import Foundation
import Testing
import ZIPFoundation

/// `plan --format xlsx`, `coverage --format xlsx` and `--excel` CSV, end to end on the bundled
/// sample, read back with a zip reader and checked in the sheets' XML.
@Suite struct SpreadsheetToolTests {
    static let sample = ["--framework", "Fixtures/sample/framework.xml", "--roster", "Fixtures/sample/roster.xml"]

    /// A workbook read back: its entries and its sheets' cells.
    struct Workbook {
        var entries: [String: Data]

        init(_ url: URL) throws {
            let archive = try Archive(url: url, accessMode: .read)
            var entries: [String: Data] = [:]
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                entries[entry.path] = data
            }
            self.entries = entries
        }

        func text(_ path: String) -> String { entries[path].map { String(decoding: $0, as: UTF8.self) } ?? "" }

        var sheetNames: [String] { Self.matches(#"<sheet name="([^"]*)""#, in: text("xl/workbook.xml")).map { $0[0] } }

        /// The sheet's rows, each cell's text or number as written (`_xHHHH_` and entities decoded).
        func rows(_ sheet: Int) -> [[String]] {
            Self.matches(#"<row r="\d+">(.*?)</row>"#, in: text("xl/worksheets/sheet\(sheet).xml")).map { row in
                Self.matches(#"<c(?: [^>]*)?/>|<c[^>]*>(?:<is><t[^>]*>(.*?)</t></is>|<v>(.*?)</v>)</c>"#, in: row[0]).map {
                    Self.decode($0[0].isEmpty ? $0[1] : $0[0])
                }
            }
        }

        static func decode(_ text: String) -> String {
            var value = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
            for match in matches("_x([0-9A-F]{4})_", in: value) {
                if let code = UInt32(match[0], radix: 16), let scalar = Unicode.Scalar(code) {
                    value = value.replacingOccurrences(of: "_x\(match[0])_", with: String(Character(scalar)))
                }
            }
            return value
        }

        static func matches(_ pattern: String, in text: String) -> [[String]] {
            guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
            let whole = NSRange(text.startIndex..., in: text)
            return expression.matches(in: text, range: whole).map { match in
                (1..<max(2, match.numberOfRanges)).map { group in
                    guard group < match.numberOfRanges, let range = Range(match.range(at: group), in: text) else { return "" }
                    return String(text[range])
                }
            }
        }
    }

    static func folder() throws -> URL {
        try Scratch.folder("ck-xlsx")
    }

    static func write(_ arguments: [String], to url: URL) throws {
        let result = try Tool.run(arguments + ["-o", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
    }

    /// The plan as JSON: per person, the numbers of needs and of assigned modules.
    static func jsonPlan(_ extra: [String] = []) throws -> [(id: String, needs: Int, modules: Int)] {
        let result = try Tool.run(["plan"] + sample + ["--format", "json"] + extra)
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let people = try #require(object?["people"] as? [[String: Any]])
        return people.map {
            (($0["id"] as? String) ?? "", ($0["needs"] as? [Any])?.count ?? -1, ($0["assign"] as? [Any])?.count ?? -1)
        }
    }

    @Test func planWorkbookHasTheSheetsRowsAndValuesOfThePlan() throws {
        let url = try Self.folder().appendingPathComponent("plan.xlsx")
        try Self.write(["plan"] + Self.sample + ["--format", "xlsx"], to: url)
        let book = try Workbook(url)
        for part in [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        ] {
            #expect(book.entries[part] != nil, "missing \(part)")
        }
        #expect(book.sheetNames == ["Summary", "Units", "People", "Needs", "Modules"])
        // Every sheet's first row is frozen; the style sheet has a bold font and the number formats.
        for sheet in 1...5 { #expect(book.text("xl/worksheets/sheet\(sheet).xml").contains(#"state="frozen""#)) }
        #expect(book.text("xl/styles.xml").contains("<b/>"))
        #expect(book.text("xl/styles.xml").contains(#"formatCode="0.0%""#))

        let plan = try Self.jsonPlan()
        let people = book.rows(3)
        #expect(
            people.first == [
                "Person", "Name", "Unit", "Unit title", "Position", "Position title", "Status", "Needs", "Unmet", "Modules", "Hours",
            ])
        #expect(people.count == plan.count + 1)
        #expect(people.dropFirst().map { $0[0] } == plan.map(\.id))
        #expect(people.dropFirst().map { Int($0[7]) } == plan.map(\.needs))
        #expect(people.dropFirst().map { Int($0[9]) } == plan.map(\.modules))
        #expect(
            people[1] == [
                "p0001", "Phạm Quang Huy", "NA.OFFICE", "Office of the National Assembly", "department-director",
                "Director of department", "needs training", "22", "0", "14", "71",
            ])

        let needs = book.rows(4)
        #expect(
            needs.first == [
                "Person", "Name", "Competency", "Competency title", "Attained level", "Required level", "Due by", "State",
                "Required by",
            ])
        #expect(needs.count == plan.map(\.needs).reduce(0, +) + 1)
        // 2026-12-31 is serial 46387 (days since 1899-12-30); no attained level is an empty cell.
        #expect(
            needs[1] == [
                "p0001", "Phạm Quang Huy", "C1.1", "Searching for and filtering information", "", "Basic 2", "46387", "planned",
                "rule R-basic-2026 — Basic digital skills for everyone by the end of 2026",
            ])

        let modules = book.rows(5)
        #expect(modules.first == ["Person", "Name", "Order", "Module", "Module title", "Hours", "Delivery", "Closes needs in"])
        #expect(modules.count == plan.map(\.modules).reduce(0, +) + 1)
        #expect(
            modules[1] == ["p0001", "Phạm Quang Huy", "1", "M-first-steps", "First steps with computers and phones", "2", "classroom", ""])
        #expect(
            modules[2] == [
                "p0001", "Phạm Quang Huy", "2", "M-basic-1", "Information and data: the basics", "4", "online",
                "Searching for and filtering information; Judging the reliability of information; Organising and storing data",
            ])

        let summary = book.rows(1)
        #expect(summary.first == ["Item", "Value"])
        #expect(summary.contains(["People", String(plan.count)]))
        #expect(summary.contains(["Needs", String(plan.map(\.needs).reduce(0, +))]))
        #expect(summary.contains(["Modules assigned", String(plan.map(\.modules).reduce(0, +))]))
        let units = book.rows(2)
        #expect(units[1] == ["NA", "National Assembly", String(plan.count), "62", "261", "0", String(62.0 / 323.0)])
    }

    @Test func planWorkbookInVietnameseAndForSomePeople() throws {
        let url = try Self.folder().appendingPathComponent("plan-vi.xlsx")
        try Self.write(
            ["plan"] + Self.sample + ["--format", "xlsx", "--language", "vi", "--person", "p0002", "--person", "p0001"], to: url)
        let book = try Workbook(url)
        #expect(book.sheetNames == ["Tổng hợp", "Đơn vị", "Cán bộ", "Nhu cầu", "Học phần"])
        let people = book.rows(3)
        #expect(people.map { $0[0] } == ["Mã cán bộ", "p0001", "p0002"])
        #expect(people[1][3] == "Văn phòng Quốc hội")
        #expect(people[1][5] == "Vụ trưởng")
        #expect(people[1][6] == "cần bồi dưỡng")
        let plan = try Self.jsonPlan(["--person", "p0001", "--person", "p0002"])
        #expect(book.rows(4).count == plan.map(\.needs).reduce(0, +) + 1)
        #expect(book.rows(4)[1][3] == "Tìm kiếm và chọn lọc thông tin")
        #expect(book.rows(4)[1][5] == "Cơ bản 2")
        #expect(book.text("docProps/core.xml").contains("<dc:language>vi</dc:language>"))
    }

    @Test func workbooksAreByteIdenticalAcrossRunsAndThreadCounts() throws {
        let folder = try Self.folder()
        var outputs: [Data] = []
        for (name, jobs) in [("one.xlsx", "1"), ("two.xlsx", "2"), ("three.xlsx", "2")] {
            let url = folder.appendingPathComponent(name)
            try Self.write(["plan"] + Self.sample + ["--format", "xlsx", "--jobs", jobs], to: url)
            outputs.append(try Data(contentsOf: url))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[1] == outputs[2])
        let first = folder.appendingPathComponent("coverage-1.xlsx")
        let second = folder.appendingPathComponent("coverage-2.xlsx")
        try Self.write(["coverage"] + Self.sample + ["--format", "xlsx"], to: first)
        try Self.write(["coverage"] + Self.sample + ["--format", "xlsx"], to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }

    @Test func coverageWorkbookHoldsEveryTableOfTheReport() throws {
        let url = try Self.folder().appendingPathComponent("coverage.xlsx")
        try Self.write(["coverage"] + Self.sample + ["--format", "xlsx"], to: url)
        let book = try Workbook(url)
        #expect(book.sheetNames == ["Summary", "Units", "Positions", "Domains", "Bands", "Rules", "Modules", "Deadlines"])
        let json = try Tool.run(["coverage"] + Self.sample + ["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let total = try #require(report["total"] as? [String: Any])
        let summary = book.rows(1)
        #expect(summary.contains(["People", "\(total["people"] ?? "")"]))
        #expect(summary.contains(["Meeting", "\(total["meeting"] ?? "")"]))
        for (sheet, key) in [(2, "units"), (3, "positions"), (4, "domains"), (5, "bands"), (6, "rules"), (7, "modules"), (8, "deadlines")] {
            let rows = try #require(report[key] as? [[String: Any]])
            #expect(book.rows(sheet).count == rows.count + 1, "\(key)")
        }
        let modules = try #require(report["modules"] as? [[String: Any]])
        let first = try #require(modules.first)
        #expect(book.rows(7)[0] == ["Module", "Module title", "Hours each", "People assigned", "Total hours"])
        #expect(book.rows(7)[1][0] == first["id"] as? String)
        #expect(book.rows(7)[1][3] == "\(first["headcount"] ?? "")")
    }

    /// openpyxl, an independent reader, opens the workbook and reads the same values.
    @Test func openpyxlReadsTheWorkbook() throws {
        guard Helper.hasPython("openpyxl") else {
            print("skipped: python3 openpyxl is not installed (pip install openpyxl)")
            return
        }
        let url = try Self.folder().appendingPathComponent("plan.xlsx")
        try Self.write(["plan"] + Self.sample + ["--format", "xlsx"], to: url)
        let script = """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            print(book.sheetnames)
            for sheet in book.worksheets:
                print(sheet.title, sheet.max_row, sheet.max_column, sheet.freeze_panes)
            people = book["People"]
            print([c.value for c in people[2]])
            print(people["K2"].number_format, book["Summary"]["B11"].number_format)
            needs = book["Needs"]
            print([c.value for c in needs[2]])
            print(needs["G2"].is_date, needs["G2"].number_format, needs["A1"].font.b)
            """
        let result = try #require(Helper.run("python3", ["-c", script, url.path]))
        #expect(result.status == 0, "\(result.output)")
        let plan = try Self.jsonPlan()
        let needs = plan.map(\.needs).reduce(0, +)
        let modules = plan.map(\.modules).reduce(0, +)
        #expect(
            result.output == """
                ['Summary', 'Units', 'People', 'Needs', 'Modules']
                Summary 15 2 A2
                Units 25 7 A2
                People \(plan.count + 1) 11 A2
                Needs \(needs + 1) 9 A2
                Modules \(modules + 1) 8 A2
                ['p0001', 'Phạm Quang Huy', 'NA.OFFICE', 'Office of the National Assembly', 'department-director', 'Director of department', 'needs training', 22, 0, 14, 71]
                #,##0.0## 0.0%
                ['p0001', 'Phạm Quang Huy', 'C1.1', 'Searching for and filtering information', None, 'Basic 2', datetime.datetime(2026, 12, 31, 0, 0), 'planned', 'rule R-basic-2026 — Basic digital skills for everyone by the end of 2026']
                True yyyy\\-mm\\-dd True

                """)
    }

    /// LibreOffice Calc opens the workbook and shows its values in the number formats given.
    @Test func libreOfficeOpensTheWorkbook() throws {
        guard Helper.run("soffice", ["--version"])?.status == 0 else {
            print("skipped: LibreOffice (soffice) is not installed (apt-get install libreoffice-calc-nogui)")
            return
        }
        let folder = try Self.folder()
        let url = folder.appendingPathComponent("plan.xlsx")
        try Self.write(["plan"] + Self.sample + ["--format", "xlsx", "--person", "p0001"], to: url)
        let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
        let result = try #require(
            Helper.run(
                "soffice",
                [
                    "-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--convert-to", filter, url.path,
                    "--outdir", folder.path,
                ]))
        #expect(result.status == 0, "\(result.output)")
        func lines(_ sheet: String) throws -> [String] {
            try String(contentsOf: folder.appendingPathComponent("plan-\(sheet).csv"), encoding: .utf8)
                .split(separator: "\n").map { String($0) }
        }
        #expect(
            try lines("People") == [
                "Person,Name,Unit,Unit title,Position,Position title,Status,Needs,Unmet,Modules,Hours",
                "p0001,Phạm Quang Huy,NA.OFFICE,Office of the National Assembly,department-director,Director of department,needs training,22,0,14,71.0",
            ])
        #expect(
            try lines("Needs").dropFirst().first
                == "p0001,Phạm Quang Huy,C1.1,Searching for and filtering information,,Basic 2,2026-12-31,planned,"
                + "rule R-basic-2026 — Basic digital skills for everyone by the end of 2026")
        #expect(try lines("Summary").contains("% meeting,0.0%"))
        #expect(try lines("Summary").contains("Training hours,71.0"))
    }

    @Test func xlsxRefusesUnknownCombinations() throws {
        let excel = try Tool.run(["plan"] + Self.sample + ["--format", "json", "--excel"])
        #expect(excel.status == 2)
        #expect(excel.stderr.contains("--excel shapes CSV output; use it with --format csv"))
        let coverage = try Tool.run(["coverage"] + Self.sample + ["--format", "html", "--excel"])
        #expect(coverage.status == 2)
    }

    /// `--excel` is the plain CSV after a UTF-8 byte order mark, with CRLF line ends.
    @Test func excelCSVIsTheCSVAfterAByteOrderMark() throws {
        let folder = try Self.folder()
        let cases: [[String]] = [
            ["plan"] + Self.sample + ["--format", "csv"],
            ["coverage"] + Self.sample + ["--format", "csv"],
            ["diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework-v2.xml", "--roster", "Fixtures/sample/roster.xml", "--format", "csv"],
        ]
        for (offset, arguments) in cases.enumerated() {
            let plain = folder.appendingPathComponent("plain-\(offset).csv")
            let excel = folder.appendingPathComponent("excel-\(offset).csv")
            try Self.write(arguments, to: plain)
            try Self.write(arguments + ["--excel"], to: excel)
            let plainBytes = try Data(contentsOf: plain)
            let excelBytes = try Data(contentsOf: excel)
            #expect(Array(excelBytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(arguments[0])")
            #expect(excelBytes.dropFirst(3) == plainBytes, "\(arguments[0])")
            #expect(plainBytes.first != 0xEF)
            let bytes = Array(excelBytes)
            let lineFeeds = bytes.indices.filter { bytes[$0] == 0x0A }
            #expect(!lineFeeds.isEmpty)
            #expect(lineFeeds.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D }, "\(arguments[0]) has a bare LF")
        }
    }
}

/// ``WorkbookWriter`` itself: text XML cannot hold, and sheets that continue past the row limit.
@Suite struct WorkbookWriterTests {
    @Test func textIsEscapedAndReadsBackAsWritten() throws {
        let folder = try SpreadsheetToolTests.folder()
        let url = folder.appendingPathComponent("escaped.xlsx")
        let date = try #require(ISODate("2026-03-01"))
        let writer = try WorkbookWriter(
            sheets: [SpreadsheetSheet(name: "Odd: [names]?", columns: ["Text", "Number"])], scratch: folder, date: date)
        let texts = ["a & b < c > d", "bell\u{7} and nul\u{0}", "literal _x0041_ stays", "two\nlines", " edge ", "cr\r"]
        for text in texts { try writer.append(SpreadsheetRow([.text(text), .integer(7)]), to: 0) }
        try writer.append(SpreadsheetRow([.empty, .hours(.nan), .percent(0.5)]), to: 0)
        var bytes = Data()
        try writer.finish { bytes.append($0) }
        try bytes.write(to: url)
        let book = try SpreadsheetToolTests.Workbook(url)
        #expect(book.sheetNames == ["Odd   names  "])
        let rows = book.rows(1)
        #expect(rows.dropFirst().prefix(texts.count).map { $0[0] } == texts)
        #expect(rows.last == ["", "", "0.5"])
        let xml = book.text("xl/worksheets/sheet1.xml")
        #expect(xml.contains("bell_x0007_ and nul_x0000_"))
        #expect(xml.contains("literal _x005F_x0041_ stays"))
        #expect(xml.contains(#"<t xml:space="preserve"> edge </t>"#))
        // The spool files are gone; only the workbook the test wrote is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["escaped.xlsx"])
    }

    @Test func aFullSheetContinuesOnAnother() throws {
        let folder = try SpreadsheetToolTests.folder()
        let url = folder.appendingPathComponent("split.xlsx")
        let writer = try WorkbookWriter(
            sheets: [SpreadsheetSheet(name: "People", columns: ["N"]), SpreadsheetSheet(name: "Other", columns: ["M"])],
            scratch: folder, date: try #require(ISODate("2026-03-01")), rowLimit: 3)
        for number in 1...5 { try writer.append(SpreadsheetRow([.integer(number)]), to: 0) }
        try writer.append(SpreadsheetRow([.integer(9)]), to: 1)
        #expect(writer.rowCount(of: 0) == 5)
        var bytes = Data()
        try writer.finish { bytes.append($0) }
        try bytes.write(to: url)
        let book = try SpreadsheetToolTests.Workbook(url)
        #expect(book.sheetNames == ["People", "People (2)", "People (3)", "Other"])
        #expect(book.rows(1) == [["N"], ["1"], ["2"]])
        #expect(book.rows(2) == [["N"], ["3"], ["4"]])
        #expect(book.rows(3) == [["N"], ["5"]])
        #expect(book.rows(4) == [["M"], ["9"]])
    }
}
