import CompetencyModel
import CompetencyDiagnostics

/// `self-relation`: a relation targets its own competency.
public struct SelfRelationRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "self-relation",
        name: "Self relation",
        summary: "A relation targets its own competency.",
        rationale: """
            A competency that requires, replaces or is broader than itself says nothing, and \
            a `requires` relation to itself can never be satisfied first. Point the relation \
            at the competency it was meant for, or remove it.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title>
                      ↓<relation type="requires" target="C1.1"/>
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
                    <competency id="C1.2"><title>Evaluating</title></competency>
                  </domain>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in context.competencies {
            let competency = entry.competency
            for (offset, relation) in competency.relations.enumerated() where relation.target == competency.id {
                found.append(
                    diagnostic(
                        "competency '\(competency.id)' has a `\(relation.type.rawValue)` relation to itself; "
                            + "point it at another competency, or remove it",
                        about: .relation(competency.id, index: offset), occurrence: entry.occurrence, in: context))
            }
        }
        return found
    }
}
