/// An assignment rule: who it selects, what it then requires of them, who it releases.
public struct AssignmentRule: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<AssignmentRule>

    public var id: ID
    public var uri: String?
    /// Orders rules in explanations; higher comes first.
    public var priority: Int?
    public var effective: ISODate?
    public var expires: ISODate?
    /// The IDs of the entities of earlier versions that this one replaces (its lineage):
    /// two entities with the same ID here are a split, one entity with two IDs a merge.
    public var replaces: [ID]
    public var title: LocalizedText
    public var description: LocalizedText
    public var appliesTo: RulePredicate
    public var requirements: [Requirement]
    public var exemptIf: RulePredicate?
    public var extensions: Extensions
    /// Content of other namespaces on the `applies-to` element itself.
    public var appliesToExtensions: Extensions
    /// Content of other namespaces on the `exempt-if` element itself.
    public var exemptIfExtensions: Extensions

    public init(
        id: ID, uri: String? = nil, priority: Int? = nil, effective: ISODate? = nil,
        expires: ISODate? = nil, replaces: [ID] = [], title: LocalizedText = LocalizedText(),
        description: LocalizedText = LocalizedText(), appliesTo: RulePredicate = .always,
        requirements: [Requirement] = [], exemptIf: RulePredicate? = nil, extensions: Extensions = .none,
        appliesToExtensions: Extensions = .none, exemptIfExtensions: Extensions = .none
    ) {
        self.appliesToExtensions = appliesToExtensions
        self.exemptIfExtensions = exemptIfExtensions
        self.id = id
        self.uri = uri
        self.priority = priority
        self.effective = effective
        self.expires = expires
        self.replaces = replaces
        self.title = title
        self.description = description
        self.appliesTo = appliesTo
        self.requirements = requirements
        self.exemptIf = exemptIf
        self.extensions = extensions
    }

    /// Whether `date` lies in the rule's `effective`…`expires` window (both inclusive).
    public func isInEffect(on date: ISODate) -> Bool {
        if let effective, date < effective { return false }
        if let expires, date > expires { return false }
        return true
    }
}

/// A condition on a person, used by `applies-to` and `exempt-if`.
public indirect enum RulePredicate: Hashable, Sendable, Codable {
    /// Holds for everyone.
    case always
    /// Holds when every operand holds (and for no operand).
    case all([RulePredicate])
    /// Holds when some operand holds.
    case any([RulePredicate])
    case not(RulePredicate)
    /// The person holds this position, or one that extends it.
    case position(Position.ID)
    /// The person's position belongs to this family.
    case positionFamily(String)
    /// The person belongs to the unit, or, with `descendants`, to it or any unit below it.
    case unit(OrgUnit.ID, descendants: Bool)
    /// The person has an attribute with this name and value.
    case attribute(name: String, value: String)
    /// The person holds a certificate of this kind, valid on the evaluation date.
    case certificate(kind: String)
    /// The person's attained level in the competency is at least this level.
    case level(competency: Competency.ID, atLeast: Level.ID)
    /// A condition that carries content of other namespaces (attributes on its element,
    /// or foreign child elements), kept for round trips. It holds when `condition` holds.
    case annotated(RulePredicate, Extensions)

    /// The condition without its annotations.
    public var unannotated: RulePredicate {
        if case .annotated(let inner, _) = self { return inner.unannotated }
        return self
    }
}
