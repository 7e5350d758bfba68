/// A competency, possibly with nested sub-competencies.
extension Competency {
    /// The deepest competencies may nest, in every format: a competency at this depth has
    /// its content 254 elements deep in the native XML, within the reader's limit of 256.
    /// Importers refuse deeper hierarchies with `interchange.too-deep`.
    public static let maxNestingDepth = 250
}

public struct Competency: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Competency>

    public var id: ID
    public var uri: String?
    public var code: String?
    public var status: LifecycleStatus?
    /// The scale this competency is measured on; `nil` means the framework's first scale.
    public var scale: Scale.ID?
    /// The levels at which the competency is defined; `nil` means every level of its scale.
    public var levels: [Level.ID]?
    /// The IDs of the entities of earlier versions that this one replaces (its lineage):
    /// two entities with the same ID here are a split, one entity with two IDs a merge.
    public var replaces: [ID]
    public var title: LocalizedText
    public var statement: LocalizedText
    public var description: LocalizedText
    public var descriptors: [Descriptor]
    public var relations: [Relation]
    public var matches: [Match]
    /// Sub-competencies.
    public var children: [Competency]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, code: String? = nil, status: LifecycleStatus? = nil,
        scale: Scale.ID? = nil, levels: [Level.ID]? = nil, replaces: [ID] = [], title: LocalizedText = LocalizedText(),
        statement: LocalizedText = LocalizedText(), description: LocalizedText = LocalizedText(),
        descriptors: [Descriptor] = [], relations: [Relation] = [], matches: [Match] = [],
        children: [Competency] = [], extensions: Extensions = .none
    ) {
        self.id = id
        self.uri = uri
        self.code = code
        self.status = status
        self.scale = scale
        self.levels = levels
        self.replaces = replaces
        self.title = title
        self.statement = statement
        self.description = description
        self.descriptors = descriptors
        self.relations = relations
        self.matches = matches
        self.children = children
        self.extensions = extensions
    }
}

/// What a competency looks like at one level.
public struct Descriptor: Hashable, Sendable, Codable {
    public var level: Level.ID
    public var text: LocalizedText
    public var knowledge: [LocalizedText]
    public var skills: [LocalizedText]
    public var attitudes: [LocalizedText]
    public var examples: [LocalizedText]
    public var extensions: Extensions

    public init(
        level: Level.ID, text: LocalizedText = LocalizedText(), knowledge: [LocalizedText] = [],
        skills: [LocalizedText] = [], attitudes: [LocalizedText] = [], examples: [LocalizedText] = [],
        extensions: Extensions = .none
    ) {
        self.level = level
        self.text = text
        self.knowledge = knowledge
        self.skills = skills
        self.attitudes = attitudes
        self.examples = examples
        self.extensions = extensions
    }
}

/// A typed link from one competency to another of the same framework.
public struct Relation: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case requires, related, broader, narrower, replaces
        case replacedBy = "replaced-by"
    }

    public var type: Kind
    public var target: Competency.ID
    public var extensions: Extensions

    public init(type: Kind, target: Competency.ID, extensions: Extensions = .none) {
        self.type = type
        self.target = target
        self.extensions = extensions
    }
}

/// A crosswalk from a competency to an entity of an outside framework.
public struct Match: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case exact, close, broad, narrow, related
    }

    public var type: Kind
    public var uri: String
    public var extensions: Extensions

    public init(type: Kind, uri: String, extensions: Extensions = .none) {
        self.type = type
        self.uri = uri
        self.extensions = extensions
    }
}
