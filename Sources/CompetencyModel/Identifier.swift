/// A typed identifier: the `id` of one kind of entity.
///
/// `Tag` is a phantom type, so a `Competency.ID` cannot be passed where a
/// `Position.ID` is expected. Identifiers encode as plain JSON strings.
public struct Identifier<Tag>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether the identifier is a valid token: `[A-Za-z_][A-Za-z0-9._-]*`.
    public var isValidToken: Bool { IdentifierSyntax.isValidToken(rawValue) }
}

/// The lexical rules shared by every identifier.
public enum IdentifierSyntax {
    /// Whether `text` matches `[A-Za-z_][A-Za-z0-9._-]*`.
    public static func isValidToken(_ text: String) -> Bool {
        var iterator = text.utf8.makeIterator()
        guard let first = iterator.next(), isStart(first) else { return false }
        while let byte = iterator.next() {
            guard isStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2D else {
                return false
            }
        }
        return true
    }

    private static func isStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }
}
