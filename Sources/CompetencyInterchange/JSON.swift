import CompetencyModel
import CompetencyDiagnostics
import Foundation

/// A JSON value with where it starts, read by ``JSONParser``; objects keep key order.
struct JSONValue: Sendable {
    // Not `indirect`: arrays and member lists already hold their values out of line, and a
    // box per value would cost an allocation each.
    enum Kind: Sendable {
        case null
        case bool(Bool)
        /// A number, kept as written.
        case number(String)
        case string(String)
        case array([JSONValue])
        case object([(key: String, value: JSONValue)])
    }

    var kind: Kind
    var line: Int32
    var column: Int32
    /// Where the value starts in the text it was parsed from (after a byte order mark), or
    /// -1; it fits in the padding after the column, so a value is no larger for it.
    var offset: Int32

    init(_ kind: Kind, line: Int32 = 0, column: Int32 = 0, offset: Int32 = -1) {
        self.kind = kind
        self.line = line
        self.column = column
        self.offset = offset
    }

    func location(file: String?) -> SourceLocation { SourceLocation(file: file, line: Int(line), column: Int(column)) }

    /// The member named `key` of an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        let length = key.utf8.count
        return members.first { $0.key.utf8.count == length && $0.key == key }?.value
    }

    var members: [(key: String, value: JSONValue)] {
        if case .object(let members) = kind { return members }
        return []
    }

    var array: [JSONValue]? {
        if case .array(let items) = kind { return items }
        return nil
    }

    var isObject: Bool {
        if case .object = kind { return true }
        return false
    }

    /// A string, or a number written as text; nil for anything else and for empty strings.
    var string: String? {
        switch kind {
        case .string(let text): text.isEmpty ? nil : text
        case .number(let text): text
        default: nil
        }
    }

    /// An integer from a number or from a string holding one.
    var int: Int? {
        switch kind {
        case .number(let text), .string(let text): Int(Text.trimmedOfWhitespace(text))
        default: nil
        }
    }

    var isNull: Bool {
        if case .null = kind { return true }
        return false
    }
}

/// A small JSON parser that records the line and column of every value.
struct JSONParser {
    let file: String?
    /// The text, read in place: a parser lives only inside `parseRecordingRepairs`, while
    /// the bytes it was given are held.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line: Int32 = 1
    private var lineStart = 0
    private let maxDepth = 128

    private init(_ bytes: UnsafeBufferPointer<UInt8>, file: String?) {
        self.file = file
        self.bytes = bytes
    }

    /// Calls `body` with the text of `data` as the parser reads it: its bytes in place,
    /// after a byte order mark. Offsets of values (``JSONValue/offset``) count in it.
    static func withText<Result>(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        data.withUnsafeBytes { raw in
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                return body(UnsafeBufferPointer(rebasing: bytes[3...]))
            }
            return body(bytes)
        }
    }

    /// The compact form of the object or array that starts at `offset` in `text`, as
    /// ``JSONWriter/compact(_:)-(JSONValue)`` writes its value, copied from the text with
    /// the white space between tokens left out; nil when the text cannot be copied as it
    /// stands (a string with an escape, a control character or the lead byte 0xEF, which the
    /// parser changes), and the caller writes the value instead.
    static func compactText(_ text: UnsafeBufferPointer<UInt8>, at offset: Int32) -> String? {
        let count = text.count
        let start = Int(offset)
        guard start >= 0, start < count, text[start] == UInt8(ascii: "{") || text[start] == UInt8(ascii: "[") else { return nil }
        // First the extent and the runs of white space between tokens, then one copy of what
        // lies between them.
        var gaps: [(start: Int, end: Int)] = []
        gaps.reserveCapacity(64)
        var spaces = 0
        var depth = 0
        var index = start
        var end = -1
        scan: while index < count {
            switch text[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                let gap = index
                index += 1
                while index < count, text[index] == 0x20 || text[index] == 0x09 || text[index] == 0x0A || text[index] == 0x0D { index += 1 }
                gaps.append((gap, index))
                spaces += index - gap
            case UInt8(ascii: "\""):
                index = Words.nextStop(in: text, from: index + 1)
                guard index < count, text[index] == UInt8(ascii: "\"") else { return nil }
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                index += 1
                if depth == 0 {
                    end = index
                    break scan
                }
            default:
                index += 1
            }
        }
        guard end > start, let base = text.baseAddress else { return nil }
        // Invalid UTF-8 in a string is decoded as the parser decodes it.
        return String(unsafeUninitializedCapacity: end - start - spaces) { out in
            guard let target = out.baseAddress else { return 0 }
            var written = 0
            var from = start
            for gap in gaps {
                (target + written).update(from: base + from, count: gap.start - from)
                written += gap.start - from
                from = gap.end
            }
            (target + written).update(from: base + from, count: end - from)
            return written + end - from
        }
    }

    static func parse(_ data: Data, file: String?) throws(DiagnosticError) -> JSONValue {
        try parseRecordingRepairs(data, file: file).value
    }

    /// Parses `data`, replacing characters that XML 1.0 cannot hold (control characters but
    /// tab, line feed and carriage return; U+FFFE and U+FFFF) with U+FFFD, and returns where
    /// each was, for the importer's report.
    static func parseRecordingRepairs(_ data: Data, file: String?) throws(DiagnosticError)
        -> (value: JSONValue, repairs: [SourceLocation])
    {
        // Parsed where the bytes stand, without copying them first.
        let result = withText(data) { text in
            Result { () throws(DiagnosticError) -> (value: JSONValue, repairs: [SourceLocation]) in
                var parser = JSONParser(text, file: file)
                parser.skipSpace()
                let value = try parser.parseValue(depth: 0)
                parser.skipSpace()
                if parser.index < parser.bytes.count { throw parser.error("unexpected text after the JSON value") }
                return (value, parser.repairs)
            }
        }
        return try result.get()
    }

    /// Where characters XML cannot hold were replaced.
    private var repairs: [SourceLocation] = []

    private mutating func repair(_ result: inout [UInt8]) {
        result.append(contentsOf: [0xEF, 0xBF, 0xBD])
        repairs.append(SourceLocation(file: file, line: Int(line), column: Int(currentColumn())))
    }



    private var cachedIndex = 0
    private var cachedColumn: Int32 = 1

    /// The column of `index`: characters (UTF-8 lead bytes) since the line start, counted
    /// on from the last answer so that long single-line documents stay linear.
    private mutating func currentColumn() -> Int32 {
        if cachedIndex < lineStart || cachedIndex > index {
            cachedIndex = lineStart
            cachedColumn = 1
        }
        while cachedIndex < index {
            // ASCII words count eight characters at once.
            if cachedIndex + 8 <= index, Words.isASCII(Words.load(bytes, at: cachedIndex)) {
                cachedColumn += 8
                cachedIndex += 8
                continue
            }
            if bytes[cachedIndex] & 0xC0 != 0x80 { cachedColumn += 1 }
            cachedIndex += 1
        }
        return cachedColumn
    }

    /// Where the parser is, as a JSON path (`$.CFItems[3].title`), for messages.
    private var path: [PathComponent] = []

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// The path, its middle left out past eight steps.
    private var pathText: String {
        let parts = path.map { component in
            switch component {
            case .key(let key):
                key.count <= 64 && key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "@" || $0 == ":" })
                    ? ".\(key)" : "['\(key.prefix(64))']"
            case .index(let index): "[\(index)]"
            }
        }
        guard parts.count > 8 else { return "$" + parts.joined() }
        return "$" + parts.prefix(3).joined() + "…" + parts.suffix(3).joined()
    }

    private mutating func error(_ message: String) -> DiagnosticError {
        let place = path.isEmpty ? "" : " (at \(pathText))"
        return DiagnosticError(
            "json-syntax", "the JSON is malformed: \(message)\(place)",
            at: SourceLocation(file: file, line: Int(line), column: Int(currentColumn())))
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(DiagnosticError) -> JSONValue {
        guard depth < maxDepth else { throw error("values are nested more than \(maxDepth) deep") }
        guard index < bytes.count else { throw error("the text ends where a value was expected") }
        let startLine = line
        let startColumn = currentColumn()
        let startOffset = Int32(exactly: index) ?? -1
        func make(_ kind: JSONValue.Kind) -> JSONValue { JSONValue(kind, line: startLine, column: startColumn, offset: startOffset) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            // Small objects look for a repeated name among their members; a set is made
            // only for large ones.
            var keys: Set<String>?
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return make(.object(members))
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                let keyLine = line
                let keyColumn = currentColumn()
                let key = try parseString()
                let repeated: Bool
                if keys != nil {
                    repeated = keys?.insert(key).inserted == false
                } else if members.count < 16 {
                    // Lengths first: most names of an object differ in length.
                    let length = key.utf8.count
                    repeated = members.contains { $0.key.utf8.count == length && $0.key == key }
                } else {
                    var set = Set(members.map(\.key))
                    repeated = !set.insert(key).inserted
                    keys = set
                }
                guard !repeated else {
                    var failure = error("the member '\(key)' appears twice in this object, and only one can be read; remove or rename the other")
                    failure.diagnostics[0].location = SourceLocation(file: file, line: Int(keyLine), column: Int(keyColumn))
                    throw failure
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the member name") }
                index += 1
                skipSpace()
                path.append(.key(key))
                members.append((key, try parseValue(depth: depth + 1)))
                path.removeLast()
                skipSpace()
                guard index < bytes.count else { throw error("the object is not closed") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return make(.object(members))
                }
                throw error("expected ',' or '}' in the object")
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return make(.array(items))
            }
            while true {
                skipSpace()
                path.append(.index(items.count))
                items.append(try parseValue(depth: depth + 1))
                path.removeLast()
                skipSpace()
                guard index < bytes.count else { throw error("the array is not closed") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return make(.array(items))
                }
                throw error("expected ',' or ']' in the array")
            }
        case UInt8(ascii: "\""):
            return make(.string(try parseString()))
        case UInt8(ascii: "t"):
            try literal("true")
            return make(.bool(true))
        case UInt8(ascii: "f"):
            try literal("false")
            return make(.bool(false))
        case UInt8(ascii: "n"):
            try literal("null")
            return make(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            scan: while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    index += 1
                default: break scan
                }
            }
            return make(.number(String(decoding: bytes[start..<index], as: UTF8.self)))
        default:
            throw error("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(DiagnosticError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else { throw error("unexpected word; expected \(word)") }
        index += count
    }

    private mutating func parseString() throws(DiagnosticError) -> String {
        index += 1
        var start = index
        // Most strings have no escape and nothing to repair: they are made from the bytes
        // as they stand.
        // Past the plain bytes: none a quote, a backslash, a control character or the lead
        // byte of U+FFFE and U+FFFF.
        index = Words.nextStop(in: bytes, from: index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            index += 1
            return text
        }
        var result: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                result.append(contentsOf: bytes[start..<index])
                index += 1
                return String(decoding: result, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                result.append(contentsOf: bytes[start..<index])
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): result.append(0x22)
                case UInt8(ascii: "\\"): result.append(0x5C)
                case UInt8(ascii: "/"): result.append(0x2F)
                case UInt8(ascii: "b"), UInt8(ascii: "f"): repair(&result)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    let lone = String(format: "\\u%04X", scalar)
                    if (0xDC00..<0xE000).contains(scalar) {
                        throw error("\(lone) is the second half of a surrogate pair without its first; write the character itself")
                    }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("\(lone) is the first half of a surrogate pair without its second; write the character itself")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw error("\(lone) is the first half of a surrogate pair without its second; write the character itself")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    if Escaping.isXMLCharacter(scalar), let character = Unicode.Scalar(scalar) {
                        result.append(contentsOf: Array(String(character).utf8))
                    } else {
                        repair(&result)
                    }
                default: throw error("unknown escape in a string")
                }
                start = index
                continue
            }
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            } else if byte < 0x20 && byte != 0x09 && byte != 0x0D {
                result.append(contentsOf: bytes[start..<index])
                repair(&result)
                index += 1
                start = index
                continue
            } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF {
                result.append(contentsOf: bytes[start..<index])
                repair(&result)
                index += 3
                start = index
                continue
            }
            index += 1
        }
        throw error("a string is not closed")
    }

    private mutating func hex4() throws(DiagnosticError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape is cut short") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape has a character that is not hexadecimal")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}

/// Writes JSON deterministically: members in the order given, two-space indentation.
struct JSONWriter {
    enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case array([Value])
        case object([(String, Value)])
        case null
        /// A number written as read.
        case number(String)

        /// A value read, written back as it was: members in order, numbers as written.
        init(_ value: JSONValue) {
            switch value.kind {
            case .null: self = .null
            case .bool(let flag): self = .bool(flag)
            case .number(let text): self = .number(text)
            case .string(let text): self = .string(text)
            case .array(let items): self = .array(items.map(Value.init))
            case .object(let members): self = .object(members.map { ($0.key, Value($0.value)) })
            }
        }

        /// The items of an array; empty for other values.
        var arrayValues: [Value] {
            if case .array(let items) = self { return items }
            return []
        }

        /// The members of an object; empty for other values.
        var members: [(String, Value)] {
            if case .object(let members) = self { return members }
            return []
        }
    }

    /// `value` on one line, without spaces: for JSON kept inside another document.
    static func compact(_ value: Value) -> String {
        var out: [UInt8] = []
        compact(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``compact(_:)`` of a value read, without building the ``Value`` first.
    static func compact(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        compact(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ text: String, to out: inout [UInt8]) { out.append(contentsOf: text.utf8) }

    private static func compact(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .string(let text): Escaping.appendJSON(text, to: &out)
        case .int(let number): append(String(number), to: &out)
        case .bool(let flag): append(flag ? "true" : "false", to: &out)
        case .null: append("null", to: &out)
        case .number(let text): append(text, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                compact(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Escaping.appendJSON(member.0, to: &out)
                out.append(UInt8(ascii: ":"))
                compact(member.1, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func compact(_ value: JSONValue, into out: inout [UInt8]) {
        switch value.kind {
        case .string(let text): Escaping.appendJSON(text, to: &out)
        case .bool(let flag): append(flag ? "true" : "false", to: &out)
        case .null: append("null", to: &out)
        case .number(let text): append(text, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                compact(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Escaping.appendJSON(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                compact(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func write(_ value: Value) -> Data {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return Data(out.utf8)
    }

    private static func write(_ value: Value, indent: Int, into out: inout String) {
        switch value {
        case .string(let text): Escaping.appendJSON(text, to: &out)
        case .int(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .number(let text): out += text
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                write(item, indent: indent + 1, into: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                Escaping.appendJSON(member.0, to: &out)
                out += ": "
                write(member.1, indent: indent + 1, into: &out)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }
}

/// The word tests of `ByteWords` (CompetencyModel), repeated here so that the parser's loops
/// inline them: calls across modules are not inlined in these builds, and a call per word
/// costs more than the test.
private enum Words {
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + offset).loadUnaligned(as: UInt64.self))
    }

    /// High bits set at the bytes of `word` that are a quote, a backslash, a control
    /// character or 0xEF: exact at the lowest set byte, which is all the scans use.
    @inline(__always)
    static func stops(_ word: UInt64) -> UInt64 {
        func equal(_ byte: UInt8) -> UInt64 {
            let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
            return (x &- 0x0101_0101_0101_0101) & ~x
        }
        let below = (word &- 0x0101_0101_0101_0101 &* 0x20) & ~word
        return (equal(0x22) | equal(0x5C) | equal(0xEF) | below) & 0x8080_8080_8080_8080
    }

    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool { word & 0x8080_8080_8080_8080 == 0 }

    /// The index of the first byte from `index` on that ``stops(_:)`` flags, eight bytes at a
    /// time while eight are left; a byte at a time after that; `bytes.count` when none.
    @inline(__always)
    static func nextStop(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        let count = bytes.count
        while index + 8 <= count {
            let flags = stops(load(bytes, at: index))
            if flags != 0 { return index + flags.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xEF { return index }
            index += 1
        }
        return count
    }
}
