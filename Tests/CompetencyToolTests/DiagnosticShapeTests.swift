import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// Every verb prints findings in one shape, and `validate` goes on past vocabulary errors.
@Suite struct DiagnosticShapeTests {
    static let draft = "Fixtures/validation/draft.xml"

    @Test func validateReportsSchemaErrorsAndSemanticFindingsInOneRun() throws {
        let run = try Tool.run(["validate", Self.draft])
        #expect(run.status == 1)
        #expect(
            run.stdout == """
                Fixtures/validation/draft.xml:2:1: error: '2026-02-30' in issued on <framework> is not a date; write YYYY-MM-DD [schema.invalid-date]
                <framework xmlns="urn:competencykit:1" id="draft" version="1.0.0" issued="2026-02-30">
                ^
                Fixtures/validation/draft.xml:12:7: error: unexpected element <statment> inside <competency>; expected one of <title>, <description>, <statement>, <competency>, <descriptor>, <relation>, <match> [schema.unexpected-element]
                      <statment>Search for data and content.</statment>
                      ^
                Fixtures/validation/draft.xml:12:7: note: did you mean <statement>?
                Fixtures/validation/draft.xml:16:5: error: unknown competency 'C1.2': no competency has this ID; correct the reference or define the competency [validation.unknown-reference]
                    <requirement competency="C1.2" level="L2"/>
                    ^
                Fixtures/validation/draft.xml:16:5: note: did you mean 'C1.1'?
                3 errors, 0 warnings, 0 notes

                """)
        #expect(run.stderr.isEmpty)
    }

    @Test func jsonAndSARIFCarryTheSameFindings() throws {
        let json = try Tool.run(["validate", Self.draft, "--format", "json"])
        #expect(json.status == 1)
        let report = try JSONDecoder().decode(JSONReport.self, from: Data(json.stdout.utf8))
        #expect(report.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.id) \($0.rule ?? "-")" } == [
            "2:1 schema.invalid-date schema", "12:7 schema.unexpected-element schema",
            "16:5 validation.unknown-reference unknown-reference",
        ])
        #expect(report.errors == 3)
        let fix = try #require(report.diagnostics[2].fixIts.first)
        #expect(fix.replacement == "C1.1" && fix.original == "C1.2")
        #expect(report.diagnostics[1].fixIts.map(\.replacement) == ["statement"])

        let sarif = try Tool.run(["validate", Self.draft, "--format", "sarif"])
        #expect(sarif.status == 1)
        let log = try JSONDecoder().decode(SARIF.Log.self, from: Data(sarif.stdout.utf8))
        let results = log.runs[0].results
        #expect(results.map(\.ruleId) == ["schema", "schema", "unknown-reference"])
        #expect(results.map(\.properties?.id) == ["schema.invalid-date", "schema.unexpected-element", "validation.unknown-reference"])
        // The suggestion replaces the characters of 'C1.2' in `competency="C1.2"` on line 16.
        let replacement = try #require(results[2].fixes?.first?.artifactChanges.first?.replacements.first)
        #expect(replacement.deletedRegion == SARIF.Region(startLine: 16, startColumn: 30, endLine: 16, endColumn: 34))
        #expect(replacement.insertedContent?.text == "C1.1")
        #expect(results[2].fixes?.first?.artifactChanges.first?.artifactLocation.uri == Self.draft)
        // The misspelt element is renamed in its start and its end tag.
        let rename = try #require(results[1].fixes?.first?.artifactChanges.first?.replacements)
        #expect(rename.map(\.deletedRegion) == [
            SARIF.Region(startLine: 12, startColumn: 8, endLine: 12, endColumn: 16),
            SARIF.Region(startLine: 12, startColumn: 47, endLine: 12, endColumn: 55),
        ])
        let rules = log.runs[0].tool.driver.rules
        #expect(rules.count == RuleCatalog.all.count)
        #expect(rules.allSatisfy { $0.helpUri?.hasSuffix("/Documentation/Rules.md#\($0.id)") == true })
        #expect(rules.first { $0.id == "unknown-reference" }?.defaultConfiguration.level == "error")
    }

    /// `plan`, `coverage`, `show` and `convert` print what they find in the shape `validate` uses.
    @Test func otherVerbsPrintTheSameShape() throws {
        let wrongKind = try Tool.run(["plan", "--framework", "Fixtures/sample/roster.xml", "--roster", "Fixtures/sample/roster.xml"])
        #expect(wrongKind.status == 1)
        #expect(wrongKind.stderr == "Fixtures/sample/roster.xml:1:1: error: this is a roster (native XML); expected a framework (native XML or JSON, CASE, MedBiquitous, CTDL-ASN, ESCO, SFIA or Moodle CSV) [document.wrong-kind]\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n^\n")

        let coverage = try Tool.run(["coverage", "--framework", Self.draft, "--roster", "Fixtures/sample/roster.xml"])
        #expect(coverage.status == 1)
        #expect(
            coverage.stderr.hasPrefix(
                "Fixtures/validation/draft.xml:2:1: error: '2026-02-30' in issued on <framework> is not a date; write YYYY-MM-DD [schema.invalid-date]\n<framework "))

        let show = try Tool.run(["show", "Fixtures/validation/missing.xml"])
        #expect(show.status == 2)
        #expect(show.stderr == "Fixtures/validation/missing.xml: error: no such file; check the path [io.no-such-file]\n")

        let convert = try Tool.run(["convert", "Fixtures/validation/missing.xml", "--to", "json"])
        #expect(convert.status == 2)
        #expect(convert.stderr == show.stderr)

        let folder = try Tool.run(["validate", "Fixtures/validation"])
        #expect(folder.status == 2)
        #expect(folder.stderr == "Fixtures/validation: error: this is a folder; give a file [io.is-folder]\n")
    }

    /// Applying every SARIF fix to the draft, as a code-scanning service would, repairs what
    /// had a suggestion: the date is left, and the requirement, now on a real competency, is
    /// found to have no module that teaches it.
    @Test func applyingTheSARIFFixesRepairsTheDraft() throws {
        let sarif = try Tool.run(["validate", Self.draft, "--format", "sarif"])
        let log = try JSONDecoder().decode(SARIF.Log.self, from: Data(sarif.stdout.utf8))
        var lines = try String(contentsOf: Fixtures.url("validation/draft.xml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let replacements = log.runs[0].results.flatMap { $0.fixes ?? [] }.flatMap(\.artifactChanges).flatMap(\.replacements)
        #expect(replacements.count == 3)
        // From the last to the first, so that earlier columns stay valid.
        for replacement in replacements.sorted(by: {
            ($0.deletedRegion.startLine, $0.deletedRegion.startColumn) > ($1.deletedRegion.startLine, $1.deletedRegion.startColumn)
        }) {
            let region = replacement.deletedRegion
            #expect(region.endLine == region.startLine)
            let line = region.startLine - 1
            let range = (region.startColumn - 1)..<((region.endColumn ?? region.startColumn) - 1)
            lines[line].replaceSubrange(range, with: Array((replacement.insertedContent?.text ?? "").unicodeScalars))
        }
        let repaired = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        let file = try Tool.temporaryFile("draft.xml", repaired)
        let again = try Tool.run(["validate", file.lastPathComponent], in: file.deletingLastPathComponent())
        #expect(again.status == 1)
        #expect(again.stdout.hasPrefix("draft.xml:2:1: error: '2026-02-30' in issued on <framework> is not a date"))
        #expect(!again.stdout.contains("schema.unexpected-element") && !again.stdout.contains("validation.unknown-reference"))
        #expect(again.stdout.contains("draft.xml:16:5: warning: no module teaches competency 'C1.1' up to level 'L2'"))
        #expect(again.stdout.hasSuffix("1 error, 1 warning, 0 notes\n"))
    }

    @Test func planReportsUnknownPeopleAsDiagnostics() throws {
        let run = try Tool.run(["plan", "--person", "nobody"])
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("Fixtures/sample/roster.xml: error: no person 'nobody' on the roster [assignment.unknown-person]\n"))
    }
}

/// Characters XML cannot hold never reach an XML output: importers replace them and say so.
@Suite struct ControlCharacterTests {
    @Test func everyImportRepairsThemAndTheXMLReadsBack() throws {
        let inputs: [(String, String, String)] = [
            ("p.case.json", #"{"CFDocument": {"identifier": "d", "title": "a\u0000b\fc", "creator": "x"}, "CFItems": []}"#, "case.control-character"),
            ("f.json", #"{"framework":{"description":[],"domains":[],"extensions":{},"id":"f","modules":[],"positions":[],"publisher":[],"rules":[],"scales":[],"title":[{"language":"","value":"a\u0001b\\u0001"}]}}"#, "json.control-character"),
            ("r.csv", "person,name,unit,position,fact,target,level,date,method,value,expires\np1,A\u{1B}nn,U1,official,,,,,,,\n", "csv.control-character"),
        ]
        for (name, text, id) in inputs {
            let file = try Tool.temporaryFile(name, text)
            let run = try Tool.run(["convert", file.path, "--to", "xml"])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(run.stderr.contains("note: repaired (") && run.stderr.contains("control characters that XML cannot hold, replaced with U+FFFD [\(id)]"), "\(name)")
            #expect(run.stdout.contains("\u{FFFD}"), "\(name)")
            let back = try Tool.temporaryFile("back.xml", run.stdout)
            let show = try Tool.run(["show", back.path])
            #expect(show.status == 0, "\(name): \(show.stderr)")
        }
    }
}
