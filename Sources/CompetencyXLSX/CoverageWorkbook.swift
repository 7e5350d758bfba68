public import CompetencyAssignment
public import CompetencyDiagnostics
public import CompetencyModel
public import Foundation

/// A coverage report as a workbook: sheets `Summary`, `Units`, `Positions`, `Domains`,
/// `Bands`, `Rules`, `Modules` (the training load) and `Deadlines`, every table of the report,
/// with sheet names and headers in the localizer's language.
///
/// Titles come from the report, so build it in the same language:
/// `accumulator.report(language: localizer.language)`. See `Documentation/Spreadsheets.md`
/// for every column.
public struct CoverageWorkbook: Sendable {
    public let report: CoverageReport
    public let localizer: Localizer
    /// The framework's title, for the `Summary` sheet and the document title.
    public let title: String?

    public init(report: CoverageReport, localizer: Localizer, title: String? = nil) {
        self.report = report
        self.localizer = localizer
        self.title = title
    }

    /// The sheets with their localized names and headers.
    public var sheets: [SpreadsheetSheet] {
        let words = localizer
        func sheet(_ name: String, _ keys: [String]) -> SpreadsheetSheet {
            SpreadsheetSheet(name: words.message("xlsx.sheet.\(name)"), columns: keys.map { words.message("xlsx.column.\($0)") })
        }
        return [
            sheet("summary", ["item", "value"]), sheet("units", GroupRows.columns), sheet("positions", GroupRows.columns),
            sheet("domains", GroupRows.columns), sheet("bands", GroupRows.columns),
            sheet("rules", ["id", "title", "in-effect", "selected", "exempt", "meeting", "percent-meeting"]),
            sheet("modules", ["module", "module-title", "hours-each", "headcount", "total-hours"]),
            sheet("deadlines", ["by", "needs", "people", "unmet"]),
        ]
    }

    /// Builds the workbook and gives its bytes to `sink` in chunks.
    ///
    /// - Parameters:
    ///   - scratch: an existing folder for the spool files (see ``WorkbookWriter``).
    ///   - sink: called with the workbook's bytes, in order.
    /// - Throws: `io.unwritable` when the workbook cannot be built there, or what `sink` throws.
    public func write(scratch: URL, into sink: (Data) throws(DiagnosticError) -> Void) throws(DiagnosticError) {
        let words = localizer
        let writer = try WorkbookWriter(
            sheets: sheets, scratch: scratch, title: title, language: words.language, date: report.asOf)
        do throws(DiagnosticError) {
            let total = report.total
            let summary: [(String, SpreadsheetCell)] = [
                ("framework", .text(report.framework.rawValue)), ("framework-title", .optionalText(title)),
                ("version", .optionalText(report.version)), ("as-of", .date(report.asOf)), ("people", .integer(total.people)),
                ("meeting", .integer(total.meeting)), ("needs-training", .integer(total.needsTraining)),
                ("unsatisfiable", .integer(total.unsatisfiable)),
                ("percent-meeting", total.people > 0 ? .percent(Double(total.meeting) / Double(total.people)) : .empty),
            ]
            for (key, value) in summary {
                let label = key == "meeting" ? words.message("xlsx.column.meeting") : words.message("xlsx.summary.\(key)")
                try writer.append(SpreadsheetRow([.text(label), value]), to: 0)
            }
            let none = words.message("xlsx.word.no-position")
            for (sheet, groups) in [(1, report.units), (2, report.positions), (3, report.domains), (4, report.bands)] {
                for group in groups { try writer.append(GroupRows.row(group, words: words, noneLabel: none), to: sheet) }
            }
            for rule in report.rules {
                try writer.append(
                    SpreadsheetRow([
                        .text(rule.id.rawValue), .optionalText(rule.title),
                        .text(words.message(rule.inEffect ? "xlsx.word.yes" : "xlsx.word.no")), .integer(rule.selected),
                        .integer(rule.exempt), .integer(rule.meeting),
                        rule.selected > 0 ? .percent(Double(rule.meeting) / Double(rule.selected)) : .empty,
                    ]), to: 5)
            }
            for module in report.modules {
                try writer.append(
                    SpreadsheetRow([
                        .text(module.id.rawValue), .optionalText(module.title), .hours(module.hoursEach), .integer(module.headcount),
                        .hours(module.hours),
                    ]), to: 6)
            }
            for deadline in report.deadlines {
                try writer.append(
                    SpreadsheetRow([
                        deadline.by.map(SpreadsheetCell.date) ?? .text(words.message("xlsx.word.no-deadline")),
                        .integer(deadline.needs), .integer(deadline.people), .integer(deadline.unmet),
                    ]), to: 7)
            }
            try writer.finish(into: sink)
        } catch {
            writer.discard()
            throw error
        }
    }
}
