public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// A generic XML element with its location, for importers of other XML formats.
///
/// It is read with the same safe settings as the native vocabulary (no DOCTYPE, no entity
/// substitution, no network, bounded depth and text).
public struct XMLTreeElement: Hashable, Sendable {
    /// An attribute; `namespace` is empty for an unqualified one.
    public struct Attribute: Hashable, Sendable {
        public var namespace: String
        public var prefix: String?
        public var name: String
        public var value: String
    }

    /// A child: an element or a run of text.
    public enum Node: Hashable, Sendable {
        case element(XMLTreeElement)
        case text(String)
    }

    public var namespace: String
    public var prefix: String?
    public var name: String
    public var attributes: [Attribute]
    public var children: [Node]
    /// Where the start tag begins.
    public var location: SourceLocation

    /// The value of the attribute with this local name (and namespace, when given).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }

    /// The child elements, optionally only those with this local name (and namespace).
    public func elements(_ name: String? = nil, namespace: String? = nil) -> [XMLTreeElement] {
        children.compactMap { node in
            guard case .element(let element) = node else { return nil }
            if let name, element.name != name { return nil }
            if let namespace, element.namespace != namespace { return nil }
            return element
        }
    }

    /// The first child element with this local name (and namespace).
    public func element(_ name: String, namespace: String? = nil) -> XMLTreeElement? {
        for node in children {
            if case .element(let element) = node, element.name == name, namespace == nil || element.namespace == namespace { return element }
        }
        return nil
    }

    /// The concatenated text of the element and its descendants.
    public var text: String {
        // Most elements hold one text or none.
        if children.isEmpty { return "" }
        if children.count == 1, case .text(let text) = children[0] { return text }
        return children.map { node in
            switch node {
            case .text(let text): text
            case .element(let element): element.text
            }
        }.joined()
    }
}

/// Reads any XML document into an ``XMLTreeElement`` tree.
public struct XMLTreeReader: Sendable {
    public var options: XMLReader.Options

    public init(options: XMLReader.Options = XMLReader.Options()) { self.options = options }

    /// Reads a document from memory.
    public func read(_ data: Data, file: String? = nil) throws(DiagnosticError) -> XMLTreeElement {
        let builder = TreeBuilder()
        try read(data, file: file, into: builder)
        guard let root = builder.root else { throw Self.noRoot(file) }
        return root
    }

    /// Reads a document from memory into `handler`, element by element, with the limits and
    /// errors of ``read(_:file:)``: for an importer that needs a few of a document's elements
    /// and would otherwise build the whole tree to find them.
    package func read(_ data: Data, file: String? = nil, into handler: some XMLTreeHandler) throws(DiagnosticError) {
        if data.count > options.maxInputBytes {
            throw DiagnosticError([
                Diagnostic.reading(.limit, "the input is \(data.count) bytes, more than the limit of \(options.maxInputBytes)", at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw DiagnosticError([Diagnostic.reading(.syntax, "the file is empty; expected an XML document", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let forwarder = TreeEventForwarder(handler, maxDepth: options.maxDepth, maxTextBytes: options.maxTextBytes)
        let driver = SAXDriver(builder: forwarder, file: file, maxAttributes: options.maxAttributes)
        data.withUnsafeBytes { driver.feed($0, last: true) }
        var diagnostics = driver.diagnostics + forwarder.diagnostics
        diagnostics.sort { ($0.location ?? SourceLocation(line: 0, column: 0)) < ($1.location ?? SourceLocation(line: 0, column: 0)) }
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
        if !forwarder.sawRoot { throw Self.noRoot(file) }
    }

    private static func noRoot(_ file: String?) -> DiagnosticError {
        DiagnosticError([Diagnostic.reading(.syntax, "no root element was found", at: SourceLocation(file: file, line: 1, column: 1))])
    }

    /// Reads a document from a file.
    public func read(contentsOf url: URL) throws(DiagnosticError) -> XMLTreeElement {
        try read(Self.contents(of: url), file: url.path)
    }

    /// The bytes of the regular file at `path`, read with `open` and `read` (without what
    /// `Data(contentsOf:)` does around them, which shows with thousands of small files);
    /// `nil` when it cannot be read so, and ``contents(of:)`` says why.
    public static func regularFileContents(atPath path: String) -> Data? {
        readRegularFile(atPath: path)
    }

    /// The bytes of a file, with the errors ``read(contentsOf:)`` reports when it cannot be
    /// read. Reading them with ``read(_:file:)`` (`file` the URL's path) gives what
    /// ``read(contentsOf:)`` gives.
    public static func contents(of url: URL) throws(DiagnosticError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DiagnosticError([
                Diagnostic.reading(.io, exists ? "the file cannot be read: \(error.localizedDescription)" : "no such file; check the path", at: SourceLocation(file: url.path, line: 1, column: 1))
            ])
        }
    }
}

private func readRegularFile(atPath path: String) -> Data? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size >= 0 else { return nil }
    let size = Int(status.st_size)
    // One byte more than the size, to see that the file did not grow.
    var data = Data(count: size + 1)
    let count = data.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        var offset = 0
        while offset < buffer.count {
            let got = read(descriptor, base + offset, buffer.count - offset)
            if got < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if got == 0 { break }
            offset += got
        }
        return offset
    }
    guard count == size else { return nil }
    data.count = size
    return data
}

/// Builds the whole ``XMLTreeElement`` tree of a document from its elements.
final class TreeBuilder: XMLTreeHandler {
    let shouldStop = false
    @exclusivity(unchecked) private var tree = XMLTreeAssembler()

    var root: XMLTreeElement? { tree.root }

    func start(_ element: XMLTreeElement) { tree.open(element) }
    func end() { tree.close() }
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) { tree.append(bytes) }
}

/// Puts elements and runs of text together into a tree, as ``XMLTreeReader`` reads it: the
/// text since the last tag becomes one text child of the innermost open element.
package struct XMLTreeAssembler {
    private var stack: [XMLTreeElement] = []
    private var text: [UInt8] = []
    /// The root, once it has ended.
    package private(set) var root: XMLTreeElement?

    package init() {}

    /// How many elements are open.
    package var depth: Int { stack.count }

    /// Whether the text since the last tag is only white space (or nothing).
    package var textIsWhiteSpace: Bool { text.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }

    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }

    /// Drops the text since the last tag.
    package mutating func discardText() { text.removeAll(keepingCapacity: true) }

    /// Makes the text since the last tag a child of the innermost open element.
    package mutating func flushText() {
        guard !text.isEmpty, !stack.isEmpty else { return }
        stack[stack.count - 1].children.append(.text(String(decoding: text, as: UTF8.self)))
        text.removeAll(keepingCapacity: true)
    }

    /// Opens `element` (which has no children yet) inside the innermost open element.
    package mutating func open(_ element: XMLTreeElement) {
        flushText()
        stack.append(element)
    }

    /// Closes the innermost open element: it becomes its parent's last child, or the root.
    package mutating func close() {
        flushText()
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(.element(element))
        }
    }
}

/// The element a start tag opens, without children: the namespace and local name shared with
/// the elements named the same before.
func startedElement(
    localname: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
    attributes: UnsafeBufferPointer<UnsafePointer<UInt8>?>, location: SourceLocation, interned: inout InternedStrings
) -> XMLTreeElement {
    var element = XMLTreeElement(
        namespace: uri.map { interned.string($0) } ?? "", prefix: cString(prefix), name: interned.string(localname), attributes: [],
        children: [], location: location)
    var index = 0
    while index + 4 < attributes.count {
        if let name = attributes[index] {
            var value = ""
            if let start = attributes[index + 3], let end = attributes[index + 4], end > start {
                value = decodeReferences(String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self))
            }
            element.attributes.append(
                .init(namespace: cString(attributes[index + 2]) ?? "", prefix: cString(attributes[index + 1]), name: String(cString: name), value: value))
        }
        index += 5
    }
    return element
}

/// Takes a document's elements as ``XMLTreeReader/read(_:file:into:)`` reads them, instead
/// of a tree.
package protocol XMLTreeHandler: AnyObject {
    /// Set to stop reading at the next opportunity; what was read stands, without error.
    var shouldStop: Bool { get }
    /// An element starts: its name, namespace, prefix, attributes and location, and no
    /// children.
    func start(_ element: XMLTreeElement)
    /// The innermost open element ends.
    func end()
    /// Text of the innermost open element, in one or more pieces.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// Hands parser events to an ``XMLTreeHandler`` as elements, and bounds the depth of the
/// document and the length of each run of text.
final class TreeEventForwarder<Handler: XMLTreeHandler>: SAXEventHandler {
    private let handler: Handler
    private let maxDepth: Int
    private let maxTextBytes: Int
    @exclusivity(unchecked) private var open: [(name: String, location: SourceLocation)] = []
    /// The bytes of the text run since the last tag, for the text limit.
    @exclusivity(unchecked) private var run = 0
    @exclusivity(unchecked) private var interned = InternedStrings()
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var sawRoot = false
    private var stopped = false

    init(_ handler: Handler, maxDepth: Int, maxTextBytes: Int) {
        self.handler = handler
        self.maxDepth = maxDepth
        self.maxTextBytes = maxTextBytes
    }

    var shouldStop: Bool { stopped || handler.shouldStop }

    var openElement: OpenElement? { open.last.map { OpenElement(name: $0.name, location: $0.location) } }

    func start(
        localname: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
        attributes: UnsafeBufferPointer<UnsafePointer<UInt8>?>, location: SourceLocation
    ) {
        if open.count >= maxDepth {
            diagnostics.append(Diagnostic.reading(.limit, "elements are nested more than \(maxDepth) deep; reading stopped", at: location))
            stopped = true
            return
        }
        run = 0
        let element = startedElement(localname: localname, prefix: prefix, uri: uri, attributes: attributes, location: location, interned: &interned)
        open.append((element.name, location))
        sawRoot = true
        handler.start(element)
    }

    func end() {
        run = 0
        guard open.popLast() != nil else { return }
        handler.end()
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !open.isEmpty else { return }
        if run + bytes.count > maxTextBytes {
            diagnostics.append(Diagnostic.reading(.limit, "a text is longer than \(maxTextBytes) bytes; reading stopped", at: open.last?.location))
            stopped = true
            return
        }
        run += bytes.count
        handler.characters(bytes)
    }
}

/// A few strings made from C strings, found again by their bytes.
struct InternedStrings {
    private var strings: [String] = []
    private var next = 0
    private static let capacity = 32

    /// The string of the NUL-terminated `pointer`, the same one as before when its bytes were
    /// seen lately.
    mutating func string(_ pointer: UnsafePointer<UInt8>) -> String {
        let length = strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        // Short strings are stored inline: nothing to share.
        guard length > 15 else { return String(cString: pointer) }
        for index in strings.indices {
            var candidate = strings[index]
            let same = candidate.withUTF8 { bytes in bytes.count == length && bytes.baseAddress.map { memcmp($0, pointer, length) == 0 } == true }
            if same { return strings[index] }
        }
        let made = String(cString: pointer)
        if strings.count < Self.capacity {
            strings.append(made)
        } else {
            strings[next] = made
            next = (next + 1) % Self.capacity
        }
        return made
    }
}
