/// An attribute in a namespace other than the vocabulary's own.
public struct ForeignAttribute: Hashable, Sendable, Codable {
    /// The namespace URI.
    public var namespace: String
    /// The prefix it was written with, kept so that output looks like input.
    public var prefix: String?
    public var name: String
    public var value: String

    public init(namespace: String, prefix: String? = nil, name: String, value: String) {
        self.namespace = namespace
        self.prefix = prefix
        self.name = name
        self.value = value
    }
}

/// An element in a namespace other than the vocabulary's own, kept verbatim.
public struct ForeignElement: Hashable, Sendable, Codable {
    /// A child of a foreign element: an element or a run of text.
    public enum Node: Hashable, Sendable, Codable {
        case element(ForeignElement)
        case text(String)
    }

    /// The namespace URI; empty for an element in no namespace.
    public var namespace: String
    public var prefix: String?
    public var name: String
    /// Every attribute, whatever its namespace (`namespace` empty for unqualified ones).
    public var attributes: [ForeignAttribute]
    public var children: [Node]

    public init(
        namespace: String, prefix: String? = nil, name: String,
        attributes: [ForeignAttribute] = [], children: [Node] = []
    ) {
        self.namespace = namespace
        self.prefix = prefix
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// The concatenated text of this element and its descendants.
    public var textContent: String {
        children.map { node in
            switch node {
            case .text(let text): text
            case .element(let element): element.textContent
            }
        }.joined()
    }
}

/// Content from other namespaces attached to an entity, so that documents round-trip
/// without loss.
public struct Extensions: Hashable, Sendable, Codable {
    /// A foreign element and where it stood among the entity's own child elements.
    public struct Placed: Hashable, Sendable, Codable {
        /// How many of the entity's own (vocabulary) child elements preceded it.
        public var position: Int
        public var element: ForeignElement
        public init(position: Int, element: ForeignElement) {
            self.position = position
            self.element = element
        }
    }

    public var attributes: [ForeignAttribute]
    public var elements: [Placed]

    public init(attributes: [ForeignAttribute] = [], elements: [Placed] = []) {
        self.attributes = attributes
        self.elements = elements
    }

    public var isEmpty: Bool { attributes.isEmpty && elements.isEmpty }

    public static let none = Extensions()

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attributes = try container.decodeIfPresent([ForeignAttribute].self, forKey: .attributes) ?? []
        elements = try container.decodeIfPresent([Placed].self, forKey: .elements) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !attributes.isEmpty { try container.encode(attributes, forKey: .attributes) }
        if !elements.isEmpty { try container.encode(elements, forKey: .elements) }
    }

    private enum CodingKeys: String, CodingKey { case attributes, elements }
}
