import CompetencyModel
import CompetencyDiagnostics
import CompetencyValidation
public import CompetencyXML
public import CompetencyInterchange
public import Foundation

/// A document read for validation: its value when it could be read, and what the reader
/// and the XML Schema found in its bytes.
///
/// The reader recovers from errors in the vocabulary (an unknown element is skipped, an
/// impossible date kept as missing; see `XMLReader.Options.recover`), so that the rules
/// still run on the rest and one run reports the schema errors and the semantic findings
/// together. Errors in the bytes (not XML, not UTF-8, unsafe) leave no document to check.
public struct ReadDocument: Sendable {
    public var file: String?
    /// The document, or `nil` when it is not well-formed, unsafe or beyond a limit.
    public var parsed: Parsed<CompetencyDocument>?
    /// The reader's and the schema's findings (`xml.*`, `schema.*`), in document order.
    public var diagnostics: [Diagnostic]
    /// The format the document was read from.
    public var format: InterchangeFormat = .xml

    /// Reads `data` and, when the reader could build the document, checks it against the
    /// XML Schema too (unless `checkSchema` is false). A document the reader refuses is not
    /// checked against the schema: the reader's findings already say what is wrong. Where
    /// the reader reported a vocabulary error on a line, the schema's findings on that
    /// line are left out: they would repeat it in other words. Throws only when the input
    /// cannot be read at all (`io.*`); every other problem becomes a diagnostic.
    public init(_ data: Data, file: String?, reader: XMLReader = XMLReader(), checkSchema: Bool = true) throws(DiagnosticError) {
        self.file = file
        var options = reader.options
        options.recover = true
        var findings: [Diagnostic]
        do {
            let parsed = try XMLReader(options: options).read(data, file: file)
            self.parsed = parsed
            findings = parsed.diagnostics
        } catch {
            if error.isUnusable { throw error }
            parsed = nil
            findings = error.diagnostics
        }
        if parsed != nil && checkSchema {
            let schemaFindings = SchemaValidator.validate(data, file: file)
            if schemaFindings.hasUnusableInput { throw DiagnosticError(schemaFindings.filter(\.id.isUnusable)) }
            let reported = Set(findings.filter { $0.id.domain == "schema" }.compactMap { $0.location?.line })
            findings += schemaFindings.filter { finding in finding.location.map { !reported.contains($0.line) } ?? true }
        }
        var seen: Set<Diagnostic> = []
        diagnostics = Diagnostic.sorted(findings.filter { seen.insert($0).inserted })
    }

    /// Reads a source once: its bytes are returned beside the document, for reports that
    /// show source lines.
    ///
    /// The format is told from the content as `competency convert` tells it: native XML
    /// is read as ``init(_:file:reader:checkSchema:)`` reads it; a document in another format
    /// (native JSON, CASE, MedBiquitous, CTDL-ASN, ESCO, SFIA, a roster as CSV) is imported,
    /// and an import that fails leaves its errors as the findings. What the import could not
    /// carry over is not a finding here (`competency convert` reports it). A MedBiquitous
    /// framework is read with the Competency Objects and Performance Frameworks in its folder.
    ///
    /// - Throws: `io.*`, and `usage.unknown-format` when the format cannot be told.
    public static func read(_ source: DocumentSource, reader: XMLReader = XMLReader(), checkSchema: Bool = true)
        throws(DiagnosticError) -> (document: ReadDocument, text: String)
    {
        let (format, sniffed) = try source.detectFormat()
        let data: Data
        if let sniffed { data = sniffed } else { data = try source.read() }
        if format == .xml {
            let document = try ReadDocument(data, file: source.name, reader: reader, checkSchema: checkSchema)
            return (document, String(decoding: data, as: UTF8.self))
        }
        guard let format else { throw DocumentLoader.unknownFormat(data, file: source.name, canName: false) }
        var document = ReadDocument(file: source.name, parsed: nil, diagnostics: [])
        document.format = format
        do {
            let loaded = try DocumentLoader(xmlOptions: reader.options).load([source], format: format, firstData: data)
            document.parsed = loaded.parsed
            document.diagnostics = loaded.parsed.diagnostics
        } catch {
            if error.isUnusable { throw error }
            document.diagnostics = Diagnostic.sorted(error.diagnostics)
        }
        return (document, String(decoding: data, as: UTF8.self))
    }

    private init(file: String?, parsed: Parsed<CompetencyDocument>?, diagnostics: [Diagnostic]) {
        self.file = file
        self.parsed = parsed
        self.diagnostics = diagnostics
    }

    /// The framework, when this is one.
    public var framework: Parsed<Framework>? {
        guard let parsed, case .framework(let framework) = parsed.value else { return nil }
        return parsed.map { _ in framework }
    }

    /// The roster, when this is one.
    public var roster: Parsed<Roster>? {
        guard let parsed, case .roster(let roster) = parsed.value else { return nil }
        return parsed.map { _ in roster }
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
        return Diagnostic.sorted(diagnostics)
    }

    /// Validates documents together, as `competency validate` does: each roster against the
    /// framework `framework` names, else the framework among `documents` whose ID the roster
    /// names, else the only framework among them.
    ///
    /// - Throws: a `usage.no-framework` error when a roster's framework cannot be found,
    ///   and a `document.wrong-kind` error when `framework` is not a framework.
    public func validate(_ documents: [ReadDocument], framework: ReadDocument? = nil) throws(DiagnosticError) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var explicit: Parsed<Framework>??
        if let framework {
            let (parsed, findings) = try explicitFramework(framework)
            explicit = .some(parsed)
            diagnostics += findings
        }
        let frameworks = documents.compactMap(\.framework)
        for document in documents {
            diagnostics += try validate(document, explicit: explicit, among: frameworks)
        }
        return diagnostics
    }

    /// The framework `document` holds, for checking rosters against, with its findings when
    /// it could not be read (`nil` then).
    ///
    /// - Throws: `document.wrong-kind` when it is another kind of document.
    private func explicitFramework(_ document: ReadDocument) throws(DiagnosticError) -> (Parsed<Framework>?, [Diagnostic]) {
        if let parsed = document.framework { return (parsed, []) }
        if let other = document.parsed?.value {
            throw DiagnosticError(
                .wrongKind(
                    found: "\(other.kindName) (\(document.format.displayName))", expected: DocumentLoader.frameworkFormats,
                    file: document.file))
        }
        return (nil, configuration.apply(to: document.diagnostics))
    }

    /// Validates `document`; a roster is checked against the framework that
    /// ``framework(for:file:explicit:among:)`` chooses.
    private func validate(
        _ document: ReadDocument, explicit: Parsed<Framework>??, among frameworks: [Parsed<Framework>]
    ) throws(DiagnosticError) -> [Diagnostic] {
        let rosterFramework = try document.roster.map { (roster: Parsed<Roster>) throws(DiagnosticError) in
            try Self.framework(for: roster.value, file: document.file, explicit: explicit, among: frameworks)
        }
        return validate(document, framework: rosterFramework ?? nil)
    }

    /// Validates sources together, as `competency validate` does (see
    /// ``validate(_:framework:)-([ReadDocument],_)``), streaming each native XML roster file
    /// person by person (``validateStreaming(_:framework:reader:checkSchema:)``) so that its
    /// size does not bound what can be checked. The other documents are read whole.
    ///
    /// - Returns: the findings, in the order of `sources`, and the text of each document read
    ///   whole, by name, for reports that show source lines (a streamed roster's lines are
    ///   read back by `Report.readingSources(maxBytes:)`).
    public func validate(
        sources: [DocumentSource], framework: DocumentSource? = nil, reader: XMLReader = XMLReader()
    ) throws(DiagnosticError) -> (diagnostics: [Diagnostic], texts: [String: String]) {
        var texts: [String: String] = [:]
        var read: [Int: ReadDocument] = [:]
        for (offset, source) in sources.enumerated() where !Self.streams(source) {
            let (document, text) = try ReadDocument.read(source, reader: reader)
            texts[source.name] = text
            read[offset] = document
        }
        var diagnostics: [Diagnostic] = []
        var explicit: Parsed<Framework>??
        if let framework {
            let (document, text) = try ReadDocument.read(framework, reader: reader)
            texts[framework.name] = text
            let (parsed, findings) = try explicitFramework(document)
            explicit = .some(parsed)
            diagnostics += findings
        }
        let frameworks = sources.indices.compactMap { read[$0]?.framework }
        for (offset, source) in sources.enumerated() {
            if let document = read[offset] {
                diagnostics += try validate(document, explicit: explicit, among: frameworks)
                continue
            }
            let streamed = try validateStreaming(source, reader: reader) { (roster: Roster) throws(DiagnosticError) in
                try Self.framework(for: roster, file: source.name, explicit: explicit, among: frameworks)
            }
            if let streamed {
                diagnostics += streamed
            } else {
                // Units after the people: read it whole.
                let (document, text) = try ReadDocument.read(source, reader: reader)
                texts[source.name] = text
                diagnostics += try validate(document, explicit: explicit, among: frameworks)
            }
        }
        return (diagnostics, texts)
    }

    /// Whether `source` is checked as it streams: a native XML roster in a file.
    private static func streams(_ source: DocumentSource) -> Bool {
        guard case .file = source.contents else { return false }
        return source.isNativeXMLRoster
    }

    /// The framework a roster is checked against: `explicit` when one was given (`nil`
    /// inside when it could not be read), else the framework among `frameworks` whose ID the
    /// roster names, else the only one.
    ///
    /// - Throws: `usage.no-framework` when there is none.
    static func framework(
        for roster: Roster, file: String?, explicit: Parsed<Framework>??, among frameworks: [Parsed<Framework>]
    ) throws(DiagnosticError) -> Parsed<Framework>? {
        if let explicit { return explicit }
        if let found = frameworks.first(where: { $0.value.id == roster.framework }) ?? (frameworks.count == 1 ? frameworks.first : nil) {
            return found
        }
        let name = roster.framework.map { "framework '\($0)'" } ?? "a framework"
        throw DiagnosticError(
            .usage("no-framework"), "the roster refers to \(name); pass its file with --framework FILE or among the files",
            at: file.map(SourceLocation.file))
    }
}
