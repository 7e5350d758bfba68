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
    /// The framework a roster or plan refers to, for ``text(_:)``; not encoded (``id`` says
    /// it as `for framework …`).
    public var framework: String?

    private enum CodingKeys: String, CodingKey {
        case file, kind, id, title, version, status, date, languages, counts, scales, statuses
    }

    /// One scale: its levels in order, its bands, and its default and proficient levels.
    public struct ScaleSummary: Hashable, Sendable, Codable {
        public var id: String
        public var levels: [String]
        public var bands: [String: [String]]
        public var bandOrder: [String]
        public var defaultLevel: String?
        public var proficientLevel: String?
    }

    /// Summarises `document`, read from `file`, with its title in `language` (falling back to
    /// the document's default language).
    public init(_ document: CompetencyDocument, file: String, language: String? = nil) {
        self.file = file
        var languages = Set<String>()
        // Most texts share the language of the one before: that one is not hashed again.
        var lastLanguage = ""
        func note(_ text: LocalizedText) {
            for variant in text.variants where !variant.language.isEmpty && variant.language != lastLanguage {
                languages.insert(variant.language)
                lastLanguage = variant.language
            }
        }
        switch document {
        case .framework(let framework):
            kind = "framework"
            id = framework.id.rawValue
            title = Localizer(language: language, documentLanguage: framework.language, catalogues: []).text(framework.title)
            version = framework.version
            status = framework.status?.rawValue
            date = framework.issued?.description
            [framework.title, framework.description, framework.publisher].forEach(note)
            for scale in framework.scales {
                note(scale.title)
                for level in scale.levels { note(level.label); note(level.description) }
            }
            // Every competency at every depth, walked once without gathering them.
            var competencies = 0
            var descriptors = 0
            var relations = 0
            var matches = 0
            func visit(_ competency: Competency) {
                competencies += 1
                descriptors += competency.descriptors.count
                relations += competency.relations.count
                matches += competency.matches.count
                note(competency.title)
                note(competency.statement)
                note(competency.description)
                for descriptor in competency.descriptors {
                    note(descriptor.text)
                    for texts in [descriptor.knowledge, descriptor.skills, descriptor.attitudes, descriptor.examples] { texts.forEach(note) }
                }
                for child in competency.children { visit(child) }
            }
            for domain in framework.domains {
                note(domain.title)
                note(domain.description)
            }
            for domain in framework.domains { domain.competencies.forEach(visit) }
            framework.positions.forEach { note($0.title); note($0.description) }
            framework.modules.forEach { note($0.title); note($0.description) }
            framework.rules.forEach { note($0.title); note($0.description) }
            counts = [
                "scales": framework.scales.count,
                "levels": framework.scales.reduce(0) { $0 + $1.levels.count },
                "bands": framework.scales.reduce(0) { $0 + $1.bands.count },
                "domains": framework.domains.count,
                "competencies": competencies,
                "nestedCompetencies": competencies - framework.domains.reduce(0) { $0 + $1.competencies.count },
                "descriptors": descriptors,
                "relations": relations,
                "matches": matches,
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
            self = DocumentSummary(roster: roster, people: tally, file: file, language: language)
            return
        case .plan(let plan):
            kind = "plan"
            id = plan.framework.map { "for framework \($0)" }
            framework = plan.framework?.rawValue
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
    /// read as a stream need not be held whole (see ``DocumentSummary/init(roster:people:file:language:)``).
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
    /// and units (its people, if any, are not counted again), `people` the tally of them. Its
    /// title is in `language`, falling back to the roster's default language.
    public init(roster: Roster, people tally: PeopleTally, file: String, language: String? = nil) {
        self.file = file
        kind = "roster"
        id = roster.framework.map { "for framework \($0)" }
        framework = roster.framework?.rawValue
        title = Localizer(language: language, documentLanguage: roster.language, catalogues: []).text(roster.title)
        date = roster.asOf?.description
        var languages = tally.languages
        // Most texts share the language of the one before: that one is not hashed again.
        var lastLanguage = ""
        func note(_ text: LocalizedText) {
            for variant in text.variants where !variant.language.isEmpty && variant.language != lastLanguage {
                languages.insert(variant.language)
                lastLanguage = variant.language
            }
        }
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

    /// The summary as `competency show` prints it, with no language asked for.
    public var text: String { text(.standard()) }

    /// The summary in `words`' language: labels and kinds from the catalogue, the date and
    /// counts formatted for the language.
    public func text(_ words: Localizer) -> String {
        var lines: [String] = []
        var heading = "\(file): " + words.message("show.kind.\(kind)")
        if let framework, id == "for framework \(framework)" {
            heading += " " + words.message("show.for-framework", ["id": framework])
        } else if let id {
            heading += " \(id)"
        }
        if let version { heading += " " + words.message("show.version", ["version": version]) }
        lines.append(heading)
        // Labels padded to a column: 12 wide for the fields, 14 for the counts, or wider when a
        // language's labels are longer.
        func aligned(_ fields: [(key: String, value: String)], width: Int) -> [String] {
            let labels = fields.map { words.message($0.key) + ":" }
            let column = max(width, (labels.map(\.count).max() ?? 0) + 1)
            return zip(labels, fields).map { label, field in
                "  " + label + String(repeating: " ", count: column - label.count) + field.value
            }
        }
        var fields: [(key: String, value: String)] = []
        if let title { fields.append(("show.label.title", title)) }
        if let status { fields.append(("show.label.status", words.message("show.status.\(status)"))) }
        if let date {
            fields.append((kind == "framework" ? "show.label.issued" : "show.label.as-of", ISODate(date).map(words.date) ?? date))
        }
        if !languages.isEmpty { fields.append(("show.label.languages", languages.joined(separator: ", "))) }
        lines += aligned(fields, width: 12)
        let order = [
            "scales", "levels", "bands", "domains", "competencies", "nestedCompetencies", "descriptors", "relations",
            "matches", "positions", "requirements", "modules", "rules", "units", "people", "assessments",
            "certificates", "completions", "needs", "assignments", "unmet",
        ]
        lines += aligned(order.compactMap { key in counts[key].map { ("show.count.\(key)", words.number($0)) } }, width: 14)
        for scale in scales {
            var line = "  " + words.message("show.scale", ["id": scale.id, "levels": scale.levels.joined(separator: " ")])
            if !scale.bandOrder.isEmpty {
                let bands = scale.bandOrder.map { "\($0) (\((scale.bands[$0] ?? []).joined(separator: " ")))" }
                line += " " + words.message("show.bands", ["bands": bands.joined(separator: ", ")])
            }
            lines.append(line)
            if scale.defaultLevel != nil || scale.proficientLevel != nil {
                lines.append(
                    "    " + words.message("show.defaults", ["default": scale.defaultLevel ?? "-", "proficient": scale.proficientLevel ?? "-"]))
            }
        }
        if !statuses.isEmpty {
            let shown = statuses.sorted { $0.key < $1.key }.map { words.message("show.plan-status.\($0.key)") + " " + words.number($0.value) }
            lines += aligned([("show.label.statuses", shown.joined(separator: ", "))], width: 12)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
