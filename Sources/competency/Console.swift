import ArgumentParser
import CompetencyKit
import Foundation

/// Exit statuses shared by every verb.
enum Exit {
    /// The input was read but has errors.
    static let findings = ExitCode(1)
    /// Arguments cannot be used or input cannot be read.
    static let unusable = ExitCode(2)

    /// The status a failure calls for.
    static func code(for error: DiagnosticError) -> ExitCode { error.isUnusable ? unusable : findings }
}

/// Standard error and standard output.
enum Console {
    /// The text of in-memory inputs (the bundled sample), for source lines in diagnostics.
    nonisolated(unsafe) static var sources: [String: String] = [:]

    /// Whether a verb is running a second time, reading its rosters twice where the first
    /// attempt read them once (see `PlanningOptions.readingOnce(_:_:)`).
    nonisolated(unsafe) static var readingAgain = false
    /// What ``reportOnce(_:)`` has reported.
    nonisolated(unsafe) private static var reported: Set<Diagnostic> = []

    /// Prints diagnostics like ``report(_:)``; when the verb is running again, leaves out those
    /// the first attempt reported.
    static func reportOnce(_ diagnostics: [Diagnostic]) {
        report(readingAgain ? diagnostics.filter { !reported.contains($0) } : diagnostics)
        reported.formUnion(diagnostics)
    }

    /// Writes a line to standard error.
    static func error(_ text: String) { standardError(text + "\n") }

    /// Writes to standard error. A closed or full standard error loses the text; it never stops the run.
    static func standardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { if written < 0 && errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }

    /// Prints diagnostics to standard error in the one shape every verb uses:
    /// `file:line:column: severity: message [id]`, the source line, the caret and the notes.
    static func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        let colour = isTerminal(STDERR_FILENO) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let report = Report(diagnostics: diagnostics, sources: sources).readingSources()
        standardError(TextReporter(colour: colour, counts: false).render(report))
    }

    /// Prints a failure's diagnostics and returns the exit status it calls for.
    static func fail(_ error: DiagnosticError) -> ExitCode {
        report(error.diagnostics)
        return Exit.code(for: error)
    }

    /// Says on standard error that the bundled sample stands in for missing input files.
    static func announceSample(_ what: String) {
        error("note: no input file given; using the bundled sample \(what)")
    }
}

/// Whether a stream is a terminal, for colour and progress.
func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }

/// Runs a verb's body, turning a library failure into printed diagnostics and an exit status.
func reporting<T>(_ body: () throws(DiagnosticError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw Console.fail(error)
    }
}

/// The input at `path`: a regular file to read when needed, or the bytes of a pipe, FIFO or
/// device, read once now (see `DocumentSource.opening`).
func openSource(_ path: String) throws -> DocumentSource {
    try reporting { () throws(DiagnosticError) in try DocumentSource.opening(path) }
}

extension DocumentSource {
    /// The file at `path` (read now when it is a pipe or device), or the bundled sample framework.
    static func framework(_ path: String?) throws -> DocumentSource {
        try path.map(openSource) ?? sample(BundledSample.frameworkPath, BundledSample.framework)
    }

    /// The file at `path` (read now when it is a pipe or device), or the bundled sample roster.
    static func roster(_ path: String?) throws -> DocumentSource {
        try path.map(openSource) ?? sample(BundledSample.rosterPath, BundledSample.roster)
    }

    /// The bundled sample framework's second version.
    static var sampleVersion2: DocumentSource { sample(BundledSample.frameworkV2Path, BundledSample.frameworkV2) }

    private static func sample(_ name: String, _ text: String) -> DocumentSource {
        Console.sources[name] = text
        return .data(Data(text.utf8), name: name)
    }
}

/// The run's output: a file that is replaced only when the run succeeds, or standard output.
///
/// Writes never throw where a renderer cannot pass an error on: the first failure is kept,
/// later writes are skipped, and ``finish()`` reports it.
final class Output {
    private let file: OutputFile
    private var failure: DiagnosticError?

    init(path: String?) throws {
        let temporary = Output.temporary
        file = try reporting { () throws(DiagnosticError) in try OutputFile(path: path, temporary: temporary) }
    }

    /// `COMPETENCY_TEMPORARY_FILES=hidden` makes every temporary file a hidden, named one, as on
    /// a file system without `O_TMPFILE`, so that the cleanup on a signal can be tested anywhere.
    private static let temporary: OutputFile.Temporary =
        ProcessInfo.processInfo.environment["COMPETENCY_TEMPORARY_FILES"] == "hidden" ? .hidden : .unnamedWherePossible

    func write(_ text: String) {
        guard failure == nil else { return }
        do throws(DiagnosticError) { try file.write(text) } catch { failure = error }
    }

    func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        failure = bytes.withUnsafeBytes { buffer in
            do throws(DiagnosticError) { try file.write(buffer) } catch { return error }
            return nil
        }
    }

    func write(_ data: Data) {
        guard failure == nil else { return }
        do throws(DiagnosticError) { try file.write(data) } catch { failure = error }
    }

    /// Makes the output final, or reports why it could not be written and leaves the target as it was.
    func finish() throws {
        if let failure {
            file.discard()
            throw Console.fail(failure)
        }
        try reporting { () throws(DiagnosticError) in try file.commit() }
    }

    /// Drops the output: the target keeps what it held.
    func discard() { file.discard() }
}

/// Writes `data` to `path` (standard output when `nil` or "-"), replacing a file only once it is whole.
func emit(_ data: Data, to path: String?) throws {
    let output = try Output(path: path)
    output.write(data)
    try output.finish()
}
