/// What `competency show` reports about one document: its identity, the languages its
/// texts are written in, counts per kind, its scales and, for a plan, its statuses.
public struct DocumentSummary: Hashable, Sendable, Codable {
    public var file: String
    public var kind: String
    public var id: String?
    public var title: String?
    public var version: String?
    public var status: String?
    public var date: String?
    public var languages: [String]
    public var counts: [String: Int]
    public var scales: [ScaleSummary] = []
    public var statuses: [String: Int] = [:]

    /// One scale: its levels in order, its bands, and its default and proficient levels.
    public struct ScaleSummary: Hashable, Sendable, Codable {
        public var id: String
        public var levels: [String]
        public var bands: [String: [String]]
        public var bandOrder: [String]
        public var defaultLevel: String?
        public var proficientLevel: String?
    }

    /// Summarises `document`, read from `file`.
    public init(_ document: CompetencyDocument, file: String) {
        self.file = file
        var languages = Set<String>()
        func note(_ text: LocalizedText) { for variant in text.variants where !variant.language.isEmpty { languages.insert(variant.language) } }
        switch document {
        case .framework(let framework):
            kind = "framework"
            id = framework.id.rawValue
            title = framework.title.value(preferring: framework.language)
            version = framework.version
            status = framework.status?.rawValue
            date = framework.issued?.description
            let index = FrameworkIndex(framework)
            let competencies = index.allCompetencies
            [framework.title, framework.description, framework.publisher].forEach(note)
            for scale in framework.scales {
                note(scale.title)
                for level in scale.levels { note(level.label); note(level.description) }
            }
            for domain in framework.domains { note(domain.title); note(domain.description) }
            for competency in competencies {
                [competency.title, competency.statement, competency.description].forEach(note)
                for descriptor in competency.descriptors {
                    note(descriptor.text)
                    (descriptor.knowledge + descriptor.skills + descriptor.attitudes + descriptor.examples).forEach(note)
                }
            }
            framework.positions.forEach { note($0.title); note($0.description) }
            framework.modules.forEach { note($0.title); note($0.description) }
            framework.rules.forEach { note($0.title); note($0.description) }
            counts = [
                "scales": framework.scales.count,
                "levels": framework.scales.reduce(0) { $0 + $1.levels.count },
                "bands": framework.scales.reduce(0) { $0 + $1.bands.count },
                "domains": framework.domains.count,
                "competencies": competencies.count,
                "nestedCompetencies": competencies.count - framework.domains.reduce(0) { $0 + $1.competencies.count },
                "descriptors": competencies.reduce(0) { $0 + $1.descriptors.count },
                "relations": competencies.reduce(0) { $0 + $1.relations.count },
                "matches": competencies.reduce(0) { $0 + $1.matches.count },
                "positions": framework.positions.count,
                "requirements": framework.positions.reduce(0) { $0 + $1.requirements.count }
                    + framework.rules.reduce(0) { $0 + $1.requirements.count },
                "modules": framework.modules.count,
                "rules": framework.rules.count,
            ]
            scales = framework.scales.map { scale in
                let bands = scale.bands
                return ScaleSummary(
                    id: scale.id.rawValue, levels: scale.levels.map(\.id.rawValue),
                    bands: Dictionary(uniqueKeysWithValues: bands.map { ($0.id.rawValue, $0.levels.map(\.rawValue)) }),
                    bandOrder: bands.map(\.id.rawValue), defaultLevel: scale.defaultLevel?.rawValue,
                    proficientLevel: scale.proficientLevel?.rawValue)
            }
        case .roster(let roster):
            var tally = PeopleTally()
            roster.people.forEach { tally.add($0) }
            self = DocumentSummary(roster: roster, people: tally, file: file)
            return
        case .plan(let plan):
            kind = "plan"
            id = plan.framework.map { "for framework \($0)" }
            version = plan.version
            date = plan.asOf?.description
            counts = [
                "people": plan.people.count,
                "needs": plan.people.reduce(0) { $0 + $1.needs.count },
                "assignments": plan.people.reduce(0) { $0 + $1.assignments.count },
                "unmet": plan.people.reduce(0) { $0 + $1.unmet.count },
            ]
            for person in plan.people { statuses[person.status.rawValue, default: 0] += 1 }
        }
        self.languages = languages.sorted()
    }

    /// What a summary counts of a roster's people, made person by person, so that a roster
    /// read as a stream need not be held whole (see ``init(roster:people:file:)``).
    public struct PeopleTally: Hashable, Sendable {
        public private(set) var people = 0
        public private(set) var assessments = 0
        public private(set) var certificates = 0
        public private(set) var completions = 0
        /// The languages of the people's names.
        public private(set) var languages: Set<String> = []

        public init() {}

        public mutating func add(_ person: Person) {
            people += 1
            assessments += person.assessments.count
            certificates += person.certificates.count
            completions += person.completions.count
            for variant in person.name.variants where !variant.language.isEmpty { languages.insert(variant.language) }
        }
    }

    /// Summarises a roster whose people were counted apart: `roster` holds its title, date
    /// and units (its people, if any, are not counted again), `people` the tally of them.
    public init(roster: Roster, people tally: PeopleTally, file: String) {
        self.file = file
        kind = "roster"
        id = roster.framework.map { "for framework \($0)" }
        title = roster.title.value(preferring: roster.language)
        date = roster.asOf?.description
        var languages = tally.languages
        func note(_ text: LocalizedText) { for variant in text.variants where !variant.language.isEmpty { languages.insert(variant.language) } }
        let index = RosterIndex(roster)
        note(roster.title)
        index.allUnits.forEach { note($0.title) }
        counts = [
            "units": index.allUnits.count,
            "people": tally.people,
            "assessments": tally.assessments,
            "certificates": tally.certificates,
            "completions": tally.completions,
        ]
        self.languages = languages.sorted()
    }

    /// The summary as `competency show` prints it.
    public var text: String {
        var lines: [String] = []
        var heading = "\(file): \(kind)"
        if let id { heading += " \(id)" }
        if let version { heading += " version \(version)" }
        lines.append(heading)
        if let title { lines.append("  title:      \(title)") }
        if let status { lines.append("  status:     \(status)") }
        if let date { lines.append("  \(kind == "framework" ? "issued:" : "as of: ")     \(date)") }
        if !languages.isEmpty { lines.append("  languages:  \(languages.joined(separator: ", "))") }
        let order = [
            "scales", "levels", "bands", "domains", "competencies", "nestedCompetencies", "descriptors", "relations",
            "matches", "positions", "requirements", "modules", "rules", "units", "people", "assessments",
            "certificates", "completions", "needs", "assignments", "unmet",
        ]
        for key in order {
            guard let count = counts[key] else { continue }
            let name = key == "nestedCompetencies" ? "nested" : key
            let label = name + ":"
            lines.append("  " + label + String(repeating: " ", count: max(0, 14 - label.count)) + "\(count)")
        }
        for scale in scales {
            var line = "  scale \(scale.id): \(scale.levels.joined(separator: " "))"
            if !scale.bandOrder.isEmpty {
                line += " in bands " + scale.bandOrder.map { "\($0) (\((scale.bands[$0] ?? []).joined(separator: " ")))" }
                    .joined(separator: ", ")
            }
            lines.append(line)
            if scale.defaultLevel != nil || scale.proficientLevel != nil {
                lines.append("    default \(scale.defaultLevel ?? "-"), proficient \(scale.proficientLevel ?? "-")")
            }
        }
        if !statuses.isEmpty {
            lines.append("  statuses:   " + statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
