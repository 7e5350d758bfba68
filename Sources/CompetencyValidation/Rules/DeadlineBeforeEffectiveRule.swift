import CompetencyModel
import CompetencyDiagnostics

/// `deadline-before-effective`: a rule's requirement is due before the rule takes effect.
public struct DeadlineBeforeEffectiveRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "deadline-before-effective",
        name: "Deadline before effective",
        summary: "A rule's requirement is due (`by`) before the rule takes effect (`effective`).",
        rationale: """
            People selected by the rule would be overdue on the day the rule starts, which \
            is never what the author meant: one of the two dates is wrong.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                  </domain>
                  <rule id="R-basic" effective="2026-01-01">
                    <applies-to><always/></applies-to>
                    ↓<requirement domain="D1" level="L1" by="2025-12-31"/>
                  </rule>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                  </domain>
                  <rule id="R-basic" effective="2026-01-01">
                    <applies-to><always/></applies-to>
                    <requirement domain="D1" level="L1" by="2026-12-31"/>
                    <requirement domain="D1" level="L2"/>
                  </rule>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in context.rules {
            guard let effective = entry.value.effective else { continue }
            for (offset, requirement) in entry.value.requirements.enumerated() {
                guard let deadline = requirement.by, deadline < effective else { continue }
                found.append(
                    diagnostic(
                        "the requirement is due on \(deadline), before rule '\(entry.value.id)' takes effect on \(effective); "
                            + "correct the deadline or the rule's `effective` date",
                        about: .requirement(.rule(entry.value.id), index: offset), occurrence: entry.occurrence, in: context,
                        notes: [context.note("rule '\(entry.value.id)' takes effect on \(effective)", about: .rule(entry.value.id), occurrence: entry.occurrence)]))
            }
        }
        return found
    }
}
