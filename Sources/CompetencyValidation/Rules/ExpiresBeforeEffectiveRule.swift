import CompetencyModel
import CompetencyDiagnostics

/// `expires-before-effective`: a rule expires before it takes effect.
public struct ExpiresBeforeEffectiveRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "expires-before-effective",
        name: "Expires before effective",
        summary: "An assignment rule's `expires` date is before its `effective` date.",
        rationale: """
            Such a rule is never in effect, so it never selects anyone and its requirements \
            are silently ignored. One of the two dates is mistyped.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  ↓<rule id="R-basic" effective="2026-01-01" expires="2025-12-31">
                    <applies-to><always/></applies-to>
                  </rule>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <rule id="R-basic" effective="2026-01-01" expires="2026-01-01">
                    <applies-to><always/></applies-to>
                  </rule>
                  <rule id="R-open" effective="2026-01-01">
                    <applies-to><always/></applies-to>
                  </rule>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        context.rules.compactMap { entry in
            guard let effective = entry.value.effective, let expires = entry.value.expires, expires < effective else { return nil }
            return diagnostic(
                "rule '\(entry.value.id)' expires on \(expires), before it takes effect on \(effective), so it never applies; "
                    + "correct one of the dates",
                about: .rule(entry.value.id), occurrence: entry.occurrence, in: context)
        }
    }
}
