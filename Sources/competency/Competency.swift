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
        let stops = StopSignals.install()
        defer { withExtendedLifetime(stops) {} }
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

/// SIGINT, SIGTERM and SIGHUP end the run as they would, after removing the hidden
/// temporary file of any output not yet committed, so that the targets keep what they held
/// and nothing is left beside them.
///
/// The signals are taken through dispatch sources, so the cleanup runs on an ordinary
/// thread rather than inside a signal handler. A signal the tool was started with ignored
/// (a background job's SIGINT, `nohup`'s SIGHUP) stays ignored.
enum StopSignals {
    static func install() -> [any DispatchSourceSignal] {
        reserveStandardDescriptors()
        // A parent may start the tool with these signals blocked (a thread of a test runner,
        // say); every thread started from here inherits the mask, so unblock them first.
        var stops = sigset_t()
        sigemptyset(&stops)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stops, number) }
        pthread_sigmask(SIG_UNBLOCK, &stops, nil)
        return [SIGINT, SIGTERM, SIGHUP].compactMap { number -> (any DispatchSourceSignal)? in
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { return nil }
            if isIgnored(current) { return nil }
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                OutputFile.removeTemporaryFiles()
                // End by the signal itself, so that a shell or a supervisor sees why. Sent to the
                // process, not raised: dispatch's threads block signals, so a thread's own would wait.
                signal(number, SIG_DFL)
                kill(getpid(), number)
            }
            source.resume()
            return source
        }
    }

    /// Gives a closed standard descriptor a stand-in that refuses its use (`/dev/null`, opened
    /// the other way round), before dispatch opens descriptors of its own: otherwise the
    /// lowest free number, 1 after `>&-`, would become one of them, and the output would go
    /// there. Writing to a closed standard output still fails with "Bad file descriptor".
    private static func reserveStandardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let standIn = open("/dev/null", descriptor == STDIN_FILENO ? O_WRONLY : O_RDONLY)
            if standIn >= 0, standIn != descriptor {
                dup2(standIn, descriptor)
                close(standIn)
            }
        }
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if os(Linux)
            return unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1
        #else
            return unsafeBitCast(action.__sigaction_u.__sa_handler, to: Int.self) == 1
        #endif
    }
}
