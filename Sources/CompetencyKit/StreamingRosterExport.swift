import CompetencyModel
public import CompetencyDiagnostics
public import CompetencyInterchange
import CompetencyXML
public import Foundation

/// Converts a native XML roster to XML, JSON or CSV while it streams, as `competency
/// convert` does for rosters: memory stays bounded whatever the number of people, and the
/// bytes are those of ``DocumentExporter`` on the whole roster.
///
/// The roster is read twice: a first pass gathers what the output needs before the first
/// person (the title and units, which the format places first, the namespaces people use,
/// the language of names), and a second writes each person as it is read.
public enum StreamingRosterExport {
    /// The formats a roster streams to.
    public static let formats: Set<InterchangeFormat> = [.xml, .json, .csv]

    /// Whether `source` holds a native XML roster (told from its first bytes) and `format`
    /// is one it streams to.
    public static func applies(to source: DocumentSource, as format: InterchangeFormat) -> Bool {
        guard formats.contains(format), let prefix = try? source.prefix(4096) else { return false }
        return FormatDetector.detect(prefix) == .xml && rootName(prefix) == "roster"
    }

    /// The local name of the first element in `prefix`.
    static func rootName(_ prefix: Data) -> String? {
        let bytes = [UInt8](prefix)
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                let next = bytes[index + 1]
                if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") {
                    var end = index + 1
                    while end < bytes.count, !(bytes[end] == 0x20 || bytes[end] == 0x09 || bytes[end] == 0x0A || bytes[end] == 0x0D
                        || bytes[end] == UInt8(ascii: ">") || bytes[end] == UInt8(ascii: "/"))
                    {
                        end += 1
                    }
                    let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                    return name.split(separator: ":").last.map(String.init)
                }
            }
            index += 1
        }
        return nil
    }

    /// Converts `source` to `format`, giving the output to `write` in slices of about 1 MB.
    ///
    /// - Returns: the reader's diagnostics and what the format could not carry.
    /// - Throws: the reader's errors, and `document.wrong-kind` when `source` is not a roster.
    public static func export(
        _ source: DocumentSource, as format: InterchangeFormat, write: @escaping (Data) -> Void
    ) throws(DiagnosticError) -> (diagnostics: [Diagnostic], report: LossReport) {
        // Pass 1: everything that goes before the first person.
        var namespaces = XMLWriter.PeopleNamespaces()
        var firstPerson: Person?
        let first = try source.readXML(options: XMLReader.Options(recordLocations: false)) { person, _ in
            namespaces.add(person)
            if firstPerson == nil { firstPerson = person }
            return true
        }
        guard case .roster(let header) = first.value else {
            throw DiagnosticError(.wrongKind(found: first.value.kindName, expected: "a roster", file: source.name))
        }
        var report = LossReport(domain: format == .csv ? "csv" : "interchange")
        let options = XMLReader.Options(recordLocations: false)
        var buffer = ""
        func emit(_ text: String, force: Bool = false) {
            buffer += text
            if force || buffer.utf8.count >= 1 << 20 {
                if !buffer.isEmpty { write(Data(buffer.utf8)) }
                buffer = ""
            }
        }
        // Pass 2: the people, as they are read.
        switch format {
        case .xml:
            var writer = XMLWriter.StreamingRoster(header: header, namespaces: namespaces) { write(Data($0)) }
            _ = try source.streamRoster(options: options) { person, _ in
                writer.add(person)
                return true
            }
            writer.finish()
        case .csv:
            var writer = RosterCSV.Writer(language: RosterCSV.Writer.language(of: header, firstPerson: firstPerson))
            emit(RosterCSV.Writer.headerRecord)
            _ = try source.streamRoster(options: options) { person, location in
                emit(writer.records(for: person, at: location))
                return true
            }
            emit("", force: true)
            report = writer.finish(header: header)
        default:
            let (before, after) = try jsonParts(header, file: source.name)
            emit(before)
            var count = 0
            let encoder = JSONExport.encoder()
            var failure: DiagnosticError?
            _ = try source.streamRoster(options: options) { person, _ in
                do {
                    let text = String(decoding: try encoder.encode(person), as: UTF8.self)
                    emit(count == 0 ? "\n" : ",\n")
                    emit(JSONExport.indented(text, by: 6))
                    count += 1
                    return true
                } catch {
                    failure = DiagnosticError(.usage("cannot-export"), "person '\(person.id)' cannot be encoded as JSON: \(error)", at: nil)
                    return false
                }
            }
            if let failure { throw failure }
            emit(count == 0 ? "\n\n    ]" : "\n    ]")
            emit(after, force: true)
        }
        return (first.diagnostics, report)
    }

    /// The JSON of `header` split where its people go: `before` ends with `"people" : [`,
    /// `after` starts just after the closing `]`.
    static func jsonParts(_ header: Roster, file: String) throws(DiagnosticError) -> (String, String) {
        var empty = header
        empty.people = []
        let text: String
        do {
            text = String(decoding: try JSONExport.encoder().encode(CompetencyDocument.roster(empty)), as: UTF8.self) + "\n"
        } catch {
            throw DiagnosticError(.usage("cannot-export"), "the roster cannot be encoded as JSON: \(error)", at: .file(file))
        }
        let marker = "\n    \"people\" : [\n\n    ]"
        guard let range = text.range(of: marker) else {
            throw DiagnosticError(.usage("cannot-export"), "the roster's JSON has no place for its people", at: .file(file))
        }
        let open = text.index(range.upperBound, offsetBy: -"\n\n    ]".count)
        return (String(text[..<open]), String(text[range.upperBound...]))
    }
}

/// Native JSON as `competency convert --to json` writes it.
enum JSONExport {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `text` with every line but empty ones indented by `width` spaces, as the encoder
    /// indents a value nested that deep.
    static func indented(_ text: String, by width: Int) -> String {
        let pad = String(repeating: " ", count: width)
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { out += "\n" }
            first = false
            if !line.isEmpty { out += pad }
            out += line
        }
        return out
    }
}
