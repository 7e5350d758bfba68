import ArgumentParser
import CompetencyKit
import Foundation

/// Exit statuses shared by every verb.
enum Exit {
    /// The input was read but has errors.
    static let findings = ExitCode(1)
    /// Arguments cannot be used or input cannot be read.
    static let unusable = ExitCode(2)
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Whether a stream is a terminal, for colour and progress.
func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }

/// Prints reader diagnostics like a compiler and returns the exit code they call for.
func report(_ error: XMLReadError) -> ExitCode {
    for diagnostic in error.diagnostics { printError(diagnostic.description) }
    return error.diagnostics.contains { $0.kind == .io } ? Exit.unusable : Exit.findings
}

/// Where a verb's input comes from: a file the user named, or the bundled sample.
enum InputSource {
    case file(String)
    case sample(name: String, text: String)

    var label: String {
        switch self {
        case .file(let path): path
        case .sample(let name, _): name
        }
    }

    static func framework(_ path: String?) -> InputSource {
        path.map(InputSource.file) ?? .sample(name: BundledSample.frameworkPath, text: BundledSample.framework)
    }

    static func roster(_ path: String?) -> InputSource {
        path.map(InputSource.file) ?? .sample(name: BundledSample.rosterPath, text: BundledSample.roster)
    }

    /// The raw bytes, or exits with status 2 when the file cannot be read.
    func data() throws -> Data {
        switch self {
        case .sample(_, let text): return Data(text.utf8)
        case .file(let path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("\(path): error: no such file; check the path")
                throw Exit.unusable
            }
            guard !isDirectory.boolValue else {
                printError("\(path): error: this is a folder; give a file")
                throw Exit.unusable
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("\(path): error: the file cannot be read; check its permissions")
                throw Exit.unusable
            }
            return data
        }
    }

    /// Reads an XML document, printing diagnostics and exiting on failure.
    func readXML(options: XMLReader.Options = .init()) throws -> Parsed<CompetencyDocument> {
        let bytes = try data()
        do {
            let parsed = try XMLReader(options: options).read(bytes, file: label)
            for warning in parsed.warnings { printError(warning.description) }
            return parsed
        } catch {
            throw report(error)
        }
    }

    func readFramework() throws -> Parsed<Framework> {
        let parsed = try readXML()
        guard case .framework(let framework) = parsed.value else {
            printError("\(label):1:1: error: expected a framework document, found \(parsed.value.kindName)")
            throw Exit.findings
        }
        return Parsed(value: framework, sourceMap: parsed.sourceMap, warnings: parsed.warnings)
    }

    func readRoster() throws -> Parsed<Roster> {
        let parsed = try readXML()
        guard case .roster(let roster) = parsed.value else {
            printError("\(label):1:1: error: expected a roster document, found \(parsed.value.kindName)")
            throw Exit.findings
        }
        return Parsed(value: roster, sourceMap: parsed.sourceMap, warnings: parsed.warnings)
    }
}

/// Says on standard error that the bundled sample stands in for missing input files.
func announceSample(_ what: String) {
    printError("note: no input file given; using the bundled sample \(what)")
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
        printError("\(path): error: cannot write the output: \(error.localizedDescription)")
        throw Exit.unusable
    }
}
