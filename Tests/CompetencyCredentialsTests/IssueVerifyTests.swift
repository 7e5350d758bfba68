@testable import CompetencyCredentials
import CompetencyKit
import CompetencyTestSupport
import Crypto
import Foundation
import Testing

@Suite struct IssueVerifyTests {
    let verifier = CredentialVerifier(keys: [Sample.edKey.publicKey], asOf: Sample.asOf)

    @Test(arguments: [SigningAlgorithm.edDSA, .rs256])
    func issuedCredentialsVerify(_ algorithm: SigningAlgorithm) throws {
        let key = algorithm == .edDSA ? Sample.edKey : Sample.rsaKey
        let credentials = try Sample.credentials(key, people: algorithm == .edDSA ? 60 : 10)
        #expect(credentials.count > 20)
        let verifier = CredentialVerifier(keys: [key.publicKey], asOf: Sample.asOf)
        for credential in credentials {
            let jws = try #require(credential.jws)
            let result = verifier.verify(jws)
            #expect(result.problems == [], "\(credential.fileName)")
            let header = try JSON.parse(Base64URL.decode(jws.split(separator: ".")[0]) ?? Data())
            #expect(header["alg"]?.string == algorithm.rawValue)
            #expect(header["kid"]?.string == key.keyID)
            #expect(header["typ"]?.string == "JWT")
            #expect(header["jwk"]?["d"] == nil)
        }
    }

    /// The fields Open Badges 3.0 on VC 2.0 requires, and `validFrom` rather than `issuanceDate`.
    @Test func requiredFieldsOfOpenBadgesOnVC2() throws {
        let credentials = try Sample.credentials(nil, people: 60)
        #expect(credentials.contains { if case .rule = $0.subject { true } else { false } })
        for issued in credentials {
            let vc = try JSON.parse(issued.credential)
            #expect(vc["@context"]?.strings == ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"])
            #expect(vc["type"]?.strings == ["VerifiableCredential", "OpenBadgeCredential"])
            #expect(vc["id"]?.string?.hasPrefix("urn:uuid:") == true)
            #expect(vc["name"]?.string?.isEmpty == false)
            #expect(vc["issuer"]?["id"]?.string == "https://training.example.gov.vn/issuers/digital-skills")
            #expect(vc["issuer"]?["type"]?.strings == ["Profile"])
            #expect(vc["validFrom"]?.string?.hasSuffix("T00:00:00Z") == true)
            #expect(vc["issuanceDate"] == nil)
            #expect(vc["iss"] == nil, "the unsigned credential carries no JWT claims")
            let subject = try #require(vc["credentialSubject"])
            #expect(subject["type"]?.strings == ["AchievementSubject"])
            let identifier = try #require(subject["identifier"]?.array?.first)
            #expect(identifier["type"]?.string == "IdentityObject")
            #expect(identifier["identityType"]?.string == "nationalIdentityNumber")
            #expect(identifier["hashed"] == .bool(true))
            let salt = try #require(identifier["salt"]?.string)
            let national = try #require(Sample.person(issued.person.rawValue).attribute("national-id"))
            #expect(identifier["identityHash"]?.string == "sha256$" + SHA256.hash(data: Data((national + salt).utf8)).map { String(format: "%02x", $0) }.joined())
            #expect(!issued.credential.contains(national), "the raw identity number never appears")
            let achievement = try #require(subject["achievement"])
            #expect(achievement["type"]?.strings == ["Achievement"])
            for field in ["id", "name", "description"] { #expect(achievement[field]?.string?.isEmpty == false, "\(field)") }
            #expect(achievement["criteria"]?["narrative"]?.string?.isEmpty == false)
            switch issued.subject {
            case .competency(let competency, let level):
                #expect(achievement["achievementType"]?.string == "Competency")
                #expect(achievement["id"]?.string == "urn:competencykit:1:na-digital/achievements/\(competency)/\(level)/1.0.0")
                let levels = achievement["resultDescription"]?.array?.first?["rubricCriterionLevel"]?.array ?? []
                #expect(levels.compactMap { $0["id"]?.string } == ["L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"].map { "urn:competencykit:1:na-digital/scales/proficiency/levels/\($0)/1.0.0" })
                #expect(levels.first?["name"]?.string == "Basic 1")
                let result = try #require(subject["result"]?.array?.first)
                #expect(result["achievedLevel"]?.string == "urn:competencykit:1:na-digital/scales/proficiency/levels/\(level)/1.0.0")
                #expect(vc["evidence"]?.array?.isEmpty == false)
            case .rule(let rule):
                #expect(achievement["achievementType"]?.string == "Certificate")
                #expect(achievement["id"]?.string == "urn:competencykit:1:na-digital/rules/\(rule)/1.0.0")
            }
        }
    }

    /// p0323 holds certificate cert-0058 (2025-10-03 to 2027-10-03) covering C1.1 at L2.
    @Test func levelsFromCertificatesCarryTheirDates() throws {
        let issued = try #require(try Sample.issuer(nil).credentials(for: Sample.person("p0323")))
        let c11 = try #require(issued.first { $0.subject == .competency("C1.1", "L2") })
        let vc = try JSON.parse(c11.credential)
        #expect(vc["validFrom"]?.string == "2025-10-03T00:00:00Z")
        #expect(vc["validUntil"]?.string == "2027-10-03T23:59:59Z")
        #expect(vc["evidence"]?.array?.first?["genre"]?.string == "Certificate")
        #expect(vc["evidence"]?.array?.first?["description"]?.string == "Certificate cert-0058 of kind digital-basic issued 2025-10-03 expires 2027-10-03")
        // Signed, the JWT claims mirror the dates.
        let signed = try #require(try Sample.issuer(Sample.edKey).credentials(for: Sample.person("p0323"))?.first { $0.subject == .competency("C1.1", "L2") })
        let payload = try #require(signed.jws?.jwtPayload)
        #expect(payload["nbf"] == .number("1759449600"))
        #expect(payload["exp"] == .number("1822607999"))
        #expect(payload["iss"]?.string == Sample.profile.id)
        // Expired on a later date.
        let later = CredentialVerifier(keys: [Sample.edKey.publicKey], asOf: ISODate(year: 2027, month: 10, day: 4)!)
        #expect(later.verify(try #require(signed.jws)).problems.map(\.code) == ["expired"])
        let lastDay = CredentialVerifier(keys: [Sample.edKey.publicKey], asOf: ISODate(year: 2027, month: 10, day: 3)!)
        #expect(lastDay.verify(try #require(signed.jws)).isValid)
        let before = CredentialVerifier(keys: [Sample.edKey.publicKey], asOf: ISODate(year: 2025, month: 10, day: 2)!)
        #expect(before.verify(try #require(signed.jws)).problems.map(\.code) == ["not-yet-valid"])
    }

    /// Alignments: CASE items are `CFItem`s, Credential Engine competencies `ceasn:Competency`.
    @Test func alignmentsNameTheirTargetType() throws {
        let credentials = try Sample.credentials(nil, people: 120, framework: Sample.alignedFramework)
        func alignment(_ competency: String) throws -> JSON? {
            let issued = try #require(credentials.first { if case .competency(let id, _) = $0.subject { id.rawValue == competency } else { false } })
            return try JSON.parse(issued.credential)["credentialSubject"]?["achievement"]?["alignment"]?.array?.first
        }
        let caseItem = try #require(try alignment("C1.1"))
        #expect(caseItem["type"]?.strings == ["Alignment"])
        #expect(caseItem["targetType"]?.string == "CFItem")
        #expect(caseItem["targetUrl"]?.string == "https://case.example.org/ims/case/v1p0/CFItems/6b1f0c3e-0000-4000-8000-000000000011")
        #expect(caseItem["targetName"]?.string == "Searching for and filtering information")
        #expect(caseItem["targetCode"]?.string == "1.1")
        #expect(try alignment("C1.2")?["targetType"]?.string == "ceasn:Competency")
        #expect(try alignment("C2.1") == nil, "a competency without a URI has no alignment")
        let told = CredentialIssuer(
            framework: Sample.alignedFramework, issuer: Sample.profile, key: nil, asOf: Sample.asOf,
            options: .init(identityAttribute: "national-id", saltSeed: 1, alignmentSource: .ctdl))
        let person = try #require(Sample.roster.people.first { $0.assessments.contains { $0.competency == "C1.1" } })
        let issued = try #require(try told.credentials(for: person)?.first { $0.subject == .competency("C1.1", $0.subjectLevel) })
        #expect(try JSON.parse(issued.credential)["credentialSubject"]?["achievement"]?["alignment"]?.array?.first?["targetType"]?.string == "ceasn:Competency")
    }

    @Test func deterministicWithASeedRandomWithout() throws {
        let first = try Sample.credentials(Sample.edKey, people: 15).map(\.jws)
        let second = try Sample.credentials(Sample.edKey, people: 15).map(\.jws)
        #expect(first == second)
        let rsaFirst = try Sample.credentials(Sample.rsaKey, people: 3).map(\.jws)
        #expect(rsaFirst == (try Sample.credentials(Sample.rsaKey, people: 3).map(\.jws)))
        let random = try Sample.credentials(nil, people: 5, seed: nil).map(\.credential)
        let again = try Sample.credentials(nil, people: 5, seed: nil).map(\.credential)
        #expect(random.count == again.count)
        for (one, other) in zip(random, again) { #expect(one != other) }
        #expect(try Sample.credentials(nil, people: 5, seed: 1).map(\.credential) != (try Sample.credentials(nil, people: 5, seed: 2).map(\.credential)))
    }

    @Test func privateKeysStayPrivate() throws {
        let jwk = Sample.edKey.privateJWK
        let d = try #require(jwk["d"]?.string)
        #expect(!"\(Sample.edKey)".contains(d))
        let credentials = try Sample.credentials(Sample.edKey, people: 5)
        for credential in credentials { #expect(credential.jws?.contains(d) == false) }
        #expect(Sample.edKey.publicKey.jwk["d"] == nil)
        #expect(throws: KeyError.self) { try VerificationKey(jwk: jwk) }
        // A key read back signs the same bytes.
        let reread = try SigningKey(jwk: jwk)
        #expect(reread.keyID == Sample.edKey.keyID)
        let rsaBack = try SigningKey(jwk: Sample.rsaKey.privateJWK)
        #expect(try Sample.credentials(rsaBack, people: 2).map(\.jws) == (try Sample.credentials(Sample.rsaKey, people: 2).map(\.jws)))
    }

    /// Any one byte of the payload changed: the signature no longer verifies.
    @Test func everyOneByteChangeOfThePayloadFails() throws {
        let jws = try #require(try Sample.credentials(Sample.edKey, people: 1).first?.jws)
        let parts = jws.split(separator: ".").map(String.init)
        let payload = try #require(Base64URL.decode(parts[1]))
        var failures = 0
        for offset in payload.indices {
            var changed = payload
            changed[offset] ^= 0x01
            let result = verifier.verify(parts[0] + "." + Base64URL.encode(changed) + "." + parts[2])
            if !result.isValid { failures += 1 }
            if result.isValid { Issue.record("byte \(offset) changed and the credential still verified") }
        }
        #expect(failures == payload.count)
        #expect(payload.count > 2000)
        // The base64url text itself, one character changed.
        var text = Array(parts[1].utf8)
        text[text.count / 2] = text[text.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = parts[0] + "." + String(decoding: text, as: UTF8.self) + "." + parts[2]
        #expect(!verifier.verify(tampered).isValid)
    }

    @Test func wrongKeyFails() throws {
        let jws = try #require(try Sample.credentials(Sample.edKey, people: 1).first?.jws)
        let other = try SigningKey.generate(.edDSA)
        let result = CredentialVerifier(keys: [other.publicKey], asOf: Sample.asOf).verify(jws)
        #expect(result.problems.map(\.code) == ["bad-signature"])
        let rsa = CredentialVerifier(keys: [Sample.rsaKey.publicKey], asOf: Sample.asOf).verify(jws)
        #expect(rsa.problems.map(\.code) == ["alg-mismatch"])
        #expect(rsa.problems.first?.message == "alg is EdDSA but the key is an RSA (RS256) key")
    }

    @Test func algNoneFails() throws {
        let jws = try #require(try Sample.credentials(Sample.edKey, people: 1).first?.jws)
        let parts = jws.split(separator: ".").map(String.init)
        let none = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        for candidate in [none + "." + parts[1] + ".", none + "." + parts[1] + "." + parts[2]] {
            let result = verifier.verify(candidate)
            #expect(!result.isValid)
            #expect(result.problems.first?.code == (candidate.hasSuffix(".") ? "bad-signature" : "unsupported-alg"))
        }
        let result = verifier.verify(none + "." + parts[1] + "." + parts[2])
        #expect(result.problems.first?.message == "alg 'none' is refused: 'none' signs nothing; credentials are signed with RS256 or EdDSA")
    }

    /// RS256 → HS256 with the RSA public key as the HMAC secret: the classic key confusion.
    @Test func algorithmSwapToHS256Fails() throws {
        let jws = try #require(try Sample.credentials(Sample.rsaKey, people: 1).first?.jws)
        let parts = jws.split(separator: ".").map(String.init)
        let header = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let signingInput = header + "." + parts[1]
        for secret in [Sample.rsaKey.publicKey.jwk.serialized, "n"] {
            let mac = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            let forged = signingInput + "." + Base64URL.encode(Data(mac))
            let result = CredentialVerifier(keys: [Sample.rsaKey.publicKey], asOf: Sample.asOf).verify(forged)
            #expect(result.problems.map(\.code) == ["unsupported-alg"])
        }
        // Nor does RS256 with the header's own key swapped for the attacker's.
        let attacker = try SigningKey.generate(.edDSA)
        let edHeader = Base64URL.encode(Data("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"jwk\":\(attacker.publicKey.jwk.serialized)}".utf8))
        let resigned = edHeader + "." + parts[1]
        let pinned = CredentialVerifier(keys: [Sample.rsaKey.publicKey], asOf: Sample.asOf).verify(resigned + ".AAAA")
        #expect(pinned.problems.map(\.code).contains("alg-mismatch"))
    }

    @Test func contextOrderAndTypesAreChecked() throws {
        let key = Sample.edKey
        func sign(_ mutate: (inout [JSON.Member]) -> Void) throws -> CredentialVerifier.Verification {
            let jws = try #require(try Sample.credentials(key, people: 1).first?.jws)
            var members = try #require(jws.jwtPayload?.members)
            mutate(&members)
            let header = jws.split(separator: ".")[0]
            let input = header + "." + Base64URL.encode(Data(JSON.object(members).serialized.utf8))
            let signature = try key.sign(Data(input.utf8))
            return verifier.verify(input + "." + Base64URL.encode(signature))
        }
        let swapped = try sign { members in
            members[0].value = .array([.string(OpenBadges.openBadgesContext), .string(OpenBadges.credentialsContext)])
        }
        #expect(swapped.problems.map(\.code) == ["context"])
        let noType = try sign { members in members.removeAll { $0.key == "type" } }
        #expect(noType.problems.map(\.code) == ["type"])
        let oldDates = try sign { members in
            if let index = members.firstIndex(where: { $0.key == "validFrom" }) { members[index].key = "issuanceDate" }
        }
        #expect(oldDates.problems.map(\.code).contains("missing-field"))
        #expect(oldDates.problems.map(\.message).contains("the credential has issuanceDate (VC 1.1) but no validFrom, which VC 2.0 requires"))
        let claims = try sign { members in
            if let index = members.firstIndex(where: { $0.key == "jti" }) { members[index].value = .string("urn:uuid:other") }
        }
        #expect(claims.problems.map(\.message) == ["the JWT 'jti' claim does not match the credential id"])
    }

    @Test func bundledContextsAreThePublishedFiles() throws {
        #expect(Set(OpenBadges.bundledContexts.keys) == Set(OpenBadges.contexts))
        for url in OpenBadges.contexts {
            let text = try #require(OpenBadges.bundledContexts[url])
            #expect(throws: Never.self) { try JSON.parse(text) }
        }
        let files = ["https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld", OpenBadges.openBadgesContext: "context-3.0.3.json"]
        guard External.has("openbadges-3.0/context-3.0.3.json") else {
            print("skipped: ../shared/external/openbadges-3.0 is absent, so the bundled contexts are not compared with the published files")
            return
        }
        for (url, file) in files {
            let published = try String(contentsOf: External.url("openbadges-3.0/\(file)"), encoding: .utf8)
            let embedded = try #require(OpenBadges.bundledContexts[url])
            #expect(embedded == published || embedded + "\n" == published, "\(file)")
        }
    }
}


extension CredentialIssuer.IssuedCredential {
    var subjectLevel: Level.ID {
        if case .competency(_, let level) = subject { return level }
        return "none"
    }
}
