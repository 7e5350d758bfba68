import CompetencyModel
import CompetencyDiagnostics

/// `draft-in-published`: a published framework holds draft competencies.
public struct DraftInPublishedRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "draft-in-published",
        name: "Draft in published",
        summary: "A framework whose status is `published` holds a competency whose status is `draft`.",
        rationale: """
            Publishing a framework tells platforms they may assess and train people against \
            it. A draft competency inside it is not ready for that: publish it, or leave it \
            out of the published version.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(
                body: """
                      <domain id="D1">
                        <competency id="C1.1" status="published"><title>Searching</title></competency>
                        ↓<competency id="C1.2" status="draft"><title>Evaluating</title></competency>
                      </domain>
                    """, attributes: #" status="published""#)
        ],
        nonTriggeringExamples: [
            .framework(
                body: """
                      <domain id="D1">
                        <competency id="C1.2" status="draft"><title>Evaluating</title></competency>
                      </domain>
                    """, attributes: #" status="draft""#)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        guard context.framework.status == .published else { return [] }
        return context.competencies.filter { $0.competency.status == .draft }.map { entry in
            diagnostic(
                "competency '\(entry.competency.id)' is a draft in a published framework; publish it, or leave it out",
                about: .competency(entry.competency.id), occurrence: entry.occurrence, in: context)
        }
    }
}
