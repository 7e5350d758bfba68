import ArgumentParser
import CompetencyCredentials
import CompetencyKit
import Dispatch
import Foundation

extension CredentialIssuer.AlignmentSource: ExpressibleByArgument {}

extension Competency {
    /// `competency credentials`: Open Badges 3.0 credentials of what people have attained.
    struct Credentials: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue signed Open Badges 3.0 credentials of the levels people attain and the rules they meet.",
            discussion: """
                Per person: one OpenBadgeCredential per competency at the level they attain (latest \
                assessment, valid certificate or completed module, as in Assignment.md), and one per \
                rule in effect whose every requirement they meet. The subject is named by the salted \
                SHA-256 of --identity-attribute, never its value; people without that attribute are \
                skipped and counted. A roster certificate that carries a <credential> counts only when \
                that credential verifies with the issuing key or a --trust key. \
                OUT holds one compact JWS per line, or, when OUT is a folder, one .jwt file per \
                credential. See Documentation/Credentials.md.

                Exit status: 0 issued, 1 the roster does not match the framework or a --person is not \
                on it, 2 unusable arguments or unreadable input.
                """)

        @OptionGroup var input: PlanningOptions

        @Option(help: ArgumentHelp("The issuer: an Open Badges 3.0 Profile object (id, type, name, ...).", valueName: "ISSUER.json"))
        var issuer: String

        @Option(help: ArgumentHelp("The private signing key (from competency keygen).", valueName: "KEY.jwk"))
        var key: String?

        @Option(name: .customLong("identity-attribute"), help: ArgumentHelp("The person attribute to hash into the subject's identifier.", valueName: "name"))
        var identityAttribute: String

        @Option(name: .customLong("identity-type"), help: ArgumentHelp("The identifier's identityType.", valueName: "type"))
        var identityType = OpenBadges.nationalIdentityNumber

        @Option(name: .customLong("person"), help: ArgumentHelp("Issue only for this person (repeatable).", valueName: "id"))
        var people: [String] = []

        @Option(help: ArgumentHelp("The language of names and descriptions (default: the framework's).", valueName: "lang"))
        var language: String?

        @Option(name: .customLong("salt-seed"), help: ArgumentHelp("Derive the identity salts from this number: the same inputs and key give the same bytes.", valueName: "N"))
        var saltSeed: UInt64?

        @Flag(help: "Write the credentials as JSON Lines, unsigned, for inspection.")
        var unsigned = false

        @Option(help: "Where competency URIs come from, for an alignment's targetType: case (CFItem), ctdl (ceasn:Competency) or inferred from each URI.")
        var alignment: CredentialIssuer.AlignmentSource = .inferred

        @Option(name: .customLong("jwks-url"), help: ArgumentHelp("Name the key by <url>#<kid> in the JOSE header instead of embedding the public JWK.", valueName: "url"))
        var jwksURL: String?

        @Option(help: ArgumentHelp("Another issuer's public key (JWK or JWK Set) whose certificate credentials count (repeatable).", valueName: "file"))
        var trust: [String] = []

        @Option(name: .shortAndLong, help: ArgumentHelp("A file (one JWS per line) or an existing folder (one .jwt per credential).", valueName: "OUT"))
        var output: String

        func validate() throws {
            if key == nil && !unsigned { throw ValidationError("give --key KEY.jwk to sign, or --unsigned to write unsigned JSON Lines") }
        }

        func run() throws {
            let profile: IssuerProfile
            do {
                profile = try IssuerProfile(json: try readJSONFile(issuer))
            } catch let error as KeyError {
                Console.error("error: \(issuer): \(error.message) [credential.issuer]")
                throw Exit.unusable
            }
            var signingKey: SigningKey?
            if let key, !unsigned {
                do {
                    signingKey = try SigningKey(jwk: try readJSONFile(key))
                } catch let error as KeyError {
                    Console.error("error: \(key): \(error.message) [credential.key]")
                    throw Exit.unusable
                }
            }
            var trusted = signingKey.map { [$0.publicKey] } ?? []
            for file in trust { trusted += try trustedKeys(in: file) }
            let loaded = try input.load()
            let date = loaded.assigner.asOf
            let issuer = CredentialIssuer(
                framework: loaded.framework, issuer: profile, key: signingKey, asOf: date,
                options: CredentialIssuer.Options(
                    identityAttribute: identityAttribute, identityType: identityType, language: language, saltSeed: saltSeed,
                    alignmentSource: alignment, jwksURL: jwksURL))
            let rosterFolder = loaded.rosterSource.path.map { ($0 as NSString).deletingLastPathComponent } ?? "."
            let check = CertificateCredentialCheck(
                verifier: CredentialVerifier(keys: trusted, asOf: date), folder: rosterFolder.isEmpty ? "." : rosterFolder,
                framework: loaded.framework, identityAttribute: identityAttribute)

            var isFolder: ObjCBool = false
            let toFolder = FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) && isFolder.boolValue
            let run = IssueRun(
                issuer: issuer, check: check, unsigned: unsigned, folder: toFolder ? output : nil,
                stream: toFolder ? nil : try Output(path: output))
            let wanted = Set(people.map { Person.ID($0) })
            let skipped = loaded.skipped
            try reporting { () throws(DiagnosticError) in
                _ = try loaded.rosterSource.streamRoster { person, location in
                    guard !skipped.contains(person.id), wanted.isEmpty || wanted.contains(person.id) else { return true }
                    return run.add(person, at: location)
                }
            }
            run.flush()
            if let failure = run.failure {
                run.stream?.discard()
                throw failure
            }
            var warnings = run.warnings
            if !run.noIdentity.isEmpty {
                let shown = run.noIdentity.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                warnings.append(
                    .warning(
                        DiagnosticID(domain: "credential", code: "no-identity"),
                        "\(run.noIdentity.count) people have no attribute '\(identityAttribute)' and were not issued credentials (\(shown)\(run.noIdentity.count > 5 ? ", …" : ""))",
                        at: .file(loaded.rosterSource.name)))
            }
            let missing = wanted.subtracting(run.seen).sorted()
            warnings += unknownPeople(missing, roster: loaded.rosterSource)
            Console.report(warnings)
            if !missing.isEmpty {
                run.stream?.discard()
                throw Exit.findings
            }
            try run.stream?.finish()
            // The summary follows --language when the tool has words for it; the credentials' own
            // texts follow it in any language the framework is written in.
            let words = language.flatMap { Localizer.isSupported($0) ? Localizer(language: $0) : nil } ?? .standard()
            Console.error(words.message(
                "credentials.issued\(unsigned ? ".unsigned" : "").\(run.issued == 1 ? "one" : "other")",
                ["count": words.number(run.issued), "date": words.date(date)]))
        }

        struct PersonResult: Sendable {
            var person: Person.ID
            var credentials: [CredentialIssuer.IssuedCredential]?
            var warnings: [Diagnostic]
        }

        /// Issues for a batch of people on every core, keeping their order.
        static func issue(
            _ people: [(Person, SourceLocation)], issuer: CredentialIssuer, check: CertificateCredentialCheck?
        ) -> [PersonResult] {
            let results = ResultSlots(count: people.count)
            let chunks = min(people.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var index = chunk
                while index < people.count {
                    var (person, location) = people[index]
                    var warnings: [Diagnostic] = []
                    if let check { (person, warnings) = check.check(person, at: location) }
                    let credentials = try? issuer.credentials(for: person)
                    results.set(index, PersonResult(person: person.id, credentials: credentials ?? nil, warnings: warnings))
                    index += chunks
                }
            }
            return results.values
        }
    }
}

/// One slot per person, filled from several threads, each slot by one thread only.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Competency.Credentials.PersonResult?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Competency.Credentials.PersonResult) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Competency.Credentials.PersonResult] { slots.compactMap { $0 } }
}

/// The state of one `credentials` run: people are gathered in batches, issued in parallel
/// and written in roster order.
private final class IssueRun {
    let issuer: CredentialIssuer
    let check: CertificateCredentialCheck?
    let unsigned: Bool
    let folder: String?
    let stream: Output?
    var seen: Set<Person.ID> = []
    var warnings: [Diagnostic] = []
    var noIdentity: [Person.ID] = []
    var issued = 0
    var failure: Error?
    private var batch: [(Person, SourceLocation)] = []

    init(issuer: CredentialIssuer, check: CertificateCredentialCheck?, unsigned: Bool, folder: String?, stream: Output?) {
        self.issuer = issuer
        self.check = check
        self.unsigned = unsigned
        self.folder = folder
        self.stream = stream
    }

    /// Takes a person; `false` once writing has failed, to stop reading.
    func add(_ person: Person, at location: SourceLocation) -> Bool {
        seen.insert(person.id)
        batch.append((person, location))
        if batch.count >= 256 { flush() }
        return failure == nil
    }

    func flush() {
        let people = batch
        batch.removeAll(keepingCapacity: true)
        guard failure == nil, !people.isEmpty else { return }
        for result in Competency.Credentials.issue(people, issuer: issuer, check: check) {
            warnings += result.warnings
            guard let credentials = result.credentials else {
                noIdentity.append(result.person)
                continue
            }
            for credential in credentials {
                issued += 1
                let text = unsigned ? credential.credential : credential.jws ?? credential.credential
                if let stream {
                    stream.write(text + "\n")
                    continue
                }
                let name = unsigned ? String(credential.fileName.dropLast(4)) + ".json" : credential.fileName
                do {
                    try emit(Data((text + "\n").utf8), to: ((folder ?? ".") as NSString).appendingPathComponent(name))
                } catch {
                    failure = error
                    return
                }
            }
        }
    }
}

/// The public keys of a `--trust` file: one JWK, or a JWK Set.
func trustedKeys(in file: String) throws -> [VerificationKey] {
    let json = try readJSONFile(file)
    do {
        return json["keys"] != nil ? try CredentialVerifier.keys(ofJWKS: json) : [try VerificationKey(jwk: json)]
    } catch {
        Console.error("error: \(file): \(error.message) [credential.key]")
        throw Exit.unusable
    }
}
