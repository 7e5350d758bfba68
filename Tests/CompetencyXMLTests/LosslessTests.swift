import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Flattens a document into one line per element (namespace, name, effective language,
/// sorted attributes) and one per non-blank run of text.
final class TreeCollector: NSObject, XMLParserDelegate {
    var lines: [String] = []
    private var languages: [String] = [""]
    private var text = ""

    func flushText() {
        if !text.allSatisfy(\.isWhitespace) { lines.append("\(String(repeating: " ", count: languages.count))text:\(text)") }
        text = ""
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        flushText()
        var language = languages.last ?? ""
        var kept: [String] = []
        for (name, value) in attributes {
            if name == "xml:lang" {
                language = value
            } else if name != "xmlns", !name.hasPrefix("xmlns:") {
                kept.append("\(name)=\(value)")
            }
        }
        lines.append(
            "\(String(repeating: " ", count: languages.count)){\(namespaceURI ?? "")}\(elementName) lang=\(language) \(kept.sorted())")
        languages.append(language)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        flushText()
        languages.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}

/// Checks "nothing is lost" independently of the reader: the original file and the writer's
/// output are parsed by Foundation's XMLParser and compared as trees of elements,
/// attributes and text, with each element's effective language in place of `xml:lang`.
/// Only what XML itself treats as insignificant is ignored: comments, namespace prefixes,
/// and whitespace-only text between elements.
@Suite struct LosslessTests {
    static func canonical(_ data: Data) throws -> [String] {
        let collector = TreeCollector()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = collector
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        collector.flushText()
        return collector.lines
    }

    @Test(arguments: RoundTripTests.documents)
    func writerOutputHoldsEveryElementAttributeAndText(path: String) throws {
        let original = try Fixtures.data(path)
        let written = XMLWriter().write(try XMLReader().read(original, file: path).value)
        let before = try Self.canonical(original)
        let after = try Self.canonical(written)
        #expect(before.count == after.count)
        for (line, (expected, actual)) in zip(before, after).enumerated() where expected != actual {
            Issue.record("line \(line): expected \(expected)\n got \(actual)")
            break
        }
    }

    @Test func keepsForeignContentWhereItStood() throws {
        let framework = try XMLReader().readFramework(Fixtures.data("format-examples/foreign.xml")).value
        #expect(framework.extensions.attributes.map(\.name) == ["origin", "batch"])
        #expect(framework.extensions.elements.map(\.position) == [0, 2, 7])
        #expect(framework.extensions.elements.map(\.element.name) == ["provenance", "tags", "trailer"])
        #expect(framework.title.variants[0].foreignAttributes == [
            ForeignAttribute(namespace: "urn:example:ext", prefix: "x", name: "source", value: "board-minutes")
        ])
        let deep = try #require(framework.domains.first?.competencies.first?.children.first?.extensions.elements.first)
        #expect(deep.element.textContent == "three levels down, with mixed text")
        let rule = try #require(framework.rules.first)
        #expect(rule.appliesToExtensions.elements.map(\.position) == [0, 1])
        guard case .annotated(.all(let operands), let annotations) = rule.appliesTo else {
            Issue.record("applies-to should be an annotated <all>: \(rule.appliesTo)")
            return
        }
        #expect(annotations.elements.map(\.position) == [0, 2])
        #expect(operands.count == 3)
    }
}
