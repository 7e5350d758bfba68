import CompetencyModel
import CompetencyDiagnostics

/// `requires-cycle`: `requires` relations form a cycle.
public struct RequiresCycleRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "requires-cycle",
        name: "Requires cycle",
        summary: "`requires` relations between competencies form a cycle; the message lists it.",
        rationale: """
            `requires` says which competency must come first. In a cycle every competency \
            waits for another, so no learning path can start. One of the relations in the \
            cycle is wrong (often it should be `related`): remove or retype it. A relation \
            from a competency to itself is `self-relation`.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title>
                      ↓<relation type="requires" target="C1.2"/>
                    </competency>
                    <competency id="C1.2"><title>Evaluating</title>
                      <relation type="related" target="C1.1"/>
                      <relation type="requires" target="C1.1"/>
                    </competency>
                  </domain>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title>
                      <relation type="requires" target="C1.2"/>
                    </competency>
                    <competency id="C1.2"><title>Evaluating</title>
                      <relation type="related" target="C1.1"/>
                    </competency>
                  </domain>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var nodes: [Competency.ID] = []
        var requires: [Competency.ID: [(target: Competency.ID, relation: Int)]] = [:]
        for entry in context.competencies where entry.occurrence == 0 {
            nodes.append(entry.competency.id)
            for (offset, relation) in entry.competency.relations.enumerated() where relation.type == .requires {
                requires[entry.competency.id, default: []].append((relation.target, offset))
            }
        }
        let cycles = CycleFinder.cycles(nodes: nodes, selfLoops: false) { requires[$0]?.map(\.target) ?? [] }
        return cycles.compactMap { cycle in
            guard let start = cycle.first else { return nil }
            func relation(_ step: CycleFinder.Step<Competency.ID>) -> Subject {
                .relation(step.node, index: requires[step.node]?[step.edge].relation ?? step.edge)
            }
            let names = cycle.map(\.node.rawValue)
            let notes = zip(cycle, cycle.dropFirst() + cycle.prefix(1)).dropFirst().map { step, next in
                context.note("'\(step.node)' requires '\(next.node)' here", about: relation(step))
            }
            return diagnostic(
                "competencies require each other in a cycle: \(Phrase.cycle(names)); remove or retype one of these `requires` relations",
                about: relation(start), in: context, notes: Array(notes))
        }
    }
}
