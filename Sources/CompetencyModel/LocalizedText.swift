/// A human-readable text with one variant per language.
///
/// Variants keep the order in which they were written. The language is a BCP 47 tag
/// (`"en"`, `"vi"`); the empty string stands for a text whose language is not known
/// (a document with no `xml:lang` anywhere).
public struct LocalizedText: Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    /// One language variant.
    public struct Variant: Hashable, Sendable, Codable {
        public var language: String
        public var value: String
        /// Attributes of other namespaces on the text's element, kept for round trips.
        public var foreignAttributes: [ForeignAttribute]

        public init(language: String, value: String, foreignAttributes: [ForeignAttribute] = []) {
            self.language = language
            self.value = value
            self.foreignAttributes = foreignAttributes
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            language = try container.decode(String.self, forKey: .language)
            value = try container.decode(String.self, forKey: .value)
            foreignAttributes =
                try container.decodeIfPresent([ForeignAttribute].self, forKey: .foreignAttributes) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(language, forKey: .language)
            try container.encode(value, forKey: .value)
            if !foreignAttributes.isEmpty { try container.encode(foreignAttributes, forKey: .foreignAttributes) }
        }

        private enum CodingKeys: String, CodingKey { case language, value, foreignAttributes }
    }

    /// The variants in document order. At most one per language.
    public var variants: [Variant]

    public init(_ variants: [Variant] = []) { self.variants = variants }

    /// A text in one language.
    public init(_ value: String, language: String) {
        variants = [Variant(language: language, value: value)]
    }

    /// A text whose language is not stated.
    public init(stringLiteral value: String) {
        variants = [Variant(language: "", value: value)]
    }

    public var isEmpty: Bool { variants.isEmpty }

    /// The languages present, in document order.
    public var languages: [String] { variants.map(\.language) }

    /// The variant in `language`, if present.
    public subscript(language: String) -> String? {
        get { variants.first { $0.language == language }?.value }
        set {
            if let index = variants.firstIndex(where: { $0.language == language }) {
                if let newValue { variants[index].value = newValue } else { variants.remove(at: index) }
            } else if let newValue {
                variants.append(Variant(language: language, value: newValue))
            }
        }
    }

    /// The best text for a reader of `language`: that language, else the first variant.
    public func value(preferring language: String?) -> String? {
        if let language, let exact = self[language] { return exact }
        return variants.first?.value
    }

    public init(from decoder: any Decoder) throws {
        variants = try decoder.singleValueContainer().decode([Variant].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(variants)
    }
}
