@preconcurrency internal import CLibXML2
import CompetencyModel
import CompetencyDiagnostics
public import Foundation

/// An XML Schema read from disk (another format's official XSD) and compiled once, to
/// validate documents against it.
///
/// Official schemas often import others by URL (`http://ns.medbiq.org/lom/healthcarelom.xsd`).
/// Nothing is fetched: `catalog` maps such locations to local files, relative locations
/// are read from disk beside the schema, and any other remote location is refused with a
/// diagnostic naming it. A compiled schema is only read while validating, so one value
/// can serve many documents on many threads.
public final class ExternalSchema: Sendable {
    // libxml2 does not change a compiled schema while validating.
    private nonisolated(unsafe) let schema: xmlSchemaPtr

    /// Compiles the schema at `url`.
    ///
    /// - Parameters:
    ///   - url: the schema file to compile.
    ///   - catalog: schema locations as written in `schemaLocation` attributes
    ///     (trimmed), each mapped to a local file.
    /// - Throws: the schema's own errors, and every remote location it needed that the
    ///   catalog does not map.
    public init(contentsOf url: URL, catalog: [String: URL] = [:]) throws(DiagnosticError) {
        let start = SourceLocation(file: url.path, line: 1, column: 1)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DiagnosticError([Diagnostic.reading(.io, "no such schema file; check the path", at: start)])
        }
        let collector = ErrorCollector(file: url.path, text: Data())
        let box = Unmanaged.passRetained(collector)
        defer { box.release() }
        let result = SchemaLoading.withCatalog(catalog.mapValues(\.path)) { () -> xmlSchemaPtr? in
            guard let context = xmlSchemaNewParserCtxt(url.path) else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(
                context,
                { userData, error in
                    guard let userData, let error else { return }
                    Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue().add(error, kind: .schema)
                }, box.toOpaque())
            return xmlSchemaParse(context)
        }
        var diagnostics = result.refused.map { location in
            Diagnostic.reading(
                .io, "the schema needs \(location), which is not in the catalog; map it to a local copy (nothing is fetched from the network)",
                at: start)
        }
        guard let schema = result.value, diagnostics.isEmpty else {
            if let compiled = result.value { xmlSchemaFree(compiled) }
            diagnostics += collector.diagnostics.filter { $0.severity == .error }
            if diagnostics.isEmpty { diagnostics = [Diagnostic.reading(.schema, "the schema could not be compiled", at: start)] }
            throw DiagnosticError(diagnostics)
        }
        self.schema = schema
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates `data`. Returns every violation, located; empty means the document
    /// conforms. A document with a DOCTYPE is refused unread.
    public func validate(_ data: Data, file: String? = nil) -> [Diagnostic] {
        SchemaValidator.validate(data, file: file, against: schema)
    }
}

/// libxml2 resolves schema imports through one process-wide external entity loader. While
/// a schema compiles, ours is installed: it maps catalog locations to local files, refuses
/// other network locations and hands everything else to the loader it replaced, which it
/// then restores. Compilations take turns.
enum SchemaLoading {
    private final class State: @unchecked Sendable {
        // Guarded by `lock`; `compiling` serialises whole compilations.
        let lock = NSLock()
        let compiling = NSLock()
        var catalog: [String: String] = [:]
        var refused: [String] = []
        var previous: xmlExternalEntityLoader?
    }

    private static let state = State()

    static func withCatalog<T>(_ catalog: [String: String], _ body: () -> T) -> (value: T, refused: [String]) {
        state.compiling.lock()
        defer { state.compiling.unlock() }
        state.lock.lock()
        state.catalog = Dictionary(catalog.map { ($0.key.trimmingCharacters(in: .whitespaces), $0.value) }) { first, _ in first }
        state.refused = []
        state.previous = xmlGetExternalEntityLoader()
        state.lock.unlock()
        xmlSetExternalEntityLoader { url, id, context in
            guard let url else { return nil }
            let location = String(cString: url).trimmingCharacters(in: .whitespaces)
            SchemaLoading.state.lock.lock()
            let mapped = SchemaLoading.state.catalog[location]
            let previous = SchemaLoading.state.previous
            let lowered = location.lowercased()
            let remote = ["http://", "https://", "ftp://"].contains { lowered.hasPrefix($0) }
            if mapped == nil, remote, !SchemaLoading.state.refused.contains(location) {
                SchemaLoading.state.refused.append(location)
            }
            SchemaLoading.state.lock.unlock()
            if let mapped { return xmlNewInputFromFile(context, mapped) }
            if remote { return nil }
            return previous?(url, id, context)
        }
        let value = body()
        state.lock.lock()
        xmlSetExternalEntityLoader(state.previous)
        let refused = state.refused
        state.catalog = [:]
        state.previous = nil
        state.lock.unlock()
        return (value, refused)
    }
}
