public import CompetencyModel
import Crypto
import Foundation

/// Issues Open Badges 3.0 `OpenBadgeCredential`s for the people of a roster: one per
/// competency at the level each person attains, and one per assignment rule whose every
/// requirement they meet. Signed credentials are compact JWS (VC-JWT); see
/// `Documentation/Credentials.md` for the field mapping.
///
/// An issuer is an immutable `Sendable` value; ``credentials(for:)`` may be called from
/// several tasks at once. With a ``Options/saltSeed`` and a fixed key the output is the same,
/// byte for byte, on every run (Ed25519 and RS256 signatures are deterministic).
public struct CredentialIssuer: Sendable {
    /// Where competency URIs come from, which decides an alignment's `targetType`.
    public enum AlignmentSource: String, Hashable, Sendable {
        /// A CASE package: `CFItem`.
        case caseItems = "case"
        /// CTDL-ASN: `ceasn:Competency`.
        case ctdl
        /// Told from each URI: CASE `…/CFItems/…` URIs, Credential Engine registry URIs; else no `targetType`.
        case inferred
    }

    /// What to issue and how.
    public struct Options: Hashable, Sendable {
        /// The person attribute whose value is hashed into the subject's `identifier`.
        public var identityAttribute: String
        /// The identifier's `identityType`.
        public var identityType: String
        /// The language of names and descriptions; the framework's when `nil`.
        public var language: String?
        /// Derive salts from this seed (deterministic output) instead of drawing them at random.
        public var saltSeed: UInt64?
        public var alignmentSource: AlignmentSource
        /// A JWKS URL that publishes the key: the JOSE header then names the key by
        /// `<url>#<kid>` instead of embedding the public JWK.
        public var jwksURL: String?

        public init(
            identityAttribute: String, identityType: String = OpenBadges.nationalIdentityNumber, language: String? = nil,
            saltSeed: UInt64? = nil, alignmentSource: AlignmentSource = .inferred, jwksURL: String? = nil
        ) {
            self.identityAttribute = identityAttribute
            self.identityType = identityType
            self.language = language
            self.saltSeed = saltSeed
            self.alignmentSource = alignmentSource
            self.jwksURL = jwksURL
        }
    }

    /// One issued credential.
    public struct IssuedCredential: Hashable, Sendable {
        /// What the credential is for.
        public enum Subject: Hashable, Sendable {
            case competency(Competency.ID, Level.ID)
            case rule(AssignmentRule.ID)
        }

        public var person: Person.ID
        public var subject: Subject
        /// The achievement's `id`.
        public var achievementID: String
        /// The compact JWS, when the issuer has a key.
        public var jws: String?
        /// The credential's JSON when unsigned; signed, it is read back from ``jws``.
        private var unsigned: String?
        /// How many bytes of the JWT payload are the credential's own members.
        private var credentialBytes: Int

        init(person: Person.ID, subject: Subject, achievementID: String, credential: String, jws: String?) {
            self.person = person
            self.subject = subject
            self.achievementID = achievementID
            self.jws = jws
            credentialBytes = credential.utf8.count - 1
            unsigned = jws == nil ? credential : nil
        }

        /// A signed credential whose JSON is the first `credentialBytes` bytes of the payload, then `}`.
        init(person: Person.ID, subject: Subject, achievementID: String, credentialBytes: Int, jws: String) {
            self.person = person
            self.subject = subject
            self.achievementID = achievementID
            self.jws = jws
            self.credentialBytes = credentialBytes
            unsigned = nil
        }

        /// The credential as JSON, without the JWT claims (decoded from the JWS when signed,
        /// so that a signed credential is held once).
        public var credential: String {
            if let unsigned { return unsigned }
            guard let jws, let payload = jws.split(separator: ".").dropFirst().first.flatMap(Base64URL.decode) else { return "" }
            return String(decoding: payload.prefix(credentialBytes), as: UTF8.self) + "}"
        }

        /// A file name for the credential: `<person>.<competency>.<level>.jwt` or `<person>.rule.<rule>.jwt`.
        public var fileName: String {
            switch subject {
            case .competency(let competency, let level): "\(person).\(competency).\(level).jwt"
            case .rule(let rule): "\(person).rule.\(rule).jwt"
            }
        }
    }

    public let framework: FrameworkIndex
    public let issuer: IssuerProfile
    public let asOf: ISODate
    public let options: Options
    let key: SigningKey?
    let encodedHeader: [UInt8]
    let issuerJSON: [UInt8]
    let achievements: [Competency.ID: [Level.ID: AchievementTemplate]]
    let rules: [RuleTemplate]

    /// Prepares an issuer: every achievement is written once, here.
    ///
    /// - Parameters:
    ///   - framework: the framework the roster is evaluated against.
    ///   - issuer: the issuer profile written into every credential.
    ///   - key: the signing key; `nil` issues unsigned credentials only.
    ///   - asOf: the date attainment is evaluated on (Assignment.md's rules).
    ///   - options: the identity attribute, language, salts and key naming.
    public init(framework: Framework, issuer: IssuerProfile, key: SigningKey?, asOf: ISODate, options: Options) {
        let index = FrameworkIndex(framework)
        self.framework = index
        self.issuer = issuer
        self.key = key
        self.asOf = asOf
        self.options = options
        var issuerBuffer = JSONBuffer()
        issuerBuffer.value(issuer.json)
        issuerJSON = issuerBuffer.bytes
        if let key {
            var header = JSONBuffer()
            header.beginObject()
            header.member("alg", key.algorithm.rawValue)
            header.member("kid", options.jwksURL.map { "\($0)#\(key.keyID)" } ?? key.keyID)
            header.member("typ", "JWT")
            if options.jwksURL == nil {
                header.key("jwk")
                header.value(key.publicKey.jwk)
            }
            header.endObject()
            var encoded: [UInt8] = []
            Base64URL.encode(header.bytes, into: &encoded)
            encodedHeader = encoded
        } else {
            encodedHeader = []
        }
        let writer = AchievementWriter(index: index, options: options)
        var achievements: [Competency.ID: [Level.ID: AchievementTemplate]] = [:]
        for competency in index.allCompetencies {
            for level in index.definedLevels(of: competency.id) {
                if let template = writer.competency(competency, level: level) {
                    achievements[competency.id, default: [:]][level] = template
                }
            }
        }
        self.achievements = achievements
        self.rules = framework.rules.compactMap { writer.rule($0, asOf: asOf) }
    }

    /// The credentials of one person, competencies in framework order, then rules in
    /// document order; `nil` when the person has no ``Options/identityAttribute``.
    ///
    /// - Throws: ``KeyError`` when signing fails.
    public func credentials(for person: Person) throws(KeyError) -> [IssuedCredential]? {
        guard let identity = person.attribute(options.identityAttribute), !identity.isEmpty else { return nil }
        let attained = Attainments(person: person, index: framework, asOf: asOf)
        var issued: [IssuedCredential] = []
        for competency in framework.allCompetencies {
            guard let attainment = attained.byCompetency[competency.id],
                let template = achievements[competency.id]?[attainment.level]
            else { continue }
            issued.append(
                try credential(
                    for: person, identity: identity, template: template, result: template.result,
                    validity: attainment.validity, evidence: attainment.sources,
                    subject: .competency(competency.id, attainment.level)))
        }
        for rule in rules {
            var validity = Validity(from: nil, until: nil)
            var evidence: [EvidenceSource] = []
            var met = true
            for (competency, rank) in rule.requirements {
                guard let attainment = attained.byCompetency[competency], attainment.rank >= rank else {
                    met = false
                    break
                }
                validity.narrow(to: attainment.validity)
                for source in attainment.sources where !evidence.contains(source) { evidence.append(source) }
            }
            guard met else { continue }
            issued.append(
                try credential(
                    for: person, identity: identity, template: rule.template, result: nil, validity: validity,
                    evidence: evidence, subject: .rule(rule.id)))
        }
        return issued
    }

    private func salt(for person: Person, achievement: String) -> String {
        if let seed = options.saltSeed {
            var seedBytes = [UInt8](repeating: 0, count: 8)
            for index in 0..<8 { seedBytes[index] = UInt8(truncatingIfNeeded: seed >> (56 - 8 * UInt64(index))) }
            let mac = HMAC<SHA256>.authenticationCode(
                for: Array("\(person.id.rawValue)\u{0}\(achievement)".utf8), using: SymmetricKey(data: seedBytes))
            return Digest.hex(Array(mac).prefix(16))
        }
        var generator = SystemRandomNumberGenerator()
        return Digest.hex((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    private func credential(
        for person: Person, identity: String, template: AchievementTemplate, result: ResultTemplate?, validity: Validity,
        evidence: [EvidenceSource], subject: IssuedCredential.Subject
    ) throws(KeyError) -> IssuedCredential {
        let salt = salt(for: person, achievement: template.id)
        let identityHash = "sha256$" + Digest.hex(SHA256.hash(data: Array((identity + salt).utf8)))
        let credentialID = Digest.uuidURN("credential", issuer.id, template.id, identityHash)
        let subjectID = Digest.uuidURN("subject", identityHash)
        let validFrom = validity.from ?? asOf

        var json = JSONBuffer(capacity: 4096)
        json.beginObject()
        json.key("@context")
        json.strings(OpenBadges.contexts)
        json.member("id", credentialID)
        json.key("type")
        json.strings(OpenBadges.credentialTypes)
        json.member("name", template.name)
        json.key("issuer")
        json.raw(issuerJSON)
        json.member("validFrom", validFrom.startDateTime)
        json.member("validUntil", validity.until?.endDateTime)
        json.key("credentialSubject")
        json.beginObject()
        json.member("id", subjectID)
        json.key("type")
        json.strings(["AchievementSubject"])
        json.key("identifier")
        json.beginArray()
        json.beginObject()
        json.member("type", "IdentityObject")
        json.member("identityHash", identityHash)
        json.member("identityType", options.identityType)
        json.key("hashed")
        json.bool(true)
        json.member("salt", salt)
        json.endObject()
        json.endArray()
        json.key("achievement")
        json.raw(template.json)
        if let result {
            json.key("result")
            json.beginArray()
            json.beginObject()
            json.key("type")
            json.strings(["Result"])
            json.member("resultDescription", result.resultDescription)
            json.member("achievedLevel", result.achievedLevel)
            json.endObject()
            json.endArray()
        }
        json.endObject()
        if !evidence.isEmpty {
            json.key("evidence")
            json.beginArray()
            for source in evidence { source.write(to: &json, index: framework, language: options.language) }
            json.endArray()
        }
        guard let key else {
            return IssuedCredential(
                person: person.id, subject: subject, achievementID: template.id, credential: json.text + "}", jws: nil)
        }
        let credentialBytes = json.bytes.count
        // The JWT claims (Open Badges 3.0 §8.2.3) follow the credential's own members.
        json.member("iss", issuer.id)
        json.member("jti", credentialID)
        json.member("sub", subjectID)
        json.key("nbf")
        json.integer(validFrom.startSeconds)
        if let until = validity.until {
            json.key("exp")
            json.integer(until.endSeconds)
        }
        json.endObject()
        var compact = encodedHeader
        compact.reserveCapacity(compact.count + json.bytes.count * 4 / 3 + 400)
        compact.append(UInt8(ascii: "."))
        Base64URL.encode(json.bytes, into: &compact)
        let signature = try key.sign(compact)
        compact.append(UInt8(ascii: "."))
        Base64URL.encode(signature, into: &compact)
        return IssuedCredential(
            person: person.id, subject: subject, achievementID: template.id, credentialBytes: credentialBytes,
            jws: String(decoding: compact, as: UTF8.self))
    }
}

/// The dates a level holds between: `validFrom`, and `validUntil` when it came from expiring certificates only.
struct Validity: Hashable, Sendable {
    var from: ISODate?
    var until: ISODate?

    /// Both ranges at once: the later start, the earlier end.
    mutating func narrow(to other: Validity) {
        if let start = other.from { from = max(from ?? start, start) }
        if let end = other.until { until = min(until ?? end, end) }
    }
}
