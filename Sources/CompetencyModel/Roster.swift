/// Organisation units and people, with what is known about each person.
public struct Roster: Hashable, Sendable, Codable {
    /// The framework the roster refers to.
    public var framework: Framework.ID?
    public var uri: String?
    /// The date on which facts are evaluated.
    public var asOf: ISODate?
    public var language: String?
    public var title: LocalizedText
    /// The top-level units; each holds its sub-units.
    public var units: [OrgUnit]
    public var people: [Person]
    public var extensions: Extensions

    public init(
        framework: Framework.ID? = nil, uri: String? = nil, asOf: ISODate? = nil,
        language: String? = nil, title: LocalizedText = LocalizedText(), units: [OrgUnit] = [],
        people: [Person] = [], extensions: Extensions = .none
    ) {
        self.framework = framework
        self.uri = uri
        self.asOf = asOf
        self.language = language
        self.title = title
        self.units = units
        self.people = people
        self.extensions = extensions
    }
}

/// An organisation unit, with its sub-units.
public struct OrgUnit: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<OrgUnit>

    public var id: ID
    public var uri: String?
    public var title: LocalizedText
    public var units: [OrgUnit]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, title: LocalizedText = LocalizedText(), units: [OrgUnit] = [],
        extensions: Extensions = .none
    ) {
        self.id = id
        self.uri = uri
        self.title = title
        self.units = units
        self.extensions = extensions
    }
}

/// A person on the roster.
public struct Person: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Person>

    public var id: ID
    public var uri: String?
    public var unit: OrgUnit.ID?
    public var position: Position.ID?
    public var name: LocalizedText
    public var attributes: [PersonAttribute]
    public var assessments: [Assessment]
    public var certificates: [Certificate]
    public var completions: [Completion]
    public var extensions: Extensions

    public init(
        id: ID, uri: String? = nil, unit: OrgUnit.ID? = nil, position: Position.ID? = nil,
        name: LocalizedText = LocalizedText(), attributes: [PersonAttribute] = [],
        assessments: [Assessment] = [], certificates: [Certificate] = [],
        completions: [Completion] = [], extensions: Extensions = .none
    ) {
        self.id = id
        self.uri = uri
        self.unit = unit
        self.position = position
        self.name = name
        self.attributes = attributes
        self.assessments = assessments
        self.certificates = certificates
        self.completions = completions
        self.extensions = extensions
    }

    /// The value of the first attribute named `name`.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// A named property of a person (`deputy = true`).
public struct PersonAttribute: Hashable, Sendable, Codable {
    public var name: String
    public var value: String
    public var extensions: Extensions
    public init(name: String, value: String, extensions: Extensions = .none) {
        self.name = name
        self.value = value
        self.extensions = extensions
    }
}

/// A dated assessment of a person's level in a competency.
public struct Assessment: Hashable, Sendable, Codable {
    public enum Method: String, Hashable, Sendable, Codable, CaseIterable {
        case `self`, test, observed, certified
    }

    public var competency: Competency.ID
    public var level: Level.ID
    public var date: ISODate?
    public var method: Method?
    public var extensions: Extensions

    public init(
        competency: Competency.ID, level: Level.ID, date: ISODate? = nil, method: Method? = nil,
        extensions: Extensions = .none
    ) {
        self.competency = competency
        self.level = level
        self.date = date
        self.method = method
        self.extensions = extensions
    }
}

/// A certificate held by a person, and the levels it vouches for.
public struct Certificate: Hashable, Sendable, Codable {
    public typealias ID = Identifier<Certificate>

    public var id: ID?
    public var uri: String?
    public var kind: String
    public var issued: ISODate?
    /// `nil` for a certificate that never expires.
    public var expires: ISODate?
    public var title: LocalizedText
    public var covers: [Coverage]
    /// The verifiable credential that backs the certificate: a compact JWS, or the path of a
    /// file holding one (relative to the roster's folder). See Documentation/Credentials.md.
    public var credential: String?
    public var extensions: Extensions

    public init(
        id: ID? = nil, uri: String? = nil, kind: String, issued: ISODate? = nil,
        expires: ISODate? = nil, title: LocalizedText = LocalizedText(), covers: [Coverage] = [],
        credential: String? = nil, extensions: Extensions = .none
    ) {
        self.credential = credential
        self.id = id
        self.uri = uri
        self.kind = kind
        self.issued = issued
        self.expires = expires
        self.title = title
        self.covers = covers
        self.extensions = extensions
    }

    /// Valid on `date`: issued on or before it, and expiring on or after it (or never).
    public func isValid(on date: ISODate) -> Bool {
        if let issued, issued > date { return false }
        if let expires, expires < date { return false }
        return true
    }
}

/// A level of a competency vouched for by a certificate.
public struct Coverage: Hashable, Sendable, Codable {
    public var competency: Competency.ID
    public var level: Level.ID
    public var extensions: Extensions
    public init(competency: Competency.ID, level: Level.ID, extensions: Extensions = .none) {
        self.competency = competency
        self.level = level
        self.extensions = extensions
    }
}

/// A training module the person completed.
public struct Completion: Hashable, Sendable, Codable {
    public var module: TrainingModule.ID
    public var date: ISODate?
    public var extensions: Extensions
    public init(module: TrainingModule.ID, date: ISODate? = nil, extensions: Extensions = .none) {
        self.module = module
        self.date = date
        self.extensions = extensions
    }
}
