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

/// Reads RFC 4180 CSV: quoted fields with doubled quotes, line breaks inside quotes, CRLF or
/// LF, an optional UTF-8 byte order mark. Bytes that are not UTF-8 are decoded as
/// Windows-1252 (legacy spreadsheet exports) and the table says so.
enum CSVReader {
    static func read(_ data: Data, file: String?) throws(DiagnosticError) -> CSVTable {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var legacy = false
        if !Windows1252.isValidUTF8(bytes) {
            bytes = Array(Windows1252.decode(bytes).utf8)
            legacy = true
        }
        var records: [CSVTable.Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var inQuotes = false
        var quotedFieldStart = 0
        let count = bytes.count
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while index < count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < count, bytes[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case 0x22 where field.isEmpty:
                inQuotes = true
                quotedFieldStart = line
            case 0x2C:
                endField()
            case 0x0D:
                break
            case 0x0A:
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append(.init(fields: fields, line: recordLine)) }
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
            index += 1
        }
        if inQuotes {
            throw DiagnosticError(
                "csv-syntax", "a quoted field is not closed: add the closing '\"'", at: SourceLocation(file: file, line: quotedFieldStart, column: 1))
        }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append(.init(fields: fields, line: recordLine))
        }
        guard let header = records.first else {
            throw DiagnosticError("csv-syntax", "the file is empty; expected a header line", at: SourceLocation(file: file, line: 1, column: 1))
        }
        let names = header.fields.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `\t")) }
        return CSVTable(header: names, rows: Array(records.dropFirst()), file: file, decodedAsWindows1252: legacy)
    }
}

/// Windows-1252, the encoding of many spreadsheet exports.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
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
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return false }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
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
