import CompetencyModel

/// A requirement expanded to one competency, with its source.
struct ExpandedRequirement: Sendable {
    var competency: Int
    var rank: Int
    var level: Level.ID
    var by: ISODate?
    var cause: Need.Cause
    /// Sorts causes: rules by priority then document order, then positions nearest first.
    var causeOrder: Int
}

/// An assignment rule in effect on the as-of date, with its requirements expanded.
struct RuleInfo: Sendable {
    var rule: AssignmentRule
    var requirements: [ExpandedRequirement]
}

/// A training module with ranks resolved.
struct ModuleInfo: Sendable {
    var id: TrainingModule.ID
    var milliHours: Int
    /// `false` when its hours are negative or not a number; it is then never chosen.
    var isUsable: Bool
    var teaches: [(competency: Int, rank: Int)]
    /// Indices of the prerequisite modules the framework defines.
    var prerequisites: [Int]
    /// The module's place in the framework document (its first occurrence), for ordering.
    var documentOrder: Int
}

/// The framework resolved into integer-indexed tables, built once per assigner.
///
/// Planning's own view of the framework, built from a ``FrameworkIndex`` for one as-of
/// date: competencies and modules are numbered (modules in ID order), only the rules in
/// effect on that date are kept, and every position's and rule's requirements are expanded
/// to competencies with ranks and cause order already resolved, so the planning loops
/// index arrays instead of hashing IDs. ``FrameworkIndex`` stays the date-free, public view
/// by ID; `FrameworkLookup` (CompetencyValidation) answers the validator's questions.
/// ``CompiledFramework`` goes one step further, for the memoised path.
struct Tables: Sendable {
    var competencies: [Competency] = []
    var competencyIndex: [Competency.ID: Int] = [:]
    /// Per competency: the index of its scale in `scaleRanks`, or -1.
    var scaleOfCompetency: [Int] = []
    var scaleRanks: [[Level.ID: Int]] = []
    var scaleBands: [[Level.ID: Band.ID]] = []
    var scales: [Scale] = []
    var domainOfCompetency: [Domain.ID?] = []
    var positionRequirements: [Position.ID: [ExpandedRequirement]] = [:]
    /// Whether a position (or one it extends) declares any requirement at all.
    var positionDeclaresRequirements: [Position.ID: Bool] = [:]
    var rules: [RuleInfo] = []
    /// Modules sorted by ID, so that index order is ID order.
    var modules: [ModuleInfo] = []
    var moduleIndex: [TrainingModule.ID: Int] = [:]
    /// Per competency: the modules that teach it, with the rank they teach.
    var teachers: [[(module: Int, rank: Int)]] = []
    /// Modules that are a prerequisite of some module, sorted.
    var prerequisiteModules: [Int] = []
    /// Per competency: the distinct ranks its modules teach it at, ascending.
    var teachRanks: [[Int]] = []
    /// Per scale: the level of each rank (the first in document order).
    var scaleLevels: [[Int: Level.ID]] = []
    /// Whether every module has usable hours (then which needs can be closed depends on the
    /// framework alone).
    var allModulesUsable = true

    init(index: FrameworkIndex, asOf: ISODate) {
        let framework = index.framework
        var scaleSlot: [Scale.ID: Int] = [:]
        for scale in framework.scales where scaleSlot[scale.id] == nil {
            scaleSlot[scale.id] = scales.count
            scales.append(scale)
            var ranks: [Level.ID: Int] = [:]
            var bands: [Level.ID: Band.ID] = [:]
            var levels: [Int: Level.ID] = [:]
            for level in scale.levels where ranks[level.id] == nil {
                ranks[level.id] = level.rank
                if levels[level.rank] == nil { levels[level.rank] = level.id }
                if let band = level.band { bands[level.id] = band }
            }
            scaleRanks.append(ranks)
            scaleLevels.append(levels)
            scaleBands.append(bands)
        }
        for competency in index.allCompetencies where competencyIndex[competency.id] == nil {
            competencyIndex[competency.id] = competencies.count
            competencies.append(competency)
            let scale = index.scale(of: competency.id).flatMap { scaleSlot[$0.id] } ?? -1
            scaleOfCompetency.append(scale)
            domainOfCompetency.append(index.domain(of: competency.id))
        }
        teachers = Array(repeating: [], count: competencies.count)

        // Rules in effect, ordered for explanations: priority (highest first), then document order.
        let inEffect = framework.rules.enumerated().filter { $0.element.isInEffect(on: asOf) }
        let ordered = inEffect.sorted { lhs, rhs in
            let left = lhs.element.priority ?? Int.min
            let right = rhs.element.priority ?? Int.min
            return left != right ? left > right : lhs.offset < rhs.offset
        }
        var causeOrderOfRule: [AssignmentRule.ID: Int] = [:]
        for (order, entry) in ordered.enumerated() where causeOrderOfRule[entry.element.id] == nil {
            causeOrderOfRule[entry.element.id] = order
        }
        let positionBase = ordered.count
        var seenRules: Set<AssignmentRule.ID> = []
        for (_, rule) in inEffect where seenRules.insert(rule.id).inserted {
            let order = causeOrderOfRule[rule.id] ?? 0
            var expanded: [ExpandedRequirement] = []
            for requirement in rule.requirements {
                expand(requirement, cause: .rule(rule.id), order: order, index: index, into: &expanded)
            }
            rules.append(RuleInfo(rule: rule, requirements: expanded))
        }

        for position in framework.positions where positionRequirements[position.id] == nil {
            let lineage = index.lineage(of: position.id)
            var expanded: [ExpandedRequirement] = []
            for inherited in index.effectiveRequirements(of: position.id) {
                let depth = lineage.firstIndex(of: inherited.declaredBy) ?? 0
                expand(
                    inherited.requirement, cause: .position(inherited.declaredBy),
                    order: positionBase + depth, index: index, into: &expanded)
            }
            positionRequirements[position.id] = expanded
            positionDeclaresRequirements[position.id] = !index.effectiveRequirements(of: position.id).isEmpty
        }

        var documentOrder: [TrainingModule.ID: Int] = [:]
        for (offset, module) in framework.modules.enumerated() where documentOrder[module.id] == nil {
            documentOrder[module.id] = offset
        }
        let sortedModules = framework.modules.sorted { $0.id < $1.id }
        for module in sortedModules where moduleIndex[module.id] == nil {
            moduleIndex[module.id] = modules.count
            let usable = module.hours.isFinite && module.hours >= 0 && module.hours <= TrainingModule.maxHours
            modules.append(
                ModuleInfo(
                    id: module.id, milliHours: usable ? Int((module.hours * 1000).rounded()) : 0,
                    isUsable: usable, teaches: [], prerequisites: [],
                    documentOrder: documentOrder[module.id] ?? modules.count))
        }
        var isPrerequisite = Array(repeating: false, count: modules.count)
        for module in sortedModules {
            guard let slot = moduleIndex[module.id], modules[slot].teaches.isEmpty,
                modules[slot].prerequisites.isEmpty
            else { continue }
            var teaches: [(competency: Int, rank: Int)] = []
            for teaching in module.teaches {
                guard let comp = competencyIndex[teaching.competency], let rank = rank(teaching.level, comp)
                else { continue }
                teaches.append((comp, rank))
                teachers[comp].append((slot, rank))
            }
            var prerequisites: [Int] = []
            for prerequisite in module.prerequisites {
                guard let other = moduleIndex[prerequisite.module], other != slot,
                    !prerequisites.contains(other)
                else { continue }
                prerequisites.append(other)
                isPrerequisite[other] = true
            }
            modules[slot].teaches = teaches
            modules[slot].prerequisites = prerequisites
        }
        prerequisiteModules = isPrerequisite.indices.filter { isPrerequisite[$0] }
        teachRanks = teachers.map { Array(Set($0.map(\.rank))).sorted() }
        allModulesUsable = modules.allSatisfy(\.isUsable)
    }

    /// Expands a requirement to the competencies it stands for. A domain requirement stands
    /// for every competency of the domain, nested ones included, at which the level is
    /// defined. Unknown competencies and levels that are not on the scale are skipped.
    private func expand(
        _ requirement: Requirement, cause: Need.Cause, order: Int, index: FrameworkIndex,
        into result: inout [ExpandedRequirement]
    ) {
        switch requirement.target {
        case .competency(let id):
            guard let comp = competencyIndex[id], let rank = rank(requirement.level, comp) else { return }
            result.append(
                ExpandedRequirement(
                    competency: comp, rank: rank, level: requirement.level, by: requirement.by,
                    cause: cause, causeOrder: order))
        case .domain(let domain):
            var seen: Set<Int> = []
            for id in index.competencies(in: domain) {
                guard let comp = competencyIndex[id], seen.insert(comp).inserted,
                    index.isDefined(requirement.level, for: id), let rank = rank(requirement.level, comp)
                else { continue }
                result.append(
                    ExpandedRequirement(
                        competency: comp, rank: rank, level: requirement.level, by: requirement.by,
                        cause: cause, causeOrder: order))
            }
        }
    }

    /// The rank of a level on a competency's scale.
    func rank(_ level: Level.ID, _ competency: Int) -> Int? {
        let scale = scaleOfCompetency[competency]
        return scale < 0 ? nil : scaleRanks[scale][level]
    }

    /// The level of a rank on a competency's scale.
    func level(rank: Int, _ competency: Int) -> Level.ID? {
        let scale = scaleOfCompetency[competency]
        return scale < 0 ? nil : scaleLevels[scale][rank]
    }

    /// The attained rank of a need as the module search sees it (``NeedShape/floor``): the
    /// highest rank a module teaches the competency at that is not above the attained rank,
    /// or `Int.min` when there is none or when the need can be closed whatever the person
    /// attains (every module usable, one teaching the required rank). Needs whose attained
    /// ranks give the same floor get the same selection.
    func floor(_ competency: Int, required rank: Int, attained: Int?) -> Int {
        let ranks = teachRanks[competency]
        guard let attained, let highest = ranks.last else { return Int.min }
        if allModulesUsable && highest >= rank { return Int.min }
        return ranks.last { $0 <= attained } ?? Int.min
    }

    /// The band of a level on a competency's scale.
    func band(_ level: Level.ID, _ competency: Int) -> Band.ID? {
        let scale = scaleOfCompetency[competency]
        return scale < 0 ? nil : scaleBands[scale][level]
    }
}
