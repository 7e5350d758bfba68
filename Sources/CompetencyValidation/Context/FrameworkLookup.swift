import CompetencyModel

/// Constant-time lookups for rules, built once per validation.
///
/// Lighter than CompetencyModel's `FrameworkIndex` (no inherited requirements, no copies of
/// entities on existence checks), because every rule runs over every reference of a large
/// framework. Where an ID is used twice, lookups answer for the first entity with it.
///
/// Why not `FrameworkIndex`: rules need answers that the index does not give, such as why a
/// level may not be named (``check(level:for:)`` tells an unknown scale from no scale
/// at all), a competency's slot in ``FrameworkContext/competencies`` for array-indexed rule
/// state, and a slot and rank in one lookup. It is built from the context's competency
/// entries, stores slots into the framework's arrays rather than entities, and knows
/// nothing of dates, inheritance or planning; the assigner's `Tables` and
/// `CompiledFramework` (CompetencyAssignment) serve planning instead.
public struct FrameworkLookup: Sendable {
    private struct Facts: Sendable {
        var slot: Int
        var status: LifecycleStatus?
        /// The slot of the competency's scale; `nil` with `scaleIsUnknown` for a scale that
        /// does not exist, `nil` alone when the framework has no scale.
        var scale: Int?
        var scaleIsUnknown: Bool
        var levels: Set<Level.ID>?
    }

    private let framework: Framework
    private let entries: [CompetencyEntry]
    private var facts: [Competency.ID: Facts] = [:]
    private var scaleSlot: [Scale.ID: Int] = [:]
    private var ranks: [[Level.ID: Int]] = []
    private var domainSlot: [Domain.ID: Int] = [:]
    private var members: [Domain.ID: [Competency.ID]] = [:]
    private var positionSlot: [Position.ID: Int] = [:]
    private var moduleSlot: [TrainingModule.ID: Int] = [:]

    init(framework: Framework, entries: [CompetencyEntry]) {
        self.framework = framework
        self.entries = entries
        for (slot, scale) in framework.scales.enumerated() {
            var levelRanks: [Level.ID: Int] = [:]
            for level in scale.levels where levelRanks[level.id] == nil { levelRanks[level.id] = level.rank }
            ranks.append(levelRanks)
            if scaleSlot[scale.id] == nil { scaleSlot[scale.id] = slot }
        }
        for (slot, domain) in framework.domains.enumerated() where domainSlot[domain.id] == nil { domainSlot[domain.id] = slot }
        for (slot, position) in framework.positions.enumerated() where positionSlot[position.id] == nil { positionSlot[position.id] = slot }
        for (slot, module) in framework.modules.enumerated() where moduleSlot[module.id] == nil { moduleSlot[module.id] = slot }
        let defaultScale: Int? = framework.scales.isEmpty ? nil : 0
        for (slot, entry) in entries.enumerated() {
            let competency = entry.competency
            members[entry.domain, default: []].append(competency.id)
            guard facts[competency.id] == nil else { continue }
            let scale = competency.scale.map { scaleSlot[$0] } ?? defaultScale
            facts[competency.id] = Facts(
                slot: slot, status: competency.status, scale: scale,
                scaleIsUnknown: competency.scale != nil && scale == nil, levels: competency.levels.map(Set.init))
        }
    }

    // MARK: Entities

    public func contains(competency id: Competency.ID) -> Bool { facts[id] != nil }

    /// The position of a competency (its first occurrence) in ``FrameworkContext/competencies``:
    /// a number that rules can index arrays with instead of hashing IDs.
    public func slot(of id: Competency.ID) -> Int? { facts[id]?.slot }
    public func competency(_ id: Competency.ID) -> Competency? { facts[id].map { entries[$0.slot].competency } }
    public func status(of id: Competency.ID) -> LifecycleStatus? { facts[id]?.status }

    public func contains(domain id: Domain.ID) -> Bool { domainSlot[id] != nil }
    public func domain(_ id: Domain.ID) -> Domain? { domainSlot[id].map { framework.domains[$0] } }
    /// Every competency of a domain, nested ones included, in document order.
    public func competencies(in domain: Domain.ID) -> [Competency.ID] { members[domain] ?? [] }

    public func contains(position id: Position.ID) -> Bool { positionSlot[id] != nil }
    public func position(_ id: Position.ID) -> Position? { positionSlot[id].map { framework.positions[$0] } }

    public func contains(module id: TrainingModule.ID) -> Bool { moduleSlot[id] != nil }
    public func module(_ id: TrainingModule.ID) -> TrainingModule? { moduleSlot[id].map { framework.modules[$0] } }

    public func contains(scale id: Scale.ID) -> Bool { scaleSlot[id] != nil }
    public func scale(_ id: Scale.ID) -> Scale? { scaleSlot[id].map { framework.scales[$0] } }

    // MARK: Levels

    /// The scale a competency is measured on: its own `scale`, else the framework's first.
    public func scale(of competency: Competency.ID) -> Scale? {
        facts[competency]?.scale.map { framework.scales[$0] }
    }

    /// The rank of a level on a competency's scale, or `nil` if the scale has no such level.
    public func rank(of level: Level.ID, for competency: Competency.ID) -> Int? {
        guard let slot = facts[competency]?.scale else { return nil }
        return ranks[slot][level]
    }

    /// The levels at which a competency is defined: its `levels`, else its whole scale.
    public func definedLevels(of competency: Competency.ID) -> [Level.ID] {
        guard let facts = facts[competency] else { return [] }
        if let levels = entries[facts.slot].competency.levels { return levels }
        return facts.scale.map { framework.scales[$0].levels.map(\.id) } ?? []
    }

    /// A competency's slot and, when the competency is defined at `level`, the level's rank;
    /// `nil` for a competency that does not exist. One lookup instead of several.
    public func resolve(_ level: Level.ID, for competency: Competency.ID) -> (slot: Int, rank: Int?)? {
        guard let facts = facts[competency] else { return nil }
        guard let scale = facts.scale, let rank = ranks[scale][level] else { return (facts.slot, nil) }
        if let levels = facts.levels, !levels.contains(level) { return (facts.slot, nil) }
        return (facts.slot, rank)
    }

    /// The rank of a level on a competency's scale when the competency is defined at it.
    public func rankIfDefined(_ level: Level.ID, for competency: Competency.ID) -> Int? {
        guard let facts = facts[competency], let slot = facts.scale, let rank = ranks[slot][level] else { return nil }
        if let levels = facts.levels, !levels.contains(level) { return nil }
        return rank
    }

    /// Whether a level may be named for a competency, and if not, why.
    public func check(level: Level.ID, for competency: Competency.ID) -> LevelCheck {
        guard let facts = facts[competency] else { return .unknownCompetency }
        if facts.scaleIsUnknown { return .unknownScale }
        guard let slot = facts.scale else { return .noScale }
        guard ranks[slot][level] != nil else { return .notOnScale(framework.scales[slot]) }
        if let levels = facts.levels, !levels.contains(level) {
            return .notDefined(entries[facts.slot].competency.levels ?? [])
        }
        return .defined
    }
}
