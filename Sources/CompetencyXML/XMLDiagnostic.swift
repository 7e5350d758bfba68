public import CompetencyModel

/// A problem found while reading a document, with where it is.
public struct XMLDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is. Validation maps these to rule identifiers:
    /// `syntax`, `encoding` and `limit` to `xml-syntax`, `unsafe` to `unsafe-xml`,
    /// `schema` to `schema`.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The bytes are not well-formed XML.
        case syntax
        /// The bytes are not in the encoding the document declares (or UTF-8).
        case encoding
        /// A construct the reader refuses for safety: a DOCTYPE, entity declarations.
        case unsafe
        /// The document is larger or deeper than the reader's limits allow.
        case limit
        /// The document is well-formed but breaks the vocabulary (unknown element,
        /// missing or malformed attribute).
        case schema
        /// The input could not be read at all.
        case io
    }

    public enum Severity: String, Hashable, Sendable, Codable {
        case error, warning
    }

    public var kind: Kind
    public var severity: Severity
    /// What is wrong and, where it helps, what to do about it.
    public var message: String
    public var location: SourceLocation?

    public init(_ kind: Kind, _ message: String, at location: SourceLocation?, severity: Severity = .error) {
        self.kind = kind
        self.message = message
        self.location = location
        self.severity = severity
    }

    /// `file:line:column: error: message`, like a compiler.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message)"
    }
}

/// Reading failed; `diagnostics` holds every problem found, in document order.
public struct XMLReadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [XMLDiagnostic]

    public init(_ diagnostics: [XMLDiagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A value read from a document, with where each of its entities was written.
public struct Parsed<Value: Sendable>: Sendable {
    public var value: Value
    public var sourceMap: SourceMap
    /// Problems that did not stop reading.
    public var warnings: [XMLDiagnostic]

    public init(value: Value, sourceMap: SourceMap, warnings: [XMLDiagnostic] = []) {
        self.value = value
        self.sourceMap = sourceMap
        self.warnings = warnings
    }
}

extension Parsed: Equatable where Value: Equatable {}
