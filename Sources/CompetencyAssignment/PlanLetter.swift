import CompetencyModel

/// One person's plan as a letter: the words, in the renderer's language, laid out afterwards
/// as text, Markdown or HTML.
struct PlanLetter {
    struct NeedLine {
        var competency: String
        var id: String
        var levels: String
        var deadline: String
        var flag: String?
        var sources: String
        var details: [String]
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
        let content = letterContent(evaluation, person: person)
        switch format {
        case .markdown: return Markdown.render(content, words: localizer)
        case .html: return HTMLLetter.render(content, words: localizer)
        default: return TextLetter.render(content, words: localizer)
        }
    }

    func letterContent(_ evaluation: PersonEvaluation, person: Person?) -> PlanLetter {
        let words = localizer
        let needs = evaluation.requirements.filter { $0.state != .met }
        var facts: [(label: String, value: String, id: String?)] = []
        if let unit = evaluation.unit {
            facts.append((words.message("plan.label.unit"), names.units[unit]?.text ?? unit.rawValue, unit.rawValue))
        }
        if let position = evaluation.position {
            facts.append(
                (words.message("plan.label.position"), names.positions[position]?.text ?? position.rawValue, position.rawValue))
        }
        let summary = words.message(
            "plan.summary",
            [
                "needs": count(needs.count, "plan.count.needs"), "modules": count(evaluation.assignments.count, "plan.count.modules"),
                "hours": words.message("unit.hours", ["hours": words.decimal(evaluation.hours, fractionDigits: 0)]),
            ])
        facts.append(
            (words.message("plan.label.status"), words.message("status.\(evaluation.status.rawValue)") + " — " + summary, nil))
        var content = PlanLetter(
            person: evaluation.person.rawValue, name: name(of: person) ?? words.message("plan.person.unnamed"), facts: facts)

        for requirement in needs {
            let competency = requirement.competency
            let attained = requirement.attained.map { names.level($0.level, of: competency) } ?? words.message("plan.level.none")
            let levels = words.message(
                "plan.level.change", ["attained": attained, "required": names.level(requirement.required, of: competency)])
            let deadline = requirement.by.map { words.message("plan.need.by", ["date": words.date($0)]) }
                ?? words.message("plan.need.no-deadline")
            var details: [String] = []
            if explain {
                details.append(words.message("plan.source.all", ["sources": requirement.because.map { names.source($0) }.joined(separator: ", ")]))
                details.append(attainedText(requirement))
            }
            content.needs.append(
                PlanLetter.NeedLine(
                    competency: names.competency(competency), id: competency.rawValue, levels: levels, deadline: deadline,
                    flag: DeadlineFlag(by: requirement.by, asOf: assigner.asOf).map { words.message($0.messageKey) },
                    sources: sourcesText(requirement), details: details))
        }

        for assignment in evaluation.assignments {
            let module = assigner.index.module(assignment.module)
            let closing = names.closes(assignment, among: evaluation.requirements)
            var notes: [String] = []
            if !closing.towards.isEmpty {
                notes.append(words.message("plan.module.towards", ["needs": closing.towards.map { names.competency($0) }.joined(separator: ", ")]))
            }
            content.modules.append(
                PlanLetter.ModuleLine(
                    order: assignment.order, title: names.module(assignment.module), id: assignment.module.rawValue,
                    hours: words.message("unit.hours", ["hours": module.map { words.decimal($0.hours, fractionDigits: $0.hours.rounded() == $0.hours ? 0 : 1) } ?? "?"]),
                    delivery: module?.delivery.map { names.delivery($0) }, closes: closing.closes.map { names.competency($0) }, notes: notes))
        }

        for requirement in needs where requirement.state == .unmet {
            content.unmet.append(names.unmetReason(requirement))
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

    /// `1 need`, `3 needs`: the `.one` or `.other` form of `key`.
    private func count(_ value: Int, _ key: String) -> String {
        localizer.message(value == 1 ? key + ".one" : key + ".other", ["count": localizer.number(value)])
    }

    /// Which source set the level and which set the deadline, in words.
    private func sourcesText(_ requirement: RequirementOutcome) -> String {
        let level = names.levelSource(of: requirement)
        let deadline = names.deadlineSource(of: requirement)
        if let level, level == deadline { return localizer.message("plan.source.both", ["source": names.source(level)]) }
        var parts: [String] = []
        if let level { parts.append(localizer.message("plan.source.level", ["source": names.source(level)])) }
        if let deadline { parts.append(localizer.message("plan.source.deadline", ["source": names.source(deadline)])) }
        return parts.joined(separator: "; ")
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

/// The letter in plain text.
enum TextLetter {
    static func render(_ letter: PlanLetter, words: Localizer) -> String {
        var out = "\(letter.person) — \(letter.name)\n"
        for fact in letter.facts {
            out += "  \(fact.label): \(fact.value)\(fact.id.map { " (\($0))" } ?? "")\n"
        }
        section(words.message("plan.section.needs"), letter.needs, into: &out) { need in
            var line = "- \(need.competency) (\(need.id)): \(need.levels), \(need.deadline)"
            if let flag = need.flag { line += " [\(flag)]" }
            return [line] + ([need.sources] + need.details).filter { !$0.isEmpty }.map { "  " + $0 }
        }
        section(words.message("plan.section.modules"), letter.modules, into: &out) { module in
            var line = "\(module.order). \(module.title) (\(module.id)): \(module.hours)"
            if let delivery = module.delivery { line += ", \(delivery)" }
            var lines = [line]
            if !module.closes.isEmpty {
                lines.append("   " + words.message("plan.module.closes", ["needs": module.closes.joined(separator: ", ")]))
            }
            return lines + module.notes.map { "   " + $0 }
        }
        for (key, items) in letter.lists { section(words.message(key), items, into: &out) { ["- " + $0] } }
        if let note = letter.note { out += "  \(note)\n" }
        return out
    }

    private static func section<Item>(_ title: String, _ items: [Item], into out: inout String, _ lines: (Item) -> [String]) {
        guard !items.isEmpty else { return }
        out += "  \(title):\n"
        for item in items {
            for line in lines(item) { out += "    \(line)\n" }
        }
    }
}

/// The letter in Markdown (CommonMark).
enum Markdown {
    /// `text` with the characters Markdown gives a meaning to escaped.
    static func text(_ text: String) -> String { Escaping.markdown(text) }

    /// `text` as inline code.
    static func code(_ text: String) -> String { "`" + String(text.map { $0 == "`" ? "'" : $0 }) + "`" }

    static func render(_ letter: PlanLetter, words: Localizer) -> String {
        var out = "## \(text(letter.name)) (\(code(letter.person)))\n\n"
        for fact in letter.facts {
            out += "- **\(text(fact.label)):** \(text(fact.value))\(fact.id.map { " (\(code($0)))" } ?? "")\n"
        }
        if !letter.needs.isEmpty {
            out += "\n### \(text(words.message("plan.section.needs")))\n\n"
            for need in letter.needs {
                out += "- **\(text(need.competency))** (\(code(need.id))): \(text(need.levels)), \(text(need.deadline))"
                if let flag = need.flag { out += " — **\(text(flag))**" }
                for detail in [need.sources] + need.details where !detail.isEmpty { out += "\\\n  \(text(detail))" }
                out += "\n"
            }
        }
        if !letter.modules.isEmpty {
            out += "\n### \(text(words.message("plan.section.modules")))\n\n"
            for module in letter.modules {
                out += "\(module.order). **\(text(module.title))** (\(code(module.id))): \(text(module.hours))"
                if let delivery = module.delivery { out += ", \(text(delivery))" }
                if !module.closes.isEmpty {
                    out += "\\\n   " + text(words.message("plan.module.closes", ["needs": module.closes.joined(separator: ", ")]))
                }
                for note in module.notes { out += "\\\n   " + text(note) }
                out += "\n"
            }
        }
        for (key, items) in letter.lists where !items.isEmpty {
            out += "\n### \(text(words.message(key)))\n\n"
            for item in items { out += "- \(text(item))\n" }
        }
        if let note = letter.note { out += "\n> \(text(note))\n" }
        return out
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

    private static func anchor(_ id: String) -> String {
        "person-" + String(id.unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) && $0.isASCII ? Character($0) : "-" })
    }

    static func render(_ letter: PlanLetter, words: Localizer) -> String {
        let anchor = anchor(letter.person)
        var out = "<section class=\"person\" aria-labelledby=\"\(anchor)\">\n"
        out += "<h2 id=\"\(anchor)\">\(Escaping.html(letter.name)) <span class=\"id\">(\(Escaping.html(letter.person)))</span></h2>\n"
        out += "<dl aria-label=\"\(Escaping.html(words.message("plan.html.who")))\">\n"
        for fact in letter.facts {
            out += "<dt>\(Escaping.html(fact.label))</dt><dd>\(Escaping.html(fact.value))"
            if let id = fact.id { out += " <span class=\"id\">(\(Escaping.html(id)))</span>" }
            out += "</dd>\n"
        }
        out += "</dl>\n"
        if !letter.needs.isEmpty {
            let title = Escaping.html(words.message("plan.section.needs"))
            out += "<h3>\(title)</h3>\n<table>\n<caption class=\"visually-hidden\">\(title)</caption>\n<thead><tr>"
            for key in ["plan.html.competency", "plan.html.levels", "plan.html.deadline", "plan.html.sources"] {
                out += "<th scope=\"col\">\(Escaping.html(words.message(key)))</th>"
            }
            out += "</tr></thead>\n<tbody>\n"
            for need in letter.needs {
                out += "<tr><th scope=\"row\">\(Escaping.html(need.competency)) <span class=\"id\">(\(Escaping.html(need.id)))</span></th>"
                out += "<td>\(Escaping.html(need.levels))</td><td>\(Escaping.html(need.deadline))"
                if let flag = need.flag {
                    let kind = flag == words.message("plan.flag.overdue") ? "overdue" : "due-soon"
                    out += " <strong class=\"flag flag-\(kind)\">\(Escaping.html(flag))</strong>"
                }
                out += "</td><td>\(([need.sources] + need.details).filter { !$0.isEmpty }.map(Escaping.html).joined(separator: "<br>"))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !letter.modules.isEmpty {
            let title = Escaping.html(words.message("plan.section.modules"))
            out += "<h3>\(title)</h3>\n<table>\n<caption class=\"visually-hidden\">\(title)</caption>\n<thead><tr>"
            for key in ["plan.html.order", "plan.html.module", "plan.html.hours", "plan.html.delivery", "plan.html.closes"] {
                out += "<th scope=\"col\">\(Escaping.html(words.message(key)))</th>"
            }
            out += "</tr></thead>\n<tbody>\n"
            for module in letter.modules {
                out += "<tr><td>\(module.order)</td><th scope=\"row\">\(Escaping.html(module.title)) <span class=\"id\">(\(Escaping.html(module.id)))</span></th>"
                out += "<td>\(Escaping.html(module.hours))</td><td>\(Escaping.html(module.delivery ?? ""))</td>"
                out += "<td>\((module.closes.map(Escaping.html) + module.notes.map(Escaping.html)).joined(separator: "<br>"))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        for (key, items) in letter.lists where !items.isEmpty {
            out += "<h3>\(Escaping.html(words.message(key)))</h3>\n<ul>\n"
            for item in items { out += "<li>\(Escaping.html(item))</li>\n" }
            out += "</ul>\n"
        }
        if let note = letter.note { out += "<p role=\"note\">\(Escaping.html(note))</p>\n" }
        return out + "</section>\n"
    }
}
