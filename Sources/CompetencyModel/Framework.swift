/// The lifecycle status of a framework or a competency.
public enum LifecycleStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case draft, published, deprecated, retired
}

/// A competency framework: scales, domains and competencies, and the positions, training
/// modules and assignment rules built on them. The root of a `framework` document.
public struct Framework: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Framework>

    public var id: ID
    /// A global identifier (a CASE, CTDL or ESCO URI, a UUID URN).
    public var uri: String?
    /// A semantic version, as written (`1.2.0`).
    public var version: String?
    public var status: LifecycleStatus?
    public var issued: ISODate?
    /// The document's default language (`xml:lang` on the root).
    public var language: String?
    public var title: LocalizedText
    public var description: LocalizedText
    public var publisher: LocalizedText
    public var scales: [Scale]
    public var domains: [Domain]
    public var positions: [Position]
    public var modules: [TrainingModule]
    public var rules: [AssignmentRule]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, version: String? = nil, status: LifecycleStatus? = nil,
        issued: ISODate? = nil, language: String? = nil, title: LocalizedText = LocalizedText(),
        description: LocalizedText = LocalizedText(), publisher: LocalizedText = LocalizedText(),
        scales: [Scale] = [], domains: [Domain] = [], positions: [Position] = [],
        modules: [TrainingModule] = [], rules: [AssignmentRule] = [], extensions: Extensions = .none
    ) {
        self.id = id
        self.uri = uri
        self.version = version
        self.status = status
        self.issued = issued
        self.language = language
        self.title = title
        self.description = description
        self.publisher = publisher
        self.scales = scales
        self.domains = domains
        self.positions = positions
        self.modules = modules
        self.rules = rules
        self.extensions = extensions
    }
}

/// A proficiency scale: ordered levels, grouped in bands.
public struct Scale: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Scale>

    public var id: ID
    public var uri: String?
    /// The level a learner starts from (Moodle's "default").
    public var defaultLevel: Level.ID?
    /// The level that counts as proficient.
    public var proficientLevel: Level.ID?
    public var title: LocalizedText
    public var description: LocalizedText
    /// The levels in document order; ranks should increase strictly.
    public var levels: [Level]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, defaultLevel: Level.ID? = nil, proficientLevel: Level.ID? = nil,
        title: LocalizedText = LocalizedText(), description: LocalizedText = LocalizedText(),
        levels: [Level] = [], extensions: Extensions = .none
    ) {
        self.id = id
        self.uri = uri
        self.defaultLevel = defaultLevel
        self.proficientLevel = proficientLevel
        self.title = title
        self.description = description
        self.levels = levels
        self.extensions = extensions
    }

    /// The bands, in the order their first level appears, each with its levels.
    public var bands: [Band] {
        var order: [Band.ID] = []
        var members: [Band.ID: [Level.ID]] = [:]
        for level in levels {
            guard let band = level.band else { continue }
            if members[band] == nil { order.append(band) }
            members[band, default: []].append(level.id)
        }
        return order.map { Band(id: $0, levels: members[$0] ?? []) }
    }

    /// The level with `id`, if the scale has it.
    public func level(_ id: Level.ID) -> Level? { levels.first { $0.id == id } }
}

/// One level of a scale.
public struct Level: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Level>

    public var id: ID
    public var uri: String?
    /// The position of the level on its scale; higher is more proficient.
    public var rank: Int
    public var band: Band.ID?
    /// The IDs of the entities of earlier versions that this one replaces (its lineage):
    /// two entities with the same ID here are a split, one entity with two IDs a merge.
    public var replaces: [ID]
    public var label: LocalizedText
    public var description: LocalizedText
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, rank: Int, band: Band.ID? = nil, replaces: [ID] = [],
        label: LocalizedText = LocalizedText(), description: LocalizedText = LocalizedText(),
        extensions: Extensions = .none
    ) {
        self.replaces = replaces
        self.id = id
        self.uri = uri
        self.rank = rank
        self.band = band
        self.label = label
        self.description = description
        self.extensions = extensions
    }
}

/// A group of adjacent levels (for example "basic" = levels 1 and 2).
public struct Band: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Band>
    public var id: ID
    public var levels: [Level.ID]
    public init(id: ID, levels: [Level.ID]) {
        self.id = id
        self.levels = levels
    }
}

/// A domain (area) of the framework, holding competencies.
public struct Domain: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Domain>

    public var id: ID
    public var uri: String?
    public var code: String?
    /// The IDs of the entities of earlier versions that this one replaces (its lineage):
    /// two entities with the same ID here are a split, one entity with two IDs a merge.
    public var replaces: [ID]
    public var title: LocalizedText
    public var description: LocalizedText
    public var competencies: [Competency]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, code: String? = nil, replaces: [ID] = [], title: LocalizedText = LocalizedText(),
        description: LocalizedText = LocalizedText(), competencies: [Competency] = [],
        extensions: Extensions = .none
    ) {
        self.replaces = replaces
        self.id = id
        self.uri = uri
        self.code = code
        self.title = title
        self.description = description
        self.competencies = competencies
        self.extensions = extensions
    }
}
