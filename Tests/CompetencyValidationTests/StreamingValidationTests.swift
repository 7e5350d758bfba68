import CompetencyKit
import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import Foundation
import Testing

/// A roster checked as it streams gives exactly the findings of the roster read whole.
@Suite struct StreamingValidationTests {
    static func whole(_ roster: String, framework: Parsed<Framework>?) throws -> [Diagnostic] {
        let (document, _) = try ReadDocument.read(.file(roster))
        return Validator().validate(document, framework: framework)
    }

    static func streamed(_ roster: String, framework: Parsed<Framework>?) throws -> [Diagnostic] {
        try #require(try Validator().validateStreaming(.file(roster), framework: framework))
    }

    @Test func theMixedFixtureGivesTheSameFindingsStreamedAndWhole() throws {
        let framework = try DocumentSource.file(Fixtures.url("assignment/framework.xml").path).readFramework()
        let path = Fixtures.url("validation/roster-streaming.xml").path
        let whole = try Self.whole(path, framework: framework)
        let streamed = try Self.streamed(path, framework: framework)
        #expect(streamed == whole)
        let summary = streamed.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.id)" }
        #expect(
            summary == [
                "3:1 validation.empty-text", "7:5 validation.duplicate-id", "12:3 validation.unknown-reference",
                "13:5 validation.assessment-in-future", "14:5 validation.unknown-reference", "16:3 validation.duplicate-id",
                "17:5 validation.duplicate-id", "19:3 schema.unknown-attribute", "19:3 validation.invalid-id",
                "19:3 validation.empty-text", "20:5 validation.unknown-reference", "21:5 validation.level-not-defined",
                "24:3 validation.duplicate-id", "24:3 validation.unknown-reference", "25:5 validation.certificate-dates",
                "26:5 validation.duplicate-id",
            ], "\(streamed.map(\.description))")
        // Notes point back at the first person and the first certificate, in other parts of the stream.
        let duplicates = streamed.filter { $0.id == .validation("duplicate-id") }
        #expect(duplicates.map { $0.notes.map { $0.location.map { "\($0.line):\($0.column)" } ?? "-" } } == [["5:3"], ["9:3"], ["10:5"], ["9:3"], ["10:5"]])
    }

    /// Every rule example with a roster, checked both ways.
    @Test(arguments: ExampleCase.all.filter { $0.example.roster != nil })
    func ruleExamplesGiveTheSameFindings(_ example: ExampleCase) throws {
        let folder = try Scratch.folder("streaming")
        defer { try? FileManager.default.removeItem(at: folder) }
        let frameworkText = RuleExample.stripMarkers(example.example.framework).text
        let rosterText = RuleExample.stripMarkers(try #require(example.example.roster)).text
        let frameworkPath = folder.appendingPathComponent("framework.xml").path
        let rosterPath = folder.appendingPathComponent("roster.xml").path
        try Data(frameworkText.utf8).write(to: URL(fileURLWithPath: frameworkPath))
        try Data(rosterText.utf8).write(to: URL(fileURLWithPath: rosterPath))
        let framework = try? DocumentSource.file(frameworkPath).readFramework()
        #expect(try Self.streamed(rosterPath, framework: framework) == Self.whole(rosterPath, framework: framework))
    }

    /// Units after the people cannot be checked as the people stream: the caller is told to
    /// read the roster whole.
    @Test func unitsAfterPeopleAreLeftToTheWholeCheck() throws {
        let folder = try Scratch.folder("streaming")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("roster.xml").path
        try Data(
            """
            <roster xmlns="urn:competencykit:1" framework="mini" as-of="2026-01-15">
              <person id="p1" unit="HQ"/>
              <unit id="HQ"><title>Headquarters</title></unit>
            </roster>
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        #expect(try Validator().validateStreaming(.file(path), framework: nil) == nil)
        let framework = DocumentSource.file(Fixtures.url("assignment/framework.xml").path)
        let (diagnostics, _) = try Validator().validate(sources: [.file(path)], framework: framework)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    /// The schema check of a file streams: its findings equal those of the same bytes in
    /// memory, lone CRs and columns included.
    @Test func theSchemaCheckOfAFileEqualsTheCheckInMemory() throws {
        let folder = try Scratch.folder("streaming")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "<roster xmlns=\"urn:competencykit:1\" framework=\"mini\">\r  <person id=\"p1\">\r\n    <colour/>\r  </person>\r"
            + String(repeating: "  <person id=\"p2\"><assessment competency=\"C1\" level=\"L1\" date=\"2025-01-01\"/></person>\r", count: 3000)
            + "  <person id=\"p3\" hue=\"1\"/>\r</roster>\r"
        let path = folder.appendingPathComponent("roster.xml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let fromFile = SchemaValidator.validate(contentsOf: URL(fileURLWithPath: path), file: "roster.xml")
        let inMemory = SchemaValidator.validate(Data(text.utf8), file: "roster.xml")
        #expect(fromFile == inMemory)
        #expect(fromFile.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == ["3:5", "3005:3"], "\(fromFile)")
    }
}
