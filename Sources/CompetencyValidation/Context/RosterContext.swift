import CompetencyModel

/// What a rule sees when it checks a roster: the roster, its framework when known, and
/// where everything was written.
public struct RosterContext: Locating, Sendable {
    public let roster: Roster
    public let sourceMap: SourceMap
    /// The roster's framework, with its own source map; `nil` when it was not given, and
    /// then references into the framework are not checked.
    public let framework: FrameworkContext?

    /// Every unit, depth first, with which occurrence of its ID it is.
    public let units: [Occurrence<OrgUnit>]
    /// The ID of every unit.
    public let unitIDs: Set<OrgUnit.ID>
    /// Which occurrence of its ID each person is, in roster order.
    public let personOccurrences: [Int]

    /// Every person, with which occurrence of its ID it is (made as it is read, since
    /// rosters can be large).
    public var people: some Sequence<Occurrence<Person>> {
        zip(roster.people, personOccurrences).lazy.map { Occurrence(value: $0, occurrence: $1) }
    }

    public init(roster: Roster, sourceMap: SourceMap = SourceMap(), framework: FrameworkContext? = nil) {
        self.roster = roster
        self.sourceMap = sourceMap
        self.framework = framework
        var allUnits: [OrgUnit] = []
        var stack = Array(roster.units.reversed())
        while let unit = stack.popLast() {
            allUnits.append(unit)
            stack.append(contentsOf: unit.units.reversed())
        }
        units = FrameworkContext.numbered(allUnits, by: \.id)
        unitIDs = Set(allUnits.map(\.id))
        var seen: [Person.ID: Int] = [:]
        personOccurrences = roster.people.map { person in
            let occurrence = seen[person.id, default: 0]
            seen[person.id] = occurrence + 1
            return occurrence
        }
    }

    public func location(of subject: Subject, occurrence: Int) -> SourceLocation? {
        sourceMap.location(of: subject, occurrence: occurrence)
            ?? framework?.location(of: subject, occurrence: occurrence)
    }
}
