public import CompetencyModel
public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes model values as CompetencyKit XML.
///
/// Output is deterministic and pretty-printed: UTF-8, two-space indentation, attributes and
/// child elements in the order of `Documentation/Format.md`, text variants in their stored order. Content of
/// other namespaces is written back where it stood. Reading the output gives back a value
/// equal to the one written.
public struct XMLWriter: Sendable {
    public init() {}

    /// Writes any of the three document kinds.
    public func write(_ document: CompetencyDocument) -> Data {
        switch document {
        case .framework(let framework): write(framework)
        case .roster(let roster): write(roster)
        case .plan(let plan): write(plan)
        }
    }

    public func write(_ framework: Framework) -> Data {
        var output = XMLOutput(sink: nil)
        output.writeFramework(framework)
        return Data(output.bytes)
    }

    public func write(_ roster: Roster) -> Data {
        var output = XMLOutput(sink: nil)
        output.writeRoster(roster)
        return Data(output.bytes)
    }

    public func write(_ plan: Plan) -> Data {
        var output = XMLOutput(sink: nil)
        output.writePlan(plan)
        return Data(output.bytes)
    }

    /// Writes a document to the file at `url` in slices, so large rosters never sit in memory
    /// twice.
    ///
    /// The file is opened and written in place, as `open(2)` with `O_CREAT | O_TRUNC` does it:
    /// a new file is created with the mode the umask gives; an existing one keeps its mode,
    /// owner and hard links; a symbolic link is followed; a FIFO or a device is written to,
    /// never replaced by a regular file. The write is not atomic: a failure leaves a partial
    /// file. To replace a file only once the whole document is written, write the bytes of `write(_:)`
    /// through `OutputFile` (CompetencyKit), as the `competency` tool does.
    ///
    /// - Throws: a `POSIXError` when the file cannot be opened or written (`EACCES`, `ENOSPC`…).
    public func write(_ document: CompetencyDocument, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Self.posixError() }
        var failure: POSIXError?
        var output = XMLOutput { bytes in
            guard failure == nil else { return }
            failure = Self.writeAll(bytes, to: descriptor)
        }
        switch document {
        case .framework(let framework): output.writeFramework(framework)
        case .roster(let roster): output.writeRoster(roster)
        case .plan(let plan): output.writePlan(plan)
        }
        output.flush()
        let closed = close(descriptor) == 0 ? nil : Self.posixError()
        if let failure = failure ?? closed { throw failure }
    }

    private static func posixError() -> POSIXError { POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

    /// Writes every byte, retrying after a signal; the error of the first failed write, or nil.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> POSIXError? {
        bytes.withUnsafeBytes { buffer -> POSIXError? in
            guard var next = buffer.baseAddress else { return nil }
            var remaining = buffer.count
            while remaining > 0 {
                let written = posixWrite(descriptor, next, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return posixError()
                }
                remaining -= written
                next += written
            }
            return nil
        }
    }
}

/// The byte-level writer. Not public: callers use ``XMLWriter``.
///
/// This file holds the output buffer, the tag and text primitives and the document root.
/// Each document kind and construct is written by an extension in its own file:
/// `XMLWriter+Framework.swift` (the framework root and scales), `+Competency` (domains and
/// competencies), `+Position` (positions and requirements), `+Module`, `+Rule`,
/// `+Predicates`, `+Roster` and `+Plan`; `+Foreign` writes content of other namespaces.
struct XMLOutput {
    var bytes: [UInt8] = []
    private let sink: (([UInt8]) -> Void)?
    var depth = 0
    var language = ""
    /// Prefix → namespace bindings in force (declared on the root).
    var rootBindings: [String: String] = [:]
    /// Namespace → prefix, for attributes written on vocabulary elements.
    var prefixForNamespace: [String: String] = [:]

    init(sink: (([UInt8]) -> Void)?) {
        self.sink = sink
        bytes.reserveCapacity(sink == nil ? 1 << 16 : 1 << 21)
    }

    /// An output without a sink that writes after `bytes`, taking them (and their capacity)
    /// and leaving `bytes` empty.
    init(taking bytes: inout [UInt8]) {
        sink = nil
        swap(&self.bytes, &bytes)
    }

    mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func maybeFlush() {
        if sink != nil, bytes.count >= 1 << 20 { flush() }
    }

    // MARK: Low level

    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func indent() {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    /// The bytes that ``escaped(_:attribute:)`` replaces, as bits of a word (all are below 64):
    /// `&`, `<`, `>` and CR everywhere; `"`, LF and tab in attribute values too.
    private static let textSpecials: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x0D
    private static let attributeSpecials: UInt64 = textSpecials | 1 << 0x22 | 1 << 0x0A | 1 << 0x09

    mutating func escaped(_ text: String, attribute: Bool) {
        var text = text
        text.withUTF8 { buffer in
            // Most values (IDs, dates, levels) hold nothing to replace: they are copied whole.
            let specials = attribute ? Self.attributeSpecials : Self.textSpecials
            guard buffer.contains(where: { $0 < 64 && specials >> $0 & 1 != 0 }) else {
                bytes.append(contentsOf: buffer)
                return
            }
            var start = 0
            for index in 0..<buffer.count {
                let byte = buffer[index]
                let replacement: StaticString
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where attribute: replacement = "&quot;"
                case 0x0A where attribute: replacement = "&#10;"
                case 0x09 where attribute: replacement = "&#9;"
                case 0x0D: replacement = "&#13;"
                default: continue
                }
                if index > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index])) }
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                start = index + 1
            }
            if start < buffer.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...])) }
        }
    }

    /// `<name` on a new line.
    mutating func open(_ name: StaticString) {
        indent()
        bytes.append(UInt8(ascii: "<"))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func attribute(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        attributeOpening(name)
        escaped(value, attribute: true)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A date attribute, written straight from its fields (it never needs escaping).
    mutating func attribute(_ name: StaticString, _ value: ISODate?) {
        guard let value else { return }
        attributeOpening(name)
        value.appendDescription(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// ` name="`, before an attribute's value.
    @inline(__always)
    private mutating func attributeOpening(_ name: StaticString) {
        bytes.append(0x20)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "="))
        bytes.append(UInt8(ascii: "\""))
    }

    /// `replaces="A B"`, written only when the entity replaces something.
    mutating func lineage<Entity>(_ ids: [Identifier<Entity>]) {
        if !ids.isEmpty { attribute("replaces", ids.map(\.rawValue).joined(separator: " ")) }
    }

    /// Ends a start tag whose element has children; pair with ``close(_:)``.
    mutating func openEnd() {
        bytes.append(UInt8(ascii: ">"))
        depth += 1
    }

    mutating func emptyEnd() {
        bytes.append(UInt8(ascii: "/"))
        bytes.append(UInt8(ascii: ">"))
    }

    mutating func close(_ name: StaticString) {
        depth -= 1
        indent()
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: ">"))
    }

    /// Ends the start tag of an entity with `extensions`: empty when there is nothing inside.
    /// Returns whether the element was left open.
    mutating func endStartTag(hasChildren: Bool, _ extensions: Extensions) -> Bool {
        foreignAttributes(extensions.attributes)
        if hasChildren || !extensions.elements.isEmpty {
            openEnd()
            return true
        }
        emptyEnd()
        return false
    }

    mutating func text(_ name: StaticString, _ text: LocalizedText, placer: inout Placer) {
        for variant in text.variants {
            placer.before(&self)
            open(name)
            if variant.language != language {
                raw(" xml:lang=\"")
                escaped(variant.language, attribute: true)
                bytes.append(UInt8(ascii: "\""))
            }
            foreignAttributes(variant.foreignAttributes)
            bytes.append(UInt8(ascii: ">"))
            escaped(variant.value, attribute: false)
            bytes.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "/")])
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: ">"))
        }
    }

    mutating func texts(_ name: StaticString, _ list: [LocalizedText], placer: inout Placer) {
        for item in list { text(name, item, placer: &placer) }
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    // MARK: Document root

    mutating func rootStart(
        _ name: StaticString, language: String?, namespaces: [(String, String)]
    ) {
        raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        bytes.append(0x0A)
        bytes.append(UInt8(ascii: "<"))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        attribute("xmlns", competencyNamespace)
        for (prefix, namespace) in namespaces {
            raw(" xmlns:\(prefix)=\"")
            escaped(namespace, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        if let language {
            raw(" xml:lang=\"")
            escaped(language, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        self.language = language ?? ""
    }

    mutating func rootEnd(_ name: StaticString, open: Bool) {
        if open { close(name) }
        bytes.append(0x0A)
    }

    /// Ends an element that has no vocabulary children, writing its foreign ones if any.
    mutating func leafEnd(_ name: StaticString, _ extensions: Extensions) {
        if endStartTag(hasChildren: false, extensions) {
            var placer = Placer(extensions)
            placer.finish(&self)
            close(name)
        }
    }
}

/// `write(2)`, under a name that does not clash with the writer's own methods.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
