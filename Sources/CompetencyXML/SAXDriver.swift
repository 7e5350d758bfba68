@preconcurrency internal import CLibXML2
import CompetencyModel
import CompetencyDiagnostics
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Three files of this module import CLibXML2: this one (parsing, for XMLReader and
// XMLTreeReader), SchemaValidator.swift (validation against the bundled schema) and
// ExternalSchema.swift (compiling a schema from disk and validating against it).

/// What the driver hands parser events to.
protocol SAXEventHandler: AnyObject {
    /// Set to stop parsing at the next opportunity.
    var shouldStop: Bool { get }
    /// The innermost open element, for messages about unclosed tags.
    var openElement: OpenElement? { get }
    func start(
        localname: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
        attributes: UnsafeBufferPointer<UnsafePointer<UInt8>?>, location: SourceLocation)
    func end()
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// An element that is open while parsing.
struct OpenElement {
    var name: String
    var location: SourceLocation
}

/// Drives libxml2's SAX2 push parser over a byte stream and hands each event to a
/// ``SAXEventHandler`` (``DocumentBuilder``, or ``TreeEventForwarder`` for trees). The parser context and the
/// C pointers it hands over are valid for one parse only.
///
/// Settings: never substitute entities, never load a DTD, never go to the network, refuse
/// any DOCTYPE, and let the handler bound depth and text size.
final class SAXDriver {
    @exclusivity(unchecked) private var context: xmlParserCtxtPtr?
    let builder: any SAXEventHandler
    let file: String?
    @exclusivity(unchecked) private(set) var diagnostics: [Diagnostic] = []
    @exclusivity(unchecked) private var started = false
    @exclusivity(unchecked) private var stopped = false

    /// libxml2's one-time set-up, done once (Swift runs a static initialiser exactly once,
    /// whatever the thread) before any parser exists, so that documents can be read on
    /// several threads at once.
    private static let libraryReady: Void = xmlInitParser()

    init(builder: any SAXEventHandler, file: String?, maxAttributes: Int = 1_000) {
        Self.libraryReady
        self.builder = builder
        self.file = file
        attributeGuard = AttributeGuard(limit: maxAttributes)
    }

    @exclusivity(unchecked) private var attributeGuard: AttributeGuard
    /// Whether the last byte fed was a CR, whose LF may open the next chunk.
    @exclusivity(unchecked) private var endedWithCR = false

    /// `bytes` with every lone CR made an LF. XML treats CR, LF and CRLF alike as a line end,
    /// but libxml2 counts lines on LF only: a file with CR-only line ends was all on line 1.
    /// `nil` when there is no lone CR (the usual case: nothing is copied).
    private func normalizingLoneCRs(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        let startsWithLF = bytes[0] == 0x0A
        defer { endedWithCR = bytes[bytes.count - 1] == 0x0D }
        var copy: [UInt8]?
        // A CR that ended the previous chunk was fed as it was: when no LF follows it here,
        // an LF is put first, making it a CRLF, one line end.
        if endedWithCR && !startsWithLF {
            copy = [0x0A] + Array(bytes)
        }
        var search = base
        let end = base + bytes.count
        while search < end, let found = memchr(search, 0x0D, end - search) {
            let offset = UnsafeRawPointer(found) - base
            let next = offset + 1
            // A CR at the very end is decided by the next chunk.
            if next < bytes.count && bytes[next] != 0x0A {
                if copy == nil { copy = Array(bytes) }
                copy![offset + (endedWithCR && !startsWithLF ? 1 : 0)] = 0x0A
            }
            search = UnsafeRawPointer(found) + 1
        }
        return copy
    }

    deinit {
        if let context {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
    }

    /// Feeds the next bytes of the document. `last` ends the document.
    func feed(_ bytes: UnsafeRawBufferPointer, last: Bool) {
        guard !stopped else { return }
        if let normalized = normalizingLoneCRs(bytes) {
            normalized.withUnsafeBytes { feedNormalized($0, last: last) }
        } else {
            feedNormalized(bytes, last: last)
        }
    }

    private func feedNormalized(_ bytes: UnsafeRawBufferPointer, last: Bool) {
        var remaining = bytes
        if context == nil {
            // Hand the first bytes to the constructor so the encoding is detected from them.
            let head = min(4, remaining.count)
            // The guard sees every byte libxml2 sees, these first ones too.
            _ = attributeGuard.scan(UnsafeRawBufferPointer(rebasing: remaining[..<head]))
            var handler = SAXDriver.handler()
            let created = remaining.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: head) { pointer in
                    xmlCreatePushParserCtxt(&handler, nil, pointer, Int32(head), file)
                }
            } ?? xmlCreatePushParserCtxt(&handler, nil, nil, 0, file)
            guard let created else {
                diagnostics.append(Diagnostic.reading(.io, "the XML parser could not be created (out of memory?)", at: nil, code: "parser"))
                stopped = true
                return
            }
            context = created
            created.pointee._private = Unmanaged.passUnretained(self).toOpaque()
            xmlCtxtUseOptions(created, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
            created.pointee.replaceEntities = 0
            remaining = UnsafeRawBufferPointer(rebasing: remaining[head...])
        }
        guard let context else { return }
        // Feed in 1 MiB slices: libxml2 refuses a single lookup over 10 MB without XML_PARSE_HUGE.
        let slice = 1 << 20
        var offset = 0
        repeat {
            let count = min(slice, remaining.count - offset)
            let isLast = last && offset + count == remaining.count
            if let base = remaining.baseAddress,
                let tagLine = attributeGuard.scan(UnsafeRawBufferPointer(start: base + offset, count: count))
            {
                diagnostics.append(
                    Diagnostic.reading(
                        .limit,
                        "an element has more than \(attributeGuard.limit) attributes; no competency document needs this, so reading stopped",
                        at: SourceLocation(file: file, line: tagLine, column: 1), code: "too-many-attributes"))
                stop()
                return
            }
            let pointer = remaining.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
            xmlParseChunk(context, pointer, Int32(count), isLast ? 1 : 0)
            offset += count
            if builder.shouldStop { stop() }
        } while offset < remaining.count && !stopped
    }

    /// Whether the parser was stopped before the end of the input.
    var wasStopped: Bool { stopped }

    private func stop() {
        guard !stopped else { return }
        stopped = true
        if let context { xmlStopParser(context) }
    }

    // MARK: Events

    fileprivate func startElement(
        _ context: xmlParserCtxtPtr, localname: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
        uri: UnsafePointer<xmlChar>?, attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        var line: Int32 = 0
        var column: Int32 = 0
        if ck_start_tag_position(context, &line, &column) == 0 {
            line = Int32(xmlSAX2GetLineNumber(context))
            column = Int32(xmlSAX2GetColumnNumber(context))
        }
        let raw = UnsafeBufferPointer(start: attributes, count: attributes == nil ? 0 : attributeCount * 5)
        builder.start(
            localname: localname, prefix: prefix, uri: uri, attributes: raw,
            location: SourceLocation(file: file, line: Int(line), column: Int(column)))
        if builder.shouldStop { stop() }
    }

    fileprivate func refuseDoctype(_ context: xmlParserCtxtPtr, name: String) {
        let line = Int(xmlSAX2GetLineNumber(context))
        diagnostics.append(
            Diagnostic.reading(
                .unsafe,
                "the document has a DOCTYPE ('\(name)'); DTDs and entity declarations are refused because they can read local files, reach the network or expand without bound. Remove the DOCTYPE and write the text out in full",
                at: SourceLocation(file: file, line: max(1, line), column: 1)))
        stop()
    }

    fileprivate func record(_ error: UnsafePointer<xmlError>) {
        let error = error.pointee
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last?.isWhitespace == true { message.removeLast() }
        let location = SourceLocation(file: file, line: max(1, Int(error.line)), column: max(1, Int(error.int2)))
        let code = Int(error.code)
        var kind: ReadKind = .syntax
        var finding: String?
        // libxml2's own wording, where it says nothing a reader can act on, in ours.
        if message.hasPrefix("internal error: Huge input lookup") {
            diagnostics.append(
                Diagnostic.reading(
                    .limit,
                    "a single name, value, comment or text here is longer than 10 MB, which libxml2 reads in one piece only up to that size; shorten it",
                    at: location, code: "value-too-long"))
            return
        }
        if message.hasPrefix("Couldn't find end of Start Tag") || message.hasPrefix("attributes construct error") {
            let tag = message.hasPrefix("Couldn't find end of Start Tag ")
                ? "<" + message.dropFirst("Couldn't find end of Start Tag ".count).trimmingCharacters(in: .whitespaces) + ">" : "a start tag"
            diagnostics.append(
                Diagnostic.reading(
                    .syntax,
                    "the start tag \(tag) is not finished: an attribute is missing its '=\"value\"', or the tag its '>'",
                    at: location, code: "unfinished-tag"))
            return
        }
        if message.hasPrefix("Specification mandates value for attribute ") {
            let attribute = message.dropFirst("Specification mandates value for attribute ".count)
            diagnostics.append(
                Diagnostic.reading(
                    .syntax, "the attribute '\(attribute)' has no value; write \(attribute)=\"…\", or remove it", at: location,
                    code: "attribute-without-value"))
            return
        }
        switch code {
        case Int(XML_ERR_INVALID_ENCODING.rawValue), Int(XML_ERR_UNKNOWN_ENCODING.rawValue),
            Int(XML_ERR_UNSUPPORTED_ENCODING.rawValue):
            kind = .encoding
            if message.hasPrefix("Input is not proper UTF-8") {
                let bytes = message.components(separatedBy: "Bytes: ").dropFirst().first ?? ""
                message = "the text is not valid UTF-8 (bytes \(bytes)); save the file as UTF-8, or declare its real encoding in the XML declaration"
            }
        case Int(XML_ERR_UNDECLARED_ENTITY.rawValue), 27 /* XML_WAR_UNDECLARED_ENTITY */:
            let name = error.str1.map { String(cString: $0) } ?? "?"
            finding = "undefined-entity"
            message = "the entity '&\(name);' is not defined; only &amp; &lt; &gt; &quot; &apos; and character references are allowed"
        default:
            if message.hasPrefix("Input is not proper UTF-8") || message.hasPrefix("Char 0x") {
                kind = .encoding
            }
        }
        if kind == .encoding, message.hasPrefix("Input is not proper UTF-8") {
            let bytes = message.components(separatedBy: "Bytes: ").dropFirst().first ?? ""
            message = "the text is not valid UTF-8 (bytes \(bytes)); save the file as UTF-8, or declare its real encoding in the XML declaration"
        }
        if let open = builder.openElement, code == Int(XML_ERR_TAG_NOT_FINISHED.rawValue) || code == Int(XML_ERR_LTSLASH_REQUIRED.rawValue) || code == Int(XML_ERR_TAG_NAME_MISMATCH.rawValue) && error.str2 == nil {
            diagnostics.append(
                Diagnostic.reading(
                    .syntax, "element <\(open.name)> is never closed; add </\(open.name)> where its content ends",
                    at: open.location, code: "unclosed-element"))
            return
        }
        if code == Int(XML_ERR_TAG_NAME_MISMATCH.rawValue), let open = builder.openElement {
            let closing = error.str2.map { String(cString: $0) } ?? "?"
            diagnostics.append(
                Diagnostic.reading(
                    .syntax,
                    "element <\(open.name)> is not closed: </\(closing)> on line \(location.line) comes first; add </\(open.name)> before it",
                    at: open.location, code: "unclosed-element"))
            return
        }
        if code == Int(XML_ERR_DOCUMENT_END.rawValue), let open = builder.openElement {
            diagnostics.append(
                Diagnostic.reading(
                    .syntax, "element <\(open.name)> is never closed; add </\(open.name)> where its content ends",
                    at: open.location, code: "unclosed-element"))
            return
        }
        let severity: DiagnosticSeverity = error.level == XML_ERR_WARNING ? .warning : .error
        diagnostics.append(Diagnostic.reading(kind, message, at: location, severity: severity, code: finding))
    }

    // MARK: The handler

    private static func driver(_ context: UnsafeMutableRawPointer?) -> SAXDriver? {
        guard let context, let state = ck_context_private(context) else { return nil }
        return Unmanaged<SAXDriver>.fromOpaque(state).takeUnretainedValue()
    }

    private static func handler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        xmlSAXVersion(&sax, 2)
        sax.startDocument = { _ in }
        sax.endDocument = { _ in }
        sax.internalSubset = { context, name, _, _ in
            guard let context, let driver = SAXDriver.driver(context) else { return }
            driver.refuseDoctype(
                context.assumingMemoryBound(to: xmlParserCtxt.self),
                name: name.map { String(cString: $0) } ?? "")
        }
        sax.externalSubset = { _, _, _, _ in }
        sax.entityDecl = nil
        sax.notationDecl = nil
        sax.attributeDecl = nil
        sax.elementDecl = nil
        sax.unparsedEntityDecl = nil
        sax.resolveEntity = nil
        sax.reference = nil
        sax.processingInstruction = nil
        sax.comment = nil
        sax.setDocumentLocator = nil
        sax.startElement = nil
        sax.endElement = nil
        sax.warning = nil
        sax.error = nil
        sax.fatalError = nil
        sax.startElementNs = { context, localname, prefix, uri, _, _, attributeCount, _, attributes in
            guard let context, let localname, let driver = SAXDriver.driver(context) else { return }
            driver.startElement(
                context.assumingMemoryBound(to: xmlParserCtxt.self), localname: localname, prefix: prefix, uri: uri,
                attributeCount: Int(attributeCount), attributes: attributes)
        }
        sax.endElementNs = { context, _, _, _ in
            guard let driver = SAXDriver.driver(context) else { return }
            driver.builder.end()
            if driver.builder.shouldStop { driver.stop() }
        }
        let characters: charactersSAXFunc = { context, bytes, count in
            guard let bytes, count > 0, let driver = SAXDriver.driver(context) else { return }
            driver.builder.characters(UnsafeBufferPointer(start: bytes, count: Int(count)))
            if driver.builder.shouldStop { driver.stop() }
        }
        sax.characters = characters
        sax.ignorableWhitespace = characters
        sax.cdataBlock = characters
        sax.serror = { userData, error in
            guard let error, let driver = SAXDriver.driver(userData) else { return }
            driver.record(error)
        }
        return sax
    }
}

/// The version of the libxml2 library in use, for `--version` style reports.
public var libxml2Version: String { String(cString: ck_libxml_dotted_version()) }
