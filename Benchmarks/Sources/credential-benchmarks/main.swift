// Issuing Open Badges 3.0 credentials for many people: credentials per second with EdDSA and
// RS256, and the peak resident memory, the way `competency credentials` issues them (batches
// of 256 people, each batch spread over every core, output written in order).
//
//     swift run -c release --package-path Benchmarks credential-benchmarks [--people 100000] [--rsa-people 10000]
//
// The people are the bundled sample roster's 323, repeated with new IDs and national IDs, made
// one at a time (never all held). Each credential's compact JWS is counted, then dropped.
import CompetencyCredentials
import CompetencyModel
import CompetencyXML
import Crypto
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

func option(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    else { return fallback }
    return value
}

func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Fixtures")
    .standardized
guard
    case .framework(let framework) = try XMLReader().read(contentsOf: fixtures.appendingPathComponent("sample/framework.xml")).value,
    case .roster(let roster) = try XMLReader().read(contentsOf: fixtures.appendingPathComponent("sample/roster.xml")).value,
    let asOf = roster.asOf,
    let issuerData = FileManager.default.contents(atPath: fixtures.appendingPathComponent("credentials/issuer.json").path)
else {
    print("cannot read the bundled sample from \(fixtures.path)")
    exit(2)
}
let profile = try IssuerProfile(json: try JSON.parse(issuerData))
let template = roster.people

/// Person `index`: a sample person under a new ID and national ID.
func person(_ index: Int) -> Person {
    var person = template[index % template.count]
    person.id = Person.ID("b\(index)")
    person.attributes = person.attributes.filter { $0.name != "national-id" }
        + [PersonAttribute(name: "national-id", value: String(format: "%012d", 100_000_000_000 &+ index * 7919))]
    return person
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var credentials = 0
    private(set) var bytes = 0
    func add(_ credentials: Int, _ bytes: Int) {
        lock.lock()
        self.credentials += credentials
        self.bytes += bytes
        lock.unlock()
    }
}

func run(_ algorithm: SigningAlgorithm, people: Int, threads: Int) throws {
    let key = try SigningKey.generate(algorithm)
    let issuer = CredentialIssuer(
        framework: framework, issuer: profile, key: key, asOf: asOf,
        options: CredentialIssuer.Options(identityAttribute: "national-id", saltSeed: 1))
    let counter = Counter()
    let startWall = Date()
    let startCPU = cpuSeconds()
    var next = 0
    while next < people {
        let batch = (next..<min(people, next + 256)).map(person)
        next += batch.count
        DispatchQueue.concurrentPerform(iterations: threads) { chunk in
            var index = chunk
            var credentials = 0
            var bytes = 0
            while index < batch.count {
                let issued = (try? issuer.credentials(for: batch[index])) ?? nil
                for credential in issued ?? [] {
                    credentials += 1
                    bytes += credential.jws?.utf8.count ?? 0
                }
                index += threads
            }
            counter.add(credentials, bytes)
        }
    }
    let wall = Date().timeIntervalSince(startWall)
    let cpu = cpuSeconds() - startCPU
    print(
        String(
            format: "%@ %d thread%@: %d people, %d credentials (%.0f MB of JWS) in %.2f s wall, %.2f s CPU: %.0f credentials/s wall, %.0f per CPU second; peak RSS %.1f MB",
            algorithm.rawValue, threads, threads == 1 ? "" : "s", people, counter.credentials, Double(counter.bytes) / 1e6, wall, cpu,
            Double(counter.credentials) / wall, Double(counter.credentials) / cpu, peakResidentMB()))
}

let people = option("--people", 100_000)
let rsaPeople = option("--rsa-people", 10_000)
let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
try run(.edDSA, people: people, threads: cores)
try run(.edDSA, people: people / 4, threads: 1)
try run(.rs256, people: rsaPeople, threads: cores)

/// What signing alone costs: Ed25519 over a message the size of a typical signing input.
func signOnly(bytes: Int, count: Int) throws {
    let key = Curve25519.Signing.PrivateKey()
    let message = Data(repeating: 0x41, count: bytes)
    let start = cpuSeconds()
    for _ in 0..<count { _ = try key.signature(for: message) }
    let cpu = cpuSeconds() - start
    print(String(format: "EdDSA signature alone over %d bytes: %.1f µs (%.0f per CPU second)", bytes, cpu / Double(count) * 1e6, Double(count) / cpu))
}
try signOnly(bytes: option("--sign-bytes", 4900), count: 20_000)
