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

    // MARK: Text

    /// A plain-text table of one dimension, with titles, totals, training load and deadlines,
    /// in `words`' language.
    public func text(by dimension: CoverageDimension = .unit, words: Localizer = Localizer()) -> String {
        func count(_ value: Int) -> String { words.number(value) }
        func share(_ part: Int, _ whole: Int) -> String { whole > 0 ? words.percent(Double(part) / Double(whole)) : "-" }
        var lines = [
            words.message(
                "coverage.text.heading",
                [
                    "date": words.date(asOf), "framework": framework.rawValue + (version.map { " " + $0 } ?? ""),
                    "people": count(total.people), "meeting": count(total.meeting), "percent": share(total.meeting, total.people),
                    "training": count(total.needsTraining), "unsatisfiable": count(total.unsatisfiable),
                ]),
            "",
        ]
        var table: [[String]]
        if dimension == .rule {
            table = [
                ["coverage.column.rule", "coverage.column.title", "coverage.column.in-effect", "coverage.column.selected",
                 "coverage.status.exempt", "coverage.status.meeting", "coverage.column.percent"].map { words.message($0) }
            ]
            for rule in rules {
                table.append([
                    rule.id.rawValue, rule.title ?? "", words.message(rule.inEffect ? "coverage.word.yes" : "coverage.word.no"),
                    count(rule.selected), count(rule.exempt), count(rule.meeting), share(rule.meeting, rule.selected),
                ])
            }
        } else {
            table = [
                [words.message("coverage.dimension.\(dimension.rawValue)")]
                    + ["coverage.column.title", "coverage.column.people", "coverage.status.meeting", "coverage.status.training",
                       "coverage.status.unsatisfiable", "coverage.column.percent"].map { words.message($0) }
            ]
            var depth: [String: Int] = [:]
            for row in rows(dimension) {
                let level = dimension == .unit ? row.parent.flatMap { depth[$0].map { $0 + 1 } } ?? 0 : 0
                depth[row.id] = level
                let indent = String(repeating: "  ", count: level)
                table.append([
                    row.id.isEmpty ? words.message("coverage.no-position") : indent + row.id, row.title.map { indent + $0 } ?? "",
                    count(row.people), count(row.meeting), count(row.needsTraining), count(row.unsatisfiable),
                    share(row.meeting, row.people),
                ])
            }
        }
        lines += Self.align(table, textColumns: 2)
        if !modules.isEmpty {
            lines += ["", words.message("coverage.section.load")]
            lines += Self.align(
                [["coverage.column.module", "coverage.column.title", "coverage.column.people", "coverage.column.hours-each",
                  "coverage.column.hours"].map { words.message($0) }]
                    + modules.map {
                        [$0.id.rawValue, $0.title ?? "", count($0.headcount), words.decimal($0.hoursEach, fractionDigits: 1),
                         words.decimal($0.hours, fractionDigits: 1)]
                    }, textColumns: 2)
        }
        if !deadlines.isEmpty {
            lines += ["", words.message("coverage.section.deadlines")]
            lines += Self.align(
                [["coverage.column.deadline", "coverage.column.people-due", "coverage.column.needs", "coverage.column.unmet",
                  "coverage.column.state"].map { words.message($0) }]
                    + deadlines.map {
                        [$0.by.map { words.date($0) } ?? words.message("coverage.deadlines.no-deadline"), count($0.people), count($0.needs),
                         count($0.unmet), $0.by == nil ? "" : words.message($0.overdue ? "coverage.deadlines.state-overdue" : "coverage.deadlines.state-upcoming")]
                    }, textColumns: 1)
        }
        if trend.count > 1 {
            lines += ["", words.message("coverage.section.trend")]
            lines += Self.align(
                [["coverage.column.date", "coverage.column.people", "coverage.status.meeting", "coverage.column.percent",
                  "coverage.status.training", "coverage.status.unsatisfiable", "coverage.status.overdue"].map { words.message($0) }]
                    + trend.map {
                        [words.date($0.asOf) + ($0.roster.map { " (\($0))" } ?? ""), count($0.total.people), count($0.total.meeting),
                         share($0.total.meeting, $0.total.people), count($0.total.needsTraining), count($0.total.unsatisfiable),
                         count($0.total.overdue)]
                    }, textColumns: 1)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Aligns columns: the first `textColumns` to the left, the others (numbers) to the right.
    private static func align(_ table: [[String]], textColumns: Int) -> [String] {
        guard let width = table.first?.count else { return [] }
        var widths = Array(repeating: 0, count: width)
        for row in table { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return table.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index < textColumns ? cell + pad : pad + cell
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
                + "\"unsatisfiable\":\(row.unsatisfiable),\"exempt\":\(row.exempt),\"overdue\":\(row.overdue),"
                + "\"percentMeeting\":\(JSON.number(row.percentMeeting))"
                + (row.parent.map { ",\"parent\":\(Escaping.json($0))" } ?? "") + "}"
        }
        func list(_ items: [String]) -> String {
            items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
        }
        let totalText =
            "{\"people\":\(total.people),\"meeting\":\(total.meeting),\"needsTraining\":\(total.needsTraining),"
            + "\"unsatisfiable\":\(total.unsatisfiable),\"exempt\":\(total.exempt),\"overdue\":\(total.overdue),"
            + "\"percentMeeting\":\(JSON.number(total.percentMeeting))}"
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
                    "{\"by\":\(JSON.optional($0.by?.description)),\"needs\":\($0.needs),\"people\":\($0.people),\"unmet\":\($0.unmet),"
                        + "\"overdue\":\($0.overdue)}"
                }),
            "\"competencies\": " + list(
                competencies.map {
                    "{\"id\":\(Escaping.json($0.id.rawValue)),\"title\":\(JSON.optional($0.title)),\"required\":\($0.required),"
                        + "\"gaps\":\($0.gaps)}"
                }),
            "\"unitGaps\": " + list(
                unitGaps.map { "{\"unit\":\(Escaping.json($0.unit)),\"gaps\":[\($0.gaps.map(String.init).joined(separator: ","))]}" }),
            "\"trend\": " + list(
                trend.map { point in
                    "{\"asOf\":\(Escaping.json(point.asOf.description)),\"roster\":\(JSON.optional(point.roster)),"
                        + "\"people\":\(point.total.people),\"meeting\":\(point.total.meeting),\"needsTraining\":\(point.total.needsTraining),"
                        + "\"unsatisfiable\":\(point.total.unsatisfiable),\"exempt\":\(point.total.exempt),\"overdue\":\(point.total.overdue),"
                        + "\"percentMeeting\":\(JSON.number(point.total.percentMeeting))}"
                }),
        ]
        return "{\n  " + fields.joined(separator: ",\n  ") + "\n}\n"
    }

    // MARK: HTML

    /// The dashboard: one self-contained page in `words`' language (inline style, script and
    /// SVG; nothing is fetched), with the unit tree, the deadlines, the gap heat map, the
    /// training load and the trend, each chart with a table of its numbers. See
    /// `Documentation/Coverage.md`.
    public func html(title: String? = nil, words: Localizer = Localizer()) -> String {
        CoverageDashboard(report: self, words: words).render(title: title)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
