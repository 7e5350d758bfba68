import ArgumentParser
import CompetencyKit
import Foundation

/// The `competency` tool: argument parsing, calls into CompetencyKit, and printing.
@main
struct Competency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "competency",
        abstract: "Model, check, convert and assign competency frameworks.",
        discussion: """
            Run any verb without input files to use the bundled sample: a national digital knowledge \
            and skills framework (6 domains, 24 competencies, 8 levels in 4 bands) with positions, \
            training modules, assignment rules and a roster of more than 300 people in a unit tree.

            Exit status: 0 clean, 1 the input has errors, 2 unusable arguments or unreadable input.
            """,
        version: "\(CompetencyKitVersion.string) (libxml2 \(libxml2Version))",
        subcommands: [
            Show.self, Convert.self, Validate.self, Rules.self, Plan.self, Coverage.self, Diff.self, Migrate.self,
            Credentials.self, Keygen.self, Verify.self, Record.self,
        ]
    )

    /// Runs the tool. Unusable arguments exit with status 2 (not the parser's default 64),
    /// as every verb documents.
    static func main() {
        // A closed pipe is a write error to report (EPIPE), not a signal that ends the run.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error))
                Foundation.exit(Exit.unusable.rawValue)
            }
            exit(withError: error)
        }
    }
}
