import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// `convert` streams native rosters to XML, JSON and CSV; the bytes and the loss report must
/// be those of converting the whole roster.
@Suite struct StreamingConvertTests {
    /// A roster whose people carry content of two other namespaces, one of them bound first by
    /// a later person, with units, a title and people without any records.
    static func foreignRoster() throws -> URL {
        var roster = try XMLReader().readRoster(Data(contentsOf: Fixtures.url("assignment/roster.xml"))).value
        roster.people[1].extensions = Extensions(
            attributes: [ForeignAttribute(namespace: "urn:example:hr", prefix: "hr", name: "grade", value: "A1")],
            elements: [
                Extensions.Placed(
                    position: 0,
                    element: ForeignElement(
                        namespace: "urn:example:notes", prefix: "n", name: "note", attributes: [], children: [.text("seen & noted")]))
            ])
        roster.people[2].extensions = Extensions(attributes: [
            ForeignAttribute(namespace: "urn:example:notes", prefix: "other", name: "flag", value: "1"),
            ForeignAttribute(namespace: "urn:example:third", name: "plain", value: "x"),
        ])
        roster.people.append(Person(id: "p-empty"))
        // Quotes, backslashes, slashes and non-ASCII text, which the direct JSON writer escapes
        // as the encoder does; a control character, which it leaves to the encoder.
        roster.people.append(
            Person(
                id: "p-text", uri: "https://example.org/people/1", unit: "HQ",
                name: LocalizedText([.init(language: "", value: "Trần \"Bé\" \\ Ánh/1"), .init(language: "vi", value: "Ánh")]),
                attributes: [PersonAttribute(name: "note", value: "a/b \"c\"")],
                certificates: [
                    Certificate(
                        id: "c1", uri: "urn:c1", kind: "digital-basic", issued: ISODate("2025-01-01"), expires: ISODate("2027-01-01"),
                        title: "Basic", covers: [Coverage(competency: "C1", level: "L2")])
                ]))
        roster.people.append(Person(id: "p-tab", name: LocalizedText([.init(language: "", value: "tab\there")])))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-convert-\(UUID().uuidString).xml")
        try XMLWriter().write(.roster(roster), to: url)
        return url
    }

    @Test(arguments: ["sample/roster.xml", "assignment/roster.xml", "format-examples/roster.xml", ""])
    func streamingGivesTheBytesOfTheWholeRoster(path: String) throws {
        let url = path.isEmpty ? try Self.foreignRoster() : Fixtures.url(path)
        defer { if path.isEmpty { try? FileManager.default.removeItem(at: url) } }
        let source = DocumentSource.file(url.path)
        let whole = try XMLReader().read(Data(contentsOf: url), file: url.path)
        for format in [InterchangeFormat.xml, .json, .csv] {
            #expect(StreamingRosterExport.applies(to: source, as: format))
            var streamed = Data()
            let result = try StreamingRosterExport.export(source, as: format) { streamed.append($0) }
            let expected = try DocumentExporter().export(whole.value, sourceMap: whole.sourceMap, as: format, file: url.path)
            #expect(streamed == expected.data, "\(format) of \(path)")
            #expect(result.report.diagnostics(file: url.path) == expected.report.diagnostics(file: url.path), "\(format) of \(path)")
            // Read once: the same bytes, except that XML must declare the other namespaces of
            // the foreign roster's people on its root, which one reading cannot know in time.
            var once = Data()
            let onceResult = try StreamingRosterExport.exportReadingOnce(source, as: format) { once.append($0) }
            if path.isEmpty && format == .xml {
                #expect(onceResult == nil)
            } else {
                #expect(once == expected.data, "\(format) of \(path), read once")
                #expect(onceResult?.report.diagnostics(file: url.path) == expected.report.diagnostics(file: url.path), "\(format) of \(path)")
                #expect(onceResult?.diagnostics == result.diagnostics)
            }
        }
    }

    /// Rosters whose output cannot be written in one reading: something that goes before the
    /// people in the output comes after the first person.
    static let lateHeads = [
        // A unit after the first person.
        """
        <roster xmlns="urn:competencykit:1"><unit id="U1"/><person id="p1" unit="U1"/>\
        <unit id="U2"><title>Late</title></unit><person id="p2" unit="U2"/></roster>
        """,
        // The title after the first person.
        """
        <roster xmlns="urn:competencykit:1"><person id="p1"><name>Ann</name></person><title>Staff</title></roster>
        """,
    ]

    @Test(arguments: 0..<2)
    func aLateHeadIsReadTwice(index: Int) throws {
        let folder = try Scratch.folder("streaming-late")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("roster.xml")
        try Data(Self.lateHeads[index].utf8).write(to: url)
        let whole = try XMLReader().read(Data(contentsOf: url), file: url.path)
        guard case .roster(let roster) = whole.value else { throw CocoaError(.fileReadCorruptFile) }
        #expect(roster.people.count == (index == 0 ? 2 : 1))
        for format in [InterchangeFormat.xml, .json, .csv] {
            var written = Data()
            #expect(try StreamingRosterExport.exportReadingOnce(.file(url.path), as: format) { written.append($0) } == nil, "\(format)")
            // The tool drops what it wrote and reads twice: the file holds what standard output shows.
            let out = folder.appendingPathComponent("out.\(format.rawValue)")
            let toFile = try Tool.run(["convert", url.path, "--to", format.rawValue, "-o", out.path])
            let toStdout = try Tool.run(["convert", url.path, "--to", format.rawValue])
            #expect(toFile.status == 0 && toStdout.status == 0, "\(toFile.stderr)")
            #expect(try Data(contentsOf: out) == Data(toStdout.stdout.utf8), "\(format)")
            #expect(try Data(contentsOf: out) == DocumentExporter().export(whole.value, sourceMap: whole.sourceMap, as: format, file: url.path).data)
            #expect(toFile.stderr == toStdout.stderr)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["out.csv", "out.json", "out.xml", "roster.xml"])
    }

    /// Read once, a roster broken after many people is found broken only at the end: the
    /// target keeps what it held, and the errors are those of reading twice.
    @Test func aRosterBrokenAtTheEndLeavesTheTargetAsItWas() throws {
        let folder = try Scratch.folder("streaming-broken")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("roster.xml")
        var text = try String(contentsOf: Fixtures.url("sample/roster.xml"), encoding: .utf8)
        text = String(text[..<text.range(of: "</roster>")!.lowerBound]) + "<person id=\"late\"><assessment competency=\"C1.1\" level=\"L2\" date=\"2026-02-30\"/></person>\n</roster>\n"
        try Data(text.utf8).write(to: url)
        let out = folder.appendingPathComponent("out.json")
        for format in ["json", "xml", "csv"] {
            try Data("previous\n".utf8).write(to: out)
            let toFile = try Tool.run(["convert", url.path, "--to", format, "-o", out.path])
            let toStdout = try Tool.run(["convert", url.path, "--to", format])
            #expect(toFile.status == 1 && toStdout.status == 1)
            #expect(toFile.stderr == toStdout.stderr)
            #expect(toStdout.stdout == "", "nothing is written when reading twice")
            #expect(toFile.stderr.contains("2026-02-30"), "\(toFile.stderr)")
            #expect(try String(contentsOf: out, encoding: .utf8) == "previous\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["out.json", "roster.xml"])
        }
    }

    /// Roster CSVs: one whose people's rows stand together (streamed), one where they do not
    /// (read whole), both with a byte order mark, CRLF, a quoted name across lines, a short row,
    /// a control character and a second name, so that the import's own report comes first.
    static let csvRosters = [
        "\u{FEFF}person,name,unit,position,fact,target,level,date,method,value,expires\r\n"
            + "p1,\"Ann \"\"A\"\"\nSmith\",U1,official,,,,,,,\r\np1,,,,assessment,C1,L2,2025-01-02,test,,\r\n"
            + "p1,Other,,,certificate,first-aid,,2025-01-01,,c1,2027-01-01\r\np1,,,,covers,C1,L1,,,c1,\r\n"
            + "p2,B\u{01}o,U2,official,,,,,,,\r\np2,,,,completion,M1,,2025-02-01\r\np3,Chi,U1,,,,,,,,\r\n",
        "person,name,unit,position,fact,target,level,date,method,value,expires\n"
            + "p1,Ann,U1,official,,,,,,,\np2,Bao,U2,,,,,,,,\np1,,,,attribute,email,,,,ann@example.org,\n",
    ]

    @Test(arguments: 0..<2)
    func aRosterCSVStreamsToTheBytesOfTheWholeRoster(index: Int) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-csv-\(UUID().uuidString).csv")
        try Data(Self.csvRosters[index].utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = DocumentSource.file(url.path)
        let whole = try RosterCSV().importRoster(Data(contentsOf: url), file: url.path)
        #expect(whole.value.people.count == (index == 0 ? 3 : 2))
        for format in [InterchangeFormat.xml, .json, .csv] {
            #expect(StreamingRosterExport.applies(to: source, as: format))
            var streamed = Data()
            let result = try StreamingRosterExport.export(source, as: format) { streamed.append($0) }
            let expected = try DocumentExporter().export(.roster(whole.value), sourceMap: whole.sourceMap, as: format, file: url.path)
            var report = whole.report
            report.merge(expected.report)
            #expect(streamed == expected.data, "\(format) of roster \(index)")
            #expect(result.report.diagnostics(file: url.path) == report.diagnostics(file: url.path), "\(format) of roster \(index)")
            if index == 0 { #expect(result.report.entries.map(\.kind).starts(with: ["csv-control-character", "csv-short-row", "csv-conflicting-name"])) }
        }
        // The tool writes the same bytes and says the same.
        let out = url.deletingPathExtension().appendingPathExtension("xml")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try Tool.run(["convert", url.path, "--to", "xml", "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: out) == DocumentExporter().export(.roster(whole.value), sourceMap: whole.sourceMap, as: .xml, file: url.path).data)
        #expect(run.stderr.contains("[csv.conflicting-name]") == (index == 0))
    }

    @Test func aFrameworkIsNotStreamed() throws {
        let source = DocumentSource.file(Fixtures.url("sample/framework.xml").path)
        #expect(!StreamingRosterExport.applies(to: source, as: .json))
        #expect(!StreamingRosterExport.applies(to: .file(Fixtures.url("sample/roster.xml").path), as: .case))
    }

    @Test func theToolStreamsARosterToAFile() throws {
        let folder = try Scratch.folder("streaming-convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("roster.json")
        let result = try Tool.run(["convert", "Fixtures/sample/roster.xml", "--to", "json", "-o", out.path])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let roster = try JSONDecoder().decode(CompetencyDocument.self, from: Data(contentsOf: out))
        let expected = try XMLReader().read(Data(contentsOf: Fixtures.url("sample/roster.xml"))).value
        #expect(roster == expected)
    }
}

/// `plan --format xml` writes people as their plans are made; the bytes must be those of
/// writing the whole plan at once.
@Suite struct StreamingPlanTests {
    @Test func theStreamedPlanIsTheWholePlan() throws {
        let framework = Fixtures.url("sample/framework.xml").path
        let roster = Fixtures.url("sample/roster.xml").path
        let input = try PlanningInput.load(framework: .file(framework), roster: .file(roster))
        var plans: [PersonPlan] = []
        try input.forEachEvaluation { plans.append($0.plan) }
        let whole = XMLWriter().write(
            Plan(framework: input.framework.id, version: input.framework.version, asOf: input.assigner.asOf, people: plans))
        let result = try Tool.run(["plan", "--framework", framework, "--roster", roster, "--format", "xml"])
        #expect(result.status == 0)
        #expect(plans.count > 100)
        #expect(Data(result.stdout.utf8) == whole)
    }

    @Test func anEmptyStreamedPlanClosesItsRoot() {
        var bytes: [UInt8] = []
        var writer = XMLWriter.StreamingPlan(header: Plan(framework: "f", version: "1.0.0", asOf: ISODate("2026-01-01"))) {
            bytes += $0
        }
        writer.finish()
        #expect(Data(bytes) == XMLWriter().write(Plan(framework: "f", version: "1.0.0", asOf: ISODate("2026-01-01"))))
    }
}
