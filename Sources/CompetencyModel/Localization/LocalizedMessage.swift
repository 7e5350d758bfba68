/// A message kept as its catalogue key and arguments, so that it can be written in any
/// language after it was made: a diff's change details, for one.
///
/// `arguments` fill `{name}` placeholders as they are; `terms` fill them with another message
/// of the catalogue, by key, so that a word inside a sentence (an entity's kind, "none") is
/// translated too.
///
/// ```swift
/// let detail = LocalizedMessage("diff.added", ["id": "C6.5"], terms: ["entity": "diff.entity.competency"])
/// detail.rendered(Localizer.standard())           // "competency C6.5 added"
/// detail.rendered(Localizer(language: "vi"))      // "đã thêm năng lực C6.5"
/// ```
public struct LocalizedMessage: Hashable, Sendable, Codable {
    /// The message's key in the catalogue.
    public var key: String
    /// Values for placeholders, used as they are.
    public var arguments: [String: String]
    /// Catalogue keys for placeholders, looked up in the reader's language.
    public var terms: [String: String]
    /// Dates for placeholders, written as the reader's language writes them.
    public var dates: [String: ISODate]

    public init(_ key: String, _ arguments: [String: String] = [:], terms: [String: String] = [:], dates: [String: ISODate] = [:]) {
        self.key = key
        self.arguments = arguments
        self.terms = terms
        self.dates = dates
    }

    /// The message in `words`' language.
    public func rendered(_ words: Localizer) -> String {
        var filled = arguments
        for (name, term) in terms { filled[name] = words.message(term) }
        for (name, date) in dates { filled[name] = words.date(date) }
        return words.message(key, filled)
    }
}

extension MessageCatalogue {
    /// English with ISO 8601 dates (`2026-12-31`) and ungrouped numbers: what the tool writes
    /// when no language is asked for, so that its output stays stable for scripts.
    public static let standard: MessageCatalogue = english.merging(
        MessageCatalogue(language: "en", messages: ["format.date": "{year4}-{month2}-{day2}", "format.group": ""]))
}

extension Localizer {
    /// English words, ISO 8601 dates and ungrouped numbers (``MessageCatalogue/standard``), with
    /// texts in `documentLanguage`: the output of the verbs when no `--language` is given.
    public static func standard(documentLanguage: String? = nil) -> Localizer {
        Localizer(language: nil, documentLanguage: documentLanguage, catalogues: [.standard])
    }

    /// The catalogue's word for a count of `noun`, from `{key}.one` or `{key}.other`, with
    /// `{count}` filled by ``number(_:)``.
    public func count(_ value: Int, _ key: String) -> String {
        message(value == 1 ? "\(key).one" : "\(key).other", ["count": number(value)])
    }
}
