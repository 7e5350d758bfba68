import CompetencyModel

/// One person's plan as a letter: the words, in the renderer's language, laid out afterwards
/// as text, Markdown or HTML.
struct PlanLetter {
    struct NeedLine {
        var competency: String
        var id: String
        /// The attained and required levels' labels, which ``LetterWords/levelChange`` joins.
        var attained: String
        var required: String
        var deadline: String
        var flag: String?
        var sources: Sources
        var details: [String]
    }

    /// The source that set a need's level and the one that set its deadline, in words: one
    /// phrase when it is the same source, or two that the letter joins with "; ".
    struct Sources {
        var first: String
        var second: String?

        var isEmpty: Bool { first.isEmpty && second == nil }
    }

    struct ModuleLine {
        var order: Int
        var title: String
        var id: String
        var hours: String
        var delivery: String?
        var closes: [String]
        var notes: [String]
    }

    var person: String
    var name: String
    var facts: [(label: String, value: String, id: String?)]
    var needs: [NeedLine] = []
    var modules: [ModuleLine] = []
    var unmet: [String] = []
    var released: [String] = []
    var met: [String] = []
    var rules: [String] = []
    var note: String?

    /// The sections that are plain lists, with their headings' message keys, in order.
    var lists: [(key: String, items: [String])] {
        [
            ("plan.section.unmet", unmet), ("plan.section.released", released), ("plan.section.met", met),
            ("plan.section.rules", rules),
        ]
    }
}

extension PlanRenderer {
    func letterHeader() -> String {
        let framework = assigner.index.framework
        let heading = localizer.message("plan.heading", ["date": localizer.date(assigner.asOf)])
        let title = localizer.text(framework.title) ?? framework.id.rawValue
        let about =
            framework.version.map {
                localizer.message("plan.framework", ["title": title, "id": framework.id.rawValue, "version": $0])
            } ?? localizer.message("plan.framework.unversioned", ["title": title, "id": framework.id.rawValue])
        switch format {
        case .markdown: return "# \(Markdown.text(heading))\n\n\(Markdown.text(about))\n"
        case .html: return HTMLLetter.head(language: localizer.language, heading: heading, about: about)
        default: return "\(heading)\n\(about)\n"
        }
    }

    func letter(_ evaluation: PersonEvaluation, person: Person?) -> String {
        String(decoding: letterUTF8(evaluation, person: person), as: UTF8.self)
    }

    /// The letter as UTF-8, laid out for the renderer's format.
    func letterUTF8(_ evaluation: PersonEvaluation, person: Person?) -> [UInt8] {
        let content = letterContent(evaluation, person: person)
        var out = LetterBytes(capacity: 320 + 192 * (content.needs.count + content.modules.count))
        switch format {
        case .markdown: Markdown.write(content, words: names.letter, to: &out)
        case .html: HTMLLetter.write(content, words: names.letter, to: &out)
        default: TextLetter.write(content, words: names.letter, to: &out)
        }
        return out.bytes
    }

    func letterContent(_ evaluation: PersonEvaluation, person: Person?) -> PlanLetter {
        let words = localizer
        let fixed = names.letter
        let requirements = evaluation.requirements
        // Counted by index: `reduce` would copy every requirement.
        var needCount = 0
        for offset in requirements.indices where requirements[offset].state != .met { needCount += 1 }
        var facts: [(label: String, value: String, id: String?)] = []
        if let unit = evaluation.unit {
            facts.append((fixed.unitLabel, names.units[unit]?.text ?? unit.rawValue, unit.rawValue))
        }
        if let position = evaluation.position {
            facts.append((fixed.positionLabel, names.positions[position]?.text ?? position.rawValue, position.rawValue))
        }
        let summary = fixed.summary.fill(
            fixed.count(needCount, one: fixed.needsOne, other: fixed.needsOther, words: words),
            fixed.count(evaluation.assignments.count, one: fixed.modulesOne, other: fixed.modulesOther, words: words),
            fixed.unitHours.fill(words.decimal(evaluation.hours, fractionDigits: 0)))
        facts.append((fixed.statusLabel, (fixed.statuses[evaluation.status] ?? evaluation.status.rawValue) + " — " + summary, nil))
        var content = PlanLetter(person: evaluation.person.rawValue, name: name(of: person) ?? fixed.unnamed, facts: facts)

        content.needs.reserveCapacity(needCount)
        for offset in requirements.indices where requirements[offset].state != .met {
            let requirement = requirements[offset]
            let competency = requirement.competency
            let entry = names.entry(competency)
            let attained = requirement.attained.map { entry.levelText($0.level) } ?? fixed.noLevel
            let deadline = requirement.by.map { fixed.deadline($0, words: words) } ?? fixed.noDeadline
            var details: [String] = []
            if explain {
                details.append(fixed.allSources.fill(requirement.because.map { names.source($0) }.joined(separator: ", ")))
                details.append(attainedText(requirement))
            }
            content.needs.append(
                PlanLetter.NeedLine(
                    competency: entry.name.text, id: competency.rawValue, attained: attained,
                    required: entry.levelText(requirement.required), deadline: deadline,
                    flag: DeadlineFlag(by: requirement.by, asOf: assigner.asOf).flatMap { fixed.flags[$0] },
                    sources: names.sourcePhrases(level: names.levelSource(of: requirement), deadline: names.deadlineSource(of: requirement)),
                    details: details))
        }

        content.modules.reserveCapacity(evaluation.assignments.count)
        let open = OpenNeeds(evaluation.requirements)
        for assignment in evaluation.assignments {
            let closing = names.closes(assignment, among: open)
            var notes: [String] = []
            if !closing.towards.isEmpty {
                notes.append(fixed.towards.fill(closing.towards.map { names.competency($0) }.joined(separator: ", ")))
            }
            let module = assigner.index.module(assignment.module)
            let hours =
                fixed.hours[assignment.module] ?? fixed.unitHours.fill(module.map { LetterWords.hours($0.hours, words: words) } ?? "?")
            content.modules.append(
                PlanLetter.ModuleLine(
                    order: assignment.order, title: names.module(assignment.module), id: assignment.module.rawValue, hours: hours,
                    delivery: module?.delivery.map { names.delivery($0) }, closes: closing.closes.map { names.competency($0) },
                    notes: notes))
        }

        for offset in requirements.indices where requirements[offset].state == .unmet {
            content.unmet.append(names.unmetReason(requirements[offset]))
        }
        for outcome in evaluation.rules where outcome.released {
            content.released.append(
                words.message(
                    "plan.released.line",
                    [
                        "id": outcome.rule.rawValue, "title": names.rules[outcome.rule]?.text ?? outcome.rule.rawValue,
                        "condition": names.exemption(of: outcome),
                    ]))
        }
        if explain {
            for requirement in evaluation.requirements where requirement.state == .met {
                let competency = requirement.competency
                let met = words.message(
                    "plan.met",
                    [
                        "attained": requirement.attained.map { names.level($0.level, of: competency) } ?? words.message("plan.level.none"),
                        "required": names.level(requirement.required, of: competency),
                    ])
                content.met.append("\(names.competency(competency)) (\(competency)): \(met); \(attainedText(requirement))")
            }
            for outcome in evaluation.rules {
                content.rules.append(
                    words.message(
                        outcome.released ? "plan.rule.released" : "plan.rule.selected",
                        ["id": outcome.rule.rawValue, "title": names.rules[outcome.rule]?.text ?? outcome.rule.rawValue]))
            }
        }
        if !evaluation.isProvenOptimal { content.note = words.message("plan.not-optimal") }
        return content
    }

    private func attainedText(_ requirement: RequirementOutcome) -> String {
        guard let attainment = requirement.attained else { return localizer.message("plan.attained.nothing") }
        let level = names.level(attainment.level, of: requirement.competency)
        switch attainment.source {
        case .assessment(let assessment):
            if let date = assessment.date {
                return localizer.message("plan.attained.assessment-dated", ["level": level, "date": localizer.date(date)])
            }
            return localizer.message("plan.attained.assessment", ["level": level])
        case .certificate(let id, let kind):
            return localizer.message(
                "plan.attained.certificate", ["level": level, "certificate": id.map { "\($0) (\(kind))" } ?? kind])
        case .module(let module):
            return localizer.message("plan.attained.module", ["level": level, "module": names.module(module)])
        }
    }
}

// MARK: Layouts

/// A letter's UTF-8 bytes as its layout writes them: text copied, or escaped for Markdown or
/// HTML on the way in, without a `String` for the whole. The bytes are kept in a buffer of
/// its own, which appends with a capacity check and a copy: a letter is a few hundred appends.
struct LetterBytes: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes are written.
    private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the bytes written, in place.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Forgets what was written, keeping the room.
    mutating func removeAll() { count = 0 }

    /// Room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    mutating func appendByte(_ byte: UInt8) {
        reserve(1)
        (base + count).initialize(to: byte)
        count += 1
    }

    @inline(__always)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func appendBytes(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { appendBytes($0) } }

    /// The bytes already written at `range`, once more.
    mutating func appendAgain(_ range: Range<Int>) {
        reserve(range.count)
        (base + count).initialize(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    mutating func put(_ text: String) {
        // A native string's bytes are read in place; `withUTF8` would copy the string first
        // (a retain and a release).
        if text.utf8.withContiguousStorageIfAvailable({ appendBytes($0) }) != nil { return }
        var text = text
        text.withUTF8 { appendBytes($0) }
    }

    mutating func put(_ number: Int) { put(String(number)) }

    /// The bytes of a literal, copied straight from the binary.
    @inline(__always)
    mutating func literal(_ text: StaticString) {
        // `withUTF8Buffer`, not `utf8Start`: a one-character literal may be held as a scalar.
        text.withUTF8Buffer { appendBytes($0) }
    }

    /// `text` escaped for Markdown inline content (``Markdown/text(_:)``).
    mutating func markdown(_ text: String) { escaped(text, html: false) }

    /// `text` escaped for HTML (`html`) or Markdown by `Escaping`'s pointer escapers, with room
    /// made for the most bytes they write.
    @inline(__always)
    private mutating func escaped(_ text: String, html: Bool) {
        func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            if html {
                reserve(bytes.count * Escaping.htmlExpansion)
                count += Escaping.escapeHTML(bytes, into: base + count)
            } else {
                reserve(bytes.count * Escaping.markdownExpansion)
                count += Escaping.escapeMarkdown(bytes, into: base + count)
            }
        }
        if text.utf8.withContiguousStorageIfAvailable({ write($0) }) != nil { return }
        var text = text
        text.withUTF8 { write($0) }
    }

    /// `text` as Markdown inline code (``Markdown/code(_:)``).
    mutating func code(_ text: String) {
        let backtick = UInt8(ascii: "`")
        appendByte(backtick)
        var text = text
        text.withUTF8 { utf8 in
            if utf8.contains(backtick) {
                for byte in utf8 { appendByte(byte == backtick ? UInt8(ascii: "'") : byte) }
            } else {
                appendBytes(utf8)
            }
        }
        appendByte(backtick)
    }

    /// `text` escaped for HTML content or a quoted attribute value.
    mutating func html(_ text: String) { escaped(text, html: true) }

    /// `template` filled: its text written by `write`, and each argument by `argument` with the
    /// argument's index, so that nothing is built as a `String` first.
    mutating func fill(
        _ template: MessageTemplate, _ write: (inout LetterBytes, String) -> Void, argument: (inout LetterBytes, Int) -> Void
    ) {
        for piece in template.pieces {
            switch piece {
            case .text(let text): write(&self, text)
            case .argument(let index): argument(&self, index)
            }
        }
    }

    /// "Basic 2 → Intermediate 1": a need's levels in ``LetterWords/levelChange``, each text
    /// written by `write`.
    mutating func levels(_ need: PlanLetter.NeedLine, words: LetterWords, _ write: (inout LetterBytes, String) -> Void) {
        fill(words.levelChange, write) { out, index in write(&out, index == 0 ? need.attained : need.required) }
    }

    /// A need's sources, each phrase written by `write`, joined by "; ".
    mutating func sources(_ sources: PlanLetter.Sources, _ write: (inout LetterBytes, String) -> Void) {
        write(&self, sources.first)
        if let second = sources.second {
            put("; ")
            write(&self, second)
        }
    }

    /// "closes …" with the needs' titles, each written by `write`.
    mutating func closes(_ titles: [String], words: LetterWords, _ write: (inout LetterBytes, String) -> Void) {
        fill(words.closes, write) { out, _ in out.joined(titles, separator: ", ", write) }
    }

    /// `items`, each written by `write`, with `separator` between them.
    mutating func joined(_ items: [String], separator: String, _ write: (inout LetterBytes, String) -> Void) {
        for (offset, item) in items.enumerated() {
            if offset > 0 { put(separator) }
            write(&self, item)
        }
    }
}

/// The letter in plain text.
enum TextLetter {
    static func write(_ letter: PlanLetter, words: LetterWords, to out: inout LetterBytes) {
        out.put(letter.person)
        out.put(" — ")
        out.put(letter.name)
        out.put("\n")
        for fact in letter.facts {
            out.put("  ")
            out.put(fact.label)
            out.put(": ")
            out.put(fact.value)
            if let id = fact.id {
                out.put(" (")
                out.put(id)
                out.put(")")
            }
            out.put("\n")
        }
        if !letter.needs.isEmpty {
            heading(words.message("plan.section.needs"), into: &out)
            for need in letter.needs {
                out.put("    - ")
                out.put(need.competency)
                out.put(" (")
                out.put(need.id)
                out.put("): ")
                out.levels(need, words: words) { $0.put($1) }
                out.put(", ")
                out.put(need.deadline)
                if let flag = need.flag {
                    out.put(" [")
                    out.put(flag)
                    out.put("]")
                }
                out.put("\n")
                if !need.sources.isEmpty {
                    out.put("      ")
                    out.sources(need.sources) { $0.put($1) }
                    out.put("\n")
                }
                for detail in need.details where !detail.isEmpty { line(detail, indent: "      ", into: &out) }
            }
        }
        if !letter.modules.isEmpty {
            heading(words.message("plan.section.modules"), into: &out)
            for module in letter.modules {
                out.put("    ")
                out.put(module.order)
                out.put(". ")
                out.put(module.title)
                out.put(" (")
                out.put(module.id)
                out.put("): ")
                out.put(module.hours)
                if let delivery = module.delivery {
                    out.put(", ")
                    out.put(delivery)
                }
                out.put("\n")
                if !module.closes.isEmpty {
                    out.put("       ")
                    out.closes(module.closes, words: words) { $0.put($1) }
                    out.put("\n")
                }
                for note in module.notes { line(note, indent: "       ", into: &out) }
            }
        }
        for (key, items) in letter.lists where !items.isEmpty {
            heading(words.message(key), into: &out)
            for item in items { line(item, indent: "    - ", into: &out) }
        }
        if let note = letter.note { line(note, indent: "  ", into: &out) }
    }

    private static func heading(_ title: String, into out: inout LetterBytes) {
        out.put("  ")
        out.put(title)
        out.put(":\n")
    }

    /// `text` on a line of its own after `indent`.
    private static func line(_ text: String, indent: String, into out: inout LetterBytes) {
        out.put(indent)
        out.put(text)
        out.put("\n")
    }
}

/// The letter in Markdown (CommonMark).
enum Markdown {
    /// `text` with the characters Markdown gives a meaning to escaped.
    static func text(_ text: String) -> String { Escaping.markdown(text) }

    /// `text` as inline code.
    static func code(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "`")) else { return "`" + text + "`" }
        return "`" + String(decoding: text.utf8.map { $0 == UInt8(ascii: "`") ? UInt8(ascii: "'") : $0 }, as: UTF8.self) + "`"
    }

    static func write(_ letter: PlanLetter, words: LetterWords, to out: inout LetterBytes) {
        out.put("## ")
        out.markdown(letter.name)
        out.put(" (")
        out.code(letter.person)
        out.put(")\n\n")
        for fact in letter.facts {
            out.put("- **")
            out.markdown(fact.label)
            out.put(":** ")
            out.markdown(fact.value)
            if let id = fact.id {
                out.put(" (")
                out.code(id)
                out.put(")")
            }
            out.put("\n")
        }
        if !letter.needs.isEmpty {
            section(words.message("plan.section.needs"), into: &out)
            for need in letter.needs {
                out.put("- **")
                out.markdown(need.competency)
                out.put("** (")
                out.code(need.id)
                out.put("): ")
                out.levels(need, words: words) { $0.markdown($1) }
                out.put(", ")
                out.markdown(need.deadline)
                if let flag = need.flag {
                    out.put(" — **")
                    out.markdown(flag)
                    out.put("**")
                }
                if !need.sources.isEmpty {
                    out.put("\\\n  ")
                    out.sources(need.sources) { $0.markdown($1) }
                }
                for detail in need.details where !detail.isEmpty {
                    out.put("\\\n  ")
                    out.markdown(detail)
                }
                out.put("\n")
            }
        }
        if !letter.modules.isEmpty {
            section(words.message("plan.section.modules"), into: &out)
            for module in letter.modules {
                out.put(module.order)
                out.put(". **")
                out.markdown(module.title)
                out.put("** (")
                out.code(module.id)
                out.put("): ")
                out.markdown(module.hours)
                if let delivery = module.delivery {
                    out.put(", ")
                    out.markdown(delivery)
                }
                if !module.closes.isEmpty {
                    out.put("\\\n   ")
                    out.closes(module.closes, words: words) { $0.markdown($1) }
                }
                for note in module.notes {
                    out.put("\\\n   ")
                    out.markdown(note)
                }
                out.put("\n")
            }
        }
        for (key, items) in letter.lists where !items.isEmpty {
            section(words.message(key), into: &out)
            for item in items {
                out.put("- ")
                out.markdown(item)
                out.put("\n")
            }
        }
        if let note = letter.note {
            out.put("\n> ")
            out.markdown(note)
            out.put("\n")
        }
    }

    private static func section(_ title: String, into out: inout LetterBytes) {
        out.put("\n### ")
        out.markdown(title)
        out.put("\n\n")
    }
}

/// The letter as HTML: one `section` per person in a page with its own style sheet, no
/// script and no external resource.
enum HTMLLetter {
    static func head(language: String, heading: String, about: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(Escaping.html(language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escaping.html(heading))</title>
        <style>
        body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
        h2 { font-size: 1.3rem; border-bottom: 2px solid #2a4d69; padding-bottom: 0.2rem; }
        h3 { font-size: 1.05rem; margin-top: 1.2rem; }
        section.person { margin: 2rem 0; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        dt { font-weight: 600; }
        dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #8a8a8a; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #e8eef3; }
        .flag { font-weight: 700; }
        .flag-overdue { color: #a00000; }
        .flag-due-soon { color: #7a4a00; }
        .id { color: #4a4a4a; font-size: 0.9em; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        @media print {
          body { margin: 0; max-width: none; }
          section.person { break-before: page; }
          section.person:first-of-type { break-before: auto; }
          tr { break-inside: avoid; }
        }
        </style>
        </head>
        <body>
        <main>
        <h1>\(Escaping.html(heading))</h1>
        <p>\(Escaping.html(about))</p>

        """
    }

    /// `person-` and the ID with each character other than an ASCII letter or digit as `-`.
    private static func anchor(_ id: String, into out: inout LetterBytes) {
        out.put("person-")
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.appendByte(byte)
            case 0x80..<0xC0: continue  // inside a character, whose first byte wrote its `-`
            default: out.appendByte(UInt8(ascii: "-"))
            }
        }
    }

    static func write(_ letter: PlanLetter, words: LetterWords, to out: inout LetterBytes) {
        out.put("<section class=\"person\" aria-labelledby=\"")
        let start = out.count
        anchor(letter.person, into: &out)
        let end = out.count
        out.put("\">\n<h2 id=\"")
        out.appendAgain(start..<end)
        out.put("\">")
        out.html(letter.name)
        out.put(" <span class=\"id\">(")
        out.html(letter.person)
        out.put(")</span></h2>\n<dl aria-label=\"")
        out.html(words.message("plan.html.who"))
        out.put("\">\n")
        for fact in letter.facts {
            out.put("<dt>")
            out.html(fact.label)
            out.put("</dt><dd>")
            out.html(fact.value)
            if let id = fact.id { identifier(id, into: &out) }
            out.put("</dd>\n")
        }
        out.put("</dl>\n")
        if !letter.needs.isEmpty {
            out.appendBytes(words.htmlNeedsHead)
            let overdue = words.message("plan.flag.overdue")
            for need in letter.needs {
                out.put("<tr><th scope=\"row\">")
                out.html(need.competency)
                identifier(need.id, into: &out)
                out.put("</th><td>")
                out.levels(need, words: words) { $0.html($1) }
                out.put("</td><td>")
                out.html(need.deadline)
                if let flag = need.flag {
                    out.put(flag == overdue ? " <strong class=\"flag flag-overdue\">" : " <strong class=\"flag flag-due-soon\">")
                    out.html(flag)
                    out.put("</strong>")
                }
                out.put("</td><td>")
                var separated = !need.sources.isEmpty
                out.sources(need.sources) { $0.html($1) }
                for detail in need.details where !detail.isEmpty {
                    if separated { out.put("<br>") }
                    separated = true
                    out.html(detail)
                }
                out.put("</td></tr>\n")
            }
            out.put("</tbody>\n</table>\n")
        }
        if !letter.modules.isEmpty {
            out.appendBytes(words.htmlModulesHead)
            for module in letter.modules {
                out.put("<tr><td>")
                out.put(module.order)
                out.put("</td><th scope=\"row\">")
                out.html(module.title)
                identifier(module.id, into: &out)
                out.put("</th><td>")
                out.html(module.hours)
                out.put("</td><td>")
                out.html(module.delivery ?? "")
                out.put("</td><td>")
                out.joined(module.closes, separator: "<br>") { $0.html($1) }
                for (offset, note) in module.notes.enumerated() {
                    if offset > 0 || !module.closes.isEmpty { out.put("<br>") }
                    out.html(note)
                }
                out.put("</td></tr>\n")
            }
            out.put("</tbody>\n</table>\n")
        }
        for (key, items) in letter.lists where !items.isEmpty {
            out.put("<h3>")
            out.html(words.message(key))
            out.put("</h3>\n<ul>\n")
            for item in items {
                out.put("<li>")
                out.html(item)
                out.put("</li>\n")
            }
            out.put("</ul>\n")
        }
        if let note = letter.note {
            out.put("<p role=\"note\">")
            out.html(note)
            out.put("</p>\n")
        }
        out.put("</section>\n")
    }

    /// An ID after its title: ` <span class="id">(ID)</span>`.
    private static func identifier(_ id: String, into out: inout LetterBytes) {
        out.put(" <span class=\"id\">(")
        out.html(id)
        out.put(")</span>")
    }

    /// A table's heading, caption and column headings, up to its first row: the needs' table
    /// and the modules' are laid out once per renderer (``LetterWords/htmlNeedsHead``).
    static func tableHead(_ title: String, columns: [String]) -> [UInt8] {
        var out = LetterBytes()
        let title = Escaping.html(title)
        out.put("<h3>")
        out.put(title)
        out.put("</h3>\n<table>\n<caption class=\"visually-hidden\">")
        out.put(title)
        out.put("</caption>\n<thead><tr>")
        for column in columns {
            out.put("<th scope=\"col\">")
            out.html(column)
            out.put("</th>")
        }
        out.put("</tr></thead>\n<tbody>\n")
        return out.bytes
    }
}
