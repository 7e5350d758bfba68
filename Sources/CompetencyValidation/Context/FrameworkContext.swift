import CompetencyModel

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
    public init(framework: Framework, sourceMap: SourceMap, resolvingRequirements: Bool) {
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
                if case .competency(let id) = requirement.target, let resolved = index.resolve(requirement.level, for: id) {
                    site.competencySlot = resolved.slot
                    site.definedRank = resolved.rank
                }
                sites.append(site)
            }
        }
        if resolvingRequirements {
            sites.reserveCapacity(
                positions.reduce(0) { $0 + $1.value.requirements.count } + rules.reduce(0) { $0 + $1.value.requirements.count })
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
