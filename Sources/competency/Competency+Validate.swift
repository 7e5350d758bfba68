import ArgumentParser
import CompetencyKit
import Foundation

extension Competency {
    /// `competency validate`: check frameworks and rosters against the rule catalogue.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check frameworks and rosters against the rule catalogue.",
            discussion: """
                Reports every finding, not only the first, with the file, line and column of the \
                offending element. Errors in the vocabulary (a misspelt element, an impossible date) \
                do not hide the others: the rest of the document is still checked. A roster is \
                checked against its framework: give it with --framework, or among the files. \
                Files may be native XML or JSON, CASE, MedBiquitous, CTDL-ASN, ESCO, SFIA or a roster \
                CSV; the format is told from the content, as convert tells it. Without files, \
                validates the bundled sample.

                Exit status: 0 no errors, 1 errors found, 2 unusable arguments or unreadable input. \
                'competency rules' lists the rules; Documentation/Configuration.md describes the \
                configuration file.
                """
        )

        @Argument(help: "Framework and roster documents in any format convert reads (told from the content). Without any, the bundled sample.")
        var files: [String] = []

        @Option(help: ArgumentHelp("The framework that rosters refer to.", valueName: "file"))
        var framework: String?

        @Option(help: "Output format: text, json or sarif.")
        var format: ReportFormat = .text

        @Option(name: .customLong("disable"), help: ArgumentHelp("Turn a rule off (repeatable).", valueName: "rule"))
        var disabled: [String] = []

        @Option(
            name: .customLong("severity"),
            help: ArgumentHelp("Report a rule at another severity: error, warning, note or remark (repeatable).", valueName: "rule=level"))
        var severities: [SeverityOverride] = []

        @Flag(help: "Report warnings as errors.")
        var warningsAsErrors = false

        @Option(help: ArgumentHelp("A JSON configuration file (see Documentation/Configuration.md).", valueName: "file"))
        var config: String?

        @OptionGroup var language: LanguageOptions

        func validate() throws {
            let unknown = flags.unknownRules(known: RuleCatalog.descriptions.map(\.identifier))
            if let first = unknown.first {
                let hint = RuleCatalog.nearestIdentifier(to: first).map { " Did you mean '\($0)'?" } ?? ""
                throw ValidationError("There is no rule '\(first)'.\(hint) Run 'competency rules' for the list.")
            }
        }

        func run() throws {
            let configuration = try loadConfiguration()
            let inputs: [DocumentSource]
            if files.isEmpty {
                Console.announceSample("(\(BundledSample.frameworkPath) and \(BundledSample.rosterPath))")
                inputs = [try .framework(nil), try .roster(nil)]
            } else {
                inputs = try files.map(openSource)
            }
            let validator = Validator(configuration: configuration)
            // Native XML rosters stream person by person; other documents are read whole.
            let frameworkSource = try framework.map(openSource)
            let (diagnostics, texts) = try reporting { () throws(DiagnosticError) in
                try validator.validate(sources: inputs, framework: frameworkSource)
            }
            let sources = Console.sources.merging(texts) { _, new in new }
            // Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
            let colour = format == .text && isTerminal(STDOUT_FILENO) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            let report = Report(diagnostics: diagnostics, rules: RuleCatalog.descriptors, sources: sources, tool: .competency)
                .readingSources()
            let words = language.chosen(documentLanguage: nil) ?? .standard()
            let output = format.reporter(colour: colour, words: words).render(report)
            let out = try Output(path: nil)
            out.write(output)
            if format == .text && diagnostics.isEmpty {
                out.write(words.message("report.clean", ["files": inputs.map(\.name).joined(separator: ", ")]) + "\n")
            }
            try out.finish()
            if diagnostics.hasErrors { throw Exit.findings }
        }

        private var flags: Configuration {
            Configuration(
                disabled: Set(disabled), severity: Dictionary(severities.map { ($0.rule, $0.severity) }) { _, new in new },
                warningsAsErrors: warningsAsErrors)
        }

        private func loadConfiguration() throws -> Configuration {
            guard let config else { return flags }
            let base = try reporting { () throws(DiagnosticError) in try Configuration.load(.file(config)) }
            return base.merging(flags)
        }
    }
}

/// `--severity RULE=LEVEL`.
struct SeverityOverride: ExpressibleByArgument {
    var rule: String
    var severity: DiagnosticSeverity

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let severity = DiagnosticSeverity(rawValue: parts[1]), !parts[0].isEmpty else { return nil }
        rule = parts[0]
        self.severity = severity
    }
}

extension ReportFormat: ExpressibleByArgument {}
