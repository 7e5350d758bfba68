import CompetencyModel
import CompetencyDiagnostics
import Foundation
import Testing

@testable import CompetencyValidation

@Suite struct CatalogueTests {
    /// The identifiers of issue 3's table, in its order, which integrators key on.
    static let requiredIdentifiers = [
        "xml-syntax", "schema", "unsafe-xml", "duplicate-id", "unknown-reference", "invalid-id", "invalid-version",
        "scale-rank-order", "band-not-contiguous", "level-not-defined", "missing-descriptor", "duplicate-descriptor",
        "missing-translation", "empty-text", "empty-domain", "duplicate-title", "self-relation", "requires-cycle",
        "extends-cycle", "prerequisite-cycle", "conflicting-requirement", "unteachable-requirement",
        "module-teaches-nothing", "deadline-before-effective", "draft-in-published", "deprecated-reference",
        "assessment-in-future", "certificate-dates",
    ]

    @Test func hasEveryRequiredRuleWithItsDefaultSeverity() {
        let catalogue = RuleCatalog.descriptions
        #expect(catalogue.map(\.identifier).filter(Self.requiredIdentifiers.contains) == Self.requiredIdentifiers)
        #expect(catalogue.map(\.identifier).filter { !Self.requiredIdentifiers.contains($0) } == ["implausible-hours", "expires-before-effective"])
        #expect(Set(catalogue.map(\.identifier)).count == catalogue.count)
        let warnings: Set = [
            "band-not-contiguous", "missing-descriptor", "duplicate-descriptor", "missing-translation", "empty-domain",
            "duplicate-title", "conflicting-requirement", "unteachable-requirement", "module-teaches-nothing",
            "draft-in-published", "deprecated-reference", "assessment-in-future", "implausible-hours",
        ]
        for rule in catalogue {
            #expect(rule.defaultSeverity == (warnings.contains(rule.identifier) ? .warning : .error), "\(rule.identifier)")
        }
    }

    @Test func everyRuleHasDocumentationAndExamples() {
        for rule in RuleCatalog.descriptions {
            #expect(!rule.name.isEmpty && !rule.summary.isEmpty && !rule.rationale.isEmpty, "\(rule.identifier)")
            #expect(!rule.triggeringExamples.isEmpty, "\(rule.identifier) has no triggering example")
            #expect(!rule.nonTriggeringExamples.isEmpty, "\(rule.identifier) has no non-triggering example")
            for example in rule.triggeringExamples {
                let markers = RuleExample.stripMarkers(example.framework).markers.count
                    + (example.roster.map { RuleExample.stripMarkers($0).markers.count } ?? 0)
                #expect(markers > 0, "\(rule.identifier): a triggering example has no marker")
            }
        }
    }

    @Test func findsRulesByIdentifier() {
        #expect(RuleCatalog.rule("duplicate-id") == DuplicateIDRule.self)
        #expect(RuleCatalog.rule("no-such-rule") == nil)
    }

    @Test func stripsMarkersAndRecordsWhereTheyStood() {
        let (text, markers) = RuleExample.stripMarkers("<a>\n  ↓<b/>↓<c/>\n↓<d/>")
        #expect(text == "<a>\n  <b/><c/>\n<d/>")
        #expect(markers.map { "\($0.line):\($0.column)" } == ["2:3", "2:7", "3:1"])
    }
}
