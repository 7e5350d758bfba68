import CompetencyModel
import CompetencyDiagnostics

/// `unknown-reference`: a reference names nothing of the expected kind.
public struct UnknownReferenceRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "unknown-reference",
        name: "Unknown reference",
        summary: "A reference names nothing of the expected kind; the nearest existing ID is suggested.",
        rationale: """
            A requirement, relation, module or predicate that names a competency, domain, \
            position, scale or module that does not exist is silently ignored by assignment: \
            people are not trained for it and nobody notices. Rosters are checked against \
            their framework: a person's unit and position, the competencies of assessments \
            and certificates, and completed modules must all exist.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                    <competency id="C1.2"><title>Evaluating</title>
                      ↓<relation type="requires" target="C1.3"/>
                    </competency>
                  </domain>
                  <position id="official">
                    ↓<requirement competency="C1.3" level="L2"/>
                    ↓<requirement domain="D2" level="L2"/>
                  </position>
                  ↓<position id="it-officer" extends="oficial"/>
                """),
            .framework(body: """
                  <module id="M1" hours="2">
                    ↓<prerequisite module="M2"/>
                  </module>
                  ↓<rule id="R1">
                    <applies-to><position ref="nobody"/></applies-to>
                  </rule>
                """),
            .roster(body: """
                  <unit id="NA"/>
                  ↓<person id="p1" unit="NB" position="oficial">
                    ↓<assessment competency="C1.3" level="L1"/>
                    ↓<completion module="M2"/>
                  </person>
                """),
            .roster(body: #"  <unit id="NA"/>"#, frameworkID: "na-digital", marked: true),
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title>
                      <relation type="requires" target="C1.2"/>
                    </competency>
                    <competency id="C1.2"><title>Evaluating</title></competency>
                  </domain>
                  <position id="official">
                    <requirement domain="D1" level="L2"/>
                  </position>
                  <position id="it-officer" extends="official"/>
                """),
            .roster(body: """
                  <unit id="NA"/>
                  <person id="p1" unit="NA" position="official">
                    <assessment competency="C1.1" level="L1"/>
                    <completion module="M1"/>
                  </person>
                """),
        ]
    )

    static func message(kind: String, id: String) -> String {
        "unknown \(kind) '\(id)': no \(kind) has this ID; correct the reference or define the \(kind)"
    }

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        let index = context.index
        var found: [Diagnostic] = []
        var memo = SuggestionMemo()
        let competencyIDs = { context.competencies.map(\.competency.id.rawValue) }
        func report(_ kind: String, _ id: String, _ subject: Subject, _ occurrence: Int, _ candidates: () -> [String]) {
            let fix = memo.nearest(to: id, kind: kind, candidates: candidates).map { Diagnostic.FixIt.didYouMean($0, for: id) }
            found.append(diagnostic(Self.message(kind: kind, id: id), about: subject, occurrence: occurrence, in: context, fix: fix))
        }
        for entry in context.competencies {
            let competency = entry.competency
            if let scale = competency.scale, !index.contains(scale: scale) {
                report("scale", scale.rawValue, .competency(competency.id), entry.occurrence) {
                    context.framework.scales.map(\.id.rawValue)
                }
            }
            for (offset, relation) in competency.relations.enumerated() where !index.contains(competency: relation.target) {
                report("competency", relation.target.rawValue, .relation(competency.id, index: offset), entry.occurrence, competencyIDs)
            }
        }
        for site in context.requirements {
            switch site.target {
            case .competency(let id) where site.competencySlot == nil:
                report("competency", id.rawValue, site.subject, site.occurrence, competencyIDs)
            case .domain(let id) where !index.contains(domain: id):
                report("domain", id.rawValue, site.subject, site.occurrence) { context.framework.domains.map(\.id.rawValue) }
            default:
                break
            }
        }
        let positionIDs = { context.framework.positions.map(\.id.rawValue) }
        for entry in context.positions {
            let position = entry.value
            if let parent = position.extends, !index.contains(position: parent) {
                report("position", parent.rawValue, .position(position.id), entry.occurrence, positionIDs)
            }
        }
        let moduleIDs = { context.framework.modules.map(\.id.rawValue) }
        for entry in context.modules {
            let module = entry.value
            for (offset, teaching) in module.teaches.enumerated() where !index.contains(competency: teaching.competency) {
                report("competency", teaching.competency.rawValue, .teaches(module.id, index: offset), entry.occurrence, competencyIDs)
            }
            for (offset, prerequisite) in module.prerequisites.enumerated() where !index.contains(module: prerequisite.module) {
                report("module", prerequisite.module.rawValue, .prerequisite(module.id, index: offset), entry.occurrence, moduleIDs)
            }
        }
        for entry in context.rules {
            let rule = entry.value
            var predicates = [rule.appliesTo] + (rule.exemptIf.map { [$0] } ?? [])
            while let predicate = predicates.popLast() {
                switch predicate {
                case .all(let operands), .any(let operands): predicates += operands.reversed()
                case .not(let operand): predicates.append(operand)
                case .position(let id) where !index.contains(position: id):
                    report("position", id.rawValue, .rule(rule.id), entry.occurrence, positionIDs)
                case .level(let competency, _) where !index.contains(competency: competency):
                    report("competency", competency.rawValue, .rule(rule.id), entry.occurrence, competencyIDs)
                default: break
                }
            }
        }
        return found
    }

    public func validate(roster context: RosterContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var memo = SuggestionMemo()
        func report(_ kind: String, _ id: String, _ subject: Subject, _ occurrence: Int, _ candidates: () -> [String]) {
            let fix = memo.nearest(to: id, kind: kind, candidates: candidates).map { Diagnostic.FixIt.didYouMean($0, for: id) }
            found.append(diagnostic(Self.message(kind: kind, id: id), about: subject, occurrence: occurrence, in: context, fix: fix))
        }
        let framework = context.framework
        if context.includesHeader, let framework, let named = context.roster.framework, named != framework.framework.id {
            found.append(
                diagnostic(
                    "the roster is for framework '\(named)', but it is checked against framework '\(framework.framework.id)'; "
                        + "correct the roster's `framework` or check it against the framework it names",
                    about: .roster, in: context))
        }
        let competencyIDs = { framework?.competencies.map(\.competency.id.rawValue) ?? [] }
        for entry in context.people {
            let person = entry.value
            if let unit = person.unit, !context.unitIDs.contains(unit) {
                report("unit", unit.rawValue, .person(person.id), entry.occurrence) { context.units.map(\.value.id.rawValue) }
            }
            guard let framework else { continue }
            let index = framework.index
            if let position = person.position, !index.contains(position: position) {
                report("position", position.rawValue, .person(person.id), entry.occurrence) {
                    framework.framework.positions.map(\.id.rawValue)
                }
            }
            for (offset, assessment) in person.assessments.enumerated() where !index.contains(competency: assessment.competency) {
                report("competency", assessment.competency.rawValue, .assessment(person.id, index: offset), entry.occurrence, competencyIDs)
            }
            for (offset, certificate) in person.certificates.enumerated() {
                for coverage in certificate.covers where !index.contains(competency: coverage.competency) {
                    report("competency", coverage.competency.rawValue, .certificate(person.id, index: offset), entry.occurrence, competencyIDs)
                }
            }
            for (offset, completion) in person.completions.enumerated() where !index.contains(module: completion.module) {
                report("module", completion.module.rawValue, .completion(person.id, index: offset), entry.occurrence) {
                    framework.framework.modules.map(\.id.rawValue)
                }
            }
        }
        return found
    }
}
