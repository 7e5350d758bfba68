public import CompetencyDiagnostics
public import CompetencyModel
public import Foundation
import ZIPFoundation

/// Writes an XLSX workbook (Office Open XML SpreadsheetML) whose rows arrive one at a time,
/// in any order across its sheets, with memory bounded whatever their number.
///
/// Each sheet's rows are spooled to a file in a scratch folder as they are appended;
/// ``finish(into:)`` then builds the package (`[Content_Types].xml`, relationships,
/// `docProps`, `xl/workbook.xml`, `xl/styles.xml` and one `xl/worksheets/sheetN.xml` per
/// sheet), compressing each sheet as it is read back from its spool file, and hands the
/// archive's bytes to a sink in chunks. Memory holds a write buffer per sheet and one
/// compression buffer, never a whole sheet.
///
/// The bytes depend on the rows and the ``init(sheets:scratch:title:language:date:rowLimit:)``
/// arguments alone: every entry carries `date` as its modification time and fixed
/// permissions, and the document properties carry `date` as their creation time, so two
/// runs on the same input write identical files.
///
/// Text is written inline (`t="inlineStr"`), so no shared-string table has to be held. The
/// first row of every sheet is its bold header, frozen in view; column widths follow the
/// longest value of each column, up to 60 characters. A sheet that reaches `rowLimit` rows
/// (Excel's 1,048,576 by default) continues on a sheet of the same name followed by ` (2)`,
/// ` (3)`, ….
///
/// ```swift
/// let writer = try WorkbookWriter(
///     sheets: [SpreadsheetSheet(name: "People", columns: ["Person", "Hours"])],
///     scratch: folder, date: asOf)
/// try writer.append(SpreadsheetRow([.text("p0001"), .hours(12.5)]), to: 0)
/// try writer.finish { bytes in try output.write(bytes) }
/// ```
///
/// One writer is used by one task at a time; its methods take a lock.
public final class WorkbookWriter: @unchecked Sendable {
    /// Excel's limit of rows on a sheet, the header row included.
    public static let maximumRows = 1_048_576

    private struct Part {
        var sheet: Int
        var ordinal: Int
        var url: URL
        var handle: FileHandle?
        var buffer: [UInt8] = []
        var rows = 0
        var bytes: Int64 = 0
        var widths: [Int]
    }

    private let sheets: [SpreadsheetSheet]
    private let scratch: URL
    private let title: String?
    private let language: String?
    private let date: ISODate
    private let rowLimit: Int
    private var parts: [Part] = []
    /// Per sheet, the index in `parts` of the part rows go to now.
    private var current: [Int] = []
    private var created: [URL] = []
    private var finished = false
    private let lock = NSLock()
    private static let bufferCapacity = 1 << 16

    /// Starts a workbook.
    ///
    /// - Parameters:
    ///   - sheets: the sheets in tab order; each gets its header row at once.
    ///   - scratch: an existing folder the writer may put its spool files in; they are
    ///     removed by ``finish(into:)`` and ``discard()``.
    ///   - title: the document title (`dc:title`).
    ///   - language: the language of the texts (`dc:language`), a BCP 47 tag.
    ///   - date: the creation date written in the document properties and the archive.
    ///   - rowLimit: the most rows a sheet holds, its header included; at least 2.
    /// - Throws: `io.unwritable` when a spool file cannot be created in `scratch`.
    public init(
        sheets: [SpreadsheetSheet], scratch: URL, title: String? = nil, language: String? = nil, date: ISODate,
        rowLimit: Int = WorkbookWriter.maximumRows
    ) throws(DiagnosticError) {
        self.sheets = sheets.isEmpty ? [SpreadsheetSheet(name: "Sheet", columns: [])] : sheets
        self.scratch = scratch
        self.title = title
        self.language = language
        self.date = date
        self.rowLimit = max(2, min(rowLimit, Self.maximumRows))
        for sheet in self.sheets.indices {
            current.append(parts.count)
            try openPart(sheet: sheet, ordinal: 1)
        }
    }

    deinit {
        if !finished { removeFiles() }
    }

    /// Appends `row` to the sheet at index `sheet` of the sheets given at creation; a row for
    /// a sheet that does not exist is ignored.
    ///
    /// - Throws: `io.unwritable` when the spool file cannot be written (a full disk).
    public func append(_ row: SpreadsheetRow, to sheet: Int) throws(DiagnosticError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished, current.indices.contains(sheet) else { return }
        var index = current[sheet]
        if parts[index].rows >= rowLimit {
            try flush(index)
            current[sheet] = parts.count
            try openPart(sheet: sheet, ordinal: parts[index].ordinal + 1)
            index = current[sheet]
        }
        try write(row, part: index)
    }

    /// Rows appended so far to the sheet at index `sheet`, over all its parts, the header rows
    /// not counted.
    public func rowCount(of sheet: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return parts.filter { $0.sheet == sheet }.reduce(0) { $0 + $1.rows - 1 }
    }

    /// Builds the workbook and gives its bytes to `sink`, in order, in chunks of at most
    /// 1 MiB; then removes the spool files. The writer takes no rows afterwards.
    ///
    /// - Parameter sink: called with the workbook's bytes, in order.
    /// - Throws: `io.unwritable` when the archive cannot be built in the scratch folder, or
    ///   what `sink` throws.
    public func finish(into sink: (Data) throws(DiagnosticError) -> Void) throws(DiagnosticError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        defer { removeFiles() }
        for index in parts.indices { try flush(index) }
        for index in parts.indices {
            try? parts[index].handle?.close()
            parts[index].handle = nil
        }
        // Tabs in sheet order, each sheet's continuations after it.
        parts = parts.enumerated().sorted { ($0.element.sheet, $0.offset) < ($1.element.sheet, $1.offset) }.map(\.element)
        let names = partNames()
        let archiveURL = scratch.appendingPathComponent("workbook-\(ProcessInfo.processInfo.processIdentifier).xlsx")
        created.append(archiveURL)
        try? FileManager.default.removeItem(at: archiveURL)
        do {
            let archive = try Archive(url: archiveURL, accessMode: .create)
            let modified = Date(timeIntervalSince1970: TimeInterval(SpreadsheetXML.serial(date) - 25_569) * 86_400)
            func add(_ path: String, _ segments: [Segment]) throws {
                let size = segments.reduce(Int64(0)) { $0 + $1.count }
                let reader = SegmentReader(segments: segments)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: size, modificationDate: modified, permissions: 0o644,
                    compressionMethod: .deflate, bufferSize: Self.bufferCapacity,
                    provider: { position, count in try reader.read(at: position, count: count) })
            }
            func text(_ string: String) -> [Segment] { [.data(Data(string.utf8))] }
            try add("[Content_Types].xml", text(SpreadsheetXML.contentTypes(sheets: parts.count)))
            try add("_rels/.rels", text(SpreadsheetXML.packageRels))
            try add("docProps/app.xml", text(SpreadsheetXML.app(names: names)))
            try add("docProps/core.xml", text(SpreadsheetXML.core(title: title, language: language, date: date)))
            try add("xl/workbook.xml", text(SpreadsheetXML.workbook(names: names)))
            try add("xl/_rels/workbook.xml.rels", text(SpreadsheetXML.workbookRels(sheets: parts.count)))
            try add("xl/styles.xml", text(SpreadsheetXML.styles))
            for (offset, part) in parts.enumerated() {
                let head = SpreadsheetXML.sheetHead(
                    columns: max(part.widths.count, sheets[part.sheet].columns.count), rows: part.rows,
                    widths: part.widths, selected: offset == 0)
                try add(
                    "xl/worksheets/sheet\(offset + 1).xml",
                    [.data(Data(head.utf8)), .file(part.url, part.bytes), .data(Data(SpreadsheetXML.sheetTail.utf8))])
            }
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(.unwritable(archiveURL.path, reason: "the workbook could not be built: \(error)"))
        }
        guard let input = try? FileHandle(forReadingFrom: archiveURL) else {
            throw DiagnosticError(.unwritable(archiveURL.path, reason: "the workbook could not be read back"))
        }
        defer { try? input.close() }
        while true {
            let chunk: Data
            do {
                guard let read = try input.read(upToCount: 1 << 20), !read.isEmpty else { break }
                chunk = read
            } catch {
                throw DiagnosticError(.unwritable(archiveURL.path, reason: "the workbook could not be read back: \(error)"))
            }
            try sink(chunk)
        }
    }

    /// Drops the workbook and removes the spool files.
    public func discard() {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        removeFiles()
    }

    // MARK: Parts

    private func openPart(sheet: Int, ordinal: Int) throws(DiagnosticError) {
        let url = scratch.appendingPathComponent(
            "sheet-\(ProcessInfo.processInfo.processIdentifier)-\(parts.count + 1).xml.part")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else {
            throw DiagnosticError(.unwritable(url.path, reason: "a spool file for the workbook cannot be created there"))
        }
        created.append(url)
        var part = Part(sheet: sheet, ordinal: ordinal, url: url, handle: handle, widths: [])
        part.buffer.reserveCapacity(Self.bufferCapacity)
        parts.append(part)
        try write(SpreadsheetRow(headers: sheets[sheet].columns), part: parts.count - 1)
    }

    private func write(_ row: SpreadsheetRow, part index: Int) throws(DiagnosticError) {
        parts[index].rows += 1
        let number = parts[index].rows
        parts[index].buffer.append(contentsOf: "<row r=\"\(number)\">".utf8)
        parts[index].buffer.append(contentsOf: row.xml.utf8)
        parts[index].buffer.append(contentsOf: "</row>".utf8)
        var widths = parts[index].widths
        if widths.count < row.widths.count { widths += Array(repeating: 0, count: row.widths.count - widths.count) }
        for (column, width) in row.widths.enumerated() where width > widths[column] { widths[column] = width }
        parts[index].widths = widths
        if parts[index].buffer.count >= Self.bufferCapacity { try flush(index) }
    }

    private func flush(_ index: Int) throws(DiagnosticError) {
        guard !parts[index].buffer.isEmpty, let handle = parts[index].handle else { return }
        do {
            try handle.write(contentsOf: parts[index].buffer)
        } catch {
            throw DiagnosticError(.unwritable(parts[index].url.path, reason: "the workbook's spool file: \(error)"))
        }
        parts[index].bytes += Int64(parts[index].buffer.count)
        parts[index].buffer.removeAll(keepingCapacity: true)
    }

    /// Each part's tab name: its sheet's name made valid, with ` (N)` for continuations, and
    /// made unique regardless of case.
    private func partNames() -> [String] {
        var used: Set<String> = []
        var names: [String] = []
        for part in parts {
            let base = SpreadsheetXML.sheetName(sheets[part.sheet].name)
            var name = part.ordinal == 1 ? base : Self.suffixed(base, " (\(part.ordinal))")
            var extra = 2
            while used.contains(name.lowercased()) {
                name = Self.suffixed(base, " (\(part.ordinal)-\(extra))")
                extra += 1
            }
            used.insert(name.lowercased())
            names.append(name)
        }
        return names
    }

    private static func suffixed(_ base: String, _ suffix: String) -> String {
        String(base.prefix(max(1, 31 - suffix.count))) + suffix
    }

    private func removeFiles() {
        for index in parts.indices {
            try? parts[index].handle?.close()
            parts[index].handle = nil
        }
        for url in created { try? FileManager.default.removeItem(at: url) }
        created = []
    }
}

/// A piece of an archive entry: bytes in memory, or a spool file of known size.
private enum Segment {
    case data(Data)
    case file(URL, Int64)

    var count: Int64 {
        switch self {
        case .data(let data): Int64(data.count)
        case .file(_, let size): size
        }
    }
}

/// Reads consecutive ranges of a list of segments, for ZIPFoundation's entry provider.
private final class SegmentReader {
    private let segments: [Segment]
    private var handles: [Int: FileHandle] = [:]

    init(segments: [Segment]) { self.segments = segments }

    deinit { for handle in handles.values { try? handle.close() } }

    func read(at position: Int64, count: Int) throws -> Data {
        var result = Data()
        result.reserveCapacity(count)
        var start: Int64 = 0
        var position = position
        var wanted = Int64(count)
        for (index, segment) in segments.enumerated() where wanted > 0 {
            let end = start + segment.count
            defer { start = end }
            guard position < end else { continue }
            let offset = position - start
            let take = min(wanted, end - position)
            switch segment {
            case .data(let data):
                result.append(data.subdata(in: Int(offset)..<Int(offset + take)))
            case .file(let url, _):
                let handle = try handles[index] ?? FileHandle(forReadingFrom: url)
                handles[index] = handle
                try handle.seek(toOffset: UInt64(offset))
                let bytes = try handle.read(upToCount: Int(take)) ?? Data()
                result.append(bytes)
                if Int64(bytes.count) < take { return result }
            }
            position += take
            wanted -= take
        }
        return result
    }
}
