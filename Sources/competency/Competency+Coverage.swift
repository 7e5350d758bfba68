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
                JSON and HTML hold every table. HTML is a self-contained dashboard (unit tree, deadlines, \
                gap heat map, training load, trend) in --language.

                Progress over time: give --as-of several times to evaluate one roster on each date (in one \
                reading of it), or --roster several times to compare snapshots, each on its own as-of date \
                (or on the --as-of given in the same position). The tables describe the last date or roster \
                given; the trend has one point per date. See Documentation/Coverage.md.

                Exit status: 0 reported, 1 the roster does not match the framework (see --lenient), \
                2 unusable arguments or unreadable input.
                """)

        @OptionGroup var input: PlanningOptions
        @OptionGroup var trust: CredentialTrustOptions

        @Option(help: "The table for text and CSV: unit, position, domain, band or rule.")
        var by: CoverageDimension = .unit

        @OptionGroup var language: LanguageOptions

        @Option(help: "Output format: text, json, csv, html or xlsx (a workbook of every table; see Documentation/Spreadsheets.md).")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @OptionGroup var excel: ExcelCSVOption

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, csv, html, xlsx
        }

        func validate() throws {
            try excel.check(isCSV: format == .csv)
            if format == .xlsx { try refuseBinaryOnTerminal(output) }
            if input.roster.count > 1 && !input.asOf.isEmpty && input.asOf.count != input.roster.count {
                throw ValidationError(
                    "with \(input.roster.count) rosters, give --as-of once per roster (in the same order) or not at all")
            }
        }

        func run() throws {
            // The report is written once every person is counted, so each roster is read once.
            try input.readingOnce(true) { checking in try cover(checking: checking) }
        }

        private func cover(checking: PlanningInput.RosterChecking) throws {
            let dates = input.asOf.compactMap(ISODate.init)
            let report: CoverageReport
            let loaded: PlanningInput
            if input.roster.count > 1 {
                // Snapshots: every roster but the last counts only its totals, on its own date.
                var points: [CoveragePoint] = []
                for (index, path) in input.roster.dropLast().enumerated() {
                    let earlier = try input.load(roster: path, asOf: dates.indices.contains(index) ? dates[index] : nil, checking: checking)
                    var counter = CoverageCounter(assigner: earlier.assigner)
                    try earlier.evaluateAll(input, trust: trust, transform: { $0 }) { counter.add($0) }
                    points.append(counter.point(roster: (path as NSString).lastPathComponent))
                }
                loaded = try input.load(roster: input.roster.last, asOf: dates.last, checking: checking)
                var accumulator = CoverageAccumulator(assigner: loaded.assigner, units: loaded.roster.units)
                try loaded.evaluateAll(input, trust: trust, transform: { $0 }) { accumulator.add($0) }
                var last = accumulator.report(language: titleLanguage(loaded))
                let name = input.roster.last.map { ($0 as NSString).lastPathComponent }
                last.trend = (points + last.trend.map { CoveragePoint(asOf: $0.asOf, roster: name, total: $0.total) })
                    .sorted { $0.asOf < $1.asOf }
                report = last
            } else {
                // One roster on one or more dates, read once: the last date is the report's,
                // the others are counted alongside for the trend.
                loaded = try input.load(roster: input.roster.first, asOf: dates.last, checking: checking)
                let others = dates.dropLast().filter { $0 != loaded.assigner.asOf }.map {
                    Assigner(framework: loaded.assigner.index, units: loaded.assigner.units, asOf: $0, options: loaded.assigner.options)
                }
                var accumulator = CoverageAccumulator(assigner: loaded.assigner, units: loaded.roster.units, alsoOn: others)
                if others.isEmpty {
                    try loaded.evaluateAll(input, trust: trust, transform: { $0 }) { accumulator.add($0) }
                } else {
                    try loaded.evaluateAll(input, trust: trust, also: others, transform: { ($0, $1) }) { accumulator.add($0, also: $1) }
                }
                report = accumulator.report(language: titleLanguage(loaded))
            }
            let words = language.localizer(documentLanguage: loaded.framework.language ?? loaded.roster.language)
            if format == .xlsx {
                let workbook = CoverageWorkbook(report: report, localizer: words, title: words.text(loaded.framework.title))
                let stream = try Output(path: output)
                try withScratchFolder { scratch in
                    try reporting { () throws(DiagnosticError) in try workbook.write(scratch: scratch) { stream.write($0) } }
                }
                try stream.finish()
                return
            }
            let text: String
            switch format {
            case .text: text = report.text(by: by, words: words)
            case .csv: text = report.csv(by: by)
            case .json: text = report.json()
            case .xlsx: text = ""
            case .html:
                text = report.html(
                    title: words.text(loaded.framework.title).map {
                        words.message("coverage.title", ["framework": $0, "date": words.date(report.asOf)])
                    }, words: words)
            }
            let stream = try Output(path: output)
            stream.write(excel.preamble)
            stream.write(text)
            try stream.finish()
        }

        private func titleLanguage(_ loaded: PlanningInput) -> String? {
            language.language ?? loaded.framework.language ?? loaded.roster.language
        }
    }
}

extension CoverageDimension: ExpressibleByArgument {}
