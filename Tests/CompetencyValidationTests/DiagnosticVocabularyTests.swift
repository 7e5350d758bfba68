import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// One `Diagnostic` from every source of findings, and errors that say what, where and what to do.
@Suite struct DiagnosticVocabularyTests {
    @Test func identifiersReadAndWriteAsDomainDotCode() throws {
        let id = try #require(DiagnosticID("xml.unclosed-element"))
        #expect(id == .xml("unclosed-element") && id.description == "xml.unclosed-element")
        #expect(DiagnosticID("nodot") == nil && DiagnosticID(".x") == nil && DiagnosticID("x.") == nil)
        let encoded = try JSONEncoder().encode([DiagnosticID.validation("duplicate-id")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["validation.duplicate-id"]"#)
        #expect(try JSONDecoder().decode([DiagnosticID].self, from: encoded) == [.validation("duplicate-id")])
        #expect([DiagnosticID.validation("empty-domain"), .xml("syntax"), .xml("unsafe"), .schema("xsd"), .io("no-such-file")].map(\.rule)
            == ["empty-domain", "xml-syntax", "unsafe-xml", "schema", nil])
        #expect(DiagnosticSeverity.allCases.sorted() == [.remark, .note, .warning, .error])
    }

    @Test func thrownErrorsDescribeThemselvesWithTheirLocation() throws {
        let xml = "<framework xmlns=\"urn:competencykit:1\" id=\"f\">\n  <domain id=\"D\">\n</framework>\n"
        let expected =
            "broken.xml:2:3: error: element <domain> is not closed: </framework> on line 3 comes first; add </domain> before it [xml.unclosed-element]"
        do {
            _ = try XMLReader().readFramework(Data(xml.utf8), file: "broken.xml")
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == expected)
            #expect(error.localizedDescription == expected)
            #expect((error as any Error).localizedDescription == expected)
        }
        do {
            _ = try DocumentSource.file("/nonexistent/f.xml").readFramework()
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription == "/nonexistent/f.xml: error: no such file; check the path [io.no-such-file]")
            #expect(error.isUnusable)
        }
        do {
            _ = try CASEImporter().importFramework(Data("{\"CFDocument\": ]".utf8), file: "bad.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription == "bad.json:1:16: error: the JSON is malformed: unexpected character (at $.CFDocument) [json.syntax]")
        }
    }

    @Test func kindMismatchesNameBothKinds() throws {
        let roster = Data(#"<roster xmlns="urn:competencykit:1"/>"#.utf8)
        #expect(throws: DiagnosticError([.wrongKind(found: "a roster", expected: "a framework", file: "r.xml")])) {
            try XMLReader().readFramework(roster, file: "r.xml")
        }
        #expect(
            DiagnosticError([.wrongKind(found: "a roster", expected: "a framework", file: "r.xml")]).description
                == "r.xml:1:1: error: this is a roster; expected a framework [document.wrong-kind]")
        #expect(throws: DiagnosticError([.wrongKind(found: "a roster", expected: "a plan", file: "r.xml")])) {
            try XMLReader().readPlan(roster, file: "r.xml")
        }
    }

    /// Recovery keeps what can be read and marks what could not; without it, the same
    /// document is refused.
    @Test func theReaderRecoversFromVocabularyErrorsOnlyWhenAsked() throws {
        let xml = """
            <framework xmlns="urn:competencykit:1" id="f" issued="2026-13-01">
              <domain id="D1"><colour>red</colour><competency id="C1"/></domain>
            </framework>
            """
        #expect(throws: DiagnosticError.self) { try XMLReader().readFramework(Data(xml.utf8), file: "f.xml") }
        let parsed = try XMLReader(options: .init(recover: true)).readFramework(Data(xml.utf8), file: "f.xml")
        #expect(parsed.value.issued == nil)
        #expect(parsed.value.domains.map(\.competencies.count) == [1])
        #expect(parsed.diagnostics.map(\.summary) == [
            "f.xml:1:1: error: '2026-13-01' in issued on <framework> is not a date; write YYYY-MM-DD [schema.invalid-date]",
            "f.xml:2:19: error: unexpected element <colour> inside <domain>; expected one of <title>, <description>, <competency> [schema.unexpected-element]",
        ])
        // Errors in the bytes are never recovered from.
        #expect(throws: DiagnosticError.self) {
            try XMLReader(options: .init(recover: true)).readFramework(Data("<framework xmlns=\"urn:competencykit:1\" id=\"f\">".utf8))
        }
    }

    @Test func rosterChecksStreamPersonByPerson() throws {
        let framework = try XMLReader().readFramework(contentsOf: Fixtures.url("assignment/framework.xml")).value
        var check = RosterReferenceCheck(framework: FrameworkIndex(framework))
        let person = Person(
            id: "p1", unit: "NOWHERE", position: "pilot", completions: [Completion(module: "M-nope")])
        let found = check.check(person, at: SourceLocation(file: "r.xml", line: 3, column: 3))
        #expect(found.map(\.summary) == [
            "r.xml:3:3: error: person 'p1': unknown position 'pilot': no position has this ID; correct the reference or define the position [validation.unknown-reference]",
            "r.xml:3:3: error: person 'p1': a completion: unknown module 'M-nope': no module has this ID; correct the reference or define the module [validation.unknown-reference]",
        ])
        #expect(check.finish(units: UnitTree(units: [OrgUnit(id: "NA")])).map(\.message) == [
            "person 'p1': unknown unit 'NOWHERE': no unit has this ID; correct the reference or define the unit"
        ])
        #expect(check.failed == ["p1"])
        var lenient = RosterReferenceCheck(framework: FrameworkIndex(framework), lenient: true)
        let warning = try #require(lenient.check(person, at: SourceLocation(line: 1, column: 1)).first)
        #expect(warning.severity == .warning && warning.message.hasSuffix("; the person is skipped"))
    }

    @Test func lossReportsBecomeDiagnostics() {
        var report = LossReport(domain: "case")
        report.loss("position", "positions: CASE has no place for them", at: SourceLocation(file: "f.xml", line: 3, column: 3))
        report.loss("position", "positions: CASE has no place for them", at: SourceLocation(file: "f.xml", line: 9, column: 3))
        report.fixUp("case-missing-full-statement", "items without a fullStatement were given their title")
        let diagnostics = report.diagnostics(strict: true, file: "f.xml")
        #expect(diagnostics.map(\.description) == [
            "f.xml:3:3: error: not carried over (2×): positions: CASE has no place for them [case.position]\nnote: also at 9:3",
            "f.xml: note: repaired (1×): items without a fullStatement were given their title [case.missing-full-statement]",
        ])
    }
}

/// Suggestions cost a bounded amount whatever the input.
@Suite struct SuggestionBoundTests {
    @Test func aHugeDanglingReferenceGetsNoSuggestionAndNoHang() {
        let long = String(repeating: "a", count: 200_000)
        var framework = Framework(id: "f")
        framework.domains = [Domain(id: "D1", competencies: [Competency(id: Competency.ID(long))])]
        framework.positions = [
            Position(id: "p", requirements: [Requirement(.competency(Competency.ID(long + "b")), level: "L1")])
        ]
        let findings = Validator(rules: [UnknownReferenceRule.self]).validate(framework)
        #expect(findings.count == 1)
        #expect(findings.first?.id == .validation("unknown-reference"))
        #expect(findings.first?.fixIts.isEmpty == true)
    }

    @Test func shortMisspellingsStillGetOne() {
        #expect(Suggestion.nearest(to: "C1.3", among: ["C1.1", "C2.2"]) == "C1.1")
        #expect(Suggestion.nearest(to: String(repeating: "x", count: Suggestion.maxLength + 1), among: ["x"]) == nil)
        let many = (0..<20_000).map { "candidate-\($0)" }
        // 'candidate-19999' is one edit away but past the cap; the best among the first 5,000 is two away.
        #expect(Suggestion.nearest(to: "candidate-19999x", among: many) == "candidate-1999")
        #expect(Suggestion.nearest(to: "candidate-10x", among: many) == "candidate-10")
    }
}

/// What a diagnostic echoes is bounded and cannot drive a terminal.
@Suite struct BoundedEchoTests {
    @Test func aLongSourceLineIsCutAroundTheColumn() {
        let line = String(repeating: "a", count: 1_000) + "<x/>" + String(repeating: "b", count: 1_000)
        let report = Report(
            diagnostics: [.error(.schema("unexpected-element"), "unexpected element <x>", at: SourceLocation(file: "f.xml", line: 1, column: 1_001))],
            sources: ["f.xml": line])
        let lines = TextReporter(counts: false).render(report).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "f.xml:1:1001: error: unexpected element <x> [schema.unexpected-element]")
        #expect(lines[1] == "…" + String(repeating: "a", count: 100) + "<x/>" + String(repeating: "b", count: 96) + "…")
        #expect(lines[2] == String(repeating: " ", count: 101) + "^")
        #expect(lines[1].count == 202)
    }

    @Test func controlCharactersAreShownEscaped() {
        let report = Report(
            diagnostics: [.error(.csv("bad-id"), "'\u{1B}[31mred' is not a valid ID", at: SourceLocation(file: "r.csv", line: 1, column: 4))],
            sources: ["r.csv": "id,\u{1B}[31mred\u{0},x"])
        let text = TextReporter(counts: false).render(report)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0 })
        #expect(text == """
            r.csv:1:4: error: '\\u{1B}[31mred' is not a valid ID [csv.bad-id]
            id,\\u{1B}[31mred\\u{0},x
               ^

            """)
    }
}

extension DiagnosticID {
    fileprivate static func csv(_ code: String) -> DiagnosticID { DiagnosticID(domain: "csv", code: code) }
}
