/// Constant-time lookups into a roster's unit tree and people, built once.
public struct RosterIndex: Sendable {
    public let roster: Roster

    private var unitByID: [OrgUnit.ID: OrgUnit] = [:]
    private var parentOfUnit: [OrgUnit.ID: OrgUnit.ID] = [:]
    private var childrenOfUnit: [OrgUnit.ID: [OrgUnit.ID]] = [:]
    private var personByID: [Person.ID: Int] = [:]
    private var peopleOfUnit: [OrgUnit.ID: [Int]] = [:]

    /// Every unit in document order (depth first).
    public private(set) var allUnits: [OrgUnit] = []

    public init(_ roster: Roster) {
        self.roster = roster
        func visit(_ unit: OrgUnit, parent: OrgUnit.ID?) {
            allUnits.append(unit)
            if unitByID[unit.id] == nil {
                unitByID[unit.id] = unit
                if let parent { parentOfUnit[unit.id] = parent }
            }
            childrenOfUnit[unit.id, default: []].append(contentsOf: unit.units.map(\.id))
            for child in unit.units { visit(child, parent: unit.id) }
        }
        for unit in roster.units { visit(unit, parent: nil) }
        for (offset, person) in roster.people.enumerated() {
            if personByID[person.id] == nil { personByID[person.id] = offset }
            if let unit = person.unit { peopleOfUnit[unit, default: []].append(offset) }
        }
    }

    public func unit(_ id: OrgUnit.ID) -> OrgUnit? { unitByID[id] }
    public func person(_ id: Person.ID) -> Person? { personByID[id].map { roster.people[$0] } }
    public func parent(of unit: OrgUnit.ID) -> OrgUnit.ID? { parentOfUnit[unit] }
    public func children(of unit: OrgUnit.ID) -> [OrgUnit.ID] { childrenOfUnit[unit] ?? [] }

    /// The unit and every unit above it, nearest first. Stops before a cycle.
    public func lineage(of unit: OrgUnit.ID) -> [OrgUnit.ID] { UnitTree.lineage(of: unit, parents: parentOfUnit) }

    /// Every unit below `unit`, depth first, not including `unit` itself.
    public func descendants(of unit: OrgUnit.ID) -> [OrgUnit.ID] {
        var result: [OrgUnit.ID] = []
        var seen: Set<OrgUnit.ID> = [unit]
        var stack = children(of: unit).reversed() as [OrgUnit.ID]
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            result.append(next)
            stack.append(contentsOf: children(of: next).reversed())
        }
        return result
    }

    /// The people placed directly in `unit`.
    public func people(in unit: OrgUnit.ID) -> [Person] { (peopleOfUnit[unit] ?? []).map { roster.people[$0] } }

    /// The parent of every unit, for callers that stream people without the whole roster.
    public var unitTree: UnitTree { UnitTree(parents: parentOfUnit, known: Set(unitByID.keys)) }
}

/// The shape of a unit tree alone: enough to evaluate `<unit descendants="true">` while
/// people are streamed.
public struct UnitTree: Hashable, Sendable {
    public var parents: [OrgUnit.ID: OrgUnit.ID]
    public var known: Set<OrgUnit.ID>

    public init(parents: [OrgUnit.ID: OrgUnit.ID], known: Set<OrgUnit.ID>) {
        self.parents = parents
        self.known = known
    }

    /// Builds the tree of a roster's units.
    public init(units: [OrgUnit]) {
        var parents: [OrgUnit.ID: OrgUnit.ID] = [:]
        var known: Set<OrgUnit.ID> = []
        func visit(_ unit: OrgUnit, parent: OrgUnit.ID?) {
            if known.insert(unit.id).inserted, let parent { parents[unit.id] = parent }
            for child in unit.units { visit(child, parent: unit.id) }
        }
        for unit in units { visit(unit, parent: nil) }
        self.init(parents: parents, known: known)
    }

    /// Whether `unit` is `ancestor` or lies below it.
    public func unit(_ unit: OrgUnit.ID, isWithin ancestor: OrgUnit.ID) -> Bool {
        UnitTree.lineage(of: unit, parents: parents).contains(ancestor)
    }

    public func lineage(of unit: OrgUnit.ID) -> [OrgUnit.ID] { UnitTree.lineage(of: unit, parents: parents) }

    static func lineage(of unit: OrgUnit.ID, parents: [OrgUnit.ID: OrgUnit.ID]) -> [OrgUnit.ID] {
        var chain = [unit]
        var seen: Set<OrgUnit.ID> = [unit]
        var current = unit
        while let parent = parents[current], seen.insert(parent).inserted {
            chain.append(parent)
            current = parent
        }
        return chain
    }
}
