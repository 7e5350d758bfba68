import CompetencyModel
import CompetencyDiagnostics
import Foundation
import Testing

@testable import CompetencyInterchange

/// The byte scanner of `CSVReader` against a plain reading of RFC 4180 one byte at a time,
/// the way the reader worked before it copied runs of bytes: both must give the same fields,
/// lines, repairs and errors on any input.
@Suite struct CSVScanTests {
    /// What a reading gives: the table, or the error's description.
    struct Outcome: Equatable, CustomStringConvertible {
        var header: [String] = []
        var rows: [[String]] = []
        var lines: [Int] = []
        var shortRows: [Int] = []
        var controlCharacters: [CompetencyModel.SourceLocation] = []
        var error: String?

        var description: String { error ?? "\(header) \(rows) \(lines) short \(shortRows) control \(controlCharacters)" }
    }

    static func outcome(_ bytes: [UInt8]) -> Outcome {
        do {
            let table = try CSVReader.read(Data(bytes), file: "f.csv")
            return Outcome(
                header: table.header, rows: table.rows.map(\.fields), lines: table.rows.map(\.line), shortRows: table.shortRows,
                controlCharacters: table.controlCharacters)
        } catch {
            return Outcome(error: error.description)
        }
    }

    /// RFC 4180 read one byte at a time (UTF-8 input only).
    static func reference(_ input: [UInt8]) -> Outcome {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [(fields: [String], line: Int)] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, column = 1, recordLine = 1, index = 0
        var inQuotes = false, wasQuoted = false
        var quoteAt = (line: 1, column: 1)
        var controls: [CompetencyModel.SourceLocation] = []
        func error(_ message: String, _ line: Int, _ column: Int) -> Outcome {
            Outcome(error: "f.csv:\(line):\(column): error: \(message) [csv.syntax]")
        }
        func append(_ byte: UInt8) {
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                field += [0xEF, 0xBF, 0xBD]
                controls.append(CompetencyModel.SourceLocation(file: "f.csv", line: line, column: column))
            } else {
                field.append(byte)
            }
        }
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
            wasQuoted = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            if inQuotes {
                if byte == 0x22, next == 0x22 {
                    field.append(0x22)
                    index += 2
                    column += 2
                    continue
                }
                if byte == 0x22 {
                    inQuotes = false
                    wasQuoted = true
                } else {
                    if byte == 0x0A || (byte == 0x0D && next != 0x0A) {
                        line += 1
                        column = 0
                    }
                    append(byte)
                }
            } else if byte == 0x2C {
                endField()
            } else if byte == 0x0D || byte == 0x0A {
                if byte == 0x0D, next == 0x0A { index += 1 }
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((fields, recordLine)) }
                fields = []
                line += 1
                column = 0
                recordLine = line
            } else if byte == 0x22 {
                guard field.isEmpty, !wasQuoted else {
                    return error("a quote inside a field that does not start with one; quote the whole field and double the quote (\"\")", line, column)
                }
                inQuotes = true
                quoteAt = (line, column)
            } else {
                if wasQuoted {
                    return error("text after the closing quote of a field; put it inside the quotes, or add the comma that ends the field", line, column)
                }
                append(byte)
            }
            index += 1
            column += 1
        }
        if inQuotes { return error("a quoted field is not closed: add the closing '\"'", quoteAt.line, quoteAt.column) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append((fields, recordLine))
        }
        guard let header = records.first else { return error("the file is empty; expected a header line", 1, 1) }
        var outcome = Outcome(header: header.fields.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `\t")) })
        for record in records.dropFirst() {
            if record.fields.count > header.fields.count {
                return Outcome(
                    error: "f.csv:\(record.line):1: error: this row has \(record.fields.count) fields, more than the header's \(header.fields.count); "
                        + "quote fields that hold commas, or name the extra columns in the header [csv.column-count]")
            }
            if record.fields.count < header.fields.count { outcome.shortRows.append(record.line) }
            outcome.rows.append(record.fields)
            outcome.lines.append(record.line)
        }
        outcome.controlCharacters = controls
        return outcome
    }

    /// A small deterministic generator, so that a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The pieces inputs are made of: every byte the scanner treats apart, runs of plain
    /// text, multi-byte UTF-8 and the byte order mark.
    static let pieces: [[UInt8]] = [
        [0x2C], [0x22], [0x22, 0x22], [0x0D], [0x0A], [0x0D, 0x0A], [0x09], [0x20], [0x01], [0x1F], [0x7F],
        Array("a".utf8), Array("field".utf8), Array("a longer run of plain text".utf8), Array("é".utf8), Array("Nguyễn".utf8),
        Array("\u{00A0}".utf8), [0xEF, 0xBB, 0xBF],
    ]

    @Test func theScannerReadsAsTheBytewiseReferenceOnGeneratedInputs() {
        var generator = Generator(state: 11)
        var errors = 0
        for round in 0..<4000 {
            var input: [UInt8] = generator.next(8) == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<generator.next(40) { input += Self.pieces[generator.next(Self.pieces.count)] }
            let expected = Self.reference(input)
            if expected.error != nil { errors += 1 }
            #expect(Self.outcome(input) == expected, "round \(round): \(input)")
        }
        // Both outcomes were exercised: tables and errors.
        #expect(errors > 500 && errors < 3500, "\(errors) errors")
    }

    @Test func wellFormedTablesWithQuotedLineBreaksReadAsTheReference() {
        var generator = Generator(state: 5)
        let texts = ["plain", "with, comma", "with \"quote\"", "two\nlines", "cr\r\nlf", "lone\rcr", " spaced ", "", "Trần", "tab\there"]
        for round in 0..<500 {
            var text = "a,b,c\r\n"
            for _ in 0..<generator.next(6) {
                let fields = (0..<(1 + generator.next(3))).map { _ -> String in
                    let value = texts[generator.next(texts.count)]
                    let quote = value.contains(where: { ",\"\r\n".contains($0) }) || generator.next(3) == 0
                    return quote ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
                }
                text += fields.joined(separator: ",") + (generator.next(2) == 0 ? "\r\n" : "\n")
            }
            let input = Array(text.utf8)
            let expected = Self.reference(input)
            #expect(expected.error == nil, "round \(round)")
            #expect(Self.outcome(input) == expected, "round \(round): \(text.debugDescription)")
        }
    }

    @Test func valuesAreTrimmedOfUnicodeWhiteSpaceOnTheBytes() throws {
        let table = try CSVReader.read(Data("a,b,c,d\n  x\t, \u{00A0}y\u{2003} ,\u{00A0},\"\"\n".utf8), file: nil)
        let row = try #require(table.rows.first)
        #expect((0..<4).map { row.value($0) } == ["x", "y", nil, nil])
        #expect(row.value(4) == nil)
        #expect(row.value(nil) == nil)
        #expect(row.hasContent)
        #expect(CSVTable.Row(fields: ["", ""], line: 3).hasContent == false)
        #expect(CSVTable.Row(fields: [" p ", "q"], line: 3).value(0) == "p")
    }

    @Test func aScanStopsWhenAskedAndReportsWhatItSaw() throws {
        var lines: [Int] = []
        var names: [String] = []
        let scan = try CSVReader.scan(Data("h1,h2\n1,2\n3,4\n5,6\n".utf8), file: "s.csv", header: { names = $0 }) { record in
            lines.append(record.line)
            return record.line < 3
        }
        #expect(names == ["h1", "h2"])
        #expect(scan.header == ["h1", "h2"])
        #expect(lines == [2, 3])
    }
}

/// `RosterCSV.streamRoster` hands over the people that `importRoster` holds, with the same
/// report and errors, without keeping them.
@Suite struct RosterCSVStreamTests {
    static let header = "person,name,unit,position,fact,target,level,date,method,value,expires"

    /// A roster with a byte order mark, CRLF line ends, a quoted name across lines with quotes
    /// in it, every kind of fact, and a second, different name (a loss).
    static let roster = "\u{FEFF}" + [
        header,
        "p1,\"Ann \"\"the cook\"\"\nSmith\",U1,official,,,,,,,",
        "p1,,,,attribute,email,,,,ann@example.org,",
        "p1,,,,assessment,C1,L2,2025-01-02,test,,",
        "p1,,,,certificate,first-aid,,2025-01-01,,cert-1,2027-01-01",
        "p1,,,,covers,C1,L1,,,cert-1,",
        "p1,Another name,,,completion,M1,,2025-02-01,,,",
        "p2,Bao,U2,official,,,,,,,",
        "  p2 ,,,,assessment,C2,L1,,,,",
        "",
        "p3,\"Chi, \"\"C\"\"\",U1,,,,,,,,",
    ].joined(separator: "\r\n") + "\r\n"

    static func stream(_ text: String) throws(DiagnosticError) -> (header: Parsed<Roster>?, people: [Person], locations: [CompetencyModel.SourceLocation]) {
        var people: [Person] = []
        var locations: [CompetencyModel.SourceLocation] = []
        let header = try RosterCSV().streamRoster(Data(text.utf8), file: "r.csv", language: "en") { person, location in
            people.append(person)
            locations.append(location)
            return true
        }
        return (header, people, locations)
    }

    static func failure(_ read: () throws(DiagnosticError) -> Void) -> String? {
        do throws(DiagnosticError) {
            try read()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func streamingHandsOverThePeopleOfTheWholeImport() throws {
        let whole = try RosterCSV().importRoster(Data(Self.roster.utf8), file: "r.csv", language: "en")
        let streamed = try Self.stream(Self.roster)
        let header = try #require(streamed.header)
        #expect(whole.value.people.map(\.id) == ["p1", "p2", "p3"])
        #expect(whole.value.people[0].name.variants.first?.value == "Ann \"the cook\"\nSmith")
        #expect(whole.value.people[2].name.variants.first?.value == "Chi, \"C\"")
        #expect(whole.value.people[0].certificates.first?.covers == [Coverage(competency: "C1", level: "L1")])
        #expect(streamed.people == whole.value.people)
        #expect(streamed.locations.map(Optional.init) == whole.value.people.map { whole.sourceMap.location(of: .person($0.id)) })
        #expect(streamed.locations.map(\.line) == [2, 9, 12])
        var withoutPeople = whole.value
        withoutPeople.people = []
        #expect(header.value == withoutPeople)
        #expect(header.value.units.map(\.id) == ["U1", "U2"])
        #expect(header.report == whole.report)
        #expect(header.report.diagnostics().map(\.summary) == [
            "r.csv:8:1: warning: not carried over (1×): a second, different name for a person; the first is kept [csv.conflicting-name]"
        ])
    }

    @Test func aPersonWhoseRowsStandApartIsNotStreamed() throws {
        let text = [Self.header, "p1,Ann,,,,,,,,,", "p2,Bao,,,,,,,,,", "p1,,,,completion,M1,,,,,"].joined(separator: "\n")
        let streamed = try Self.stream(text)
        #expect(streamed.header == nil)
        // p2 was handed over when p1 came back; the stream stops there.
        #expect(streamed.people.map(\.id) == ["p1", "p2"])
        let whole = try RosterCSV().importRoster(Data(text.utf8), file: "r.csv")
        #expect(whole.value.people.map(\.id) == ["p1", "p2"])
        #expect(whole.value.people[0].completions.map(\.module) == ["M1"])
    }

    @Test func readingStopsWhenTheBodySaysSo() throws {
        var seen: [Person.ID] = []
        let header = try RosterCSV().streamRoster(Data(Self.roster.utf8), file: "r.csv") { person, _ in
            seen.append(person.id)
            return false
        }
        #expect(seen == ["p1"])
        #expect(header?.value.people == [])
    }

    @Test func errorsAreThoseOfTheWholeImportWithTheirPlaces() throws {
        let malformed = [
            Self.header, "p1,Ann,U1,,,,,,,,", "p1,,,,assessment,C1,L1,2025-13-45,,,", "p2,Bao,,,,,,,,,", "p2,,,,promotion,,,,,,",
            "bad id,,,,,,,,,,", "p3,Chi,,,,,,,,,",
        ].joined(separator: "\n")
        let expected = [
            "r.csv:3:8: error: '2025-13-45' in column date is not a date of the form YYYY-MM-DD [csv.date]",
            "r.csv:5:5: error: 'promotion' is not a fact; use attribute, assessment, certificate, covers or completion, or leave it empty [csv.fact]",
            "r.csv:6:1: error: 'bad id' is not a valid ID ([A-Za-z_][A-Za-z0-9._-]*) [csv.bad-id]",
        ]
        let whole = Self.failure { () throws(DiagnosticError) in _ = try RosterCSV().importRoster(Data(malformed.utf8), file: "r.csv") }
        #expect(whole?.split(separator: "\n").map(String.init) == expected)
        #expect(Self.failure { () throws(DiagnosticError) in _ = try Self.stream(malformed) } == whole)

        // A syntax error in the middle of the file, after people were handed over.
        let broken = [Self.header, "p1,Ann,,,,,,,,,", "p2,Bao,,,,,,,,,", "p3,Chi \"C\",,,,,,,,,", "p4,Dung,,,,,,,,,"].joined(separator: "\r\n")
        let syntax = "r.csv:4:8: error: a quote inside a field that does not start with one; quote the whole field and double the quote (\"\") [csv.syntax]"
        #expect(Self.failure { () throws(DiagnosticError) in _ = try RosterCSV().importRoster(Data(broken.utf8), file: "r.csv") } == syntax)
        #expect(Self.failure { () throws(DiagnosticError) in _ = try Self.stream(broken) } == syntax)

        let notARoster = "name,unit\nAnn,U1\n"
        let header = "r.csv:1:1: error: this CSV file is not a CompetencyKit roster: its header must start with person,name,unit,position,fact [csv.roster-header]"
        #expect(Self.failure { () throws(DiagnosticError) in _ = try RosterCSV().importRoster(Data(notARoster.utf8), file: "r.csv") } == header)
        #expect(Self.failure { () throws(DiagnosticError) in _ = try Self.stream(notARoster) } == header)
    }
}
