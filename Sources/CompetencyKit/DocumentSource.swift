import CompetencyModel
import CompetencyDiagnostics
import CompetencyXML
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
            guard let data = FileManager.default.contents(atPath: path) else { throw DiagnosticError(.unreadable(path)) }
            return data
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

    /// Reads a native XML framework; another kind of document is a `document.wrong-kind` error.
    public func readFramework(options: XMLReader.Options = XMLReader.Options()) throws(DiagnosticError) -> Parsed<Framework> {
        let parsed = try readXML(options: options)
        guard case .framework(let framework) = parsed.value else {
            throw DiagnosticError(.wrongKind(found: parsed.value.kindName, expected: "a framework", file: name))
        }
        return parsed.map { _ in framework }
    }

    /// Reads a native XML roster; another kind of document is a `document.wrong-kind` error.
    public func readRoster(options: XMLReader.Options = XMLReader.Options()) throws(DiagnosticError) -> Parsed<Roster> {
        let parsed = try readXML(options: options)
        guard case .roster(let roster) = parsed.value else {
            throw DiagnosticError(.wrongKind(found: parsed.value.kindName, expected: "a roster", file: name))
        }
        return parsed.map { _ in roster }
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

    /// Streams the people of a native XML roster; see `XMLReader.streamRoster(contentsOf:_:)`.
    /// A file is read from disk in chunks, never whole.
    public func streamRoster(
        options: XMLReader.Options = XMLReader.Options(), _ body: @escaping (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster> {
        switch contents {
        case .data(let data): return try XMLReader(options: options).streamRoster(data, file: name, body)
        case .file(let path):
            try checkReadable()
            return try XMLReader(options: options).streamRoster(contentsOf: URL(fileURLWithPath: path), name: name, body)
        }
    }
}
