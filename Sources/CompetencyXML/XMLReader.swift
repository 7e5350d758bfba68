public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// Reads CompetencyKit XML documents (`framework`, `roster`, `plan`) into model values.
///
/// The reader runs libxml2's SAX2 parser with safe settings: it refuses any DOCTYPE (and so
/// every entity declaration), never substitutes entities, never loads anything, never goes
/// to the network, and bounds nesting depth, text length and input size. Every problem
/// comes back as a `Diagnostic` with its file, line and column: `xml.*` for the bytes,
/// `schema.*` for the vocabulary, `io.*` for a file that cannot be read.
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
        /// The most attributes one element may have, checked before libxml2 parses the
        /// element (its time grows with the square of that number).
        public var maxAttributes: Int
        /// Whether to fill the `SourceMap`. Turn it off for speed when locations are not needed.
        public var recordLocations: Bool
        /// Whether to go on past errors in the vocabulary (`schema.*`): an unknown element is
        /// skipped with its content, a value that cannot be parsed (an impossible date, a
        /// number that is not one) is kept as missing, and the errors come back in
        /// `Parsed.diagnostics` beside the document instead of being thrown. Validation
        /// reads this way, to report schema errors and the rules' findings in one run.
        /// Errors in the bytes (not XML, not UTF-8, unsafe, beyond a limit) still throw.
        /// Off by default: a recovered document is incomplete, and planning on it would
        /// silently leave out what was skipped.
        public var recover: Bool

        public init(
            maxDepth: Int = 256, maxTextBytes: Int = 1 << 20, maxInputBytes: Int = 4 << 30, maxErrors: Int = 100,
            recordLocations: Bool = true, recover: Bool = false, maxAttributes: Int = 1_000
        ) {
            self.maxAttributes = maxAttributes
            self.recover = recover
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
    /// - Parameters:
    ///   - data: the document's bytes.
    ///   - file: the name shown in locations (a path, or `nil` for in-memory input).
    public func read(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        try parse(file: file, sink: nil) { (driver: SAXDriver) throws(DiagnosticError) in
            try checkStart(Array(data.prefix(64)), total: data.count, file: file)
            data.withUnsafeBytes { driver.feed($0, last: true) }
        }
    }

    /// Reads a document of any kind from a file, streaming it from disk.
    ///
    /// - Parameters:
    ///   - url: the file to read.
    ///   - name: the file name locations show; the URL's path when `nil`.
    public func read(contentsOf url: URL, name: String? = nil) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        try read(fileAt: url, name: name, sink: nil)
    }

    // MARK: One kind

    public func readFramework(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<Framework> {
        try expect(read(data, file: file), "a framework", file: file) { if case .framework(let value) = $0 { value } else { nil } }
    }

    public func readFramework(contentsOf url: URL) throws(DiagnosticError) -> Parsed<Framework> {
        try expect(read(contentsOf: url), "a framework", file: url.path) { if case .framework(let value) = $0 { value } else { nil } }
    }

    public func readRoster(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<Roster> {
        try expect(read(data, file: file), "a roster", file: file) { if case .roster(let value) = $0 { value } else { nil } }
    }

    public func readRoster(contentsOf url: URL) throws(DiagnosticError) -> Parsed<Roster> {
        try expect(read(contentsOf: url), "a roster", file: url.path) { if case .roster(let value) = $0 { value } else { nil } }
    }

    public func readPlan(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<Plan> {
        try expect(read(data, file: file), "a plan", file: file) { if case .plan(let value) = $0 { value } else { nil } }
    }

    public func readPlan(contentsOf url: URL) throws(DiagnosticError) -> Parsed<Plan> {
        try expect(read(contentsOf: url), "a plan", file: url.path) { if case .plan(let value) = $0 { value } else { nil } }
    }

    // MARK: Streaming people

    /// Reads a roster from a file person by person: `body` receives each person as soon as
    /// its element closes, and the people are not kept, so memory stays bounded whatever
    /// the size of the file. Return `false` from `body` to stop early.
    ///
    /// - Parameters:
    ///   - url: the roster file to read.
    ///   - name: the file name locations show; the URL's path when `nil`.
    ///   - body: called with each person and the location of its element; return `false`
    ///     to stop reading.
    /// - Returns: the roster without its people (units, title, as-of date), with the
    ///   locations of everything but the people.
    public func streamRoster(
        contentsOf url: URL, name: String? = nil, _ body: @escaping (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster> {
        try expect(read(fileAt: url, name: name, sink: body), "a roster", file: name ?? url.path) {
            if case .roster(let value) = $0 { value } else { nil }
        }
    }

    /// Reads a document of any kind from a file; when it is a roster, its people go to
    /// `people` as they are read and are not kept (see ``streamRoster(contentsOf:name:_:)``),
    /// so that memory stays bounded whatever the size of a roster. Other kinds come back whole.
    public func read(
        contentsOf url: URL, name: String? = nil, people: @escaping (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        try read(fileAt: url, name: name, sink: people)
    }

    /// Reads a document of any kind from memory; a roster's people go to `people` and are
    /// not kept. See ``read(contentsOf:name:people:)``.
    public func read(
        _ data: Data, file: String? = nil, people: @escaping (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        try parse(file: file, sink: people) { (driver: SAXDriver) throws(DiagnosticError) in
            try checkStart(Array(data.prefix(64)), total: data.count, file: file)
            data.withUnsafeBytes { driver.feed($0, last: true) }
        }
    }

    /// Reads a roster from a file person by person, like ``streamRoster(contentsOf:name:_:)``,
    /// handing each person over with the locations of the person and of its attributes,
    /// assessments, certificates and completions (a small map per person, not kept).
    public func streamRosterWithLocations(
        contentsOf url: URL, name: String? = nil, _ body: @escaping (Person, SourceMap) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster> {
        try expect(read(fileAt: url, name: name, sink: nil, locatedSink: body), "a roster", file: name ?? url.path) {
            if case .roster(let value) = $0 { value } else { nil }
        }
    }

    /// Reads a roster from memory person by person, with each person's locations; see
    /// ``streamRosterWithLocations(contentsOf:name:_:)``.
    public func streamRosterWithLocations(
        _ data: Data, file: String? = nil, _ body: @escaping (Person, SourceMap) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster> {
        let parsed = try parse(file: file, sink: nil, locatedSink: body) { (driver: SAXDriver) throws(DiagnosticError) in
            try checkStart(Array(data.prefix(64)), total: data.count, file: file)
            data.withUnsafeBytes { driver.feed($0, last: true) }
        }
        return try expect(parsed, "a roster", file: file) { if case .roster(let value) = $0 { value } else { nil } }
    }

    /// Reads a roster from memory person by person; see ``streamRoster(contentsOf:name:_:)``.
    public func streamRoster(
        _ data: Data, file: String? = nil, _ body: @escaping (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster> {
        try expect(read(data, file: file, people: body), "a roster", file: file) {
            if case .roster(let value) = $0 { value } else { nil }
        }
    }

    /// Reads a roster up to its first person: its attributes, and the title and units
    /// written before the first `<person>`, with their locations; no people. The whole
    /// roster when it has none. Units written after the first person are not in it.
    public func readRosterHead(contentsOf url: URL, name: String? = nil) throws(DiagnosticError) -> Parsed<Roster> {
        try expect(read(fileAt: url, name: name, sink: { _, _ in false }, head: true), "a roster", file: name ?? url.path) {
            if case .roster(let value) = $0 { value } else { nil }
        }
    }

    /// ``readRosterHead(contentsOf:name:)`` for a roster in memory.
    public func readRosterHead(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<Roster> {
        let parsed = try parse(file: file, sink: { _, _ in false }, head: true) { (driver: SAXDriver) throws(DiagnosticError) in
            try checkStart(Array(data.prefix(64)), total: data.count, file: file)
            data.withUnsafeBytes { driver.feed($0, last: true) }
        }
        return try expect(parsed, "a roster", file: file) { if case .roster(let value) = $0 { value } else { nil } }
    }

    // MARK: Internals

    /// The document as the kind `expected` names, or a `document.wrong-kind` error naming both kinds.
    private func expect<Value>(
        _ parsed: Parsed<CompetencyDocument>, _ expected: String, file: String?, _ extract: (CompetencyDocument) -> Value?
    ) throws(DiagnosticError) -> Parsed<Value> {
        guard let value = extract(parsed.value) else {
            throw DiagnosticError(.wrongKind(found: parsed.value.kindName, expected: expected, file: file))
        }
        return Parsed(value: value, sourceMap: parsed.sourceMap, diagnostics: parsed.diagnostics)
    }

    private func read(
        fileAt url: URL, name: String?, sink: ((Person, SourceLocation) -> Bool)?,
        locatedSink: ((Person, SourceMap) -> Bool)? = nil, head: Bool = false
    ) throws(DiagnosticError)
        -> Parsed<CompetencyDocument>
    {
        let path = name ?? url.path
        let handle: FileHandle
        do {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw DiagnosticError(.noSuchFile(path))
            }
            if isDirectory.boolValue { throw DiagnosticError(.isFolder(path)) }
            handle = try FileHandle(forReadingFrom: url)
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(.unreadable(path))
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return try parse(file: path, sink: sink, locatedSink: locatedSink, head: head) { (driver: SAXDriver) throws(DiagnosticError) in
            var first = true
            var total = 0
            while true {
                let chunk: Data
                do {
                    chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                } catch {
                    throw DiagnosticError(.unreadable(path, reason: error.localizedDescription))
                }
                if first {
                    try checkStart(Array(chunk.prefix(64)), total: size, file: path)
                    first = false
                }
                // A pipe or a device has no size to check first: count what it gives.
                total += chunk.count
                if total > options.maxInputBytes {
                    throw DiagnosticError([
                        Diagnostic.reading(
                            .limit, "the input is more than the limit of \(options.maxInputBytes) bytes; raise XMLReader.Options.maxInputBytes if it is genuine",
                            at: SourceLocation(file: path, line: 1, column: 1))
                    ])
                }
                let last = chunk.isEmpty
                chunk.withUnsafeBytes { driver.feed($0, last: last) }
                if last || driver.wasStopped { break }
            }
        }
    }

    /// Catches inputs that are not XML at all before the parser sees them, to say clearly what they are.
    private func checkStart(_ head: [UInt8], total: Int, file: String?) throws(DiagnosticError) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if total > options.maxInputBytes {
            throw DiagnosticError([
                Diagnostic.reading(.limit, "the input is \(total) bytes, more than the limit of \(options.maxInputBytes); raise XMLReader.Options.maxInputBytes if it is genuine", at: start)
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
                throw DiagnosticError([
                    Diagnostic.reading(.syntax, total == 0 ? "the file is empty; expected a <framework>, <roster> or <plan> document" : "the file holds only whitespace; expected a <framework>, <roster> or <plan> document", at: start)
                ])
            }
            return
        }
        let here = SourceLocation(file: file, line: line, column: column)
        // No encoding starts a document with four NUL bytes ('<' is 00 3C in UTF-16, 00 00 00 3C in UTF-32).
        if head.count - index >= 4, head[index..<index + 4].allSatisfy({ $0 == 0 }) {
            throw DiagnosticError([
                Diagnostic.reading(.syntax, "this is not an XML document: it starts with NUL bytes (a binary file, or a device such as /dev/zero)", at: here)
            ])
        }
        switch head[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw DiagnosticError([
                Diagnostic.reading(.syntax, "this looks like JSON, not XML; read JSON with JSONDecoder, or convert it with 'competency convert --from json'", at: here)
            ])
        case UInt8(ascii: "<"), 0xFE, 0xFF, 0x00, 0x3C:
            return
        default:
            if head[index] < 0x80 {
                throw DiagnosticError([
                    Diagnostic.reading(.syntax, "this is not an XML document: it must start with '<' (an XML declaration or the root element)", at: here)
                ])
            }
        }
    }

    private func parse(
        file: String?, sink: ((Person, SourceLocation) -> Bool)?, locatedSink: ((Person, SourceMap) -> Bool)? = nil,
        head: Bool = false, _ run: (SAXDriver) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        let builder = DocumentBuilder(
            file: file,
            limits: .init(maxDepth: options.maxDepth, maxTextBytes: options.maxTextBytes, maxErrors: options.maxErrors),
            recordLocations: options.recordLocations)
        builder.personSink = sink
        if let locatedSink {
            builder.locatesStreamedRecords = true
            builder.personSink = { [unowned builder] person, _ in locatedSink(person, builder.personSourceMap) }
        }
        let driver = SAXDriver(builder: builder, file: file, maxAttributes: options.maxAttributes)
        try run(driver)
        var diagnostics = driver.diagnostics + builder.diagnostics
        diagnostics.sort { ($0.location ?? SourceLocation(line: 0, column: 0)) < ($1.location ?? SourceLocation(line: 0, column: 0)) }
        let stopping = diagnostics.contains { $0.severity == .error && !(options.recover && $0.id.domain == "schema") }
        if stopping || builder.stoppedOnErrors { throw DiagnosticError(diagnostics) }
        if head, driver.wasStopped, let roster = builder.rosterHead() {
            return Parsed(value: .roster(roster), sourceMap: builder.sourceMap, diagnostics: diagnostics)
        }
        guard let document = builder.rootDocument else {
            if driver.wasStopped, builder.personSink != nil {
                // Stopped early by the caller: report what was read.
                throw DiagnosticError([Diagnostic.reading(.io, "reading was stopped before the end of the roster", at: SourceLocation(file: file, line: 1, column: 1))])
            }
            if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
            throw DiagnosticError.reading(
                .syntax, "no document element was found; expected <framework>, <roster> or <plan>",
                at: SourceLocation(file: file, line: 1, column: 1), code: "no-root")
        }
        return Parsed(value: document, sourceMap: builder.sourceMap, diagnostics: diagnostics)
    }
}
