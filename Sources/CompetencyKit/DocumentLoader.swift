import CompetencyModel
import CompetencyDiagnostics
public import CompetencyInterchange
import CompetencyXML
import Foundation

/// Reads documents in any importable format into the native model: the one loading path
/// of `competency convert`.
///
/// Each source is read once. The format is told from the first source's bytes (see
/// `FormatDetector`) unless it is given. Native XML and JSON hold any kind of document;
/// CASE, CTDL-ASN, MedBiquitous, ESCO and SFIA hold frameworks; CSV holds a roster.
public struct DocumentLoader: Sendable {
    /// The reader used for native XML.
    public var xmlOptions: XMLReader.Options

    public init(xmlOptions: XMLReader.Options = XMLReader.Options()) { self.xmlOptions = xmlOptions }

    /// A loaded document and the format it was read from.
    public struct Loaded: Sendable {
        public var format: InterchangeFormat
        public var parsed: Parsed<CompetencyDocument>
    }

    /// Loads `sources`: one for XML, JSON, CASE, CTDL and CSV; a framework then Competency
    /// Objects, Performance Frameworks or folders for MedBiquitous (a framework file alone is
    /// read with the documents in its folder); the CSV files for ESCO and SFIA.
    ///
    /// - Throws: `usage.unknown-format` when the format cannot be told,
    ///   `usage.one-file` when a one-file format is given several, and every importer's error.
    public func load(_ sources: [DocumentSource], format: InterchangeFormat? = nil) throws(DiagnosticError) -> Loaded {
        try load(sources, format: format, firstData: nil)
    }

    /// ``load(_:format:)`` with the first source's bytes when they were read already.
    func load(_ sources: [DocumentSource], format: InterchangeFormat?, firstData: Data?) throws(DiagnosticError) -> Loaded {
        guard let first = sources.first else {
            throw DiagnosticError(.usage("no-input"), "no input was given", at: nil)
        }
        let data: Data
        if let firstData { data = firstData } else { data = try first.read() }
        let chosen: InterchangeFormat
        if let format {
            chosen = format
        } else if let detected = FormatDetector.detect(data) {
            chosen = detected
        } else {
            throw Self.unknownFormat(data, file: first.name, canName: true)
        }
        if [.xml, .json, .case, .ctdl, .csv, .moodle].contains(chosen), sources.count > 1 {
            throw DiagnosticError(.usage("one-file"), "\(chosen.rawValue) input is one file; \(sources.count) were given", at: nil)
        }
        let parsed: Parsed<CompetencyDocument>
        switch chosen {
        case .xml:
            parsed = try XMLReader(options: xmlOptions).read(data, file: first.name)
        case .json:
            parsed = try Self.decodeNativeJSON(data, file: first.name)
        case .case:
            parsed = try CASEImporter().importFramework(data, file: first.name).map(CompetencyDocument.framework)
        case .ctdl:
            parsed = try CTDLImporter().importFramework(data, file: first.name).map(CompetencyDocument.framework)
        case .medbiq:
            // A framework file given alone is read with the folder it is in, as every verb does.
            let others = try (sources.count == 1 ? first.withCompanions(.medbiq) : sources).dropFirst().map { source throws(DiagnosticError) -> URL in
                guard let path = source.path else {
                    throw DiagnosticError(.usage("not-a-file"), "MedBiquitous documents are read from files and folders", at: nil)
                }
                return URL(fileURLWithPath: path)
            }
            parsed = try MedBiqImporter().importFramework(
                data, file: first.name, at: URL(fileURLWithPath: first.path ?? first.name), including: others
            ).map(CompetencyDocument.framework)
        case .esco:
            parsed = try ESCOImporter().importFramework(try Self.readAll(data, sources)).map(CompetencyDocument.framework)
        case .sfia:
            parsed = try SFIAImporter().importFramework(try Self.readAll(data, sources)).map(CompetencyDocument.framework)
        case .moodle:
            parsed = try MoodleCSV().importFramework(data, file: first.name).map(CompetencyDocument.framework)
        case .csv:
            if FormatDetector.isFrameworkCSV(data) {
                throw DiagnosticError(
                    .usage("export-only"),
                    "this is a framework as a CompetencyKit CSV table, which is written for spreadsheets and not read back; "
                        + "read the framework from the native XML or JSON it was written from",
                    at: .file(first.name))
            }
            parsed = try RosterCSV().importRoster(data, file: first.name).map(CompetencyDocument.roster)
        }
        return Loaded(format: chosen, parsed: parsed)
    }

    /// `usage.unknown-format` for `data`: what it looks like, what was expected, and, where
    /// the verb has `--from` (`canName`), that the format can be named.
    static func unknownFormat(_ data: Data, file: String, canName: Bool) -> DiagnosticError {
        DiagnosticError(
            .usage("unknown-format"),
            "the format cannot be told from the content: \(FormatDetector.describe(data)); \(FormatDetector.expectation)"
                + (canName ? ". Name it with --from" : ""),
            at: .file(file))
    }

    /// The formats a framework is read from, for refusals.
    static let frameworkFormats = "a framework (native XML or JSON, CASE, MedBiquitous, CTDL-ASN, ESCO, SFIA or Moodle CSV)"

    /// The formats a roster is read from, for refusals.
    static let rosterFormats = "a roster (native XML or JSON, or a CompetencyKit roster CSV)"

    /// Decodes native JSON: a `CompetencyDocument`, or a bare `Framework`, `Roster` or `Plan`
    /// as `JSONEncoder` writes it (told by its members, see `FormatDetector.nativeJSONShape`).
    static func decodeNativeJSON(_ data: Data, file: String?) throws(DiagnosticError) -> Parsed<CompetencyDocument> {
        let (repaired, places) = Self.replacingControlEscapes(data, file: file)
        var report = LossReport(domain: "json")
        for place in places {
            report.fixUp("control-character", "control characters that XML cannot hold, replaced with U+FFFD", at: place)
        }
        let shape = FormatDetector.nativeJSONShape(FormatDetector.topLevelKeys(repaired)) ?? .document
        let decoder = JSONDecoder()
        do {
            let document: CompetencyDocument
            switch shape {
            case .document: document = try decoder.decode(CompetencyDocument.self, from: repaired)
            case .framework: document = .framework(try decoder.decode(Framework.self, from: repaired))
            case .roster: document = .roster(try decoder.decode(Roster.self, from: repaired))
            case .plan: document = .plan(try decoder.decode(Plan.self, from: repaired))
            }
            return Parsed(value: document, report: report)
        } catch {
            let what: String
            switch shape {
            case .document: what = "a CompetencyKit document"
            case .framework: what = "a Framework as JSONEncoder writes it"
            case .roster: what = "a Roster as JSONEncoder writes it"
            case .plan: what = "a Plan as JSONEncoder writes it"
            }
            throw DiagnosticError(
                .json("not-a-document"), "the JSON is not \(what): \(Self.describe(error))", at: file.map(SourceLocation.file))
        }
    }

    /// `data` with every escape of a character XML 1.0 cannot hold (`\u0000`–`\u001F` but
    /// tab, line feed and carriage return, `\b`, `\f`, `\uFFFE`, `\uFFFF`) written as `\uFFFD`,
    /// and where each was.
    static func replacingControlEscapes(_ data: Data, file: String?) -> (Data, [SourceLocation]) {
        let bytes = [UInt8](data)
        var output: [UInt8] = []
        var places: [SourceLocation] = []
        var line = 1
        var lineStart = 0
        var inString = false
        var index = 0
        func hexValue(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[at..<at + 4] {
                guard let digit = UInt32(String(UnicodeScalar(byte)), radix: 16) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            }
            if byte == UInt8(ascii: "\"") {
                inString.toggle()
                output.append(byte)
                index += 1
                continue
            }
            if inString, byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let next = bytes[index + 1]
                var replace = 0
                if next == UInt8(ascii: "b") || next == UInt8(ascii: "f") {
                    replace = 2
                } else if next == UInt8(ascii: "u"), let value = hexValue(index + 2), !Escaping.isXMLCharacter(value) {
                    replace = 6
                }
                if replace > 0 {
                    output.append(contentsOf: Array("\\uFFFD".utf8))
                    places.append(SourceLocation(file: file, line: line, column: index - lineStart + 1))
                } else {
                    output.append(contentsOf: bytes[index..<index + 2])
                }
                index += max(replace, 2)
                continue
            }
            output.append(byte)
            index += 1
        }
        return places.isEmpty ? (data, []) : (Data(output), places)
    }

    private static func readAll(_ first: Data, _ sources: [DocumentSource]) throws(DiagnosticError) -> [(data: Data, file: String?)] {
        var files: [(data: Data, file: String?)] = [(first, sources[0].name)]
        for source in sources.dropFirst() { files.append((try source.read(), source.name)) }
        return files
    }

    /// A decoding error in words, with the path to the offending value.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return error.localizedDescription }
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        @unknown default:
            return error.localizedDescription
        }
    }
}

extension DiagnosticID {
    static func json(_ code: String) -> DiagnosticID { DiagnosticID(domain: "json", code: code) }
}
