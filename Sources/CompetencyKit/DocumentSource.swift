import CompetencyModel
import CompetencyDiagnostics
public import CompetencyXML
import CompetencyInterchange
public import Foundation

/// Where a document comes from: a file, or bytes already in memory (a bundled sample, an
/// upload) with the name that locations show.
///
/// Every verb of the `competency` tool reads its inputs through this one type, so that a
/// missing file, a folder or a file without permission reads the same everywhere
/// (`io.no-such-file`, `io.is-folder`, `io.unreadable`), and each input is read once.
public struct DocumentSource: Hashable, Sendable {
    public enum Contents: Hashable, Sendable {
        case file(path: String)
        case data(Data)
    }

    /// The name locations show: the path, or the in-memory document's name.
    public var name: String
    public var contents: Contents

    public init(name: String, contents: Contents) {
        self.name = name
        self.contents = contents
    }

    /// The file at `path`.
    public static func file(_ path: String) -> DocumentSource { DocumentSource(name: path, contents: .file(path: path)) }

    /// Bytes in memory, shown as `name` in locations.
    public static func data(_ data: Data, name: String) -> DocumentSource { DocumentSource(name: name, contents: .data(data)) }

    /// The file at `path`, or, when `path` names something that can be read only once (a
    /// pipe, a FIFO such as `<(command)` gives, a socket, `/dev/stdin`, a character device),
    /// its bytes, read now. Verbs that look at an input's first bytes before they read it
    /// (to tell its format or kind) then see the whole of it.
    ///
    /// - Throws: the errors of ``read()``, for a stream.
    public static func opening(_ path: String) throws(DiagnosticError) -> DocumentSource {
        let source = file(path)
        guard source.isStream else { return source }
        return .data(try source.read(), name: path)
    }

    /// Whether this is a file that can be read only once: anything but a regular file or a folder.
    public var isStream: Bool {
        guard case .file(let path) = contents else { return false }
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }

    /// The most a stream (``isStream``) may give: the native reader's input limit.
    public static let maxStreamBytes = XMLReader.Options().maxInputBytes

    /// The path, for a file.
    public var path: String? {
        if case .file(let path) = contents { path } else { nil }
    }

    /// Checks that a file exists, is not a folder and can be opened, without reading it.
    public func checkReadable() throws(DiagnosticError) {
        guard case .file(let path) = contents else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError(.noSuchFile(path))
        }
        guard !isDirectory.boolValue else { throw DiagnosticError(.isFolder(path)) }
        guard FileManager.default.isReadableFile(atPath: path) else { throw DiagnosticError(.unreadable(path)) }
    }

    /// The bytes.
    public func read() throws(DiagnosticError) -> Data {
        switch contents {
        case .data(let data): return data
        case .file(let path):
            try checkReadable()
            if isStream { return try readStream(path) }
            guard let data = FileManager.default.contents(atPath: path) else { throw DiagnosticError(.unreadable(path)) }
            return data
        }
    }

    /// The offset of the first NUL byte in the first bytes of a stream that is not UTF-16 or
    /// UTF-32 text, where NUL bytes stand beside ASCII ones; `nil` for text.
    package static func binaryOffset(_ head: Data) -> Int? {
        guard let first = head.firstIndex(of: 0) else { return nil }
        let start = Array(head.prefix(4))
        let wide: Bool
        if start.starts(with: [0xFE, 0xFF]) || start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0, 0, 0xFE, 0xFF]) {
            wide = true
        } else {
            // Without a byte order mark: the one non-NUL byte among the first two (UTF-16) or
            // four (UTF-32) is printable ASCII or white space, '<' or '{' say.
            let pattern = start.filter { $0 != 0 }
            wide = start.count == 4 && (pattern.count == 2 || pattern.count == 1)
                && pattern.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
        return wide ? nil : first - head.startIndex
    }

    /// Reads a pipe, FIFO or device to its end, refusing binary data (`/dev/zero`,
    /// `/dev/urandom`) from its first bytes, and more than ``maxStreamBytes``.
    private func readStream(_ path: String) throws(DiagnosticError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DiagnosticError(.unreadable(path)) }
        defer { try? handle.close() }
        var data = Data()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            } catch {
                throw DiagnosticError(.unreadable(path, reason: error.localizedDescription))
            }
            if chunk.isEmpty { return data }
            if data.isEmpty, let offset = Self.binaryOffset(chunk) {
                // Not read on: a device such as /dev/zero or /dev/urandom would never end.
                throw DiagnosticError(
                    .error(
                        DiagnosticID(domain: "io", code: "not-a-document"),
                        "this is binary data, not a document (a NUL byte at offset \(offset)); give a framework, roster or plan file",
                        at: .file(path)))
            }
            data.append(chunk)
            if data.count > Self.maxStreamBytes {
                throw DiagnosticError(
                    .error(
                        DiagnosticID(domain: "xml", code: "limit"),
                        "the input is more than the limit of \(Self.maxStreamBytes) bytes read from a pipe or device; write it to a file first",
                        at: .file(path)))
            }
        }
    }

    /// The first `count` bytes (fewer when the input is shorter), to tell its format or kind
    /// without reading it whole.
    public func prefix(_ count: Int) throws(DiagnosticError) -> Data {
        switch contents {
        case .data(let data): return data.prefix(count)
        case .file(let path):
            try checkReadable()
            guard let handle = FileHandle(forReadingAtPath: path) else { throw DiagnosticError(.unreadable(path)) }
            defer { try? handle.close() }
            do {
                return try handle.read(upToCount: count) ?? Data()
            } catch {
                throw DiagnosticError(.unreadable(path))
            }
        }
    }

    /// Reads a native XML document of any kind.
    public func readXML(options: XMLReader.Options = XMLReader.Options()) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        switch contents {
        case .data(let data): return try XMLReader(options: options).read(data, file: name)
        case .file(let path):
            try checkReadable()
            return try XMLReader(options: options).read(contentsOf: URL(fileURLWithPath: path), name: name)
        }
    }

    /// Reads a native XML document of any kind; a roster's people go to `people` as they
    /// are read and are not kept. A file is read from disk in chunks, never whole.
    public func readXML(
        options: XMLReader.Options = XMLReader.Options(), people: @escaping (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        switch contents {
        case .data(let data): return try XMLReader(options: options).read(data, file: name, people: people)
        case .file(let path):
            try checkReadable()
            return try XMLReader(options: options).read(contentsOf: URL(fileURLWithPath: path), name: name, people: people)
        }
    }

    /// Tells the format from the content, as `competency convert` does: XML by its root
    /// (anything that is not MedBiquitous is read as native XML, whose reader says what is
    /// wrong), JSON and CSV by `FormatDetector`. A native XML file is only sniffed, not read
    /// whole; other contents are returned with the format, read once.
    func detectFormat() throws(DiagnosticError) -> (format: InterchangeFormat?, data: Data?) {
        let head: Data
        switch contents {
        case .data(let data): head = data.prefix(8192)
        case .file(let path):
            try checkReadable()
            guard let handle = FileHandle(forReadingAtPath: path) else { throw DiagnosticError(.unreadable(path)) }
            defer { try? handle.close() }
            head = (try? handle.read(upToCount: 8192)) ?? Data()
        }
        var start = head.startIndex
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < head.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        if start < head.endIndex, head[start] == UInt8(ascii: "<") || head[start] == 0xFE || head[start] == 0xFF || head[start] == 0 {
            return (FormatDetector.detect(head) == .medbiq ? .medbiq : .xml, nil)
        }
        let data = try read()
        return (FormatDetector.detect(data), data)
    }

    /// Reads a document in any format that `competency convert` reads, told from its content:
    /// native XML or JSON (a `CompetencyDocument`, or a bare `Framework`, `Roster` or `Plan` as
    /// `JSONEncoder` writes it), CASE, MedBiquitous, CTDL-ASN, ESCO, SFIA, or a roster as CSV.
    ///
    /// - Throws: `usage.unknown-format`, naming what the content looks like, and every
    ///   reader's and importer's errors.
    public func readDocument(options: XMLReader.Options = XMLReader.Options()) throws(DiagnosticError) -> DocumentLoader.Loaded {
        let (format, data) = try detectFormat()
        guard let format else { throw DocumentLoader.unknownFormat(data ?? Data(), file: name, canName: false) }
        if format == .xml, data == nil { return DocumentLoader.Loaded(format: .xml, parsed: try readXML(options: options)) }
        return try DocumentLoader(xmlOptions: options).load([self], format: format, firstData: data)
    }

    /// This source, and for a MedBiquitous framework file the folder it is in, whose
    /// Competency Objects and Performance Frameworks complete it: the verbs that take one
    /// file read a framework with the documents beside it.
    func withCompanions(_ format: InterchangeFormat) -> [DocumentSource] {
        guard format == .medbiq, let path else { return [self] }
        return [self, .file(URL(fileURLWithPath: path).deletingLastPathComponent().path)]
    }

    /// Reads a framework in any format (see ``readDocument(options:)``); another kind of
    /// document is a `document.wrong-kind` error that names the format it was read from.
    public func readFramework(options: XMLReader.Options = XMLReader.Options()) throws(DiagnosticError) -> Parsed<Framework> {
        let loaded = try readDocument(options: options)
        guard case .framework(let framework) = loaded.parsed.value else {
            throw DiagnosticError(
                .wrongKind(
                    found: "\(loaded.parsed.value.kindName) (\(loaded.format.displayName))", expected: DocumentLoader.frameworkFormats,
                    file: name))
        }
        return loaded.parsed.map { _ in framework }
    }

    /// Reads a roster in any format (see ``readDocument(options:)``); another kind of
    /// document is a `document.wrong-kind` error that names the format it was read from.
    public func readRoster(options: XMLReader.Options = XMLReader.Options()) throws(DiagnosticError) -> Parsed<Roster> {
        let loaded = try readDocument(options: options)
        guard case .roster(let roster) = loaded.parsed.value else {
            throw DiagnosticError(
                .wrongKind(
                    found: "\(loaded.parsed.value.kindName) (\(loaded.format.displayName))", expected: DocumentLoader.rosterFormats,
                    file: name))
        }
        return loaded.parsed.map { _ in roster }
    }

    /// Reads a native XML roster up to its first person; see
    /// `XMLReader.readRosterHead(contentsOf:name:)`.
    public func readRosterHead(options: XMLReader.Options = XMLReader.Options()) throws(DiagnosticError) -> Parsed<Roster> {
        switch contents {
        case .data(let data): return try XMLReader(options: options).readRosterHead(data, file: name)
        case .file(let path):
            try checkReadable()
            return try XMLReader(options: options).readRosterHead(contentsOf: URL(fileURLWithPath: path), name: name)
        }
    }

    /// Streams the people of a native XML roster with each person's own locations; see
    /// `XMLReader.streamRosterWithLocations(contentsOf:name:_:)`.
    public func streamRosterWithLocations(
        options: XMLReader.Options = XMLReader.Options(), _ body: @escaping (Person, SourceMap) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster> {
        switch contents {
        case .data(let data): return try XMLReader(options: options).streamRosterWithLocations(data, file: name, body)
        case .file(let path):
            try checkReadable()
            return try XMLReader(options: options).streamRosterWithLocations(
                contentsOf: URL(fileURLWithPath: path), name: name, body)
        }
    }

    /// Streams the people of a CompetencyKit roster CSV, each as soon as its rows are read; see
    /// `RosterCSV.streamRoster(_:file:language:_:)`.
    ///
    /// - Returns: the roster without its people, or `nil` when the source is not a roster CSV
    ///   (a framework table), or when the rows of a person stand apart, so that it must be read
    ///   whole (`body` may then have seen some people).
    public func streamRosterCSV(_ body: (Person, SourceLocation) -> Bool) throws(DiagnosticError) -> Parsed<Roster>? {
        let data = try read()
        guard FormatDetector.detect(data) == .csv, !FormatDetector.isFrameworkCSV(data) else { return nil }
        return try RosterCSV().streamRoster(data, file: name, body)
    }

    /// Streams the people of a roster; see `XMLReader.streamRoster(contentsOf:_:)`. A native
    /// XML file is read from disk in chunks, never whole; a roster in another format (JSON,
    /// CSV) is read whole, then handed over person by person.
    public func streamRoster(
        options: XMLReader.Options = XMLReader.Options(), _ body: @escaping (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster> {
        let (format, data) = try detectFormat()
        if format != .xml || data != nil {
            var parsed = try readRoster(options: options)
            for person in parsed.value.people {
                let location = parsed.sourceMap.location(of: .person(person.id)) ?? SourceLocation(file: name, line: 1, column: 1)
                guard body(person, location) else { break }
            }
            parsed.value.people = []
            return parsed
        }
        switch contents {
        case .data(let data): return try XMLReader(options: options).streamRoster(data, file: name, body)
        case .file(let path):
            return try XMLReader(options: options).streamRoster(contentsOf: URL(fileURLWithPath: path), name: name, body)
        }
    }
}
