import CompetencyDiagnostics
import CompetencyModel
import CompetencyTestSupport
import Foundation
import Testing

@testable import CompetencyInterchange

/// The CASE digests are written into the native files: the bytes they hash, written without
/// `JSONEncoder` for speed, must be the ones `JSONEncoder` writes.
@Suite struct CASEDigestTests {
    /// Competencies with every optional member set and unset, texts in several languages,
    /// non-ASCII, slashes, and the characters that make the digest ask `JSONEncoder`.
    static func competencies() throws -> [Competency] {
        var made: [Competency] = try Paths.sampleFramework().value.allCompetencies
        let texts: [LocalizedText] = [
            LocalizedText(), LocalizedText("Dao phở / bánh mì", language: "vi"),
            LocalizedText([.init(language: "en", value: "Größe\u{2028}😀\u{7F}"), .init(language: "fr", value: "naïve")]),
            LocalizedText("a \"quoted\" word", language: "en"), LocalizedText("back\\slash\ttab\nline", language: "en"),
            LocalizedText([.init(language: "en", value: "kept", foreignAttributes: [ForeignAttribute(namespace: "urn:x", prefix: "x", name: "a", value: "b")])]),
        ]
        for (index, text) in texts.enumerated() {
            made.append(
                Competency(
                    id: Competency.ID("c\(index)"), uri: index % 2 == 0 ? "https://example.org/items/c\(index)" : nil,
                    code: index % 3 == 0 ? "C.\(index)" : nil, status: index % 2 == 0 ? .draft : nil,
                    scale: index % 2 == 1 ? "skill" : nil, levels: index % 3 == 1 ? ["L1", "L/2"] : index == 2 ? [] : nil,
                    replaces: index % 2 == 0 ? [Competency.ID("old-\(index)"), "older"] : [], title: text, statement: texts[(index + 1) % texts.count],
                    description: texts[(index + 2) % texts.count]))
        }
        return made
    }

    @Test func competencyDigestsAreTheHashOfWhatJSONEncoderWrites() throws {
        let competencies = try Self.competencies()
        #expect(competencies.count > 20)
        for competency in competencies {
            var stripped = competency
            stripped.children = []
            stripped.relations = []
            stripped.matches = []
            stripped.descriptors = []
            stripped.extensions = .none
            #expect(CASESnapshot.digest(competency) == CASESnapshot.encodedHash(stripped), "\(competency.id)")
        }
    }

    @Test func stringListDigestsAreTheHashOfWhatJSONEncoderWrites() {
        let lists: [[String]] = [
            [], [""], ["skill", "https://example.org/a/b"], ["café", "\u{2028}", "😀"], ["a\"b"], ["tab\t"], ["back\\slash", "x"],
        ]
        for list in lists { #expect(CASESnapshot.hash(list) == CASESnapshot.encodedHash(list), "\(list)") }
    }

    @Test func compactJSONIsTheSameFromAValueReadAndFromAWriterValue() throws {
        let text = #"{"a":[1,-2.5e3,true,false,null],"b":"q\"uote\\ \u0007 é / \n","c":{}}"#
        let value = try JSONParser.parse(Data(text.utf8), file: nil)
        #expect(JSONWriter.compact(value) == JSONWriter.compact(JSONWriter.Value(value)))
        #expect(JSONWriter.compact(value) == #"{"a":[1,-2.5e3,true,false,null],"b":"q\"uote\\ � é / \n","c":{}}"#)
    }

    @Test func keptTextIsCopiedAsTheWriterWritesTheValueOrRefused() throws {
        // White space of every kind between tokens, none inside strings, and invalid UTF-8,
        // which both decode as U+FFFD.
        var bytes = Array(" {\t\"a b\" :\r\n [ 1 ,  -2.5e3,true ] ,\n\"c\":{ \"d\" : \"x  y\" }, \"e\": \"".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array("é\" }  ".utf8)
        let data = Data(bytes)
        let value = try JSONParser.parse(data, file: nil)
        let copied = JSONParser.withText(data) { JSONParser.compactText($0, at: value.offset) }
        #expect(copied == JSONWriter.compact(value))
        #expect(copied == "{\"a b\":[1,-2.5e3,true],\"c\":{\"d\":\"x  y\"},\"e\":\"\u{FFFD}(\u{FFFD}é\"}")
        // Inner values too, by their own offsets.
        let inner = try #require(value["c"])
        #expect(JSONParser.withText(data) { JSONParser.compactText($0, at: inner.offset) } == "{\"d\":\"x  y\"}")
        // A string with an escape is not copied: the writer writes it.
        let escaped = Data(#"{"a": "q\"uote"}"#.utf8)
        let parsed = try JSONParser.parse(escaped, file: nil)
        #expect(JSONParser.withText(escaped) { JSONParser.compactText($0, at: parsed.offset) } == nil)
        // Nor a value that is not an object or array, nor one cut short.
        let cut = Data(#"{"a": [1, 2"#.utf8)
        #expect(JSONParser.withText(cut) { JSONParser.compactText($0, at: 0) } == nil)
        #expect(JSONParser.withText(cut) { JSONParser.compactText($0, at: 5) } == nil)
    }

    @Test func escapesAndParsesEveryByteThatNeedsItAtEveryPlaceInAWord() throws {
        // The scans pass over eight bytes at a time: a byte to escape (or, in the parser, to
        // stop at) must be found wherever it stands in or after a word.
        // The parser gives back each text but the control characters XML cannot hold, which
        // it replaces with U+FFFD.
        let specials: [(text: String, escaped: String, read: String)] = [
            ("\"", "\\\"", "\""), ("\\", "\\\\", "\\"), ("\n", "\\n", "\n"), ("\t", "\\t", "\t"),
            ("\u{1}", "\\u0001", "\u{FFFD}"), ("\u{1F}", "\\u001f", "\u{FFFD}"),
        ]
        for length in 0...19 {
            for place in 0...length {
                for special in specials {
                    let plain = String(repeating: "a", count: length)
                    let text = String(plain.prefix(place)) + special.text + String(plain.dropFirst(place)) + "é"
                    let expected = "\"" + String(plain.prefix(place)) + special.escaped + String(plain.dropFirst(place)) + "é\""
                    var bytes: [UInt8] = []
                    Escaping.appendJSON(text, to: &bytes)
                    #expect(String(decoding: bytes, as: UTF8.self) == expected, "length \(length), place \(place)")
                    let parsed = try JSONParser.parse(Data(bytes), file: nil)
                    guard case .string(let back) = parsed.kind else {
                        Issue.record("not a string: \(expected)")
                        continue
                    }
                    #expect(back == String(plain.prefix(place)) + special.read + String(plain.dropFirst(place)) + "é", "length \(length), place \(place)")
                }
            }
        }
        // Columns count characters, not bytes, across ASCII words and beyond.
        let line = #"{"abcdefghijklmnop": "é", "ö": "x", "bad": tru}"#
        #expect(throws: DiagnosticError.self) { try JSONParser.parse(Data(line.utf8), file: nil) }
        do {
            _ = try JSONParser.parse(Data(line.utf8), file: nil)
        } catch {
            #expect(error.diagnostics.first?.location?.column == line.distance(from: line.startIndex, to: line.range(of: "tru")!.lowerBound) + 1)
        }
    }

    @Test func escapesJSONStringsAsBeforeWithCombiningMarksAfterEscapedCharacters() {
        // A combining mark right after a quote or a line feed must not swallow it.
        #expect(Escaping.json("\"\u{301}x\n\u{301}\u{1}") == "\"\\\"\u{301}x\\n\u{301}\\u0001\"")
        #expect(Escaping.json("plain é") == "\"plain é\"")
    }

    @Test func normalizesTextsWithAndWithoutTheFastPathAlike() {
        let texts = [
            "", " ", "plain words", " leading", "trailing ", "two  spaces", "tab\there", "line\nbreak", "café phở", "no\u{A0}break",
            "ideographic\u{3000}space", "em\u{2003}space", "next\u{85}line", "Größe naïve", "ở", "a", "a b c",
        ]
        for text in texts {
            let words = text.unicodeScalars.split { $0.properties.isWhitespace }.map { String(String.UnicodeScalarView($0)) }
            #expect(Text.normalized(text) == words.joined(separator: " "), "\(text.debugDescription)")
        }
        #expect(Text.isNormalized("café phở ok"))  // 'ở' shares the lead byte 0xE1 with U+1680 only
        #expect(Text.isNormalized("Kỹ năng số cơ bản"))
        #expect(Text.isNormalized("café au lait"))
        #expect(Text.isNormalized("ogham\u{1680}space") == false)
    }

    @Test func tellsWhiteSpaceOnTheBytesForEveryScalarWithASharedLeadByte() {
        // Every scalar whose UTF-8 form starts 0xC2, 0xE1, 0xE2 or 0xE3, between letters:
        // white space exactly where Unicode says so.
        let ranges: [ClosedRange<UInt32>] = [0x80...0xBF, 0x1000...0x1FFF, 0x2000...0x2FFF, 0x3000...0x3FFF]
        var checked = 0
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = "a" + String(Character(scalar)) + "b"
                #expect(Text.isNormalized(text) == !scalar.properties.isWhitespace, "U+\(String(value, radix: 16, uppercase: true))")
                checked += 1
            }
        }
        #expect(checked == 0x40 + 3 * 0x1000)
    }
}
