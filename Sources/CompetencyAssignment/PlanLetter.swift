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
        let fixed = names.letter
        let needs = evaluation.requirements.filter { $0.state != .met }
        var facts: [(label: String, value: String, id: String?)] = []
        if let unit = evaluation.unit {
            facts.append((fixed.unitLabel, names.units[unit]?.text ?? unit.rawValue, unit.rawValue))
        }
        if let position = evaluation.position {
            facts.append((fixed.positionLabel, names.positions[position]?.text ?? position.rawValue, position.rawValue))
        }
        let summary = fixed.summary.fill(
            fixed.count(needs.count, one: fixed.needsOne, other: fixed.needsOther, words: words),
            fixed.count(evaluation.assignments.count, one: fixed.modulesOne, other: fixed.modulesOther, words: words),
            fixed.unitHours.fill(words.decimal(evaluation.hours, fractionDigits: 0)))
        facts.append((fixed.statusLabel, (fixed.statuses[evaluation.status] ?? evaluation.status.rawValue) + " — " + summary, nil))
        var content = PlanLetter(person: evaluation.person.rawValue, name: name(of: person) ?? fixed.unnamed, facts: facts)

        content.needs.reserveCapacity(needs.count)
        for requirement in needs {
            let competency = requirement.competency
            let attained = requirement.attained.map { names.level($0.level, of: competency) } ?? fixed.noLevel
            let levels = fixed.levelChange.fill(attained, names.level(requirement.required, of: competency))
            let deadline = requirement.by.map { fixed.deadline($0, words: words) } ?? fixed.noDeadline
            var details: [String] = []
            if explain {
                details.append(fixed.allSources.fill(requirement.because.map { names.source($0) }.joined(separator: ", ")))
                details.append(attainedText(requirement))
            }
            content.needs.append(
                PlanLetter.NeedLine(
                    competency: names.competency(competency), id: competency.rawValue, levels: levels, deadline: deadline,
                    flag: DeadlineFlag(by: requirement.by, asOf: assigner.asOf).flatMap { fixed.flags[$0] },
                    sources: names.sourcePhrases(level: names.levelSource(of: requirement), deadline: names.deadlineSource(of: requirement)),
                    details: details))
        }

        content.modules.reserveCapacity(evaluation.assignments.count)
        for assignment in evaluation.assignments {
            let closing = names.closes(assignment, among: evaluation.requirements)
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
        var out = ""
        out.reserveCapacity(256 + 160 * (letter.needs.count + letter.modules.count))
        out += letter.person
        out += " — "
        out += letter.name
        out += "\n"
        for fact in letter.facts {
            out += "  "
            out += fact.label
            out += ": "
            out += fact.value
            if let id = fact.id {
                out += " ("
                out += id
                out += ")"
            }
            out += "\n"
        }
        if !letter.needs.isEmpty {
            heading(words.message("plan.section.needs"), into: &out)
            for need in letter.needs {
                out += "    - "
                out += need.competency
                out += " ("
                out += need.id
                out += "): "
                out += need.levels
                out += ", "
                out += need.deadline
                if let flag = need.flag {
                    out += " ["
                    out += flag
                    out += "]"
                }
                out += "\n"
                if !need.sources.isEmpty { line(need.sources, indent: "      ", into: &out) }
                for detail in need.details where !detail.isEmpty { line(detail, indent: "      ", into: &out) }
            }
        }
        if !letter.modules.isEmpty {
            heading(words.message("plan.section.modules"), into: &out)
            for module in letter.modules {
                out += "    "
                out += String(module.order)
                out += ". "
                out += module.title
                out += " ("
                out += module.id
                out += "): "
                out += module.hours
                if let delivery = module.delivery {
                    out += ", "
                    out += delivery
                }
                out += "\n"
                if !module.closes.isEmpty {
                    line(words.message("plan.module.closes", ["needs": module.closes.joined(separator: ", ")]), indent: "       ", into: &out)
                }
                for note in module.notes { line(note, indent: "       ", into: &out) }
            }
        }
        for (key, items) in letter.lists where !items.isEmpty {
            heading(words.message(key), into: &out)
            for item in items { line(item, indent: "    - ", into: &out) }
        }
        if let note = letter.note { line(note, indent: "  ", into: &out) }
        return out
    }

    private static func heading(_ title: String, into out: inout String) {
        out += "  "
        out += title
        out += ":\n"
    }

    /// `text` on a line of its own after `indent`.
    private static func line(_ text: String, indent: String, into out: inout String) {
        out += indent
        out += text
        out += "\n"
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
