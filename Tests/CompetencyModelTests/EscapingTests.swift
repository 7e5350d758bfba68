import CompetencyModel
import Testing

@Suite struct EscapingTests {
    @Test func jsonEscapesQuotesBackslashesAndControlCharacters() {
        #expect(Escaping.json("a\"b\\c\nd\re\tf\u{1}g\u{1F}é") == #""a\"b\\c\nd\re\tf\u0001g\u001fé""#)
        var out = "["
        Escaping.appendJSON("x", to: &out)
        #expect(out == #"["x""#)
    }

    /// A sink of the test's own, so the escapers' generic paths run as another module's
    /// buffer (the plan renderers') runs them.
    struct CountingSink: ByteSink {
        var bytes: [UInt8] = []
        var calls = 0
        mutating func appendByte(_ byte: UInt8) {
            bytes.append(byte)
            calls += 1
        }
        mutating func appendBytes(_ buffer: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: buffer)
            calls += 1
        }
    }

    @Test func escapersOnAnySinkAreTheTextOnStrings() {
        // Every ASCII byte alone and between runs long enough for the word-at-a-time scan,
        // and text with combining marks and Vietnamese.
        var texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        texts += (0..<128).map { "0123456789" + String(UnicodeScalar(UInt8($0))) + "abcdefghij" }
        texts += ["", "Hà Nội, \"Việt Nam\"", "e\u{301}\n\u{1}", "a,b", "two\r\nlines", " edge ", String(repeating: "\"&<>*_[]#|`\\", count: 3)]
        for text in texts {
            var sink = CountingSink()
            Escaping.appendJSON(text, to: &sink)
            var array: [UInt8] = []
            Escaping.appendJSON(text, to: &array)
            #expect(String(decoding: sink.bytes, as: UTF8.self) == Escaping.json(text))
            #expect(sink.bytes == array)
            var utf8 = Array(text.utf8)
            utf8.withUnsafeMutableBufferPointer { bytes in
                let input = UnsafeBufferPointer(bytes)
                let room = max(1, input.count * Escaping.htmlExpansion)
                let written = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
                defer { written.deallocate() }
                let markdown = Escaping.escapeMarkdown(input, into: written)
                #expect(markdown <= input.count * Escaping.markdownExpansion)
                #expect(String(decoding: UnsafeBufferPointer(start: written, count: markdown), as: UTF8.self) == Escaping.markdown(text))
                let html = Escaping.escapeHTML(input, into: written)
                #expect(String(decoding: UnsafeBufferPointer(start: written, count: html), as: UTF8.self) == Escaping.html(text))
            }
            for edges in [false, true] {
                var csv = CountingSink()
                Escaping.appendCSVField(text, to: &csv, quotingEdgeSpaces: edges)
                #expect(String(decoding: csv.bytes, as: UTF8.self) == Escaping.csvField(text, quotingEdgeSpaces: edges))
            }
        }
        var control = CountingSink()
        Escaping.appendJSON("\u{1F}", to: &control)
        #expect(String(decoding: control.bytes, as: UTF8.self) == #""\u001f""#)
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

    @Test func markdownAndHTMLOnBytesAreTheTextOnStrings() {
        #expect(Escaping.markdown("a*b_c [d](e) <f> #g |h| `i` \\") == "a\\*b\\_c \\[d\\](e) \\<f\\> \\#g \\|h\\| \\`i\\` \\\\")
        #expect(Escaping.html("e\u{301}& \"Hà Nội\" <x>") == "e\u{301}&amp; &quot;Hà Nội&quot; &lt;x&gt;")
        let texts = ["plain", "", "*", "Việt Nam & <b>", "<\u{301}", "a\"b\"", "*_[]<>#|`\\", "kết thúc*"]
        for text in texts {
            var markdown: [UInt8] = [0x41]
            Escaping.appendMarkdown(text, to: &markdown)
            #expect(String(decoding: markdown, as: UTF8.self) == "A" + Escaping.markdown(text), "\(text)")
            var html: [UInt8] = [0x41]
            Escaping.appendHTML(text, to: &html)
            #expect(String(decoding: html, as: UTF8.self) == "A" + Escaping.html(text), "\(text)")
        }
    }

    /// The escapers pass over 16 bytes at a time: each special character, at each place in
    /// and around a block, is escaped exactly as a byte-by-byte reference escapes it.
    @Test func escapingFindsEverySpecialCharacterAtEveryPlace() {
        func reference(_ text: String, _ replacement: (UInt8) -> String?) -> String {
            var out: [UInt8] = []
            for byte in text.utf8 { if let replaced = replacement(byte) { out += replaced.utf8 } else { out.append(byte) } }
            return String(decoding: out, as: UTF8.self)
        }
        let markdown: (UInt8) -> String? = { byte in
            "\\`*_[]<>#|".utf8.contains(byte) ? "\\" + String(UnicodeScalar(byte)) : nil
        }
        let html: (UInt8) -> String? = { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            default: nil
            }
        }
        let filler = Array("Năng lực số cho mọi người, digital skills for all ".unicodeScalars)
        var checked = 0
        for special in "\\`*_[]<>#|&\"" {
            for length in [15, 16, 17, 31, 32, 33, 48] {
                for place in 0..<length {
                    var scalars = String.UnicodeScalarView()
                    for offset in 0..<length { scalars.append(offset == place ? special.unicodeScalars.first! : filler[offset % filler.count]) }
                    let text = String(scalars)
                    #expect(Escaping.markdown(text) == reference(text, markdown), "\(text)")
                    #expect(Escaping.html(text) == reference(text, html), "\(text)")
                    var bytes: [UInt8] = []
                    Escaping.appendMarkdown(text, to: &bytes)
                    Escaping.appendHTML(text, to: &bytes)
                    #expect(String(decoding: bytes, as: UTF8.self) == reference(text, markdown) + reference(text, html), "\(text)")
                    checked += 1
                }
            }
        }
        #expect(checked == 12 * (15 + 16 + 17 + 31 + 32 + 33 + 48))
        let plain = String(repeating: "plain text without specials ", count: 5)
        #expect(Escaping.markdown(plain) == plain)
        #expect(Escaping.html(plain) == plain)
    }

    @Test func csvFieldsOnBytesAreTheFieldsOnStrings() {
        let fields = ["plain", "a,b", "say \"hi\"", "\"", "\"\"", "two\nlines", "cr\r", " padded ", "Việt Nam, \"Hà Nội\"", "e\u{301}\"", ""]
        for field in fields {
            for edges in [false, true] {
                var bytes: [UInt8] = [0x41]
                Escaping.appendCSVField(field, to: &bytes, quotingEdgeSpaces: edges)
                #expect(String(decoding: bytes, as: UTF8.self) == "A" + Escaping.csvField(field, quotingEdgeSpaces: edges), "\(field)")
            }
        }
    }

    @Test func datesWrittenAsBytesAreTheirDescriptions() throws {
        var dates = [
            try #require(ISODate(year: 1, month: 1, day: 1)), try #require(ISODate(year: 2026, month: 12, day: 31)),
            try #require(ISODate(year: 9999, month: 9, day: 30)),
        ]
        // Out of the parser's range, but the fields are public.
        var odd = dates[0]
        odd.year = 12_345
        dates.append(odd)
        odd.year = -5
        dates.append(odd)
        odd.year = 7
        odd.month = 123
        dates.append(odd)
        // Four digits of year, two of month and day, zero-padded; wider fields as they are.
        #expect(dates.map(\.description) == ["0001-01-01", "2026-12-31", "9999-09-30", "12345-01-01", "00-5-01-01", "0007-123-01"])
        for date in dates {
            var bytes: [UInt8] = []
            date.appendDescription(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == date.description)
        }
    }
}
