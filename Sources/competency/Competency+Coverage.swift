import ArgumentParser
import CompetencyKit
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

        @OptionGroup var language: LanguageOptions

        @Option(help: "Output format: text, json, csv or html.")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, csv, html
        }

        func run() throws {
            let loaded = try input.load()
            var accumulator = CoverageAccumulator(assigner: loaded.assigner, units: loaded.roster.units)
            try loaded.evaluateAll(input, trust: trust, transform: { $0 }) { accumulator.add($0) }
            let words = language.localizer(documentLanguage: loaded.framework.language ?? loaded.roster.language)
            let report = accumulator.report(language: words.language)
            let text: String
            switch format {
            case .text: text = report.text(by: by)
            case .csv: text = report.csv(by: by)
            case .json: text = report.json()
            case .html:
                text = report.html(
                    title: words.text(loaded.framework.title).map { "\($0): coverage on \(report.asOf)" })
            }
            let stream = try Output(path: output)
            stream.write(text)
            try stream.finish()
        }
    }
}

extension CoverageDimension: ExpressibleByArgument {}
