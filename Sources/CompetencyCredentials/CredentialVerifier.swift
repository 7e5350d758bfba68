public import CompetencyModel
public import CompetencyDiagnostics
import Foundation

/// Verifies compact-JWS Open Badges 3.0 credentials: the JOSE header, the signature, `alg`
/// against the key, the JWT claims against the credential, `validFrom` / `validUntil` against
/// the date, the `@context` order, and the types and fields Open Badges 3.0 on VC 2.0 requires.
///
/// Nothing is fetched: the key is one given, one of a JWKS given, or, without either, the
/// `jwk` of the header (which proves integrity, not who signed; ``Verification/keyFromHeader``).
public struct CredentialVerifier: Sendable {
    /// The keys to verify with; empty to take the header's `jwk`.
    public let keys: [VerificationKey]
    /// The day on which the credential must be valid.
    public let asOf: ISODate

    public init(keys: [VerificationKey], asOf: ISODate) {
        self.keys = keys
        self.asOf = asOf
    }

    /// The keys of a JWKS (`{"keys": [...]}`); keys of other types are skipped.
    public static func keys(ofJWKS jwks: JSON) throws(KeyError) -> [VerificationKey] {
        guard let entries = jwks["keys"]?.array else { throw KeyError("a JWKS is an object with a \"keys\" array") }
        var keys: [VerificationKey] = []
        for entry in entries {
            if let key = try? VerificationKey(jwk: entry) { keys.append(key) }
        }
        guard !keys.isEmpty else { throw KeyError("the JWKS holds no RSA or Ed25519 public key") }
        return keys
    }

    /// What verifying one credential found.
    public struct Verification: Sendable {
        /// Every reason the credential is not valid; empty when it is.
        public var problems: [Problem]
        /// The credential (the JWT payload), when it could be decoded.
        public var credential: JSON?
        /// `true` when no key was given and the header's own `jwk` was used.
        public var keyFromHeader: Bool
        public var isValid: Bool { problems.isEmpty }
    }

    /// One reason a credential is not valid.
    public struct Problem: Hashable, Sendable {
        /// The diagnostic code (`credential.<code>`).
        public var code: String
        public var message: String
        /// The 1-based column in the compact JWS where the offending part starts.
        public var column: Int
    }

    /// Verifies one compact JWS.
    public func verify(_ compact: String) -> Verification {
        var result = Verification(problems: [], credential: nil, keyFromHeader: false)
        func fail(_ code: String, _ message: String, column: Int = 1) {
            result.problems.append(Problem(code: code, message: message, column: column))
        }
        let parts = compact.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            .map { Substring($0) }
        guard parts.count == 3 else {
            fail("malformed", "a compact JWS has three base64url parts separated by '.', this has \(parts.count)")
            return result
        }
        let payloadColumn = parts[0].utf8.count + 2
        let signatureColumn = payloadColumn + parts[1].utf8.count + 1
        guard let headerBytes = Base64URL.decode(parts[0]), let header = try? JSON.parse(headerBytes), header.members != nil
        else {
            fail("malformed", "the JOSE header is not base64url-encoded JSON")
            return result
        }
        guard let payloadBytes = Base64URL.decode(parts[1]), let payload = try? JSON.parse(payloadBytes),
            payload.members != nil
        else {
            fail("malformed", "the JWT payload is not base64url-encoded JSON", column: payloadColumn)
            return result
        }
        result.credential = payload
        guard let signature = Base64URL.decode(parts[2]), !signature.isEmpty else {
            fail("bad-signature", "the signature is missing or not base64url", column: signatureColumn)
            return result
        }

        // The header: alg, kid, jwk, typ and nothing else (Open Badges 3.0 §8.2.2).
        let algName = header["alg"]?.string ?? ""
        guard let algorithm = SigningAlgorithm(rawValue: algName) else {
            let why = algName == "none" ? "'none' signs nothing" : algName.hasPrefix("HS") ? "a shared-secret MAC is not a signature" : "it is not supported"
            fail("unsupported-alg", "alg '\(algName)' is refused: \(why); credentials are signed with RS256 or EdDSA")
            return result
        }
        for member in header.members ?? [] where !["alg", "kid", "jwk", "typ"].contains(member.key) {
            fail("header", "the JOSE header has '\(member.key)'; Open Badges 3.0 allows only alg, kid, jwk and typ")
        }
        if let typ = header["typ"], typ.string != "JWT" { fail("header", "the JOSE header's typ must be \"JWT\"") }
        let kid = header["kid"]?.string
        var key: VerificationKey?
        if keys.isEmpty {
            if let jwk = header["jwk"] {
                do throws(KeyError) {
                    key = try VerificationKey(jwk: jwk)
                    result.keyFromHeader = true
                } catch {
                    fail("header", "the header's jwk cannot be used: \(error.message)")
                }
            } else {
                fail("no-key", "the header has no jwk and no key was given; pass --key or --jwks")
            }
        } else if keys.count == 1 {
            key = keys[0]
        } else {
            key = keys.first { candidate in
                guard let kid else { return false }
                return kid == candidate.keyID || kid.hasSuffix("#" + candidate.keyID)
            }
            if key == nil { fail("no-key", "no key of the JWKS has the kid '\(kid ?? "")' of the header") }
        }
        if let key {
            if key.algorithm != algorithm {
                fail(
                    "alg-mismatch",
                    "alg is \(algorithm.rawValue) but the key is a\(key.algorithm == .rs256 ? "n RSA (RS256)" : "n Ed25519 (EdDSA)") key")
            } else if !key.isValid(signature: signature, for: Array("\(parts[0]).\(parts[1])".utf8), algorithm: algorithm) {
                fail("bad-signature", "the signature does not verify with key \(key.keyID): the credential was changed or signed with another key", column: signatureColumn)
            }
        }
        checkCredential(payload) { code, message in fail(code, message, column: payloadColumn) }
        return result
    }

    /// The checks on the credential itself.
    func checkCredential(_ vc: JSON, fail: (String, String) -> Void) {
        let contexts = vc["@context"]?.strings ?? []
        if Array(contexts.prefix(2)) != OpenBadges.contexts {
            fail(
                "context",
                "@context must begin with \"\(OpenBadges.credentialsContext)\" then \"\(OpenBadges.openBadgesContext)\"; it has \(contexts.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        let types = vc["type"]?.strings ?? []
        if !types.contains("VerifiableCredential") || !(types.contains("OpenBadgeCredential") || types.contains("AchievementCredential")) {
            fail("type", "type must include \"VerifiableCredential\" and \"OpenBadgeCredential\"")
        }
        func required(_ value: JSON?, _ path: String) -> JSON? {
            if value == nil { fail("missing-field", "the credential has no \(path), which Open Badges 3.0 requires") }
            return value
        }
        let id = required(vc["id"], "id")?.string
        _ = required(vc["name"], "name")
        let issuerID = required(vc["issuer"], "issuer").flatMap { $0.string ?? $0["id"]?.string }
        if let issuer = vc["issuer"], issuer.members != nil {
            if issuer["id"] == nil { fail("missing-field", "the credential has no issuer.id, which Open Badges 3.0 requires") }
            if issuer["type"]?.strings.contains("Profile") != true { fail("type", "issuer.type must include \"Profile\"") }
        }
        if vc["issuanceDate"] != nil && vc["validFrom"] == nil {
            fail("missing-field", "the credential has issuanceDate (VC 1.1) but no validFrom, which VC 2.0 requires")
        }
        let validFromText = required(vc["validFrom"], "validFrom")?.string
        let validFrom = validFromText.flatMap(ISODate.epochSeconds(of:))
        if validFromText != nil && validFrom == nil { fail("date", "validFrom '\(validFromText ?? "")' is not a date-time with a time zone") }
        let validUntilText = vc["validUntil"]?.string
        let validUntil = validUntilText.flatMap(ISODate.epochSeconds(of:))
        if validUntilText != nil && validUntil == nil { fail("date", "validUntil '\(validUntilText ?? "")' is not a date-time with a time zone") }
        if let day = validFromText.flatMap(ISODate.utcDay(of:)), day > asOf {
            fail("not-yet-valid", "the credential is valid from \(validFromText ?? ""), after \(asOf)")
        }
        if let day = validUntilText.flatMap(ISODate.utcDay(of:)), day < asOf {
            fail("expired", "the credential expired at \(validUntilText ?? ""), before \(asOf)")
        }
        let subject = required(vc["credentialSubject"], "credentialSubject")
        if let subject {
            if subject["type"]?.strings.contains("AchievementSubject") != true {
                fail("type", "credentialSubject.type must include \"AchievementSubject\"")
            }
            if let achievement = subject["achievement"] {
                if achievement["type"]?.strings.contains("Achievement") != true {
                    fail("type", "credentialSubject.achievement.type must include \"Achievement\"")
                }
                for field in ["id", "name", "description", "criteria"] where achievement[field] == nil {
                    fail("missing-field", "the credential has no credentialSubject.achievement.\(field), which Open Badges 3.0 requires")
                }
            } else {
                fail("missing-field", "the credential has no credentialSubject.achievement, which Open Badges 3.0 requires")
            }
            for identifier in subject["identifier"]?.array ?? [] {
                if identifier["identityHash"] == nil || identifier["identityType"] == nil || identifier["hashed"] == nil {
                    fail("missing-field", "an identifier needs identityHash, identityType and hashed")
                }
            }
        }
        // The JWT claims mirror the credential (§8.2.3).
        func claim(_ name: String, _ expected: String?, _ what: String) {
            guard let value = vc[name] else {
                fail("claims", "the JWT has no '\(name)' claim (\(what))")
                return
            }
            if value.string != expected { fail("claims", "the JWT '\(name)' claim does not match \(what)") }
        }
        claim("iss", issuerID, "issuer.id")
        claim("jti", id, "the credential id")
        claim("sub", subject?["id"]?.string, "credentialSubject.id")
        if let nbf = vc["nbf"]?.integer {
            if let validFrom, nbf != validFrom { fail("claims", "the JWT 'nbf' claim does not match validFrom") }
        } else {
            fail("claims", "the JWT has no numeric 'nbf' claim (validFrom)")
        }
        if let exp = vc["exp"] {
            if exp.integer != validUntil { fail("claims", "the JWT 'exp' claim does not match validUntil") }
        } else if validUntil != nil {
            fail("claims", "the credential has validUntil but the JWT has no 'exp' claim")
        }
    }
}

extension CredentialVerifier.Problem {
    /// The problem as a diagnostic (`credential.<code>`) at `line` and ``column`` of `file`.
    public func diagnostic(file: String, line: Int, severity: DiagnosticSeverity = .error) -> Diagnostic {
        Diagnostic(
            id: DiagnosticID(domain: "credential", code: code), severity: severity, message: message,
            location: SourceLocation(file: file, line: line, column: column))
    }
}
