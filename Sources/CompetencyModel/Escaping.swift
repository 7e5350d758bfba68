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
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
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

    /// Appends ``csvField(_:quotingEdgeSpaces:)`` of `field` to `out`, without building the
    /// field on its own.
    package static func appendCSVField(_ field: String, to out: inout String, quotingEdgeSpaces: Bool = false) {
        var needsQuotes = false
        var hasQuote = false
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                needsQuotes = true
                hasQuote = true
            case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"): needsQuotes = true
            default: continue
            }
            if hasQuote { break }
        }
        if !needsQuotes && quotingEdgeSpaces, field.utf8.first == UInt8(ascii: " ") || field.utf8.last == UInt8(ascii: " ") {
            needsQuotes = true
        }
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
    package static func markdown(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    // MARK: HTML

    /// `text` for HTML element content or a quoted attribute value: `&`, `<`, `>` and `"`
    /// become entity references.
    package static func html(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
