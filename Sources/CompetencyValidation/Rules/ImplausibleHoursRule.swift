import CompetencyDiagnostics
import CompetencyModel

/// `implausible-hours`: a module lasts longer than anyone could study.
public struct ImplausibleHoursRule: Rule {
    public init() {}

    /// Hours from which a module's length is taken for a mistake: more than 100 years of
    /// full-time study.
    public static let threshold: Double = 1_000_000

    public static let description = RuleDescription(
        identifier: "implausible-hours",
        name: "Implausible hours",
        summary: "A training module lasts 1,000,000 hours or more, or cannot be planned with at all.",
        rationale: """
            Planning chooses the modules of least total hours, so a module's length decides \
            who is sent to it. A length of a million hours is a slip of the keyboard (a date, \
            a code or minutes typed as hours); beyond \(Int(TrainingModule.maxHours)) hours, or \
            with a length that is not a number, the module cannot be assigned at all and the \
            people who need it are reported as having no module.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                  </domain>
                  ↓<module id="M-search" hours="2000000">
                    <teaches competency="C1.1" level="L1"/>
                  </module>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                  </domain>
                  <module id="M-search" hours="12.5">
                    <teaches competency="C1.1" level="L1"/>
                  </module>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        context.modules.compactMap { entry in
            let module = entry.value
            let message: String
            if !module.hours.isFinite || module.hours < 0 || module.hours > TrainingModule.maxHours {
                message =
                    "module '\(module.id)' lasts \(module.hours) hours, which planning cannot use: it is never assigned, "
                    + "and the people who need it are reported as having no module; give its real length"
            } else if module.hours >= Self.threshold {
                message =
                    "module '\(module.id)' lasts \(Int(module.hours)) hours, more than 100 years of full-time study; check the value"
            } else {
                return nil
            }
            return diagnostic(message, about: .module(module.id), occurrence: entry.occurrence, in: context)
        }
    }
}
