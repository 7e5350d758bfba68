import CompetencyModel
import CompetencyValidation
import CompetencyXML
import Foundation

extension Diagnostic {
    /// The rule that a reader finding of `kind` belongs to: `xml-syntax` for syntax,
    /// encoding and limit problems, `unsafe-xml`, `schema`; `nil` for `io`, which is a
    /// failure to read rather than a finding about the document.
    public static func rule(for kind: XMLDiagnostic.Kind) -> String? {
        switch kind {
        case .syntax, .encoding, .limit: XMLSyntaxRule.description.identifier
        case .unsafe: UnsafeXMLRule.description.identifier
        case .schema: SchemaRule.description.identifier
        case .io: nil
        }
    }

    /// A reader or schema-validator finding as a diagnostic of its rule; `nil` for `io`.
    public init?(_ finding: XMLDiagnostic) {
        guard let rule = Diagnostic.rule(for: finding.kind) else { return nil }
        self.init(
            rule: rule, severity: finding.severity == .warning ? .warning : .error, message: finding.message,
            location: finding.location)
    }
}

/// A document read for validation: its value when it could be read, and what the reader
/// (and the schema validator) found in its bytes.
public struct ReadDocument: Sendable {
    public var file: String?
    /// The document, or `nil` when it is not well-formed or unsafe.
    public var parsed: Parsed<CompetencyDocument>?
    /// The reader's and the schema validator's findings, as diagnostics of `xml-syntax`,
    /// `unsafe-xml` and `schema`, in document order.
    public var diagnostics: [Diagnostic]

    /// Reads `data` and, when the reader could build the document, checks it against the
    /// XML Schema too (unless `checkSchema` is false). A document the reader refuses is not
    /// checked against the schema: the reader's findings already say what is wrong, and the
    /// schema's would repeat them in other words. Throws only when the input cannot be read
    /// at all (a finding of kind `io`); every other problem becomes a diagnostic.
    public init(_ data: Data, file: String?, reader: XMLReader = XMLReader(), checkSchema: Bool = true) throws(XMLReadError) {
        self.file = file
        var findings: [XMLDiagnostic]
        do {
            let parsed = try reader.read(data, file: file)
            self.parsed = parsed
            findings = parsed.warnings
        } catch {
            if error.diagnostics.contains(where: { $0.kind == .io }) { throw error }
            parsed = nil
            findings = error.diagnostics
        }
        if parsed != nil && checkSchema {
            let schemaFindings = SchemaValidator.validate(data, file: file)
            let failures = schemaFindings.filter { $0.kind == .io }
            if !failures.isEmpty { throw XMLReadError(failures) }
            findings += schemaFindings
        }
        var seen: Set<Diagnostic> = []
        diagnostics = Validator.sorted(findings.compactMap(Diagnostic.init).filter { seen.insert($0).inserted })
    }
}

extension Validator {
    /// Every finding in a document read with ``ReadDocument``: the reader's and schema's
    /// (with this validator's configuration applied) and the rules', in document order.
    /// A roster is checked against `framework` when given.
    public func validate(_ document: ReadDocument, framework: Parsed<Framework>? = nil) -> [Diagnostic] {
        var diagnostics = configuration.apply(to: document.diagnostics)
        switch document.parsed?.value {
        case .framework(let value)?:
            diagnostics += validate(value, sourceMap: document.parsed?.sourceMap ?? SourceMap())
        case .roster(let value)?:
            diagnostics += validate(
                value, sourceMap: document.parsed?.sourceMap ?? SourceMap(), framework: framework?.value,
                frameworkSourceMap: framework?.sourceMap ?? SourceMap())
        default:
            break
        }
        return Validator.sorted(diagnostics)
    }
}
