// JSON shapes for the model's enums with associated values: each encodes as an object
// with a single key naming the case, so that JSON reads like the XML it mirrors
// (`{"competency": "C1.1"}`, `{"all": [ … ]}`) rather than Swift's `_0` positional keys.

struct CaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == CaseKey {
    /// The single key of a one-key object, or a decoding error naming the allowed keys.
    func singleCase(allowed: [String]) throws -> String {
        guard allKeys.count == 1, let key = allKeys.first?.stringValue, allowed.contains(key) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "expected an object with exactly one of the keys \(allowed.joined(separator: ", "))"))
        }
        return key
    }
}

extension Requirement.Target {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        switch try container.singleCase(allowed: ["competency", "domain"]) {
        case "competency": self = .competency(try container.decode(Competency.ID.self, forKey: CaseKey("competency")))
        default: self = .domain(try container.decode(Domain.ID.self, forKey: CaseKey("domain")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .competency(let id): try container.encode(id, forKey: CaseKey("competency"))
        case .domain(let id): try container.encode(id, forKey: CaseKey("domain"))
        }
    }
}

extension Need.Cause {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        switch try container.singleCase(allowed: ["rule", "position"]) {
        case "rule": self = .rule(try container.decode(AssignmentRule.ID.self, forKey: CaseKey("rule")))
        default: self = .position(try container.decode(Position.ID.self, forKey: CaseKey("position")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .rule(let id): try container.encode(id, forKey: CaseKey("rule"))
        case .position(let id): try container.encode(id, forKey: CaseKey("position"))
        }
    }
}

extension ForeignElement.Node {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        switch try container.singleCase(allowed: ["element", "text"]) {
        case "element": self = .element(try container.decode(ForeignElement.self, forKey: CaseKey("element")))
        default: self = .text(try container.decode(String.self, forKey: CaseKey("text")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .element(let element): try container.encode(element, forKey: CaseKey("element"))
        case .text(let text): try container.encode(text, forKey: CaseKey("text"))
        }
    }
}

extension CompetencyDocument {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        switch try container.singleCase(allowed: ["framework", "roster", "plan"]) {
        case "framework": self = .framework(try container.decode(Framework.self, forKey: CaseKey("framework")))
        case "roster": self = .roster(try container.decode(Roster.self, forKey: CaseKey("roster")))
        default: self = .plan(try container.decode(Plan.self, forKey: CaseKey("plan")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .framework(let value): try container.encode(value, forKey: CaseKey("framework"))
        case .roster(let value): try container.encode(value, forKey: CaseKey("roster"))
        case .plan(let value): try container.encode(value, forKey: CaseKey("plan"))
        }
    }
}

extension RulePredicate {
    private struct UnitRef: Codable {
        var ref: OrgUnit.ID
        var descendants: Bool?
    }

    private struct AttributeTest: Codable {
        var name: String
        var value: String
    }

    private struct LevelTest: Codable {
        var competency: Competency.ID
        var atLeast: Level.ID
    }

    private struct Annotated: Codable {
        var condition: RulePredicate
        var extensions: Extensions
    }

    private static let cases = [
        "always", "all", "any", "not", "position", "positionFamily", "unit", "attribute", "certificate", "level",
        "annotated",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CaseKey.self)
        let key = try container.singleCase(allowed: RulePredicate.cases)
        let codingKey = CaseKey(key)
        switch key {
        case "always": self = .always
        case "all": self = .all(try container.decode([RulePredicate].self, forKey: codingKey))
        case "any": self = .any(try container.decode([RulePredicate].self, forKey: codingKey))
        case "not": self = .not(try container.decode(RulePredicate.self, forKey: codingKey))
        case "position": self = .position(try container.decode(Position.ID.self, forKey: codingKey))
        case "positionFamily": self = .positionFamily(try container.decode(String.self, forKey: codingKey))
        case "unit":
            let unit = try container.decode(UnitRef.self, forKey: codingKey)
            self = .unit(unit.ref, descendants: unit.descendants ?? false)
        case "attribute":
            let test = try container.decode(AttributeTest.self, forKey: codingKey)
            self = .attribute(name: test.name, value: test.value)
        case "certificate": self = .certificate(kind: try container.decode(String.self, forKey: codingKey))
        case "level":
            let test = try container.decode(LevelTest.self, forKey: codingKey)
            self = .level(competency: test.competency, atLeast: test.atLeast)
        default:
            let annotated = try container.decode(Annotated.self, forKey: codingKey)
            self = .annotated(annotated.condition, annotated.extensions)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CaseKey.self)
        switch self {
        case .always: try container.encode(true, forKey: CaseKey("always"))
        case .all(let operands): try container.encode(operands, forKey: CaseKey("all"))
        case .any(let operands): try container.encode(operands, forKey: CaseKey("any"))
        case .not(let operand): try container.encode(operand, forKey: CaseKey("not"))
        case .position(let id): try container.encode(id, forKey: CaseKey("position"))
        case .positionFamily(let family): try container.encode(family, forKey: CaseKey("positionFamily"))
        case .unit(let id, let descendants):
            try container.encode(UnitRef(ref: id, descendants: descendants), forKey: CaseKey("unit"))
        case .attribute(let name, let value):
            try container.encode(AttributeTest(name: name, value: value), forKey: CaseKey("attribute"))
        case .certificate(let kind): try container.encode(kind, forKey: CaseKey("certificate"))
        case .level(let competency, let atLeast):
            try container.encode(LevelTest(competency: competency, atLeast: atLeast), forKey: CaseKey("level"))
        case .annotated(let condition, let extensions):
            try container.encode(Annotated(condition: condition, extensions: extensions), forKey: CaseKey("annotated"))
        }
    }
}

// Lists of identifiers (`replaces`) may be left out of JSON: a missing key reads as no
// identifiers, and an empty list is not written. JSON written before `replaces` existed
// still loads.
extension KeyedDecodingContainer {
    func decode<Entity>(_ type: [Identifier<Entity>].Type, forKey key: Key) throws -> [Identifier<Entity>] {
        try decodeIfPresent(type, forKey: key) ?? []
    }
}

extension KeyedEncodingContainer {
    mutating func encode<Entity>(_ value: [Identifier<Entity>], forKey key: Key) throws {
        if !value.isEmpty { try encodeIfPresent(value, forKey: key) }
    }
}
