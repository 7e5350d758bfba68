import ArgumentParser
import CompetencyKit
import CompetencyXLSX
import Foundation

extension Competency {
    /// `competency coverage`: how far each group is from its goal.
    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how far each unit, position, domain, band and rule is from its goal.",
            discussion: """
                "Meeting" counts compliant and exempt people. Units roll up through the unit tree. \
                Text and CSV show the table chosen with --by plus the training load and the needs due; \
                JSON and HTML hold every table.

                Exit status: 0 reported, 1 the roster does not match the framework (see --lenient), \
                2 unusable arguments or unreadable input.
                """)

        @OptionGroup var input: PlanningOptions
        @OptionGroup var trust: CredentialTrustOptions

        @Option(help: "The table for text and CSV: unit, position, domain, band or rule.")
        var by: CoverageDimension = .unit

        @Option(help: "Output format: text, json, csv, html or xlsx (a workbook of every table; see Documentation/Spreadsheets.md).")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @OptionGroup var excel: ExcelCSVOption

        @Option(help: ArgumentHelp("With --format xlsx: the language of titles, sheet names and headers (en, vi; default: the framework's).", valueName: "lang"))
        var language: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, csv, html, xlsx
        }

        func validate() throws {
            try excel.check(isCSV: format == .csv)
            if format == .xlsx { try refuseBinaryOnTerminal(output) }
        }

        func run() throws {
            let loaded = try input.load()
            var accumulator = CoverageAccumulator(assigner: loaded.assigner, units: loaded.roster.units)
            try loaded.evaluateAll(input, trust: trust, transform: { $0 }) { accumulator.add($0) }
            if format == .xlsx {
                let localizer = Localizer(language: language, documentLanguage: loaded.framework.language ?? loaded.roster.language)
                let workbook = CoverageWorkbook(
                    report: accumulator.report(language: localizer.language), localizer: localizer,
                    title: localizer.text(loaded.framework.title))
                let stream = try Output(path: output)
                try withScratchFolder { scratch in
                    try reporting { () throws(DiagnosticError) in try workbook.write(scratch: scratch) { stream.write($0) } }
                }
                try stream.finish()
                return
            }
            let report = accumulator.report(language: loaded.framework.language ?? loaded.roster.language)
            let text: String
            switch format {
            case .text: text = report.text(by: by)
            case .csv: text = report.csv(by: by)
            case .json: text = report.json()
            case .xlsx: text = ""
            case .html:
                text = report.html(
                    title: loaded.framework.title.value(preferring: loaded.framework.language).map { "\($0): coverage on \(report.asOf)" })
            }
            let stream = try Output(path: output)
            stream.write(excel.preamble)
            stream.write(text)
            try stream.finish()
        }
    }
}

extension CoverageDimension: ExpressibleByArgument {}
