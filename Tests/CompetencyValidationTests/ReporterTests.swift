import CompetencyModel
import CompetencyDiagnostics
import Foundation
import Testing

@testable import CompetencyDiagnostics
@testable import CompetencyValidation

@Suite struct ReporterTests {
    static let source = """
        <framework xmlns="urn:competencykit:1" id="f">
          <position id="official">
        \t<requirement competency="C1.3" level="L2"/>
          </position>
          <position id="official"/>
        </framework>
        """

    static let diagnostics = [
        Diagnostic(
            id: .validation("unknown-reference"), severity: .error,
            message: "unknown competency 'C1.3': no competency has this ID; correct the reference or define the competency",
            location: SourceLocation(file: "f.xml", line: 3, column: 2), subject: .requirement(.position("official"), index: 0),
            fixIts: [.didYouMean("C1.2", for: "C1.3")]),
        Diagnostic(
            id: .validation("duplicate-id"), severity: .error,
            message: "duplicate position ID 'official': another position already has it; give each position its own ID",
            location: SourceLocation(file: "f.xml", line: 5, column: 3), subject: .position("official"),
            notes: [Diagnostic.Note(message: "the first position 'official' is here", location: SourceLocation(file: "f.xml", line: 2, column: 3), subject: .position("official"))]),
        Diagnostic(id: .validation("empty-domain"), severity: .warning, message: "domain 'D2' holds no competency; add its competencies, or remove it", subject: .domain("D2")),
    ]

    static var report: Report { Report(diagnostics: diagnostics, rules: RuleCatalog.descriptors, sources: ["f.xml": source]) }

    @Test func sourceLinesEndAtLFCRLFOrALoneCRAndAreFoundInAnyOrder() {
        var lines = SourceLines(["f": "a\r\nbé\rc\nd\n", "empty": ""], excerpts: ["cut": [7: "seventh"]])
        // A later line first: the file is scanned that far, and the earlier lines are at hand.
        #expect(lines.line(4, of: "f") == "d")
        #expect(lines.line(1, of: "f") == "a")
        #expect(lines.line(2, of: "f") == "bé")
        #expect(lines.line(3, of: "f") == "c")
        // After the last break, an empty line; past it, none.
        #expect(lines.line(5, of: "f") == "")
        #expect(lines.line(6, of: "f") == nil)
        #expect(lines.line(0, of: "f") == nil)
        #expect(lines.line(1, of: "empty") == "")
        #expect(lines.line(2, of: "empty") == nil)
        // A file known only by excerpts.
        #expect(lines.line(7, of: "cut") == "seventh")
        #expect(lines.line(1, of: "cut") == nil)
    }

    @Test func writesTextLikeACompilerWithSourceLinesAndCarets() {
        let expected = """
            f.xml:3:2: error: unknown competency 'C1.3': no competency has this ID; correct the reference or define the competency [validation.unknown-reference]
            \t<requirement competency="C1.3" level="L2"/>
            \t^
            f.xml:3:2: note: did you mean 'C1.2'?
            f.xml:5:3: error: duplicate position ID 'official': another position already has it; give each position its own ID [validation.duplicate-id]
              <position id="official"/>
              ^
            f.xml:2:3: note: the first position 'official' is here
              <position id="official">
              ^
            domain 'D2': warning: domain 'D2' holds no competency; add its competencies, or remove it [validation.empty-domain]
            2 errors, 1 warning, 0 notes

            """
        #expect(TextReporter().render(Self.report) == expected)
    }

    @Test func coloursTextOnlyWhenAsked() {
        let one = Report(diagnostics: [Self.diagnostics[2]])
        #expect(!TextReporter().render(one).contains("\u{1B}"))
        #expect(TextReporter(colour: true).render(one).hasPrefix("\u{1B}[1mdomain 'D2':\u{1B}[0m \u{1B}[1;35mwarning:\u{1B}[0m"))
    }

    @Test func writesNothingInTextForACleanReport() {
        #expect(TextReporter().render(Report(diagnostics: [])) == "")
    }

    @Test func writesOneJSONObjectWithCounts() throws {
        let output = JSONReporter().render(Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 2)
        #expect(object["warnings"] as? Int == 1)
        #expect(object["notes"] as? Int == 0)
        let entries = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(entries.count == 3)
        #expect(
            Set(entries[0].keys) == ["id", "rule", "severity", "message", "file", "line", "column", "subject", "notes", "fixIts"])
        #expect(entries[0]["id"] as? String == "validation.unknown-reference")
        #expect(entries[0]["rule"] as? String == "unknown-reference")
        #expect(entries[0]["line"] as? Int == 3)
        #expect(entries[0]["subject"] as? String == "requirement 1 of position 'official'")
        let fixIt = try #require((entries[0]["fixIts"] as? [[String: Any]])?.first)
        #expect(fixIt["message"] as? String == "did you mean 'C1.2'?")
        #expect(fixIt["replacement"] as? String == "C1.2")
        #expect(fixIt["original"] as? String == "C1.3")
        #expect(entries[2]["file"] is NSNull && entries[2]["line"] is NSNull && (entries[2]["fixIts"] as? [Any])?.isEmpty == true)
        let notes = try #require(entries[1]["notes"] as? [[String: Any]])
        #expect(notes.first?["line"] as? Int == 2)
        #expect(notes.first?["message"] as? String == "the first position 'official' is here")
        let decoded = try JSONDecoder().decode(JSONReport.self, from: Data(output.utf8))
        #expect(decoded.diagnostics[1].notes == [JSONReport.Note(message: "the first position 'official' is here", file: "f.xml", line: 2, column: 3)])
    }

    /// The structural check of the SARIF 2.1.0 shape: version, runs, tool.driver with rules,
    /// results with ruleId, level and physicalLocation.
    @Test func writesSARIF210WithRulesResultsAndLocations() throws {
        let output = SARIFReporter().render(Self.report)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "competency")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == RuleCatalog.descriptions.map(\.identifier))
        let duplicateRule = try #require(rules.first { $0["id"] as? String == "duplicate-id" })
        #expect((duplicateRule["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        #expect((duplicateRule["shortDescription"] as? [String: Any])?["text"] as? String == DuplicateIDRule.description.summary)
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["unknown-reference", "duplicate-id", "empty-domain"])
        #expect(results.map { $0["level"] as? String } == ["error", "error", "warning"])
        #expect(results[1]["ruleIndex"] as? Int == RuleCatalog.descriptions.firstIndex { $0.identifier == "duplicate-id" })
        let location = try #require((results[1]["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "f.xml")
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 5)
        #expect((physical["region"] as? [String: Any])?["startColumn"] as? Int == 3)
        let related = try #require(results[1]["relatedLocations"] as? [[String: Any]])
        #expect(((related[0]["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int == 2)
        let logical = try #require((results[2]["locations"] as? [[String: Any]])?.first?["logicalLocations"] as? [[String: Any]])
        #expect(logical.first?["fullyQualifiedName"] as? String == "domain 'D2'")
        #expect(results.map { ($0["properties"] as? [String: Any])?["id"] as? String } == [
            "validation.unknown-reference", "validation.duplicate-id", "validation.empty-domain",
        ])
        // The suggestion is a fix: replace the characters of 'C1.3' (line 3, columns 27 to 31) with 'C1.2'.
        let fix = try #require((results[0]["fixes"] as? [[String: Any]])?.first)
        #expect((fix["description"] as? [String: Any])?["text"] as? String == "did you mean 'C1.2'?")
        let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
        #expect((change["artifactLocation"] as? [String: Any])?["uri"] as? String == "f.xml")
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        let deleted = try #require(replacement["deletedRegion"] as? [String: Any])
        #expect(deleted["startLine"] as? Int == 3 && deleted["startColumn"] as? Int == 27)
        #expect(deleted["endLine"] as? Int == 3 && deleted["endColumn"] as? Int == 31)
        #expect((replacement["insertedContent"] as? [String: Any])?["text"] as? String == "C1.2")
        #expect(results[1]["fixes"] == nil)
        // Every rule links its section of the catalogue page.
        #expect(
            duplicateRule["helpUri"] as? String
                == "https://github.com/competencykit/competencykit/blob/main/Documentation/Rules.md#duplicate-id")
        #expect((duplicateRule["properties"] as? [String: Any])?["informationUri"] as? String == duplicateRule["helpUri"] as? String)
        #expect(rules.allSatisfy { ($0["helpUri"] as? String)?.hasSuffix("Rules.md#" + ($0["id"] as? String ?? "?")) == true })
        let decoded = try JSONDecoder().decode(SARIF.Log.self, from: Data(output.utf8))
        #expect(decoded.runs[0].results.count == 3)
    }

    @Test func listsTheCatalogueAsText() {
        let text = RuleDocumentation.text()
        let lines = text.split(separator: "\n")
        #expect(lines.count == RuleCatalog.all.count)
        #expect(lines[3] == "duplicate-id               error    Two entities of one kind share an ID; a note shows where the first one is.")
    }
}
