/// Escaping for the text formats the package writes by hand: JSON strings, CSV fields and
/// records, and HTML text. Every renderer and exporter uses these; XML has its own writer
/// (`XMLOutput` in CompetencyXML, which escapes bytes as it writes).
package enum Escaping {
    // MARK: XML characters

    /// Whether XML 1.0 can hold the character: tab, line feed, carriage return, and
    /// everything from U+0020 but U+FFFE and U+FFFF (surrogates never reach here). The
    /// importers replace the others with U+FFFD and say where.
    package static func isXMLCharacter(_ scalar: UInt32) -> Bool {
        scalar == 0x09 || scalar == 0x0A || scalar == 0x0D || (scalar >= 0x20 && scalar != 0xFFFE && scalar != 0xFFFF)
    }

    // MARK: JSON

    /// `text` as a JSON string literal, quotes included.
    package static func json(_ text: String) -> String {
        var out = ""
        appendJSON(text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal, quotes included: `"`, `\` and the control
    /// characters are escaped (`\n`, `\r` and `\t` by name, the others as `\u00XX`);
    /// everything else, non-ASCII included, is written as it is.
    package static func appendJSON(_ text: String, to out: inout String) {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out += "\""
            out += text
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        appendJSON(text, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// The same literal as UTF-8 bytes. A quote, a backslash and a control character are
    /// always a whole scalar in UTF-8, so those bytes are escaped one by one and the runs
    /// between them are copied whole.
    package static func appendJSON(_ text: String, to out: inout [UInt8]) { appendJSONBytes(text, to: &out) }

    /// ``appendJSON(_:to:)`` onto any byte sink (run through the sink's witnesses when called
    /// from another module: one call per run of plain bytes, and per escape).
    package static func appendJSON<Sink: ByteSink & ~Copyable>(_ text: String, to out: inout Sink) {
        appendJSONBytes(text, to: &out)
    }

    /// The body of both ``appendJSON(_:to:)``s, specialised here for arrays.
    private static func appendJSONBytes<Sink: ByteSink & ~Copyable>(_ text: String, to out: inout Sink) {
        out.appendByte(0x22)
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            let count = bytes.count
            while index < count {
                // Words with nothing to escape are passed over whole.
                if index + 8 <= count {
                    let escapes = ByteWords.escapes(ByteWords.load(bytes, at: index))
                    if escapes == 0 {
                        index += 8
                        continue
                    }
                    // To the first byte that may need escaping.
                    index += escapes.trailingZeroBitCount >> 3
                }
                let byte = bytes[index]
                index += 1
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                let at = index - 1
                if runStart < at { out.appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<at])) }
                out.appendByte(0x5C)
                switch byte {
                case 0x22: out.appendByte(0x22)
                case 0x5C: out.appendByte(0x5C)
                case 0x0A: out.appendByte(UInt8(ascii: "n"))
                case 0x0D: out.appendByte(UInt8(ascii: "r"))
                case 0x09: out.appendByte(UInt8(ascii: "t"))
                default:
                    func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? 0x30 + digit : UInt8(ascii: "a") + digit - 10 }
                    out.appendByte(UInt8(ascii: "u"))
                    out.appendByte(0x30)
                    out.appendByte(0x30)
                    out.appendByte(hex(byte >> 4))
                    out.appendByte(hex(byte & 0x0F))
                }
                runStart = index
            }
            if runStart < bytes.count { out.appendBytes(UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.appendByte(0x22)
    }

    // MARK: CSV

    /// The line ending of every CSV record the package writes (RFC 4180).
    package static let csvLineEnd = "\r\n"

    /// A CSV field, quoted (with inner quotes doubled) when it holds a comma, a quote or a
    /// line break, and with `quotingEdgeSpaces` also when it starts or ends with a space.
    /// The field is scanned as UTF-8, so a quote or a line break that a combining mark
    /// follows is found too.
    package static func csvField(_ field: String, quotingEdgeSpaces: Bool = false) -> String {
        var out = ""
        appendCSVField(field, to: &out, quotingEdgeSpaces: quotingEdgeSpaces)
        return out
    }

    /// Whether a CSV field, given as its UTF-8 bytes, must be quoted, and whether it holds a
    /// quote to double.
    private static func csvQuoting(
        _ field: some BidirectionalCollection<UInt8>, quotingEdgeSpaces: Bool
    ) -> (needsQuotes: Bool, hasQuote: Bool) {
        var needsQuotes = false
        var hasQuote = false
        for byte in field {
            switch byte {
            case UInt8(ascii: "\""):
                needsQuotes = true
                hasQuote = true
            case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"): needsQuotes = true
            default: continue
            }
            if hasQuote { break }
        }
        if !needsQuotes && quotingEdgeSpaces, field.first == UInt8(ascii: " ") || field.last == UInt8(ascii: " ") {
            needsQuotes = true
        }
        return (needsQuotes, hasQuote)
    }

    /// Appends ``csvField(_:quotingEdgeSpaces:)`` of `field` to `out`, without building the
    /// field on its own.
    package static func appendCSVField(_ field: String, to out: inout String, quotingEdgeSpaces: Bool = false) {
        let (needsQuotes, hasQuote) = csvQuoting(field.utf8, quotingEdgeSpaces: quotingEdgeSpaces)
        guard needsQuotes else {
            out += field
            return
        }
        out += "\""
        if hasQuote {
            var first = true
            for piece in field.utf8.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false) {
                if !first { out += "\"\"" }
                first = false
                out += Substring(piece)
            }
        } else {
            out += field
        }
        out += "\""
    }

    /// ``appendCSVField(_:to:quotingEdgeSpaces:)`` onto UTF-8 bytes.
    package static func appendCSVField(_ field: String, to out: inout [UInt8], quotingEdgeSpaces: Bool = false) {
        var field = field
        field.withUTF8 { appendCSVField(bytes: $0, to: &out, quotingEdgeSpaces: quotingEdgeSpaces) }
    }

    /// ``appendCSVField(_:to:quotingEdgeSpaces:)`` of a field given as UTF-8 bytes, onto any
    /// byte sink.
    package static func appendCSVField<Sink: ByteSink & ~Copyable>(
        bytes: UnsafeBufferPointer<UInt8>, to out: inout Sink, quotingEdgeSpaces: Bool = false
    ) {
        let (needsQuotes, hasQuote) = csvQuoting(bytes, quotingEdgeSpaces: quotingEdgeSpaces)
        guard needsQuotes else {
            out.appendBytes(bytes)
            return
        }
        out.appendByte(UInt8(ascii: "\""))
        if hasQuote {
            for byte in bytes {
                out.appendByte(byte)
                if byte == UInt8(ascii: "\"") { out.appendByte(byte) }
            }
        } else {
            out.appendBytes(bytes)
        }
        out.appendByte(UInt8(ascii: "\""))
    }

    /// ``appendCSVField(_:to:quotingEdgeSpaces:)`` onto any byte sink.
    package static func appendCSVField<Sink: ByteSink & ~Copyable>(
        _ field: String, to out: inout Sink, quotingEdgeSpaces: Bool = false
    ) {
        var field = field
        field.withUTF8 { appendCSVField(bytes: $0, to: &out, quotingEdgeSpaces: quotingEdgeSpaces) }
    }

    /// One CSV record: the fields, each as ``csvField(_:quotingEdgeSpaces:)``, joined by
    /// commas and ended by ``csvLineEnd``.
    package static func csvRecord(_ fields: [String], quotingEdgeSpaces: Bool = false) -> String {
        var out = ""
        appendCSVRecord(fields, to: &out, quotingEdgeSpaces: quotingEdgeSpaces)
        return out
    }

    /// Appends ``csvRecord(_:quotingEdgeSpaces:)`` of `fields` to `out`.
    package static func appendCSVRecord(_ fields: [String], to out: inout String, quotingEdgeSpaces: Bool = false) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out += "," }
            appendCSVField(field, to: &out, quotingEdgeSpaces: quotingEdgeSpaces)
        }
        out += csvLineEnd
    }

    // MARK: Markdown

    /// `text` for Markdown (CommonMark) inline content: the characters Markdown gives a meaning
    /// to (backslash, backtick, `*`, `_`, brackets, angle brackets, `#`, `|`) get a backslash.
    /// They are found among the UTF-8 bytes, as a Markdown reader finds them among the code
    /// points: one that a combining mark follows is escaped too.
    package static func markdown(_ text: String) -> String { escaping(text, .markdown) }

    /// Appends ``markdown(_:)`` of `text` to `out` as UTF-8.
    package static func appendMarkdown<Sink: ByteSink & ~Copyable>(_ text: String, to out: inout Sink) {
        appendEscaped(text, .markdown, to: &out)
    }

    // MARK: HTML

    /// `text` for HTML element content or a quoted attribute value: `&`, `<`, `>` and `"`
    /// become entity references, also when a combining mark follows them.
    package static func html(_ text: String) -> String { escaping(text, .html) }

    /// Appends ``html(_:)`` of `text` to `out` as UTF-8.
    package static func appendHTML<Sink: ByteSink & ~Copyable>(_ text: String, to out: inout Sink) {
        appendEscaped(text, .html, to: &out)
    }

    /// `appendMarkdown(_:to:)` onto an array of bytes. Generic code called from another module
    /// runs unspecialised, through the protocol's witnesses; this overload and the next, for
    /// arrays, are specialised here, once.
    package static func appendMarkdown(_ text: String, to out: inout [UInt8]) { appendEscaped(text, .markdown, to: &out) }

    /// `appendHTML(_:to:)` onto an array of bytes, specialised here.
    package static func appendHTML(_ text: String, to out: inout [UInt8]) { appendEscaped(text, .html, to: &out) }

    /// The most bytes ``escapeMarkdown(_:into:)`` writes for each byte it reads.
    package static let markdownExpansion = 2
    /// The most bytes ``escapeHTML(_:into:)`` writes for each byte it reads (`"` → `&quot;`).
    package static let htmlExpansion = 6

    /// Writes ``markdown(_:)`` of the UTF-8 `bytes` at `destination`, which has room for
    /// ``markdownExpansion`` times their count, and returns how many bytes it wrote. Not
    /// generic, so a buffer of another module's escapes at the speed of an array here.
    package static func escapeMarkdown(_ bytes: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>) -> Int {
        var sink = PointerSink(start: destination)
        appendEscaped(bytes, .markdown, to: &sink)
        return sink.cursor - destination
    }

    /// Writes ``html(_:)`` of the UTF-8 `bytes` at `destination`, which has room for
    /// ``htmlExpansion`` times their count, and returns how many bytes it wrote.
    package static func escapeHTML(_ bytes: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>) -> Int {
        var sink = PointerSink(start: destination)
        appendEscaped(bytes, .html, to: &sink)
        return sink.cursor - destination
    }

    /// Writes at a pointer whose room the caller has made.
    private struct PointerSink: ByteSink {
        var cursor: UnsafeMutablePointer<UInt8>
        init(start: UnsafeMutablePointer<UInt8>) { cursor = start }

        @inline(__always)
        mutating func appendByte(_ byte: UInt8) {
            cursor.initialize(to: byte)
            cursor += 1
        }

        @inline(__always)
        mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            cursor.initialize(from: base, count: bytes.count)
            cursor += bytes.count
        }
    }

    /// The ASCII bytes that Markdown or HTML text replaces, and what it writes instead.
    private enum Replacing {
        case markdown, html

        /// The replaced bytes as a set of 128 bits: bit `b` of `low` for a byte `b` below 64,
        /// bit `b - 64` of `high` for one from 64 to 127. Bytes from 128 up are never replaced.
        ///
        /// Markdown: `#` `*` `<` `>` below 64, `[` `\\` `]` `_` `` ` `` `|` above; HTML: `"` `&` `<` `>`.
        var bits: (low: UInt64, high: UInt64) {
            switch self {
            case .markdown: (0x5000_0408_0000_0000, 0x1000_0001_B800_0000)
            case .html: (0x5000_0044_0000_0000, 0x0000_0000_0000_0000)
            }
        }

        /// Whether `byte` is in the set `bits` (``bits``): one shift and one test.
        @inline(__always)
        static func contains(_ byte: UInt8, _ bits: (low: UInt64, high: UInt64)) -> Bool {
            let word = byte < 64 ? bits.low : (byte < 128 ? bits.high : 0)
            return (word >> UInt64(byte & 63)) & 1 != 0
        }

        /// Whether any of 16 bytes is one that is replaced: a compare per replaced byte, on all
        /// 16 at once. The mask is tested as two words (`Swift.any` is a call and a loop).
        @inline(__always)
        func any(of chunk: SIMD16<UInt8>) -> Bool {
            func equal(_ byte: UInt8) -> SIMDMask<SIMD16<Int8>> { chunk .== SIMD16(repeating: byte) }
            let found: SIMDMask<SIMD16<Int8>>
            switch self {
            case .markdown:
                let low = equal(0x23) .| equal(0x2A) .| equal(0x3C) .| equal(0x3E) .| equal(0x5B)
                found = low .| equal(0x5C) .| equal(0x5D) .| equal(0x5F) .| equal(0x60) .| equal(0x7C)
            case .html:
                found = equal(0x26) .| equal(0x3C) .| equal(0x3E) .| equal(0x22)
            }
            let words = unsafeBitCast(found, to: SIMD2<UInt64>.self)
            return words[0] | words[1] != 0
        }

        /// Writes the replacement of a byte in ``bits``.
        func write<Sink: ByteSink & ~Copyable>(_ byte: UInt8, to out: inout Sink) {
            switch self {
            case .markdown:
                out.appendByte(0x5C)
                out.appendByte(byte)
            case .html:
                switch byte {
                case 0x26: out.appendLiteral("&amp;")
                case 0x3C: out.appendLiteral("&lt;")
                case 0x3E: out.appendLiteral("&gt;")
                default: out.appendLiteral("&quot;")
                }
            }
        }
    }

    /// `text` with each byte that `replacing` replaces written as its replacement, and every
    /// other byte copied; `text` itself when nothing needs replacing. Only ASCII bytes are
    /// replaced, so a multi-byte character is never split.
    private static func escaping(_ text: String, _ replacing: Replacing) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let bits = replacing.bits
            guard bytes.contains(where: { Replacing.contains($0, bits) }) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            appendEscaped(bytes, replacing, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func appendEscaped<Sink: ByteSink & ~Copyable>(_ text: String, _ replacing: Replacing, to out: inout Sink) {
        var copy = text
        copy.withUTF8 { appendEscaped($0, replacing, to: &out) }
    }

    /// Copies `bytes` to `out` in runs, with each replaced byte written as its replacement.
    /// Sixteen bytes with nothing to replace are passed over at once; a block that holds one is
    /// looked at byte by byte.
    private static func appendEscaped<Sink: ByteSink & ~Copyable>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ replacing: Replacing, to out: inout Sink
    ) {
        guard let base = bytes.baseAddress else { return }
        let bits = replacing.bits
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            var end = count
            if count - index >= 16 {
                if !replacing.any(of: UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)) {
                    index += 16
                    continue
                }
                end = index + 16
            } else {
                // The last few bytes, copied into a block of zeros (never replaced), so that
                // short texts, the common case, are tested in one compare too.
                var tail = SIMD16<UInt8>(repeating: 0)
                withUnsafeMutableBytes(of: &tail) { block in
                    block.baseAddress?.copyMemory(from: base + index, byteCount: count - index)
                }
                if !replacing.any(of: tail) { break }
            }
            while index < end {
                let byte = base[index]
                if Replacing.contains(byte, bits) {
                    out.appendBytes(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                    replacing.write(byte, to: &out)
                    runStart = index + 1
                }
                index += 1
            }
        }
        out.appendBytes(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
    }
}

/// Eight bytes at a time: tests on a word of UTF-8 that tell whether any of its bytes is a
/// given one or below a bound, so that scans skip plain text a word at a time.
package enum ByteWords {
    /// The word of the eight bytes at `offset`, in memory order (first byte lowest).
    @inline(__always)
    package static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + offset).loadUnaligned(as: UInt64.self))
    }

    /// High bits set at the bytes of `word` that JSON escapes (a quote, a backslash, a
    /// control character): exact at the lowest set byte, which is all the scans use.
    @inline(__always)
    package static func escapes(_ word: UInt64) -> UInt64 {
        func equal(_ byte: UInt8) -> UInt64 {
            let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
            return (x &- 0x0101_0101_0101_0101) & ~x
        }
        let below = (word &- 0x0101_0101_0101_0101 &* 0x20) & ~word
        return (equal(0x22) | equal(0x5C) | below) & 0x8080_8080_8080_8080
    }
}
