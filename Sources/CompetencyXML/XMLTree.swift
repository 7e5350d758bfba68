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
        elements(name, namespace: namespace).first
    }

    /// The concatenated text of the element and its descendants.
    public var text: String {
        children.map { node in
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
        if data.count > options.maxInputBytes {
            throw DiagnosticError([
                Diagnostic.reading(.limit, "the input is \(data.count) bytes, more than the limit of \(options.maxInputBytes)", at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw DiagnosticError([Diagnostic.reading(.syntax, "the file is empty; expected an XML document", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let builder = TreeBuilder(maxDepth: options.maxDepth, maxTextBytes: options.maxTextBytes)
        let driver = SAXDriver(builder: builder, file: file, maxAttributes: options.maxAttributes)
        data.withUnsafeBytes { driver.feed($0, last: true) }
        var diagnostics = driver.diagnostics + builder.diagnostics
        diagnostics.sort { ($0.location ?? SourceLocation(line: 0, column: 0)) < ($1.location ?? SourceLocation(line: 0, column: 0)) }
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
        guard let root = builder.root else {
            throw DiagnosticError([Diagnostic.reading(.syntax, "no root element was found", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        return root
    }

    /// Reads a document from a file.
    public func read(contentsOf url: URL) throws(DiagnosticError) -> XMLTreeElement {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DiagnosticError([
                Diagnostic.reading(.io, exists ? "the file cannot be read: \(error.localizedDescription)" : "no such file; check the path", at: SourceLocation(file: url.path, line: 1, column: 1))
            ])
        }
        return try read(data, file: url.path)
    }
}

/// Builds an ``XMLTreeElement`` tree from parser events.
final class TreeBuilder: SAXEventHandler {
    private let maxDepth: Int
    private let maxTextBytes: Int
    private var stack: [XMLTreeElement] = []
    private var text: [UInt8] = []
    private(set) var root: XMLTreeElement?
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var shouldStop = false

    init(maxDepth: Int, maxTextBytes: Int) {
        self.maxDepth = maxDepth
        self.maxTextBytes = maxTextBytes
    }

    var openElement: OpenElement? {
        stack.last.map { OpenElement(name: $0.name, location: $0.location) }
    }

    private func flushText() {
        guard !text.isEmpty, !stack.isEmpty else { return }
        stack[stack.count - 1].children.append(.text(String(decoding: text, as: UTF8.self)))
        text.removeAll(keepingCapacity: true)
    }

    func start(
        localname: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
        attributes: UnsafeBufferPointer<UnsafePointer<UInt8>?>, location: SourceLocation
    ) {
        if stack.count >= maxDepth {
            diagnostics.append(Diagnostic.reading(.limit, "elements are nested more than \(maxDepth) deep; reading stopped", at: location))
            shouldStop = true
            return
        }
        flushText()
        var element = XMLTreeElement(
            namespace: cString(uri) ?? "", prefix: cString(prefix), name: String(cString: localname), attributes: [],
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
        stack.append(element)
    }

    func end() {
        flushText()
        guard let element = stack.popLast() else { return }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(.element(element))
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !stack.isEmpty else { return }
        if text.count + bytes.count > maxTextBytes {
            diagnostics.append(Diagnostic.reading(.limit, "a text is longer than \(maxTextBytes) bytes; reading stopped", at: stack.last?.location))
            shouldStop = true
            return
        }
        text.append(contentsOf: bytes)
    }
}
