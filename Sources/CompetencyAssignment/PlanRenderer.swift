import CompetencyModel

/// Text formats a plan can be written in person by person (XML is CompetencyXML's writer).
public enum PlanTextFormat: String, Hashable, Sendable, CaseIterable {
    /// The plan as a letter in plain text.
    case text
    /// The letter in Markdown.
    case markdown
    /// The letter as one self-contained, printable HTML page.
    case html
    /// One object per person, with names, titles, hours and sources (see
    /// `Documentation/schemas/plan.schema.json`).
    case json
    /// One record per need, module, unmet need and release, in the columns of ``PlanRenderer/csvColumns``.
    case csv
}

/// Renders evaluations as they are made, so a plan can be streamed: write ``header()``, then
/// ``render(_:person:first:)`` for each person, then ``footer()``. Output is deterministic.
///
/// Titles, level labels and the renderer's own words come from the ``localizer``: the
/// framework's and roster's texts in its language (falling back to the document's default),
/// headings and statuses from its message catalogue. Names are looked up once, when the
/// renderer is made, so rendering a person costs no more than a few dictionary look-ups per
/// line.
///
/// ```swift
/// let words = Localizer(language: "vi", documentLanguage: framework.language)
/// let renderer = PlanRenderer(format: .markdown, assigner: assigner, localizer: words, units: roster.units)
/// var out = renderer.header()
/// for (person, evaluation) in evaluated { out += renderer.render(evaluation, person: person, first: out.isEmpty) }
/// out += renderer.footer()
/// ```
public struct PlanRenderer: Sendable {
    public let format: PlanTextFormat
    /// Adds, for each need, all its sources and the attained level with its source, the
    /// requirements already met, and the rules that selected the person.
    public let explain: Bool
    public let assigner: Assigner
    /// The language of titles, labels and the renderer's words.
    public let localizer: Localizer
    let names: PlanVocabulary

    /// The CSV columns, in the order they are written.
    public static let csvColumns = [
        "person", "name", "unit", "unitTitle", "position", "positionTitle", "status", "record", "competency",
        "competencyTitle", "attained", "attainedLabel", "required", "requiredLabel", "by", "flag", "because",
        "levelSetBy", "deadlineSetBy", "module", "moduleTitle", "order", "hours", "delivery", "closes", "reason",
    ]

    /// - Parameters:
    ///   - format: the output format.
    ///   - explain: add every source, attained levels and their sources, met requirements
    ///     and rule outcomes.
    ///   - assigner: the assigner whose evaluations are rendered; its framework gives titles.
    ///   - localizer: the output's language; by default the framework's own.
    ///   - units: the roster's unit tree, for unit titles.
    public init(
        format: PlanTextFormat, explain: Bool = false, assigner: Assigner, localizer: Localizer? = nil, units: [OrgUnit] = []
    ) {
        self.format = format
        self.explain = explain
        self.assigner = assigner
        let words = localizer ?? Localizer(documentLanguage: assigner.index.framework.language)
        self.localizer = words
        self.names = PlanVocabulary(index: assigner.index, units: units, words: words)
    }

    public func header() -> String {
        let framework = assigner.index.framework
        switch format {
        case .text, .markdown, .html:
            return letterHeader()
        case .json:
            return "{\"framework\":\(Escaping.json(framework.id.rawValue)),\"version\":\(JSON.optional(framework.version)),"
                + "\"title\":\(JSON.optional(localizer.text(framework.title))),"
                + "\"language\":\(Escaping.json(localizer.language)),"
                + "\"asOf\":\(Escaping.json(assigner.asOf.description)),\"people\":["
        case .csv:
            return Escaping.csvRecord(Self.csvColumns)
        }
    }

    /// One person's part. `first` tells the JSON renderer whether to write a separator.
    /// `person` gives the name; without it the name is left out.
    public func render(_ evaluation: PersonEvaluation, person: Person? = nil, first: Bool) -> String {
        separator(first: first) + body(evaluation, person: person)
    }

    /// What goes before each person: a blank line in text and Markdown, nothing in HTML
    /// and CSV; in JSON, the comma before every person but the first.
    public func separator(first: Bool) -> String {
        switch format {
        case .html, .csv: ""
        case .text, .markdown: "\n"
        case .json: first ? "\n" : ",\n"
        }
    }

    /// One person's part without its separator; ``render(_:person:first:)`` is
    /// `separator(first:) + body(_:person:)`. It depends on its arguments alone, so people can
    /// be rendered on several threads and written in order.
    public func body(_ evaluation: PersonEvaluation, person: Person? = nil) -> String {
        switch format {
        case .text, .markdown, .html: letter(evaluation, person: person)
        case .json: json(evaluation, person: person)
        case .csv: csv(evaluation, person: person)
        }
    }

    /// ``body(_:person:)`` as UTF-8 bytes, which is how CSV is built: writing the bytes to a
    /// file saves making, and checking, a `String` of them.
    public func bodyUTF8(_ evaluation: PersonEvaluation, person: Person? = nil) -> [UInt8] {
        switch format {
        case .csv: csvBytes(evaluation, person: person)
        case .json: jsonBytes(evaluation, person: person)
        case .text, .markdown, .html: letterUTF8(evaluation, person: person)
        }
    }

    public func footer() -> String {
        switch format {
        case .text, .markdown, .csv: ""
        case .html: "</main>\n</body>\n</html>\n"
        case .json: "\n]}\n"
        }
    }

    // MARK: Shared pieces

    func cause(_ cause: Need.Cause) -> String {
        switch cause {
        case .rule(let id): "rule \(id)"
        case .position(let id): "position \(id)"
        }
    }

    /// The attained level's source, in the fixed English form of JSON's `attainedFrom`.
    func source(_ attainment: Attainment?) -> String {
        guard let attainment else { return "nothing" }
        switch attainment.source {
        case .assessment(let assessment):
            let date = assessment.date.map { " of \($0)" } ?? ""
            let method = assessment.method.map { " (\($0.rawValue))" } ?? ""
            return "\(attainment.level) from assessment\(date)\(method)"
        case .certificate(let id, let kind):
            return "\(attainment.level) from certificate \(id.map { "\($0) " } ?? "")(\(kind))"
        case .module(let module):
            return "\(attainment.level) from completed module \(module)"
        }
    }

    func hours(_ value: Double?) -> String { JSON.number(value) }

    /// The person's name in the localizer's language, if the roster gives one.
    func name(of person: Person?) -> String? { person.flatMap { localizer.text($0.name) } }

    // MARK: JSON

    private func json(_ evaluation: PersonEvaluation, person: Person?) -> String {
        String(decoding: jsonBytes(evaluation, person: person), as: UTF8.self)
    }

    /// A person's JSON record, built as UTF-8 bytes.
    private func jsonBytes(_ evaluation: PersonEvaluation, person: Person?) -> [UInt8] {
        var out = LetterBytes(capacity: 512 + 400 * evaluation.requirements.count)
        func put(_ text: String) { out.put(text) }
        func string(_ text: String) { Escaping.appendJSON(text, to: &out) }
        func optional(_ text: String?) {
            if let text { Escaping.appendJSON(text, to: &out) } else { out.literal("null") }
        }
        // A person's needs name the same few sources again and again: each is looked up once.
        var sources: [(cause: Need.Cause, json: String)] = []
        func jsonCause(_ cause: Need.Cause?) -> String {
            guard let cause else { return "null" }
            for known in sources where known.cause == cause { return known.json }
            let json = names.jsonSource(cause)
            sources.append((cause, json))
            return json
        }
        func ids(_ ids: [Competency.ID]) {
            for (offset, id) in ids.enumerated() {
                if offset > 0 { out.appendByte(UInt8(ascii: ",")) }
                put(names.jsonCompetencyID(id))
            }
        }
        out.literal("{\"id\":")
        string(evaluation.person.rawValue)
        out.literal(",\"name\":")
        optional(name(of: person))
        out.literal(",\"unit\":")
        optional(evaluation.unit?.rawValue)
        out.literal(",\"unitTitle\":")
        put(evaluation.unit.flatMap { names.units[$0]?.json } ?? "null")
        out.literal(",\"position\":")
        optional(evaluation.position?.rawValue)
        out.literal(",\"positionTitle\":")
        put(evaluation.position.flatMap { names.positions[$0]?.json } ?? "null")
        out.literal(",\"status\":\"")
        put(evaluation.status.rawValue)
        out.literal("\",\"hours\":")
        put(hours(evaluation.hours))
        out.literal(",\"needs\":[")
        var firstNeed = true
        // A loop over the array would copy every requirement; this copies only those written.
        func writeNeed(_ requirement: RequirementOutcome) {
            if !firstNeed { out.appendByte(UInt8(ascii: ",")) }
            firstNeed = false
            let entry = names.entry(requirement.competency)
            out.appendByte(UInt8(ascii: "{"))
            put(entry.jsonHead)
            out.literal(",\"attained\":")
            optional(requirement.attained?.level.rawValue)
            out.literal(",\"attainedLabel\":")
            put(requirement.attained.map { entry.levelJSON($0.level) } ?? "null")
            out.literal(",\"required\":")
            string(requirement.required.rawValue)
            out.literal(",\"requiredLabel\":")
            put(entry.levelJSON(requirement.required))
            out.literal(",\"by\":")
            if let by = requirement.by {
                // A date's text needs no escaping.
                out.appendByte(UInt8(ascii: "\""))
                out.put(by.description)
                out.appendByte(UInt8(ascii: "\""))
            } else {
                out.literal("null")
            }
            let flag = requirement.state == .met ? nil : DeadlineFlag(by: requirement.by, asOf: assigner.asOf)
            out.literal(",\"flag\":")
            if let flag {
                out.appendByte(UInt8(ascii: "\""))
                put(flag.rawValue)
                out.appendByte(UInt8(ascii: "\""))
            } else {
                out.literal("null")
            }
            out.literal(",\"because\":[")
            for (offset, cause) in requirement.because.enumerated() {
                if offset > 0 { out.appendByte(UInt8(ascii: ",")) }
                put(jsonCause(cause))
            }
            out.literal("],\"levelSetBy\":")
            put(jsonCause(names.levelSource(of: requirement)))
            out.literal(",\"deadlineSetBy\":")
            put(jsonCause(names.deadlineSource(of: requirement)))
            out.literal(",\"state\":\"")
            put(requirement.state.rawValue)
            out.appendByte(UInt8(ascii: "\""))
            if explain {
                out.literal(",\"attainedFrom\":")
                string(source(requirement.attained))
            }
            out.appendByte(UInt8(ascii: "}"))
        }
        for index in evaluation.requirements.indices where explain || evaluation.requirements[index].state != .met {
            writeNeed(evaluation.requirements[index])
        }
        out.literal("],\"assign\":[")
        let open = OpenNeeds(evaluation.requirements)
        for (offset, assignment) in evaluation.assignments.enumerated() {
            if offset > 0 { out.appendByte(UInt8(ascii: ",")) }
            let closing = names.closes(assignment, among: open)
            out.appendByte(UInt8(ascii: "{"))
            put(names.jsonModuleHead(assignment.module))
            out.literal(",\"order\":")
            put(String(assignment.order))
            put(names.jsonModuleTail(assignment.module))
            out.literal(",\"closes\":[")
            ids(closing.closes)
            out.literal("],\"towards\":[")
            ids(closing.towards)
            out.literal("]}")
        }
        out.literal("],\"unmet\":[")
        var firstUnmet = true
        for index in evaluation.requirements.indices where evaluation.requirements[index].state == .unmet {
            let requirement = evaluation.requirements[index]
            if !firstUnmet { out.appendByte(UInt8(ascii: ",")) }
            firstUnmet = false
            let competency = requirement.competency
            let entry = names.entry(competency)
            out.appendByte(UInt8(ascii: "{"))
            put(entry.jsonHead)
            out.literal(",\"required\":")
            string(requirement.required.rawValue)
            out.literal(",\"requiredLabel\":")
            put(entry.levelJSON(requirement.required))
            out.literal(",\"reason\":\"")
            put(UnmetNeed.Reason.noModule.rawValue)
            out.literal("\",\"highestTaught\":")
            optional(names.highestTaught[competency]?.rawValue)
            out.literal(",\"explanation\":")
            string(names.unmetReason(requirement))
            out.appendByte(UInt8(ascii: "}"))
        }
        out.literal("],\"released\":[")
        var firstRelease = true
        for outcome in evaluation.rules where outcome.released {
            if !firstRelease { out.appendByte(UInt8(ascii: ",")) }
            firstRelease = false
            out.literal("{\"rule\":")
            string(outcome.rule.rawValue)
            out.literal(",\"title\":")
            put(names.rules[outcome.rule]?.json ?? "null")
            out.literal(",\"condition\":")
            string(names.exemption(of: outcome))
            out.appendByte(UInt8(ascii: "}"))
        }
        out.appendByte(UInt8(ascii: "]"))
        if explain {
            out.literal(",\"rules\":[")
            for (offset, outcome) in evaluation.rules.enumerated() {
                if offset > 0 { out.appendByte(UInt8(ascii: ",")) }
                out.literal("{\"rule\":")
                string(outcome.rule.rawValue)
                out.literal(",\"released\":")
                put(outcome.released ? "true" : "false")
                out.appendByte(UInt8(ascii: "}"))
            }
            out.appendByte(UInt8(ascii: "]"))
        }
        out.appendByte(UInt8(ascii: "}"))
        return out.bytes
    }

    // MARK: CSV

    /// A source as a CSV field, escaped: `rule ID (title)`, or empty.
    private func csvCause(_ cause: Need.Cause?) -> String { cause.map { names.csvSource($0) } ?? "" }

    private func csv(_ evaluation: PersonEvaluation, person: Person?) -> String {
        String(decoding: csvBytes(evaluation, person: person), as: UTF8.self)
    }

    private func csvBytes(_ evaluation: PersonEvaluation, person: Person?) -> [UInt8] {
        // The person's columns are escaped once and repeated on each of their records; the
        // framework's names come escaped from the vocabulary. Each record below writes the
        // 19 columns after `status`, in the order of `csvColumns`. The records are built as
        // UTF-8 bytes: appending to a `String` piece by piece cost more than the rest.
        var lead: [UInt8] = []
        for (index, field) in [
            evaluation.person.rawValue, name(of: person) ?? "", evaluation.unit?.rawValue ?? "",
            evaluation.unit.flatMap { names.units[$0]?.text } ?? "", evaluation.position?.rawValue ?? "",
            evaluation.position.flatMap { names.positions[$0]?.text } ?? "", evaluation.status.rawValue,
        ].enumerated() {
            if index > 0 { lead.append(UInt8(ascii: ",")) }
            Escaping.appendCSVField(field, to: &lead)
        }
        var out = LetterBytes(capacity: 200 * (evaluation.requirements.count + evaluation.assignments.count + 1))
        func put(_ text: String) { out.put(text) }
        func field(_ text: String) {
            out.appendByte(UInt8(ascii: ","))
            Escaping.appendCSVField(text, to: &out)
        }
        func escaped(_ text: String) {
            out.appendByte(UInt8(ascii: ","))
            put(text)
        }
        // A field made of several pieces is laid out here, then escaped as one.
        var pieces = LetterBytes(capacity: 128)
        func joinedField(_ build: (inout LetterBytes) -> Void) {
            pieces.removeAll()
            build(&pieces)
            out.appendByte(UInt8(ascii: ","))
            pieces.withBytes { Escaping.appendCSVField(bytes: $0, to: &out) }
        }
        let lineEnd: [UInt8] = [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        // A loop over the array would copy every requirement; this copies only those written.
        func writeRecord(_ requirement: RequirementOutcome) {
            let entry = names.entry(requirement.competency)
            let flag = requirement.state == .met ? nil : DeadlineFlag(by: requirement.by, asOf: assigner.asOf)
            out.appendBytes(lead)
            put(requirement.state == .met ? ",met" : ",need")
            escaped(entry.csv)
            if let attained = requirement.attained { escaped(entry.levelCSV(attained.level)) } else { out.literal(",,") }
            escaped(entry.levelCSV(requirement.required))
            out.appendByte(UInt8(ascii: ","))
            if let by = requirement.by { out.put(by.description) }
            out.appendByte(UInt8(ascii: ","))
            if let flag { put(flag.rawValue) }
            // `because`: each cause as `cause(_:)` words it, separated by "; ".
            joinedField { pieces in
                for (offset, cause) in requirement.because.enumerated() {
                    if offset > 0 { pieces.literal("; ") }
                    switch cause {
                    case .rule(let id):
                        pieces.literal("rule ")
                        pieces.put(id.rawValue)
                    case .position(let id):
                        pieces.literal("position ")
                        pieces.put(id.rawValue)
                    }
                }
            }
            escaped(csvCause(names.levelSource(of: requirement)))
            escaped(csvCause(names.deadlineSource(of: requirement)))
            out.literal(",,,,,,,")
            out.appendBytes(lineEnd)
        }
        for index in evaluation.requirements.indices where explain || evaluation.requirements[index].state != .met {
            writeRecord(evaluation.requirements[index])
        }
        // What an assignment closes: its competencies but those left unmet (see
        // `PlanVocabulary.closes(_:among:)`), with the unmet ones found once per person.
        var unmetCompetencies: [Competency.ID] = []
        for index in evaluation.requirements.indices where evaluation.requirements[index].state == .unmet {
            unmetCompetencies.append(evaluation.requirements[index].competency)
        }
        for assignment in evaluation.assignments {
            out.appendBytes(lead)
            out.literal(",assign,,,,,,,,,,,,")
            put(names.csvModule(assignment.module))
            out.appendByte(UInt8(ascii: ","))
            put(String(assignment.order))
            put(names.csvModuleTail(assignment.module))
            joinedField { pieces in
                var first = true
                for competency in assignment.closes where !unmetCompetencies.contains(competency) {
                    if !first { pieces.literal("; ") }
                    first = false
                    pieces.put(competency.rawValue)
                }
            }
            out.appendByte(UInt8(ascii: ","))
            out.appendBytes(lineEnd)
        }
        for index in evaluation.requirements.indices where evaluation.requirements[index].state == .unmet {
            let requirement = evaluation.requirements[index]
            let entry = names.entry(requirement.competency)
            out.appendBytes(lead)
            out.literal(",unmet")
            escaped(entry.csv)
            out.literal(",,")
            escaped(entry.levelCSV(requirement.required))
            out.literal(",,,,,,,,,,,")
            field(UnmetNeed.Reason.noModule.rawValue)
            out.appendBytes(lineEnd)
        }
        for outcome in evaluation.rules where outcome.released {
            out.appendBytes(lead)
            out.literal(",released,,,,,,,,")
            field(cause(.rule(outcome.rule)))
            out.literal(",,,,,,,,")
            field(names.exemption(of: outcome))
            out.appendBytes(lineEnd)
        }
        if out.count == 0 {
            out.appendBytes(lead)
            out.literal(",none,,,,,,,,,,,,,,,,,,")
            out.appendBytes(lineEnd)
        }
        return out.bytes
    }
}

/// JSON values as the renderers write them; strings are escaped by `Escaping.json(_:)`.
enum JSON {
    static func optional(_ value: String?) -> String { value.map(Escaping.json) ?? "null" }

    /// A number with at most three decimals, without exponent.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        let milli = Int((value * 1000).rounded())
        let sign = milli < 0 ? "-" : ""
        let magnitude = abs(milli)
        var text = sign + String(magnitude / 1000)
        var fraction = magnitude % 1000
        if fraction != 0 {
            var digits = ""
            for _ in 0..<3 {
                digits += String(fraction / 100)
                fraction = (fraction % 100) * 10
            }
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}
