import CompetencyModel
import CompetencyDiagnostics
import CompetencyXML
import Foundation

/// Names of the MedBiquitous vocabularies.
enum MedBiq {
    static let framework = "http://ns.medbiq.org/competencyframework/v1/"
    static let object = "http://ns.medbiq.org/competencyobject/v1/"
    static let performance = "http://ns.medbiq.org/performanceframework/v1/"
    static let lom = "http://ltsc.ieee.org/xsd/LOM"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let skos = "http://www.w3.org/2004/02/skos/core#"
    /// The LOM identifier catalog that carries a CompetencyKit ID, so IDs survive a round trip.
    static let idCatalog = "urn:competencykit:1:id"
    /// The LOM identifier catalog of a Performance Framework that names a level: `scale rank id`.
    static let levelCatalog = "urn:competencykit:1:level"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// Elements with `xml:lang` (the common schema's language strings) as a localized text.
    static func languageStrings(_ elements: [XMLTreeElement], defaultLanguage: String) -> LocalizedText {
        var text = LocalizedText()
        for element in elements {
            let value = Text.normalized(element.text)
            guard !value.isEmpty else { continue }
            let language = element.attribute("lang", namespace: xml) ?? defaultLanguage
            if text[language] == nil { text[language] = value }
        }
        return text
    }

    /// The LOM identifier catalog that carries a code.
    static let codeCatalog = "urn:competencykit:1:code"

    /// The text of a LOM LangString (`lom:string` children, each with an optional `language`).
    static func langString(_ element: XMLTreeElement?, defaultLanguage: String) -> LocalizedText {
        guard let element else { return LocalizedText() }
        var text = LocalizedText()
        for string in element.elements("string", namespace: lom) {
            let value = Text.normalized(string.text)
            guard !value.isEmpty else { continue }
            let language = string.attribute("language") ?? defaultLanguage
            if text[language] == nil { text[language] = value }
        }
        return text
    }

    /// The `FN` of a vCard, or the whole entity when it is not a vCard.
    static func vCardName(_ entity: String) -> String {
        let unescaped = entity.replacingOccurrences(of: "\\n", with: "\n")
        guard let range = unescaped.range(of: "FN:") else { return Text.normalized(entity) }
        var name = unescaped[range.upperBound...]
        if let end = name.firstIndex(where: { $0 == "\n" || $0 == "\r" }) { name = name[..<end] }
        if let end = name.range(of: "END:VCARD") { name = name[..<end.lowerBound] }
        return Text.normalized(String(name))
    }

    /// An ID from the last segment of a URI.
    static func id(fromURI uri: String, prefix: String) -> String {
        if let parsed = CASEConvention.parse(uri), let id = parsed.id { return id }
        var trimmed = Substring(uri)
        while trimmed.last == "/" || trimmed.last == "#" { trimmed.removeLast() }
        let tail = trimmed.split(whereSeparator: { $0 == "/" || $0 == "#" || $0 == ":" }).last.map(String.init) ?? uri
        return Text.token(tail, prefix: prefix)
    }
}

