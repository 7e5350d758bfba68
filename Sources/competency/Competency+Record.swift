import ArgumentParser
import CompetencyKit
import Foundation

extension Competency {
    /// `competency record`: add xAPI learning records to a roster.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record xAPI statements in a roster: completions of modules and test assessments of competencies.",
            discussion: """
                Statements come as a JSON array or an LRS page {"statements": [...]}, xAPI 1.0.3 or 2.0. \
                completed or passed on an activity whose ID is a module's uri records a completion dated \
                from the timestamp; passed with result.score.scaled on a competency's uri records an \
                assessment (method test) at the level the score thresholds give (--thresholds; by default \
                a scale's levels share the scores from 0 to 1 evenly). cmi5 rules hold; voided statements \
                are ignored; a statement ID already seen, in the input or the roster, counts once. The actor \
                is the person whose --actor-attribute equals its mbox (with or without mailto:), \
                account.name or openid. Each statement not recorded is reported with its file:line:column, \
                index and ID. See Documentation/Interchange.md.

                Exit status: 0 recorded (unusable statements are warnings), 1 --strict and a statement \
                could not be used, 2 unusable arguments or unreadable input.
                """)

        @Argument(help: "The roster to add to (any roster format the tool reads).")
        var roster: String

        @Argument(help: "xAPI statements files (JSON).")
        var statements: [String]

        @Option(help: ArgumentHelp("The framework the roster refers to (any importable format).", valueName: "file"))
        var framework: String

        @Option(help: ArgumentHelp("The person attribute that holds the actors' e-mail, account name or OpenID.", valueName: "name"))
        var actorAttribute: String

        @Option(help: ArgumentHelp("Score thresholds per scale: {\"scales\": {\"<scale>\": {\"<level>\": <minimum scaled score>}}}.", valueName: "file"))
        var thresholds: String?

        @Option(name: .shortAndLong, help: "Write the roster to this file (standard output when omitted or '-').")
        var output: String?

        @Flag(help: "Write nothing, and exit with status 1, when any statement cannot be used.")
        var strict = false

        func validate() throws {
            if statements.isEmpty { throw ValidationError("Give at least one xAPI statements file after the roster.") }
        }

        func run() throws {
            let loaded = try loadFrameworks([try openSource(framework)])[0].framework
            let parsed = try reporting { () throws(DiagnosticError) in try DocumentSource.file(roster).readRoster() }
            Console.report(parsed.diagnostics)
            var recorder = XAPIRecorder(framework: loaded, actorAttribute: actorAttribute)
            if let thresholds {
                recorder.thresholds = try reporting { () throws(DiagnosticError) in
                    try ScoreThresholds.read(try DocumentSource.file(thresholds).read(), file: thresholds, framework: loaded)
                }
            }
            let files = try statements.map { path in
                try reporting { () throws(DiagnosticError) in (data: try DocumentSource.file(path).read(), file: Optional(path)) }
            }
            let result: XAPIRecorder.Result
            do {
                result = try recorder.record(files, into: parsed.value)
            } catch {
                // A statements file that is not xAPI JSON is unusable input.
                Console.report(error.diagnostics)
                throw Exit.unusable
            }
            var diagnostics = result.diagnostics
            if strict {
                for index in diagnostics.indices where diagnostics[index].severity == .warning { diagnostics[index].severity = .error }
            }
            Console.report(diagnostics)
            let summary =
                "recorded \(result.assessments) assessment\(result.assessments == 1 ? "" : "s") and \(result.completions) "
                + "completion\(result.completions == 1 ? "" : "s") from \(result.statements) statement\(result.statements == 1 ? "" : "s"); "
                + "\(result.unusable) could not be used"
                + (result.voidedRecords > 0 ? "; \(result.voidedRecords) earlier record\(result.voidedRecords == 1 ? "" : "s") voided" : "")
            if strict, result.unusable > 0 {
                Console.error("\(summary); --strict: nothing written")
                throw Exit.findings
            }
            try emit(XMLWriter().write(result.roster), to: output)
            Console.error(summary)
        }
    }
}
