import CompetencyCredentials
import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// Cross-checks with independent implementations: Python's pyld (JSON-LD expansion with the
/// bundled contexts only, the network refused) and joserfc (JWS verification).
@Suite struct IndependentChecksTests {
    static let hasPyLD = Helper.hasPython("pyld")
    static let hasJoserfc = Helper.hasPython("joserfc")

    /// Every term of every credential is defined: expansion keeps every value, and every
    /// type and identifier comes out as an absolute IRI.
    @Test(.enabled(if: hasPyLD, "python3 with the pyld package is absent: cannot expand the credentials as JSON-LD"))
    func credentialsExpandWithTheBundledContexts() throws {
        let folder = try Helper.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let contexts = JSON.object(OpenBadges.bundledContexts.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })
        try Data(contexts.serialized.utf8).write(to: folder.appendingPathComponent("contexts.json"))
        let credentials = try Sample.credentials(nil, people: 60)
            + Sample.credentials(nil, people: 120, framework: Sample.alignedFramework).filter { $0.credential.contains("\"alignment\"") }
        try Data(credentials.map(\.credential).joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("credentials.jsonl"))
        let script = #"""
            import json, sys
            from pyld import jsonld
            folder = sys.argv[1]
            contexts = {url: json.loads(text) for url, text in json.load(open(folder + "/contexts.json")).items()}
            def loader(url, options=None):
                if url not in contexts:
                    raise RuntimeError("refused to fetch " + url)
                return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}
            def leaves(node, key=None):
                # (values, types) of a compact document, @context aside.
                values = types = 0
                if isinstance(node, dict):
                    for k, v in node.items():
                        if k == "@context":
                            continue
                        if k == "type":
                            types += len(v) if isinstance(v, list) else 1
                            continue
                        a, b = leaves(v, k); values += a; types += b
                elif isinstance(node, list):
                    for v in node:
                        a, b = leaves(v, key); values += a; types += b
                else:
                    values += 1
                return values, types
            def expanded(node, bad):
                values = types = 0
                if isinstance(node, dict):
                    if "@value" in node:
                        return 1, 0
                    for k, v in node.items():
                        if k == "@id":
                            values += 1
                        elif k == "@type":
                            for t in v:
                                types += 1
                                if ":" not in t: bad.append(t)
                        else:
                            if ":" not in k: bad.append(k)
                            a, b = expanded(v, bad); values += a; types += b
                elif isinstance(node, list):
                    for v in node:
                        a, b = expanded(v, bad); values += a; types += b
                return values, types
            count = 0
            for line in open(folder + "/credentials.jsonl"):
                doc = json.loads(line)
                out = jsonld.expand(doc, {"documentLoader": loader})
                bad = []
                got = expanded(out, bad)
                want = leaves(doc)
                if got != want or bad:
                    print("NOT EXPANDED WHOLE", doc["name"], "values/types", want, "->", got, bad)
                    sys.exit(1)
                count += 1
            print("expanded", count)
            """#
        let scriptURL = folder.appendingPathComponent("expand.py")
        try Data(script.utf8).write(to: scriptURL)
        let result = try #require(Helper.run("python3", [scriptURL.path, folder.path]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "expanded \(credentials.count)")
    }

    @Test(
        .enabled(if: hasJoserfc, "python3 with the joserfc package is absent: cannot verify the signatures independently"),
        arguments: [SigningAlgorithm.edDSA, .rs256])
    func joserfcVerifiesTheSignatures(_ algorithm: SigningAlgorithm) throws {
        let key = algorithm == .edDSA ? Sample.edKey : Sample.rsaKey
        let folder = try Helper.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let credentials = try Sample.credentials(key, people: algorithm == .edDSA ? 40 : 8)
        let tokens = credentials.compactMap(\.jws)
        // One tampered token, which must fail.
        var tampered = Array(tokens[0].utf8)
        let middle = tokens[0].split(separator: ".")[0].utf8.count + 40
        tampered[middle] = tampered[middle] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try Data((tokens + [String(decoding: tampered, as: UTF8.self)]).joined(separator: "\n").utf8)
            .write(to: folder.appendingPathComponent("tokens.jwt"))
        try Data(key.publicKey.jwk.serialized.utf8).write(to: folder.appendingPathComponent("key.json"))
        let script = #"""
            import json, sys, warnings
            warnings.simplefilter("ignore")
            from joserfc import jws
            from joserfc.jwk import import_key
            folder, alg = sys.argv[1], sys.argv[2]
            key = import_key(json.load(open(folder + "/key.json")))
            # A header that embeds an RSA public JWK is longer than joserfc's default 512 bytes.
            registry = jws.JWSRegistry(algorithms=[alg])
            registry.max_header_length = 4096
            registry.max_payload_length = 1 << 20
            good = bad = 0
            for token in open(folder + "/tokens.jwt").read().split("\n"):
                try:
                    obj = jws.deserialize_compact(token, key, registry=registry)
                    json.loads(obj.payload)
                    good += 1
                except Exception:
                    bad += 1
            print(good, bad)
            """#
        let scriptURL = folder.appendingPathComponent("verify.py")
        try Data(script.utf8).write(to: scriptURL)
        let result = try #require(Helper.run("python3", [scriptURL.path, folder.path, algorithm.rawValue]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(tokens.count) 1")
    }
}
