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

    /// Writes a line to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints diagnostics to standard error in the one shape every verb uses:
    /// `file:line:column: severity: message [id]`, the source line, the caret and the notes.
    static func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        let colour = isTerminal(STDERR_FILENO) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let report = Report(diagnostics: diagnostics, sources: sources).readingSources()
        FileHandle.standardError.write(Data(TextReporter(colour: colour, counts: false).render(report).utf8))
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

extension DocumentSource {
    /// The file at `path`, or the bundled sample framework.
    static func framework(_ path: String?) -> DocumentSource {
        path.map(DocumentSource.file) ?? sample(BundledSample.frameworkPath, BundledSample.framework)
    }

    /// The file at `path`, or the bundled sample roster.
    static func roster(_ path: String?) -> DocumentSource {
        path.map(DocumentSource.file) ?? sample(BundledSample.rosterPath, BundledSample.roster)
    }

    private static func sample(_ name: String, _ text: String) -> DocumentSource {
        Console.sources[name] = text
        return .data(Data(text.utf8), name: name)
    }
}

/// Writes output to a file, or to standard output when `path` is nil or "-".
func emit(_ data: Data, to path: String?) throws {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw Console.fail(DiagnosticError(.unwritable(path, reason: error.localizedDescription)))
    }
}

/// Writes output in chunks to standard output or a file.
final class OutputStream {
    private let handle: FileHandle
    private var buffer = Data()
    private let path: String?

    init(path: String?) throws {
        self.path = path
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw Console.fail(DiagnosticError(.unwritable(path)))
        }
        self.handle = handle
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ data: Data) {
        flush()
        handle.write(data)
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if path != nil && path != "-" { try? handle.close() }
    }
}
