import CompetencyModel

/// The letter's words that do not depend on the person, filled once per renderer: labels,
/// statuses, flags, each source in words and the phrases naming it, each module's hours, and
/// the deadlines the framework sets. The per-person messages are kept as parsed templates, so a
/// letter costs appends and look-ups, not template scans.
struct LetterWords: Sendable {
    /// "level set by …", "deadline set by …", "level and deadline set by …" for one source.
    struct SourcePhrases: Sendable {
        var level: String
        var deadline: String
        var both: String
    }

    let unitLabel: String
    let positionLabel: String
    let statusLabel: String
    let unnamed: String
    let noLevel: String
    let noDeadline: String
    let statuses: [PersonPlan.Status: String]
    let flags: [DeadlineFlag: String]
    /// A cause's kind, ID and title: `rule R-basic “Basic skills”`.
    let sources: [Need.Cause: String]
    let phrases: [Need.Cause: SourcePhrases]
    /// `by 31 December 2026`, for every deadline a rule or position sets.
    let deadlines: [ISODate: String]
    /// `9.5 h`, by module.
    let hours: [TrainingModule.ID: String]

    let levelChange: MessageTemplate
    let needBy: MessageTemplate
    let unitHours: MessageTemplate
    let summary: MessageTemplate
    let needsOne: MessageTemplate
    let needsOther: MessageTemplate
    let modulesOne: MessageTemplate
    let modulesOther: MessageTemplate
    let towards: MessageTemplate
    let allSources: MessageTemplate
    let closes: MessageTemplate
    /// The HTML letter's needs table and modules table, from the heading to the first row.
    let htmlNeedsHead: [UInt8]
    let htmlModulesHead: [UInt8]
    /// The layouts' headings and the HTML letter's fixed words, by message key.
    private let fixedWords: [String: String]
    private let words: Localizer

    /// The message keys of ``fixedWords``.
    static let layoutKeys = [
        "plan.section.needs", "plan.section.modules", "plan.section.unmet", "plan.section.released", "plan.section.met",
        "plan.section.rules", "plan.html.who", "plan.flag.overdue",
    ]

    init(
        words: Localizer, framework: Framework, rules: [AssignmentRule.ID: PlanVocabulary.Name],
        positions: [Position.ID: PlanVocabulary.Name]
    ) {
        unitLabel = words.message("plan.label.unit")
        positionLabel = words.message("plan.label.position")
        statusLabel = words.message("plan.label.status")
        unnamed = words.message("plan.person.unnamed")
        noLevel = words.message("plan.level.none")
        noDeadline = words.message("plan.need.no-deadline")
        statuses = Dictionary(uniqueKeysWithValues: PersonPlan.Status.allCases.map { ($0, words.message("status.\($0.rawValue)")) })
        flags = [.overdue: words.message(DeadlineFlag.overdue.messageKey), .dueSoon: words.message(DeadlineFlag.dueSoon.messageKey)]
        levelChange = MessageTemplate(words, "plan.level.change", arguments: ["attained", "required"])
        needBy = MessageTemplate(words, "plan.need.by", arguments: ["date"])
        unitHours = MessageTemplate(words, "unit.hours", arguments: ["hours"])
        summary = MessageTemplate(words, "plan.summary", arguments: ["needs", "modules", "hours"])
        needsOne = MessageTemplate(words, "plan.count.needs.one", arguments: ["count"])
        needsOther = MessageTemplate(words, "plan.count.needs.other", arguments: ["count"])
        modulesOne = MessageTemplate(words, "plan.count.modules.one", arguments: ["count"])
        modulesOther = MessageTemplate(words, "plan.count.modules.other", arguments: ["count"])
        towards = MessageTemplate(words, "plan.module.towards", arguments: ["needs"])
        allSources = MessageTemplate(words, "plan.source.all", arguments: ["sources"])
        closes = MessageTemplate(words, "plan.module.closes", arguments: ["needs"])
        fixedWords = Dictionary(uniqueKeysWithValues: Self.layoutKeys.map { ($0, words.message($0)) })
        htmlNeedsHead = HTMLLetter.tableHead(
            words.message("plan.section.needs"),
            columns: ["plan.html.competency", "plan.html.levels", "plan.html.deadline", "plan.html.sources"].map { words.message($0) })
        htmlModulesHead = HTMLLetter.tableHead(
            words.message("plan.section.modules"),
            columns: ["plan.html.order", "plan.html.module", "plan.html.hours", "plan.html.delivery", "plan.html.closes"].map {
                words.message($0)
            })
        self.words = words

        var sources: [Need.Cause: String] = [:]
        for (id, name) in rules { sources[.rule(id)] = Self.source(.rule(id), title: name.text, words: words) }
        for (id, name) in positions { sources[.position(id)] = Self.source(.position(id), title: name.text, words: words) }
        self.sources = sources
        phrases = sources.mapValues { Self.phrases(source: $0, words: words) }

        var deadlines: [ISODate: String] = [:]
        let requirements = framework.rules.flatMap(\.requirements) + framework.positions.flatMap(\.requirements)
        for date in requirements.compactMap(\.by) where deadlines[date] == nil {
            deadlines[date] = needBy.fill(words.date(date))
        }
        self.deadlines = deadlines
        var hours: [TrainingModule.ID: String] = [:]
        for module in framework.modules { hours[module.id] = unitHours.fill(Self.hours(module.hours, words: words)) }
        self.hours = hours
    }

    /// A cause in words: `rule R-basic “Basic skills”`, or `position P “Title”`.
    static func source(_ cause: Need.Cause, title: String?, words: Localizer) -> String {
        switch cause {
        case .rule(let id): words.message("plan.source.rule", ["id": id.rawValue, "title": title ?? id.rawValue])
        case .position(let id): words.message("plan.source.position", ["id": id.rawValue, "title": title ?? id.rawValue])
        }
    }

    static func phrases(source: String, words: Localizer) -> SourcePhrases {
        SourcePhrases(
            level: words.message("plan.source.level", ["source": source]),
            deadline: words.message("plan.source.deadline", ["source": source]),
            both: words.message("plan.source.both", ["source": source]))
    }

    /// A module's hours as a number: whole hours without a fraction, others to one digit.
    static func hours(_ value: Double, words: Localizer) -> String {
        words.decimal(value, fractionDigits: value.rounded() == value ? 0 : 1)
    }

    /// The message `key` without arguments: filled once when it is one of ``layoutKeys``.
    func message(_ key: String) -> String { fixedWords[key] ?? words.message(key) }

    func deadline(_ date: ISODate, words: Localizer) -> String { deadlines[date] ?? needBy.fill(words.date(date)) }

    /// `3 needs`, `1 module`: the singular or plural form with the number in `words`' digits.
    func count(_ value: Int, one: MessageTemplate, other: MessageTemplate, words: Localizer) -> String {
        (value == 1 ? one : other).fill(words.number(value))
    }
}
