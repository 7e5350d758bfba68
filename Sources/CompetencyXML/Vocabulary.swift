/// The namespace of every CompetencyKit document.
public let competencyNamespace = "urn:competencykit:1"

let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

/// The vocabulary's element names. Some names (`position`, `level`, `requirement`,
/// `person`, `title`) mean different things in different places; the builder decides by
/// the parent element.
enum ElementName: String, CaseIterable {
    case framework, roster, plan
    case title, description, publisher, label, statement, text, knowledge, skill, attitude, example, name
    case scale, level, domain, competency, descriptor, relation, match
    case position, requirement, module, teaches, prerequisite, rule
    case appliesTo = "applies-to"
    case exemptIf = "exempt-if"
    case always, all, any, not, unit, attribute, certificate
    case person, assessment, covers, completion, credential
    case need, because, assign, unmet

    /// Elements whose content is text.
    var isText: Bool {
        switch self {
        case .title, .description, .publisher, .label, .statement, .text, .knowledge, .skill, .attitude,
            .example, .name, .credential:
            true
        default: false
        }
    }
}

/// The vocabulary's attribute names. The raw value is a dense index, so a frame keeps its
/// attribute values in a fixed buffer of `allCases.count` slots, indexed by it (see
/// `Frame.attributes`).
enum AttributeName: Int, CaseIterable {
    case id, uri, version, status, issued, `default`, proficient, rank, band, code, scale, levels
    case level, type, target, family, extends, competency, domain, importance, by
    case hours, delivery, module, priority, effective, expires
    case ref, descendants, name, value, kind
    case atLeast
    case framework
    case asOf
    case unit, position, date, method, attained, required, rule, order, reason
    case replaces
    case closes, reached, sets

    /// The attribute's name in documents.
    var name: String { AttributeName.names[rawValue] }

    var index: Int { rawValue }

    static let names: [String] = allCases.map { attribute in
        switch attribute {
        case .atLeast: "at-least"
        case .asOf: "as-of"
        default: String(describing: attribute)
        }
    }
}
