import CompetencyModel

/// Something that can say where a subject was written.
public protocol Locating {
    /// Where the `occurrence`-th entity named `subject` was written (0 for the first); the
    /// first location when there are fewer; `nil` for a model built in code.
    func location(of subject: Subject, occurrence: Int) -> SourceLocation?
}

extension Locating {
    /// A note pointing at `subject`.
    func note(_ message: String, about subject: Subject, occurrence: Int = 0) -> Diagnostic.Note {
        Diagnostic.Note(message: message, location: location(of: subject, occurrence: occurrence), subject: subject)
    }
}

extension SourceMap {
    func location(of subject: Subject, occurrence: Int) -> SourceLocation? {
        let all = locations(of: subject)
        return occurrence < all.count ? all[occurrence] : all.first
    }
}

/// A value and which occurrence of its ID it is (0 for the first entity with that ID,
/// 1 for a duplicate, …), so that findings about duplicates point at the right element.
public struct Occurrence<Value: Sendable>: Sendable {
    public var value: Value
    public var occurrence: Int
}

/// A competency as it stands in the framework's tree.
public struct CompetencyEntry: Sendable {
    public var competency: Competency
    public var domain: Domain.ID
    public var parent: Competency.ID?
    /// Which occurrence of the competency's ID this is.
    public var occurrence: Int
}

/// What a rule sees when it checks a framework: the framework, constant-time lookups and
/// where everything was written.
public struct FrameworkContext: Locating, Sendable {
    public let framework: Framework
    public let index: FrameworkLookup
    public let sourceMap: SourceMap

    /// Every competency, nested ones after their parent, in document order.
    public let competencies: [CompetencyEntry]
    public let scales: [Occurrence<Scale>]
    public let domains: [Occurrence<Domain>]
    public let positions: [Occurrence<Position>]
    public let modules: [Occurrence<TrainingModule>]
    public let rules: [Occurrence<AssignmentRule>]
    /// Every requirement of every position, then of every rule, resolved once for the
    /// rules that check requirements.
    public let requirements: [RequirementSite]

    public init(framework: Framework, sourceMap: SourceMap = SourceMap()) {
        self.init(framework: framework, sourceMap: sourceMap, resolvingRequirements: true)
    }

    /// With `resolvingRequirements` false, ``requirements`` stays empty: enough for checking
    /// rosters against the framework, which never look at requirements.
    init(framework: Framework, sourceMap: SourceMap, resolvingRequirements: Bool) {
        self.framework = framework
        self.sourceMap = sourceMap
        scales = Self.numbered(framework.scales, by: \.id)
        domains = Self.numbered(framework.domains, by: \.id)
        positions = Self.numbered(framework.positions, by: \.id)
        modules = Self.numbered(framework.modules, by: \.id)
        rules = Self.numbered(framework.rules, by: \.id)
        var entries: [CompetencyEntry] = []
        var seen: [Competency.ID: Int] = [:]
        func visit(_ competency: Competency, domain: Domain.ID, parent: Competency.ID?) {
            let occurrence = seen[competency.id, default: 0]
            seen[competency.id] = occurrence + 1
            entries.append(CompetencyEntry(competency: competency, domain: domain, parent: parent, occurrence: occurrence))
            for child in competency.children { visit(child, domain: domain, parent: competency.id) }
        }
        for domain in framework.domains {
            for competency in domain.competencies { visit(competency, domain: domain.id, parent: nil) }
        }
        competencies = entries
        let index = FrameworkLookup(framework: framework, entries: entries)
        self.index = index
        var sites: [RequirementSite] = []
        func resolve(_ requirements: [Requirement], owner: Subject.RequirementOwner, occurrence: Int) {
            for (offset, requirement) in requirements.enumerated() {
                var site = RequirementSite(owner: owner, index: offset, occurrence: occurrence, requirement: requirement)
                if case .competency(let id) = requirement.target, let slot = index.slot(of: id) {
                    site.competencySlot = slot
                    site.definedRank = index.rankIfDefined(requirement.level, for: id)
                }
                sites.append(site)
            }
        }
        if resolvingRequirements {
            for entry in positions { resolve(entry.value.requirements, owner: .position(entry.value.id), occurrence: entry.occurrence) }
            for entry in rules { resolve(entry.value.requirements, owner: .rule(entry.value.id), occurrence: entry.occurrence) }
        }
        requirements = sites
    }

    static func numbered<Value: Sendable, Key: Hashable>(_ values: [Value], by key: KeyPath<Value, Key>) -> [Occurrence<Value>] {
        var seen: [Key: Int] = [:]
        return values.map { value in
            let occurrence = seen[value[keyPath: key], default: 0]
            seen[value[keyPath: key]] = occurrence + 1
            return Occurrence(value: value, occurrence: occurrence)
        }
    }

    public func location(of subject: Subject, occurrence: Int) -> SourceLocation? {
        sourceMap.location(of: subject, occurrence: occurrence)
    }

    /// Whether a level may be named for a competency, and if not, why.
    public func check(level: Level.ID, for competency: Competency.ID) -> LevelCheck {
        index.check(level: level, for: competency)
    }
}

/// A requirement of a position or rule, with its competency looked up once.
public struct RequirementSite: Sendable {
    public var owner: Subject.RequirementOwner
    /// Its index among its owner's requirements.
    public var index: Int
    /// Which occurrence of its owner's ID the owner is.
    public var occurrence: Int
    public var requirement: Requirement
    /// For a requirement on a competency that exists: the competency's slot (see
    /// ``FrameworkLookup/slot(of:)``).
    public var competencySlot: Int?
    /// For a requirement on a competency defined at the required level: the level's rank.
    public var definedRank: Int?

    public var subject: Subject { .requirement(owner, index: index) }

    init(owner: Subject.RequirementOwner, index: Int, occurrence: Int, requirement: Requirement) {
        self.owner = owner
        self.index = index
        self.occurrence = occurrence
        self.requirement = requirement
    }
}

/// The outcome of ``FrameworkContext/check(level:for:)``.
public enum LevelCheck: Sendable {
    case defined
    /// The competency does not exist (another rule reports that).
    case unknownCompetency
    /// The competency names a scale that does not exist (another rule reports that).
    case unknownScale
    /// The framework has no scale at all.
    case noScale
    /// The level is not on the competency's scale.
    case notOnScale(Scale)
    /// The level is on the scale, but the competency is defined at these levels only.
    case notDefined([Level.ID])
}

/// What a rule sees when it checks a roster: the roster, its framework when known, and
/// where everything was written.
public struct RosterContext: Locating, Sendable {
    public let roster: Roster
    public let index: RosterIndex
    public let sourceMap: SourceMap
    /// The roster's framework, with its own source map; `nil` when it was not given, and
    /// then references into the framework are not checked.
    public let framework: FrameworkContext?

    /// Every unit, depth first, with which occurrence of its ID it is.
    public let units: [Occurrence<OrgUnit>]
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
        index = RosterIndex(roster)
        units = FrameworkContext.numbered(index.allUnits, by: \.id)
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
