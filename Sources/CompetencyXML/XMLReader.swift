public import CompetencyModel
public import Foundation

/// Reads CompetencyKit XML documents (`framework`, `roster`, `plan`) into model values.
///
/// The reader runs libxml2's SAX2 parser with safe settings: it refuses any DOCTYPE (and so
/// every entity declaration), never substitutes entities, never loads anything, never goes
/// to the network, and bounds nesting depth, text length and input size. Every problem
/// comes back as an ``XMLDiagnostic`` with its file, line and column.
///
/// A reader holds no state between calls and can be shared between tasks.
public struct XMLReader: Sendable {
    /// Limits and choices for reading.
    public struct Options: Sendable, Hashable {
        /// The deepest nesting of elements accepted. Real documents stay below 20.
        public var maxDepth: Int
        /// The longest text of one element, in bytes.
        public var maxTextBytes: Int
        /// The largest input accepted, in bytes.
        public var maxInputBytes: Int
        /// Reading stops after this many errors.
        public var maxErrors: Int
        /// Whether to fill the ``SourceMap``. Turn it off for speed when locations are not needed.
        public var recordLocations: Bool

        public init(
            maxDepth: Int = 256, maxTextBytes: Int = 1 << 20, maxInputBytes: Int = 4 << 30, maxErrors: Int = 100,
            recordLocations: Bool = true
        ) {
            self.maxDepth = maxDepth
            self.maxTextBytes = maxTextBytes
            self.maxInputBytes = maxInputBytes
            self.maxErrors = maxErrors
            self.recordLocations = recordLocations
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    // MARK: Any document

    /// Reads a document of any of the three kinds from memory.
    ///
    /// - Parameter file: the name shown in locations (a path, or `nil` for in-memory input).
    public func read(_ data: Data, file: String? = nil) throws(XMLReadError) -> Parsed<CompetencyDocument> {
        try parse(file: file, sink: nil) { (driver: SAXDriver) throws(XMLReadError) in
            try checkStart(Array(data.prefix(64)), total: data.count, file: file)
            data.withUnsafeBytes { driver.feed($0, last: true) }
        }
    }

    /// Reads a document of any kind from a file, streaming it from disk.
    public func read(contentsOf url: URL) throws(XMLReadError) -> Parsed<CompetencyDocument> {
        try read(fileAt: url, sink: nil)
    }

    // MARK: One kind

    public func readFramework(_ data: Data, file: String? = nil) throws(XMLReadError) -> Parsed<Framework> {
        try expect(read(data, file: file), file: file) { if case .framework(let value) = $0 { value } else { nil } }
    }

    public func readFramework(contentsOf url: URL) throws(XMLReadError) -> Parsed<Framework> {
        try expect(read(contentsOf: url), file: url.path) { if case .framework(let value) = $0 { value } else { nil } }
    }

    public func readRoster(_ data: Data, file: String? = nil) throws(XMLReadError) -> Parsed<Roster> {
        try expect(read(data, file: file), file: file) { if case .roster(let value) = $0 { value } else { nil } }
    }

    public func readRoster(contentsOf url: URL) throws(XMLReadError) -> Parsed<Roster> {
        try expect(read(contentsOf: url), file: url.path) { if case .roster(let value) = $0 { value } else { nil } }
    }

    public func readPlan(_ data: Data, file: String? = nil) throws(XMLReadError) -> Parsed<Plan> {
        try expect(read(data, file: file), file: file) { if case .plan(let value) = $0 { value } else { nil } }
    }

    public func readPlan(contentsOf url: URL) throws(XMLReadError) -> Parsed<Plan> {
        try expect(read(contentsOf: url), file: url.path) { if case .plan(let value) = $0 { value } else { nil } }
    }

    // MARK: Streaming people

    /// Reads a roster from a file person by person: `body` receives each person as soon as
    /// its element closes, and the people are not kept, so memory stays bounded whatever
    /// the size of the file. Return `false` from `body` to stop early.
    ///
    /// - Returns: the roster without its people (units, title, as-of date), with the
    ///   locations of everything but the people.
    public func streamRoster(
        contentsOf url: URL, _ body: @escaping (Person, SourceLocation) -> Bool
    ) throws(XMLReadError) -> Parsed<Roster> {
        let parsed = try read(fileAt: url, sink: body)
        guard case .roster(let roster) = parsed.value else {
            throw XMLReadError([
                XMLDiagnostic(.schema, "expected a <roster> document, found \(parsed.value.kindName)", at: SourceLocation(file: url.path, line: 1, column: 1))
            ])
        }
        return Parsed(value: roster, sourceMap: parsed.sourceMap, warnings: parsed.warnings)
    }

    /// Reads a roster from memory person by person; see ``streamRoster(contentsOf:_:)``.
    public func streamRoster(
        _ data: Data, file: String? = nil, _ body: @escaping (Person, SourceLocation) -> Bool
    ) throws(XMLReadError) -> Parsed<Roster> {
        let parsed = try parse(file: file, sink: body) { (driver: SAXDriver) throws(XMLReadError) in
            try checkStart(Array(data.prefix(64)), total: data.count, file: file)
            data.withUnsafeBytes { driver.feed($0, last: true) }
        }
        guard case .roster(let roster) = parsed.value else {
            throw XMLReadError([
                XMLDiagnostic(.schema, "expected a <roster> document, found \(parsed.value.kindName)", at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        return Parsed(value: roster, sourceMap: parsed.sourceMap, warnings: parsed.warnings)
    }

    // MARK: Internals

    private func expect<Value>(
        _ parsed: Parsed<CompetencyDocument>, file: String?, _ extract: (CompetencyDocument) -> Value?
    ) throws(XMLReadError) -> Parsed<Value> {
        guard let value = extract(parsed.value) else {
            throw XMLReadError([
                XMLDiagnostic(
                    .schema, "expected a different kind of document, found \(parsed.value.kindName)",
                    at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        return Parsed(value: value, sourceMap: parsed.sourceMap, warnings: parsed.warnings)
    }

    private func read(fileAt url: URL, sink: ((Person, SourceLocation) -> Bool)?) throws(XMLReadError)
        -> Parsed<CompetencyDocument>
    {
        let path = url.path
        let handle: FileHandle
        do {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw XMLReadError([XMLDiagnostic(.io, "no such file; check the path", at: SourceLocation(file: path, line: 1, column: 1))])
            }
            if isDirectory.boolValue {
                throw XMLReadError([XMLDiagnostic(.io, "this is a folder, not a file", at: SourceLocation(file: path, line: 1, column: 1))])
            }
            handle = try FileHandle(forReadingFrom: url)
        } catch let error as XMLReadError {
            throw error
        } catch {
            throw XMLReadError([
                XMLDiagnostic(.io, "the file cannot be opened: \(error.localizedDescription)", at: SourceLocation(file: path, line: 1, column: 1))
            ])
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return try parse(file: path, sink: sink) { (driver: SAXDriver) throws(XMLReadError) in
            var first = true
            while true {
                let chunk: Data
                do {
                    chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                } catch {
                    throw XMLReadError([
                        XMLDiagnostic(.io, "reading failed: \(error.localizedDescription)", at: SourceLocation(file: path, line: 1, column: 1))
                    ])
                }
                if first {
                    try checkStart(Array(chunk.prefix(64)), total: size, file: path)
                    first = false
                }
                let last = chunk.isEmpty
                chunk.withUnsafeBytes { driver.feed($0, last: last) }
                if last || driver.wasStopped { break }
            }
        }
    }

    /// Catches inputs that are not XML at all before the parser sees them, to say clearly what they are.
    private func checkStart(_ head: [UInt8], total: Int, file: String?) throws(XMLReadError) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if total > options.maxInputBytes {
            throw XMLReadError([
                XMLDiagnostic(.limit, "the input is \(total) bytes, more than the limit of \(options.maxInputBytes); raise XMLReader.Options.maxInputBytes if it is genuine", at: start)
            ])
        }
        var index = head.startIndex
        var line = 1
        var column = 1
        if head.count >= 3, head[index] == 0xEF, head[index + 1] == 0xBB, head[index + 2] == 0xBF { index += 3 }
        while index < head.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(head[index]) {
            if head[index] == 0x0A { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        guard index < head.endIndex else {
            if total <= head.count {
                throw XMLReadError([
                    XMLDiagnostic(.syntax, total == 0 ? "the file is empty; expected a <framework>, <roster> or <plan> document" : "the file holds only whitespace; expected a <framework>, <roster> or <plan> document", at: start)
                ])
            }
            return
        }
        let here = SourceLocation(file: file, line: line, column: column)
        switch head[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw XMLReadError([
                XMLDiagnostic(.syntax, "this looks like JSON, not XML; read JSON with JSONDecoder, or convert it with 'competency convert --from json'", at: here)
            ])
        case UInt8(ascii: "<"), 0xFE, 0xFF, 0x00, 0x3C:
            return
        default:
            if head[index] < 0x80 {
                throw XMLReadError([
                    XMLDiagnostic(.syntax, "this is not an XML document: it must start with '<' (an XML declaration or the root element)", at: here)
                ])
            }
        }
    }

    private func parse(
        file: String?, sink: ((Person, SourceLocation) -> Bool)?,
        _ run: (SAXDriver) throws(XMLReadError) -> Void
    ) throws(XMLReadError) -> Parsed<CompetencyDocument> {
        let builder = DocumentBuilder(
            file: file,
            limits: .init(maxDepth: options.maxDepth, maxTextBytes: options.maxTextBytes, maxErrors: options.maxErrors),
            recordLocations: options.recordLocations)
        builder.personSink = sink
        let driver = SAXDriver(builder: builder, file: file)
        try run(driver)
        var diagnostics = driver.diagnostics + builder.diagnostics
        diagnostics.sort { ($0.location ?? SourceLocation(line: 0, column: 0)) < ($1.location ?? SourceLocation(line: 0, column: 0)) }
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw XMLReadError(diagnostics) }
        guard let document = builder.rootDocument else {
            if driver.wasStopped, sink != nil {
                // Stopped early by the caller: report what was read.
                throw XMLReadError([XMLDiagnostic(.io, "reading was stopped before the end of the roster", at: SourceLocation(file: file, line: 1, column: 1))])
            }
            throw XMLReadError([
                XMLDiagnostic(.syntax, "no document element was found; expected <framework>, <roster> or <plan>", at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        return Parsed(value: document, sourceMap: builder.sourceMap, warnings: diagnostics)
    }
}

extension CompetencyDocument {
    /// `a framework`, `a roster` or `a plan`.
    public var kindName: String {
        switch self {
        case .framework: "a framework"
        case .roster: "a roster"
        case .plan: "a plan"
        }
    }
}
