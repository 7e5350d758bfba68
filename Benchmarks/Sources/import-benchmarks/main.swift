// import-benchmarks: each importer of the `competency` tool on a generated input of a given
// size, against `competency show` on a native framework of about the same size.
// See Documentation/Performance.md, "Imports at 100 MB".
import Foundation

let usage = """
    usage: import-benchmarks --competency PATH [options]
           import-benchmarks generate FORMAT SIZE_MB PATH

      --competency PATH   the `competency` executable to measure (a release build)
      --size-mb N         size of each input in MB (10^6 bytes); default 100
      --small-mb N        size of the inputs of the growth check; default 30 (0: no growth check)
      --runs N            runs of each command, interleaved; the median is reported; default 3
      --formats LIST      comma-separated subset of case,ctdl,medbiq,esco,sfia,roster-csv,xapi
      --fixtures DIR      the package's Fixtures folder (for the xAPI framework); default Fixtures
      --work-dir DIR      where the inputs and outputs go (kept); default a temporary folder, removed

    Every command runs in its own process under GNU time (/usr/bin/time): wall time and peak RSS.
    The ratio divides each import's seconds per MB by those of `show` on the native file.
    FORMAT for generate: case, ctdl, esco (a folder), sfia, roster-csv, xapi.
    """

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("import-benchmarks: \(message)\n".utf8))
    exit(2)
}

/// Runs a command, its output to /dev/null, and returns its exit status.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Wall seconds and peak RSS (KiB) of one run under GNU time.
func timed(_ arguments: [String], report: URL) throws -> (seconds: Double, rssKiB: Int) {
    let status = try run("/usr/bin/time", ["-f", "%e %M", "-o", report.path] + arguments)
    let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
    let fields = text.split(separator: "\n").last?.split(separator: " ") ?? []
    guard status == 0, fields.count == 2, let seconds = Double(fields[0]), let rss = Int(fields[1]) else {
        throw Failure("\(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
    }
    return (seconds, rss)
}

func bytes(of url: URL) -> Int {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return 0 }
    guard isDirectory.boolValue else { return (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0 }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.reduce(0) { $0 + bytes(of: url.appendingPathComponent($1)) }
}

func generate(_ format: String, megabytes: Double, at url: URL) throws -> Int {
    let target = Int(megabytes * 1_000_000)
    switch format {
    case "case": return try Inputs.writeCASE(to: url, bytes: target)
    case "ctdl": return try Inputs.writeCTDL(to: url, bytes: target)
    case "esco":
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return try Inputs.writeESCO(to: url, bytes: target)
    case "sfia": return try Inputs.writeSFIA(to: url, bytes: target)
    case "roster-csv": return try Inputs.writeRosterCSV(to: url, bytes: target)
    case "xapi":
        return try Inputs.writeXAPI(statements: url, roster: url.deletingPathExtension().appendingPathExtension("roster.xml"), people: 10_000, bytes: target)
    default: throw Failure("unknown format '\(format)'")
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "generate" {
    guard arguments.count == 4, let size = Double(arguments[2]) else { fail(usage) }
    do {
        let count = try generate(arguments[1], megabytes: size, at: URL(fileURLWithPath: arguments[3]))
        print("\(arguments[3]): \(count) records")
    } catch { fail("\(error)") }
    exit(0)
}

var competency = ""
var sizeMB = 100.0
var smallMB = 30.0
var runs = 3
var formats = ["case", "ctdl", "medbiq", "esco", "sfia", "roster-csv", "xapi"]
var fixtures = "Fixtures"
var workDir: String?
var index = 0
@MainActor func value() -> String {
    index += 1
    guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
    return arguments[index]
}
while index < arguments.count {
    switch arguments[index] {
    case "--competency": competency = value()
    case "--size-mb": sizeMB = Double(value()) ?? 0
    case "--small-mb": smallMB = Double(value()) ?? -1
    case "--runs": runs = Int(value()) ?? 0
    case "--formats": formats = value().split(separator: ",").map(String.init)
    case "--fixtures": fixtures = value()
    case "--work-dir": workDir = value()
    case "--help", "-h":
        print(usage)
        exit(0)
    default: fail("unknown option '\(arguments[index])'\n\n\(usage)")
    }
    index += 1
}
guard FileManager.default.isExecutableFile(atPath: competency) else { fail("--competency PATH (a release build of the tool) is required\n\n\(usage)") }
guard sizeMB > 0, smallMB >= 0, runs > 0 else { fail("--size-mb and --runs need positive numbers, --small-mb zero or more") }
guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { fail("GNU time is needed: apt-get install -y time") }

/// One measured command: what it reads, and how the tool is run on it.
struct Row {
    var label: String
    var input: URL
    var arguments: [String]
    var seconds: [Double] = []
    var rssKiB: [Int] = []
    var median: Double { seconds.sorted()[seconds.count / 2] }
    var megabytes: Double { Double(bytes(of: input)) / 1_000_000 }
}

let directory = URL(fileURLWithPath: workDir ?? NSTemporaryDirectory() + "import-bench-\(getpid())", isDirectory: true)
let report = directory.appendingPathComponent("time.txt")

/// Makes the inputs of one size and the commands that read them.
@MainActor func prepare(megabytes: Double) throws -> [Row] {
    let folder = directory.appendingPathComponent("\(Int(megabytes))MB", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
    let output = file("out.xml").path
    // The native framework: a CASE package converted, sized so that the XML comes out at
    // about the size asked for (the XML keeps what CASE has beyond the model).
    _ = try generate("case", megabytes: megabytes * 0.62, at: file("for-native.json"))
    try run(competency, ["convert", file("for-native.json").path, "--to", "xml", "-o", file("native.xml").path])
    var rows = [Row(label: "show native XML", input: file("native.xml"), arguments: [competency, "show", file("native.xml").path])]
    for format in formats {
        switch format {
        case "case", "ctdl", "sfia", "roster-csv":
            let name = ["case": "case.json", "ctdl": "ctdl.json", "sfia": "sfia-9_generated.csv", "roster-csv": "roster.csv"][format] ?? format
            _ = try generate(format, megabytes: megabytes, at: file(name))
            rows.append(Row(label: "show \(format)", input: file(name), arguments: [competency, "show", file(name).path]))
        case "medbiq":
            // The MedBiquitous exporter writes a framework and an object per competency.
            _ = try generate("case", megabytes: megabytes * 1.08, at: file("for-medbiq.json"))
            let objects = file("medbiq")
            try? FileManager.default.removeItem(at: objects)
            try run(competency, ["convert", file("for-medbiq.json").path, "--to", "medbiq", "-o", objects.path])
            let names = try FileManager.default.contentsOfDirectory(atPath: objects.path)
            guard let framework = names.first(where: { $0.hasPrefix("case-") }) else { throw Failure("no MedBiquitous framework in \(objects.path)") }
            rows.append(Row(label: "show medbiq", input: objects, arguments: [competency, "show", objects.appendingPathComponent(framework).path]))
        case "esco":
            let esco = file("esco")
            _ = try generate("esco", megabytes: megabytes, at: esco)
            let names = try FileManager.default.contentsOfDirectory(atPath: esco.path).sorted().map { esco.appendingPathComponent($0).path }
            rows.append(Row(label: "convert esco --to xml", input: esco, arguments: [competency, "convert", "--from", "esco"] + names + ["--to", "xml", "-o", output]))
        case "xapi":
            _ = try generate("xapi", megabytes: megabytes, at: file("statements.json"))
            rows.append(
                Row(
                    label: "record xapi", input: file("statements.json"),
                    arguments: [
                        competency, "record", file("statements.roster.xml").path, file("statements.json").path,
                        "--framework", "\(fixtures)/xapi/framework.xml", "--actor-attribute", "email",
                        "--thresholds", "\(fixtures)/xapi/thresholds.json", "-o", output,
                    ]))
        default: throw Failure("unknown format '\(format)'")
        }
    }
    return rows
}

@MainActor func measure(_ rows: inout [Row]) throws {
    for _ in 0..<runs {
        for index in rows.indices {
            let (seconds, rss) = try timed(rows[index].arguments, report: report)
            rows[index].seconds.append(seconds)
            rows[index].rssKiB.append(rss)
        }
    }
}

func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }

do {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { if workDir == nil { try? FileManager.default.removeItem(at: directory) } }
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    print("import-benchmarks: \(competency), median of \(runs) interleaved runs, load \(load) at start")
    var large = try prepare(megabytes: sizeMB)
    try measure(&large)
    let native = large[0]
    let nativeRate = native.median / native.megabytes
    print("")
    print(pad("command", 24) + pad("input MB", 10) + pad("median s", 10) + pad("peak MiB", 10) + pad("s/MB ratio", 12) + "target ≤ 3×")
    for row in large {
        let ratio = (row.median / row.megabytes) / nativeRate
        let verdict = row.label == native.label ? "baseline" : ratio <= 3 ? "PASS" : "MISS"
        print(
            pad(row.label, 24) + pad(String(format: "%.1f", row.megabytes), 10) + pad(String(format: "%.2f", row.median), 10)
                + pad(String(row.rssKiB.max().map { $0 / 1024 } ?? 0), 10) + pad(String(format: "%.2f", ratio), 12) + verdict)
    }
    if smallMB > 0 {
        var small = try prepare(megabytes: smallMB)
        try measure(&small)
        print("")
        print("growth from \(Int(smallMB)) MB to \(Int(sizeMB)) MB (linear: time grows as the input)")
        for (big, little) in zip(large, small) {
            let growth = big.median / little.median
            let bytes = big.megabytes / little.megabytes
            print(pad(big.label, 24) + String(format: "time ×%.2f for input ×%.2f", growth, bytes))
        }
    }
} catch {
    fail("\(error)")
}
