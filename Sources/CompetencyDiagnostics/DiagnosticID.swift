/// What kind of finding a diagnostic is: a domain (who reports it) and a code (what it is),
/// written `domain.code`, for example `xml.unclosed-element`, `validation.unknown-reference`
/// or `case.unmapped-association`.
///
/// Identifiers are stable: scripts, configurations and code-scanning services key on them.
/// The domains in use:
///
/// | domain | reported by |
/// |---|---|
/// | `io` | reading or writing files: a missing file, a folder, no permission |
/// | `usage` | a call that lacks what it needs: no date to plan on, no framework for a roster |
/// | `xml` | the XML reader: the bytes are not well-formed, not UTF-8, too large or unsafe |
/// | `schema` | the XML reader and the XML Schema: the vocabulary is broken |
/// | `validation` | the validation rules, by rule identifier |
/// | `document` | loading: the document is of another kind than the one expected |
/// | `json`, `case`, `medbiq`, `ctdl`, `esco`, `sfia`, `csv` | importers and exporters |
/// | `assignment` | planning: a person skipped, a search that reached its limit |
/// | `evolution` | comparing versions: a declared version too low for the changes |
/// | `migration` | moving records to a new version: what cannot be carried |
public struct DiagnosticID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Who reports the finding (`xml`, `validation`, `case`).
    public var domain: String
    /// What the finding is, unique within its domain (`unclosed-element`).
    public var code: String

    public init(domain: String, code: String) {
        self.domain = domain
        self.code = code
    }

    /// Parses `domain.code`; `nil` when there is no dot.
    public init?(_ text: String) {
        guard let dot = text.firstIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex
        else { return nil }
        self.init(domain: String(text[..<dot]), code: String(text[text.index(after: dot)...]))
    }

    /// `domain.code`.
    public var description: String { "\(domain).\(code)" }

    /// The validation rule whose configuration applies to findings of this identifier:
    /// the code for `validation`, `xml-syntax` for `xml` findings but `xml.unsafe`, which
    /// is `unsafe-xml`, and `schema` for the `schema` domain. `nil` for everything else
    /// (files that cannot be read, conversion losses), which no rule configuration changes.
    public var rule: String? {
        switch domain {
        case "validation": code
        case "xml": code == "unsafe" ? "unsafe-xml" : "xml-syntax"
        case "schema": "schema"
        default: nil
        }
    }

    /// Whether the finding means the input could not be used at all (the `io` and `usage`
    /// domains), rather than that something is wrong inside it.
    public var isUnusable: Bool { domain == "io" || domain == "usage" }

    public static func < (lhs: DiagnosticID, rhs: DiagnosticID) -> Bool {
        (lhs.domain, lhs.code) < (rhs.domain, rhs.code)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = DiagnosticID(text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not of the form domain.code"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension DiagnosticID {
    /// A finding of a validation rule.
    public static func validation(_ rule: String) -> DiagnosticID { DiagnosticID(domain: "validation", code: rule) }
    /// A finding of the XML reader about the bytes.
    public static func xml(_ code: String) -> DiagnosticID { DiagnosticID(domain: "xml", code: code) }
    /// A finding about the vocabulary, from the reader or the XML Schema.
    public static func schema(_ code: String) -> DiagnosticID { DiagnosticID(domain: "schema", code: code) }
    /// A file that cannot be read or written.
    public static func io(_ code: String) -> DiagnosticID { DiagnosticID(domain: "io", code: code) }
    /// A call that lacks what it needs.
    public static func usage(_ code: String) -> DiagnosticID { DiagnosticID(domain: "usage", code: code) }
}
