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
    public func rendered(_ format: DiffFormat, people: PeopleImpact? = nil, persons: [PeopleImpact.Person] = []) -> String {
        switch format {
        case .text: text() + (people?.text() ?? "")
        case .markdown: markdown() + (people?.markdown() ?? "")
        case .html: html(people: people)
        case .json: json(people: people, persons: persons)
        }
    }

    /// The changes grouped by kind, in ``FrameworkChange/Kind`` order.
    public var groups: [(kind: FrameworkChange.Kind, changes: [FrameworkChange])] {
        var grouped: [FrameworkChange.Kind: [FrameworkChange]] = [:]
        for change in changes { grouped[change.kind, default: []].append(change) }
        return FrameworkChange.Kind.allCases.compactMap { kind in grouped[kind].map { (kind, $0) } }
    }

    private var headline: String {
        let from = old.declared ?? "(no version)"
        let to = new.declared ?? "(no version)"
        let count = changes.count
        return "\(old.id) \(from) → \(new.id) \(to): \(count) change\(count == 1 ? "" : "s"), impact \(impact.rawValue); "
            + "suggested version \(suggestedVersion)"
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
    /// where it stands in the old and new files.
    public func text() -> String {
        var out = headline + "\n"
        for (kind, list) in groups {
            out += "\n\(kind.heading) (\(list.count)):\n"
            for change in list {
                out += "  [\(change.impact.rawValue)] \(change.entity.rawValue) \(change.id): \(change.detail)\n"
                out += "      old: \(Self.places(change.old))  new: \(Self.places(change.new))\n"
            }
        }
        return out
    }

    /// Release notes: breaking changes first, then additions and other minor changes, then
    /// text fixes, each as a list under its kind.
    public func markdown() -> String {
        var out = "# \(new.id) \(new.declared ?? "")".trimmingTrailingSpaces + "\n\n"
        out += "Changes since \(old.declared ?? "the previous version"): **\(changes.count)**, impact **\(impact.rawValue)**; "
        out += "suggested version **\(suggestedVersion)**"
        out += new.declared.map { " (declared \($0))" } ?? ""
        out += ".\n"
        let sections: [(ChangeImpact, String)] = [
            (.major, "Breaking changes"), (.minor, "Additions and other compatible changes"), (.patch, "Text changes"),
        ]
        for (impact, title) in sections {
            let selected = changes.filter { $0.impact == impact }
            guard !selected.isEmpty else { continue }
            out += "\n## \(title)\n"
            for kind in FrameworkChange.Kind.allCases {
                let list = selected.filter { $0.kind == kind }
                guard !list.isEmpty else { continue }
                out += "\n### \(kind.heading)\n\n"
                for change in list {
                    let title = change.title.map { " *\(Self.markdownText($0))*" } ?? ""
                    out += "- \(change.entity.rawValue) `\(Self.markdownCode(change.id))`\(title): \(Self.markdownText(change.detail))\n"
                }
            }
        }
        if changes.isEmpty { out += "\nNo changes.\n" }
        return out
    }

    static func markdownCode(_ text: String) -> String { text.replacingAll("`", with: "'") }

    static func markdownText(_ text: String) -> String { Escaping.markdown(text) }

    /// One page: a summary, a table per kind and, when given, the impact on people.
    public func html(people: PeopleImpact? = nil) -> String {
        let heading = "Changes from \(old.id) \(old.declared ?? "") to \(new.id) \(new.declared ?? "")"
        var body = ["<h1>\(Escaping.html(heading))</h1>", "<p class=\"summary\">\(Escaping.html(headline))</p>"]
        for (kind, list) in groups {
            body.append("<h2>\(Escaping.html(kind.heading)) (\(list.count))</h2>")
            var table = "<table><tr><th>impact</th><th>entity</th><th>id</th><th>change</th><th>old</th><th>new</th></tr>"
            for change in list {
                table += "<tr class=\"\(change.impact.rawValue)\"><td>\(change.impact.rawValue)</td><td>\(change.entity.rawValue)</td>"
                let title = change.title.map { "<br><small>\(Escaping.html($0))</small>" } ?? ""
                table += "<td>\(Escaping.html(change.id))\(title)</td><td>\(Escaping.html(change.detail))</td>"
                table += "<td>\(Escaping.html(Self.places(change.old)))</td><td>\(Escaping.html(Self.places(change.new)))</td></tr>"
            }
            body.append(table + "</table>")
        }
        if changes.isEmpty { body.append("<p>No changes.</p>") }
        if let people { body.append(people.html()) }
        let style = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}\
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.5em}table{border-collapse:collapse;width:100%}\
            td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
            tr.major td:first-child{color:#c62828;font-weight:bold}tr.minor td:first-child{color:#1565c0}tr.patch td:first-child{color:#555}
            """
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(Escaping.html(heading))</title>\n"
            + "<style>\(style)</style>\n</head>\n<body>\n" + body.joined(separator: "\n") + "\n</body>\n</html>\n"
    }

    /// The diff as JSON, keys in a fixed order; with `people`, a `"people"` summary and a
    /// `"persons"` array of the per-person rows.
    public func json(people: PeopleImpact? = nil, persons: [PeopleImpact.Person] = []) -> String {
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
                "\"detail\":\(Escaping.json(change.detail))", "\"title\":\(optional(change.title))", "\"old\":\(side(change.old.first))", "\"new\":\(side(change.new.first))",
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
