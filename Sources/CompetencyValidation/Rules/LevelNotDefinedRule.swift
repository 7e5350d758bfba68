import CompetencyModel
import CompetencyDiagnostics

/// `level-not-defined`: a level is named that is outside the competency's scale or `levels`.
public struct LevelNotDefinedRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "level-not-defined",
        name: "Level not defined",
        summary: """
            A requirement, descriptor, teaches, covers, assessment, level predicate, scale \
            default or competency `levels` names a level outside the competency's scale or \
            `levels`.
            """,
        rationale: """
            A level only means something on its scale: `L9` on an eight-level scale, or `L2` \
            for a competency defined at levels 3 to 8 only, cannot be compared with what \
            people attain, so the requirement or record is ignored. A requirement on a domain \
            needs the level on the scale of every competency of the domain.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1" levels="L2"><title>Searching</title>
                      <descriptor level="L2"><text>Finds data with filters.</text></descriptor>
                      ↓<descriptor level="L3"><text>Designs searches.</text></descriptor>
                    </competency>
                  </domain>
                  <position id="official">
                    ↓<requirement competency="C1.1" level="L1"/>
                    ↓<requirement domain="D1" level="L9"/>
                  </position>
                """),
            .roster(body: """
                  <person id="p1">
                    ↓<assessment competency="C1.1" level="L3"/>
                  </person>
                """),
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1" levels="L2"><title>Searching</title>
                      <descriptor level="L2"><text>Finds data with filters.</text></descriptor>
                    </competency>
                  </domain>
                  <position id="official">
                    <requirement competency="C1.1" level="L2"/>
                    <requirement domain="D1" level="L1"/>
                  </position>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func check(_ level: Level.ID, _ competency: Competency.ID, _ subject: Subject, _ occurrence: Int) {
            if let finding = problem(level, competency, subject, occurrence, framework: context, locating: context) {
                found.append(finding)
            }
        }
        for entry in context.scales {
            let scale = entry.value
            let ids = scale.levels.map(\.id)
            for (name, level) in [("default", scale.defaultLevel), ("proficient", scale.proficientLevel)] {
                guard let level, !ids.contains(level) else { continue }
                found.append(
                    diagnostic(
                        "the \(name) level '\(level)' is not a level of scale '\(scale.id)'; use one of \(Phrase.list(ids.map(\.rawValue), limit: 10))",
                        about: .scale(scale.id), occurrence: entry.occurrence, in: context,
                        fix: Suggestion.nearest(to: level.rawValue, among: ids.map(\.rawValue)).map { .didYouMean($0, for: level.rawValue) }))
            }
        }
        for entry in context.competencies {
            let competency = entry.competency
            if let levels = competency.levels, let scale = scaleOf(competency, context) {
                let ids = scale.levels.map(\.id)
                for level in levels where !ids.contains(level) {
                    found.append(
                        diagnostic(
                            "level '\(level)' in the `levels` of competency '\(competency.id)' is not on scale '\(scale.id)'; "
                                + "use its levels: \(Phrase.list(ids.map(\.rawValue), limit: 10))",
                            about: .competency(competency.id), occurrence: entry.occurrence, in: context,
                            fix: Suggestion.nearest(to: level.rawValue, among: ids.map(\.rawValue)).map { .didYouMean($0, for: level.rawValue) }))
                }
            }
            for (offset, descriptor) in competency.descriptors.enumerated() where entry.occurrence == 0 {
                check(descriptor.level, competency.id, .descriptor(competency.id, index: offset), entry.occurrence)
            }
        }
        // A domain requirement's outcome depends only on the domain and the level.
        var domainProblems: [DomainLevel: (Competency.ID, Scale)?] = [:]
        for site in context.requirements {
            let requirement = site
            switch requirement.target {
            case .competency(let id):
                if site.competencySlot != nil && site.definedRank == nil { check(requirement.level, id, site.subject, site.occurrence) }
            case .domain(let id):
                let key = DomainLevel(domain: id, level: requirement.level)
                if domainProblems[key] == nil {
                    domainProblems[key] = .some(
                        context.index.competencies(in: id).lazy.compactMap { member -> (Competency.ID, Scale)? in
                            guard case .notOnScale(let scale) = context.check(level: requirement.level, for: member) else { return nil }
                            return (member, scale)
                        }.first)
                }
                guard case let (member, scale)?? = domainProblems[key] else { continue }
                let ids = scale.levels.map(\.id.rawValue)
                found.append(
                    diagnostic(
                        "level '\(requirement.level)' is not on scale '\(scale.id)' of competency '\(member)' in domain '\(id)'; "
                            + "use one of \(Phrase.list(ids, limit: 10))",
                        about: site.subject, occurrence: site.occurrence, in: context,
                        fix: Suggestion.nearest(to: requirement.level.rawValue, among: ids).map { .didYouMean($0, for: requirement.level.rawValue) }))
            }
        }
        for entry in context.modules {
            for (offset, teaching) in entry.value.teaches.enumerated() {
                check(teaching.level, teaching.competency, .teaches(entry.value.id, index: offset), entry.occurrence)
            }
        }
        for entry in context.rules {
            var predicates = [entry.value.appliesTo] + (entry.value.exemptIf.map { [$0] } ?? [])
            while let predicate = predicates.popLast() {
                switch predicate {
                case .all(let operands), .any(let operands): predicates += operands.reversed()
                case .not(let operand): predicates.append(operand)
                case .level(let competency, let level): check(level, competency, .rule(entry.value.id), entry.occurrence)
                default: break
                }
            }
        }
        return found
    }

    public func validate(roster context: RosterContext) -> [Diagnostic] {
        guard let framework = context.framework else { return [] }
        var found: [Diagnostic] = []
        for entry in context.people {
            let person = entry.value
            for (offset, assessment) in person.assessments.enumerated() {
                if let finding = problem(
                    assessment.level, assessment.competency, .assessment(person.id, index: offset), entry.occurrence,
                    framework: framework, locating: context)
                {
                    found.append(finding)
                }
            }
            for (offset, certificate) in person.certificates.enumerated() {
                for coverage in certificate.covers {
                    if let finding = problem(
                        coverage.level, coverage.competency, .certificate(person.id, index: offset), entry.occurrence,
                        framework: framework, locating: context)
                    {
                        found.append(finding)
                    }
                }
            }
        }
        return found
    }

    private func scaleOf(_ competency: Competency, _ context: FrameworkContext) -> Scale? {
        if let id = competency.scale { return context.index.scale(id) }
        return context.framework.scales.first
    }

    private func problem(
        _ level: Level.ID, _ competency: Competency.ID, _ subject: Subject, _ occurrence: Int,
        framework: FrameworkContext, locating context: some Locating
    ) -> Diagnostic? {
        switch framework.check(level: level, for: competency) {
        case .defined, .unknownCompetency, .unknownScale:
            return nil
        case .noScale:
            return diagnostic(
                "level '\(level)' is not defined: the framework has no scale; add a scale with its levels",
                about: subject, occurrence: occurrence, in: context)
        case .notOnScale(let scale):
            let ids = framework.index.definedLevels(of: competency).map(\.rawValue)
            return diagnostic(
                "level '\(level)' is not on scale '\(scale.id)' of competency '\(competency)'; use one of \(Phrase.list(ids, limit: 10))",
                about: subject, occurrence: occurrence, in: context,
                fix: Suggestion.nearest(to: level.rawValue, among: ids).map { .didYouMean($0, for: level.rawValue) })
        case .notDefined(let levels):
            let ids = levels.map(\.rawValue)
            return diagnostic(
                "competency '\(competency)' is not defined at level '\(level)'; it is defined at \(Phrase.list(ids, limit: 10)) only",
                about: subject, occurrence: occurrence, in: context,
                fix: Suggestion.nearest(to: level.rawValue, among: ids).map { .didYouMean($0, for: level.rawValue) })
        }
    }
}
