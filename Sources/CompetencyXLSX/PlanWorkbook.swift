public import CompetencyAssignment
public import CompetencyDiagnostics
public import CompetencyModel
public import Foundation

/// How plans are laid out as a workbook: sheets `Summary`, `Units`, `People`, `Needs` and
/// `Modules`, with titles, labels and names in the localizer's language.
///
/// It renders one person's rows from their evaluation (``rows(for:)``), which depends on
/// the evaluation alone and so can run on the thread that evaluated them; a
/// ``PlanWorkbookWriter`` then adds the rows in order. See `Documentation/Spreadsheets.md`
/// for every column.
public struct PlanWorkbook: Sendable {
    /// The sheets' positions in the workbook.
    public enum Sheet: Int, CaseIterable, Sendable {
        case summary, units, people, needs, modules
    }

    public let assigner: Assigner
    public let localizer: Localizer
    let units: [OrgUnit.ID: LocalizedText]
    let unitTree: [OrgUnit]

    /// - Parameters:
    ///   - assigner: the assigner whose evaluations will be rendered.
    ///   - units: the roster's unit tree, for unit titles and the `Units` sheet.
    ///   - localizer: the language of titles, labels, names, sheet names and headers.
    public init(assigner: Assigner, units: [OrgUnit], localizer: Localizer) {
        self.assigner = assigner
        self.localizer = localizer
        var titles: [OrgUnit.ID: LocalizedText] = [:]
        func visit(_ unit: OrgUnit) {
            if titles[unit.id] == nil { titles[unit.id] = unit.title }
            unit.units.forEach(visit)
        }
        units.forEach(visit)
        self.units = titles
        unitTree = units
    }

    /// The sheets with their localized names and headers, in ``Sheet`` order.
    public var sheets: [SpreadsheetSheet] {
        let words = localizer
        func columns(_ keys: [String]) -> [String] { keys.map { words.message("xlsx.column.\($0)") } }
        let person = ["person", "name"]
        return [
            SpreadsheetSheet(name: words.message("xlsx.sheet.summary"), columns: columns(["item", "value"])),
            SpreadsheetSheet(
                name: words.message("xlsx.sheet.units"),
                columns: columns(["unit", "unit-title", "people", "meeting", "needs-training", "unsatisfiable", "percent-meeting"])),
            SpreadsheetSheet(
                name: words.message("xlsx.sheet.people"),
                columns: columns(
                    person + ["unit", "unit-title", "position", "position-title", "status", "needs", "unmet", "modules", "hours"])),
            SpreadsheetSheet(
                name: words.message("xlsx.sheet.needs"),
                columns: columns(person + ["competency", "competency-title", "attained", "required", "by", "state", "because"])),
            SpreadsheetSheet(
                name: words.message("xlsx.sheet.modules"),
                columns: columns(person + ["order", "module", "module-title", "hours", "delivery", "closes"])),
        ]
    }

    /// One person's rows, without the person's ID and name that ``PlanWorkbookWriter`` puts
    /// in front of each.
    public struct PersonRows: Sendable {
        /// The evaluation the rows come from.
        public var evaluation: PersonEvaluation
        /// The rest of the person's `People` row.
        public var person: SpreadsheetRow
        /// The rest of each `Needs` row: one per need (planned or unmet), in framework order.
        public var needs: [SpreadsheetRow]
        /// The rest of each `Modules` row: one per assigned module, in the order to take them.
        public var modules: [SpreadsheetRow]
    }

    /// Renders one person's rows.
    public func rows(for evaluation: PersonEvaluation) -> PersonRows {
        let index = assigner.index
        let words = localizer
        let unitTitle = evaluation.unit.flatMap { units[$0] }.flatMap(words.text)
        let positionTitle = evaluation.position.flatMap(index.position).flatMap { words.text($0.title) }
        let needs = evaluation.requirements.filter { $0.state != .met }
        let person = SpreadsheetRow([
            .optionalText(evaluation.unit?.rawValue), .optionalText(unitTitle), .optionalText(evaluation.position?.rawValue),
            .optionalText(positionTitle), .text(words.message("status.\(evaluation.status.rawValue)")),
            .integer(needs.count), .integer(needs.filter { $0.state == .unmet }.count), .integer(evaluation.assignments.count),
            .hours(evaluation.hours),
        ])
        let needRows = needs.map { need in
            SpreadsheetRow([
                .text(need.competency.rawValue), .optionalText(competencyTitle(need.competency)),
                need.attained.map { .text(levelLabel($0.level, of: need.competency)) } ?? .empty,
                .text(levelLabel(need.required, of: need.competency)), need.by.map(SpreadsheetCell.date) ?? .empty,
                .text(words.message(need.state == .unmet ? "xlsx.state.unmet" : "xlsx.state.planned")),
                .optionalText(need.because.map(source).joined(separator: "; ")),
            ])
        }
        let planned = Set(needs.filter { $0.state == .planned }.map(\.competency))
        let moduleRows = evaluation.assignments.map { assignment in
            let module = index.module(assignment.module)
            // The needs the engine says this module closes, of those the plan meets.
            let closes = assignment.closes.filter(planned.contains)
            return SpreadsheetRow([
                .integer(assignment.order), .text(assignment.module.rawValue), .optionalText(module.flatMap { words.text($0.title) }),
                module.map { .hours($0.hours) } ?? .empty, .optionalText(module?.delivery),
                .optionalText(closes.map { competencyTitle($0) ?? $0.rawValue }.joined(separator: "; ")),
            ])
        }
        return PersonRows(evaluation: evaluation, person: person, needs: needRows, modules: moduleRows)
    }

    func competencyTitle(_ id: Competency.ID) -> String? {
        assigner.index.competency(id).flatMap { localizer.text($0.title) }
    }

    /// A level's label on the competency's scale, in the localizer's language; its ID when
    /// it has none.
    func levelLabel(_ level: Level.ID, of competency: Competency.ID) -> String {
        assigner.index.scale(of: competency)?.levels.first { $0.id == level }.flatMap { localizer.text($0.label) }
            ?? level.rawValue
    }

    /// A need's source, named and titled: `rule R-basic-2026 — Basic digital skills`.
    func source(_ cause: Need.Cause) -> String {
        let index = assigner.index
        switch cause {
        case .rule(let id):
            return titled(localizer.message("xlsx.source.rule", ["id": id.rawValue]), index.rule(id).flatMap { localizer.text($0.title) })
        case .position(let id):
            return titled(
                localizer.message("xlsx.source.position", ["id": id.rawValue]), index.position(id).flatMap { localizer.text($0.title) })
        }
    }

    private func titled(_ name: String, _ title: String?) -> String {
        guard let title, !title.isEmpty else { return name }
        return "\(name) — \(title)"
    }
}

/// Writes a plan workbook person by person, as plans are made, with memory bounded whatever
/// the number of people (see ``WorkbookWriter``).
///
/// ```swift
/// let layout = PlanWorkbook(assigner: assigner, units: roster.units, localizer: Localizer(language: "vi"))
/// let writer = try PlanWorkbookWriter(layout, scratch: folder)
/// for person in roster.people {
///     try writer.add(layout.rows(for: assigner.evaluate(person)), name: person.name)
/// }
/// try writer.finish { bytes in try output.write(bytes) }
/// ```
public final class PlanWorkbookWriter: @unchecked Sendable {
    public let layout: PlanWorkbook
    private let writer: WorkbookWriter
    private var coverage: CoverageAccumulator
    private var statuses: [PersonPlan.Status: Int] = [:]
    private var needs = 0
    private var unmet = 0
    private var assignments = 0
    private var milliHours = 0

    /// Starts the workbook.
    ///
    /// - Parameters:
    ///   - layout: the sheets and how rows are rendered.
    ///   - scratch: an existing folder for the spool files (see ``WorkbookWriter``).
    ///   - rowLimit: the most rows a sheet holds before it continues on another.
    /// - Throws: `io.unwritable` when the spool files cannot be created.
    public init(_ layout: PlanWorkbook, scratch: URL, rowLimit: Int = WorkbookWriter.maximumRows) throws(DiagnosticError) {
        self.layout = layout
        let framework = layout.assigner.index.framework
        writer = try WorkbookWriter(
            sheets: layout.sheets, scratch: scratch, title: layout.localizer.text(framework.title),
            language: layout.localizer.language, date: layout.assigner.asOf, rowLimit: rowLimit)
        coverage = CoverageAccumulator(assigner: layout.assigner, units: layout.unitTree)
    }

    /// Adds one person: their `People` row, their `Needs` and `Modules` rows, and their
    /// share of the `Units` and `Summary` sheets.
    ///
    /// - Parameters:
    ///   - rows: the person's rows from ``PlanWorkbook/rows(for:)``.
    ///   - name: the person's name, written in the localizer's language.
    /// - Throws: `io.unwritable` when a spool file cannot be written.
    public func add(_ rows: PlanWorkbook.PersonRows, name: LocalizedText?) throws(DiagnosticError) {
        let evaluation = rows.evaluation
        let who = SpreadsheetRow([.text(evaluation.person.rawValue), .optionalText(name.flatMap(layout.localizer.text))])
        try writer.append(who + rows.person, to: PlanWorkbook.Sheet.people.rawValue)
        for need in rows.needs { try writer.append(who + need, to: PlanWorkbook.Sheet.needs.rawValue) }
        for module in rows.modules { try writer.append(who + module, to: PlanWorkbook.Sheet.modules.rawValue) }
        coverage.add(evaluation)
        statuses[evaluation.status, default: 0] += 1
        let requirementNeeds = evaluation.requirements.filter { $0.state != .met }
        needs += requirementNeeds.count
        unmet += requirementNeeds.filter { $0.state == .unmet }.count
        assignments += evaluation.assignments.count
        milliHours += Int((evaluation.hours * 1000).rounded())
    }

    /// Writes the `Summary` and `Units` sheets, builds the workbook and gives its bytes to
    /// `sink` (see ``WorkbookWriter/finish(into:)``).
    ///
    /// - Parameter sink: called with the workbook's bytes, in order.
    /// - Throws: `io.unwritable` when the workbook cannot be built, or what `sink` throws.
    public func finish(into sink: (Data) throws(DiagnosticError) -> Void) throws(DiagnosticError) {
        let words = layout.localizer
        let framework = layout.assigner.index.framework
        let report = coverage.report(language: words.language)
        for unit in report.units {
            try writer.append(GroupRows.row(unit, words: words), to: PlanWorkbook.Sheet.units.rawValue)
        }
        let people = statuses.values.reduce(0, +)
        let meeting = (statuses[.compliant] ?? 0) + (statuses[.exempt] ?? 0)
        var summary: [(String, SpreadsheetCell)] = [
            ("framework", .text(framework.id.rawValue)), ("framework-title", .optionalText(words.text(framework.title))),
            ("version", .optionalText(framework.version)), ("as-of", .date(layout.assigner.asOf)), ("people", .integer(people)),
        ]
        for status in PersonPlan.Status.allCases {
            summary.append((status.rawValue, .integer(statuses[status] ?? 0)))
        }
        summary += [
            ("percent-meeting", people > 0 ? .percent(Double(meeting) / Double(people)) : .empty), ("needs", .integer(needs)),
            ("unmet", .integer(unmet)), ("assignments", .integer(assignments)), ("hours", .hours(Double(milliHours) / 1000)),
        ]
        for (key, value) in summary {
            try writer.append(SpreadsheetRow([.text(words.message("xlsx.summary.\(key)")), value]), to: PlanWorkbook.Sheet.summary.rawValue)
        }
        try writer.finish(into: sink)
    }

    /// Rows added so far to `sheet`, its header not counted.
    public func rowCount(of sheet: PlanWorkbook.Sheet) -> Int { writer.rowCount(of: sheet.rawValue) }

    /// Drops the workbook and its spool files.
    public func discard() { writer.discard() }
}

/// The rows of group tables (units, positions, domains, bands) both workbooks share.
enum GroupRows {
    static let columns = ["id", "title", "people", "meeting", "needs-training", "unsatisfiable", "percent-meeting"]

    static func row(_ group: GroupCoverage, words: Localizer, noneLabel: String? = nil) -> SpreadsheetRow {
        SpreadsheetRow([
            group.id.isEmpty ? .optionalText(noneLabel) : .text(group.id), .optionalText(group.title), .integer(group.people),
            .integer(group.meeting), .integer(group.needsTraining), .integer(group.unsatisfiable),
            group.people > 0 ? .percent(Double(group.meeting) / Double(group.people)) : .empty,
        ])
    }
}
