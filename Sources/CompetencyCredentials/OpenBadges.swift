import CompetencyModel
import Crypto
import Foundation

/// The Open Badges 3.0 vocabulary that issuing and verifying rely on.
public enum OpenBadges {
    /// The VC Data Model 2.0 base context: the first `@context` entry.
    public static let credentialsContext = "https://www.w3.org/ns/credentials/v2"
    /// The Open Badges 3.0 context: the second `@context` entry.
    public static let openBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    /// The `@context` of every issued credential, in the order verification requires.
    public static let contexts = [credentialsContext, openBadgesContext]
    /// The credential types written.
    public static let credentialTypes = ["VerifiableCredential", "OpenBadgeCredential"]
    /// The default `identityType` of the subject's identifier.
    public static let nationalIdentityNumber = "nationalIdentityNumber"
}

/// The issuer: an Open Badges 3.0 `Profile` object, written into every credential as given.
public struct IssuerProfile: Hashable, Sendable {
    /// The profile, members in the order they were read.
    public let json: JSON
    /// Its `id`, the JWT `iss`.
    public let id: String

    /// Checks that `json` is a `Profile`: an object with an `id` URI and `type` `Profile`.
    public init(json: JSON) throws(KeyError) {
        guard json.members != nil else { throw KeyError("the issuer profile must be a JSON object") }
        guard let id = json["id"]?.string, id.contains(":") else {
            throw KeyError("the issuer profile needs an 'id' that is a URI (https://… or did:…)")
        }
        guard json["type"]?.strings.contains("Profile") == true else {
            throw KeyError("the issuer profile needs \"type\": [\"Profile\"]")
        }
        if json["d"] != nil || json["jwk"]?["d"] != nil {
            throw KeyError("the issuer profile holds private key material ('d'); remove it")
        }
        self.json = json
        self.id = id
    }
}

/// Calendar arithmetic on ``ISODate`` for JWT NumericDates and `validFrom` / `validUntil`.
extension ISODate {
    /// Days since 1970-01-01 (proleptic Gregorian).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Midnight UTC at the start of the day, in seconds since the epoch.
    var startSeconds: Int { daysSinceEpoch * 86_400 }
    /// The last second of the day, UTC.
    var endSeconds: Int { startSeconds + 86_399 }
    /// `YYYY-MM-DDT00:00:00Z`.
    var startDateTime: String { "\(self)T00:00:00Z" }
    /// `YYYY-MM-DDT23:59:59Z`.
    var endDateTime: String { "\(self)T23:59:59Z" }

    /// The UTC day of a `DateTimeZ` (`2026-01-15T08:00:00Z`, `…+07:00`), or `nil`.
    static func utcDay(of dateTime: String) -> ISODate? {
        guard let seconds = epochSeconds(of: dateTime) else { return nil }
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        return ISODate(daysSinceEpoch: days)
    }

    /// Seconds since the epoch of a `DateTimeZ`, or `nil` when it has no zone or is malformed.
    static func epochSeconds(of dateTime: String) -> Int? {
        let text = Array(dateTime.utf8)
        guard text.count >= 20, text[10] == UInt8(ascii: "T"), let date = ISODate(String(decoding: text[0..<10], as: UTF8.self))
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= text.count else { return nil }
            return Int(String(decoding: text[range], as: UTF8.self))
        }
        guard text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), hour < 24, minute < 60, second < 61
        else { return nil }
        var rest = 19
        if rest < text.count, text[rest] == UInt8(ascii: ".") {
            rest += 1
            while rest < text.count, (0x30...0x39).contains(text[rest]) { rest += 1 }
        }
        var offset = 0
        guard rest < text.count else { return nil }
        if text[rest] == UInt8(ascii: "Z") || text[rest] == UInt8(ascii: "z") {
            guard rest + 1 == text.count else { return nil }
        } else if text[rest] == UInt8(ascii: "+") || text[rest] == UInt8(ascii: "-") {
            guard rest + 6 == text.count, text[rest + 3] == UInt8(ascii: ":"), let zoneHour = number(rest + 1..<rest + 3),
                let zoneMinute = number(rest + 4..<rest + 6)
            else { return nil }
            offset = (zoneHour * 3600 + zoneMinute * 60) * (text[rest] == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        return date.startSeconds + hour * 3600 + minute * 60 + second - offset
    }

    init?(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

/// Name-based identifiers and salts.
enum Digest {
    static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A `urn:uuid:` (version 8, RFC 9562) made of the SHA-256 of `parts`, joined by NUL.
    static func uuidURN(_ parts: String...) -> String {
        var hasher = SHA256()
        for (index, part) in parts.enumerated() {
            if index > 0 { hasher.update(data: [0]) }
            hasher.update(data: Array(part.utf8))
        }
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x80
        bytes[8] = bytes[8] & 0x3F | 0x80
        var out = Array("urn:uuid:".utf8)
        out.reserveCapacity(45)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
