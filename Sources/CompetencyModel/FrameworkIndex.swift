/// Constant-time lookups into a framework, built once.
///
/// Build it after you finish changing a framework; it does not follow later edits.
/// Where an ID is used twice, lookups return the first entity with it.
///
/// One of three framework lookups, each for its own reader. This is the general one, for
/// library users and the tool: it answers by ID with the entities themselves and knows
/// the structure around them (a competency's domain and parent, a position's lineage and
/// inherited requirements), for any date. The validator uses `FrameworkLookup`
/// (CompetencyValidation), which tells why a level may not be named and hands out array
/// slots instead of copies; the assigner builds its integer-indexed `Tables` and
/// `CompiledFramework` (CompetencyAssignment) from this index, for one as-of date.
public struct FrameworkIndex: Sendable {
    public let framework: Framework

    private var competencyByID: [Competency.ID: Competency] = [:]
    private var domainOfCompetency: [Competency.ID: Domain.ID] = [:]
    private var parentOfCompetency: [Competency.ID: Competency.ID] = [:]
    private var domainByID: [Domain.ID: Domain] = [:]
    private var competenciesOfDomain: [Domain.ID: [Competency.ID]] = [:]
    private var scaleByID: [Scale.ID: Scale] = [:]
    private var rankByScale: [Scale.ID: [Level.ID: Int]] = [:]
    private var positionByID: [Position.ID: Position] = [:]
    private var moduleByID: [TrainingModule.ID: TrainingModule] = [:]
    private var ruleByID: [AssignmentRule.ID: AssignmentRule] = [:]
    private var ancestorsOfPosition: [Position.ID: [Position.ID]] = [:]
    private var effectiveRequirementsOfPosition: [Position.ID: [InheritedRequirement]] = [:]

    /// Every competency in document order, nested ones after their parent.
    public private(set) var allCompetencies: [Competency] = []

    /// A requirement as it applies to a position, with the position that declares it.
    public struct InheritedRequirement: Hashable, Sendable {
        public var requirement: Requirement
        /// The position that declares the requirement (the position itself, or one it extends).
        public var declaredBy: Position.ID
        /// Its index among the declaring position's requirements.
        public var index: Int
    }

    public init(_ framework: Framework) {
        self.framework = framework
        for scale in framework.scales where scaleByID[scale.id] == nil {
            scaleByID[scale.id] = scale
            var ranks: [Level.ID: Int] = [:]
            for level in scale.levels where ranks[level.id] == nil { ranks[level.id] = level.rank }
            rankByScale[scale.id] = ranks
        }
        for domain in framework.domains {
            if domainByID[domain.id] == nil { domainByID[domain.id] = domain }
            var members: [Competency.ID] = []
            func visit(_ competency: Competency, parent: Competency.ID?) {
                allCompetencies.append(competency)
                members.append(competency.id)
                if competencyByID[competency.id] == nil {
                    competencyByID[competency.id] = competency
                    domainOfCompetency[competency.id] = domain.id
                    if let parent { parentOfCompetency[competency.id] = parent }
                }
                for child in competency.children { visit(child, parent: competency.id) }
            }
            for competency in domain.competencies { visit(competency, parent: nil) }
            competenciesOfDomain[domain.id, default: []].append(contentsOf: members)
        }
        for position in framework.positions where positionByID[position.id] == nil {
            positionByID[position.id] = position
        }
        for module in framework.modules where moduleByID[module.id] == nil { moduleByID[module.id] = module }
        for rule in framework.rules where ruleByID[rule.id] == nil { ruleByID[rule.id] = rule }
        for position in framework.positions where ancestorsOfPosition[position.id] == nil {
            var chain: [Position.ID] = [position.id]
            var seen: Set<Position.ID> = [position.id]
            var current = position
            while let parent = current.extends, !seen.contains(parent), let next = positionByID[parent] {
                chain.append(parent)
                seen.insert(parent)
                current = next
            }
            ancestorsOfPosition[position.id] = chain
            effectiveRequirementsOfPosition[position.id] = chain.flatMap { id in
                (positionByID[id]?.requirements ?? []).enumerated().map {
                    InheritedRequirement(requirement: $0.element, declaredBy: id, index: $0.offset)
                }
            }
        }
    }

    // MARK: Lookups

    public func competency(_ id: Competency.ID) -> Competency? { competencyByID[id] }
    public func domain(_ id: Domain.ID) -> Domain? { domainByID[id] }
    public func scale(_ id: Scale.ID) -> Scale? { scaleByID[id] }
    public func position(_ id: Position.ID) -> Position? { positionByID[id] }
    public func module(_ id: TrainingModule.ID) -> TrainingModule? { moduleByID[id] }
    public func rule(_ id: AssignmentRule.ID) -> AssignmentRule? { ruleByID[id] }

    /// The domain that holds a competency (for a nested one, its top-level ancestor's domain).
    public func domain(of competency: Competency.ID) -> Domain.ID? { domainOfCompetency[competency] }

    /// The parent of a nested competency.
    public func parent(of competency: Competency.ID) -> Competency.ID? { parentOfCompetency[competency] }

    /// Every competency of a domain, nested ones included, in document order.
    public func competencies(in domain: Domain.ID) -> [Competency.ID] { competenciesOfDomain[domain] ?? [] }

    /// The scale a competency is measured on: its own `scale`, else the framework's first.
    public func scale(of competency: Competency.ID) -> Scale? {
        if let id = competencyByID[competency]?.scale { return scaleByID[id] }
        return framework.scales.first
    }

    /// The rank of a level on a competency's scale, or `nil` if the scale has no such level.
    public func rank(of level: Level.ID, for competency: Competency.ID) -> Int? {
        guard let scale = scale(of: competency) else { return nil }
        return rankByScale[scale.id]?[level]
    }

    /// The rank of a level on a scale.
    public func rank(of level: Level.ID, on scale: Scale.ID) -> Int? { rankByScale[scale]?[level] }

    /// The levels at which a competency is defined: its `levels`, else its whole scale.
    public func definedLevels(of competency: Competency.ID) -> [Level.ID] {
        if let levels = competencyByID[competency]?.levels { return levels }
        return scale(of: competency)?.levels.map(\.id) ?? []
    }

    /// Whether `level` is a level of the competency's scale at which the competency is defined.
    public func isDefined(_ level: Level.ID, for competency: Competency.ID) -> Bool {
        guard rank(of: level, for: competency) != nil else { return false }
        if let levels = competencyByID[competency]?.levels { return levels.contains(level) }
        return true
    }

    /// The position and every position it extends, nearest first. Stops before a cycle.
    public func lineage(of position: Position.ID) -> [Position.ID] {
        ancestorsOfPosition[position] ?? (positionByID[position] == nil ? [] : [position])
    }

    /// Whether `position` is `ancestor` or extends it, directly or through a chain.
    public func position(_ position: Position.ID, isOrExtends ancestor: Position.ID) -> Bool {
        lineage(of: position).contains(ancestor)
    }

    /// A position's own requirements followed by those it inherits through `extends`.
    public func effectiveRequirements(of position: Position.ID) -> [InheritedRequirement] {
        effectiveRequirementsOfPosition[position] ?? []
    }
}
