import ArgumentParser
import CompetencyKit
import Foundation

/// `--excel`: CSV for Excel, which reads a CSV file as UTF-8 only when it starts with a byte
/// order mark. The records already end with CRLF (RFC 4180).
struct ExcelCSVOption: ParsableArguments {
    @Flag(help: "With --format csv: start the file with a UTF-8 byte order mark (lines end with CRLF), so that Excel reads its text correctly.")
    var excel = false

    /// The bytes that start the output: the byte order mark with `--excel`, else nothing.
    var preamble: Data { excel ? Data([0xEF, 0xBB, 0xBF]) : Data() }

    /// Refuses `--excel` with a format other than CSV.
    func check(isCSV: Bool) throws {
        if excel && !isCSV { throw ValidationError("--excel shapes CSV output; use it with --format csv") }
    }
}

/// Refuses to write a workbook (binary) to a terminal.
func refuseBinaryOnTerminal(_ output: String?) throws {
    if output == nil || output == "-", isTerminal(STDOUT_FILENO) {
        throw ValidationError(
            "--format xlsx writes a binary workbook, which is not shown on a terminal; give -o FILE.xlsx or redirect standard output")
    }
}

/// A private folder for a workbook's spool files, removed when `body` returns.
func withScratchFolder<T>(_ body: (URL) throws -> T) throws -> T {
    var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("competency-xlsx.XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
        Console.report([.unwritable(NSTemporaryDirectory(), reason: "no folder for the workbook's spool files: \(String(cString: strerror(errno)))")])
        throw Exit.unusable
    }
    let url = URL(fileURLWithPath: String(cString: made), isDirectory: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// People's names in the order they are read, for the evaluations that arrive in that order.
struct NameQueue {
    private var entries: [(Person.ID, LocalizedText)] = []
    private var head = 0

    mutating func push(_ person: Person) { entries.append((person.id, person.name)) }

    /// The name of `person`, dropping the entries before it.
    mutating func pop(_ person: Person.ID) -> LocalizedText? {
        while head < entries.count {
            let (id, name) = entries[head]
            head += 1
            if head > 1024 && head * 2 > entries.count {
                entries.removeFirst(head)
                head = 0
            }
            if id == person { return name }
        }
        return nil
    }
}
