// competency-benchmarks: measures CompetencyXML against the C floor (`xmllint --stream`)
// and against XMLCoder on a generated framework and roster. See Documentation/Performance.md.
import CompetencyModel
import CompetencyXML
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints straight to the standard output, unbuffered, so that progress shows through a pipe.
func print(_ text: String = "") {
    let line = text + "\n"
    line.utf8CString.withUnsafeBufferPointer { buffer in
        var offset = 0
        let count = buffer.count - 1
        while offset < count {
            let written = write(1, buffer.baseAddress! + offset, count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}

let usage = """
    usage: competency-benchmarks [options]

      --size-mb N          size of the framework plus the large roster, in MB (10^6 bytes); default 100
      --runs N             runs of each measurement; the best is reported; default 3
      --coder-mb N         size of the roster slice decoded by XMLCoder; default 8 (XMLCoder fails on Linux at 10,000,000 bytes and more)
      --stream-small-mb N  size of the smaller roster used to show that streaming memory does not grow; default 25
      --work-dir DIR       where to write the generated files (kept); default a new temporary folder, removed at the end
      --seed N             generator seed; default 20260115
      --keep               keep the temporary folder
      --help               this text

    Each reading runs in a fresh child process (this program re-run with a hidden subcommand),
    so that its peak memory (the child's own VmHWM) is its own; xmllint's comes from GNU time.
    """

struct Options {
    var sizeMB = 100.0
    var runs = 3
    var coderMB = 8.0
    var smallStreamMB = 25.0
    var workDir: String?
    var seed: UInt64 = 20_260_115
    var keep = false

    init(_ arguments: [String]) throws {
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw UsageError("\(name) needs a value") }
            return arguments[index]
        }
        func number(_ name: String) throws -> Double {
            let text = try value(name)
            guard let number = Double(text), number > 0 else { throw UsageError("\(name) needs a positive number, not '\(text)'") }
            return number
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--size-mb": sizeMB = try number("--size-mb")
            case "--runs": runs = max(1, Int(try number("--runs")))
            case "--coder-mb": coderMB = try number("--coder-mb")
            case "--stream-small-mb": smallStreamMB = try number("--stream-small-mb")
            case "--work-dir": workDir = try value("--work-dir")
            case "--seed":
                let text = try value("--seed")
                guard let seed = UInt64(text) else { throw UsageError("--seed needs a whole number") }
                self.seed = seed
            case "--keep": keep = true
            case "--help", "-h":
                print(usage)
                exit(0)
            default: throw UsageError("unknown option '\(arguments[index])'")
            }
            index += 1
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: Formatting

func mb(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1e6) }
func mib(_ kib: Int?) -> String { kib.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "n/a" }
func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
func times(_ value: Double) -> String { String(format: "%.2f×", value) }
func grouped(_ value: Int) -> String {
    let digits = String(value)
    var result = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return result
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

/// Prints rows as columns; the first column is left-aligned, the others right-aligned.
func table(_ header: [String], _ rows: [[String]]) {
    let all = [header] + rows
    let widths = (0..<header.count).map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
    for (index, row) in all.enumerated() {
        let cells = row.enumerated().map { column, cell in
            column == 0 ? cell.padded(widths[column]) : cell.leftPadded(to: widths[column])
        }
        print("  " + cells.joined(separator: "  "))
        if index == 0 { print("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
}

// MARK: Files

/// Start tags in an XML file (`<` followed by a name), i.e. its elements.
func elementCount(_ url: URL) throws -> Int {
    let data = try Data(contentsOf: url, options: .alwaysMapped)
    return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
        var count = 0
        var index = 0
        let end = bytes.count - 1
        while index < end {
            if bytes[index] == UInt8(ascii: "<") {
                let next = bytes[index + 1]
                if next != UInt8(ascii: "/") && next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { count += 1 }
            }
            index += 1
        }
        return count
    }
}

func fileSize(_ url: URL) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
}

// MARK: Measurements

/// The runs of one measurement.
struct Measurement {
    var label: String
    var bytes: Int
    var seconds: [Double] = []
    var cpu: [Double] = []
    var rssKiB: [Int] = []
    var freeSeconds: [Double] = []
    var result: ChildResult?

    init(_ label: String, bytes: Int) {
        self.label = label
        self.bytes = bytes
    }

    var best: Double { seconds.min() ?? .nan }
    var bestIndex: Int { seconds.firstIndex(of: best) ?? 0 }
    var median: Double {
        let sorted = seconds.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
    var mbPerSecond: Double { Double(bytes) / 1e6 / best }
    var peakRSSKiB: Int? { rssKiB.max() }
    var bestCPU: Double { cpu.isEmpty ? .nan : cpu[bestIndex] }
    var bestFree: String { freeSeconds.isEmpty ? "" : competency_benchmarks.seconds(freeSeconds[bestIndex]) }
    var allRuns: String { seconds.map { String(format: "%.3f", $0) }.joined(separator: " ") }
}

enum Task {
    case child(ChildMode, URL)
    case xmllint(URL)
}

struct Runner {
    let executable: String
    let xmllint: String?
    let gnuTime: String?
    /// Processes that were ready to run beside this one, sampled before each measurement.
    var loadSamples: [Int] = []

    mutating func run(_ task: Task, into measurement: inout Measurement) throws {
        if let others = Machine.otherRunnable() { loadSamples.append(others) }
        switch task {
        case .child(let mode, let url):
            let outcome = try spawn(executable, ["__child", mode.rawValue, url.path])
            guard outcome.status == 0,
                let line = outcome.output.split(separator: "\n").last,
                let result = try? JSONDecoder().decode(ChildResult.self, from: Data(line.utf8))
            else {
                throw UsageError("the child '\(mode.rawValue)' on \(url.lastPathComponent) failed (status \(outcome.status))")
            }
            measurement.seconds.append(result.seconds)
            measurement.cpu.append(outcome.cpuSeconds)
            // The child's own VmHWM. wait4's ru_maxrss would be wrong here: glibc's posix_spawn
            // shares this process's memory until exec (CLONE_VM | CLONE_VFORK), and Linux folds
            // the high-water mark of that memory into the child's ru_maxrss at exec.
            measurement.rssKiB.append(result.peakRSSKiB)
            if let free = result.freeSeconds { measurement.freeSeconds.append(free) }
            measurement.result = result
        case .xmllint(let url):
            guard let xmllint else { return }
            // GNU time forks (it does not share its memory with the child), so its %M is
            // xmllint's own peak; without it, no peak memory is shown for xmllint.
            let report = FileManager.default.temporaryDirectory.appendingPathComponent("competency-benchmarks-time-\(getpid())")
            defer { try? FileManager.default.removeItem(at: report) }
            let outcome =
                gnuTime != nil
                ? try spawn(gnuTime!, ["-f", "%M", "-o", report.path, xmllint, "--stream", "--noout", url.path])
                : try spawn(xmllint, ["--stream", "--noout", url.path])
            guard outcome.status == 0 else { throw UsageError("xmllint failed on \(url.path) (status \(outcome.status))") }
            measurement.seconds.append(outcome.wallSeconds)
            measurement.cpu.append(outcome.cpuSeconds)
            if gnuTime != nil,
                let text = try? String(contentsOf: report, encoding: .utf8),
                let kib = Int(text.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "")
            {
                measurement.rssKiB.append(kib)
            }
        }
    }

    /// Runs every task `runs` times, interleaved (1 2 3, 1 2 3, …) so that a change of load
    /// on the machine falls on all of them alike.
    mutating func interleave(_ runs: Int, _ tasks: [(Task, Int)], _ measurements: inout [Measurement]) throws {
        for _ in 0..<runs {
            for (task, slot) in tasks { try run(task, into: &measurements[slot]) }
        }
    }
}

func verdict(_ pass: Bool) -> String { pass ? "PASS" : "MISS" }

// MARK: Main

func main() throws {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "__child" { runChild(Array(arguments.dropFirst())) }
    if arguments.first == "tool" { return try runToolBenchmark(Array(arguments.dropFirst())) }
    let options = try Options(arguments)
    let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
    let xmllint = which("xmllint")
    let gnuTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil
    let loadAtStart = Machine.loadText()
    let startedAt = now()

    print("CompetencyKit benchmarks")
    print("  machine    \(Machine.cores) cores (\(Machine.cpuModel)), \(String(format: "%.1f", Machine.memoryGiB)) GiB memory, \(Machine.system)")
    print("  software   libxml2 \(libxml2Version), Swift \(Machine.swiftVersion) (release build), XMLCoder 0.18.2")
    if let xmllint {
        print("  xmllint    \(xmllint)")
    } else {
        print("  xmllint    NOT FOUND: the C floor cannot be measured. Install it with `apt-get install -y libxml2-utils` (Debian/Ubuntu) and run again.")
    }
    print("  load       \(loadAtStart) (1, 5, 15 min) at start")
    print("  method     best of \(options.runs) runs, each in a fresh child process; MB = 10^6 bytes, MiB = 2^20 bytes")
    print("")

    // Files.
    let fileManager = FileManager.default
    let directory: URL
    let removeAtEnd: Bool
    if let workDir = options.workDir {
        directory = URL(fileURLWithPath: workDir, isDirectory: true)
        removeAtEnd = false
    } else {
        directory = fileManager.temporaryDirectory.appendingPathComponent("competency-benchmarks-\(getpid())", isDirectory: true)
        removeAtEnd = !options.keep
    }
    try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { if removeAtEnd { try? fileManager.removeItem(at: directory) } }

    let generator = Generator(seed: options.seed)
    let writer = XMLWriter()
    let generationStart = now()
    let framework = generator.framework()
    let frameworkURL = directory.appendingPathComponent("framework.xml")
    try writer.write(.framework(framework), to: frameworkURL)
    let frameworkBytes = fileSize(frameworkURL)

    // Bytes per person, from a sample of the same people, to size each roster.
    let header = writer.write(generator.roster(people: 0)).count
    let sampleCount = 2000
    let perPerson = Double(writer.write(generator.roster(people: sampleCount)).count - header) / Double(sampleCount)
    func people(forMB size: Double) -> Int { max(1, Int((size * 1e6 - Double(header)) / perPerson)) }

    func label(_ size: Double) -> String { size == size.rounded() ? "\(Int(size))mb" : String(format: "%.1fmb", size) }
    let largeURL = directory.appendingPathComponent("roster-\(label(options.sizeMB)).xml")
    let smallURL = directory.appendingPathComponent("roster-\(label(options.smallStreamMB)).xml")
    let coderURL = directory.appendingPathComponent("roster-\(label(options.coderMB)).xml")

    var generatedCounts: [URL: RosterCounts] = [:]
    var largeRoster = generator.roster(people: people(forMB: options.sizeMB - Double(frameworkBytes) / 1e6))
    try writer.write(.roster(largeRoster), to: largeURL)
    generatedCounts[largeURL] = RosterCounts(largeRoster)
    for (size, url) in [(options.smallStreamMB, smallURL), (options.coderMB, coderURL)] where url != largeURL {
        let roster = generator.roster(people: people(forMB: size))
        try writer.write(.roster(roster), to: url)
        generatedCounts[url] = RosterCounts(roster)
    }
    let generationSeconds = now() - generationStart
    let largeBytes = fileSize(largeURL)
    if fileSize(coderURL) >= 10_000_000 {
        throw UsageError("--coder-mb \(options.coderMB) gives a \(grouped(fileSize(coderURL)))-byte file; XMLCoder fails on Linux at 10,000,000 bytes and more, so choose less than 10")
    }

    print("Generated files (seed \(options.seed), written with XMLWriter.write(_:to:), in \(String(format: "%.1f", generationSeconds)) s) in \(directory.path)")
    var fileRows: [[String]] = [
        ["framework.xml", mb(frameworkBytes), grouped(try elementCount(frameworkURL)),
         { let c = FrameworkCounts(framework); return "\(c.domains) domains, \(c.competencies) competencies, \(c.descriptors) descriptors, \(c.positions) positions, \(c.modules) modules, \(c.rules) rules" }()]
    ]
    for url in [largeURL, smallURL, coderURL] where fileManager.fileExists(atPath: url.path) && !fileRows.contains(where: { $0[0] == url.lastPathComponent }) {
        let counts = generatedCounts[url] ?? RosterCounts()
        fileRows.append([
            url.lastPathComponent, mb(fileSize(url)), grouped(try elementCount(url)),
            "\(grouped(counts.people)) people, \(grouped(counts.assessments)) assessments, \(grouped(counts.certificates)) certificates (\(grouped(counts.covers)) covers), \(grouped(counts.completions)) completions, \(grouped(counts.attributes)) attributes, \(counts.units) units",
        ])
    }
    table(["file", "size", "elements", "content"], fileRows)
    print("  framework + \(largeURL.lastPathComponent): \(mb(frameworkBytes + largeBytes))")
    print("")

    var runner = Runner(executable: executable, xmllint: xmllint, gnuTime: gnuTime)

    // 1. Reading the large roster.
    var reads = [
        Measurement("xmllint --stream --noout  (C floor)", bytes: largeBytes),
        Measurement("(a) read(contentsOf:)  with SourceMap", bytes: largeBytes),
        Measurement("(b) read(contentsOf:)  recordLocations: false", bytes: largeBytes),
        Measurement("(c) streamRoster  (people not kept)", bytes: largeBytes),
    ]
    var readTasks: [(Task, Int)] = [(.child(.read, largeURL), 1), (.child(.readWithoutLocations, largeURL), 2), (.child(.stream, largeURL), 3)]
    if xmllint != nil { readTasks.insert((.xmllint(largeURL), 0), at: 0) }
    try runner.interleave(options.runs, readTasks, &reads)
    let floor = xmllint != nil ? reads[0].best : Double.nan

    print("Reading \(largeURL.lastPathComponent) (\(mb(largeBytes)))")
    table(
        ["reader", "best", "all runs (s)", "CPU", "MB/s", "peak RSS", "÷ xmllint", "then free"],
        reads.filter { !$0.seconds.isEmpty }.map { m in
            [m.label, seconds(m.best), m.allRuns, seconds(m.bestCPU), String(format: "%.1f", m.mbPerSecond), mib(m.peakRSSKiB),
             floor.isNaN ? "n/a" : times(m.best / floor), m.bestFree]
        })
    let expected = generatedCounts[largeURL]!
    var countsAgree = true
    for m in reads[1...] {
        if m.result?.roster != expected {
            countsAgree = false
            print("  COUNT MISMATCH in \(m.label): \(String(describing: m.result?.roster)) vs generated \(expected)")
        }
    }
    if countsAgree {
        print("  all three readers saw \(grouped(expected.people)) people and \(grouped(expected.assessments)) assessments, as generated")
    }
    if let entries = reads[1].result?.sourceMapEntries { print("  (a) recorded \(grouped(entries)) SourceMap entries; (b) recorded \(reads[2].result?.sourceMapEntries ?? 0)") }
    print("  best and all runs time the call alone (xmllint: its whole process); CPU is user + system time of the whole child process,")
    print("  start-up and freeing included; then free is the time to release what the call returned (the document), measured apart")
    print("")

    // 2. XMLCoder on a slice, the library on the same slice, and a framework.
    let coderBytes = fileSize(coderURL)
    var coder = [
        Measurement("XMLDecoder().decode(XRoster.self, …)  (XMLCoder)", bytes: coderBytes),
        Measurement("(a) read(contentsOf:)  with SourceMap", bytes: coderBytes),
        Measurement("xmllint --stream --noout", bytes: coderBytes),
    ]
    var coderTasks: [(Task, Int)] = [(.child(.xmlCoderRoster, coderURL), 0), (.child(.read, coderURL), 1)]
    if xmllint != nil { coderTasks.append((.xmllint(coderURL), 2)) }
    try runner.interleave(options.runs, coderTasks, &coder)

    print("XMLCoder, on \(coderURL.lastPathComponent) (\(mb(coderBytes))): a smaller file generated the same way, because XMLCoder")
    print("builds a whole tree of the document first; the comparison is by time on this same file, and by throughput (MB/s)")
    print("against the library on \(largeURL.lastPathComponent)")
    table(
        ["decoder", "best", "all runs (s)", "CPU", "MB/s", "peak RSS", "then free"],
        coder.filter { !$0.seconds.isEmpty }.map { m in
            [m.label, seconds(m.best), m.allRuns, seconds(m.bestCPU), String(format: "%.1f", m.mbPerSecond), mib(m.peakRSSKiB), m.bestFree]
        })
    let coderExpected = generatedCounts[coderURL]!
    let coderCounts = coder[0].result?.roster
    let coderAgrees = coderCounts == coderExpected && coder[1].result?.roster == coderExpected
    if coderAgrees {
        print("  XMLCoder and the library both saw \(grouped(coderExpected.people)) people, \(grouped(coderExpected.assessments)) assessments, \(grouped(coderExpected.certificates)) certificates, \(grouped(coderExpected.covers)) covers and \(grouped(coderExpected.completions)) completions")
    } else {
        print("  COUNT MISMATCH: XMLCoder \(String(describing: coderCounts)), library \(String(describing: coder[1].result?.roster)), generated \(coderExpected)")
    }
    let sameFileRatio = coder[0].best / coder[1].best
    let throughputRatio = reads[1].mbPerSecond / coder[0].mbPerSecond
    let sameFileCPURatio = coder[0].bestCPU / coder[1].bestCPU
    print("  library (a) is \(times(sameFileRatio)) faster on the same file (by CPU time \(times(sameFileCPURatio))); by throughput, (a) on \(largeURL.lastPathComponent) vs XMLCoder here: \(times(throughputRatio))")
    let coderRSSPerMB = Double(coder[0].peakRSSKiB ?? 0) / 1024 / (Double(coderBytes) / 1e6)
    if largeBytes >= 10_000_000 {
        print("  XMLCoder cannot read \(largeURL.lastPathComponent) at all on Linux: FoundationXML's XMLParser stops every document of")
        print("  10,000,000 bytes or more with NSXMLParserErrorDomain code 1 (libxml2's \"Huge input lookup\" limit)")
    }
    print(String(format: "  if it could, it would take about %.0f s and %.1f GiB for %@ (extrapolated linearly)",
                 coder[0].best * Double(largeBytes) / Double(coderBytes), coderRSSPerMB * Double(largeBytes) / 1e6 / 1024,
                 largeURL.lastPathComponent))

    var frameworkReads = [
        Measurement("XMLDecoder().decode(XFramework.self, …)  (XMLCoder)", bytes: frameworkBytes),
        Measurement("readFramework(contentsOf:)  with SourceMap", bytes: frameworkBytes),
    ]
    try runner.interleave(options.runs, [(.child(.xmlCoderFramework, frameworkURL), 0), (.child(.readFramework, frameworkURL), 1)], &frameworkReads)
    print("  framework.xml (\(mb(frameworkBytes))): XMLCoder \(seconds(frameworkReads[0].best)), library \(seconds(frameworkReads[1].best)) (\(times(frameworkReads[0].best / frameworkReads[1].best)))"
          + (frameworkReads[0].result?.framework == frameworkReads[1].result?.framework && frameworkReads[1].result?.framework == FrameworkCounts(framework)
             ? "; both saw the same counts of levels, domains, competencies, descriptors, positions, requirements, modules and rules"
             : "; FRAMEWORK COUNT MISMATCH"))
    print("")

    // 3. Writing the large roster (in this process: the document is already in memory).
    var writeToFile = Measurement("XMLWriter().write(_:to:)  streaming to file", bytes: largeBytes)
    var writeToData = Measurement("XMLWriter().write(_:) -> Data", bytes: largeBytes)
    let outputURL = directory.appendingPathComponent("written.xml")
    let document = CompetencyDocument.roster(largeRoster)
    largeRoster = Roster()
    var writeSizesAgree = true
    for _ in 0..<options.runs {
        if let others = Machine.otherRunnable() { runner.loadSamples.append(others) }
        var start = now()
        try writer.write(document, to: outputURL)
        writeToFile.seconds.append(now() - start)
        if fileSize(outputURL) != largeBytes { writeSizesAgree = false }
        try? fileManager.removeItem(at: outputURL)

        if let others = Machine.otherRunnable() { runner.loadSamples.append(others) }
        start = now()
        let data = writer.write(document)
        writeToData.seconds.append(now() - start)
        if data.count != largeBytes { writeSizesAgree = false }
    }
    print("Writing the same roster document (\(mb(largeBytes))), in the benchmark's own process")
    table(
        ["writer", "best", "all runs (s)", "MB/s", "÷ read (a)"],
        [writeToFile, writeToData].map { m in
            [m.label, seconds(m.best), m.allRuns, String(format: "%.1f", m.mbPerSecond), times(m.best / reads[1].best)]
        })
    print(writeSizesAgree ? "  each write produced the \(grouped(largeBytes)) bytes of the generated file" : "  WRITE SIZE MISMATCH")
    print("")

    // 4. Streaming memory at several sizes.
    var streams: [Measurement] = []
    var streamTasks: [(Task, Int)] = []
    for url in [coderURL, smallURL] where url != largeURL && !streamTasks.contains(where: { if case .child(_, let other) = $0.0 { other == url } else { false } }) {
        streams.append(Measurement(url.lastPathComponent, bytes: fileSize(url)))
        streamTasks.append((.child(.stream, url), streams.count - 1))
    }
    try runner.interleave(options.runs, streamTasks, &streams)
    var largeStream = reads[3]
    largeStream.label = largeURL.lastPathComponent
    streams.append(largeStream)
    streams.sort { $0.bytes < $1.bytes }
    print("Streaming memory: streamRoster peak RSS (whole child process) by file size")
    table(
        ["file", "size", "peak RSS", "people streamed"],
        streams.map { m in [m.label, mb(m.bytes), mib(m.peakRSSKiB), grouped(m.result?.roster?.people ?? 0)] })
    print("")

    // Goals.
    let streamLimitKiB = 64 * 1024
    print("Goals")
    if xmllint != nil {
        for (index, name) in [(1, "(a) with SourceMap"), (2, "(b) without locations"), (3, "(c) streamRoster")] {
            let ratio = reads[index].best / floor
            let cpuRatio = reads[index].bestCPU / reads[0].bestCPU
            print("  \(verdict(ratio <= 1.2))  reading \(name) ≤ 1.2× xmllint --stream: \(times(ratio)) (\(seconds(reads[index].best)) vs \(seconds(floor)); by CPU time \(times(cpuRatio)))")
        }
    } else {
        print("  n/a   reading ≤ 1.2× xmllint --stream: xmllint not installed")
    }
    print("  \(verdict(sameFileRatio >= 15 && coderAgrees))  reading (a) ≥ 15× faster than XMLCoder: \(times(sameFileRatio)) on \(coderURL.lastPathComponent) (by CPU time \(times(sameFileCPURatio)); by throughput against \(largeURL.lastPathComponent): \(times(throughputRatio)))")
    print("  \(verdict(writeToFile.mbPerSecond >= reads[1].mbPerSecond))  writing to a file at least as fast as reading (a): \(String(format: "%.1f", writeToFile.mbPerSecond)) vs \(String(format: "%.1f", reads[1].mbPerSecond)) MB/s")
    print("  \(verdict(writeToData.mbPerSecond >= reads[1].mbPerSecond))  writing to memory at least as fast as reading (a): \(String(format: "%.1f", writeToData.mbPerSecond)) vs \(String(format: "%.1f", reads[1].mbPerSecond)) MB/s")
    let worstStream = streams.compactMap(\.peakRSSKiB).max() ?? 0
    print("  \(verdict(worstStream < streamLimitKiB))  streamRoster peak RSS < 64 MiB at every size: " + streams.map { "\(mib($0.peakRSSKiB)) at \(mb($0.bytes))" }.joined(separator: ", "))
    print("")

    let samples = runner.loadSamples
    let meanOthers = samples.isEmpty ? 0 : Double(samples.reduce(0, +)) / Double(samples.count)
    // This benchmark keeps one core busy; the others are free for the rest of the machine.
    let spare = Double(max(1, Machine.cores - 1))
    print("  load       \(Machine.loadText()) at end (\(loadAtStart) at start); other runnable processes before each run: mean \(String(format: "%.2f", meanOthers)), max \(samples.max() ?? 0)")
    if meanOthers >= spare {
        print("  NOTE: the machine was busy during this run (other processes competed with it for the \(Machine.cores) cores): times are pessimistic; rerun when it is quieter")
    } else if meanOthers >= 0.25 {
        print("  NOTE: the machine was lightly loaded during this run (other processes ran beside it on the spare core(s) part of the time): times may be slightly pessimistic")
    } else {
        print("  the machine was quiet during this run")
    }
    print(String(format: "  total time %.0f s", now() - startedAt))
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("competency-benchmarks: \(error)\n".utf8))
    exit(1)
}
