@preconcurrency internal import CLibXML2
import CompetencyModel
import CompetencyDiagnostics
public import Foundation

/// Checks documents against the vocabulary's XML Schema (``schemaText``) with libxml2.
///
/// The reader already refuses anything outside the vocabulary; the schema is the same
/// contract in a form other tools understand, and this check proves that a document (for
/// example one written by another system) conforms to it.
public enum SchemaValidator {
    /// Validates `data` against the schema. Returns every violation, located; an empty
    /// array means the document conforms. A document with a DOCTYPE is refused unread.
    public static func validate(_ data: Data, file: String? = nil) -> [Diagnostic] {
        guard let schema = CompiledSchema.shared.schema else {
            let start = SourceLocation(file: file, line: 1, column: 1)
            return [Diagnostic.reading(.io, CompiledSchema.shared.failure ?? "the bundled schema could not be compiled", at: start)]
        }
        return validate(data, file: file, against: schema)
    }

    /// Validates `data` against the XML Schema at `schemaAt` (another format's official
    /// schema, for example). Schemas it imports by URL are read from the local files that
    /// `catalog` maps those URLs to; any other remote location is refused, so nothing is
    /// fetched from the network. Compiling the schema is the slow part: to validate many
    /// documents, compile once with ``ExternalSchema``.
    public static func validate(
        _ data: Data, file: String? = nil, schemaAt url: URL, catalog: [String: URL] = [:]
    ) -> [Diagnostic] {
        do {
            return try ExternalSchema(contentsOf: url, catalog: catalog).validate(data, file: file)
        } catch {
            return error.diagnostics
        }
    }

    /// Validates the file at `url` against the schema, reading it in chunks: neither the
    /// file nor the document is held, so memory does not grow with its size. Findings are
    /// located as ``validate(_:file:)`` locates them; `file` is the name they show (the
    /// path when `nil`).
    public static func validate(contentsOf url: URL, file: String? = nil) -> [Diagnostic] {
        let name = file ?? url.path
        let start = SourceLocation(file: name, line: 1, column: 1)
        guard let schema = CompiledSchema.shared.schema else {
            return [Diagnostic.reading(.io, CompiledSchema.shared.failure ?? "the bundled schema could not be compiled", at: start)]
        }
        guard let input = ChunkedFileInput(path: url.path) else {
            return [Diagnostic.reading(.io, "the file cannot be read; check its permissions", at: start)]
        }
        let collector = ErrorCollector(file: name, text: nil)
        let box = Unmanaged.passRetained(input)
        let found = validate(file: name, against: schema, collector: collector) { options in
            xmlReaderForIO(
                { context, buffer, length in
                    guard let context, let buffer else { return -1 }
                    return Unmanaged<ChunkedFileInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: Int(length))
                }, nil, box.toOpaque(), name, nil, options)
        }
        box.release()
        if let failure = input.failure { return [Diagnostic.reading(.io, "the file could not be read: \(failure)", at: start)] }
        if input.sawNoBytes { return [Diagnostic.reading(.syntax, "the document is empty or not XML", at: start)] }
        collector.resolveColumns(fromFileAt: url.path)
        return found.isEmpty ? collector.diagnostics : found
    }

    /// Streams `data` through libxml2's reader with the schema attached: nothing of the
    /// document is kept but the element being read, so memory does not grow with it.
    static func validate(_ data: Data, file: String?, against schema: xmlSchemaPtr) -> [Diagnostic] {
        // Lone CRs as LFs, as the reader sees them, so that both count lines alike.
        let data = data.contains(0x0D) ? Self.normalizingLoneCRs(data) : data
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.isEmpty { return [Diagnostic.reading(.syntax, "the document is empty or not XML", at: start)] }
        let collector = ErrorCollector(file: file, text: data)
        return data.withUnsafeBytes { bytes -> [Diagnostic] in
            guard let base = bytes.baseAddress else { return [Diagnostic.reading(.io, "the XML reader could not be created", at: start)] }
            let found = validate(file: file, against: schema, collector: collector) { options in
                xmlReaderForMemory(base.assumingMemoryBound(to: CChar.self), Int32(clamping: bytes.count), file, nil, options)
            }
            return found.isEmpty ? collector.diagnostics : found
        }
    }

    /// Runs the reader `makeReader` makes with the schema attached, collecting findings in
    /// `collector`. Returns a finding that replaces the collected ones (a DOCTYPE, a reader
    /// that could not be made), or none.
    private static func validate(
        file: String?, against schema: xmlSchemaPtr, collector: ErrorCollector, makeReader: (Int32) -> xmlTextReaderPtr?
    ) -> [Diagnostic] {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let box = Unmanaged.passRetained(collector)
        defer { box.release() }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        // Made before the reader, so that it is freed after it: freeing the reader unplugs
        // the validator from its parser.
        guard let validation = xmlSchemaNewValidCtxt(schema) else {
            return [Diagnostic.reading(.io, "the schema validator could not be created", at: start)]
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        do {
            guard let reader = makeReader(options)
            else { return [Diagnostic.reading(.io, "the XML reader could not be created", at: start)] }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(
                reader,
                { userData, error in
                    guard let userData, let error else { return }
                    Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue().add(error, kind: .syntax)
                }, box.toOpaque())
            guard xmlTextReaderSchemaValidateCtxt(reader, validation, 0) == 0 else {
                return [Diagnostic.reading(.io, "the schema validator could not be attached", at: start)]
            }
            // After attaching: the reader routes the validator's errors through its own
            // handler, and schema findings are told apart from syntax errors here.
            xmlSchemaSetValidStructuredErrors(
                validation,
                { userData, error in
                    guard let userData, let error else { return }
                    Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue().add(error, kind: .schema)
                }, box.toOpaque())
            var sawElement = false
            while xmlTextReaderRead(reader) == 1 {
                switch xmlTextReaderNodeType(reader) {
                case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                    return [
                        Diagnostic.reading(
                            .unsafe, "the document has a DOCTYPE; DTDs and entity declarations are refused", at: start)
                    ]
                case Int32(XML_READER_TYPE_ELEMENT.rawValue): sawElement = true
                default: break
                }
            }
            if !sawElement && collector.diagnostics.isEmpty {
                return [Diagnostic.reading(.syntax, "the document is empty or not XML", at: start)]
            }
            return []
        }
    }
}

/// A file handed to libxml2's reader in chunks, with every CR not followed by an LF made an
/// LF on the way (as ``SchemaValidator/normalizingLoneCRs(_:)`` does for a whole document).
private final class ChunkedFileInput {
    private let descriptor: Int32
    /// A CR that ended the previous chunk, held back until the next byte tells whether it
    /// begins a CRLF.
    private var heldCR = false
    private var total = 0
    private(set) var failure: String?

    init?(path: String) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
    }

    deinit { close(descriptor) }

    var sawNoBytes: Bool { total == 0 && failure == nil }

    /// Fills `buffer` with up to `capacity` bytes; 0 at the end, -1 on an error.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        guard capacity >= 2 else { return -1 }
        while true {
            let offset = heldCR ? 1 : 0
            var count = 0
            repeat {
                count = Foundation.read(descriptor, buffer + offset, capacity - offset)
            } while count < 0 && errno == EINTR
            if count < 0 {
                failure = String(cString: strerror(errno))
                return -1
            }
            total += count
            var length = count + offset
            if heldCR {
                heldCR = false
                buffer[0] = count > 0 && buffer[1] == 0x0A ? 0x0D : 0x0A
            }
            if length == 0 { return 0 }
            for index in 0..<length where buffer[index] == 0x0D {
                if index + 1 < length {
                    if buffer[index + 1] != 0x0A { buffer[index] = 0x0A }
                } else if count > 0 {
                    heldCR = true
                    length -= 1
                } else {
                    buffer[index] = 0x0A
                }
            }
            if length > 0 { return Int32(length) }
        }
    }
}

/// The schema, compiled once and then only read.
private final class CompiledSchema: @unchecked Sendable {
    // libxml2 does not change a compiled schema while validating, so one compiled copy can
    // serve every validation context on every thread.
    static let shared = CompiledSchema()

    let schema: xmlSchemaPtr?
    let failure: String?

    private init() {
        var text = SchemaValidator.schemaText
        let compiled: xmlSchemaPtr? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress,
                let context = base.withMemoryRebound(
                    to: CChar.self, capacity: bytes.count, { xmlSchemaNewMemParserCtxt($0, Int32(bytes.count)) })
            else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(context, { _, _ in }, nil)
            return xmlSchemaParse(context)
        }
        schema = compiled
        failure = compiled == nil ? "the bundled schema could not be compiled" : nil
    }

    deinit { if let schema { xmlSchemaFree(schema) } }
}

/// Gathers libxml2 errors as located diagnostics.
final class ErrorCollector {
    let file: String?
    /// The document, when it is in memory; `nil` when it streams from a file, and then the
    /// lines that columns are looked for on are read back at the end (``resolveColumns(fromFileAt:)``).
    let text: Data?
    /// The document's lines, made on the first error that needs a column: a valid document
    /// never pays for them. Split at LF bytes, as libxml2 counts lines (a CRLF is one
    /// `Character` to Swift, so splitting the string would miss those line ends).
    lazy var lines: [Substring] =
        text.map { String(decoding: $0, as: UTF8.self).utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) } } ?? []
    var diagnostics: [Diagnostic] = []
    /// Findings of a streamed file that still need a column: their index in ``diagnostics``,
    /// and the element whose start tag gives it.
    private var unplaced: [(index: Int, element: String)] = []

    init(file: String?, text: Data?) {
        self.file = file
        self.text = text
    }

    /// Gives the findings of a streamed document their columns, from the lines they are on.
    func resolveColumns(fromFileAt path: String) {
        guard !unplaced.isEmpty else { return }
        let numbers = Set(unplaced.compactMap { diagnostics[$0.index].location?.line })
        let found = SourceExcerpt.lines(numbers, ofFileAt: path)
        for (index, element) in unplaced {
            guard let location = diagnostics[index].location, let line = found[location.line],
                let column = Self.column(of: element, on: line[...])
            else { continue }
            diagnostics[index].location = SourceLocation(file: location.file, line: location.line, column: column)
        }
        unplaced = []
    }

    /// The 1-based column of the start tag of `name` on `text`.
    static func column(of name: String, on text: Substring) -> Int? {
        guard !name.isEmpty, let range = text.range(of: "<\(name)") ?? text.range(of: ":\(name)") else { return nil }
        return text.distance(from: text.startIndex, to: range.lowerBound) + 1
    }

    /// The local name of the element a schema message is about: libxml2 starts them with
    /// "Element '{namespace}name'" (the vocabulary's namespace already removed).
    static func elementName(in message: Substring) -> String {
        guard message.hasPrefix("Element '"), let close = message.dropFirst(9).firstIndex(of: "'") else { return "" }
        var name = message[message.index(message.startIndex, offsetBy: 9)..<close]
        if let brace = name.lastIndex(of: "}") { name = name[name.index(after: brace)...] }
        return String(name)
    }

    static func elementName(in message: String) -> String { elementName(in: message[...]) }

    func add(_ error: UnsafePointer<xmlError>, kind: ReadKind) {
        let error = error.pointee
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while message.last?.isWhitespace == true { message.removeLast() }
        message = message.replacingOccurrences(of: "{\(competencyNamespace)}", with: "")
        let line = max(1, Int(error.line))
        var column = max(1, Int(error.int2))
        var unplacedElement: String?
        if error.int2 <= 0 {
            // Schema errors carry the element, not a column: find its start tag on the line.
            let name: String
            if let node = error.node {
                name = node.assumingMemoryBound(to: xmlNode.self).pointee.name.map { String(cString: $0) } ?? ""
            } else {
                name = Self.elementName(in: message)
            }
            if text == nil {
                unplacedElement = name
            } else if line - 1 < lines.count, let found = Self.column(of: name, on: lines[line - 1]) {
                column = found
            }
        }
        let severity: DiagnosticSeverity = error.level == XML_ERR_WARNING ? .warning : .error
        diagnostics.append(
            Diagnostic.reading(
                kind, message, at: SourceLocation(file: file, line: line, column: column), severity: severity,
                code: kind == .schema ? "xsd" : nil))
        if let unplacedElement, !unplacedElement.isEmpty { unplaced.append((diagnostics.count - 1, unplacedElement)) }
    }
}

extension SchemaValidator {
    /// `data` with every CR not followed by an LF made an LF: the same line end to XML, and
    /// the one libxml2 counts lines on.
    static func normalizingLoneCRs(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        for index in bytes.indices where bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A) {
            bytes[index] = 0x0A
        }
        return Data(bytes)
    }
}
