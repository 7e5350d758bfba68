import CompetencyModel

extension CoverageReport {
    private func rows(_ dimension: CoverageDimension) -> [GroupCoverage] {
        switch dimension {
        case .unit: units
        case .position: positions
        case .domain: domains
        case .band: bands
        case .rule:
            rules.map {
                GroupCoverage(
                    id: $0.id.rawValue, title: $0.title, people: $0.selected, meeting: $0.meeting,
                    needsTraining: 0, unsatisfiable: 0)
            }
        }
    }

    private static func percent(_ value: Double?) -> String {
        guard let value else { return "-" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    // MARK: Text

    /// A plain-text table of one dimension, with totals, training load and deadlines.
    public func text(by dimension: CoverageDimension = .unit) -> String {
        var lines = [
            "Coverage on \(asOf) against \(framework)\(version.map { " \($0)" } ?? ""): \(total.people) people, "
                + "\(total.meeting) meeting (\(Self.percent(total.percentMeeting))), \(total.needsTraining) needing training, "
                + "\(total.unsatisfiable) unsatisfiable",
            "",
        ]
        var table: [[String]]
        if dimension == .rule {
            table = [["rule", "in effect", "selected", "exempt", "meeting", "%"]]
            for rule in rules {
                table.append([
                    rule.id.rawValue, rule.inEffect ? "yes" : "no", String(rule.selected), String(rule.exempt),
                    String(rule.meeting), Self.percent(rule.percentMeeting),
                ])
            }
        } else {
            table = [[dimension.rawValue, "people", "meeting", "training", "unsatisfiable", "%"]]
            for row in rows(dimension) {
                table.append([
                    row.id.isEmpty ? "(none)" : row.id, String(row.people), String(row.meeting), String(row.needsTraining),
                    String(row.unsatisfiable), Self.percent(row.percentMeeting),
                ])
            }
        }
        lines += Self.align(table)
        if !modules.isEmpty {
            lines += ["", "Training load"]
            lines += Self.align(
                [["module", "headcount", "hours"]]
                    + modules.map { [$0.id.rawValue, String($0.headcount), JSON.number($0.hours)] })
        }
        if !deadlines.isEmpty {
            lines += ["", "Needs due"]
            lines += Self.align(
                [["by", "needs", "people", "unmet"]]
                    + deadlines.map {
                        [$0.by?.description ?? "(no deadline)", String($0.needs), String($0.people), String($0.unmet)]
                    })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func align(_ table: [[String]]) -> [String] {
        guard let width = table.first?.count else { return [] }
        var widths = Array(repeating: 0, count: width)
        for row in table { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return table.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    // MARK: CSV

    /// One dimension as CSV (RFC 4180: lines end with CRLF).
    public func csv(by dimension: CoverageDimension = .unit) -> String {
        var out: String
        if dimension == .rule {
            out = Escaping.csvRecord(["id", "title", "inEffect", "selected", "exempt", "meeting", "percentMeeting"])
            for rule in rules {
                out += Escaping.csvRecord([
                    rule.id.rawValue, rule.title ?? "", String(rule.inEffect), String(rule.selected), String(rule.exempt),
                    String(rule.meeting), rule.percentMeeting.map { JSON.number($0) } ?? "",
                ])
            }
        } else {
            out = Escaping.csvRecord(["id", "title", "people", "meeting", "needsTraining", "unsatisfiable", "percentMeeting"])
            for row in rows(dimension) {
                out += Escaping.csvRecord([
                    row.id, row.title ?? "", String(row.people), String(row.meeting), String(row.needsTraining),
                    String(row.unsatisfiable), row.percentMeeting.map { JSON.number($0) } ?? "",
                ])
            }
        }
        return out
    }

    // MARK: JSON

    /// Every table as one JSON document, keys in a fixed order.
    public func json() -> String {
        func group(_ row: GroupCoverage) -> String {
            "{\"id\":\(Escaping.json(row.id)),\"title\":\(JSON.optional(row.title)),\"people\":\(row.people),"
                + "\"meeting\":\(row.meeting),\"needsTraining\":\(row.needsTraining),"
                + "\"unsatisfiable\":\(row.unsatisfiable),\"percentMeeting\":\(JSON.number(row.percentMeeting))}"
        }
        func list(_ items: [String]) -> String {
            items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
        }
        let totalText =
            "{\"people\":\(total.people),\"meeting\":\(total.meeting),\"needsTraining\":\(total.needsTraining),"
            + "\"unsatisfiable\":\(total.unsatisfiable),\"percentMeeting\":\(JSON.number(total.percentMeeting))}"
        let fields = [
            "\"asOf\": \(Escaping.json(asOf.description))",
            "\"framework\": \(Escaping.json(framework.rawValue))",
            "\"version\": \(JSON.optional(version))",
            "\"total\": \(totalText)",
            "\"units\": \(list(units.map(group)))",
            "\"positions\": \(list(positions.map(group)))",
            "\"domains\": \(list(domains.map(group)))",
            "\"bands\": \(list(bands.map(group)))",
            "\"rules\": " + list(
                rules.map {
                    "{\"id\":\(Escaping.json($0.id.rawValue)),\"title\":\(JSON.optional($0.title)),\"inEffect\":\($0.inEffect),"
                        + "\"selected\":\($0.selected),\"exempt\":\($0.exempt),\"meeting\":\($0.meeting),"
                        + "\"percentMeeting\":\(JSON.number($0.percentMeeting))}"
                }),
            "\"modules\": " + list(
                modules.map {
                    "{\"id\":\(Escaping.json($0.id.rawValue)),\"title\":\(JSON.optional($0.title)),"
                        + "\"hoursEach\":\(JSON.number($0.hoursEach)),\"headcount\":\($0.headcount),\"hours\":\(JSON.number($0.hours))}"
                }),
            "\"deadlines\": " + list(
                deadlines.map {
                    "{\"by\":\(JSON.optional($0.by?.description)),\"needs\":\($0.needs),\"people\":\($0.people),\"unmet\":\($0.unmet)}"
                }),
        ]
        return "{\n  " + fields.joined(separator: ",\n  ") + "\n}\n"
    }

    // MARK: HTML

    /// One self-contained page (inline CSS and SVG, no scripts, no outside fonts) with a
    /// stacked bar chart per table, the training load and the needs due.
    public func html(title: String? = nil) -> String {
        let heading = title ?? "Coverage of \(framework) on \(asOf)"
        var body: [String] = []
        body.append("<h1>\(Escaping.html(heading))</h1>")
        body.append(
            "<p class=\"summary\"><strong>\(total.meeting)</strong> of <strong>\(total.people)</strong> people meet "
                + "their requirements (\(Self.percent(total.percentMeeting))); \(total.needsTraining) need training; "
                + "\(total.unsatisfiable) cannot be fully trained with the modules on offer.</p>")
        body.append(
            "<p class=\"legend\"><span class=\"swatch meeting\"></span>meeting <span class=\"swatch training\"></span>"
                + "needs training <span class=\"swatch unsat\"></span>unsatisfiable</p>")
        for (name, dimension) in [("Units", CoverageDimension.unit), ("Positions", .position), ("Domains", .domain), ("Bands", .band)] {
            let data = rows(dimension).filter { $0.people > 0 || dimension == .unit }
            guard !data.isEmpty else { continue }
            body.append("<h2>\(name)</h2>")
            body.append(Self.stackedChart(data))
        }
        if !rules.isEmpty {
            body.append("<h2>Rules</h2>")
            body.append(
                "<table><tr><th>rule</th><th>title</th><th>selected</th><th>exempt</th><th>meeting</th><th>%</th></tr>"
                    + rules.map {
                        "<tr><td>\(Escaping.html($0.id.rawValue))</td><td>\(Escaping.html($0.title ?? ""))\($0.inEffect ? "" : " <em>(not in effect)</em>")</td>"
                            + "<td>\($0.selected)</td><td>\($0.exempt)</td><td>\($0.meeting)</td><td>\(Self.percent($0.percentMeeting))</td></tr>"
                    }.joined() + "</table>")
        }
        if !modules.isEmpty {
            body.append("<h2>Training load (hours)</h2>")
            body.append(
                Self.barChart(modules.map { ("\($0.id) — \($0.headcount) people", $0.hours, JSON.number($0.hours) + " h") }))
        }
        if !deadlines.isEmpty {
            body.append("<h2>Needs due</h2>")
            body.append(
                Self.barChart(
                    deadlines.map { ($0.by?.description ?? "no deadline", Double($0.needs), "\($0.needs) needs, \($0.people) people") }))
        }
        let style = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}\
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}svg{display:block;margin:.5em 0}\
            table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}\
            .swatch{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}\
            .meeting{background:#2e7d32}.training{background:#f9a825}.unsat{background:#c62828}
            """
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(Escaping.html(heading))</title>\n"
            + "<style>\(style)</style>\n</head>\n<body>\n" + body.joined(separator: "\n") + "\n</body>\n</html>\n"
    }

    private static func stackedChart(_ rows: [GroupCoverage]) -> String {
        let rowHeight = 22
        let labelWidth = 260
        let barWidth = 420
        let height = rows.count * rowHeight + 4
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 90)\" height=\"\(height)\" role=\"img\">"
        ]
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 2
            let label = row.title.map { "\(row.id) — \($0)" } ?? (row.id.isEmpty ? "(none)" : row.id)
            parts.append(
                "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(Escaping.html(String(label.prefix(40))))</text>")
            var x = labelWidth
            for (count, colour) in [(row.meeting, "#2e7d32"), (row.needsTraining, "#f9a825"), (row.unsatisfiable, "#c62828")]
            where count > 0 {
                let width = row.people > 0 ? count * barWidth / row.people : 0
                parts.append(
                    "<rect x=\"\(x)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"\(colour)\"><title>\(count)</title></rect>")
                x += width
            }
            if row.people == 0 {
                parts.append(
                    "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"16\" fill=\"#eee\"></rect>")
            }
            parts.append(
                "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(percent(row.percentMeeting)) of \(row.people)</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func barChart(_ rows: [(label: String, value: Double, caption: String)]) -> String {
        let rowHeight = 22
        let labelWidth = 260
        let barWidth = 420
        let maximum = rows.map(\.value).max() ?? 0
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 160)\" height=\"\(rows.count * rowHeight + 4)\" role=\"img\">"
        ]
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 2
            let width = maximum > 0 ? Int((row.value / maximum * Double(barWidth)).rounded()) : 0
            parts.append("<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(Escaping.html(String(row.label.prefix(40))))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"#1565c0\"></rect>")
            parts.append(
                "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(Escaping.html(row.caption))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
