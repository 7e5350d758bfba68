import CompetencyDiagnostics
public import CompetencyValidation
import Foundation

extension Configuration {
    /// Reads a JSON configuration file (see `Documentation/Configuration.md`).
    ///
    /// - Throws: `io.*` when the file cannot be read, `usage.invalid-configuration` when it
    ///   is not a configuration, and `usage.unknown-rule` when it names a rule that does
    ///   not exist.
    public static func load(_ source: DocumentSource) throws(DiagnosticError) -> Configuration {
        let data = try source.read()
        let configuration: Configuration
        do {
            configuration = try JSONDecoder().decode(Configuration.self, from: data)
        } catch {
            throw DiagnosticError(
                .usage("invalid-configuration"), "not a valid configuration: \(describe(error))", at: .file(source.name))
        }
        let unknown = configuration.unknownRules(known: RuleCatalog.descriptions.map(\.identifier))
        if !unknown.isEmpty {
            let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
            throw DiagnosticError(
                .usage("unknown-rule"), "no such rule: \(names); run 'competency rules' for the list", at: .file(source.name))
        }
        return configuration
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let description = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            return path.isEmpty ? description : "at '\(path)': \(description)"
        @unknown default:
            return "\(error)"
        }
    }
}
