import CompetencyModel
import Testing

@Suite struct EscapingTests {
    @Test func jsonEscapesQuotesBackslashesAndControlCharacters() {
        #expect(Escaping.json("a\"b\\c\nd\re\tf\u{1}g\u{1F}é") == #""a\"b\\c\nd\re\tf\u0001g\u001fé""#)
        var out = "["
        Escaping.appendJSON("x", to: &out)
        #expect(out == #"["x""#)
    }

    @Test func csvQuotesOnlyWhenNeeded() {
        #expect(Escaping.csvField("plain") == "plain")
        #expect(Escaping.csvField("a,b") == "\"a,b\"")
        #expect(Escaping.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Escaping.csvField("two\nlines") == "\"two\nlines\"")
        #expect(Escaping.csvField(" padded ") == " padded ")
        #expect(Escaping.csvField(" padded ", quotingEdgeSpaces: true) == "\" padded \"")
        #expect(Escaping.csvRecord(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
    }

    @Test func htmlEscapesMarkupCharacters() {
        #expect(Escaping.html("<a href=\"x\">Fish & chips</a>") == "&lt;a href=&quot;x&quot;&gt;Fish &amp; chips&lt;/a&gt;")
    }
}
