import CompetencyModel
import Foundation

/// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning
/// services. Built from the typed ``SARIF`` structures.
public struct SARIFReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String { encodeJSON(SARIF.Log(report)) }
}

/// The subset of SARIF 2.1.0 that the reporter writes, as Codable structures.
public enum SARIF {
    public static let version = "2.1.0"
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    public struct Log: Hashable, Sendable, Codable {
        public var schema: String
        public var version: String
        public var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    public struct Run: Hashable, Sendable, Codable {
        public var tool: Tool
        public var results: [Result]
        /// Columns count Unicode scalars, as ``SourceLocation`` does.
        public var columnKind: String
    }

    public struct Tool: Hashable, Sendable, Codable {
        public var driver: Driver
    }

    public struct Driver: Hashable, Sendable, Codable {
        public var name: String
        public var version: String
        public var informationUri: String?
        public var rules: [ReportingDescriptor]
    }

    public struct ReportingDescriptor: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var shortDescription: Message
        public var fullDescription: Message
        public var defaultConfiguration: Configuration
        public var help: Message
    }

    public struct Configuration: Hashable, Sendable, Codable {
        public var level: String
    }

    public struct Message: Hashable, Sendable, Codable {
        public var text: String
    }

    public struct Result: Hashable, Sendable, Codable {
        public var ruleId: String
        public var ruleIndex: Int?
        public var level: String
        public var message: Message
        public var locations: [Location]
        public var relatedLocations: [Location]?
        public var properties: Properties?
    }

    public struct Properties: Hashable, Sendable, Codable {
        /// The suggested fix, as words.
        public var fix: String?
        /// The suggested replacement text.
        public var replacement: String?
    }

    public struct Location: Hashable, Sendable, Codable {
        public var id: Int?
        public var physicalLocation: PhysicalLocation?
        public var logicalLocations: [LogicalLocation]?
        public var message: Message?
    }

    public struct PhysicalLocation: Hashable, Sendable, Codable {
        public var artifactLocation: ArtifactLocation
        public var region: Region
    }

    public struct ArtifactLocation: Hashable, Sendable, Codable {
        public var uri: String
    }

    public struct Region: Hashable, Sendable, Codable {
        public var startLine: Int
        public var startColumn: Int
    }

    public struct LogicalLocation: Hashable, Sendable, Codable {
        public var fullyQualifiedName: String
    }

    static func level(_ severity: Severity) -> String { severity.rawValue }

    static func location(_ location: SourceLocation?, subject: Subject?, message: String? = nil, id: Int? = nil) -> Location {
        let physical = location.map { location in
            PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: uri(location.file ?? "")),
                region: Region(startLine: location.line, startColumn: location.column))
        }
        return Location(
            id: id, physicalLocation: physical,
            logicalLocations: subject.map { [LogicalLocation(fullyQualifiedName: $0.description)] },
            message: message.map(Message.init))
    }

    /// A relative URI reference for a path: its characters percent-encoded where needed.
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}

extension SARIF.Log {
    init(_ report: Report) {
        let ruleIndex = Dictionary(report.rules.enumerated().map { ($0.element.identifier, $0.offset) }) { first, _ in first }
        let rules = report.rules.map { rule in
            SARIF.ReportingDescriptor(
                id: rule.identifier, name: rule.name, shortDescription: .init(text: rule.summary),
                fullDescription: .init(text: rule.rationale),
                defaultConfiguration: .init(level: SARIF.level(rule.defaultSeverity)),
                help: .init(text: rule.summary + " " + rule.rationale))
        }
        let results = report.diagnostics.map { diagnostic in
            let related = diagnostic.notes.enumerated().map { offset, note in
                SARIF.location(note.location, subject: note.subject, message: note.message, id: offset + 1)
            }
            return SARIF.Result(
                ruleId: diagnostic.rule, ruleIndex: ruleIndex[diagnostic.rule], level: SARIF.level(diagnostic.severity),
                message: .init(text: diagnostic.message),
                locations: [SARIF.location(diagnostic.location, subject: diagnostic.subject)],
                relatedLocations: related.isEmpty ? nil : related,
                properties: diagnostic.fix.map { SARIF.Properties(fix: $0.message, replacement: $0.replacement) })
        }
        self.init(
            schema: SARIF.schema, version: SARIF.version,
            runs: [
                SARIF.Run(
                    tool: .init(
                        driver: .init(
                            name: report.tool.name, version: report.tool.version, informationUri: report.tool.informationURI,
                            rules: rules)),
                    results: results, columnKind: "unicodeCodePoints")
            ])
    }
}
