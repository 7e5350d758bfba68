import CompetencyModel
import CompetencyDiagnostics

/// Conventions shared by the CASE importer and exporter.
///
/// CASE identifiers must be UUIDs, so a framework's own IDs travel in the `uri` of entities
/// that have none: `urn:competencykit:1:<framework-id>` for the document and
/// `urn:competencykit:1:<framework-id>/<kind>/<id>` for items, rubrics and levels. The
/// importer reads them back, so native → CASE → native keeps every ID.
enum CASEConvention {
    static let urnPrefix = "urn:competencykit:1:"

    static func documentURN(_ framework: String) -> String { urnPrefix + framework }

    static func urn(_ framework: String, _ kind: String, _ id: String) -> String { "\(urnPrefix)\(framework)/\(kind)/\(id)" }

    /// The kind and ID a CompetencyKit URN names, or nil.
    static func parse(_ uri: String) -> (framework: String, kind: String?, id: String?)? {
        guard uri.hasPrefix(urnPrefix) else { return nil }
        let parts = uri.dropFirst(urnPrefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1, IdentifierSyntax.isValidToken(parts[0]) { return (parts[0], nil, nil) }
        guard parts.count == 3, IdentifierSyntax.isValidToken(parts[2]) else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// The last path segment of a URI when it is a valid ID (`…/resources/ce-98e7…` → `ce-98e7…`).
    static func lastSegment(_ uri: String?) -> String? {
        guard let uri, let last = uri.split(separator: "/").last.map(String.init), IdentifierSyntax.isValidToken(last) else { return nil }
        return last
    }

    /// The native ID that an item of an earlier version, named by `uri` in a `replacedBy`
    /// association, has when that version is read: the ID of a CompetencyKit URN, else the
    /// URI's last segment.
    static func lineageID(_ uri: String) -> String? {
        if let parsed = parse(uri) { return parsed.id }
        return lastSegment(uri)
    }

    /// The CASE identifier of an entity: the UUID its URI ends with, else a name-based UUID
    /// of its URI, else of its kind and ID.
    static func identifier(uri: String?, framework: String, kind: String, id: String) -> String {
        if let uri {
            let tail = String(uri.suffix(36)).lowercased()
            if NameBasedUUID.isCASEUUID(tail) { return tail }
            return NameBasedUUID.string(namespace: NameBasedUUID.urlNamespace, name: uri)
        }
        return NameBasedUUID.string(name: "\(framework)/\(kind)/\(id)")
    }

    /// Association groupings that carry what CASE's association types cannot say.
    enum Grouping: String, CaseIterable {
        case closeMatch = "close-match"
        case broadMatch = "broad-match"
        case narrowMatch = "narrow-match"
        case relatedMatch = "related-match"
        case broader, narrower, replaces

        var uri: String { "urn:competencykit:1:association/\(rawValue)" }
        var identifier: String { NameBasedUUID.string(name: "association/\(rawValue)") }
        var title: String {
            switch self {
            case .closeMatch: "close match"
            case .broadMatch: "broad match"
            case .narrowMatch: "narrow match"
            case .relatedMatch: "related match"
            case .broader: "broader"
            case .narrower: "narrower"
            case .replaces: "replaces (the inverse of replacedBy)"
            }
        }
    }

    static let statusToCASE: [LifecycleStatus: String] = [
        .draft: "Draft", .published: "Adopted", .deprecated: "Deprecated", .retired: "Retired",
    ]

    static func status(_ text: String) -> LifecycleStatus? {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "draft", "private draft", "public review draft": .draft
        case "adopted", "published", "implemented", "active": .published
        case "deprecated": .deprecated
        case "retired", "obsolete", "withdrawn": .retired
        default: nil
        }
    }

    /// Rubric criterion categories that mark a scale's default and proficient levels.
    static let defaultLevelCategory = "default level"
    static let proficientLevelCategory = "proficient level"

    /// Rubric criterion categories for the parts of a descriptor.
    static let descriptorAspects = ["descriptor", "knowledge", "skill", "attitude", "example"]
}
