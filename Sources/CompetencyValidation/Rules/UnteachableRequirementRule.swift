import CompetencyModel
import CompetencyDiagnostics

/// `unteachable-requirement`: a position or rule requires a level that no module teaches.
public struct UnteachableRequirementRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "unteachable-requirement",
        name: "Unteachable requirement",
        summary: "A position or rule requires a level of a competency that no module teaches.",
        rationale: """
            Training "the right people, with the right needs" only works if there is training \
            to assign: a person who lacks a required level that no module teaches ends up \
            `unsatisfiable` in every plan. A module teaching a higher level also teaches the \
            lower ones. For a requirement on a domain, every competency of the domain counts.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                    <competency id="C1.2"><title>Evaluating</title></competency>
                  </domain>
                  <position id="official">
                    ↓<requirement competency="C1.1" level="L2"/>
                    ↓<requirement domain="D1" level="L1"/>
                  </position>
                  <module id="M1" hours="2">
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
                  <position id="official">
                    <requirement competency="C1.1" level="L1"/>
                    <requirement domain="D1" level="L2"/>
                  </position>
                  <module id="M1" hours="2">
                    <teaches competency="C1.1" level="L2"/>
                  </module>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        let index = context.index
        var highestTaught = [Int](repeating: Int.min, count: context.competencies.count)
        for module in context.framework.modules {
            for teaching in module.teaches {
                guard let slot = index.slot(of: teaching.competency),
                    let rank = index.rank(of: teaching.level, for: teaching.competency)
                else { continue }
                highestTaught[slot] = max(highestTaught[slot], rank)
            }
        }
        func untaught(_ competency: Competency.ID, _ level: Level.ID) -> Bool {
            guard let slot = index.slot(of: competency), let rank = index.rankIfDefined(level, for: competency) else { return false }
            return highestTaught[slot] < rank
        }
        var found: [Diagnostic] = []
        var untaughtInDomain: [DomainLevel: [Competency.ID]] = [:]
        for site in context.requirements {
            let requirement = site
            switch requirement.target {
            case .competency(let competency):
                guard let slot = site.competencySlot, let rank = site.definedRank, highestTaught[slot] < rank else { continue }
                found.append(
                    diagnostic(
                        "no module teaches competency '\(competency)' up to level '\(requirement.level)'; add a module that "
                            + "teaches it, or people who lack it cannot be trained",
                        about: site.subject, occurrence: site.occurrence, in: context))
            case .domain(let domain):
                let key = DomainLevel(domain: domain, level: requirement.level)
                let missing = untaughtInDomain[key] ?? index.competencies(in: domain).filter { untaught($0, requirement.level) }
                untaughtInDomain[key] = missing
                guard !missing.isEmpty else { continue }
                let noun = missing.count == 1 ? "competency" : "competencies"
                found.append(
                    diagnostic(
                        "no module teaches \(noun) \(Phrase.list(missing.map(\.rawValue))) of domain '\(domain)' up to level "
                            + "'\(requirement.level)'; add modules that teach them, or people who lack them cannot be trained",
                        about: site.subject, occurrence: site.occurrence, in: context))
            }
        }
        return found
    }
}
