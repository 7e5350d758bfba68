import CompetencyModel

/// A rule predicate compiled to "atoms": the leaves of every predicate, numbered, so that a
/// person is summarised by one 64-bit mask of the atoms that hold for them.
indirect enum CompiledPredicate: Sendable {
    case constant(Bool)
    case atom(Int)
    case all([CompiledPredicate])
    case any([CompiledPredicate])
    case not(CompiledPredicate)

    func holds(_ atoms: UInt64) -> Bool {
        switch self {
        case .constant(let value): return value
        case .atom(let bit): return atoms & (UInt64(1) << UInt64(bit)) != 0
        case .all(let operands): return operands.allSatisfy { $0.holds(atoms) }
        case .any(let operands): return operands.contains { $0.holds(atoms) }
        case .not(let operand): return !operand.holds(atoms)
        }
    }
}

/// The framework compiled for the memoised planning path (see `Memoised.swift`): what a
/// person's facts are reduced to, so that people with the same position, the same rule
/// outcomes and the same gaps share one requirement profile and one selection.
///
/// `nil` on an ``Assigner`` when the framework is past its limits (more than 64 predicate
/// atoms, 32 rules in effect or 64 prerequisite modules); planning then takes the reference
/// path person by person, with the same results.
///
/// Built from ``Tables`` (and the ``FrameworkIndex`` they come from), it is not a third
/// general lookup: it holds only what grouping people needs (predicate atoms per position
/// and unit, prerequisite and catalogue-component masks, level references), indexed like
/// ``Tables``.
struct CompiledFramework: Sendable {
    /// A level of some scale as seen by attainment: its rank and its ID.
    struct LevelRef: Sendable {
        var rank: Int32
        var ref: Int32
    }

    /// Per scale: level ID → (rank, reference into `levelIDs`).
    var scaleLevels: [[Level.ID: LevelRef]] = []
    var levelIDs: [Level.ID] = []

    /// Framework positions → index; a person without a position gets `positionCount`.
    var positionIndex: [Position.ID: Int] = [:]
    var positionIDs: [Position.ID] = []
    var positionCount: Int { positionIDs.count }
    /// Per position index (plus one for "no position"): the atoms that hold.
    var positionAtoms: [UInt64] = []
    /// Unit ID → the unit atoms that hold for a person in that unit (absent: none).
    var unitAtoms: [OrgUnit.ID: UInt64] = [:]
    var attributeAtoms: [(bit: UInt64, name: String, value: String)] = []
    var certificateAtoms: [(bit: UInt64, kind: String)] = []
    var levelAtoms: [(bit: UInt64, competency: Int, rank: Int32)] = []

    /// Per rule of `Tables.rules`: `applies-to` and `exempt-if`.
    var appliesTo: [CompiledPredicate] = []
    var exemptIf: [CompiledPredicate?] = []

    /// Per module slot: the bit of the module among `Tables.prerequisiteModules`, or -1.
    var prerequisiteBit: [Int] = []
    /// Per module slot: what completing it attains, from the framework's module (as in the
    /// reference path: `FrameworkIndex.module(_:)`'s `teaches`), with level references.
    var completionTeaches: [[(competency: Int32, level: LevelRef)]] = []
    /// Per prerequisite bit: the levels its module teaches (empty: satisfied only by completing it).
    var prerequisiteTeaches: [[(competency: Int32, rank: Int32)]] = []

    /// Independent parts of the catalogue: competencies and modules linked by `teaches` and
    /// `prerequisite`. Needs in different components share no module in any option's
    /// closure, so each component's needs are solved (and memoised) on their own; at most 64
    /// components (the rest are merged into the last, which stays correct: any union of
    /// components is still independent of the others).
    var componentOfCompetency: [Int] = []
    var componentOfModule: [Int] = []
    /// Per component: the bits of its prerequisite modules.
    var componentPrerequisites: [UInt64] = []

    /// Whether module selection can run on 64-bit module masks: at most 64 modules, all usable.
    var masksSelection = false
    /// Per module slot: its prerequisites, and everything reachable through prerequisites
    /// (itself included), as masks.
    var prerequisiteMask: [UInt64] = []
    var reachMask: [UInt64] = []
    /// Per module: its hours in thousandths; set with the masks.
    var moduleMilliHours: [Int] = []

    init?(tables: Tables, index: FrameworkIndex, units: UnitTree, asOf: ISODate) {
        guard tables.rules.count <= 32, tables.prerequisiteModules.count <= 64 else { return nil }
        for ranks in tables.scaleRanks {
            var levels: [Level.ID: LevelRef] = [:]
            for (id, rank) in ranks {
                levels[id] = LevelRef(rank: Int32(clamping: rank), ref: Int32(levelIDs.count))
                levelIDs.append(id)
            }
            scaleLevels.append(levels)
        }
        // Ranks must fit Int32 exactly, or comparisons could differ from the reference.
        for ranks in tables.scaleRanks where ranks.values.contains(where: { Int32(exactly: $0) == nil }) { return nil }

        for position in index.framework.positions where positionIndex[position.id] == nil {
            positionIndex[position.id] = positionIDs.count
            positionIDs.append(position.id)
        }

        // Atoms.
        var atomCount = 0
        var positionAtoms = [UInt64](repeating: 0, count: positionIDs.count + 1)
        var unitAtoms: [OrgUnit.ID: UInt64] = [:]
        var unitKeys = units.known
        unitKeys.formUnion(units.parents.keys)
        unitKeys.formUnion(units.parents.values)
        var overflow = false
        var unitPredicates: [(bit: Int, unit: OrgUnit.ID, descendants: Bool)] = []
        var attributeAtoms: [(bit: UInt64, name: String, value: String)] = []
        var certificateAtoms: [(bit: UInt64, kind: String)] = []
        var levelAtoms: [(bit: UInt64, competency: Int, rank: Int32)] = []
        let positionIDs = self.positionIDs
        func newAtom() -> Int {
            let bit = atomCount
            atomCount += 1
            if atomCount > 64 { overflow = true }
            return min(bit, 63)
        }
        func compile(_ predicate: RulePredicate) -> CompiledPredicate {
            switch predicate {
            case .always:
                return .constant(true)
            case .all(let operands):
                return .all(operands.map(compile))
            case .any(let operands):
                return .any(operands.map(compile))
            case .not(let operand):
                return .not(compile(operand))
            case .annotated(let inner, _):
                return compile(inner)
            case .position(let ancestor):
                let bit = newAtom()
                for (slot, id) in positionIDs.enumerated()
                where id == ancestor || index.position(id, isOrExtends: ancestor) {
                    positionAtoms[slot] |= UInt64(1) << UInt64(bit)
                }
                return .atom(bit)
            case .positionFamily(let family):
                let bit = newAtom()
                for (slot, id) in positionIDs.enumerated() where index.position(id)?.family == family {
                    positionAtoms[slot] |= UInt64(1) << UInt64(bit)
                }
                return .atom(bit)
            case .unit(let unit, let descendants):
                let bit = newAtom()
                unitKeys.insert(unit)
                unitPredicates.append((bit, unit, descendants))
                return .atom(bit)
            case .attribute(let name, let value):
                let bit = newAtom()
                attributeAtoms.append((UInt64(1) << UInt64(bit), name, value))
                return .atom(bit)
            case .certificate(let kind):
                let bit = newAtom()
                certificateAtoms.append((UInt64(1) << UInt64(bit), kind))
                return .atom(bit)
            case .level(let competency, let level):
                guard let comp = tables.competencyIndex[competency], let rank = tables.rank(level, comp) else {
                    return .constant(false)
                }
                let bit = newAtom()
                levelAtoms.append((UInt64(1) << UInt64(bit), comp, Int32(clamping: rank)))
                return .atom(bit)
            }
        }
        var appliesTo: [CompiledPredicate] = []
        var exemptIf: [CompiledPredicate?] = []
        for info in tables.rules {
            appliesTo.append(compile(info.rule.appliesTo))
            exemptIf.append(info.rule.exemptIf.map(compile))
        }
        if overflow { return nil }
        self.appliesTo = appliesTo
        self.exemptIf = exemptIf
        self.attributeAtoms = attributeAtoms
        self.certificateAtoms = certificateAtoms
        self.levelAtoms = levelAtoms
        // Every unit key (known units and every unit a predicate names) against every unit
        // predicate.
        for own in unitKeys {
            var mask: UInt64 = 0
            for predicate in unitPredicates
            where own == predicate.unit || (predicate.descendants && units.unit(own, isWithin: predicate.unit)) {
                mask |= UInt64(1) << UInt64(predicate.bit)
            }
            unitAtoms[own] = mask
        }
        self.unitAtoms = unitAtoms
        self.positionAtoms = positionAtoms

        // Modules.
        prerequisiteBit = [Int](repeating: -1, count: tables.modules.count)
        for (bit, slot) in tables.prerequisiteModules.enumerated() {
            prerequisiteBit[slot] = bit
            prerequisiteTeaches.append(tables.modules[slot].teaches.map { (Int32($0.competency), Int32(clamping: $0.rank)) })
        }
        for module in tables.modules {
            var teaches: [(competency: Int32, level: LevelRef)] = []
            for teaching in index.module(module.id)?.teaches ?? [] {
                guard let comp = tables.competencyIndex[teaching.competency], let level = self.level(teaching.level, comp, tables)
                else { continue }
                teaches.append((Int32(comp), level))
            }
            completionTeaches.append(teaches)
        }

        // Components: union-find over competencies (0..<c) and modules (c..<c+m).
        let competencyCount = tables.competencies.count
        var parent = Array(0..<(competencyCount + tables.modules.count))
        func find(_ item: Int) -> Int {
            var item = item
            while parent[item] != item {
                parent[item] = parent[parent[item]]
                item = parent[item]
            }
            return item
        }
        func union(_ left: Int, _ right: Int) {
            let a = find(left)
            let b = find(right)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        for (slot, module) in tables.modules.enumerated() {
            for teaching in module.teaches { union(competencyCount + slot, teaching.competency) }
            for prerequisite in module.prerequisites { union(competencyCount + slot, competencyCount + prerequisite) }
        }
        var number: [Int: Int] = [:]
        func component(_ item: Int) -> Int {
            let root = find(item)
            if let known = number[root] { return known }
            let next = min(number.count, 63)
            number[root] = next
            return next
        }
        componentOfCompetency = (0..<competencyCount).map(component)
        componentOfModule = (0..<tables.modules.count).map { component(competencyCount + $0) }
        masksSelection = tables.modules.count <= 64 && tables.modules.allSatisfy(\.isUsable)
        if masksSelection {
            prerequisiteMask = tables.modules.map { module in
                module.prerequisites.reduce(UInt64(0)) { $0 | (UInt64(1) << UInt64($1)) }
            }
            moduleMilliHours = tables.modules.map(\.milliHours)
            reachMask = tables.modules.indices.map { slot in
                var mask = UInt64(1) << UInt64(slot)
                var frontier = mask
                while frontier != 0 {
                    let next = frontier.trailingZeroBitCount
                    frontier &= frontier - 1
                    let fresh = prerequisiteMask[next] & ~mask
                    mask |= fresh
                    frontier |= fresh
                }
                return mask
            }
        }
        componentPrerequisites = [UInt64](repeating: 0, count: min(number.count, 64))
        for (slot, bit) in prerequisiteBit.enumerated() where bit >= 0 {
            componentPrerequisites[componentOfModule[slot]] |= UInt64(1) << UInt64(bit)
        }
    }

    /// A level of a competency's scale, as `Tables.rank` resolves it.
    func level(_ id: Level.ID, _ competency: Int, _ tables: Tables) -> LevelRef? {
        let scale = tables.scaleOfCompetency[competency]
        return scale < 0 ? nil : scaleLevels[scale][id]
    }
}
