import CompetencyModel

/// The formats ``FrameworkDiff`` renders to.
public enum DiffFormat: String, Hashable, Sendable, CaseIterable {
    /// Grouped by kind, each change located in both files (`old:line` and `new:line`).
    case text
    /// Release notes.
    case markdown
    /// One self-contained page.
    case html
    /// `{"impact", "suggestedVersion", "declaredVersion", "changes": [...]}`.
    case json
}

extension FrameworkDiff {
    /// The diff in `format`, followed by the impact on people when one is given.
    ///
    /// - Parameters:
    ///   - format: the output format.
    ///   - people: the impact on a roster's people (see `RosterEvolution.peopleImpact`).
    ///   - persons: the per-person rows, written in JSON only.
    ///   - words: the language of headings, kinds, details and titles; `nil` for English with
    ///     titles in the framework's language, as the tool writes without `--language`. JSON
    ///     keeps its keys and codes in any language; only its titles follow `words`.
    public func rendered(
        _ format: DiffFormat, people: PeopleImpact? = nil, persons: [PeopleImpact.Person] = [], words: Localizer? = nil
    ) -> String {
        switch format {
        case .text: text(words) + (people?.text(words) ?? "")
        case .markdown: markdown(words) + (people?.markdown(words) ?? "")
        case .html: html(people: people, words: words)
        case .json: json(people: people, persons: persons, words: words)
        }
    }

    /// The changes grouped by kind, in ``FrameworkChange/Kind`` order.
    public var groups: [(kind: FrameworkChange.Kind, changes: [FrameworkChange])] {
        var grouped: [FrameworkChange.Kind: [FrameworkChange]] = [:]
        for change in changes { grouped[change.kind, default: []].append(change) }
        return FrameworkChange.Kind.allCases.compactMap { kind in grouped[kind].map { (kind, $0) } }
    }

    private func headline(_ words: Localizer) -> String {
        words.message(
            "diff.headline",
            [
                "old": old.id, "from": old.declared ?? words.message("diff.no-version"),
                "new": new.id, "to": new.declared ?? words.message("diff.no-version"),
                "changes": words.count(changes.count, "diff.count.changes"), "impact": words.message("diff.impact.\(impact.rawValue)"),
                "suggested": suggestedVersion.description,
            ])
    }

    /// Where a side was written, as `file:line` (or `file` when the line is unknown).
    static func place(_ side: FrameworkChange.Side) -> String {
        guard let location = side.location else { return side.id }
        if location.line == 0 { return location.file ?? side.id }
        return "\(location.file ?? "")\(location.file == nil ? "" : ":")\(location.line)"
    }

    static func places(_ sides: [FrameworkChange.Side]) -> String {
        sides.isEmpty ? "-" : sides.map(place).joined(separator: ", ")
    }

    /// Text grouped by kind; each change says its impact, entity, ID, what changed, and
    /// where it stands in the old and new files. `words` as for ``rendered(_:people:persons:words:)``.
    public func text(_ words: Localizer? = nil) -> String {
        let shown = words ?? .standard()
        var out = headline(shown) + "\n"
        for (kind, list) in groups {
            out += "\n\(kind.localizedHeading(shown)) (\(shown.number(list.count))):\n"
            for change in list {
                out += "  [\(shown.message("diff.impact.\(change.impact.rawValue)"))] \(shown.message("diff.entity.\(change.entity.rawValue)"))"
                out += " \(change.id): \(change.localizedDetail(words))\n"
                out += "      " + shown.message("diff.sides", ["old": Self.places(change.old), "new": Self.places(change.new)]) + "\n"
            }
        }
        return out
    }

    /// Release notes: breaking changes first, then additions and other minor changes, then
    /// text fixes, each as a list under its kind. `words` as for ``rendered(_:people:persons:words:)``.
    public func markdown(_ words: Localizer? = nil) -> String {
        let shown = words ?? .standard()
        var out = "# \(new.id) \(new.declared ?? "")".trimmingTrailingSpaces + "\n\n"
        out += shown.message(
            "diff.markdown.since",
            [
                "previous": old.declared ?? shown.message("diff.previous-version"), "count": shown.number(changes.count),
                "impact": shown.message("diff.impact.\(impact.rawValue)"), "suggested": suggestedVersion.description,
            ])
        out += new.declared.map { shown.message("diff.markdown.declared", ["version": $0]) } ?? ""
        out += ".\n"
        for impact in [ChangeImpact.major, .minor, .patch] {
            let selected = changes.filter { $0.impact == impact }
            guard !selected.isEmpty else { continue }
            out += "\n## \(shown.message("diff.section.\(impact.rawValue)"))\n"
            for kind in FrameworkChange.Kind.allCases {
                let list = selected.filter { $0.kind == kind }
                guard !list.isEmpty else { continue }
                out += "\n### \(kind.localizedHeading(shown))\n\n"
                for change in list {
                    let title = change.localizedTitle(words).map { " *\(Self.markdownText($0))*" } ?? ""
                    out += "- \(shown.message("diff.entity.\(change.entity.rawValue)")) `\(Self.markdownCode(change.id))`\(title): "
                    out += "\(Self.markdownText(change.localizedDetail(words)))\n"
                }
            }
        }
        if changes.isEmpty { out += "\n\(shown.message("diff.no-changes"))\n" }
        return out
    }

    static func markdownCode(_ text: String) -> String { text.replacingAll("`", with: "'") }

    static func markdownText(_ text: String) -> String { Escaping.markdown(text) }

    /// One page: a summary, a table per kind and, when given, the impact on people. `words` as
    /// for ``rendered(_:people:persons:words:)``.
    public func html(people: PeopleImpact? = nil, words: Localizer? = nil) -> String {
        let shown = words ?? .standard()
        let heading = shown.message(
            "diff.html.heading", ["old": old.id, "from": old.declared ?? "", "new": new.id, "to": new.declared ?? ""])
        var body = ["<h1>\(Escaping.html(heading))</h1>", "<p class=\"summary\">\(Escaping.html(headline(shown)))</p>"]
        let columns = ["impact", "entity", "id", "change", "old", "new"].map { "<th>\(Escaping.html(shown.message("diff.column.\($0)")))</th>" }
        for (kind, list) in groups {
            body.append("<h2>\(Escaping.html(kind.localizedHeading(shown))) (\(shown.number(list.count)))</h2>")
            var table = "<table><tr>" + columns.joined() + "</tr>"
            for change in list {
                table += "<tr class=\"\(change.impact.rawValue)\"><td>\(Escaping.html(shown.message("diff.impact.\(change.impact.rawValue)")))</td>"
                table += "<td>\(Escaping.html(shown.message("diff.entity.\(change.entity.rawValue)")))</td>"
                let title = change.localizedTitle(words).map { "<br><small>\(Escaping.html($0))</small>" } ?? ""
                table += "<td>\(Escaping.html(change.id))\(title)</td><td>\(Escaping.html(change.localizedDetail(words)))</td>"
                table += "<td>\(Escaping.html(Self.places(change.old)))</td><td>\(Escaping.html(Self.places(change.new)))</td></tr>"
            }
            body.append(table + "</table>")
        }
        if changes.isEmpty { body.append("<p>\(Escaping.html(shown.message("diff.no-changes")))</p>") }
        if let people { body.append(people.html(words)) }
        let style = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}\
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.5em}table{border-collapse:collapse;width:100%}\
            td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
            tr.major td:first-child{color:#c62828;font-weight:bold}tr.minor td:first-child{color:#1565c0}tr.patch td:first-child{color:#555}
            """
        return "<!DOCTYPE html>\n<html lang=\"\(Escaping.html(words?.language ?? "en"))\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<title>\(Escaping.html(heading))</title>\n<style>\(style)</style>\n</head>\n<body>\n" + body.joined(separator: "\n")
            + "\n</body>\n</html>\n"
    }

    /// The diff as JSON, keys in a fixed order; with `people`, a `"people"` summary and a
    /// `"persons"` array of the per-person rows. Keys, kinds, impacts and details do not
    /// depend on a language; with `words`, titles are in its language.
    public func json(people: PeopleImpact? = nil, persons: [PeopleImpact.Person] = [], words: Localizer? = nil) -> String {
        func optional(_ text: String?) -> String { text.map(Escaping.json) ?? "null" }
        func side(_ side: FrameworkChange.Side?) -> String {
            guard let side else { return "null" }
            var fields = ["\"id\":\(Escaping.json(side.id))"]
            if let location = side.location {
                fields.append("\"file\":\(optional(location.file))")
                fields.append("\"line\":\(location.line)")
                fields.append("\"column\":\(location.column)")
            }
            return "{" + fields.joined(separator: ",") + "}"
        }
        let items = changes.map { change in
            var fields = [
                "\"impact\":\(Escaping.json(change.impact.rawValue))", "\"kind\":\(Escaping.json(change.kind.rawValue))",
                "\"entity\":\(Escaping.json(change.entity.rawValue))", "\"id\":\(Escaping.json(change.id))",
                "\"detail\":\(Escaping.json(change.detail))", "\"title\":\(optional(change.localizedTitle(words)))", "\"old\":\(side(change.old.first))", "\"new\":\(side(change.new.first))",
            ]
            if change.old.count > 1 { fields.append("\"predecessors\":[" + change.old.map(side).joined(separator: ",") + "]") }
            if change.new.count > 1 { fields.append("\"successors\":[" + change.new.map(side).joined(separator: ",") + "]") }
            return "{" + fields.joined(separator: ",") + "}"
        }
        var fields = [
            "\"impact\": \(Escaping.json(impact.rawValue))",
            "\"suggestedVersion\": \(Escaping.json(suggestedVersion.description))",
            "\"declaredVersion\": \(optional(new.declared))",
            "\"previousVersion\": \(optional(old.declared))",
            "\"old\": {\"id\":\(Escaping.json(old.id)),\"file\":\(optional(old.location?.file))}",
            "\"new\": {\"id\":\(Escaping.json(new.id)),\"file\":\(optional(new.location?.file))}",
            "\"changes\": " + (items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"),
        ]
        if let people {
            fields.append("\"people\": " + people.json())
            fields.append("\"persons\": " + (persons.isEmpty ? "[]" : "[\n    " + persons.map(PeopleImpact.json).joined(separator: ",\n    ") + "\n  ]"))
        }
        return "{\n  " + fields.joined(separator: ",\n  ") + "\n}\n"
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
