import CompetencyModel
import CompetencyXML
import Foundation
import XMLCoder

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a roster holds, to check that two readers saw the same document.
struct RosterCounts: Codable, Equatable {
    var people = 0
    var names = 0
    var attributes = 0
    var assessments = 0
    var certificates = 0
    var covers = 0
    var completions = 0
    var units = 0

    mutating func add(_ person: Person) {
        people += 1
        names += person.name.variants.count
        attributes += person.attributes.count
        assessments += person.assessments.count
        certificates += person.certificates.count
        covers += person.certificates.reduce(0) { $0 + $1.covers.count }
        completions += person.completions.count
    }

    init() {}

    init(_ roster: Roster) {
        for person in roster.people { add(person) }
        units = Self.units(roster.units)
    }

    init(_ roster: XRoster) {
        for person in roster.person {
            people += 1
            names += person.name.count
            attributes += person.attribute.count
            assessments += person.assessment.count
            certificates += person.certificate.count
            covers += person.certificate.reduce(0) { $0 + $1.covers.count }
            completions += person.completion.count
        }
        func count(_ units: [XUnit]) -> Int { units.reduce(0) { $0 + 1 + count($1.unit) } }
        units = count(roster.unit)
    }

    static func units(_ units: [OrgUnit]) -> Int { units.reduce(0) { $0 + 1 + Self.units($1.units) } }
}

struct FrameworkCounts: Codable, Equatable {
    var levels = 0
    var domains = 0
    var competencies = 0
    var descriptors = 0
    var positions = 0
    var requirements = 0
    var modules = 0
    var rules = 0

    init(_ framework: Framework) {
        levels = framework.scales.reduce(0) { $0 + $1.levels.count }
        domains = framework.domains.count
        func walk(_ list: [Competency]) {
            for competency in list {
                competencies += 1
                descriptors += competency.descriptors.count
                walk(competency.children)
            }
        }
        for domain in framework.domains { walk(domain.competencies) }
        positions = framework.positions.count
        requirements =
            framework.positions.reduce(0) { $0 + $1.requirements.count } + framework.rules.reduce(0) { $0 + $1.requirements.count }
        modules = framework.modules.count
        rules = framework.rules.count
    }

    init(_ framework: XFramework) {
        levels = framework.scale.reduce(0) { $0 + $1.level.count }
        domains = framework.domain.count
        for domain in framework.domain {
            competencies += domain.competency.reduce(0) { $0 + $1.count }
            descriptors += domain.competency.reduce(0) { $0 + $1.descriptorCount }
        }
        positions = framework.position.count
        requirements =
            framework.position.reduce(0) { $0 + $1.requirement.count } + framework.rule.reduce(0) { $0 + $1.requirement.count }
        modules = framework.module.count
        rules = framework.rule.count
    }
}

/// What a child process reports, as one line of JSON on its standard output.
struct ChildResult: Codable {
    var seconds: Double
    var roster: RosterCounts?
    var framework: FrameworkCounts?
    var sourceMapEntries: Int?
    var warnings: Int?
    var peakRSSKiB: Int
    /// How long releasing what was read took, after the timed call.
    var freeSeconds: Double?
}

/// Holds what a child read, so that it lives until ``timeRelease(_:)`` lets it go (the
/// optimizer may otherwise end a local value's lifetime at its last use).
final class Held<T> {
    var value: T?
    init(_ value: T) { self.value = value }
}

/// Measures how long releasing the held value takes.
@inline(never)
func timeRelease<T>(_ held: Held<T>) -> Double {
    let start = now()
    held.value = nil
    return now() - start
}

/// The measurements that each run in a fresh process.
enum ChildMode: String, CaseIterable {
    case read = "read"
    case readWithoutLocations = "read-no-locations"
    case stream = "stream"
    case xmlCoderRoster = "xmlcoder-roster"
    case readFramework = "read-framework"
    case xmlCoderFramework = "xmlcoder-framework"
}

/// The hidden subcommand: `competency-benchmarks __child MODE FILE`. Runs one measurement,
/// then times the release of what it read separately, prints its result and exits.
func runChild(_ arguments: [String]) -> Never {
    guard arguments.count == 2, let mode = ChildMode(rawValue: arguments[0]) else {
        FileHandle.standardError.write(Data("usage: competency-benchmarks __child MODE FILE\n".utf8))
        exit(2)
    }
    let url = URL(fileURLWithPath: arguments[1])
    do {
        var result: ChildResult
        switch mode {
        case .read, .readWithoutLocations:
            let reader = XMLReader(options: .init(recordLocations: mode == .read))
            let start = now()
            let parsed = Held(try reader.read(contentsOf: url))
            let seconds = now() - start
            guard let read = parsed.value, case .roster(let roster) = read.value else { throw ChildFailure("not a roster") }
            result = ChildResult(
                seconds: seconds, roster: RosterCounts(roster), sourceMapEntries: read.sourceMap.entries.count,
                warnings: read.diagnostics.count, peakRSSKiB: 0)
            result.freeSeconds = timeRelease(parsed)
        case .stream:
            final class Tally: @unchecked Sendable { var counts = RosterCounts() }
            let tally = Tally()
            let start = now()
            let parsed = try XMLReader().streamRoster(contentsOf: url) { person, _ in
                tally.counts.add(person)
                return true
            }
            let seconds = now() - start
            tally.counts.units = RosterCounts.units(parsed.value.units)
            result = ChildResult(
                seconds: seconds, roster: tally.counts, sourceMapEntries: parsed.sourceMap.entries.count,
                warnings: parsed.diagnostics.count, peakRSSKiB: 0)
        case .xmlCoderRoster:
            let start = now()
            let data = try Data(contentsOf: url)
            let decoder = XMLDecoder()
            decoder.shouldProcessNamespaces = false
            let roster = Held(try decoder.decode(XRoster.self, from: data))
            let seconds = now() - start
            result = ChildResult(seconds: seconds, roster: roster.value.map(RosterCounts.init), peakRSSKiB: 0)
            result.freeSeconds = timeRelease(roster)
        case .readFramework:
            let start = now()
            let parsed = try XMLReader().readFramework(contentsOf: url)
            let seconds = now() - start
            result = ChildResult(
                seconds: seconds, framework: FrameworkCounts(parsed.value), sourceMapEntries: parsed.sourceMap.entries.count,
                warnings: parsed.diagnostics.count, peakRSSKiB: 0)
        case .xmlCoderFramework:
            let start = now()
            let data = try Data(contentsOf: url)
            let decoder = XMLDecoder()
            decoder.shouldProcessNamespaces = false
            let framework = try decoder.decode(XFramework.self, from: data)
            let seconds = now() - start
            result = ChildResult(seconds: seconds, framework: FrameworkCounts(framework), peakRSSKiB: 0)
        }
        result.peakRSSKiB = Machine.peakRSSKiB()
        let line = try JSONEncoder().encode(result)
        FileHandle.standardOutput.write(line + Data("\n".utf8))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("child \(mode.rawValue) failed: \(error)\n".utf8))
        exit(1)
    }
}

struct ChildFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
