import CompetencyModel

/// The names of a framework's entities in one language, computed once per renderer so that
/// rendering a person only looks strings up. Each name is kept as plain text and as a JSON
/// string literal.
struct PlanVocabulary: Sendable {
    struct Name: Sendable {
        var text: String
        var json: String
        init(_ text: String) {
            self.text = text
            json = Escaping.json(text)
        }
    }

    /// A level's label, and the level as two CSV fields (`id,label`).
    struct LevelNames: Sendable {
        var id: Level.ID
        var name: Name
        var csv: String
        /// The level's rank on its scale (``FrameworkIndex/rank(of:on:)``).
        var rank: Int?
    }

    /// Everything the renderers write for one competency, found with one look-up per need (a
    /// class, so that a look-up retains one reference instead of copying seven).
    final class CompetencyNames: Sendable {
        /// The title, or the ID when the framework gives none.
        let name: Name
        /// `id,title` as two CSV fields.
        let csv: String
        /// The ID as a JSON string.
        let jsonID: String
        /// `"competency":ID,"title":TITLE` (the title `null` for a competency the framework
        /// does not hold).
        let jsonHead: String
        /// The labels of the competency's scale, in the scale's order (two scales may share a
        /// level ID, so labels are kept by competency).
        let levels: [LevelNames]

        /// A competency the framework does not hold: its ID for its title and level labels.
        init(unknown id: Competency.ID) {
            name = Name(id.rawValue)
            csv = PlanVocabulary.csvPair(id.rawValue, id.rawValue)
            jsonID = Escaping.json(id.rawValue)
            jsonHead = PlanVocabulary.jsonCompetencyHead(id, title: "null")
            levels = []
        }

        init(_ id: Competency.ID, name: Name, levels: [LevelNames]) {
            self.name = name
            csv = PlanVocabulary.csvPair(id.rawValue, name.text)
            jsonID = Escaping.json(id.rawValue)
            jsonHead = PlanVocabulary.jsonCompetencyHead(id, title: name.json)
            self.levels = levels
        }

        /// The names of level `id` (a scale has a handful of levels: a scan beats hashing).
        @inline(__always)
        func level(_ id: Level.ID) -> LevelNames? {
            for level in levels where level.id == id { return level }
            return nil
        }

        /// A level's label, or its ID.
        func levelText(_ id: Level.ID) -> String { level(id)?.name.text ?? id.rawValue }
        /// A level's label as a JSON string.
        func levelJSON(_ id: Level.ID) -> String { level(id)?.name.json ?? Escaping.json(id.rawValue) }
        /// `id,label` as two CSV fields.
        func levelCSV(_ id: Level.ID) -> String { level(id)?.csv ?? PlanVocabulary.csvPair(id.rawValue, id.rawValue) }
    }

    let words: Localizer
    /// The framework's competencies' names, by ID.
    private var byCompetency: [Competency.ID: CompetencyNames] = [:]
    private(set) var modules: [TrainingModule.ID: Name] = [:]
    private(set) var rules: [AssignmentRule.ID: Name] = [:]
    private(set) var positions: [Position.ID: Name] = [:]
    private(set) var units: [OrgUnit.ID: Name] = [:]
    /// Delivery words by the framework's delivery value.
    private(set) var deliveries: [String: String] = [:]
    /// The highest level any module teaches, by competency.
    private(set) var highestTaught: [Competency.ID: Level.ID] = [:]
    /// CSV fields and JSON members escaped once, by the builders below, which the look-ups
    /// (`csvCompetency(_:)` and the others) also use for anything not found.
    private var csvModules: [TrainingModule.ID: String] = [:]
    /// A module's hours and delivery as the CSV plan writes them after its order.
    private var csvModuleTails: [TrainingModule.ID: String] = [:]
    private var csvSources: [Need.Cause: String] = [:]
    private var jsonCompetencyHeads: [Competency.ID: String] = [:]
    private var jsonModuleHeads: [TrainingModule.ID: String] = [:]
    private var jsonModuleTails: [TrainingModule.ID: String] = [:]
    private var jsonSources: [Need.Cause: String] = [:]
    /// What each module teaches, with the rank it brings a learner to.
    private(set) var teaches: [TrainingModule.ID: [(competency: Competency.ID, rank: Int)]] = [:]
    /// The letter's words that do not depend on the person.
    let letter: LetterWords
    let index: FrameworkIndex

    init(index: FrameworkIndex, units: [OrgUnit], words: Localizer) {
        self.index = index
        self.words = words
        let framework = index.framework
        var scaleLabels: [Scale.ID: [LevelNames]] = [:]
        for scale in framework.scales {
            // A level ID given twice keeps the last label, at its first place.
            var labels: [LevelNames] = []
            for level in scale.levels {
                let name = Name(words.text(level.label) ?? level.id.rawValue)
                let names = LevelNames(
                    id: level.id, name: name, csv: Self.csvPair(level.id.rawValue, name.text),
                    rank: index.rank(of: level.id, on: scale.id))
                if let known = labels.firstIndex(where: { $0.id == level.id }) { labels[known] = names } else { labels.append(names) }
            }
            scaleLabels[scale.id] = labels
        }
        for competency in index.allCompetencies {
            let name = Name(words.text(competency.title) ?? competency.id.rawValue)
            let labels = index.scale(of: competency.id).flatMap { scaleLabels[$0.id] } ?? []
            byCompetency[competency.id] = CompetencyNames(competency.id, name: name, levels: labels)
        }
        for module in framework.modules {
            modules[module.id] = Name(words.text(module.title) ?? module.id.rawValue)
            if let delivery = module.delivery, deliveries[delivery] == nil {
                let key = "delivery.\(delivery)"
                let word = words.message(key)
                deliveries[delivery] = word == key ? delivery : word
            }
            var taught: [(competency: Competency.ID, rank: Int)] = []
            for teaching in module.teaches {
                guard let rank = index.rank(of: teaching.level, for: teaching.competency) else { continue }
                taught.append((teaching.competency, rank))
                if let best = highestTaught[teaching.competency],
                    let bestRank = index.rank(of: best, for: teaching.competency), bestRank >= rank
                {
                    continue
                }
                highestTaught[teaching.competency] = teaching.level
            }
            teaches[module.id] = taught
        }
        for rule in framework.rules { rules[rule.id] = Name(words.text(rule.title) ?? rule.id.rawValue) }
        for position in framework.positions { positions[position.id] = Name(words.text(position.title) ?? position.id.rawValue) }
        for module in framework.modules {
            let name = modules[module.id] ?? Name(module.id.rawValue)
            csvModules[module.id] = Self.csvPair(module.id.rawValue, name.text)
            csvModuleTails[module.id] = Self.csvModuleTail(module)
            jsonModuleHeads[module.id] = Self.jsonModuleHead(module.id, title: name.json)
            jsonModuleTails[module.id] = Self.jsonModuleTail(module)
        }
        for (id, name) in rules {
            csvSources[.rule(id)] = Self.csvSource(.rule(id), title: name.text)
            jsonSources[.rule(id)] = Self.jsonSource(.rule(id), title: name.json)
        }
        for (id, name) in positions {
            csvSources[.position(id)] = Self.csvSource(.position(id), title: name.text)
            jsonSources[.position(id)] = Self.jsonSource(.position(id), title: name.json)
        }
        letter = LetterWords(words: words, framework: framework, rules: rules, positions: positions)
        var pending = units
        while let unit = pending.popLast() {
            self.units[unit.id] = Name(words.text(unit.title) ?? unit.id.rawValue)
            pending += unit.units
        }
    }

    /// The names of competency `id`: the framework's, or its ID for one the framework does not hold.
    func entry(_ id: Competency.ID) -> CompetencyNames { byCompetency[id] ?? CompetencyNames(unknown: id) }
    func competency(_ id: Competency.ID) -> String { byCompetency[id]?.name.text ?? id.rawValue }
    func module(_ id: TrainingModule.ID) -> String { modules[id]?.text ?? id.rawValue }
    func level(_ id: Level.ID, of competency: Competency.ID) -> String {
        byCompetency[competency]?.level(id)?.name.text ?? id.rawValue
    }
    func delivery(_ value: String) -> String { deliveries[value] ?? value }

    // MARK: Escaped once, for CSV and JSON

    /// `id,title` (or `id,label`) as two CSV fields.
    static func csvPair(_ id: String, _ text: String) -> String { Escaping.csvField(id) + "," + Escaping.csvField(text) }
    /// A source as one CSV field: `rule ID (title)`.
    private static func csvSource(_ cause: Need.Cause, title: String) -> String {
        switch cause {
        case .rule(let id): Escaping.csvField("rule \(id) (\(title))")
        case .position(let id): Escaping.csvField("position \(id) (\(title))")
        }
    }
    /// `"competency":ID,"title":TITLE`, with `title` already a JSON value.
    static func jsonCompetencyHead(_ id: Competency.ID, title: String) -> String {
        "\"competency\":\(Escaping.json(id.rawValue)),\"title\":\(title)"
    }
    /// `"module":ID,"title":TITLE`, with `title` already a JSON value.
    private static func jsonModuleHead(_ id: TrainingModule.ID, title: String) -> String {
        "\"module\":\(Escaping.json(id.rawValue)),\"title\":\(title)"
    }
    /// `,"hours":H,"delivery":D`.
    private static func jsonModuleTail(_ module: TrainingModule?) -> String {
        ",\"hours\":\(JSON.number(module?.hours)),\"delivery\":\(JSON.optional(module?.delivery))"
    }
    /// `{"rule":ID,"title":TITLE}` or `{"position":…}`, with `title` already a JSON value.
    private static func jsonSource(_ cause: Need.Cause, title: String) -> String {
        switch cause {
        case .rule(let id): "{\"rule\":\(Escaping.json(id.rawValue)),\"title\":\(title)}"
        case .position(let id): "{\"position\":\(Escaping.json(id.rawValue)),\"title\":\(title)}"
        }
    }

    /// `,hours,delivery` of module `id` in a CSV plan.
    func csvModuleTail(_ id: TrainingModule.ID) -> String { csvModuleTails[id] ?? Self.csvModuleTail(index.module(id)) }

    static func csvModuleTail(_ module: TrainingModule?) -> String {
        "," + Escaping.csvField(JSON.number(module?.hours)) + "," + Escaping.csvField(module?.delivery ?? "")
    }

    func csvModule(_ id: TrainingModule.ID) -> String { csvModules[id] ?? Self.csvPair(id.rawValue, module(id)) }
    func csvSource(_ cause: Need.Cause) -> String { csvSources[cause] ?? Self.csvSource(cause, title: title(of: cause)?.text ?? "") }
    func jsonCompetencyID(_ id: Competency.ID) -> String { byCompetency[id]?.jsonID ?? Escaping.json(id.rawValue) }
    func jsonModuleHead(_ id: TrainingModule.ID) -> String {
        jsonModuleHeads[id] ?? Self.jsonModuleHead(id, title: modules[id]?.json ?? "null")
    }
    func jsonModuleTail(_ id: TrainingModule.ID) -> String { jsonModuleTails[id] ?? Self.jsonModuleTail(index.module(id)) }
    func jsonSource(_ cause: Need.Cause) -> String {
        jsonSources[cause] ?? Self.jsonSource(cause, title: title(of: cause)?.json ?? "null")
    }

    /// A cause's kind, ID and title: `rule R-basic “Basic skills”`.
    func source(_ cause: Need.Cause) -> String {
        letter.sources[cause] ?? LetterWords.source(cause, title: title(of: cause)?.text, words: words)
    }

    /// Which source set the level, and which the deadline, in words: one phrase when it is the
    /// same source.
    func sourcePhrases(level: Need.Cause?, deadline: Need.Cause?) -> PlanLetter.Sources {
        func phrases(_ cause: Need.Cause) -> LetterWords.SourcePhrases {
            letter.phrases[cause] ?? LetterWords.phrases(source: source(cause), words: words)
        }
        if let level, level == deadline { return PlanLetter.Sources(first: phrases(level).both) }
        switch (level, deadline) {
        case (let level?, let deadline?): return PlanLetter.Sources(first: phrases(level).level, second: phrases(deadline).deadline)
        case (let level?, nil): return PlanLetter.Sources(first: phrases(level).level)
        case (nil, let deadline?): return PlanLetter.Sources(first: phrases(deadline).deadline)
        case (nil, nil): return PlanLetter.Sources(first: "")
        }
    }

    func title(of cause: Need.Cause) -> Name? {
        switch cause {
        case .rule(let id): rules[id]
        case .position(let id): positions[id]
        }
    }

    // MARK: Claims derived from the framework

    /// The level and deadline one cause asks of `competency`.
    private func demand(of cause: Need.Cause, for competency: Competency.ID) -> (rank: Int, by: ISODate?)? {
        let requirements: [Requirement]
        switch cause {
        case .rule(let id): requirements = index.rule(id)?.requirements ?? []
        case .position(let id): requirements = index.position(id)?.requirements ?? []
        }
        var best: (rank: Int, by: ISODate?)?
        for requirement in requirements {
            switch requirement.target {
            case .competency(let target): guard target == competency else { continue }
            case .domain(let domain): guard index.domain(of: competency) == domain else { continue }
            }
            guard let rank = index.rank(of: requirement.level, for: competency) else { continue }
            if let current = best, current.rank > rank { continue }
            best = (rank, requirement.by)
        }
        return best
    }

    /// The source that set the required level: the first cause asking for that level.
    func levelSource(of requirement: RequirementOutcome) -> Need.Cause? {
        if let set = requirement.levelSetBy { return set }
        guard let rank = index.rank(of: requirement.required, for: requirement.competency) else {
            return requirement.because.first
        }
        return requirement.because.first { demand(of: $0, for: requirement.competency)?.rank == rank }
            ?? requirement.because.first
    }

    /// The source that set the deadline: the first cause whose deadline is the requirement's.
    func deadlineSource(of requirement: RequirementOutcome) -> Need.Cause? {
        if let set = requirement.deadlineSetBy { return set }
        guard let by = requirement.by else { return nil }
        return requirement.because.first { demand(of: $0, for: requirement.competency)?.by == by }
    }

    /// The needs among `requirements` that `module` closes (it teaches the required level or
    /// above) and those it only works towards (it teaches a level between attained and
    /// required).
    ///
    /// What a module closes is the engine's (``ModuleAssignment/closes``), but a need it can
    /// meet only in part, which stays unmet, is one it works towards; so is a need it teaches
    /// a level of between the attained and the required one.
    func closes(_ assignment: ModuleAssignment, among needs: OpenNeeds) -> (closes: [Competency.ID], towards: [Competency.ID]) {
        var closes: [Competency.ID] = []
        closes.reserveCapacity(assignment.closes.count)
        var towards: [Competency.ID] = []
        for competency in assignment.closes {
            if needs.isUnmet(competency) { towards.append(competency) } else { closes.append(competency) }
        }
        for taught in teaches[assignment.module] ?? [] where !assignment.closes.contains(taught.competency) {
            guard let need = needs.first(taught.competency), let required = entry(taught.competency).level(need.required)?.rank
            else { continue }
            if taught.rank < required && taught.rank > need.attained && !towards.contains(taught.competency) {
                towards.append(taught.competency)
            }
        }
        return (closes, towards)
    }

    /// Why a need stays unmet, in words.
    func unmetReason(_ requirement: RequirementOutcome) -> String {
        let competency = competency(requirement.competency)
        guard let highest = highestTaught[requirement.competency] else {
            return words.message("plan.unmet.none-taught", ["competency": competency])
        }
        return words.message(
            "plan.unmet.beyond", ["competency": competency, "level": level(highest, of: requirement.competency)])
    }

    /// The condition that released a person from `rule`, in words: its `exempt-if` clause.
    func exemption(of outcome: RuleOutcome) -> String {
        guard !outcome.releasedBy.isEmpty else {
            guard let predicate = index.rule(outcome.rule)?.exemptIf else { return words.message("plan.condition.always") }
            return describe(predicate)
        }
        let clauses = outcome.releasedBy.map { match in
            guard let certificate = match.certificate else { return describe(match.condition) }
            let title = words.text(certificate.title) ?? certificate.kind
            let id = certificate.id?.rawValue ?? ""
            if let expires = certificate.expires {
                return words.message("plan.condition.held-certificate", ["title": title, "id": id, "date": words.date(expires)])
            }
            return words.message("plan.condition.held-certificate-open", ["title": title, "id": id])
        }
        return clauses.dropFirst().reduce(clauses[0]) { words.message("plan.condition.and", ["left": $0, "right": $1]) }
    }

    func describe(_ predicate: RulePredicate) -> String {
        switch predicate {
        case .always: return words.message("plan.condition.always")
        case .all(let parts): return join(parts, key: "plan.condition.and")
        case .any(let parts): return join(parts, key: "plan.condition.or")
        case .not(let inner): return words.message("plan.condition.not", ["condition": describe(inner)])
        case .position(let id):
            return words.message("plan.condition.position", ["position": positions[id]?.text ?? id.rawValue])
        case .positionFamily(let family): return words.message("plan.condition.family", ["family": family])
        case .unit(let id, let descendants):
            return words.message(
                descendants ? "plan.condition.unit-within" : "plan.condition.unit", ["unit": units[id]?.text ?? id.rawValue])
        case .attribute(let name, let value): return words.message("plan.condition.attribute", ["name": name, "value": value])
        case .certificate(let kind): return words.message("plan.condition.certificate", ["kind": kind])
        case .level(let competency, let atLeast):
            return words.message(
                "plan.condition.level", ["level": level(atLeast, of: competency), "competency": self.competency(competency)])
        case .annotated(let inner, _): return describe(inner)
        }
    }

    private func join(_ parts: [RulePredicate], key: String) -> String {
        guard var text = parts.first.map(describe) else { return words.message("plan.condition.always") }
        for part in parts.dropFirst() { text = words.message(key, ["left": text, "right": describe(part)]) }
        return text
    }
}

/// Deadline flags against the as-of date.
enum DeadlineFlag: String, Sendable {
    case overdue
    case dueSoon = "due-soon"

    /// Overdue when the deadline has passed on `asOf`; due soon when it falls within 90
    /// days of it.
    init?(by: ISODate?, asOf: ISODate) {
        guard let by else { return nil }
        if by < asOf {
            self = .overdue
        } else if Self.day(by) - Self.day(asOf) <= 90 {
            self = .dueSoon
        } else {
            return nil
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func day(_ date: ISODate) -> Int {
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let monthIndex = (date.month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    var messageKey: String { self == .overdue ? "plan.flag.overdue" : "plan.flag.due-soon" }
}

/// One person's requirements that are not met, found by competency: what
/// ``PlanVocabulary/closes(_:among:)`` asks of each of the person's modules, indexed once per
/// person instead of searched once per module.
struct OpenNeeds {
    /// What the letter needs of one competency's first requirement that is not met.
    struct Need {
        /// The required level.
        var required: Level.ID
        /// The attained level's rank, `Int.min` when nothing is attained.
        var attained: Int
        /// Whether any requirement for the competency is unmet.
        var unmet: Bool
    }

    /// For each competency with a requirement not met, in the order first seen: the first such
    /// requirement's ranks, and whether any of them is unmet. A person has a few dozen
    /// requirements at most, so the index is a scan of IDs (most compare as one word) rather
    /// than a hash of each.
    private var competencies: [Competency.ID] = []
    private var needs: [Need] = []
    /// Whether any requirement is unmet (seldom): when none is, ``isUnmet(_:)`` needs no scan.
    private var anyUnmet = false

    init(_ requirements: [RequirementOutcome]) {
        competencies.reserveCapacity(requirements.count)
        needs.reserveCapacity(requirements.count)
        for offset in requirements.indices where requirements[offset].state != .met {
            let unmet = requirements[offset].state == .unmet
            if unmet { anyUnmet = true }
            let competency = requirements[offset].competency
            if let known = position(competency) {
                if unmet { needs[known].unmet = true }
            } else {
                competencies.append(competency)
                needs.append(
                    Need(
                        required: requirements[offset].required,
                        attained: requirements[offset].attained?.rank ?? Int.min, unmet: unmet))
            }
        }
    }

    private func position(_ competency: Competency.ID) -> Int? {
        for index in competencies.indices where competencies[index] == competency { return index }
        return nil
    }

    /// Whether a requirement for `competency` is unmet.
    func isUnmet(_ competency: Competency.ID) -> Bool {
        guard anyUnmet else { return false }
        return position(competency).map { needs[$0].unmet } ?? false
    }

    /// The first requirement for `competency` that is not met: its required level and attained rank.
    func first(_ competency: Competency.ID) -> Need? { position(competency).map { needs[$0] } }
}
