public import Foundation

/// Tells which interchange format a document is in, from its content (never its name).
public enum FormatDetector: Sendable {
    /// The format of `data`, or nil when nothing matches.
    ///
    /// XML is told apart by its root element's namespace (the native vocabulary, or a
    /// MedBiquitous Competency Framework, Competency Object or Performance Framework);
    /// JSON by its members (`CFDocument` for CASE, a `ceasn:CompetencyFramework` node for
    /// CTDL-ASN, `framework` / `roster` / `plan` for the native JSON); CSV by its header line.
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
        "expected native XML or JSON, a CASE package, MedBiquitous XML, CTDL-ASN JSON-LD, or an ESCO, SFIA or CompetencyKit CSV file"

    static func contains(_ data: some Collection<UInt8>, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        let bytes = Array(data)
        guard bytes.count >= needle.count else { return false }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, Array(bytes[index..<index + needle.count]) == needle { return true }
            index += 1
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
        if contains(data, "\"CFDocument\"") { return .case }
        if contains(data, "ceasn:CompetencyFramework") { return .ctdl }
        // Native JSON: an object whose first member is framework, roster or plan.
        var index = data.startIndex + 1
        while index < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[index]) { index += 1 }
        let rest = String(decoding: data[index...].prefix(16), as: UTF8.self)
        if ["\"framework\"", "\"roster\"", "\"plan\""].contains(where: rest.hasPrefix) { return .json }
        return nil
    }

    static func detectCSV(_ data: Data) -> InterchangeFormat? {
        // Headers never span lines: read only the first one.
        guard let table = try? CSVReader.read(Data(data.prefix { $0 != 0x0A && $0 != 0x0D }), file: nil) else { return nil }
        let header = table.header
        if ESCOImporter.recognises(header) { return .esco }
        if SFIAImporter.recognises(header) { return .sfia }
        if RosterCSV.recognises(header) || FrameworkCSV.recognises(header) { return .csv }
        return nil
    }
}
