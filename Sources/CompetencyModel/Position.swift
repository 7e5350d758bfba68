/// A job position or role profile and the competencies it requires.
public struct Position: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Position>

    public var id: ID
    public var uri: String?
    /// A grouping of positions (for example "civil-servant").
    public var family: String?
    /// A position whose requirements this one inherits.
    public var extends: ID?
    /// The IDs of the entities of earlier versions that this one replaces (its lineage):
    /// two entities with the same ID here are a split, one entity with two IDs a merge.
    public var replaces: [ID]
    public var title: LocalizedText
    public var description: LocalizedText
    public var requirements: [Requirement]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, family: String? = nil, extends: ID? = nil, replaces: [ID] = [],
        title: LocalizedText = LocalizedText(), description: LocalizedText = LocalizedText(),
        requirements: [Requirement] = [], extensions: Extensions = .none
    ) {
        self.id = id
        self.uri = uri
        self.family = family
        self.extends = extends
        self.replaces = replaces
        self.title = title
        self.description = description
        self.requirements = requirements
        self.extensions = extensions
    }
}

/// A minimum level required of a competency, or of every competency of a domain.
public struct Requirement: Hashable, Sendable, Codable {
    /// What a requirement applies to: exactly one competency or one domain.
    public enum Target: Hashable, Sendable, Codable {
        case competency(Competency.ID)
        case domain(Domain.ID)
    }

    public enum Importance: String, Hashable, Sendable, Codable, CaseIterable {
        case essential, optional
    }

    public var target: Target
    public var level: Level.ID
    /// `nil` when not written; it then means ``Importance/essential``.
    public var importance: Importance?
    /// An optional deadline.
    public var by: ISODate?
    public var extensions: Extensions

    public init(
        _ target: Target, level: Level.ID, importance: Importance? = nil, by: ISODate? = nil,
        extensions: Extensions = .none
    ) {
        self.target = target
        self.level = level
        self.importance = importance
        self.by = by
        self.extensions = extensions
    }

    /// The importance, with the default applied.
    public var effectiveImportance: Importance { importance ?? .essential }
}

/// A unit of training: a course, lecture or e-learning item.
extension TrainingModule {
    /// The most hours a module may last: the reader refuses more, and planning treats a
    /// module built in code with more (or with hours that are not a number) as one it cannot
    /// assign.
    public static let maxHours: Double = 1_000_000_000
}

public struct TrainingModule: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<TrainingModule>

    public var id: ID
    public var uri: String?
    /// Length in hours.
    public var hours: Double
    /// How it is delivered (`online`, `classroom`, `blended`, …).
    public var delivery: String?
    /// The IDs of the entities of earlier versions that this one replaces (its lineage):
    /// two entities with the same ID here are a split, one entity with two IDs a merge.
    public var replaces: [ID]
    public var title: LocalizedText
    public var description: LocalizedText
    public var teaches: [Teaching]
    public var prerequisites: [Prerequisite]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, hours: Double, delivery: String? = nil, replaces: [ID] = [],
        title: LocalizedText = LocalizedText(), description: LocalizedText = LocalizedText(),
        teaches: [Teaching] = [], prerequisites: [Prerequisite] = [], extensions: Extensions = .none
    ) {
        self.id = id
        self.uri = uri
        self.hours = hours
        self.delivery = delivery
        self.replaces = replaces
        self.title = title
        self.description = description
        self.teaches = teaches
        self.prerequisites = prerequisites
        self.extensions = extensions
    }
}

/// The level of a competency that completing a module brings a learner up to.
public struct Teaching: Hashable, Sendable, Codable {
    public var competency: Competency.ID
    public var level: Level.ID
    public var extensions: Extensions
    public init(competency: Competency.ID, level: Level.ID, extensions: Extensions = .none) {
        self.competency = competency
        self.level = level
        self.extensions = extensions
    }
}

/// A module that must be taken before another.
public struct Prerequisite: Hashable, Sendable, Codable {
    public var module: TrainingModule.ID
    public var extensions: Extensions
    public init(module: TrainingModule.ID, extensions: Extensions = .none) {
        self.module = module
        self.extensions = extensions
    }
}
