import CompetencyModel
import Foundation
import XMLCoder

// Codable structs equivalent to the CompetencyModel types, mapped to the same XML with
// XMLCoder: what a Swift developer would write without CompetencyXML. They use the model's
// own typed IDs, dates and enumerations, so XMLCoder does the same typed work as the
// library. The namespace is left unprocessed (`shouldProcessNamespaces = false`): every
// element is in the default namespace, so names arrive unprefixed, and `xml:lang` keeps
// its prefix.

/// A type whose coding keys are XML attributes when listed in `attributeKeys`, elements otherwise.
protocol XMLMapped: Codable, DynamicNodeDecoding, DynamicNodeEncoding {
    static var attributeKeys: Set<String> { get }
}

extension XMLMapped {
    static func nodeDecoding(for key: any CodingKey) -> XMLDecoder.NodeDecoding {
        attributeKeys.contains(key.stringValue) ? .attribute : .element
    }

    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
        attributeKeys.contains(key.stringValue) ? .attribute : .element
    }
}

/// One language variant of a text element: `<title xml:lang="vi">…</title>`.
struct XText: XMLMapped {
    var lang: String?
    var value: String
    enum CodingKeys: String, CodingKey {
        case lang = "xml:lang"
        case value = ""
    }
    static let attributeKeys: Set<String> = ["xml:lang"]
}

// MARK: Roster

struct XRoster: XMLMapped {
    var framework: Framework.ID?
    var uri: String?
    var asOf: ISODate?
    var lang: String?
    var title: [XText]
    var unit: [XUnit]
    var person: [XPerson]
    enum CodingKeys: String, CodingKey {
        case framework, uri
        case asOf = "as-of"
        case lang = "xml:lang"
        case title, unit, person
    }
    static let attributeKeys: Set<String> = ["framework", "uri", "as-of", "xml:lang"]
}

struct XUnit: XMLMapped {
    var id: OrgUnit.ID
    var uri: String?
    var title: [XText]
    var unit: [XUnit]
    static let attributeKeys: Set<String> = ["id", "uri"]
}

struct XPerson: XMLMapped {
    var id: Person.ID
    var uri: String?
    var unit: OrgUnit.ID?
    var position: Position.ID?
    var name: [XText]
    var attribute: [XPersonAttribute]
    var assessment: [XAssessment]
    var certificate: [XCertificate]
    var completion: [XCompletion]
    static let attributeKeys: Set<String> = ["id", "uri", "unit", "position"]
}

struct XPersonAttribute: XMLMapped {
    var name: String
    var value: String
    static let attributeKeys: Set<String> = ["name", "value"]
}

struct XAssessment: XMLMapped {
    var competency: Competency.ID
    var level: Level.ID
    var date: ISODate?
    var method: Assessment.Method?
    static let attributeKeys: Set<String> = ["competency", "level", "date", "method"]
}

struct XCertificate: XMLMapped {
    var id: Certificate.ID?
    var uri: String?
    var kind: String
    var issued: ISODate?
    var expires: ISODate?
    var title: [XText]
    var covers: [XCoverage]
    static let attributeKeys: Set<String> = ["id", "uri", "kind", "issued", "expires"]
}

struct XCoverage: XMLMapped {
    var competency: Competency.ID
    var level: Level.ID
    static let attributeKeys: Set<String> = ["competency", "level"]
}

struct XCompletion: XMLMapped {
    var module: TrainingModule.ID
    var date: ISODate?
    static let attributeKeys: Set<String> = ["module", "date"]
}

// MARK: Framework

struct XFramework: XMLMapped {
    var id: Framework.ID
    var uri: String?
    var version: String?
    var status: LifecycleStatus?
    var issued: ISODate?
    var lang: String?
    var title: [XText]
    var description: [XText]
    var publisher: [XText]
    var scale: [XScale]
    var domain: [XDomain]
    var position: [XPosition]
    var module: [XModule]
    var rule: [XRule]
    enum CodingKeys: String, CodingKey {
        case id, uri, version, status, issued
        case lang = "xml:lang"
        case title, description, publisher, scale, domain, position, module, rule
    }
    static let attributeKeys: Set<String> = ["id", "uri", "version", "status", "issued", "xml:lang"]
}

struct XScale: XMLMapped {
    var id: Scale.ID
    var uri: String?
    var defaultLevel: Level.ID?
    var proficientLevel: Level.ID?
    var title: [XText]
    var description: [XText]
    var level: [XLevel]
    enum CodingKeys: String, CodingKey {
        case id, uri
        case defaultLevel = "default"
        case proficientLevel = "proficient"
        case title, description, level
    }
    static let attributeKeys: Set<String> = ["id", "uri", "default", "proficient"]
}

struct XLevel: XMLMapped {
    var id: Level.ID
    var uri: String?
    var rank: Int
    var band: Band.ID?
    var label: [XText]
    var description: [XText]
    static let attributeKeys: Set<String> = ["id", "uri", "rank", "band"]
}

struct XDomain: XMLMapped {
    var id: Domain.ID
    var uri: String?
    var code: String?
    var title: [XText]
    var description: [XText]
    var competency: [XCompetency]
    static let attributeKeys: Set<String> = ["id", "uri", "code"]
}

struct XCompetency: XMLMapped {
    var id: Competency.ID
    var uri: String?
    var code: String?
    var status: LifecycleStatus?
    var scale: Scale.ID?
    var levels: String?
    var title: [XText]
    var statement: [XText]
    var description: [XText]
    var descriptor: [XDescriptor]
    var relation: [XRelation]
    var match: [XMatch]
    var competency: [XCompetency]
    static let attributeKeys: Set<String> = ["id", "uri", "code", "status", "scale", "levels"]

    var count: Int { 1 + competency.reduce(0) { $0 + $1.count } }
    var descriptorCount: Int { descriptor.count + competency.reduce(0) { $0 + $1.descriptorCount } }
}

struct XDescriptor: XMLMapped {
    var level: Level.ID
    var text: [XText]
    var knowledge: [XText]
    var skill: [XText]
    var attitude: [XText]
    var example: [XText]
    static let attributeKeys: Set<String> = ["level"]
}

struct XRelation: XMLMapped {
    var type: Relation.Kind
    var target: Competency.ID
    static let attributeKeys: Set<String> = ["type", "target"]
}

struct XMatch: XMLMapped {
    var type: Match.Kind
    var uri: String
    static let attributeKeys: Set<String> = ["type", "uri"]
}

struct XPosition: XMLMapped {
    var id: Position.ID
    var uri: String?
    var family: String?
    var extends: Position.ID?
    var title: [XText]
    var description: [XText]
    var requirement: [XRequirement]
    static let attributeKeys: Set<String> = ["id", "uri", "family", "extends"]
}

struct XRequirement: XMLMapped {
    var competency: Competency.ID?
    var domain: Domain.ID?
    var level: Level.ID
    var importance: Requirement.Importance?
    var by: ISODate?
    static let attributeKeys: Set<String> = ["competency", "domain", "level", "importance", "by"]
}

struct XModule: XMLMapped {
    var id: TrainingModule.ID
    var uri: String?
    var hours: Double
    var delivery: String?
    var title: [XText]
    var description: [XText]
    var teaches: [XTeaching]
    var prerequisite: [XPrerequisite]
    static let attributeKeys: Set<String> = ["id", "uri", "hours", "delivery"]
}

struct XTeaching: XMLMapped {
    var competency: Competency.ID
    var level: Level.ID
    static let attributeKeys: Set<String> = ["competency", "level"]
}

struct XPrerequisite: XMLMapped {
    var module: TrainingModule.ID
    static let attributeKeys: Set<String> = ["module"]
}

struct XRule: XMLMapped {
    var id: AssignmentRule.ID
    var uri: String?
    var priority: Int?
    var effective: ISODate?
    var expires: ISODate?
    var title: [XText]
    var description: [XText]
    var appliesTo: XPredicates
    var requirement: [XRequirement]
    var exemptIf: XPredicates?
    enum CodingKeys: String, CodingKey {
        case id, uri, priority, effective, expires, title, description
        case appliesTo = "applies-to"
        case requirement
        case exemptIf = "exempt-if"
    }
    static let attributeKeys: Set<String> = ["id", "uri", "priority", "effective", "expires"]
}

/// The conditions inside `applies-to`, `exempt-if`, `all`, `any` and `not`, grouped by kind
/// (the keyed shape XMLCoder decodes without choice coding; their order does not matter).
struct XPredicates: XMLMapped {
    var always: [XEmpty]
    var all: [XPredicates]
    var any: [XPredicates]
    var not: [XPredicates]
    var position: [XPositionCondition]
    var unit: [XUnitCondition]
    var attribute: [XPersonAttribute]
    var certificate: [XCertificateCondition]
    var level: [XLevelCondition]
    static let attributeKeys: Set<String> = []

    var count: Int {
        always.count + position.count + unit.count + attribute.count + certificate.count + level.count
            + (all + any + not).reduce(0) { $0 + 1 + $1.count }
    }
}

struct XEmpty: XMLMapped {
    static let attributeKeys: Set<String> = []
}

struct XPositionCondition: XMLMapped {
    var ref: Position.ID?
    var family: String?
    static let attributeKeys: Set<String> = ["ref", "family"]
}

struct XUnitCondition: XMLMapped {
    var ref: OrgUnit.ID
    var descendants: Bool?
    static let attributeKeys: Set<String> = ["ref", "descendants"]
}

struct XCertificateCondition: XMLMapped {
    var kind: String
    static let attributeKeys: Set<String> = ["kind"]
}

struct XLevelCondition: XMLMapped {
    var competency: Competency.ID
    var atLeast: Level.ID
    enum CodingKeys: String, CodingKey {
        case competency
        case atLeast = "at-least"
    }
    static let attributeKeys: Set<String> = ["competency", "at-least"]
}
