import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

/// Each hostile or broken input gets one clear, located error: never a crash, a hang, a
/// file read, a network call or a silent loss.
@Suite struct HostileInputTests {
    @Test func refusesAnExternalEntityThatReadsALocalFile() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("ck-secret-\(UUID().uuidString).txt")
        try "TOP-SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE framework [ <!ENTITY leak SYSTEM "\(secret.absoluteString)"> ]>
            <framework xmlns="urn:competencykit:1" id="f"><title>&leak;</title></framework>
            """
        let diagnostics = readFailure(xml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == .xml("unsafe"))
        #expect(diagnostics.first?.location == SourceLocation(file: "test.xml", line: 2, column: 1))
        #expect(diagnostics.first?.message.hasPrefix("the document has a DOCTYPE ('framework')") == true)
        #expect(!diagnostics.description.contains("TOP-SECRET"))
    }

    @Test func refusesAnEntityExpansionBomb() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE framework [\n<!ENTITY a0 \"lol\">\n"
        for level in 1...10 {
            xml += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">\n"
        }
        xml += "]>\n<framework xmlns=\"urn:competencykit:1\" id=\"f\"><title>&a10;</title></framework>"
        let clock = ContinuousClock()
        let started = clock.now
        let diagnostics = readFailure(xml)
        #expect(clock.now - started < .seconds(2))
        #expect(diagnostics.map(\.id) == [.xml("unsafe")])
        #expect(diagnostics.first?.location?.line == 2)
    }

    @Test func refusesNestingFarBeyondAnyRealDocument() {
        let depth = 100_000
        let xml =
            "<framework xmlns=\"urn:competencykit:1\" id=\"f\">"
            + String(repeating: "<x:a xmlns:x=\"urn:x\">", count: depth) + String(repeating: "</x:a>", count: depth)
            + "</framework>"
        let diagnostics = readFailure(xml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.id == .xml("too-deep"))
        #expect(
            diagnostics.first?.message
                == "elements are nested more than 256 deep; no competency document needs this, so reading stopped")
        #expect(diagnostics.first?.location?.line == 1)
    }

    @Test func reportsInvalidUTF8WithItsLine() {
        var bytes = Array("<framework xmlns=\"urn:competencykit:1\" id=\"f\">\n  <title>caf".utf8)
        bytes += [0xC3, 0x28]  // a broken two-byte sequence
        bytes += Array("</title>\n</framework>".utf8)
        let diagnostics = readFailure(Data(bytes))
        #expect(diagnostics.first?.id == .xml("encoding"))
        #expect(diagnostics.first?.location?.line == 2)
        #expect(diagnostics.first?.message.hasPrefix("the text is not valid UTF-8 (bytes 0xC3 0x28") == true)
    }

    @Test func reportsAnEmptyFile() {
        let diagnostics = readFailure(Data())
        #expect(
            diagnostics == [
                Diagnostic.error(
                    .xml("syntax"), "the file is empty; expected a <framework>, <roster> or <plan> document",
                    at: SourceLocation(file: "test.xml", line: 1, column: 1))
            ])
    }

    @Test func recognisesJSONHandedInAsXML() {
        let diagnostics = readFailure("\n  {\"framework\": {\"id\": \"f\"}}")
        #expect(
            diagnostics == [
                Diagnostic.error(
                    .xml("syntax"),
                    "this looks like JSON, not XML; read JSON with JSONDecoder, or convert it with 'competency convert --from json'",
                    at: SourceLocation(file: "test.xml", line: 2, column: 3))
            ])
    }

    @Test func reportsAnUnclosedTagAtTheLineWhereItOpened() {
        let xml = """
            <framework xmlns="urn:competencykit:1" id="f">
              <domain id="D1">
                <title>Data</title>
                <competency id="C1">
                  <title>Searching</title>
              </domain>
            </framework>
            """
        let diagnostics = readFailure(xml)
        #expect(diagnostics.first?.id == .xml("unclosed-element"))
        #expect(diagnostics.first?.location == SourceLocation(file: "test.xml", line: 4, column: 5))
        #expect(
            diagnostics.first?.message
                == "element <competency> is not closed: </domain> on line 6 comes first; add </competency> before it")
    }

    @Test func reportsATagLeftOpenAtTheEndOfTheFile() {
        let xml = "<framework xmlns=\"urn:competencykit:1\" id=\"f\">\n  <domain id=\"D1\">\n    <title>Data</title>\n"
        let diagnostics = readFailure(xml)
        #expect(
            diagnostics.first
                == Diagnostic.error(
                    .xml("unclosed-element"), "element <domain> is never closed; add </domain> where its content ends",
                    at: SourceLocation(file: "test.xml", line: 2, column: 3)))
    }

    @Test func reportsAnUndefinedEntity() {
        let diagnostics = readFailure("<framework xmlns=\"urn:competencykit:1\" id=\"f\"><title>&nbsp;</title></framework>")
        #expect(diagnostics.first?.id == .xml("undefined-entity"))
        #expect(
            diagnostics.first?.message
                == "the entity '&nbsp;' is not defined; only &amp; &lt; &gt; &quot; &apos; and character references are allowed"
        )
    }

    @Test func refusesTextLongerThanTheLimit() {
        let xml = "<framework xmlns=\"urn:competencykit:1\" id=\"f\"><title>" + String(repeating: "a", count: 5000)
            + "</title></framework>"
        let diagnostics = readFailure(xml, options: XMLReader.Options(maxTextBytes: 1000))
        #expect(diagnostics.map(\.id) == [.xml("text-too-long")])
        #expect(diagnostics.first?.message == "the text of <title> is longer than 1000 bytes; reading stopped")
    }

    @Test func refusesInputLargerThanTheLimit() {
        let diagnostics = readFailure(
            "<framework xmlns=\"urn:competencykit:1\" id=\"f\"/>", options: XMLReader.Options(maxInputBytes: 10))
        #expect(diagnostics.map(\.id) == [.xml("limit")])
    }

    @Test func reportsAMissingFileAsAnInputError() {
        do {
            _ = try XMLReader().read(contentsOf: URL(fileURLWithPath: "/nonexistent/framework.xml"))
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics == [
                    Diagnostic.noSuchFile("/nonexistent/framework.xml")
                ])
        }
    }

    @Test func acceptsADeclaredLegacyEncoding() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<framework xmlns=\"urn:competencykit:1\" id=\"f\"><title>Caf".utf8)
        bytes.append(0xE9)  // é in Latin-1
        bytes += Array("</title></framework>".utf8)
        let framework = try XMLReader().readFramework(Data(bytes)).value
        #expect(framework.title.variants.first?.value == "Café")
    }
}

@Suite struct VocabularyErrorTests {
    @Test func reportsUnknownElementsAndAttributesWithTheirLocation() {
        let xml = """
            <framework xmlns="urn:competencykit:1" id="f">
              <domain id="D1" colour="red">
                <competncy id="C1"/>
              </domain>
            </framework>
            """
        let diagnostics = readFailure(xml)
        #expect(diagnostics.map(\.location?.line) == [2, 3])
        #expect(diagnostics[0].message == "unknown attribute 'colour' on <domain>; allowed: code, id, replaces, uri")
        #expect(
            diagnostics[1].message
                == "unexpected element <competncy> inside <domain>; expected one of <title>, <description>, <competency>")
    }

    @Test func reportsMalformedValues() {
        let xml = """
            <framework xmlns="urn:competencykit:1" id="f" status="final" issued="13/09/2025">
              <module id="M1" hours="four"/>
            </framework>
            """
        let messages = readFailure(xml).map(\.message)
        #expect(
            messages == [
                "'final' is not a valid status on <framework>; use one of 'draft', 'published', 'deprecated', 'retired'",
                "'13/09/2025' in issued on <framework> is not a date; write YYYY-MM-DD",
                "'four' in hours on <module> is not a number of hours: write digits, with a decimal point if needed (1.5)",
            ])
    }

    /// Hours are read as the schema's `xs:decimal` reads them, and bounded.
    @Test func readsHoursAsTheSchemaDoes() throws {
        func module(_ hours: String) -> String {
            #"<framework xmlns="urn:competencykit:1" id="f"><module id="M1" hours="\#(hours)"/></framework>"#
        }
        for accepted in ["0", "2", " 1.5 ", "+3", ".5", "7.", "1000000000"] {
            let parsed = try XMLReader().readFramework(Data(module(accepted).utf8))
            #expect(parsed.value.modules.first?.hours == Double(accepted.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "+", with: "")))
            #expect(SchemaValidator.validate(Data(module(accepted).utf8)).isEmpty, "\(accepted)")
        }
        for refused in ["", "0x10", "1e3", "1e308", "1e-320", "-1", "nan", "inf", "1.2.3", "1,5"] {
            #expect(readFailure(module(refused)).map(\.id) == [.schema("invalid-number")], "\(refused)")
            #expect(!SchemaValidator.validate(Data(module(refused).utf8)).isEmpty, "\(refused)")
        }
        #expect(
            readFailure(module("1000000001")).map(\.message) == [
                "'1000000001' in hours on <module> is more than 1000000000 hours; no module lasts that long"
            ])
        #expect(
            readFailure(#"<framework xmlns="urn:competencykit:1" id="f"><scale id="s"><level id="L1" rank="9223372036854775808"/></scale></framework>"#)
                .map(\.message) == [
                    "'9223372036854775808' in rank on <level> is out of range: write a whole number between -9223372036854775808 and 9223372036854775807"
                ])
    }

    @Test func explainsAMissingNamespace() {
        let diagnostics = readFailure("<framework id=\"f\"/>")
        #expect(
            diagnostics.first?.message
                == "the root element <framework> is not a CompetencyKit document; add xmlns=\"urn:competencykit:1\" to it")
    }

    @Test func refusesASecondTitleInTheSameLanguage() {
        let xml = """
            <framework xmlns="urn:competencykit:1" xml:lang="en" id="f">
              <title>One</title>
              <title xml:lang="en">Two</title>
            </framework>
            """
        let diagnostics = readFailure(xml)
        #expect(diagnostics.map(\.location?.line) == [3])
        #expect(
            diagnostics.first?.message
                == "<framework> has a second <title> in language 'en'; give each translation its own xml:lang")
    }
}

@Suite struct SourceMapTests {
    @Test func locatesEveryIdentifiedElementAtItsStartTag() throws {
        let parsed = try XMLReader().readFramework(Fixtures.data("format-examples/framework.xml"), file: "fw.xml")
        let map = parsed.sourceMap
        let text = try String(decoding: Fixtures.data("format-examples/framework.xml"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func check(_ subject: Subject, startsWith prefix: String) {
            guard let location = map.location(of: subject) else {
                Issue.record("no location for \(subject)")
                return
            }
            #expect(location.file == "fw.xml")
            let line = Array(lines[location.line - 1])
            let tail = String(line[(location.column - 1)...])
            #expect(tail.hasPrefix(prefix), "\(subject) at \(location): \(tail)")
        }
        check(.framework("na-digital"), startsWith: "<framework")
        check(.competency("C1.1"), startsWith: "<competency id=\"C1.1\"")
        check(.competency("C1.1.a"), startsWith: "<competency id=\"C1.1.a\"")
        check(.position("it-officer"), startsWith: "<position id=\"it-officer\"")
        check(.module("M-safety-1"), startsWith: "<module id=\"M-safety-1\"")
        check(.rule("R-basic-2026"), startsWith: "<rule id=\"R-basic-2026\"")
        check(.descriptor("C1.1", index: 0), startsWith: "<descriptor level=\"L1\"")
        check(.requirement(.position("official"), index: 1), startsWith: "<requirement domain=\"D4\"")
        check(.level("proficiency", "L2"), startsWith: "<level id=\"L2\"")
    }

    @Test func keepsEveryLocationOfADuplicatedID() throws {
        let xml = """
            <framework xmlns="urn:competencykit:1" id="f">
              <domain id="D1"><competency id="C1"/>
                <competency id="C1"/></domain>
            </framework>
            """
        let map = try XMLReader().readFramework(Data(xml.utf8)).sourceMap
        #expect(map.locations(of: .competency("C1")).map { "\($0.line):\($0.column)" } == ["2:19", "3:5"])
    }

    @Test func countsColumnsInCharactersNotBytes() throws {
        let xml = "<framework xmlns=\"urn:competencykit:1\" id=\"f\"><title>Kỹ năng số</title><domain id=\"D\"/></framework>"
        let map = try XMLReader().readFramework(Data(xml.utf8)).sourceMap
        #expect(map.location(of: .domain("D"))?.column == 72)
    }
}

@Suite struct SchemaTests {
    @Test(arguments: RoundTripTests.documents)
    func acceptsEveryExampleAndTheSample(path: String) throws {
        #expect(SchemaValidator.validate(try Fixtures.data(path), file: path) == [])
    }

    @Test func acceptsWhatTheWriterWrites() throws {
        for path in RoundTripTests.documents {
            let written = XMLWriter().write(try XMLReader().read(Fixtures.data(path)).value)
            #expect(SchemaValidator.validate(written, file: path) == [], "\(path)")
        }
    }

    @Test func reportsViolationsWithTheirLocation() {
        let xml = """
            <framework xmlns="urn:competencykit:1" id="f">
              <module id="M1" delivery="online"/>
              <domain id="D1"><colour/></domain>
            </framework>
            """
        let diagnostics = SchemaValidator.validate(Data(xml.utf8), file: "bad.xml")
        #expect(diagnostics.map(\.id) == [.schema("xsd"), .schema("xsd")])
        #expect(diagnostics.map(\.location) == [
            SourceLocation(file: "bad.xml", line: 2, column: 3), SourceLocation(file: "bad.xml", line: 3, column: 19),
        ])
        #expect(diagnostics[0].message == "Element 'module': The attribute 'hours' is required but missing.")
        #expect(diagnostics[1].message.hasPrefix("Element 'colour': This element is not expected."))
    }

    @Test func rejectsEveryInvalidSchemaFixture() throws {
        let folder = Fixtures.url("invalid/schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(files.count >= 20)
        for name in files {
            let diagnostics = SchemaValidator.validate(try Data(contentsOf: folder.appendingPathComponent(name)), file: name)
            #expect(!diagnostics.isEmpty, "\(name) should break the schema")
        }
    }
}

/// An element with a huge number of attributes is refused before libxml2 parses it.
@Suite struct AttributeCountTests {
    static func element(_ count: Int) -> String {
        #"<framework xmlns="urn:competencykit:1" id="f" xmlns:x="urn:x" "# + (0..<count).map { #"x:a\#($0)="1""# }.joined(separator: " ")
            + "/>"
    }

    @Test func refusesMoreAttributesThanTheLimit() {
        let diagnostics = readFailure(Self.element(400_000))
        #expect(diagnostics.map(\.summary) == [
            "test.xml:1:1: error: an element has more than 1000 attributes; no competency document needs this, so reading stopped [xml.too-many-attributes]"
        ])
    }

    /// The tag starts just before the reader's 1 MiB slice ends and goes past the limit in the
    /// next one, after a line break inside the tag: the line reported is the tag's first.
    @Test func reportsTheLineOfATagThatCrossesASlice() {
        let head = #"<framework xmlns="urn:competencykit:1" id="f" xmlns:x="urn:x"><!--"#
            + String(repeating: "x\n", count: 524_200) + "-->\n"
        let attributes = (0..<1_001).map { #"x:a\#($0)="1""# }
        let tag = "<domain " + attributes[..<500].joined(separator: " ") + "\n" + attributes[500...].joined(separator: " ") + "/>"
        #expect(head.utf8.count < 1 << 20 && head.utf8.count + tag.utf8.count > 1 << 20 + 4)
        #expect(readFailure(head + tag + "</framework>").map(\.summary) == [
            "test.xml:524202:1: error: an element has more than 1000 attributes; no competency document needs this, so reading stopped [xml.too-many-attributes]"
        ])
    }

    @Test func countsAttributesOnlyInStartTags() throws {
        let xml = #"<?xml version="1.0" encoding="UTF-8"?><!-- a="1" b="2" --><framework xmlns="urn:competencykit:1" id="f"><title>x="1"</title></framework>"#
        #expect(throws: Never.self) { try XMLReader(options: .init(maxAttributes: 2)).read(Data(xml.utf8)) }
        #expect(readFailure(Self.element(3), options: .init(maxAttributes: 4)).map(\.id) == [.xml("too-many-attributes")])
    }
}

/// libxml2's messages that say nothing a reader can act on come out in the package's words.
@Suite struct ReaderWordingTests {
    @Test func truncatedStartTagsAndValuelessAttributesAreExplained() {
        #expect(readFailure(#"<framework xmlns="urn:competencykit:1" id="f"><domain id="D1" "#).first?.summary
            == #"test.xml:1:63: error: the start tag <domain> is not finished: an attribute is missing its '="value"', or the tag its '>' [xml.unfinished-tag]"#)
        #expect(readFailure(#"<framework xmlns="urn:competencykit:1" id="f"><domain id="D1" title></domain></framework>"#).first?.summary
            == #"test.xml:1:68: error: the attribute 'title' has no value; write title="…", or remove it [xml.attribute-without-value]"#)
    }

    @Test func hugeValuesAreExplained() {
        let xml = #"<framework xmlns="urn:competencykit:1" id="f"><!--"# + String(repeating: "a", count: 11_000_000) + "--></framework>"
        #expect(readFailure(xml).map(\.id) == [.xml("value-too-long")])
    }
}

/// Lone CRs are line ends, as XML says, in the reader's and the schema's locations alike.
@Suite struct CROnlyLineEndTests {
    @Test func locationsCountCROnlyLineEnds() {
        let xml = "<framework xmlns=\"urn:competencykit:1\" id=\"f\">\r  <domain id=\"D1\">\r    <colour/>\r  </domain>\r</framework>\r"
        #expect(readFailure(xml).map(\.summary) == [
            "test.xml:3:5: error: unexpected element <colour> inside <domain>; expected one of <title>, <description>, <competency> [schema.unexpected-element]"
        ])
        #expect(SchemaValidator.validate(Data(xml.utf8), file: "test.xml").map(\.location?.line) == [3])
    }

    /// A CR at the end of one 1 MiB chunk and the text after it at the start of the next.
    @Test func aCRAtAChunkBoundaryIsOneLineEnd() throws {
        let head = "<framework xmlns=\"urn:competencykit:1\" id=\"f\"><!--"
        let padding = String(repeating: "a", count: (1 << 20) - head.utf8.count - 4)
        for ending in ["\r", "\r\n"] {
            let xml = head + padding + "-->" + ending + "<domain id=\"D1\">\r<colour/></domain></framework>"
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cr-\(UUID().uuidString).xml")
            try Data(xml.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            do {
                _ = try XMLReader().read(contentsOf: file, name: "cr.xml")
                Issue.record("expected an error")
            } catch {
                #expect(error.diagnostics.map(\.location) == [SourceLocation(file: "cr.xml", line: 3, column: 1)], "\(ending.debugDescription)")
            }
        }
    }
}

/// The attribute guard against a byte-by-byte statement of its rule, on random documents cut
/// into random pieces: in a start tag, each `=` outside a quoted value counts, and past the
/// limit the guard gives the line of that tag's `<`.
@Suite struct AttributeGuardTests {
    /// The rule, one byte at a time.
    static func reference(_ bytes: [UInt8], limit: Int) -> Int? {
        var line = 1
        var inTag = false
        var markup = false
        var quote: UInt8 = 0
        var count = 0
        var tagLine = 1
        for (index, byte) in bytes.enumerated() {
            if !inTag {
                if byte == UInt8(ascii: "<") {
                    inTag = true
                    tagLine = line
                    count = 0
                    quote = 0
                    markup = index + 1 < bytes.count && [UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "/")].contains(bytes[index + 1])
                }
            } else if markup {
                if byte == UInt8(ascii: ">") { inTag = false }
            } else if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: ">") {
                inTag = false
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: "=") {
                count += 1
                if count > limit { return tagLine }
            }
            if byte == 0x0A { line += 1 }
        }
        return nil
    }

    /// A document of start and end tags, text, comments and processing instructions whose
    /// values, text and comments hold `>`, `=`, quotes and line breaks (but no `<`, which
    /// would stop libxml2).
    static func document(_ random: inout some RandomNumberGenerator) -> String {
        let texts = ["", "a", "x = y", "> not a tag", "\"quoted\"", "it's", "\n", "a\nb=c\n", String(repeating: "long text ", count: 30)]
        let values = ["", "1", "a>b", "x=y=z", "it's", "line\nbreak", String(repeating: "=", count: 12), "> > >"]
        let spaces = [" ", "\n", "\t", "  \n  "]
        var out = ""
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                out += "<e\(Int.random(in: 0..<9, using: &random))"
                for attribute in 0..<Int.random(in: 0...9, using: &random) {
                    var value = values.randomElement(using: &random)!
                    let quote: Character = Bool.random(using: &random) ? "\"" : "'"
                    value = value.replacingOccurrences(of: String(quote), with: "")
                    out += spaces.randomElement(using: &random)! + "a\(attribute)=\(quote)\(value)\(quote)"
                }
                out += Bool.random(using: &random) ? "/>" : ">"
            case 5, 6: out += texts.randomElement(using: &random)!
            case 7: out += "</e\(Int.random(in: 0..<9, using: &random))>"
            case 8: out += "<!-- a=\"1\" b='2' > \n c=3 -->"
            default: out += "<?pi a=\"1\" b='2'?>"
            }
        }
        return out
    }

    /// The guard's answer for `bytes`, fed in pieces cut at `cuts`.
    static func scanned(_ bytes: [UInt8], cuts: [Int], limit: Int) -> Int? {
        var guarding = AttributeGuard(limit: limit)
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            let found = bytes.withUnsafeBytes { guarding.scan(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            if let found { return found }
            start = end
        }
        return nil
    }

    @Test func agreesWithTheRuleOnRandomDocumentsInRandomPieces() {
        var random = SystemRandomNumberGenerator()
        var refused = 0
        for round in 0..<3_000 {
            let bytes = Array(Self.document(&random).utf8)
            let limit = round % 3 == 0 ? Int.random(in: 0...12, using: &random) : Int.random(in: 0...4, using: &random)
            let cuts = (0..<Int.random(in: 0...6, using: &random)).map { _ in Int.random(in: 0...bytes.count, using: &random) }.sorted()
            let expected = Self.reference(bytes, limit: limit)
            if expected != nil { refused += 1 }
            let found = Self.scanned(bytes, cuts: cuts, limit: limit)
            #expect(found == expected, "limit \(limit), cuts \(cuts): \(String(decoding: bytes, as: UTF8.self))")
            if found != expected { return }
        }
        // Both outcomes are exercised.
        #expect(refused > 300 && refused < 2_700, "\(refused) of 3,000 refused")
    }

    @Test func countsLineFeedsAsOneByteAtATimeDoes() {
        var random = SystemRandomNumberGenerator()
        for length in [0, 1, 31, 32, 33, 64, 255 * 32 - 1, 255 * 32, 255 * 32 + 1, 20_000, 100_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...3, using: &random) == 0 ? UInt8(0x0A) : UInt8.random(in: 0...255, using: &random) }
            // Every byte an LF too, so that no lane's count of 255 can overflow unseen.
            for sample in [bytes, [UInt8](repeating: 0x0A, count: length)] {
                let counted = sample.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress.map { AttributeGuard.lineFeeds(from: $0, to: $0 + buffer.count) } ?? 0
                }
                #expect(counted == sample.filter { $0 == 0x0A }.count, "\(length) bytes")
            }
        }
    }
}
