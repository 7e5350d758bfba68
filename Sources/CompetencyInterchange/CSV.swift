import CompetencyModel
import CompetencyDiagnostics
import Foundation

/// A CSV table read by ``CSVReader``: a header and rows, each row with the line it starts on.
struct CSVTable: Sendable {
    /// A row: its fields, kept as the bytes of the whole table and made strings only when asked for.
    struct Row: Sendable {
        fileprivate var storage: CSVFields
        fileprivate var first: Int
        /// How many fields the row has.
        private(set) var count: Int
        var line: Int

        init(fields: [String], line: Int) {
            var bytes: [UInt8] = []
            var ends: [Int] = []
            for field in fields {
                bytes.append(contentsOf: field.utf8)
                ends.append(bytes.count)
            }
            self.init(storage: CSVFields(bytes: bytes, ends: ends), first: 0, count: fields.count, line: line)
        }

        fileprivate init(storage: CSVFields, first: Int, count: Int, line: Int) {
            self.storage = storage
            self.first = first
            self.count = count
            self.line = line
        }

        /// The fields as they stand, untrimmed.
        var fields: [String] { (first..<first + count).map { storage.string($0) } }
    }

    var header: [String] { didSet { columns = Self.columns(of: header) } }
    var rows: [Row]
    var file: String?
    /// Whether the bytes were not UTF-8 and were decoded as Windows-1252.
    var decodedAsWindows1252 = false
    /// The lines of rows with fewer fields than the header, read as ending in empty fields.
    var shortRows: [Int] = []
    /// Where characters XML cannot hold were replaced with U+FFFD.
    var controlCharacters: [SourceLocation] = []
    /// The first column of each name in the header.
    private var columns: [String: Int]

    init(
        header: [String], rows: [Row], file: String?, decodedAsWindows1252: Bool = false, shortRows: [Int] = [],
        controlCharacters: [SourceLocation] = []
    ) {
        self.header = header
        self.rows = rows
        self.file = file
        self.decodedAsWindows1252 = decodedAsWindows1252
        self.shortRows = shortRows
        self.controlCharacters = controlCharacters
        columns = Self.columns(of: header)
    }

    private static func columns(of header: [String]) -> [String: Int] {
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        return columns
    }

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
    func column(_ name: String) -> Int? { columns[name] }

    func location(_ row: Row, column: Int = 1) -> SourceLocation { SourceLocation(file: file, line: row.line, column: column) }
}

extension CSVTable.Row {
    /// The field trimmed of white space (Unicode's), `nil` when that leaves it empty or the row has no such field.
    func value(_ column: Int?) -> String? {
        guard let column, column >= 0, column < count else { return nil }
        return storage.value(first + column)
    }

    /// Whether some field is not empty (untrimmed).
    var hasContent: Bool { count > 0 && storage.range(first + count - 1).upperBound > storage.range(first).lowerBound }
}

/// The fields of a whole table, one after the other, with where each ends.
final class CSVFields: Sendable {
    let bytes: [UInt8]
    let ends: [Int]

    init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    func range(_ field: Int) -> Range<Int> { (field == 0 ? 0 : ends[field - 1])..<ends[field] }

    func string(_ field: Int) -> String { CSVRecord.string(bytes, range(field)) }

    func value(_ field: Int) -> String? { CSVRecord.value(bytes, range(field)) }
}

/// One record of a CSV file as ``CSVReader/scan(_:file:record:)`` hands it over: the bytes
/// of its fields, unquoted, one after the other, and where each field ends. The record is
/// reused from one row to the next, so that reading makes no `String` for a field that is
/// never asked for.
struct CSVRecord {
    /// The fields' bytes, quotes removed, doubled quotes single, control characters as U+FFFD.
    fileprivate(set) var bytes: [UInt8] = []
    /// The end offset in ``bytes`` of each field.
    fileprivate(set) var ends: [Int] = []
    /// The line the record starts on.
    fileprivate(set) var line = 1

    var count: Int { ends.count }

    func range(_ field: Int) -> Range<Int> { (field == 0 ? 0 : ends[field - 1])..<ends[field] }

    /// Whether the field is empty (not trimmed).
    func isEmpty(_ field: Int) -> Bool { field == 0 ? ends[0] == 0 : ends[field] == ends[field - 1] }

    /// Whether every field is empty.
    var isBlank: Bool { bytes.isEmpty }

    /// The field as it stands, untrimmed.
    func string(_ field: Int) -> String { Self.string(bytes, range(field)) }

    /// The field trimmed of white space (Unicode's, as ``Text/trimmed(_:)``), `nil` when
    /// that leaves it empty or the record has no such field.
    func value(_ column: Int?) -> String? {
        guard let column, column >= 0, column < ends.count else { return nil }
        return Self.value(bytes, range(column))
    }

    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        if range.isEmpty { return "" }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The bytes in `range` trimmed as ``Text/trimmed(_:)`` trims, `nil` when that leaves nothing.
    static func value(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        var range = range
        // ASCII white space is trimmed on the bytes; a field that starts or ends with a byte
        // beyond ASCII goes through the String path, which knows Unicode's.
        while let first = range.first, isASCIISpace(bytes[first]) { range = (first + 1)..<range.upperBound }
        while let last = range.last, isASCIISpace(bytes[last]) { range = range.lowerBound..<last }
        guard let first = range.first, let last = range.last else { return nil }
        let text = string(bytes, range)
        if bytes[first] < 0x80, bytes[last] < 0x80 { return text }
        let trimmed = Text.trimmed(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether the field, trimmed as ``value(_:)`` trims it, holds exactly `ascii` (a missing field counts as empty).
    func field(_ column: Int?, is ascii: StaticString) -> Bool {
        guard let column, column >= 0, column < ends.count else { return ascii.utf8CodeUnitCount == 0 }
        var range = range(column)
        while let first = range.first, CSVRecord.isASCIISpace(bytes[first]) { range = (first + 1)..<range.upperBound }
        while let last = range.last, CSVRecord.isASCIISpace(bytes[last]) { range = range.lowerBound..<last }
        if let first = range.first, let last = range.last, bytes[first] >= 0x80 || bytes[last] >= 0x80 {
            return (value(column) ?? "") == ascii.description
        }
        guard range.count == ascii.utf8CodeUnitCount else { return false }
        return ascii.withUTF8Buffer { expected in
            var index = 0
            for offset in range {
                if bytes[offset] != expected[index] { return false }
                index += 1
            }
            return true
        }
    }

    /// The white space of ASCII that Unicode's White_Space holds: tab, line feed, vertical tab, form feed, carriage return, space.
    static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    fileprivate mutating func reset(line: Int) {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        self.line = line
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
    /// What ``scan(_:file:record:)`` learnt about the file besides its records.
    struct Scan {
        var file: String?
        /// The header's names, trimmed of spaces, back-quotes and tabs.
        var header: [String] = []
        var decodedAsWindows1252 = false
        var shortRows: [Int] = []
        var controlCharacters: [SourceLocation] = []

        /// Records, as repairs, what reading took on trust, as ``CSVTable/reportRepairs(into:prefix:)``.
        func reportRepairs(into report: inout LossReport, prefix: String) {
            CSVTable(
                header: header, rows: [], file: file, decodedAsWindows1252: decodedAsWindows1252, shortRows: shortRows,
                controlCharacters: controlCharacters
            ).reportRepairs(into: &report, prefix: prefix)
        }
    }

    static func read(_ data: Data, file: String?) throws(DiagnosticError) -> CSVTable {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var shapes: [(first: Int, count: Int, line: Int)] = []
        let scan = try scan(data, file: file) { record throws(DiagnosticError) in
            let base = bytes.count
            shapes.append((ends.count, record.count, record.line))
            bytes.append(contentsOf: record.bytes)
            for end in record.ends { ends.append(base + end) }
            return true
        }
        let storage = CSVFields(bytes: bytes, ends: ends)
        return CSVTable(
            header: scan.header, rows: shapes.map { CSVTable.Row(storage: storage, first: $0.first, count: $0.count, line: $0.line) }, file: file, decodedAsWindows1252: scan.decodedAsWindows1252, shortRows: scan.shortRows,
            controlCharacters: scan.controlCharacters)
    }

    /// Reads `data` record by record: `header` is called with the header's names, then
    /// `record` for every row after it, in order, with the same reused ``CSVRecord``; `record`
    /// returns `false` to stop reading. The whole file is checked as ``read(_:file:)`` checks
    /// it; a syntax error ends the scan when it is met, a row with more fields than the header
    /// once the file is read (as ``read(_:file:)`` reports it), so that `record` may have seen
    /// rows before either.
    static func scan(
        _ data: Data, file: String?, header: ([String]) -> Void = { _ in }, record: (CSVRecord) throws(DiagnosticError) -> Bool
    ) throws(DiagnosticError) -> Scan {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var scan = Scan(file: file)
        if let bad = Windows1252.firstInvalidUTF8(bytes) {
            if Windows1252.hasMultibyteUTF8(bytes) {
                let (line, column) = position(of: bad, in: bytes)
                throw DiagnosticError(
                    "csv-mixed-encoding",
                    String(format: "byte 0x%02X is not UTF-8, but the rest of the file is: the file mixes encodings; save it as UTF-8", bytes[bad]),
                    at: SourceLocation(file: file, line: line, column: column))
            }
            bytes = Array(Windows1252.decode(bytes).utf8)
            scan.decodedAsWindows1252 = true
        }
        var tooLong: (line: Int, count: Int)?
        var headerCount: Int?
        let result: Result<Void, DiagnosticError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(input: buffer, file: file)
            do throws(DiagnosticError) {
                while try scanner.next() {
                    let fields = scanner.record.count
                    guard let expected = headerCount else {
                        headerCount = fields
                        scan.header = (0..<fields).map { scanner.record.string($0).trimmingCharacters(in: CharacterSet(charactersIn: " `\t")) }
                        header(scan.header)
                        continue
                    }
                    if fields < expected {
                        scan.shortRows.append(scanner.record.line)
                    } else if fields > expected, tooLong == nil {
                        tooLong = (scanner.record.line, fields)
                    }
                    guard try record(scanner.record) else { break }
                }
            } catch {
                return .failure(error)
            }
            scan.controlCharacters = scanner.controlCharacters
            return .success(())
        }
        if case .failure(let error) = result { throw error }
        guard let expected = headerCount else {
            throw DiagnosticError("csv-syntax", "the file is empty; expected a header line", at: SourceLocation(file: file, line: 1, column: 1))
        }
        if let tooLong {
            throw DiagnosticError(
                "csv-column-count",
                "this row has \(tooLong.count) fields, more than the header's \(expected); "
                    + "quote fields that hold commas, or name the extra columns in the header",
                at: SourceLocation(file: file, line: tooLong.line, column: 1))
        }
        return scan
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

/// The byte loop of ``CSVReader``: reads one record at a time into a reused ``CSVRecord``,
/// copying runs of plain bytes at once.
private struct CSVScanner {
    let input: UnsafeBufferPointer<UInt8>
    let file: String?
    var record = CSVRecord()
    var controlCharacters: [SourceLocation] = []
    private var index = 0
    private var line = 1
    /// The offset of the first byte of the current line.
    private var lineStart = 0

    init(input: UnsafeBufferPointer<UInt8>, file: String?) {
        self.input = input
        self.file = file
    }

    private var column: Int { index - lineStart + 1 }

    private func fail(_ message: String) -> DiagnosticError {
        DiagnosticError("csv-syntax", message, at: SourceLocation(file: file, line: line, column: column))
    }

    /// Appends U+FFFD for the control character at `index`, which XML cannot hold.
    private mutating func replaceControl() {
        record.bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
        controlCharacters.append(SourceLocation(file: file, line: line, column: column))
    }

    private mutating func copy(_ start: Int, _ end: Int) {
        if end > start { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end])) }
    }

    /// Reads the next record that is not blank; `false` at the end of the input. A line
    /// holding nothing (or one empty field) is skipped, except the last when it lacks a line end
    /// and holds a quoted empty field.
    mutating func next() throws(DiagnosticError) -> Bool {
        let count = input.count
        while index < count {
            let recordStart = index
            record.reset(line: line)
            var ended = false
            fields: while true {
                // At the start of a field.
                if index < count, input[index] == 0x22 {
                    let quoteLine = line
                    let quoteColumn = column
                    index += 1
                    while true {
                        var end = index
                        while end < count, input[end] != 0x22, input[end] >= 0x20 { end += 1 }
                        copy(index, end)
                        index = end
                        guard index < count else {
                            throw DiagnosticError(
                                "csv-syntax", "a quoted field is not closed: add the closing '\"'",
                                at: SourceLocation(file: file, line: quoteLine, column: quoteColumn))
                        }
                        let byte = input[index]
                        if byte == 0x22 {
                            if index + 1 < count, input[index + 1] == 0x22 {
                                record.bytes.append(0x22)
                                index += 2
                                continue
                            }
                            index += 1
                            break
                        }
                        if byte == 0x0A || (byte == 0x0D && (index + 1 == count || input[index + 1] != 0x0A)) {
                            record.bytes.append(byte)
                            index += 1
                            line += 1
                            lineStart = index
                            continue
                        }
                        if byte == 0x09 || byte == 0x0D {
                            record.bytes.append(byte)
                        } else {
                            replaceControl()
                        }
                        index += 1
                    }
                    guard index < count else { break fields }
                    switch input[index] {
                    case 0x2C:
                        record.ends.append(record.bytes.count)
                        index += 1
                        continue fields
                    case 0x0D, 0x0A:
                        break
                    default:
                        throw fail("text after the closing quote of a field; put it inside the quotes, or add the comma that ends the field")
                    }
                } else {
                    while true {
                        var end = index
                        while end < count {
                            let byte = input[end]
                            if byte == 0x2C || byte == 0x22 || (byte < 0x20 && byte != 0x09) { break }
                            end += 1
                        }
                        copy(index, end)
                        index = end
                        guard index < count else { break fields }
                        let byte = input[index]
                        if byte == 0x2C {
                            record.ends.append(record.bytes.count)
                            index += 1
                            continue fields
                        }
                        if byte == 0x0D || byte == 0x0A { break }
                        if byte == 0x22 {
                            throw fail("a quote inside a field that does not start with one; quote the whole field and double the quote (\"\")")
                        }
                        replaceControl()
                        index += 1
                    }
                }
                // A line end ends the record: CRLF, LF or a lone CR.
                if input[index] == 0x0D, index + 1 < count, input[index + 1] == 0x0A { index += 1 }
                index += 1
                line += 1
                lineStart = index
                ended = true
                break fields
            }
            record.ends.append(record.bytes.count)
            if ended {
                if record.count == 1, record.isBlank { continue }
                return true
            }
            // The input ended inside the record.
            if index > recordStart { return true }
        }
        return false
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
