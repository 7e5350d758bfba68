public import Foundation

/// Tells which interchange format a document is in, from its content (never its name).
public enum FormatDetector: Sendable {
    /// The format of `data`, or nil when nothing matches.
    ///
    /// XML is told apart by its root element's namespace (the native vocabulary, or a
    /// MedBiquitous Competency Framework, Competency Object or Performance Framework);
    /// JSON by its members (`CFDocument` for CASE, a `ceasn:CompetencyFramework` node for
    /// CTDL-ASN; for the native JSON, a single `framework`, `roster` or `plan` member, or the
    /// members of a bare `Framework`, `Roster` or `Plan` as `JSONEncoder` writes them, in any
    /// order); CSV by its header line.
    public static func detect(_ data: Data) -> InterchangeFormat? {
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        guard start < data.endIndex else { return nil }
        switch data[start] {
        case UInt8(ascii: "<"): return detectXML(data)
        case UInt8(ascii: "{"), UInt8(ascii: "["): return detectJSON(data[start...])
        default: return detectCSV(data)
        }
    }

    /// A sentence naming what was looked for, for an error message.
    public static let expectation =
        "expected native XML or JSON, a CASE package, MedBiquitous XML, CTDL-ASN JSON-LD, or an ESCO, SFIA, Moodle or CompetencyKit CSV file"

    static func contains(_ data: some Collection<UInt8>, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        if let found = data.withContiguousStorageIfAvailable({ contains($0, needle, first: first) }) { return found }
        return Array(data).withUnsafeBufferPointer { contains($0, needle, first: first) }
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], first: UInt8) -> Bool {
        guard bytes.count >= needle.count, let base = bytes.baseAddress else { return false }
        var index = 0
        let last = bytes.count - needle.count
        // From one occurrence of the first byte to the next with `memchr`.
        while index <= last, let hit = memchr(base + index, Int32(first), last - index + 1) {
            let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if needle.withUnsafeBufferPointer({ $0.baseAddress.map { memcmp(base + found, $0, needle.count) == 0 } ?? false }) { return true }
            index = found + 1
        }
        return false
    }

    static func detectXML(_ data: Data) -> InterchangeFormat? {
        let head = String(decoding: data.prefix(8192), as: UTF8.self)
        // The root start tag: the first '<' that opens an element, not a declaration or comment.
        var remainder = Substring(head)
        while let open = remainder.firstIndex(of: "<") {
            let after = remainder[remainder.index(after: open)...]
            if after.hasPrefix("?") || after.hasPrefix("!") {
                guard let close = after.range(of: after.hasPrefix("!--") ? "-->" : ">") else { return nil }
                remainder = after[close.upperBound...]
                continue
            }
            let tag = after.prefix { $0 != ">" }
            if tag.contains("urn:competencykit:1") { return .xml }
            let name = tag.prefix { !$0.isWhitespace && $0 != "/" }.split(separator: ":").last.map(String.init) ?? ""
            if tag.contains("http://ns.medbiq.org/"), ["CompetencyFramework", "CompetencyObject", "PerformanceFramework"].contains(name) {
                return .medbiq
            }
            return nil
        }
        return nil
    }

    static func detectJSON(_ data: Data.SubSequence) -> InterchangeFormat? {
        // Over the bytes, not the `Data`: its iterator costs a call per byte. A CASE
        // package is told at its CFDocument member, without reading on to the end.
        let keys = data.withUnsafeBytes { raw in
            raw.withMemoryRebound(to: UInt8.self) { topLevelKeys(bytes: $0, limit: 256, stoppingAt: "CFDocument") }
        }
        if keys.contains("CFDocument") { return .case }
        if nativeJSONShape(keys) != nil { return .json }
        // A JSON-LD graph that holds a CTDL-ASN framework is told without searching the
        // whole of it for a CFDocument first (a CASE package has no top-level @graph).
        if keys.contains("@graph"), contains(data, "ceasn:CompetencyFramework") { return .ctdl }
        if contains(data, "\"CFDocument\"") { return .case }
        if contains(data, "ceasn:CompetencyFramework") { return .ctdl }
        return nil
    }

    /// The shapes native JSON comes in: a `CompetencyDocument` (one member, `framework`,
    /// `roster` or `plan`) or the bare `JSONEncoder` output of a `Framework`, `Roster` or `Plan`.
    public enum NativeJSONShape: Sendable, Equatable {
        case document, framework, roster, plan
    }

    /// Which native shape an object with these top-level member names has, if any.
    public static func nativeJSONShape(_ keys: [String]) -> NativeJSONShape? {
        let names = Set(keys)
        if names.count == 1, let only = names.first, ["framework", "roster", "plan"].contains(only) { return .document }
        if names.isSuperset(of: ["id", "domains", "scales"]) { return .framework }
        if names.isSuperset(of: ["people", "units"]) { return .roster }
        if names.contains("people"), !names.contains("units"), !names.contains("id") { return .plan }
        return nil
    }

    /// The member names of the top-level JSON object in `data`, in order (at most `limit`),
    /// found in one pass without building values; empty when `data` is not an object.
    public static func topLevelKeys(_ data: some Collection<UInt8>, limit: Int = 256) -> [String] {
        topLevelKeys(data, limit: limit, stoppingAt: nil)
    }

    /// ``topLevelKeys(_:limit:)``, ending at the member named `stop`.
    static func topLevelKeys(_ data: some Collection<UInt8>, limit: Int = 256, stoppingAt stop: String?) -> [String] {
        if let keys = data.withContiguousStorageIfAvailable({ topLevelKeys(bytes: $0, limit: limit, stoppingAt: stop) }) { return keys }
        return Array(data).withUnsafeBufferPointer { topLevelKeys(bytes: $0, limit: limit, stoppingAt: stop) }
    }

    /// ``topLevelKeys(_:limit:stoppingAt:)`` on contiguous bytes. The strings below the top
    /// level are skipped to their closing quote with `memchr`, which is most of a large file.
    static func topLevelKeys(bytes data: UnsafeBufferPointer<UInt8>, limit: Int, stoppingAt stop: String?) -> [String] {
        var keys: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var capturing = false
        var pendingKey: [UInt8]?
        var current: [UInt8] = []
        var sawObject = false
        var position = 0
        let count = data.count
        while position < count {
            let byte = data[position]
            position += 1
            if inString, !capturing, !escaped, let base = data.baseAddress {
                // To the quote that ends the string: the first one after an even run of
                // backslashes.
                var found = false
                var from = position - 1
                while from < count, let hit = memchr(base + from, Int32(UInt8(ascii: "\"")), count - from) {
                    let quote = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    var backslashes = 0
                    while quote - backslashes - 1 >= position - 1, data[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
                    if backslashes % 2 == 0 {
                        position = quote + 1
                        found = true
                        break
                    }
                    from = quote + 1
                }
                if !found { return keys }
                inString = false
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                    if capturing { current.append(byte) }
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                    if capturing { current.append(byte) }
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if capturing {
                        pendingKey = current
                        capturing = false
                    }
                } else if capturing {
                    current.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                pendingKey = nil
                if depth == 1 {
                    capturing = true
                    current = []
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 0 {
                    guard byte == UInt8(ascii: "{") else { return [] }
                    sawObject = true
                }
                depth += 1
                pendingKey = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                pendingKey = nil
                if depth <= 0 { return keys }
            case UInt8(ascii: ":"):
                if depth == 1, let key = pendingKey {
                    keys.append(String(decoding: key, as: UTF8.self))
                    if keys.count >= limit || keys.last == stop { return keys }
                }
                pendingKey = nil
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                if !sawObject { return [] }
                pendingKey = nil
            }
        }
        return keys
    }

    /// What `data` looks like when ``detect(_:)`` finds no format in it, for a refusal: the
    /// syntax seen and the parts that were looked at.
    public static func describe(_ data: Data) -> String {
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        guard start < data.endIndex else { return "the file is empty" }
        switch data[start] {
        case UInt8(ascii: "<"):
            return "this is XML, but its root element is neither in the native namespace (urn:competencykit:1) nor a MedBiquitous framework"
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let keys = topLevelKeys(data[start...], limit: 8)
            let members = keys.isEmpty ? "" : " (its members: \(keys.map { "\"\($0)\"" }.joined(separator: ", ")))"
            return "this is JSON\(members), but not a CASE package (no CFDocument), CTDL-ASN (no ceasn:CompetencyFramework node) "
                + "or a native document ({\"framework\": ...}, {\"roster\": ...}, or a Framework or Roster as JSONEncoder writes it)"
        default:
            let line = Data(data[start...].prefix { $0 != 0x0A && $0 != 0x0D }.prefix(120))
            let header = (try? CSVReader.read(line, file: nil))?.header ?? []
            if header.count > 1 {
                return "this looks like CSV with the header \(header.prefix(6).joined(separator: ","))\(header.count > 6 ? ",..." : ""), "
                    + "which is not an ESCO, SFIA, Moodle or CompetencyKit roster header (person,name,unit,position,fact,...)"
            }
            return "this is neither XML, JSON nor a CSV file with a known header"
        }
    }

    /// Whether `data` is a framework written as the flat CSV table, which is exported only.
    public static func isFrameworkCSV(_ data: Data) -> Bool {
        guard let table = try? CSVReader.read(Data(data.prefix { $0 != 0x0A && $0 != 0x0D }), file: nil) else { return false }
        return FrameworkCSV.recognises(table.header)
    }

    static func detectCSV(_ data: Data) -> InterchangeFormat? {
        // Headers never span lines: read only the first one.
        guard let table = try? CSVReader.read(Data(data.prefix { $0 != 0x0A && $0 != 0x0D }), file: nil) else { return nil }
        let header = table.header
        if ESCOImporter.recognises(header) { return .esco }
        if SFIAImporter.recognises(header) { return .sfia }
        if MoodleCSV.recognises(header) { return .moodle }
        if RosterCSV.recognises(header) || FrameworkCSV.recognises(header) { return .csv }
        return nil
    }
}
