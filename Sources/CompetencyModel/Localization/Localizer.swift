/// The words and formats of output meant for people, in one language.
///
/// Renderers take a `Localizer` and never spell a heading, status or date themselves: they ask
/// for a message by key and for a date or number in the reader's language. Texts of the
/// framework and roster (titles, labels, names) come from ``text(_:)``, which prefers the
/// localizer's language and falls back to the document's default language, then to the first
/// variant.
///
/// ```swift
/// let words = Localizer(language: "vi", documentLanguage: framework.language)
/// words.message("plan.heading", ["date": words.date(asOf)])
/// words.text(competency.title)   // the Vietnamese title, or the document's default
/// words.number(1234567)          // "1.234.567"
/// ```
public struct Localizer: Hashable, Sendable {
    /// The language of the output, as a BCP 47 tag: `"en"`, `"vi"`.
    public let language: String
    /// The language a document's texts default to, for ``text(_:)`` when a text has no variant in
    /// ``language``.
    public let documentLanguage: String?
    /// The catalogue the messages come from, ``language``'s own merged over English.
    public let catalogue: MessageCatalogue

    /// A localizer for `language`, with messages from the first of `catalogues` for that
    /// language (or its primary subtag, so `vi-VN` finds `vi`), falling back to English key by
    /// key. With no language, the document's language is used, then English.
    public init(
        language: String? = nil, documentLanguage: String? = nil,
        catalogues: [MessageCatalogue] = MessageCatalogue.bundled
    ) {
        let chosen = language ?? documentLanguage ?? "en"
        self.language = chosen
        self.documentLanguage = documentLanguage
        let english = catalogues.first { $0.language == "en" } ?? MessageCatalogue.english
        if let own = MessageCatalogue.find(chosen, in: catalogues), own.language != "en" {
            catalogue = english.merging(own)
        } else {
            catalogue = english
        }
    }

    /// Whether a catalogue of `catalogues` has messages for `language` (or its primary subtag).
    public static func isSupported(
        _ language: String, catalogues: [MessageCatalogue] = MessageCatalogue.bundled
    ) -> Bool {
        MessageCatalogue.find(language, in: catalogues) != nil
    }

    /// The message for `key` with its `{name}` placeholders filled from `arguments`. A key
    /// missing from every catalogue comes back as itself, so a gap shows and never traps.
    public func message(_ key: String, _ arguments: [String: String] = [:]) -> String {
        guard let template = catalogue.messages[key] else { return key }
        return MessageCatalogue.fill(template, arguments)
    }

    /// `text` in ``language``, else in ``documentLanguage``, else its first variant; `nil` when
    /// it has no variant at all.
    public func text(_ text: LocalizedText) -> String? {
        if let exact = text[language] { return exact }
        if let primary = MessageCatalogue.primarySubtag(language), primary != language, let value = text[primary] {
            return value
        }
        if let documentLanguage, let value = text[documentLanguage] { return value }
        return text.variants.first?.value
    }

    /// A date as the language writes it, from the catalogue's `format.date` pattern
    /// (`{day}`, `{day2}`, `{month}` for the month's name, `{month2}`, `{year}`, `{year4}`).
    public func date(_ date: ISODate) -> String {
        let monthName = message("month.\(date.month)")
        return MessageCatalogue.fill(
            message("format.date"),
            [
                "day": String(date.day), "day2": Self.pad(date.day), "month": monthName,
                "month2": Self.pad(date.month), "year": String(date.year),
                "year4": String(repeating: "0", count: max(0, 4 - String(date.year).count)) + String(date.year),
            ])
    }

    /// An integer with the language's digit grouping (`format.group`): `1,234,567` in English,
    /// `1.234.567` in Vietnamese.
    public func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        let separator = message("format.group")
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped += separator }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A decimal number rounded to `fractionDigits` digits, grouped, with the language's
    /// decimal mark (`format.decimal`). Trailing zeros of the fraction are kept, so columns line
    /// up: `12.50`. Not-a-number and infinities are written `–`.
    public func decimal(_ value: Double, fractionDigits: Int = 1) -> String {
        guard value.isFinite else { return "–" }
        let digits = max(0, min(fractionDigits, 6))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value.magnitude * scale).rounded()
        guard scaled < 9.0e15 else { return "–" }
        let whole = Int(scaled) / Int(scale)
        let fraction = Int(scaled) % Int(scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard digits > 0 else { return sign + number(whole) }
        let fractionText = String(fraction)
        return sign + number(whole) + message("format.decimal")
            + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    /// A share (0 to 1) as a percentage with `fractionDigits` digits, in the language's form
    /// (`format.percent`, with `{value}`): `19.2%` in English, `19,2%` in Vietnamese.
    public func percent(_ share: Double, fractionDigits: Int = 1) -> String {
        MessageCatalogue.fill(message("format.percent"), ["value": decimal(share * 100, fractionDigits: fractionDigits)])
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
