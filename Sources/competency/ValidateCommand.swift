import ArgumentParser
import CompetencyKit
import Foundation

/// `competency validate`: check frameworks and rosters against the rule catalogue.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check frameworks and rosters against the rule catalogue.",
        discussion: """
            Reports every finding, not only the first, with the file, line and column of the \
            offending element. A roster is checked against its framework: give it with \
            --framework, or among the files. Without files, validates the bundled sample.

            Exit status: 0 no errors, 1 errors found, 2 unusable arguments or unreadable input. \
            'competency rules' lists the rules; Documentation/Configuration.md describes the \
            configuration file.
            """
    )

    @Argument(help: "Framework and roster documents (XML). Without any, the bundled sample.")
    var files: [String] = []

    @Option(help: ArgumentHelp("The framework that rosters refer to.", valueName: "file"))
    var framework: String?

    @Option(help: "Output format: text, json or sarif.")
    var format: ReportFormat = .text

    @Option(name: .customLong("disable"), help: ArgumentHelp("Turn a rule off (repeatable).", valueName: "rule"))
    var disabled: [String] = []

    @Option(name: .customLong("severity"), help: ArgumentHelp("Report a rule at another severity: error, warning or note (repeatable).", valueName: "rule=level"))
    var severities: [SeverityOverride] = []

    @Flag(help: "Report warnings as errors.")
    var warningsAsErrors = false

    @Option(help: ArgumentHelp("A JSON configuration file (see Documentation/Configuration.md).", valueName: "file"))
    var config: String?

    func validate() throws {
        let unknown = Configuration(disabled: Set(disabled), severity: Dictionary(severities.map { ($0.rule, $0.severity) }) { _, new in new })
            .unknownRules(known: RuleCatalog.descriptions.map(\.identifier))
        if let first = unknown.first {
            let hint = RuleCatalog.nearestIdentifier(to: first).map { " Did you mean '\($0)'?" } ?? ""
            throw ValidationError("There is no rule '\(first)'.\(hint) Run 'competency rules' for the list.")
        }
    }

    func run() throws {
        let configuration = try loadConfiguration()
        let validator = Validator(configuration: configuration)
        let inputs: [InputSource]
        if files.isEmpty {
            announceSample("(\(BundledSample.frameworkPath) and \(BundledSample.rosterPath))")
            inputs = [.framework(nil), .roster(nil)]
        } else {
            inputs = files.map(InputSource.file)
        }
        var sources: [String: String] = [:]
        func read(_ input: InputSource) throws -> ReadDocument {
            let data = try input.data()
            sources[input.label] = String(decoding: data, as: UTF8.self)
            do {
                return try ReadDocument(data, file: input.label)
            } catch {
                throw report(error)
            }
        }
        let documents = try inputs.map(read)
        var diagnostics: [Diagnostic] = []
        // The framework rosters are checked against: --framework, else the one among the files
        // whose ID the roster names (or the only one).
        var explicitFramework: Parsed<Framework>?
        if let framework {
            let document = try read(.file(framework))
            switch document.parsed?.value {
            case .framework(let value)?:
                explicitFramework = document.parsed.map { Parsed(value: value, sourceMap: $0.sourceMap, warnings: $0.warnings) }
            case nil:
                diagnostics += configuration.apply(to: document.diagnostics)
            case let other?:
                printError("\(framework): error: --framework expects a framework document, but this is \(other.kindName)")
                throw Exit.unusable
            }
        }
        let frameworks: [Parsed<Framework>] = documents.compactMap { document in
            guard let parsed = document.parsed, case .framework(let value) = parsed.value else { return nil }
            return Parsed(value: value, sourceMap: parsed.sourceMap, warnings: parsed.warnings)
        }
        for document in documents {
            var rosterFramework: Parsed<Framework>?
            if let parsed = document.parsed, case .roster(let roster) = parsed.value {
                if framework != nil {
                    rosterFramework = explicitFramework
                } else {
                    rosterFramework = frameworks.first { $0.value.id == roster.framework } ?? (frameworks.count == 1 ? frameworks.first : nil)
                    if rosterFramework == nil {
                        let name = roster.framework.map { "framework '\($0)'" } ?? "a framework"
                        printError(
                            "\(document.file ?? "roster"): error: the roster refers to \(name); pass its file with --framework FILE or among the files")
                        throw Exit.unusable
                    }
                }
            }
            diagnostics += validator.validate(document, framework: rosterFramework)
        }
        // Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
        let colour = format == .text && isTerminal(STDOUT_FILENO) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let output = format.reporter(colour: colour)
            .render(Report(diagnostics: diagnostics, sources: sources, tool: Report.Tool(name: "competency", version: "0.1.0")))
        FileHandle.standardOutput.write(Data(output.utf8))
        if format == .text && diagnostics.isEmpty {
            let names = inputs.map(\.label).joined(separator: ", ")
            FileHandle.standardOutput.write(Data("\(names): no problems found\n".utf8))
        }
        if diagnostics.hasErrors { throw Exit.findings }
    }

    private func loadConfiguration() throws -> Configuration {
        var base = Configuration()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                printError("\(config): error: the configuration file cannot be read; check the path")
                throw Exit.unusable
            }
            do {
                base = try JSONDecoder().decode(Configuration.self, from: data)
            } catch {
                printError("\(config): error: not a valid configuration: \(Self.describe(error))")
                throw Exit.unusable
            }
            let unknown = base.unknownRules(known: RuleCatalog.descriptions.map(\.identifier))
            if !unknown.isEmpty {
                let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
                printError("\(config): error: no such rule: \(names); run 'competency rules' for the list")
                throw Exit.unusable
            }
        }
        let flags = Configuration(
            disabled: Set(disabled), severity: Dictionary(severities.map { ($0.rule, $0.severity) }) { _, new in new },
            warningsAsErrors: warningsAsErrors)
        return base.merging(flags)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let description = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            return path.isEmpty ? description : "at '\(path)': \(description)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// `--severity RULE=LEVEL`.
struct SeverityOverride: ExpressibleByArgument {
    var rule: String
    var severity: Severity

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let severity = Severity(rawValue: parts[1]), !parts[0].isEmpty else { return nil }
        rule = parts[0]
        self.severity = severity
    }
}

extension ReportFormat: ExpressibleByArgument {}
