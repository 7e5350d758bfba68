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
        if let tail = asciiTail(uri) { return Text.token(tail, prefix: prefix) }
        var trimmed = Substring(uri)
        while trimmed.last == "/" || trimmed.last == "#" { trimmed.removeLast() }
        let tail = trimmed.split(whereSeparator: { $0 == "/" || $0 == "#" || $0 == ":" }).last.map(String.init) ?? uri
        return Text.token(tail, prefix: prefix)
    }

    /// The last segment of an ASCII `uri` as ``id(fromURI:prefix:)`` takes it (trailing `/`
    /// and `#` dropped, segments split at `/`, `#` and `:`, the whole URI when none is left),
    /// read on the bytes; `nil` for a URI beyond ASCII.
    private static func asciiTail(_ uri: String) -> String? {
        uri.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            func isSeparator(_ byte: UInt8) -> Bool { byte == 0x2F || byte == 0x23 || byte == 0x3A }
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0x2F || bytes[end - 1] == 0x23 { end -= 1 }
            while end > 0, isSeparator(bytes[end - 1]) { end -= 1 }
            guard end > 0 else { return uri }
            var start = end
            while start > 0, !isSeparator(bytes[start - 1]) { start -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        } ?? nil
    }
}

