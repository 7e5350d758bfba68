import CompetencyModel
import CompetencyDiagnostics

/// `empty-domain`: a domain holds no competency.
public struct EmptyDomainRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "empty-domain",
        name: "Empty domain",
        summary: "A domain holds no competency.",
        rationale: """
            A requirement on an empty domain requires nothing, and an empty domain in a \
            published framework reads as unfinished. Add the domain's competencies, or remove \
            it.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                  ↓<domain id="D2">
                    <title>Communication</title>
                  </domain>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="D2">
                    <title>Communication</title>
                    <competency id="C2.1"><title>Interacting</title></competency>
                  </domain>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        context.domains.filter { $0.value.competencies.isEmpty }.map { entry in
            diagnostic(
                "domain '\(entry.value.id)' holds no competency; add its competencies, or remove it",
                about: .domain(entry.value.id), occurrence: entry.occurrence, in: context)
        }
    }
}
