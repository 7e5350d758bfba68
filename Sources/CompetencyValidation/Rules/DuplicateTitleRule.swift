import CompetencyModel
import CompetencyDiagnostics

/// `duplicate-title`: two competencies of one domain share a title.
public struct DuplicateTitleRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "duplicate-title",
        name: "Duplicate title",
        summary: "Two competencies of one domain share a title in one language (ignoring case and spacing).",
        rationale: """
            People pick competencies by title, in self-assessments, reports and course \
            catalogues. Two with one title in one domain cannot be told apart, and usually \
            one of them is a copy that was never renamed, or the two should be merged.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching data</title></competency>
                    ↓<competency id="C1.2"><title>searching  Data</title></competency>
                  </domain>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching data</title></competency>
                    <competency id="C1.2"><title>Evaluating data</title></competency>
                  </domain>
                  <domain id="D2">
                    <competency id="C2.1"><title>Searching data</title></competency>
                  </domain>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        struct Key: Hashable {
            var domain: Domain.ID
            var language: String
            var title: String
        }
        var first: [Key: CompetencyEntry] = [:]
        for entry in context.competencies {
            for variant in entry.competency.title.variants {
                let normalized = variant.value.normalizedForComparison
                guard !normalized.isEmpty else { continue }
                let key = Key(domain: entry.domain, language: variant.language, title: normalized)
                guard let earlier = first[key] else {
                    first[key] = entry
                    continue
                }
                found.append(
                    diagnostic(
                        "competency '\(entry.competency.id)' has the same title as competency '\(earlier.competency.id)' "
                            + "in domain '\(entry.domain)' (\"\(variant.value.trimmingSpaces)\"); give each a distinct title, or merge them",
                        about: .competency(entry.competency.id), occurrence: entry.occurrence, in: context,
                        notes: [
                            context.note(
                                "competency '\(earlier.competency.id)' is here", about: .competency(earlier.competency.id),
                                occurrence: earlier.occurrence)
                        ]))
                break
            }
        }
        return found
    }
}
