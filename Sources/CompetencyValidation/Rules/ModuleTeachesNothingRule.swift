import CompetencyModel
import CompetencyDiagnostics

/// `module-teaches-nothing`: a module teaches no competency.
public struct ModuleTeachesNothingRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "module-teaches-nothing",
        name: "Module teaches nothing",
        summary: "A training module has no `teaches`.",
        rationale: """
            Modules are assigned to close gaps in competencies. One that teaches nothing is \
            never assigned, however useful it is: say which levels of which competencies it \
            brings a learner up to.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                  ↓<module id="M-welcome" hours="1">
                    <title>Welcome session</title>
                  </module>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                  </domain>
                  <module id="M-search" hours="2">
                    <teaches competency="C1.1" level="L1"/>
                  </module>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        context.modules.filter { $0.value.teaches.isEmpty }.map { entry in
            diagnostic(
                "module '\(entry.value.id)' teaches no competency, so it is never assigned; add the levels it teaches with <teaches>",
                about: .module(entry.value.id), occurrence: entry.occurrence, in: context)
        }
    }
}
