import CompetencyModel
import CompetencyXML
import Foundation

/// What MedBiquitous documents hold beyond the native model, kept as extension attributes in
/// the namespace `urn:competencykit:interchange:medbiq` (prefix `medbiq`) so that
/// MedBiquitous → native → MedBiquitous gives the documents back.
///
/// Each entity read from a document keeps that document as read (`medbiq:xml`, the root
/// element written out again), the file it came from when the exporter would name it
/// otherwise (`medbiq:file`), and a digest of the native fields the document maps to
/// (`medbiq:digest`): the framework keeps the Competency Framework (its digest covers the
/// framework's fields and which competencies it includes, how they nest and relate), each
/// domain and competency its Competency Object, and the framework its Performance
/// Frameworks (`medbiq:performance`, with the digest of the scales and descriptors in
/// `medbiq:performance-digest`). An include without an object, and the domain gathering
/// top-level competencies, are marked `medbiq:object="none"`. The exporter writes a kept
/// document while the digest is unchanged, and rebuilds it from the model otherwise. The
/// importer keeps only documents the exporter would not rebuild equal, so a document set
/// CompetencyKit wrote reads back with no `medbiq:` content.
enum MedBiqSnapshot {
    static let format = "medbiq"
    static let xml = "xml"
    static let file = "file"
    static let digest = "digest"
    static let object = "object"
    static let performance = "performance"
    static let performanceDigest = "performance-digest"
    /// Every attribute that keeps document content (not `medbiq:version`).
    static let names: Set<String> = [xml, file, digest, object, performance, performanceDigest]

    static func attribute(_ name: String, in extensions: Extensions) -> String? {
        SourceExtension.attribute(name, of: format, in: extensions)
    }

    static func set(_ name: String, _ value: String, in extensions: inout Extensions) {
        SourceExtension.set(name, value, of: format, in: &extensions)
    }

    // MARK: Digests

    /// The Competency Framework document's content: the framework's own fields, and each
    /// domain's and competency's identity, place and links.
    static func frameworkDigest(_ framework: Framework) -> String {
        struct Entry: Encodable {
            var kind: String
            var id: String
            var uri: String?
            var depth: Int
            var relations: [[String]]
            var matches: [[String]]
            var none: Bool
        }
        var entries: [Entry] = []
        func visit(_ competency: Competency, depth: Int) {
            entries.append(
                Entry(
                    kind: "c", id: competency.id.rawValue, uri: competency.uri, depth: depth,
                    relations: competency.relations.map { [$0.type.rawValue, $0.target.rawValue] },
                    matches: competency.matches.map { [$0.type.rawValue, $0.uri] },
                    none: attribute(object, in: competency.extensions) != nil))
            for child in competency.children { visit(child, depth: depth + 1) }
        }
        for domain in framework.domains {
            entries.append(
                Entry(
                    kind: "d", id: domain.id.rawValue, uri: domain.uri, depth: 0, relations: [], matches: [],
                    none: attribute(object, in: domain.extensions) != nil))
            for competency in domain.competencies { visit(competency, depth: 1) }
        }
        return CASESnapshot.hash([CASESnapshot.digest(framework), CASESnapshot.hash(entries)])
    }

    /// A Competency Object's content for a domain.
    static func objectDigest(_ domain: Domain) -> String { CASESnapshot.digest(domain) }

    /// A Competency Object's content for a competency: its fields and its replacements.
    static func objectDigest(_ competency: Competency) -> String {
        let replacements = competency.relations.filter { $0.type == .replaces || $0.type == .replacedBy }
        return CASESnapshot.hash([CASESnapshot.digest(competency)] + replacements.map { "\($0.type.rawValue) \($0.target.rawValue)" })
    }

    // MARK: Documents

    /// The performance documents kept on the framework: file name (possibly empty) and text.
    static func performanceDocuments(in extensions: Extensions) -> [(file: String, xml: String)] {
        guard let text = attribute(performance, in: extensions), let value = try? JSONParser.parse(Data(text.utf8), file: nil),
            case .array(let pairs) = JSONWriter.Value(value)
        else { return [] }
        return pairs.compactMap { pair in
            guard case .array(let parts) = pair, parts.count == 2, case .string(let file) = parts[0], case .string(let text) = parts[1] else {
                return nil
            }
            return (file, text)
        }
    }

    static func keep(performance documents: [(file: String, xml: String)], in extensions: inout Extensions) {
        guard !documents.isEmpty else { return }
        set(performance, JSONWriter.compact(.array(documents.map { .array([.string($0.file), .string($0.xml)]) })), in: &extensions)
    }

    /// The file name a document was read from.
    static func fileName(_ element: XMLTreeElement) -> String? {
        guard let path = element.location.file, !path.isEmpty else { return nil }
        // The name after the last slash, when it is a plain one; otherwise as a URL has it.
        if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            let name = path[path.utf8.index(after: slash)...]
            if !name.isEmpty, name != ".", name != "..", !path.utf8.contains(0x5C) { return String(name) }
        }
        return URL(fileURLWithPath: path).lastPathComponent
    }

    /// An element written out again, with the namespace declarations its names need.
    static func element(_ root: XMLTreeElement) -> String {
        var out = ""
        write(root, scope: ["xml": MedBiq.xml], into: &out)
        return out
    }

    /// A kept element as a document.
    static func document(_ element: String) -> Data { Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\(element)\n".utf8) }

    private static func write(_ element: XMLTreeElement, scope: [String: String], into out: inout String) {
        var scope = scope
        var declarations = ""
        func declare(_ prefix: String?, _ namespace: String) -> String? {
            // An attribute in no namespace needs no prefix; an element in no namespace needs
            // the default namespace undeclared when one is in scope.
            let key = prefix ?? ""
            if scope[key] == namespace || (key.isEmpty && namespace.isEmpty && scope[key] == nil) { return prefix }
            scope[key] = namespace
            declarations += key.isEmpty ? " xmlns=\"\(escape(namespace, attribute: true))\"" : " xmlns:\(key)=\"\(escape(namespace, attribute: true))\""
            return prefix
        }
        var prefix = element.namespace.isEmpty ? nil : element.prefix
        if prefix == "xml" || prefix == "xmlns" { prefix = nil }
        _ = declare(prefix, element.namespace)
        let name = prefix.map { "\($0):\(element.name)" } ?? element.name
        var attributes = ""
        for attribute in element.attributes {
            var qualified = attribute.name
            if !attribute.namespace.isEmpty {
                var attributePrefix = attribute.prefix ?? "a"
                if attribute.namespace == MedBiq.xml {
                    attributePrefix = "xml"
                } else if attributePrefix == "xml" || attributePrefix == "xmlns" || (scope[attributePrefix] != nil && scope[attributePrefix] != attribute.namespace) {
                    var number = 1
                    while scope["a\(number)"] != nil && scope["a\(number)"] != attribute.namespace { number += 1 }
                    attributePrefix = "a\(number)"
                }
                if attributePrefix != "xml" { _ = declare(attributePrefix, attribute.namespace) }
                qualified = "\(attributePrefix):\(attribute.name)"
            }
            attributes += " \(qualified)=\"\(escape(attribute.value, attribute: true))\""
        }
        out += "<\(name)\(declarations)\(attributes)"
        guard !element.children.isEmpty else {
            out += "/>"
            return
        }
        out += ">"
        for child in element.children {
            switch child {
            case .text(let text): out += escape(text)
            case .element(let inner): write(inner, scope: scope, into: &out)
            }
        }
        out += "</\(name)>"
    }

    static func escape(_ text: String, attribute: Bool = false) -> String {
        // Most texts have nothing to escape: they are returned as they are.
        let plain = text.utf8.allSatisfy { byte in
            switch byte {
            case 0x26, 0x3C, 0x3E, 0x0D: false
            case 0x22, 0x09, 0x0A: !attribute
            default: true
            }
        }
        if plain { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether two elements have the same infoset: names and namespaces, attributes (in any
    /// order), and children in order, ignoring text that is only white space beside elements.
    static func same(_ lhs: XMLTreeElement, _ rhs: XMLTreeElement) -> Bool {
        guard lhs.name == rhs.name, lhs.namespace == rhs.namespace, lhs.attributes.count == rhs.attributes.count else { return false }
        for attribute in lhs.attributes {
            guard rhs.attributes.contains(where: { $0.namespace == attribute.namespace && $0.name == attribute.name && $0.value == attribute.value })
            else { return false }
        }
        let left = significant(lhs.children)
        let right = significant(rhs.children)
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) {
            switch (a, b) {
            case (.text(let x), .text(let y)): if x != y { return false }
            case (.element(let x), .element(let y)): if !same(x, y) { return false }
            default: return false
            }
        }
        return true
    }

    /// Children without white-space text beside elements, adjacent texts joined.
    static func significant(_ children: [XMLTreeElement.Node]) -> [XMLTreeElement.Node] {
        let hasElements = children.contains { if case .element = $0 { true } else { false } }
        var result: [XMLTreeElement.Node] = []
        for child in children {
            switch child {
            case .text(let text):
                if hasElements, text.allSatisfy(\.isWhitespace) { continue }
                if case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + text)
                } else {
                    result.append(.text(text))
                }
            case .element: result.append(child)
            }
        }
        return result
    }
}
