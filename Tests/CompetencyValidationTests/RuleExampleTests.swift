import CompetencyKit
import CompetencyModel
import CompetencyDiagnostics
import Foundation
import Testing

/// One example of one rule.
struct ExampleCase: Sendable, CustomTestStringConvertible {
    var rule: RuleDescription
    var index: Int
    var triggering: Bool
    var example: RuleExample

    var testDescription: String { "\(rule.identifier) \(triggering ? "triggering" : "non-triggering") example \(index + 1)" }

    static var all: [ExampleCase] {
        RuleCatalog.descriptions.flatMap { rule in
            rule.triggeringExamples.enumerated().map { ExampleCase(rule: rule, index: $0.offset, triggering: true, example: $0.element) }
                + rule.nonTriggeringExamples.enumerated().map {
                    ExampleCase(rule: rule, index: $0.offset, triggering: false, example: $0.element)
                }
        }
    }
}

/// Reads an example's documents (without markers) as `framework.xml` and `roster.xml` and
/// validates them as the tool does; returns every finding and where the markers stood.
func run(_ example: RuleExample) throws -> (diagnostics: [Diagnostic], markers: Set<CompetencyModel.SourceLocation>) {
    let validator = Validator()
    let framework = RuleExample.stripMarkers(example.framework)
    let frameworkDocument = try ReadDocument(Data(framework.text.utf8), file: "framework.xml")
    var diagnostics = validator.validate(frameworkDocument)
    var markers = Set(framework.markers.map { CompetencyModel.SourceLocation(file: "framework.xml", line: $0.line, column: $0.column) })
    if let rosterText = example.roster {
        let roster = RuleExample.stripMarkers(rosterText)
        let rosterDocument = try ReadDocument(Data(roster.text.utf8), file: "roster.xml")
        var parsedFramework: Parsed<Framework>?
        if let parsed = frameworkDocument.parsed, case .framework(let value) = parsed.value {
            parsedFramework = Parsed(value: value, sourceMap: parsed.sourceMap)
        }
        diagnostics += validator.validate(rosterDocument, framework: parsedFramework)
        markers.formUnion(roster.markers.map { CompetencyModel.SourceLocation(file: "roster.xml", line: $0.line, column: $0.column) })
    }
    return (diagnostics, markers)
}

@Suite struct RuleExampleTests {
    /// Every example of every rule: a triggering example yields findings of its rule exactly
    /// at its markers; a non-triggering one yields none.
    @Test(arguments: ExampleCase.all)
    func ruleExample(_ example: ExampleCase) throws {
        let (diagnostics, markers) = try run(example.example)
        let findings = diagnostics.filter { $0.rule == example.rule.identifier }
        if example.triggering {
            #expect(!findings.isEmpty, "no \(example.rule.identifier) finding; got \(diagnostics.map(\.rule))")
            #expect(findings.allSatisfy { $0.severity == example.rule.defaultSeverity })
            let locations = Set(findings.compactMap(\.location))
            #expect(
                locations == markers,
                "findings at \(locations.sorted().map(\.description)), markers at \(markers.sorted().map(\.description)): \(findings.map(\.message))")
        } else {
            #expect(findings.isEmpty, "unexpected: \(findings.map { "\($0.location?.description ?? "-"): \($0.message)" })")
        }
    }
}
