// `competency-benchmarks tool`: every verb of the `competency` process, as a user runs it, on
// generated rosters of two shapes, side by side with `xmllint --stream` in the same run.
import CompetencyModel
import CompetencyXML
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let toolUsage = """
    usage: competency-benchmarks tool --competency PATH [options]

      --competency PATH    the `competency` executable to measure (a release build:
                           swift build -c release --product competency; .build/release/competency)
      --size-mb N          size of the large roster in MB (10^6 bytes); default 100
      --runs N             runs of each command, interleaved; the median is reported; default 3
      --generator G        sparse, dense or both; default both
      --verbs LIST         comma-separated subset of the verbs below (by their labels' first word); default all
      --no-growth          skip the growth check (the same verbs on a roster of 1/3.33 the people)
      --work-dir DIR       where to write the generated files and outputs (kept); default a temporary folder
      --seed N             generator seed; default 20260115

    Every command runs in its own process under GNU time (/usr/bin/time), which gives its wall time
    and its own peak RSS. Outputs go to regular files in the work folder (never to a device).
    """

/// One command line of the tool, by the label it is reported under.
struct ToolCommand {
    var label: String
    var arguments: [String]
    /// The output file the command writes with `-o`, removed before each run.
    var output: URL?
    /// Whether the row counts against the ≤ 1.5× target.
    var targeted = true
}

struct ToolRun {
    var seconds: [Double] = []
    var cpu: [Double] = []
    var rssKiB: [Int] = []
    var statuses: Set<Int32> = []
    /// Bytes of the output file after the last run.
    var outputBytes: Int?
    var median: Double {
        let sorted = seconds.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
    var peakRSSKiB: Int { rssKiB.max() ?? 0 }
    var medianCPU: Double {
        let sorted = cpu.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
}

struct ToolOptions {
    var competency = ""
    var sizeMB = 100.0
    var runs = 3
    var generators: [Bool] = [false, true]
    var verbs: Set<String>?
    var growth = true
    var workDir: String?
    var seed: UInt64 = 20_260_115

    init(_ arguments: [String]) throws {
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw UsageError("\(name) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--competency": competency = try value(argument)
            case "--size-mb":
                guard let size = Double(try value(argument)), size > 0 else { throw UsageError("--size-mb needs a positive number") }
                sizeMB = size
            case "--runs":
                guard let runs = Int(try value(argument)), runs > 0 else { throw UsageError("--runs needs a positive whole number") }
                self.runs = runs
            case "--generator":
                switch try value(argument) {
                case "sparse": generators = [false]
                case "dense": generators = [true]
                case "both": generators = [false, true]
                case let other: throw UsageError("--generator takes sparse, dense or both, not '\(other)'")
                }
            case "--verbs": verbs = Set(try value(argument).split(separator: ",").map(String.init))
            case "--no-growth": growth = false
            case "--work-dir": workDir = try value(argument)
            case "--seed":
                guard let seed = UInt64(try value(argument)) else { throw UsageError("--seed needs a whole number") }
                self.seed = seed
            case "--help", "-h":
                print(toolUsage)
                exit(0)
            default: throw UsageError("unknown option '\(argument)'\n\n\(toolUsage)")
            }
            index += 1
        }
        guard !competency.isEmpty else { throw UsageError("--competency PATH is required\n\n\(toolUsage)") }
        guard FileManager.default.isExecutableFile(atPath: competency) else {
            throw UsageError("\(competency) is not an executable; build it with `swift build -c release --product competency`")
        }
    }
}

/// Runs `arguments` under GNU time and returns its wall time and peak RSS.
func timed(_ gnuTime: String, _ arguments: [String], report: URL) throws -> (seconds: Double, cpu: Double, rssKiB: Int, status: Int32) {
    let outcome = try spawn(gnuTime, ["-f", "%e %M", "-o", report.path] + arguments)
    let text = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
    // GNU time's last line is ours; earlier lines say "Command exited with non-zero status".
    let fields = text.split(separator: "\n").last?.split(separator: " ") ?? []
    let rss = fields.count == 2 ? Int(fields[1]) ?? 0 : 0
    return (outcome.wallSeconds, outcome.cpuSeconds, rss, outcome.status)
}

func runToolBenchmark(_ arguments: [String]) throws {
    let options = try ToolOptions(arguments)
    guard let xmllint = which("xmllint") else {
        throw UsageError("xmllint is needed for the floor: apt-get install -y libxml2-utils")
    }
    let gnuTime = "/usr/bin/time"
    guard FileManager.default.isExecutableFile(atPath: gnuTime) else {
        throw UsageError("GNU time is needed for each process's peak memory: apt-get install -y time")
    }
    let fileManager = FileManager.default
    let directory = URL(
        fileURLWithPath: options.workDir ?? fileManager.temporaryDirectory.appendingPathComponent("competency-tool-bench-\(getpid())").path,
        isDirectory: true)
    try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { if options.workDir == nil { try? fileManager.removeItem(at: directory) } }
    let report = directory.appendingPathComponent("time.txt")
    let started = now()

    print("CompetencyKit tool benchmarks: the `competency` process, as a user runs it")
    print("  machine    \(Machine.cores) cores (\(Machine.cpuModel)), \(String(format: "%.1f", Machine.memoryGiB)) GiB memory, \(Machine.system)")
    print("  tool       \(options.competency)")
    print("  load       \(Machine.loadText()) (1, 5, 15 min) at start")
    print("  method     median of \(options.runs) interleaved runs, each a fresh process under GNU time (wall time, own peak RSS);")
    print("             CPU is the process's user + system time (wait4), which other load on the machine inflates less than wall time")
    print("")

    var verdicts: [String] = []
    for dense in options.generators {
        let shape = dense ? "dense" : "sparse"
        let generator = Generator(seed: options.seed, dense: dense)
        let writer = XMLWriter()
        let framework = generator.framework()
        let frameworkURL = directory.appendingPathComponent("framework-\(shape).xml")
        try writer.write(.framework(framework), to: frameworkURL)
        let header = writer.write(generator.roster(people: 0)).count
        let perPerson = Double(writer.write(generator.roster(people: 2000)).count - header) / 2000
        let largePeople = max(1, Int((options.sizeMB * 1e6 - Double(header)) / perPerson))
        let smallPeople = Int(Double(largePeople) / 3.33)
        var rosters: [(people: Int, url: URL)] = [(largePeople, directory.appendingPathComponent("roster-\(shape)-large.xml"))]
        if options.growth { rosters.append((smallPeople, directory.appendingPathComponent("roster-\(shape)-small.xml"))) }
        for (people, url) in rosters {
            // Written in slices of people, so that generating stays within memory at any size.
            try writeRoster(generator, people: people, to: url)
        }
        print("\(shape) shape: \(FrameworkCounts(framework).positions) positions, \(FrameworkCounts(framework).modules) modules; "
            + rosters.map { "\(grouped($0.people)) people in \($0.url.lastPathComponent) (\(mb(fileSize($0.url))))" }.joined(separator: ", "))

        func commands(_ roster: URL) -> [ToolCommand] {
            let f = frameworkURL.path
            let r = roster.path
            func out(_ name: String) -> URL { directory.appendingPathComponent("out-\(shape)-\(name)") }
            var list = [
                ToolCommand(label: "xmllint --stream --noout", arguments: [xmllint, "--stream", "--noout", r], targeted: false),
                ToolCommand(label: "show ROSTER", arguments: [options.competency, "show", r]),
                ToolCommand(label: "validate ROSTER --framework F", arguments: [options.competency, "validate", r, "--framework", f]),
            ]
            for format in ["text", "json", "csv", "xml"] {
                let o = out("plan.\(format)")
                list.append(
                    ToolCommand(
                        label: "plan --format \(format) -o FILE",
                        arguments: [options.competency, "plan", "--framework", f, "--roster", r, "--format", format, "-o", o.path], output: o))
            }
            for format in ["text", "json", "csv", "html"] {
                let o = out("coverage.\(format)")
                list.append(
                    ToolCommand(
                        label: "coverage --format \(format) -o FILE",
                        arguments: [options.competency, "coverage", "--framework", f, "--roster", r, "--format", format, "-o", o.path],
                        output: o))
            }
            for format in ["xml", "json", "csv"] {
                let o = out("convert.\(format)")
                list.append(
                    ToolCommand(
                        label: "convert ROSTER --to \(format) -o FILE", arguments: [options.competency, "convert", r, "--to", format, "-o", o.path],
                        output: o))
            }
            if let verbs = options.verbs {
                list = list.filter { $0.label.hasPrefix("xmllint") || verbs.contains(String($0.label.split(separator: " ")[0])) }
            }
            return list
        }

        var results: [[ToolRun]] = []
        for (_, url) in rosters {
            let list = commands(url)
            var runs = [ToolRun](repeating: ToolRun(), count: list.count)
            for _ in 0..<options.runs {
                for (slot, command) in list.enumerated() {
                    if let output = command.output { try? fileManager.removeItem(at: output) }
                    let outcome = try timed(gnuTime, command.arguments, report: report)
                    runs[slot].seconds.append(outcome.seconds)
                    runs[slot].cpu.append(outcome.cpu)
                    runs[slot].rssKiB.append(outcome.rssKiB)
                    runs[slot].statuses.insert(outcome.status)
                    if let output = command.output { runs[slot].outputBytes = fileSize(output) }
                }
            }
            results.append(runs)
        }
        let list = commands(rosters[0].url)
        let large = results[0]
        let floor = large[0].median
        var rows: [[String]] = []
        for (slot, command) in list.enumerated() {
            let run = large[slot]
            let ratio = run.median / floor
            let growth = results.count > 1 ? run.median / results[1][slot].median : .nan
            let statuses = run.statuses.sorted().map(String.init).joined(separator: ",")
            var verdict = ""
            // A verb that refused its input measured nothing: say so instead of a verdict.
            let refused = run.statuses.contains { $0 != 0 && !(command.label.hasPrefix("validate") && $0 == 1) }
            if command.targeted && refused {
                verdict = "FAILED"
                verdicts.append("  \(shape) \(command.label): FAILED (exit \(statuses))")
            } else if command.targeted {
                let timePass = ratio <= 1.5
                let rssPass = run.peakRSSKiB <= 100 * 1024
                let growthPass = growth.isNaN || growth <= 3.5
                verdict = [timePass ? "PASS" : "MISS", rssPass ? "PASS" : "MISS", growth.isNaN ? "" : growthPass ? "PASS" : "MISS"]
                    .filter { !$0.isEmpty }.joined(separator: " ")
                verdicts.append("  \(shape) \(command.label): \(timePass ? "PASS" : "MISS") \(times(ratio)) (≤ 1.5×), "
                    + "\(rssPass ? "PASS" : "MISS") \(mib(run.peakRSSKiB)) (≤ 100 MB)"
                    + (growth.isNaN ? "" : ", \(growthPass ? "PASS" : "MISS") growth \(times(growth)) (≤ 3.50×)"))
            }
            rows.append([
                command.label, seconds(run.median), run.seconds.map { String(format: "%.2f", $0) }.joined(separator: " "),
                seconds(run.medianCPU), times(ratio),
                mib(run.peakRSSKiB), growth.isNaN ? "" : times(growth), statuses,
                run.outputBytes.map(mb) ?? "", verdict,
            ])
        }
        table(["command (\(shape), \(mb(fileSize(rosters[0].url))))", "median", "runs (s)", "CPU", "÷ xmllint", "peak RSS", "growth", "exit", "output", "time RSS growth"], rows)
        print("  growth: median time on \(grouped(largePeople)) people ÷ median time on \(grouped(smallPeople)) people (3.33× the people)")
        print("")
    }
    print("Targets (national-scale issue)")
    for line in verdicts { print(line) }
    print("")
    print("  load       \(Machine.loadText()) at end")
    print(String(format: "  total time %.0f s", now() - started))
}

/// Writes a roster of `people` generated people, in slices, so that memory stays bounded.
func writeRoster(_ generator: Generator, people: Int, to url: URL) throws {
    let writer = XMLWriter()
    let empty = String(decoding: writer.write(generator.roster(people: 0)), as: UTF8.self)
    // The empty roster ends with its units and the closing tag: people go before `</roster>`.
    guard let close = empty.range(of: "</roster>", options: .backwards) else { throw UsageError("unexpected roster shape") }
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw UsageError("cannot create \(url.path)") }
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    try handle.write(contentsOf: Data(empty[..<close.lowerBound].utf8))
    var start = 1
    while start <= people {
        let end = min(people, start + 9_999)
        var slice = generator.roster(people: 0)
        slice.people = (start...end).map { generator.person($0) }
        slice.units = []
        let text = String(decoding: writer.write(slice), as: UTF8.self)
        // Keep only the people of this slice: from the first <person to the closing tag.
        guard let first = text.range(of: "<person"), let last = text.range(of: "</roster>", options: .backwards) else {
            throw UsageError("unexpected roster slice shape")
        }
        var from = first.lowerBound
        while from > text.startIndex, text[text.index(before: from)] == " " { from = text.index(before: from) }
        try handle.write(contentsOf: Data(text[from..<last.lowerBound].utf8))
        start = end + 1
    }
    try handle.write(contentsOf: Data(empty[close.lowerBound...].utf8))
}
