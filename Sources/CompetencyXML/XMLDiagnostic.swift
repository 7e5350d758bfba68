import CompetencyModel
import CompetencyDiagnostics

/// What kind of problem the reader met; each maps to a ``DiagnosticID``.
enum ReadKind {
    /// The bytes are not well-formed XML: `xml.syntax` (or a finer code).
    case syntax
    /// The bytes are not in the encoding the document declares (or UTF-8): `xml.encoding`.
    case encoding
    /// A construct refused for safety, a DOCTYPE or entity declarations: `xml.unsafe`.
    case unsafe
    /// Larger or deeper than the reader's limits allow: `xml.limit`.
    case limit
    /// Well-formed but breaking the vocabulary: `schema.<code>`, `schema.invalid` by default.
    case schema
    /// The input could not be read at all: `io.<code>`, `io.unreadable` by default.
    case io

    func id(_ code: String?) -> DiagnosticID {
        switch self {
        case .syntax: .xml(code ?? "syntax")
        case .encoding: .xml(code ?? "encoding")
        case .unsafe: .xml("unsafe")
        case .limit: .xml(code ?? "limit")
        case .schema: .schema(code ?? "invalid")
        case .io: .io(code ?? "unreadable")
        }
    }
}

extension Diagnostic {
    /// A reader finding of `kind`.
    static func reading(
        _ kind: ReadKind, _ message: String, at location: SourceLocation?, severity: DiagnosticSeverity = .error,
        code: String? = nil
    ) -> Diagnostic {
        Diagnostic(id: kind.id(code), severity: severity, message: message, location: location)
    }
}

extension DiagnosticError {
    /// A reading failure with one finding of `kind`.
    static func reading(_ kind: ReadKind, _ message: String, at location: SourceLocation?, code: String? = nil) -> DiagnosticError {
        DiagnosticError([.reading(kind, message, at: location, code: code)])
    }
}
