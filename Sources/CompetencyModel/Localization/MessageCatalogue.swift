/// The tool's and the renderers' own words in one language: headings, statuses, explanations,
/// and the patterns for dates and numbers.
///
/// Messages are templates keyed by a dotted name (`plan.heading`, `status.exempt`) with
/// `{name}` placeholders. CompetencyKit bundles English and Vietnamese (``bundled``). Another
/// language is added by building a catalogue with the same keys, in code or by decoding one
/// from JSON (`{"language": "fr", "messages": {"plan.heading": "…"}}`), and passing it to
/// ``Localizer/init(language:documentLanguage:catalogues:)``; a key it lacks falls back to
/// English. ``keys`` lists every key the bundled English catalogue defines.
public struct MessageCatalogue: Hashable, Sendable, Codable {
    /// The catalogue's language, a BCP 47 tag.
    public var language: String
    /// Templates by key.
    public var messages: [String: String]

    public init(language: String, messages: [String: String]) {
        self.language = language
        self.messages = messages
    }

    /// English, the fallback for every other language.
    public static let english = MessageCatalogue(language: "en", messages: BundledMessages.merged(\.english))
    /// Vietnamese.
    public static let vietnamese = MessageCatalogue(language: "vi", messages: BundledMessages.merged(\.vietnamese))
    /// The catalogues CompetencyKit ships: English and Vietnamese.
    public static let bundled: [MessageCatalogue] = [english, vietnamese]

    /// Every key of the English catalogue, sorted: what a new language should translate.
    public static var keys: [String] { english.messages.keys.sorted() }

    /// This catalogue with `other`'s messages taking precedence, in `other`'s language.
    public func merging(_ other: MessageCatalogue) -> MessageCatalogue {
        MessageCatalogue(language: other.language, messages: messages.merging(other.messages) { _, new in new })
    }

    /// The catalogue for `language` in `catalogues`: an exact tag first, then the primary subtag
    /// (`vi` for `vi-VN`), compared without regard to case.
    static func find(_ language: String, in catalogues: [MessageCatalogue]) -> MessageCatalogue? {
        let wanted = language.lowercased()
        if let exact = catalogues.first(where: { $0.language.lowercased() == wanted }) { return exact }
        guard let primary = primarySubtag(wanted) else { return nil }
        return catalogues.first { $0.language.lowercased() == primary }
    }

    static func primarySubtag(_ language: String) -> String? {
        guard let dash = language.firstIndex(where: { $0 == "-" || $0 == "_" }) else { return nil }
        return String(language[..<dash]).lowercased()
    }

    /// `template` with each `{name}` replaced by `arguments[name]`; an unknown placeholder is
    /// kept as written.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, template.contains("{") else { return template }
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = arguments[name] {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}

/// One area's messages in the bundled languages. Each area of CompetencyKit keeps its words in a
/// file of its own (`Messages+Common.swift`, `Messages+Plan.swift`, …).
struct MessageSection: Sendable {
    var english: [String: String]
    var vietnamese: [String: String]
}

enum BundledMessages {
    /// Every section; a new area adds its section here.
    static let sections: [MessageSection] = [common, plan, coverage, spreadsheet, show, report, diff]

    static func merged(_ language: KeyPath<MessageSection, [String: String]>) -> [String: String] {
        var all: [String: String] = [:]
        for section in sections {
            all.merge(section[keyPath: language]) { first, _ in first }
        }
        return all
    }
}
