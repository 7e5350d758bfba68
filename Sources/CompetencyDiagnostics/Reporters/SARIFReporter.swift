import CompetencyModel
import Foundation

/// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning
/// services. Built from the typed ``SARIF`` structures.
///
/// - Each result's `ruleId` is the catalogue rule it belongs to (`duplicate-id`), so that
///   code-scanning services keep their alert history and link the rule's help; findings
///   that belong to no rule (a file that cannot be read, a conversion loss) use their
///   diagnostic identifier. `properties.id` always holds the diagnostic identifier.
/// - Suggestions are `fixes`: an `artifactChange` that replaces the offending value, where
///   the report's sources say where it is written (see ``Report/resolvingFixItRanges()``).
/// - `tool.driver.rules` is the rule catalogue, each with its default level and `helpUri`,
///   an anchor in `Documentation/Rules.md`.
public struct SARIFReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String { encodeJSON(SARIF.Log(report.resolvingFixItRanges())) }
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
        /// Columns count Unicode scalars, as `SourceLocation` (CompetencyModel) does.
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
        /// The rule's section in the catalogue page.
        public var helpUri: String?
        public var properties: DescriptorProperties?
    }

    /// SARIF has no per-rule information URI; it is kept in the rule's property bag.
    public struct DescriptorProperties: Hashable, Sendable, Codable {
        public var informationUri: String
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
        public var fixes: [Fix]?
        public var properties: Properties?
    }

    public struct Properties: Hashable, Sendable, Codable {
        /// The diagnostic identifier, `domain.code`.
        public var id: String
    }

    /// A proposed fix: what to change, in which file.
    public struct Fix: Hashable, Sendable, Codable {
        public var description: Message
        public var artifactChanges: [ArtifactChange]
    }

    public struct ArtifactChange: Hashable, Sendable, Codable {
        public var artifactLocation: ArtifactLocation
        public var replacements: [Replacement]
    }

    public struct Replacement: Hashable, Sendable, Codable {
        public var deletedRegion: Region
        public var insertedContent: ArtifactContent?
    }

    public struct ArtifactContent: Hashable, Sendable, Codable {
        public var text: String
    }

    public struct Location: Hashable, Sendable, Codable {
        public var id: Int?
        public var physicalLocation: PhysicalLocation?
        public var logicalLocations: [LogicalLocation]?
        public var message: Message?
    }

    public struct PhysicalLocation: Hashable, Sendable, Codable {
        public var artifactLocation: ArtifactLocation
        /// Absent when the finding is about the file as a whole.
        public var region: Region?
    }

    public struct ArtifactLocation: Hashable, Sendable, Codable {
        public var uri: String
    }

    public struct Region: Hashable, Sendable, Codable {
        public var startLine: Int
        public var startColumn: Int
        public var endLine: Int?
        public var endColumn: Int?

        public init(startLine: Int, startColumn: Int, endLine: Int? = nil, endColumn: Int? = nil) {
            self.startLine = startLine
            self.startColumn = startColumn
            self.endLine = endLine
            self.endColumn = endColumn
        }
    }

    public struct LogicalLocation: Hashable, Sendable, Codable {
        public var fullyQualifiedName: String
    }

    /// SARIF's levels are `error`, `warning`, `note` and `none`; a remark is `none`.
    static func level(_ severity: DiagnosticSeverity) -> String { severity == .remark ? "none" : severity.rawValue }

    static func location(_ location: SourceLocation?, subject: Subject?, message: String? = nil, id: Int? = nil) -> Location {
        let physical = location.map { location in
            PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: uri(location.file ?? "")),
                region: location.line == 0 ? nil : Region(startLine: location.line, startColumn: location.column))
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
        let base = report.tool.informationURI ?? CompetencyKitVersion.repositoryURL
        let rules = report.rules.map { rule in
            let page = rule.documentationURI(base: base)
            return SARIF.ReportingDescriptor(
                id: rule.identifier, name: rule.name, shortDescription: .init(text: rule.summary),
                fullDescription: .init(text: rule.rationale),
                defaultConfiguration: .init(level: SARIF.level(rule.defaultSeverity)),
                help: .init(text: rule.summary + " " + rule.rationale), helpUri: page,
                properties: .init(informationUri: page))
        }
        let results = report.diagnostics.map { diagnostic in
            let related = diagnostic.notes.enumerated().map { offset, note in
                SARIF.location(note.location, subject: note.subject, message: note.message, id: offset + 1)
            }
            let fixes: [SARIF.Fix] = diagnostic.fixIts.compactMap { fix in
                guard let file = fix.ranges.first?.start.file, let replacement = fix.replacement else { return nil }
                let replacements = fix.ranges.map { range in
                    SARIF.Replacement(
                        deletedRegion: SARIF.Region(
                            startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line,
                            endColumn: range.end.column),
                        insertedContent: .init(text: replacement))
                }
                return SARIF.Fix(
                    description: .init(text: fix.message),
                    artifactChanges: [SARIF.ArtifactChange(artifactLocation: .init(uri: SARIF.uri(file)), replacements: replacements)])
            }
            let ruleID = diagnostic.rule.flatMap { ruleIndex[$0] == nil ? nil : $0 } ?? diagnostic.id.description
            return SARIF.Result(
                ruleId: ruleID, ruleIndex: ruleIndex[ruleID], level: SARIF.level(diagnostic.severity),
                message: .init(text: diagnostic.message),
                locations: [SARIF.location(diagnostic.location, subject: diagnostic.subject)],
                relatedLocations: related.isEmpty ? nil : related,
                fixes: fixes.isEmpty ? nil : fixes,
                properties: SARIF.Properties(id: diagnostic.id.description))
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
