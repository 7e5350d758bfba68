import CompetencyModel
import CompetencyDiagnostics

/// `extends-cycle`: positions `extends` each other in a cycle.
public struct ExtendsCycleRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "extends-cycle",
        name: "Extends cycle",
        summary: "Positions `extends` each other in a cycle; the message lists it.",
        rationale: """
            `extends` inherits every requirement of another position, along a chain. In a \
            cycle the chain never ends, and which requirements a position has depends on \
            where one starts reading. Break the cycle by removing one `extends`.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  ↓<position id="official" extends="it-officer"/>
                  <position id="it-officer" extends="official"/>
                  ↓<position id="clerk" extends="clerk"/>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <position id="official"/>
                  <position id="it-officer" extends="official"/>
                  <position id="it-lead" extends="it-officer"/>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        let index = context.index
        func parent(_ id: Position.ID) -> [Position.ID] {
            guard let parent = index.position(id)?.extends, index.contains(position: parent) else { return [] }
            return [parent]
        }
        var nodes: [Position.ID] = []
        var seen: Set<Position.ID> = []
        for entry in context.positions where seen.insert(entry.value.id).inserted { nodes.append(entry.value.id) }
        return CycleFinder.cycles(nodes: nodes, selfLoops: true, edges: parent).compactMap { cycle in
            guard let start = cycle.first else { return nil }
            let notes = zip(cycle, cycle.dropFirst() + cycle.prefix(1)).dropFirst().map { step, next in
                context.note("'\(step.node)' extends '\(next.node)' here", about: .position(step.node))
            }
            return diagnostic(
                "positions extend each other in a cycle: \(Phrase.cycle(cycle.map(\.node.rawValue))); remove one of these `extends`",
                about: .position(start.node), in: context, notes: Array(notes))
        }
    }
}
