import CompetencyModel

/// What a rule sees when it checks a roster: the roster, its framework when known, and
/// where everything was written.
///
/// A context covers either a whole roster, or (for a roster checked as it streams, see
/// ``person(_:occurrence:sourceMap:in:earlier:)``) one part of it: the roster's own header
/// (its title, units and attributes, with no people) or one person. Rules report what
/// belongs to the header only when ``includesHeader`` is true, so that a streamed check
/// reports it once.
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
    /// Whether findings about the roster itself and its units belong to this context: true
    /// for a whole roster and for a header, false for one person of a streamed roster.
    public let includesHeader: Bool
    /// What came before this part of a streamed roster: the first certificate with each ID,
    /// where it is, and which person holds it. Empty for a whole roster, whose rules see
    /// every person.
    public let earlierCertificates: [Certificate.ID: EarlierCertificate]
    /// Where subjects seen in earlier parts were written (the first person with an ID
    /// this part repeats, say), for notes that point back at them.
    private let earlier: [Subject: SourceLocation]

    /// The first certificate with an ID, in an earlier part of a streamed roster.
    public struct EarlierCertificate: Hashable, Sendable {
        public var subject: Subject
        public var location: SourceLocation?
        public init(subject: Subject, location: SourceLocation?) {
            self.subject = subject
            self.location = location
        }
    }

    /// Every person, with which occurrence of its ID it is (made as it is read, since
    /// rosters can be large).
    public var people: some Sequence<Occurrence<Person>> {
        zip(roster.people, personOccurrences).lazy.map { Occurrence(value: $0, occurrence: $1) }
    }

    /// A whole roster.
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
        includesHeader = true
        earlierCertificates = [:]
        earlier = [:]
    }

    private init(
        roster: Roster, sourceMap: SourceMap, framework: FrameworkContext?, units: [Occurrence<OrgUnit>],
        unitIDs: Set<OrgUnit.ID>, personOccurrences: [Int], earlierCertificates: [Certificate.ID: EarlierCertificate],
        earlier: [Subject: SourceLocation]
    ) {
        self.roster = roster
        self.sourceMap = sourceMap
        self.framework = framework
        self.units = units
        self.unitIDs = unitIDs
        self.personOccurrences = personOccurrences
        self.includesHeader = false
        self.earlierCertificates = earlierCertificates
        self.earlier = earlier
    }

    /// One person of a streamed roster, checked against the roster's `header` context (its
    /// units and attributes, which references resolve against).
    ///
    /// - Parameters:
    ///   - person: the person, as the reader handed it over.
    ///   - occurrence: which occurrence of its ID the person is in the whole roster.
    ///   - sourceMap: the person's own locations.
    ///   - header: the context of the roster without its people.
    ///   - earlier: where the first person with this ID was written, when `occurrence` is
    ///     above 0; and the first certificate with each ID this person's certificates use.
    public static func person(
        _ person: Person, occurrence: Int, sourceMap: SourceMap, in header: RosterContext,
        earlier: (person: SourceLocation?, certificates: [Certificate.ID: EarlierCertificate])
    ) -> RosterContext {
        var roster = header.roster
        roster.people = [person]
        var located: [Subject: SourceLocation] = [:]
        if occurrence > 0, let first = earlier.person { located[.person(person.id)] = first }
        return RosterContext(
            roster: roster, sourceMap: sourceMap, framework: header.framework, units: header.units,
            unitIDs: header.unitIDs, personOccurrences: [occurrence], earlierCertificates: earlier.certificates,
            earlier: located)
    }

    public func location(of subject: Subject, occurrence: Int) -> SourceLocation? {
        if occurrence == 0, let first = earlier[subject] { return first }
        return sourceMap.location(of: subject, occurrence: occurrence)
            ?? framework?.location(of: subject, occurrence: occurrence)
    }
}
