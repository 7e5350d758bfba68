// Benchmarks of planning (CompetencyAssignment) against the bundled framework, with generated
// people. See Documentation/Performance.md, section "Assignment".
//
//     swift run -c release --package-path Benchmarks assignment-benchmarks [--people N] [--size-mb MB] [--runs R] [--seed S]
//     assignment-benchmarks profile [--people N] [--passes P]   # single-core planning only, for perf/callgrind
import CompetencyAssignment
import CompetencyModel
import CompetencyXML
import Foundation

struct Settings: Sendable {
    var people = 250_000
    var sizeMB = 100
    var runs = 3
    var seed: UInt64 = 20_260_115
    var passes = 3
    var framework: String?
    var memo = Assigner.Options().memoCapacity
    var directory = NSTemporaryDirectory()
}

func usage() -> Never {
    print(
        """
        usage: assignment-benchmarks [--people N] [--size-mb MB] [--runs R] [--seed S] [--framework F] [--dir D] [--memo N]
               assignment-benchmarks profile [--people N] [--passes P]
        """)
    exit(2)
}

func parse() -> (mode: String, settings: Settings, hidden: [String]) {
var arguments = Array(CommandLine.arguments.dropFirst())
var mode = "all"
if let first = arguments.first, !first.hasPrefix("-") { mode = arguments.removeFirst() }
var settings = Settings()
var hiddenArguments: [String] = []
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { usage() }
        return arguments.removeFirst()
    }
    switch flag {
    case "--people": settings.people = Int(value()) ?? settings.people
    case "--size-mb": settings.sizeMB = Int(value()) ?? settings.sizeMB
    case "--runs": settings.runs = max(1, Int(value()) ?? settings.runs)
    case "--seed": settings.seed = UInt64(value()) ?? settings.seed
    case "--passes": settings.passes = max(1, Int(value()) ?? settings.passes)
    case "--framework": settings.framework = value()
    case "--memo": settings.memo = Int(value()) ?? settings.memo
    case "--dir": settings.directory = value()
    case "-h", "--help": usage()
    default:
        if mode.hasPrefix("__") { hiddenArguments.append(flag) } else { usage() }
    }
}
return (mode, settings, hiddenArguments)
}
let (mode, settings, hiddenArguments) = parse()

// MARK: Inputs

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let frameworkURL = settings.framework.map { URL(fileURLWithPath: $0) }
    ?? root.appendingPathComponent("Fixtures/sample/framework.xml")
let sampleRosterURL = root.appendingPathComponent("Fixtures/sample/roster.xml")

func load() -> (Framework, [OrgUnit], ISODate) {
    do {
        let framework = try XMLReader().readFramework(contentsOf: frameworkURL).value
        let sample = try XMLReader().readRoster(contentsOf: sampleRosterURL).value
        return (framework, sample.units, sample.asOf ?? ISODate(year: 2026, month: 1, day: 15)!)
    } catch {
        FileHandle.standardError.write(Data("cannot read the bundled sample: \(error)\n".utf8))
        exit(2)
    }
}

let (framework, units, asOf) = load()
let generator = PeopleGenerator(framework: framework, units: units, seed: settings.seed)
let assigner = Assigner(
    framework: FrameworkIndex(framework), units: UnitTree(units: units), asOf: asOf,
    options: .init(memoCapacity: settings.memo))

// MARK: Measuring

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func seconds(_ start: UInt64) -> Double { Double(now() - start) / 1e9 }

/// The best (smallest) of `runs` timings of `body`.
func best(_ runs: Int, _ body: () -> Void) -> Double {
    var result = Double.infinity
    for _ in 0..<runs {
        let start = now()
        body()
        result = min(result, seconds(start))
    }
    return result
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "n/a"
}

func peakRSSKiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}

func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

func grouped(_ value: Int) -> String {
    let digits = String(value)
    var result = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return result
}

/// Folds plans into a number, so that nothing is optimised away and runs can be compared.
struct Checksum {
    var people = 0
    var assignments = 0
    var statuses = [Int](repeating: 0, count: 4)
    var hash: UInt64 = 0

    mutating func add(_ plan: PersonPlan) {
        people += 1
        assignments += plan.assignments.count
        statuses[PersonPlan.Status.allCases.firstIndex(of: plan.status) ?? 0] += 1
        hash = hash &* 31 &+ UInt64(plan.assignments.count &* 7 &+ plan.needs.count &+ plan.unmet.count &* 131)
    }
}

// MARK: The roster file

/// Writes a roster of generated people of about `megabytes` MB (once; reused while the seed and
/// size match). Returns its URL and number of people.
func rosterFile(megabytes: Int) -> (URL, Int) {
    let url = URL(fileURLWithPath: settings.directory)
        .appendingPathComponent("assignment-bench-\(settings.seed)-\(megabytes)mb.xml")
    let countURL = url.appendingPathExtension("count")
    if let text = try? String(contentsOf: countURL, encoding: .utf8), let count = Int(text),
        FileManager.default.fileExists(atPath: url.path)
    {
        return (url, count)
    }
    let writer = XMLWriter()
    let header = String(decoding: writer.write(Roster(framework: framework.id, asOf: asOf, language: "en", units: units)), as: UTF8.self)
    guard let close = header.range(of: "</roster>", options: .backwards) else { fatalError("no </roster>") }
    FileManager.default.createFile(atPath: url.path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: url.path) else { fatalError("cannot write \(url.path)") }
    handle.write(Data(header[..<close.lowerBound].utf8))
    var written = header.utf8.count
    var count = 0
    let target = megabytes * 1_000_000
    while written < target {
        let chunk = generator.people(count..<(count + 2_000))
        let text = String(decoding: writer.write(Roster(people: chunk)), as: UTF8.self)
        guard let first = text.range(of: "<person "), let last = text.range(of: "</person>", options: .backwards) else {
            fatalError("no people written")
        }
        let lineStart = text[..<first.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? first.lowerBound
        let body = text[lineStart..<last.upperBound] + "\n"
        handle.write(Data(body.utf8))
        written += body.utf8.count
        count += chunk.count
    }
    handle.write(Data("</roster>\n".utf8))
    try? handle.close()
    try? String(count).write(to: countURL, atomically: true, encoding: .utf8)
    return (url, count)
}

func streamRead(_ url: URL) -> Int {
    var count = 0
    do {
        _ = try XMLReader().streamRoster(contentsOf: url) { _, _ in
            count += 1
            return true
        }
    } catch {
        fatalError("\(error)")
    }
    return count
}

func streamPlan(_ url: URL) -> Checksum {
    var checksum = Checksum()
    var session = AssignmentSession(assigner: assigner)
    do {
        _ = try XMLReader().streamRoster(contentsOf: url) { person, _ in
            checksum.add(session.plan(person))
            return true
        }
    } catch {
        fatalError("\(error)")
    }
    return checksum
}

/// A bounded hand-over of batches of people from the reading thread to a planning thread.
final class BatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[Person]] = []
    private var finished = false
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ batch: [Person]) {
        condition.lock()
        while batches.count >= capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func take() -> [Person]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}

final class ChecksumBox: @unchecked Sendable { var value = Checksum() }

/// Reads on this thread and plans on another: batches of 1,000 people, at most 8 in flight,
/// so memory stays bounded whatever the size of the file.
func streamPlanPipelined(_ url: URL) -> Checksum {
    let queue = BatchQueue(capacity: 8)
    let box = ChecksumBox()
    let done = DispatchSemaphore(value: 0)
    let planner = Thread { [assigner] in
        var session = AssignmentSession(assigner: assigner)
        while let batch = queue.take() {
            for person in batch { box.value.add(session.plan(person)) }
        }
        done.signal()
    }
    planner.stackSize = 1 << 22
    planner.start()
    var batch: [Person] = []
    batch.reserveCapacity(1_000)
    do {
        _ = try XMLReader().streamRoster(contentsOf: url) { person, _ in
            batch.append(person)
            if batch.count == 1_000 {
                queue.put(batch)
                batch.removeAll(keepingCapacity: true)
            }
            return true
        }
    } catch {
        fatalError("\(error)")
    }
    if !batch.isEmpty { queue.put(batch) }
    queue.finish()
    done.wait()
    return box.value
}

// MARK: Modes

switch mode {
case "__peak-rss":
    // Run in a child process: streams the file and prints VmHWM in KiB.
    guard hiddenArguments.count == 2 else { usage() }
    let url = URL(fileURLWithPath: hiddenArguments[1])
    switch hiddenArguments[0] {
    case "generated":
        // Plans N generated people one at a time, never holding more than one.
        var session = AssignmentSession(assigner: assigner)
        var checksum = Checksum()
        for n in 0..<(Int(hiddenArguments[1]) ?? 0) { checksum.add(session.plan(generator.person(n))) }
    case "read": _ = streamRead(url)
    case "pipelined": _ = streamPlanPipelined(url)
    default: _ = streamPlan(url)
    }
    print(peakRSSKiB() ?? -1)
    exit(0)

case "profile":
    let people = generator.people(0..<settings.people)
    var checksum = Checksum()
    let time = best(settings.passes) {
        checksum = Checksum()
        for plan in assigner.plans(for: people) { checksum.add(plan) }
    }
    var session = AssignmentSession(
        assigner: Assigner(
            framework: assigner.index, units: assigner.units, asOf: asOf, options: .init(memoCapacity: 100_000_000)))
    for person in people { _ = session.plan(person) }
    print("memo after one pass: \(session.memoStatistics)")
    print("planned \(grouped(people.count)) people: best \(format(time, 3)) s, \(grouped(Int(Double(people.count) / time))) people/s; statuses \(checksum.statuses), hash \(checksum.hash)")
    exit(0)

case "profile2":
    // Two tasks through `plans(for:concurrency:)`, for perf.
    let people = generator.people(0..<settings.people)
    final class Box: @unchecked Sendable { var plans: [PersonPlan] = [] }
    let box = Box()
    let time = best(settings.passes) {
        let semaphore = DispatchSemaphore(value: 0)
        Task.detached {
            box.plans = await assigner.plans(for: people, concurrency: 2)
            semaphore.signal()
        }
        semaphore.wait()
    }
    print("planned \(grouped(people.count)) people on 2 tasks: best \(format(time, 3)) s")
    exit(0)

case "all":
    break

default:
    usage()
}

func childPeakRSS(_ what: String, _ argument: String) -> Int? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = [
        "__peak-rss", what, argument, "--framework", frameworkURL.path, "--seed", String(settings.seed),
        "--memo", String(settings.memo),
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

print("CompetencyKit assignment benchmarks")
print("framework: \(frameworkURL.lastPathComponent) (\(framework.id)); as of \(asOf); seed \(settings.seed); memo capacity \(grouped(settings.memo)); best of \(settings.runs) runs")
print("cores: \(ProcessInfo.processInfo.activeProcessorCount); load average at start: \(loadAverage()) (a shared machine: other work competes for the cores)")
print("")

// 1. Throughput on an array of generated people. Only planning is timed; the checksum is
// taken afterwards. CPU time (both threads) is measured too: on a busy machine the wall-clock
// speed-up also depends on what else runs.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}
let people = generator.people(0..<settings.people)
var singlePlans: [PersonPlan] = []
var singleCPU = Double.infinity
let singleTime = best(settings.runs) {
    let cpu = cpuSeconds()
    singlePlans = assigner.plans(for: people)
    singleCPU = min(singleCPU, cpuSeconds() - cpu)
}
var single = Checksum()
for plan in singlePlans { single.add(plan) }
singlePlans = []
final class ResultBox: @unchecked Sendable { var plans: [PersonPlan] = [] }
let box = ResultBox()
var doubleCPU = Double.infinity
let doubleTime = best(settings.runs) {
    let semaphore = DispatchSemaphore(value: 0)
    let cpu = cpuSeconds()
    Task.detached {
        box.plans = await assigner.plans(for: people, concurrency: 2)
        semaphore.signal()
    }
    semaphore.wait()
    doubleCPU = min(doubleCPU, cpuSeconds() - cpu)
}
var double = Checksum()
for plan in box.plans { double.add(plan) }
box.plans = []
let singleRate = Double(people.count) / singleTime
let doubleRate = Double(people.count) / doubleTime
let speedup = singleTime / doubleTime
print("planning \(grouped(people.count)) generated people (array API, memo per task):")
print("  statuses compliant/needs-training/exempt/unsatisfiable: \(single.statuses.map(String.init).joined(separator: "/")); \(grouped(single.assignments)) assignments")
print("  1 core : \(format(singleTime, 3)) s, \(grouped(Int(singleRate))) people/s")
print("  2 cores: \(format(doubleTime, 3)) s, \(grouped(Int(doubleRate))) people/s (×\(format(speedup)))")
print("  CPU time: 1 core \(format(singleCPU, 3)) s, 2 cores \(format(doubleCPU, 3)) s (×\(format(doubleCPU / singleCPU)) the work)")
if single.hash != double.hash { print("  ERROR: one and two cores gave different plans") }
print("")

// 2. End to end on a roster file.
let (url, fileCount) = rosterFile(megabytes: settings.sizeMB)
let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
var readCount = 0
let readTime = best(settings.runs) { readCount = streamRead(url) }
var streamed = Checksum()
let planTime = best(settings.runs) { streamed = streamPlan(url) }
var pipelined = Checksum()
let pipelinedTime = best(settings.runs) { pipelined = streamPlanPipelined(url) }
let sequentialRatio = planTime / readTime
let ratio = pipelinedTime / readTime
print("roster file: \(url.path), \(format(Double(size) / 1e6, 1)) MB, \(grouped(fileCount)) people")
print("  stream read only                     : \(format(readTime, 3)) s (\(grouped(readCount)) people)")
print("  read and plan, one thread            : \(format(planTime, 3)) s (\(grouped(streamed.people)) plans, ×\(format(sequentialRatio)) the read)")
print("  read and plan, planning on 2nd thread: \(format(pipelinedTime, 3)) s (\(grouped(pipelined.people)) plans, ×\(format(ratio)) the read)")
if pipelined.hash != streamed.hash { print("  ERROR: pipelined and sequential plans differ") }

// 3. Peak memory of streaming, in child processes.
let readRSS = childPeakRSS("read", url.path)
let planRSS = childPeakRSS("plan", url.path)
let pipelinedRSS = childPeakRSS("pipelined", url.path)
let generatedCount = 2_000_000
let generatedRSS = childPeakRSS("generated", String(generatedCount))
func mib(_ kib: Int?) -> String { kib.map { format(Double($0) / 1024, 1) + " MiB" } ?? "n/a" }
print("  peak RSS, read only   : \(mib(readRSS))")
print("  peak RSS, read and plan (one thread): \(mib(planRSS))")
print("  peak RSS, read and plan (pipelined) : \(mib(pipelinedRSS))")
print("  peak RSS, planning \(grouped(generatedCount)) generated people one by one (memo filled and cleared): \(mib(generatedRSS))")
print("")

func verdict(_ ok: Bool) -> String { ok ? "PASS" : "MISS" }
print("goals:")
print("  \(verdict(doubleRate >= 1_000_000)) ≥ 1,000,000 people planned per second on 2 cores: \(grouped(Int(doubleRate)))")
print("  \(verdict(ratio <= 1.3)) 100 MB roster planned end to end in ≤ 1.3× its read time: ×\(format(ratio)) (planning on a second thread; ×\(format(sequentialRatio)) on one)")
let worstRSS = max(planRSS ?? Int.max, pipelinedRSS ?? Int.max, generatedRSS ?? Int.max)
print("  \(verdict(worstRSS < 100 * 1024)) peak memory < 100 MB while streaming plans: \(mib(worstRSS))")
print("  \(verdict(speedup >= 1.7)) 1 → 2 cores ≥ ×1.7: ×\(format(speedup))")
print("load average at end: \(loadAverage())")
