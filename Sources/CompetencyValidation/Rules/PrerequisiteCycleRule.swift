import CompetencyModel
import CompetencyDiagnostics

/// `prerequisite-cycle`: module prerequisites form a cycle.
public struct PrerequisiteCycleRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "prerequisite-cycle",
        name: "Prerequisite cycle",
        summary: "Module prerequisites form a cycle; the message lists it.",
        rationale: """
            A prerequisite must be taken first. In a cycle no module of the cycle can ever be \
            taken, so plans that need any of them cannot be scheduled. Remove one of the \
            prerequisites.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <module id="M-basics" hours="2">
                    ↓<prerequisite module="M-safety"/>
                  </module>
                  <module id="M-safety" hours="4">
                    <prerequisite module="M-basics"/>
                  </module>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <module id="M-basics" hours="2"/>
                  <module id="M-safety" hours="4">
                    <prerequisite module="M-basics"/>
                  </module>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var nodes: [TrainingModule.ID] = []
        var prerequisites: [TrainingModule.ID: [TrainingModule.ID]] = [:]
        for entry in context.modules where entry.occurrence == 0 {
            nodes.append(entry.value.id)
            prerequisites[entry.value.id] = entry.value.prerequisites.map(\.module)
        }
        let cycles = CycleFinder.cycles(nodes: nodes, selfLoops: true) { prerequisites[$0] ?? [] }
        return cycles.compactMap { cycle in
            guard let start = cycle.first else { return nil }
            func subject(_ step: CycleFinder.Step<TrainingModule.ID>) -> Subject {
                .prerequisite(step.node, index: step.edge)
            }
            let notes = zip(cycle, cycle.dropFirst() + cycle.prefix(1)).dropFirst().map { step, next in
                context.note("'\(step.node)' needs '\(next.node)' first here", about: subject(step))
            }
            return diagnostic(
                "modules are each other's prerequisites in a cycle: \(Phrase.cycle(cycle.map(\.node.rawValue))); "
                    + "remove one of these prerequisites",
                about: subject(start), in: context, notes: Array(notes))
        }
    }
}
