import CompetencyModel

// Reading attribute values (required, dates, whole numbers, enumerations) with their
// diagnostics, and placing the texts of text elements in their parent's value.
extension DocumentBuilder {
    // MARK: Attributes

    func required(_ frame: Frame, _ name: AttributeName) -> String {
        if let value = frame[name] { return value }
        report(.schema, "<\(frame.name)> needs the attribute '\(name.name)'", at: frame.location, code: "missing-attribute")
        return ""
    }

    /// A space-separated list of identifiers (`levels`, `replaces`); `nil` when not written.
    func identifiers<Entity>(_ frame: Frame, _ name: AttributeName) -> [Identifier<Entity>]? {
        frame[name].map { $0.split(whereSeparator: \.isWhitespace).map { Identifier<Entity>(String($0)) } }
    }

    func date(_ frame: Frame, _ name: AttributeName) -> ISODate? {
        guard let text = frame[name] else { return nil }
        if let date = ISODate(text) { return date }
        report(
            .schema, "'\(text)' in \(name.name) on <\(frame.name)> is not a date; write YYYY-MM-DD",
            at: frame.location, code: "invalid-date")
        return nil
    }

    func requiredDate(_ frame: Frame, _ name: AttributeName) -> ISODate? {
        if frame[name] == nil {
            report(.schema, "<\(frame.name)> needs the attribute '\(name.name)'", at: frame.location, code: "missing-attribute")
            return nil
        }
        return date(frame, name)
    }

    /// Why `text` is not an `Int`: too large, or not a whole number at all.
    static func notAWholeNumber(_ text: String, _ attribute: String, _ element: String) -> String {
        let digits = text.trimmingSpaces.drop { $0 == "-" || $0 == "+" }
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "'\(text)' in \(attribute) on <\(element)> is out of range: write a whole number between \(Int.min) and \(Int.max)"
        }
        return "'\(text)' in \(attribute) on <\(element)> is not a whole number"
    }

    func integer(_ frame: Frame, _ name: AttributeName) -> Int? {
        guard let text = frame[name] else { return nil }
        if let value = Int(text.trimmingSpaces) { return value }
        report(
            .schema, Self.notAWholeNumber(text, name.name, frame.name), at: frame.location,
            code: "invalid-number")
        return nil
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ frame: Frame, _ name: AttributeName, _: T.Type)
        -> T? where T.RawValue == String
    {
        guard let text = frame[name] else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        report(
            .schema, "'\(text)' is not a valid \(name.name) on <\(frame.name)>; use one of \(allowed)",
            at: frame.location, code: "invalid-value")
        return nil
    }

    // MARK: Text

    /// A text element (`<title>`, `<description>`, `<name>`, …): its text and language, for the
    /// parent to place.
    func buildText(_ name: ElementName, _ frame: Frame) -> Built {
        let value = String(decoding: frame.text, as: UTF8.self)
        return .text(name, language: frame.language, value: value, location: frame.location, foreign: frame.foreignAttributes)
    }

    /// Adds the translation that `frame.children[index]` holds to `text`; a second one in the
    /// same language is reported and dropped.
    func add(
        _ language: String, _ value: String, _ foreign: [ForeignAttribute], to text: inout LocalizedText, in frame: Frame,
        child index: Int, element: ElementName, at location: SourceLocation
    ) {
        if text[language] != nil {
            let shown = language.isEmpty ? "with no language" : "in language '\(language)'"
            report(
                .schema, "<\(frame.name)> has a second <\(element.rawValue)> \(shown); give each translation its own xml:lang",
                at: location, code: "duplicate-translation")
            frame.dropChild(index)
            return
        }
        text.variants.append(LocalizedText.Variant(language: language, value: value, foreignAttributes: foreign))
    }

    /// Repeatable texts: a new item starts when a language repeats within the current one.
    func append(_ language: String, _ value: String, _ foreign: [ForeignAttribute], to list: inout [LocalizedText]) {
        let variant = LocalizedText.Variant(language: language, value: value, foreignAttributes: foreign)
        if let last = list.indices.last, list[last][language] == nil {
            list[last].variants.append(variant)
        } else {
            list.append(LocalizedText([variant]))
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var view = self[...]
        while view.first?.isWhitespace == true { view = view.dropFirst() }
        while view.last?.isWhitespace == true { view = view.dropLast() }
        return view
    }
}
