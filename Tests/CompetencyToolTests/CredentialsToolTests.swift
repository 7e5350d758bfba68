import CompetencyTestSupport
import Foundation
import Testing

/// `competency keygen`, `credentials` and `verify`, end to end.
@Suite struct CredentialsToolTests {
    static func folder() throws -> URL {
        try Scratch.folder("ck-cred-tool")
    }

    @Test func keygenIssueVerifyOnTheBundledSample() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("issuer.jwk").path
        let keygen = try Tool.run(["keygen", "--alg", "EdDSA", "-o", key])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        #expect(keygen.stdout.hasPrefix("wrote \(key) (private, mode 0600) and \(dir.appendingPathComponent("issuer.public.jwk").path); kid urn:ietf:params:oauth:jwk-thumbprint:sha-256:"))
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try Tool.run(["keygen", "--alg", "EdDSA", "-o", key])
        #expect(again.status == 2)
        #expect(again.stderr == "error: '\(key)' exists; keygen never overwrites a key: remove it or choose another name [io.exists]\n")

        let out = dir.appendingPathComponent("credentials.jwt").path
        let arguments = [
            "credentials", "--issuer", "Fixtures/credentials/issuer.json", "--key", key, "--identity-attribute", "national-id",
            "--salt-seed", "7", "-o", out,
        ]
        let issued = try Tool.run(arguments)
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(issued.stderr.hasSuffix("issued 2878 credentials on 2026-01-15\n"), "\(issued.stderr)")
        let first = try String(contentsOfFile: out, encoding: .utf8)
        #expect(try Tool.run(arguments).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == first, "byte-identical with --salt-seed and the same key")
        #expect(!first.contains(try String(contentsOfFile: key, encoding: .utf8).split(separator: "\"d\":\"")[1].prefix(20)))

        let publicKey = dir.appendingPathComponent("issuer.public.jwk").path
        let verified = try Tool.run(["verify", out, "--key", publicKey, "--as-of", "2026-01-15"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout == "2878 of 2878 credentials valid on 2026-01-15\n")
        #expect(verified.stderr.isEmpty)

        // One line tampered, one credential expired by the date, a wrong key.
        var lines = first.split(separator: "\n").map(String.init)
        var bytes = Array(lines[2].utf8)
        let at = lines[2].split(separator: ".")[0].utf8.count + 30
        bytes[at] = bytes[at] == UInt8(ascii: "Q") ? UInt8(ascii: "R") : UInt8(ascii: "Q")
        lines[2] = String(decoding: bytes, as: UTF8.self)
        let broken = dir.appendingPathComponent("broken.jwt")
        try Data((lines.prefix(4).joined(separator: "\n") + "\n").utf8).write(to: broken)
        let checked = try Tool.run(["verify", broken.path, "--key", publicKey, "--as-of", "2026-01-15"])
        #expect(checked.status == 1)
        #expect(checked.stdout == "3 of 4 credentials valid on 2026-01-15\n")
        #expect(checked.stderr.hasPrefix("\(broken.path):3:"), "\(checked.stderr)")
        let other = dir.appendingPathComponent("other.jwk").path
        _ = try Tool.run(["keygen", "--alg", "EdDSA", "-o", other])
        let wrong = try Tool.run(["verify", out, "--key", dir.appendingPathComponent("other.public.jwk").path, "--as-of", "2026-01-15"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout == "0 of 2878 credentials valid on 2026-01-15\n")
        #expect(wrong.stderr.contains("error: the signature does not verify with key"))
        #expect(wrong.stderr.contains("[credential.bad-signature]"))
        // Without a key: the header's own key, with a note that says what that proves.
        let selfKeyed = try Tool.run(["verify", broken.path, "--as-of", "2026-01-15"])
        #expect(selfKeyed.status == 1)
        #expect(selfKeyed.stderr.contains("note: 3 credentials were checked with the key in their own header; pass --key or --jwks to check who signed"))
    }

    @Test func folderOutputAndUnsignedJSONLines() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("rsa.jwk").path
        #expect(try Tool.run(["keygen", "--alg", "RS256", "-o", key]).status == 0)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let issued = try Tool.run([
            "credentials", "--issuer", "Fixtures/credentials/issuer.json", "--key", key, "--identity-attribute", "national-id",
            "--person", "p0323", "-o", out.path,
        ])
        #expect(issued.status == 0, "\(issued.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.contains("p0323.C1.1.L2.jwt"))
        #expect(files.allSatisfy { $0.hasPrefix("p0323.") && $0.hasSuffix(".jwt") })
        let verified = try Tool.run(
            ["verify", "--key", dir.appendingPathComponent("rsa.public.jwk").path, "--as-of", "2026-01-15"]
                + files.map { out.appendingPathComponent($0).path })
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout == "\(files.count) of \(files.count) credentials valid on 2026-01-15\n")

        let lines = dir.appendingPathComponent("unsigned.jsonl").path
        let unsigned = try Tool.run([
            "credentials", "--issuer", "Fixtures/credentials/issuer.json", "--unsigned", "--identity-attribute", "national-id",
            "--person", "p0323", "-o", lines,
        ])
        #expect(unsigned.status == 0, "\(unsigned.stderr)")
        let text = try String(contentsOfFile: lines, encoding: .utf8)
        #expect(text.split(separator: "\n").count == files.count)
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",") })
    }

    @Test func unusableInputIsReported() throws {
        let noKey = try Tool.run(["credentials", "--issuer", "Fixtures/credentials/issuer.json", "--identity-attribute", "x", "-o", "x.jwt"])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("give --key KEY.jwk to sign, or --unsigned to write unsigned JSON Lines"))
        let badIssuer = try Tool.temporaryFile("issuer.json", "{\"name\": \"no id\",\n \"type\": [\"Profile\"]}")
        let result = try Tool.run(["credentials", "--issuer", badIssuer.path, "--unsigned", "--identity-attribute", "x", "-o", "x.jsonl"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(badIssuer.path): the issuer profile needs an 'id' that is a URI (https://… or did:…) [credential.issuer]\n")
        let syntax = try Tool.temporaryFile("issuer.json", "{\"id\": \"https://x\",\n  \"type\": [\"Profile\"\n}")
        let located = try Tool.run(["credentials", "--issuer", syntax.path, "--unsigned", "--identity-attribute", "x", "-o", "x.jsonl"])
        #expect(located.status == 2 || located.status == 1)
        #expect(located.stderr.contains("\(syntax.path):3:1: error: expected ',' or ']'; the file must be JSON [json.syntax]"), "\(located.stderr)")
        let missing = try Tool.run(["credentials", "--issuer", "Fixtures/credentials/issuer.json", "--unsigned", "--identity-attribute", "nope", "-o", Scratch.folder("ck-none").appendingPathComponent("credentials.jsonl").path])
        #expect(missing.status == 0)
        #expect(missing.stderr.contains("warning: 323 people have no attribute 'nope' and were not issued credentials ('p0001', 'p0002', 'p0003', 'p0004', 'p0005', …) [credential.no-identity]"), "\(missing.stderr)")
    }
}

/// A roster certificate backed by a credential file, read by `competency credentials`.
@Suite struct CertificateCredentialToolTests {
    @Test func aTrustedCredentialCountsAnUntrustedOneDoesNot() throws {
        let dir = try CredentialsToolTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = dir.appendingPathComponent("other.jwk").path
        #expect(try Tool.run(["keygen", "--alg", "EdDSA", "-o", other]).status == 0)
        let issued = dir.appendingPathComponent("issued")
        try FileManager.default.createDirectory(at: issued, withIntermediateDirectories: true)
        let first = try Tool.run([
            "credentials", "--issuer", "Fixtures/credentials/issuer.json", "--key", other, "--identity-attribute", "national-id",
            "--person", "p0001", "-o", issued.path,
        ])
        #expect(first.status == 0, "\(first.stderr)")
        try FileManager.default.moveItem(
            at: issued.appendingPathComponent("p0001.C4.4.L3.jwt"), to: dir.appendingPathComponent("p0001-c44.jwt"))
        // p0001's C4.4 assessment replaced by a certificate whose credential is that file.
        var roster = try String(contentsOf: Fixtures.url("sample/roster.xml"), encoding: .utf8)
        let assessment = #"<assessment competency="C4.4" level="L3" date="2025-12-22" method="self"/>"#
        try #require(roster.contains(assessment))
        roster = roster.replacingOccurrences(
            of: assessment,
            with: #"<certificate id="cert-x" kind="badge" issued="2025-12-22"><credential>p0001-c44.jwt</credential></certificate>"#)
        let rosterURL = dir.appendingPathComponent("roster.xml")
        try Data(roster.utf8).write(to: rosterURL)

        let arguments = [
            "credentials", "--roster", rosterURL.path, "--framework", "Fixtures/sample/framework.xml", "--issuer",
            "Fixtures/credentials/issuer.json", "--unsigned", "--identity-attribute", "national-id", "--person", "p0001",
        ]
        let trustedOut = dir.appendingPathComponent("trusted.jsonl").path
        let trusted = try Tool.run(arguments + ["--trust", dir.appendingPathComponent("other.public.jwk").path, "-o", trustedOut])
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(!trusted.stderr.contains("warning"))
        let lines = try String(contentsOfFile: trustedOut, encoding: .utf8).split(separator: "\n")
        let c44 = try #require(lines.first { $0.contains("/achievements/C4.4/L3/") })
        #expect(c44.contains(#""genre":"Certificate""#))

        let untrustedOut = dir.appendingPathComponent("untrusted.jsonl").path
        let untrusted = try Tool.run(arguments + ["-o", untrustedOut])
        #expect(untrusted.status == 0, "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains(
            "warning: certificate 'cert-x' of person 'p0001' does not count: there is no trusted key to verify its credential with (the issuing key or --trust) [credential.certificate-not-counted]"), "\(untrusted.stderr)")
        #expect(!(try String(contentsOfFile: untrustedOut, encoding: .utf8)).contains("/achievements/C4.4/"))

        // `plan` judges the certificate the same way: with the key trusted, C4.4 is attained
        // at L3 from it; without, it does not count and the warning says why.
        let plan = ["plan", "--roster", rosterURL.path, "--framework", "Fixtures/sample/framework.xml", "--person", "p0001", "--explain"]
        let counted = try Tool.run(
            plan + ["--trust", dir.appendingPathComponent("other.public.jwk").path, "--identity-attribute", "national-id"])
        #expect(counted.status == 0, "\(counted.stderr)")
        #expect(counted.stderr == "")
        #expect(counted.stdout.contains("attained: Intermediate 1, from certificate cert-x (badge)"), "\(counted.stdout)")
        let ignored = try Tool.run(plan)
        #expect(ignored.status == 0)
        #expect(!ignored.stdout.contains("cert-x"), "\(ignored.stdout)")
        #expect(ignored.stderr.contains(
            "\(rosterURL.path):"), "\(ignored.stderr)")
        #expect(ignored.stderr.contains(
            "warning: certificate 'cert-x' of person 'p0001' does not count: there is no trusted key to verify its credential with (the issuing key or --trust) [credential.certificate-not-counted]"), "\(ignored.stderr)")
    }
}
