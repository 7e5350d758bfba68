import CompetencyModel
import CompetencyDiagnostics
import Foundation

/// A CSV table read by ``CSVReader``: a header and rows, each row with the line it starts on.
struct CSVTable: Sendable {
    struct Row: Sendable {
        var fields: [String]
        var line: Int
    }

    var header: [String]
    var rows: [Row]
    var file: String?
    /// Whether the bytes were not UTF-8 and were decoded as Windows-1252.
    var decodedAsWindows1252 = false
    /// The lines of rows with fewer fields than the header, read as ending in empty fields.
    var shortRows: [Int] = []
    /// Where characters XML cannot hold were replaced with U+FFFD.
    var controlCharacters: [SourceLocation] = []

    /// Records, as repairs, what reading took on trust: the legacy encoding and short rows.
    func reportRepairs(into report: inout LossReport, prefix: String) {
        if decodedAsWindows1252 {
            report.fixUp(
                "\(prefix)-windows-1252", "files in the legacy Windows-1252 encoding, decoded as such",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        for location in controlCharacters {
            report.fixUp("\(prefix)-control-character", "control characters that XML cannot hold, replaced with U+FFFD", at: location)
        }
        for line in shortRows {
            report.fixUp(
                "\(prefix)-short-row", "rows with fewer fields than the header, read as ending in empty fields",
                at: SourceLocation(file: file, line: line, column: 1))
        }
    }

    /// The index of a column, by exact name (surrounding quotes and back-quotes ignored).
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    func location(_ row: Row, column: Int = 1) -> SourceLocation { SourceLocation(file: file, line: row.line, column: column) }
}

extension CSVTable.Row {
    func value(_ column: Int?) -> String? {
        guard let column, column < fields.count else { return nil }
        let value = Text.trimmed(fields[column])
        return value.isEmpty ? nil : value
    }
}

/// Reads RFC 4180 CSV: quoted fields with doubled quotes, line breaks inside quotes, CRLF, LF
/// or CR-only line ends, an optional UTF-8 byte order mark. A file that is not UTF-8 at all is
/// decoded as Windows-1252 (legacy spreadsheet exports) and the table says so.
///
/// It is strict, so that nothing shifts or vanishes silently: no row has more fields than the
/// header (`csv.column-count`), and shorter rows (ESCO omits trailing empty fields) are listed
/// in ``CSVTable/shortRows`` for importers to report; a quote opens a field or is doubled inside a quoted one
/// (`csv.syntax`), and a file that mixes UTF-8 with other bytes is refused at the first bad
/// byte (`csv.mixed-encoding`). Every error has its line.
enum CSVReader {
    static func read(_ data: Data, file: String?) throws(DiagnosticError) -> CSVTable {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var legacy = false
        if let bad = Windows1252.firstInvalidUTF8(bytes) {
            if Windows1252.hasMultibyteUTF8(bytes) {
                let (line, column) = position(of: bad, in: bytes)
                throw DiagnosticError(
                    "csv-mixed-encoding",
                    String(format: "byte 0x%02X is not UTF-8, but the rest of the file is: the file mixes encodings; save it as UTF-8", bytes[bad]),
                    at: SourceLocation(file: file, line: line, column: column))
            }
            bytes = Array(Windows1252.decode(bytes).utf8)
            legacy = true
        }
        var records: [CSVTable.Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var column = 1
        var recordLine = 1
        var index = 0
        var inQuotes = false
        var wasQuoted = false
        var quotedFieldStart = (line: 1, column: 1)
        var controlCharacters: [SourceLocation] = []
        let count = bytes.count
        /// Appends `byte`, or U+FFFD for a control character XML cannot hold.
        func append(_ byte: UInt8) {
            if !Escaping.isXMLCharacter(UInt32(byte)) {
                field.append(contentsOf: [0xEF, 0xBF, 0xBD])
                controlCharacters.append(SourceLocation(file: file, line: line, column: column))
            } else {
                field.append(byte)
            }
        }
        func fail(_ message: String) -> DiagnosticError {
            DiagnosticError("csv-syntax", message, at: SourceLocation(file: file, line: line, column: column))
        }
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(.init(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
        }
        func newLine() {
            line += 1
            column = 0
        }
        while index < count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < count, bytes[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 2
                        column += 2
                        continue
                    }
                    inQuotes = false
                    wasQuoted = true
                } else {
                    if byte == 0x0A || (byte == 0x0D && (index + 1 == count || bytes[index + 1] != 0x0A)) { newLine() }
                    append(byte)
                }
                index += 1
                column += 1
                continue
            }
            switch byte {
            case 0x2C:
                endField()
            case 0x0D, 0x0A:
                // CRLF, LF or a lone CR ends the record.
                if byte == 0x0D, index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
                endRecord()
                newLine()
                recordLine = line
            case 0x22:
                guard field.isEmpty, !wasQuoted else {
                    throw fail("a quote inside a field that does not start with one; quote the whole field and double the quote (\"\")")
                }
                inQuotes = true
                quotedFieldStart = (line, column)
            default:
                if wasQuoted {
                    throw fail("text after the closing quote of a field; put it inside the quotes, or add the comma that ends the field")
                }
                append(byte)
            }
            index += 1
            column += 1
        }
        if inQuotes {
            throw DiagnosticError(
                "csv-syntax", "a quoted field is not closed: add the closing '\"'",
                at: SourceLocation(file: file, line: quotedFieldStart.line, column: quotedFieldStart.column))
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append(.init(fields: fields, line: recordLine))
        }
        guard let header = records.first else {
            throw DiagnosticError("csv-syntax", "the file is empty; expected a header line", at: SourceLocation(file: file, line: 1, column: 1))
        }
        var shortRows: [Int] = []
        for record in records.dropFirst() where record.fields.count != header.fields.count {
            if record.fields.count < header.fields.count {
                shortRows.append(record.line)
                continue
            }
            throw DiagnosticError(
                "csv-column-count",
                "this row has \(record.fields.count) fields, more than the header's \(header.fields.count); "
                    + "quote fields that hold commas, or name the extra columns in the header",
                at: SourceLocation(file: file, line: record.line, column: 1))
        }
        let names = header.fields.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `\t")) }
        return CSVTable(
            header: names, rows: Array(records.dropFirst()), file: file, decodedAsWindows1252: legacy, shortRows: shortRows,
            controlCharacters: controlCharacters)
    }

    /// The 1-based line and column (in bytes) of the byte at `offset`, counting CRLF, LF and CR line ends.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var start = 0
        var index = 0
        while index < offset {
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                start = index + 1
            }
            index += 1
        }
        return (line, offset - start + 1)
    }
}

/// Windows-1252, the encoding of many spreadsheet exports.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool { firstInvalidUTF8(bytes) == nil }

    /// Whether `bytes` hold at least one well-formed multi-byte UTF-8 sequence.
    static func hasMultibyteUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            if bytes[index] >= 0xC2, bytes[index] <= 0xF4, let length = sequenceLength(bytes, at: index) {
                if length > 1 { return true }
                index += length
            } else {
                index += 1
            }
        }
        return false
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or `nil`.
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { return nil }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, or `nil`.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            guard let length = sequenceLength(bytes, at: index) else { return index }
            index += length
        }
        return nil
    }

    static func decode(_ bytes: [UInt8]) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes {
            let value: UInt32 = (0x80...0x9F).contains(byte) ? high[Int(byte - 0x80)] : UInt32(byte)
            text.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(text)
    }
}
