import CompetencyCredentials
import CompetencyKit
import CompetencyTestSupport
import Crypto
import Foundation

/// The bundled sample, issued with fresh keys.
enum Sample {
    static let framework: Framework = {
        (try? DocumentSource.file(Fixtures.url("sample/framework.xml").path).readFramework().value) ?? Framework(id: "missing")
    }()
    /// The sample with C1.1 carrying a CASE item URI and C1.2 a Credential Engine (CTDL) URI.
    static let alignedFramework: Framework = {
        var framework = Sample.framework
        framework.domains[0].competencies[0].uri = "https://case.example.org/ims/case/v1p0/CFItems/6b1f0c3e-0000-4000-8000-000000000011"
        framework.domains[0].competencies[1].uri = "https://credentialengineregistry.org/resources/ce-00000000-0000-4000-8000-000000000012"
        return framework
    }()
    static let roster: Roster = {
        (try? DocumentSource.file(Fixtures.url("sample/roster.xml").path).readRoster().value) ?? Roster()
    }()
    static let asOf = ISODate(year: 2026, month: 1, day: 15) ?? ISODate(year: 1970, month: 1, day: 1)!
    static let profile: IssuerProfile = {
        let data = (try? Fixtures.data("credentials/issuer.json")) ?? Data()
        return (try? IssuerProfile(json: (try? JSON.parse(data)) ?? .null))
            ?? (try! IssuerProfile(json: .object([.init("id", .string("urn:x:y")), .init("type", .array([.string("Profile")]))])))
    }()
    static let edKey: SigningKey = try! SigningKey.generate(.edDSA)
    static let rsaKey: SigningKey = try! SigningKey.generate(.rs256)

    static func issuer(_ key: SigningKey?, seed: UInt64? = 42, asOf: ISODate = asOf, framework: Framework = framework) -> CredentialIssuer {
        CredentialIssuer(
            framework: framework, issuer: profile, key: key, asOf: asOf,
            options: CredentialIssuer.Options(identityAttribute: "national-id", saltSeed: seed))
    }

    static func person(_ id: String) -> Person { roster.people.first { $0.id == Person.ID(id) } ?? Person(id: Person.ID(id)) }

    /// Every credential of the first `count` people.
    static func credentials(
        _ key: SigningKey?, people count: Int = 40, seed: UInt64? = 42, framework: Framework = framework
    ) throws -> [CredentialIssuer.IssuedCredential] {
        let issuer = issuer(key, seed: seed, framework: framework)
        return try roster.people.prefix(count).flatMap { try issuer.credentials(for: $0) ?? [] }
    }
}

extension Helper {
    /// A fresh temporary folder, removed when the test process exits.
    static func folder() throws -> URL {
        try Scratch.folder("ck-cred")
    }
}

extension String {
    /// The JWT payload of a compact JWS, decoded.
    var jwtPayload: JSON? {
        let parts = split(separator: ".")
        guard parts.count == 3, let data = Base64URL.decode(parts[1]) else { return nil }
        return try? JSON.parse(data)
    }
}
