import CompetencyModel
import CompetencyDiagnostics

/// `deprecated-reference`: something references a deprecated or retired competency.
public struct DeprecatedReferenceRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "deprecated-reference",
        name: "Deprecated reference",
        summary: "A relation, requirement, teaches or level predicate names a deprecated or retired competency.",
        rationale: """
            A deprecated competency is on its way out; requiring or teaching it keeps people \
            training for something the framework no longer wants. Refer to the competency \
            that replaces it (suggested when a `replaced-by` or `replaces` relation says \
            which). A `replaces` relation and references from other deprecated competencies \
            are fine.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.0" status="deprecated"><title>Using search engines</title>
                      <relation type="replaced-by" target="C1.1"/>
                    </competency>
                    <competency id="C1.1"><title>Searching</title>
                      <relation type="replaces" target="C1.0"/>
                    </competency>
                  </domain>
                  <position id="official">
                    ↓<requirement competency="C1.0" level="L1"/>
                  </position>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.0" status="deprecated"><title>Using search engines</title>
                      <relation type="replaced-by" target="C1.1"/>
                    </competency>
                    <competency id="C1.1"><title>Searching</title>
                      <relation type="replaces" target="C1.0"/>
                    </competency>
                  </domain>
                  <position id="official">
                    <requirement competency="C1.1" level="L1"/>
                  </position>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        let index = context.index
        func isOld(_ id: Competency.ID) -> Bool {
            guard let status = index.status(of: id) else { return false }
            return status == .deprecated || status == .retired
        }
        var replacement: [Competency.ID: Competency.ID] = [:]
        for entry in context.competencies {
            for relation in entry.competency.relations {
                switch relation.type {
                case .replacedBy where replacement[entry.competency.id] == nil && !isOld(relation.target):
                    replacement[entry.competency.id] = relation.target
                case .replaces where replacement[relation.target] == nil && !isOld(entry.competency.id):
                    replacement[relation.target] = entry.competency.id
                default: break
                }
            }
        }
        var found: [Diagnostic] = []
        func report(_ id: Competency.ID, _ subject: Subject, _ occurrence: Int) {
            guard isOld(id), let status = index.status(of: id) else { return }
            found.append(
                diagnostic(
                    "competency '\(id)' is \(status.rawValue); refer to the competency that replaces it, or remove the reference",
                    about: subject, occurrence: occurrence, in: context,
                    fix: replacement[id].map { Diagnostic.FixIt(message: "use '\($0)', which replaces it", replacement: $0.rawValue, original: id.rawValue) }))
        }
        for entry in context.competencies where !isOld(entry.competency.id) {
            for (offset, relation) in entry.competency.relations.enumerated() where relation.type != .replaces {
                report(relation.target, .relation(entry.competency.id, index: offset), entry.occurrence)
            }
        }
        for site in context.requirements {
            if case .competency(let id) = site.target, site.competencySlot != nil {
                report(id, site.subject, site.occurrence)
            }
        }
        for entry in context.modules {
            for (offset, teaching) in entry.value.teaches.enumerated() {
                report(teaching.competency, .teaches(entry.value.id, index: offset), entry.occurrence)
            }
        }
        for entry in context.rules {
            var predicates = [entry.value.appliesTo] + (entry.value.exemptIf.map { [$0] } ?? [])
            while let predicate = predicates.popLast() {
                switch predicate {
                case .all(let operands), .any(let operands): predicates += operands.reversed()
                case .not(let operand): predicates.append(operand)
                case .level(let competency, _): report(competency, .rule(entry.value.id), entry.occurrence)
                default: break
                }
            }
        }
        return found
    }
}
