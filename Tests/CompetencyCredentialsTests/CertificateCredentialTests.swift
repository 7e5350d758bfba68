import CompetencyCredentials
import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// A roster certificate that carries a credential: read and written as `<credential>`, and
/// counted only when the credential verifies.
@Suite struct CertificateCredentialTests {
    /// p0323's C1.1 credential at L2, signed with the sample key.
    static func credential(key: SigningKey = Sample.edKey, asOf: ISODate = Sample.asOf) throws -> String {
        let issued = try Sample.issuer(key, asOf: asOf).credentials(for: Sample.person("p0323")) ?? []
        return try #require(issued.first { $0.subject == .competency("C1.1", "L2") }?.jws)
    }

    static func person(with credential: String, national: String? = nil) -> Person {
        var person = Sample.person("p0323")
        if let national {
            person.attributes = person.attributes.map { $0.name == "national-id" ? PersonAttribute(name: "national-id", value: national) : $0 }
        }
        person.certificates = [Certificate(id: "cert-9", kind: "digital-badge", issued: Sample.asOf, credential: credential)]
        return person
    }

    let check = CertificateCredentialCheck(
        verifier: CredentialVerifier(keys: [Sample.edKey.publicKey], asOf: Sample.asOf), folder: "/",
        framework: Sample.framework, identityAttribute: "national-id")

    @Test func roundTripsThroughXML() throws {
        let jws = try Self.credential()
        var roster = Sample.roster
        roster.people = [Self.person(with: jws), Self.person(with: "credentials/p0323.jwt")]
        roster.people[1].id = "p9999"
        let xml = String(decoding: XMLWriter().write(roster), as: UTF8.self)
        #expect(xml.contains("<credential>\(jws)</credential>"))
        #expect(xml.contains("<credential>credentials/p0323.jwt</credential>"))
        let back = try XMLReader().read(Data(xml.utf8), file: "roster.xml")
        guard case .roster(let read) = back.value else { Issue.record("not a roster"); return }
        #expect(read.people == roster.people)
        #expect(back.diagnostics.isEmpty)
        // The schema accepts it.
        #expect(SchemaValidator.schemaText.contains("<xs:element name=\"credential\" type=\"xs:string\" minOccurs=\"0\"/>"))
    }

    @Test func aValidCredentialCountsAsCovers() throws {
        let (person, warnings) = check.check(Self.person(with: try Self.credential()), at: nil)
        #expect(warnings.isEmpty)
        #expect(person.certificates.first?.covers == [Coverage(competency: "C1.1", level: "L2")])
    }

    @Test func invalidOrExpiredCredentialsDoNotCount() throws {
        let valid = try Self.credential()
        var tampered = Array(valid.utf8)
        let offset = valid.split(separator: ".")[0].utf8.count + 60
        tampered[offset] = tampered[offset] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        let other = try Self.credential(key: try SigningKey.generate(.edDSA))
        let cases: [(Person, String)] = [
            (Self.person(with: String(decoding: tampered, as: UTF8.self)), "its credential is not valid"),
            (Self.person(with: other), "its credential is not valid: the signature does not verify"),
            (Self.person(with: valid, national: "012345678901"), "its credential names someone else"),
            (Self.person(with: "missing.jwt"), "its credential file 'missing.jwt' cannot be read"),
        ]
        for (input, reason) in cases {
            let (person, warnings) = check.check(input, at: SourceLocation(file: "roster.xml", line: 3, column: 3))
            #expect(person.certificates.isEmpty, "\(reason)")
            #expect(warnings.count == 1)
            #expect(warnings.first?.id.description == "credential.certificate-not-counted")
            #expect(warnings.first?.severity == .warning)
            #expect(warnings.first?.message.hasPrefix("certificate 'cert-9' of person 'p0323' does not count: \(reason)") == true, "\(warnings.first?.message ?? "")")
        }
        // Expired: p0323's certificate expires 2027-10-03.
        let late = CertificateCredentialCheck(
            verifier: CredentialVerifier(keys: [Sample.edKey.publicKey], asOf: ISODate(year: 2028, month: 1, day: 1)!), folder: "/",
            framework: Sample.framework, identityAttribute: "national-id")
        let (person, warnings) = late.check(Self.person(with: valid), at: nil)
        #expect(person.certificates.isEmpty)
        #expect(warnings.first?.message == "certificate 'cert-9' of person 'p0323' does not count: its credential is not valid: the credential expired at 2027-10-03T23:59:59Z, before 2028-01-01 [credential.expired]")
    }
}
