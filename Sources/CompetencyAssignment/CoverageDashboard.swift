import CompetencyModel

/// The coverage dashboard: one self-contained HTML page (inline style, script and SVG; nothing
/// fetched) in the localizer's language. Every chart has a table with the same numbers, the
/// unit tree folds with native `<details>`, and printing shows everything.
struct CoverageDashboard {
    let report: CoverageReport
    let words: Localizer

    /// Units deeper than this are left out of the heat map when it would have more rows than
    /// ``heatMapRowLimit``.
    static let heatMapRowLimit = 300

    func render(title: String?) -> String {
        let heading = title ?? words.message("coverage.title", ["framework": report.framework.rawValue, "date": words.date(report.asOf)])
        var sections: [(id: String, heading: String, body: String)] = [
            ("summary", words.message("coverage.section.summary"), summary()),
            ("units", words.message("coverage.section.units"), unitTree()),
        ]
        if !report.deadlines.isEmpty { sections.append(("deadlines", words.message("coverage.section.deadlines"), deadlineView())) }
        if !report.competencies.isEmpty { sections.append(("gaps", words.message("coverage.section.gaps"), heatMap())) }
        if !report.modules.isEmpty { sections.append(("load", words.message("coverage.section.load"), trainingLoad())) }
        sections.append(("trend", words.message("coverage.section.trend"), trend()))
        for (id, key, rows) in [
            ("positions", "coverage.section.positions", report.positions), ("domains", "coverage.section.domains", report.domains),
        ] where rows.contains(where: { $0.people > 0 }) {
            sections.append((id, words.message(key), groupTable(rows.filter { $0.people > 0 }, header: words.message("coverage.column.group"))))
        }
        if !report.rules.isEmpty { sections.append(("rules", words.message("coverage.section.rules"), rulesTable())) }

        var page = "<!DOCTYPE html>\n<html lang=\"\(Escaping.html(words.language))\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(Escaping.html(heading))</title>\n<style>\(Self.style)</style>\n</head>\n<body>\n"
        page += "<header>\n<h1>\(Escaping.html(heading))</h1>\n<p class=\"meta\">"
        page += Escaping.html(
            words.message(
                "coverage.meta",
                ["framework": report.framework.rawValue + (report.version.map { " " + $0 } ?? ""), "date": words.date(report.asOf)]))
        page += "</p>\n<nav aria-label=\"\(Escaping.html(words.message("coverage.contents")))\"><ul>"
        for section in sections { page += "<li><a href=\"#\(section.id)\">\(Escaping.html(section.heading))</a></li>" }
        page += "</ul></nav>\n</header>\n<main>\n"
        for section in sections {
            page += "<section id=\"\(section.id)\" aria-labelledby=\"h-\(section.id)\">\n"
            page += "<h2 id=\"h-\(section.id)\">\(Escaping.html(section.heading))</h2>\n\(section.body)\n</section>\n"
        }
        page += "</main>\n<script>\(Self.script)</script>\n</body>\n</html>\n"
        return page
    }

    // MARK: Pieces

    private func html(_ key: String, _ arguments: [String: String] = [:]) -> String {
        Escaping.html(words.message(key, arguments))
    }

    /// A table's column headings, one `<th scope="col">` per message key.
    private func columnHeads(_ keys: [String]) -> String {
        keys.map { "<th scope=\"col\">\(html($0))</th>" }.joined()
    }

    private func count(_ value: Int) -> String { words.number(value) }

    private func share(_ part: Int, _ whole: Int) -> String {
        whole > 0 ? words.percent(Double(part) / Double(whole)) : "–"
    }

    private func label(_ id: String, _ title: String?) -> String {
        if id.isEmpty { return "<span class=\"name\">\(html("coverage.no-position"))</span>" }
        guard let title, title != id else { return "<span class=\"name\">\(Escaping.html(id))</span>" }
        return "<span class=\"name\">\(Escaping.html(title))</span> <span class=\"id\">\(Escaping.html(id))</span>"
    }

    private func summary() -> String {
        let total = report.total
        let toTrain = total.needsTraining + total.unsatisfiable
        var out = "<p class=\"lead\">"
            + html(
                "coverage.summary.lead",
                [
                    "meeting": count(total.meeting), "people": count(total.people),
                    "percent": share(total.meeting, total.people), "train": count(toTrain),
                ]) + "</p>\n<dl class=\"cards\">"
        for (key, value, whole, style) in [
            ("coverage.status.meeting", total.meeting, total.people, "meeting"),
            ("coverage.status.training", total.needsTraining, total.people, "training"),
            ("coverage.status.unsatisfiable", total.unsatisfiable, total.people, "unsat"),
            ("coverage.status.exempt", total.exempt, total.people, "exempt"),
            ("coverage.status.overdue", total.overdue, total.people, "overdue"),
        ] {
            out += "<div class=\"card \(style)\" data-status=\"\(style)\"><dt>\(html(key))</dt><dd><strong>\(count(value))</strong> "
                + "<span>\(share(value, whole))</span></dd></div>"
        }
        return out + "</dl>\n" + legend()
    }

    private func legend() -> String {
        "<p class=\"legend\" aria-hidden=\"true\">"
            + [("meeting", "coverage.status.meeting-trained"), ("exempt", "coverage.status.exempt"),
               ("training", "coverage.status.training"), ("unsat", "coverage.status.unsatisfiable")]
            .map { "<span><i class=\"swatch \($0.0)\"></i>\(html($0.1))</span>" }.joined(separator: " ") + "</p>"
    }

    /// A stacked bar of one group, with the people still to train written beside it.
    private func bar(_ row: GroupCoverage) -> String {
        let trained = row.meeting - row.exempt
        var out = "<span class=\"bar\" aria-hidden=\"true\">"
        for (value, style) in [(trained, "meeting"), (row.exempt, "exempt"), (row.needsTraining, "training"), (row.unsatisfiable, "unsat")]
        where value > 0 && row.people > 0 {
            let width = Double(value * 10_000 / row.people) / 100
            out += "<i class=\"\(style)\" style=\"width:\(JSON.number(width))%\"></i>"
        }
        return out + "</span>"
    }

    private func toTrainText(_ row: GroupCoverage) -> String {
        let toTrain = row.needsTraining + row.unsatisfiable
        if row.people == 0 { return html("coverage.bar.nobody") }
        if toTrain == 0 { return html("coverage.bar.all-meet", ["people": count(row.people)]) }
        var text = html("coverage.bar.to-train", ["count": count(toTrain), "people": count(row.people)])
        if row.unsatisfiable > 0 {
            text += " " + html("coverage.bar.of-which-unsat", ["count": count(row.unsatisfiable)])
        }
        return text
    }

    private func figures(_ row: GroupCoverage) -> String {
        "<span class=\"figures\">" + [
            ("meeting", "coverage.status.meeting", row.meeting), ("training", "coverage.status.training", row.needsTraining),
            ("unsat", "coverage.status.unsatisfiable", row.unsatisfiable), ("exempt", "coverage.status.exempt", row.exempt),
        ].map { style, key, value in
            "<span data-\(style)=\"\(value)\">\(html(key)) \(count(value)) (\(share(value, row.people)))</span>"
        }.joined(separator: " · ") + "</span>"
    }

    private func unitLine(_ row: GroupCoverage) -> String {
        "<span class=\"unit-line\">\(label(row.id, row.title))<span class=\"unit-bar\">\(bar(row))"
            + "<span class=\"to-train\">\(toTrainText(row))</span></span>\(figures(row))</span>"
    }

    private var children: [String: [Int]] {
        var map: [String: [Int]] = [:]
        for (index, row) in report.units.enumerated() { map[row.parent ?? "", default: []].append(index) }
        return map
    }

    private func unitTree() -> String {
        guard !report.units.isEmpty else { return "<p>\(html("coverage.units.none"))</p>" }
        let children = self.children
        var out = "<p class=\"tools no-print\"><button type=\"button\" data-action=\"expand\">\(html("coverage.units.expand"))</button> "
            + "<button type=\"button\" data-action=\"collapse\">\(html("coverage.units.collapse"))</button></p>\n"
        out += legend() + "\n<div class=\"tree\">\n"
        func node(_ index: Int, depth: Int) {
            let row = report.units[index]
            let attributes = "class=\"unit\" data-unit=\"\(Escaping.html(row.id))\" data-depth=\"\(depth)\" data-people=\"\(row.people)\""
            let kids = children[row.id] ?? []
            if kids.isEmpty {
                out += "<div \(attributes)><div class=\"leaf\">\(unitLine(row))</div></div>\n"
            } else {
                out += "<details \(attributes) open><summary>\(unitLine(row))</summary>\n<div class=\"children\">\n"
                for kid in kids { node(kid, depth: depth + 1) }
                out += "</div></details>\n"
            }
        }
        // Roots: units without a parent; a unit whose parent is unknown also starts a tree.
        let known = Set(report.units.map(\.id))
        for (index, row) in report.units.enumerated() where row.parent.map({ !known.contains($0) }) ?? true {
            node(index, depth: 0)
        }
        out += "</div>\n"
        out += dataTable(html("coverage.units.table")) { groupTable(report.units, header: words.message("coverage.column.unit"), tree: true) }
        return out
    }

    /// A folded table: the numbers behind a chart.
    private func dataTable(_ caption: String, _ table: () -> String) -> String {
        "<details class=\"data\"><summary>\(caption)</summary>\n\(table())\n</details>"
    }

    private func depths() -> [String: Int] {
        var depth: [String: Int] = [:]
        for row in report.units { depth[row.id] = row.parent.flatMap { depth[$0].map { $0 + 1 } } ?? 0 }
        return depth
    }

    private func groupTable(_ rows: [GroupCoverage], header: String, tree: Bool = false) -> String {
        let depth = tree ? depths() : [:]
        var out = "<table class=\"numbers\"><thead><tr><th scope=\"col\">\(Escaping.html(header))</th>"
        out += columnHeads([
            "coverage.column.people", "coverage.status.meeting", "coverage.column.percent", "coverage.status.training",
            "coverage.column.percent", "coverage.status.unsatisfiable", "coverage.column.percent", "coverage.status.exempt",
            "coverage.status.overdue",
        ])
        out += "</tr></thead><tbody>"
        for row in rows {
            let indent = depth[row.id].map { " style=\"padding-left:\(JSON.number(0.4 + Double($0) * 1.2))em\"" } ?? ""
            out += "<tr><th scope=\"row\"\(indent)>\(label(row.id, row.title))</th><td>\(count(row.people))</td>"
                + "<td>\(count(row.meeting))</td><td>\(share(row.meeting, row.people))</td>"
                + "<td>\(count(row.needsTraining))</td><td>\(share(row.needsTraining, row.people))</td>"
                + "<td>\(count(row.unsatisfiable))</td><td>\(share(row.unsatisfiable, row.people))</td>"
                + "<td>\(count(row.exempt))</td><td>\(count(row.overdue))</td></tr>"
        }
        return out + "</tbody></table>"
    }

    private func deadlineView() -> String {
        let overdue = report.total.overdue
        var out = "<p>"
            + (overdue > 0
                ? html("coverage.deadlines.overdue", ["count": count(overdue), "date": words.date(report.asOf)])
                : html("coverage.deadlines.none-overdue", ["date": words.date(report.asOf)])) + "</p>\n"
        let maximum = max(1, report.deadlines.map(\.people).max() ?? 1)
        out += "<table class=\"numbers deadlines\"><thead><tr>"
        out += columnHeads([
            "coverage.column.deadline", "coverage.column.people-due", "coverage.column.needs", "coverage.column.unmet",
            "coverage.column.state",
        ])
        out += "</tr></thead><tbody>"
        for row in report.deadlines {
            let date = row.by.map { words.date($0) } ?? words.message("coverage.deadlines.no-deadline")
            let state =
                row.by == nil ? "" : row.overdue ? html("coverage.deadlines.state-overdue") : html("coverage.deadlines.state-upcoming")
            let width = Double(row.people * 10_000 / maximum) / 100
            out += "<tr class=\"\(row.overdue ? "overdue" : "upcoming")\" data-by=\"\(row.by?.description ?? "")\" data-people=\"\(row.people)\">"
                + "<th scope=\"row\">\(Escaping.html(date))</th>"
                + "<td class=\"with-bar\"><span class=\"hbar\" aria-hidden=\"true\"><i style=\"width:\(JSON.number(width))%\"></i></span><span class=\"num\">\(count(row.people))</span></td>"
                + "<td>\(count(row.needs))</td><td>\(count(row.unmet))</td><td>\(state)</td></tr>"
        }
        return out + "</tbody></table>"
    }

    /// The heat map's shade for a share of people not attaining a competency, 0 to 5.
    static func shade(_ gaps: Int, _ people: Int) -> Int {
        guard gaps > 0, people > 0 else { return 0 }
        let permille = gaps * 1000 / people
        switch permille {
        case ..<100: return 1
        case ..<250: return 2
        case ..<500: return 3
        case ..<750: return 4
        default: return 5
        }
    }

    private func heatMap() -> String {
        let depth = depths()
        var limit = depth.values.max() ?? 0
        while limit > 0 && report.units.filter({ (depth[$0.id] ?? 0) <= limit }).count > Self.heatMapRowLimit { limit -= 1 }
        var out = "<p>\(html("coverage.gaps.intro"))</p>\n<p class=\"legend heat-legend\">\(html("coverage.gaps.legend")) "
        let bounds = ["0", "< 10%", "10–25%", "25–50%", "50–75%", "≥ 75%"]
        for (index, bound) in bounds.enumerated() {
            out += "<span class=\"heat h\(index)\">\(Escaping.html(index == 0 ? words.message("coverage.gaps.nobody") : bound))</span> "
        }
        out += "</p>\n"
        let omitted = report.units.count - report.units.filter { (depth[$0.id] ?? 0) <= limit }.count
        if omitted > 0 { out += "<p>\(html("coverage.gaps.omitted", ["count": count(omitted)]))</p>\n" }
        out += "<div class=\"scroll\"><table class=\"heatmap\"><thead><tr><th scope=\"col\">\(html("coverage.column.unit"))</th>"
        for competency in report.competencies {
            out += "<th scope=\"col\" title=\"\(Escaping.html(competency.title ?? competency.id.rawValue))\">"
                + "\(Escaping.html(competency.id.rawValue))</th>"
        }
        out += "</tr></thead><tbody>"
        for (row, gaps) in zip(report.units, report.unitGaps) where (depth[row.id] ?? 0) <= limit {
            let indent = JSON.number(0.4 + Double(depth[row.id] ?? 0) * 1.2)
            out += "<tr data-unit=\"\(Escaping.html(row.id))\"><th scope=\"row\" style=\"padding-left:\(indent)em\">\(label(row.id, row.title))</th>"
            for (competency, value) in zip(report.competencies, gaps.gaps) {
                let name = competency.title ?? competency.id.rawValue
                let hint = words.message(
                    "coverage.gaps.cell",
                    ["count": count(value), "people": count(row.people), "percent": share(value, row.people), "competency": name])
                out += "<td class=\"heat h\(Self.shade(value, row.people))\" data-competency=\"\(Escaping.html(competency.id.rawValue))\" "
                    + "data-gaps=\"\(value)\" title=\"\(Escaping.html(hint))\">\(count(value))</td>"
            }
            out += "</tr>"
        }
        out += "</tbody><tfoot><tr><th scope=\"row\">\(html("coverage.gaps.required"))</th>"
        for competency in report.competencies { out += "<td>\(count(competency.required))</td>" }
        out += "</tr></tfoot></table></div>\n"
        out += dataTable(html("coverage.gaps.key")) {
            var table = "<table class=\"numbers\"><thead><tr>"
                + columnHeads([
                    "coverage.column.competency", "coverage.column.title", "coverage.gaps.required", "coverage.gaps.not-attained",
                    "coverage.column.percent",
                ]) + "</tr></thead><tbody>"
            for competency in report.competencies {
                table += "<tr><th scope=\"row\">\(Escaping.html(competency.id.rawValue))</th><td>\(Escaping.html(competency.title ?? ""))</td>"
                    + "<td>\(count(competency.required))</td><td>\(count(competency.gaps))</td><td>\(share(competency.gaps, competency.required))</td></tr>"
            }
            return table + "</tbody></table>"
        }
        return out
    }

    private func trainingLoad() -> String {
        let hours = report.modules.reduce(0) { $0 + $1.hours }
        let maximum = report.modules.map(\.hours).max() ?? 0
        var out = "<p>\(html("coverage.load.intro", ["hours": words.decimal(hours, fractionDigits: 0), "modules": count(report.modules.count)]))</p>\n"
        out += "<table class=\"numbers load\"><thead><tr>"
        out += columnHeads(["coverage.column.module", "coverage.column.people", "coverage.column.hours-each", "coverage.column.hours"])
        out += "</tr></thead><tbody>"
        for module in report.modules {
            let width = maximum > 0 ? Double(Int(module.hours / maximum * 10_000)) / 100 : 0
            out += "<tr data-module=\"\(Escaping.html(module.id.rawValue))\"><th scope=\"row\">\(label(module.id.rawValue, module.title))</th>"
                + "<td>\(count(module.headcount))</td><td>\(Escaping.html(words.decimal(module.hoursEach, fractionDigits: 1)))</td>"
                + "<td class=\"with-bar\"><span class=\"hbar\" aria-hidden=\"true\"><i style=\"width:\(JSON.number(width))%\"></i></span>"
                + "<span class=\"num\">\(Escaping.html(words.decimal(module.hours, fractionDigits: 0)))</span></td></tr>"
        }
        return out + "</tbody></table>"
    }

    private func rulesTable() -> String {
        var out = "<table class=\"numbers\"><thead><tr>"
        out += columnHeads([
            "coverage.column.rule", "coverage.column.selected", "coverage.status.exempt", "coverage.status.meeting",
            "coverage.column.percent",
        ])
        out += "</tr></thead><tbody>"
        for rule in report.rules {
            out += "<tr><th scope=\"row\">\(label(rule.id.rawValue, rule.title))"
                + (rule.inEffect ? "" : " <em>\(html("coverage.rules.not-in-effect"))</em>") + "</th>"
                + "<td>\(count(rule.selected))</td><td>\(count(rule.exempt))</td><td>\(count(rule.meeting))</td>"
                + "<td>\(share(rule.meeting, rule.selected))</td></tr>"
        }
        return out + "</tbody></table>"
    }

    // MARK: Trend

    /// Days since 1970-01-01 (proleptic Gregorian).
    static func dayNumber(_ date: ISODate) -> Int {
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private func trend() -> String {
        let points = report.trend
        let deadlines = Array(Set(report.deadlines.compactMap(\.by))).sorted()
        let days = points.map { Self.dayNumber($0.asOf) } + deadlines.map(Self.dayNumber)
        var first = days.min() ?? 0
        var last = days.max() ?? 0
        if last - first < 30 {
            first -= 15
            last += 15
        }
        let width = 720.0
        let height = 300.0
        let left = 56.0
        let right = 24.0
        let top = 20.0
        let bottom = 44.0
        func x(_ day: Int) -> Double { left + Double(day - first) / Double(last - first) * (width - left - right) }
        func y(_ percent: Double) -> Double { top + (100 - percent) / 100 * (height - top - bottom) }
        func n(_ value: Double) -> String { JSON.number((value * 10).rounded() / 10) }
        let summary = words.message(
            "coverage.trend.summary",
            [
                "count": count(points.count),
                "from": points.first.map { share($0.total.meeting, $0.total.people) } ?? "–",
                "to": points.last.map { share($0.total.meeting, $0.total.people) } ?? "–",
            ])
        var svg = "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "role=\"img\" aria-labelledby=\"trend-caption\" class=\"trend\">"
        for percent in stride(from: 0, through: 100, by: 25) {
            let lineY = n(y(Double(percent)))
            svg += "<line x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(lineY)\" y2=\"\(lineY)\" class=\"grid\(percent == 100 ? " goal" : "")\"/>"
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(y(Double(percent)) + 4))\" text-anchor=\"end\">\(Escaping.html(words.percent(Double(percent) / 100, fractionDigits: 0)))</text>"
        }
        // The deadline most people are due by is drawn the strongest.
        let main = report.deadlines.filter { $0.by != nil }.max { $0.people < $1.people }?.by
        for deadline in deadlines {
            let lineX = x(Self.dayNumber(deadline))
            let style = deadline == main ? "deadline main" : "deadline"
            svg += "<line x1=\"\(n(lineX))\" x2=\"\(n(lineX))\" y1=\"\(n(top))\" y2=\"\(n(height - bottom))\" class=\"\(style)\" data-deadline=\"\(deadline)\"/>"
            svg += "<text transform=\"translate(\(n(lineX + 4)),\(n(top + 4))) rotate(90)\" class=\"deadline-label\">"
                + "\(html("coverage.trend.deadline", ["date": words.date(deadline)]))</text>"
        }
        let coordinates = points.map { (x(Self.dayNumber($0.asOf)), y(Double($0.total.meeting) / Double(max(1, $0.total.people)) * 100)) }
        if coordinates.count > 1 {
            svg += "<polyline class=\"path\" points=\"\(coordinates.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\"/>"
        }
        if let main, let last = points.last, let end = coordinates.last, last.asOf < main, last.total.meeting < last.total.people {
            svg += "<line class=\"pace\" x1=\"\(n(end.0))\" y1=\"\(n(end.1))\" x2=\"\(n(x(Self.dayNumber(main))))\" y2=\"\(n(y(100)))\">"
                + "<title>\(html("coverage.trend.pace"))</title></line>"
        }
        for (point, coordinate) in zip(points, coordinates) {
            let value = share(point.total.meeting, point.total.people)
            svg += "<circle class=\"point\" cx=\"\(n(coordinate.0))\" cy=\"\(n(coordinate.1))\" r=\"5\" data-as-of=\"\(point.asOf)\" "
                + "data-meeting=\"\(point.total.meeting)\" data-people=\"\(point.total.people)\">"
                + "<title>\(Escaping.html(words.date(point.asOf))): \(Escaping.html(value))</title></circle>"
            svg += "<text x=\"\(n(coordinate.0))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\">\(Escaping.html(words.date(point.asOf)))</text>"
        }
        svg += "</svg><figcaption id=\"trend-caption\">\(Escaping.html(summary))</figcaption></figure>\n"
        var table = "<table class=\"numbers trend-table\"><thead><tr>"
        let showRoster = points.contains { $0.roster != nil }
        var keys = ["coverage.column.date"]
        if showRoster { keys.append("coverage.column.roster") }
        keys += [
            "coverage.column.people", "coverage.status.meeting", "coverage.column.percent", "coverage.status.training",
            "coverage.status.unsatisfiable", "coverage.status.overdue",
        ]
        for key in keys { table += "<th scope=\"col\">\(html(key))</th>" }
        table += "</tr></thead><tbody>"
        for point in points {
            let total = point.total
            table += "<tr data-as-of=\"\(point.asOf)\"><th scope=\"row\">\(Escaping.html(words.date(point.asOf)))</th>"
                + (showRoster ? "<td>\(Escaping.html(point.roster ?? ""))</td>" : "")
                + "<td>\(count(total.people))</td><td>\(count(total.meeting))</td><td>\(share(total.meeting, total.people))</td>"
                + "<td>\(count(total.needsTraining))</td><td>\(count(total.unsatisfiable))</td><td>\(count(total.overdue))</td></tr>"
        }
        table += "</tbody></table>"
        var hint = ""
        if points.count == 1 { hint = "<p class=\"hint\">\(html("coverage.trend.one-point"))</p>\n" }
        return hint + svg + table
    }

    // MARK: Style and script

    static let style = """
        :root{color-scheme:light;--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--meeting:#2e7d32;--exempt:#1565c0;\
        --training:#b45309;--unsat:#b71c1c;--accent:#0b5cad}\
        *{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;\
        margin:0 auto;max-width:72em;color:var(--ink);background:#fff;padding:1em 1.5em 3em;line-height:1.45}\
        h1{font-size:1.6em;margin:.3em 0}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid var(--line);padding-bottom:.2em}\
        a{color:var(--accent)}a:focus,button:focus,summary:focus{outline:3px solid var(--accent);outline-offset:2px}\
        .meta{color:var(--muted);margin:.2em 0 1em}nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em}\
        .lead{font-size:1.1em}.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}\
        .card{border:1px solid var(--line);border-left:6px solid var(--muted);padding:.5em .9em;min-width:10em}\
        .card dt{color:var(--muted);font-size:.9em}.card dd{margin:0;font-size:1.3em}.card dd span{font-size:.75em;color:var(--muted);margin-left:.3em}\
        .card.meeting{border-left-color:var(--meeting)}.card.training{border-left-color:var(--training)}\
        .card.unsat{border-left-color:var(--unsat)}.card.exempt{border-left-color:var(--exempt)}.card.overdue{border-left-color:#6a1b9a}\
        .legend span{margin-right:1.2em;white-space:nowrap}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.35em;\
        vertical-align:-.1em;border:1px solid #fff;outline:1px solid var(--muted)}\
        i.meeting,.swatch.meeting{background:var(--meeting)}i.exempt,.swatch.exempt{background:var(--exempt)}\
        i.training,.swatch.training{background:var(--training)}i.unsat,.swatch.unsat{background:var(--unsat)}\
        .tree details,.tree .unit{margin:0}.tree .children{margin-left:1.4em;border-left:1px dotted var(--line);padding-left:.6em}\
        .tree summary,.tree .leaf{padding:.35em .2em;border-bottom:1px solid #eee;cursor:default}.tree summary{cursor:pointer}\
        .tree .leaf{padding-left:1.2em}\
        .unit-line{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.2em 1em;width:calc(100% - 1.5em);vertical-align:middle}\
        .name{font-weight:600}.id{color:var(--muted);font-size:.85em;font-family:ui-monospace,monospace}\
        .unit-line>.name{flex:1 1 18em}.unit-bar{display:inline-flex;align-items:center;gap:.6em;flex:0 1 24em}\
        .bar{display:inline-flex;width:12em;height:1em;background:#eee;border:1px solid var(--muted);flex:none}.bar i{display:block;height:100%}\
        .to-train{font-size:.9em;white-space:nowrap}.figures{flex:1 1 100%;font-size:.85em;color:var(--muted)}\
        .tools button{font:inherit;padding:.2em .8em;margin-right:.4em}\
        table{border-collapse:collapse;margin:.6em 0}th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:right;vertical-align:top}\
        th[scope=row],thead th:first-child{text-align:left}thead th{border-bottom:2px solid var(--muted);font-size:.9em}\
        .numbers td{font-variant-numeric:tabular-nums}.data>summary{cursor:pointer;color:var(--accent);margin:.6em 0}\
        .with-bar{white-space:nowrap}.hbar{display:inline-block;width:10em;height:.8em;margin-right:.5em;vertical-align:middle}\
        .num{display:inline-block;min-width:3.5em}.hbar i{display:block;height:100%;background:var(--accent)}tr.overdue .hbar i{background:var(--unsat)}\
        tr.overdue th,tr.overdue td:last-child{color:var(--unsat);font-weight:600}\
        .scroll{overflow-x:auto}.heatmap td{text-align:center;min-width:2.1em;border:1px solid #fff;padding:.2em .3em}\
        .heatmap thead th{font-size:.8em;font-family:ui-monospace,monospace;text-align:center}\
        .heatmap{font-size:.85em}.heatmap th[scope=row]{white-space:normal;min-width:15em}.heatmap thead th:first-child{font-family:inherit;font-size:1em;text-align:left}.heat{padding:.15em .5em}\
        .h0{background:#f4f6f4;color:#1a1a1a}.h1{background:#fde4dc;color:#1a1a1a}.h2{background:#f8b9a6;color:#1a1a1a}\
        .h3{background:#ee8466;color:#1a1a1a}.h4{background:#c0392b;color:#fff}.h5{background:#7f1d1d;color:#fff}\
        .heat-legend .heat{display:inline-block;margin-right:.2em;border:1px solid var(--line)}\
        .chart{margin:1em 0}.trend{width:100%;max-width:48em;height:auto;font-size:12px;fill:var(--ink)}\
        .trend .grid{stroke:#ddd;stroke-width:1}.trend .goal{stroke:var(--meeting);stroke-width:2}\
        .trend .deadline{stroke:var(--unsat);stroke-width:2;stroke-dasharray:6 4}.trend .main{stroke-width:3}.trend .deadline-label{fill:var(--unsat);font-weight:600}\
        .trend .pace{stroke:var(--muted);stroke-width:2;stroke-dasharray:2 4}\
        .trend .path{fill:none;stroke:var(--accent);stroke-width:3}.trend .point{fill:var(--accent);stroke:#fff;stroke-width:2}\
        figcaption{color:var(--muted)}.hint{color:var(--muted)}\
        @media print{body{max-width:none;padding:0;font-size:10pt}nav,.no-print{display:none}\
        details::details-content{content-visibility:visible;display:contents}\
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}section{break-inside:auto}h2{break-after:avoid}\
        .data>summary{color:var(--ink);font-weight:600}tr{break-inside:avoid}}
        """

    /// Expand and collapse every unit; open everything before printing and restore it after.
    static let script = """
        (function(){var all=function(){return document.querySelectorAll('details')};\
        document.querySelectorAll('button[data-action]').forEach(function(b){b.addEventListener('click',function(){\
        var open=b.getAttribute('data-action')==='expand';document.querySelectorAll('.tree details').forEach(function(d){d.open=open})})});\
        var saved=[];window.addEventListener('beforeprint',function(){saved=[];all().forEach(function(d){saved.push(d.open);d.open=true})});\
        window.addEventListener('afterprint',function(){all().forEach(function(d,i){if(i<saved.length)d.open=saved[i]})})})();
        """
}
