import CompetencyModel
public import CompetencyDiagnostics
public import CompetencyInterchange
import CompetencyXML
public import Foundation

/// Converts a native XML roster, or a CompetencyKit roster CSV, to XML, JSON or CSV while it
/// streams, as `competency convert` does for rosters: memory stays bounded whatever the
/// number of people, and the bytes are those of ``DocumentExporter`` on the whole roster.
///
/// ``export(_:as:write:)`` reads the roster twice: a first pass checks it and gathers what
/// the output needs before the first person (the title and units, which the format places
/// first, the namespaces people use), and a second writes each person as it is read.
/// ``exportReadingOnce(_:as:write:)`` reads a native XML roster once, taking what goes first
/// from the roster's head, for an output that can be dropped if the run fails. A roster CSV
/// whose people's rows do not stand together is read whole instead, and written the same way.
public enum StreamingRosterExport {
    /// The formats a roster streams to.
    public static let formats: Set<InterchangeFormat> = [.xml, .json, .csv]

    /// Whether `source` holds a native XML roster or a roster CSV (told from its first bytes:
    /// the root element, or a whole header line) and `format` is one it streams to.
    public static func applies(to source: DocumentSource, as format: InterchangeFormat) -> Bool {
        guard formats.contains(format), let prefix = try? source.prefix(4096) else { return false }
        switch FormatDetector.detect(prefix) {
        case .xml: return rootName(prefix) == "roster"
        case .csv: return prefix.contains(0x0A) || prefix.contains(0x0D) ? !FormatDetector.isFrameworkCSV(prefix) : false
        default: return false
        }
    }

    /// Hands each person of a roster, with where it starts, to a body that returns `false` to stop.
    typealias People = (@escaping (Person, SourceLocation) -> Bool) throws(DiagnosticError) -> Void

    /// The first pass over a roster CSV: the roster without its people, the namespaces its
    /// people use, the import's report, and how to hand its people over a second time.
    static func firstPass(
        csv source: DocumentSource, namespaces: inout RosterStreamWriter.ForeignNamespaces
    ) throws(DiagnosticError) -> (header: Roster, report: LossReport, each: People) {
        let data = try source.read()
        let reader = RosterCSV()
        var seen = RosterStreamWriter.ForeignNamespaces()
        if let streamed = try reader.streamRoster(data, file: source.name, { person, _ in
            seen.add(person)
            return true
        }) {
            namespaces = seen
            let each: People = { body throws(DiagnosticError) in _ = try reader.streamRoster(data, file: source.name, body) }
            return (streamed.value, streamed.report, each)
        }
        // A person's rows stand apart: the roster is read whole.
        let whole = try reader.importRoster(data, file: source.name)
        whole.value.people.forEach { namespaces.add($0) }
        var header = whole.value
        header.people = []
        let each: People = { body in
            for person in whole.value.people {
                guard body(person, whole.sourceMap.location(of: .person(person.id)) ?? SourceLocation(file: source.name, line: 1, column: 1)) else { break }
            }
        }
        return (header, whole.report, each)
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
    /// Nothing is written until the first reading has found the document sound, so this suits
    /// an output that cannot be taken back (standard output, a pipe). For one that can, see
    /// ``exportReadingOnce(_:as:write:)``.
    ///
    /// - Returns: the reader's diagnostics and what the format could not carry.
    /// - Throws: the reader's errors, and `document.wrong-kind` when `source` is not a roster.
    public static func export(
        _ source: DocumentSource, as format: InterchangeFormat, write: @escaping (Data) -> Void
    ) throws(DiagnosticError) -> (diagnostics: [Diagnostic], report: LossReport) {
        // Pass 1: everything that goes before the first person.
        var namespaces = RosterStreamWriter.ForeignNamespaces()
        let header: Roster
        let diagnostics: [Diagnostic]
        let each: People
        var imported: LossReport?
        let options = XMLReader.Options(recordLocations: false)
        if let prefix = try? source.prefix(4096), FormatDetector.detect(prefix) == .csv {
            let pass = try firstPass(csv: source, namespaces: &namespaces)
            (header, each) = (pass.header, pass.each)
            imported = pass.report
            diagnostics = []
        } else {
            let first = try source.readXML(options: options) { person, _ in
                namespaces.add(person)
                return true
            }
            guard case .roster(let roster) = first.value else {
                throw DiagnosticError(.wrongKind(found: first.value.kindName, expected: "a roster", file: source.name))
            }
            (header, diagnostics) = (roster, first.diagnostics)
            each = { body throws(DiagnosticError) in _ = try source.streamRoster(options: options, body) }
        }
        // Pass 2: the people, as they are read.
        let report = try writePeople(as: format, header: header, namespaces: namespaces, file: source.name, each: each, write: write)
        // A roster CSV's own repairs and losses come first, as when it is read whole.
        guard var imported, let report else { return (diagnostics, report ?? LossReport(domain: "interchange")) }
        imported.merge(report)
        return (diagnostics, imported)
    }

    /// ``export(_:as:write:)`` with one reading of a native XML roster instead of two, for an
    /// output that can still be dropped when the run fails (a temporary file that replaces its
    /// target at the end): the roster's head (its attributes, title and units up to the first
    /// person) sets what goes before the people, and each person is written as it is read.
    /// The bytes, diagnostics and losses are those of ``export(_:as:write:)``. A roster CSV,
    /// or a roster whose head does not read cleanly, is converted by ``export(_:as:write:)``.
    ///
    /// - Returns: `nil` when one reading cannot give those bytes: the roster has content after
    ///   its first person that goes before the people in the output (units, a title, other
    ///   namespaces' elements), or, for XML, a person carries content of another namespace,
    ///   which the root element must declare. Drop what `write` was given, and call
    ///   ``export(_:as:write:)``.
    /// - Throws: the reader's errors, once the whole roster is read, and `document.wrong-kind`
    ///   when `source` is not a roster. What `write` was given is then incomplete: drop it.
    public static func exportReadingOnce(
        _ source: DocumentSource, as format: InterchangeFormat, write: @escaping (Data) -> Void
    ) throws(DiagnosticError) -> (diagnostics: [Diagnostic], report: LossReport)? {
        let options = XMLReader.Options(recordLocations: false)
        guard let prefix = try? source.prefix(4096), FormatDetector.detect(prefix) == .xml,
            let head = try? source.readRosterHead(options: options)
        else { return try export(source, as: format, write: write) }
        var read: Parsed<Roster>?
        let each: People = { body throws(DiagnosticError) in read = try source.streamRoster(options: options, body) }
        let report = try writePeople(as: format, header: head.value, namespaces: nil, file: source.name, each: each, write: write)
        guard let read, let report else { return nil }
        var whole = read.value
        whole.people = []
        guard whole == head.value else { return nil }
        return (read.diagnostics, report)
    }

    /// Writes the people that `each` hands over between what `header` puts before and after
    /// them. With `namespaces` `nil`, the root declares no other namespaces, and the XML stops
    /// (returning `nil`) at the first person whose content needs one.
    private static func writePeople(
        as format: InterchangeFormat, header: Roster, namespaces: RosterStreamWriter.ForeignNamespaces?, file: String,
        each: People, write: @escaping (Data) -> Void
    ) throws(DiagnosticError) -> LossReport? {
        var slices = SliceBuffer(write)
        switch format {
        case .xml:
            // The root is written at the first person, or at the end: an empty roster closes at once.
            var writer: RosterStreamWriter?
            var undeclared = false
            var bytes: [UInt8] = []
            do {
                try each { person, _ in
                    if namespaces == nil {
                        var used = RosterStreamWriter.ForeignNamespaces()
                        used.add(person)
                        guard used == RosterStreamWriter.ForeignNamespaces() else {
                            undeclared = true
                            return false
                        }
                    }
                    if writer == nil {
                        writer = RosterStreamWriter(header: header, hasPeople: true, namespaces: namespaces ?? .init())
                        slices.append(writer!.start())
                    }
                    bytes.removeAll(keepingCapacity: true)
                    writer!.write(person, appendingTo: &bytes)
                    slices.append(bytes)
                    return true
                }
            } catch {
                // Stopped at a person with other namespaces' content: the root cannot declare them now.
                if undeclared { return nil }
                throw error
            }
            if undeclared { return nil }
            if writer == nil {
                writer = RosterStreamWriter(header: header, hasPeople: false, namespaces: namespaces ?? .init())
                slices.append(writer!.start())
            }
            slices.append(writer!.finish())
            slices.flush()
            return LossReport(domain: "interchange")
        case .csv:
            // The language of names is the roster's, else that of the first person's first name.
            var writer: RosterCSV.Writer?
            slices.append(RosterCSV.Writer.headerRecord)
            var bytes: [UInt8] = []
            try each { person, location in
                if writer == nil { writer = RosterCSV.Writer(language: RosterCSV.Writer.language(of: header, firstPerson: person)) }
                bytes.removeAll(keepingCapacity: true)
                writer!.appendRecords(for: person, at: location, to: &bytes)
                slices.append(bytes)
                return true
            }
            slices.flush()
            return (writer ?? RosterCSV.Writer(language: RosterCSV.Writer.language(of: header, firstPerson: nil))).finish(header: header)
        default:
            let (before, after) = try jsonParts(header, file: file)
            slices.append(before)
            var count = 0
            let encoder = JSONExport.encoder()
            var failure: DiagnosticError?
            var bytes: [UInt8] = []
            try each { person, _ in
                do {
                    slices.append(count == 0 ? "\n" : ",\n")
                    bytes.removeAll(keepingCapacity: true)
                    if PersonJSON.write(person, indent: 6, into: &bytes) {
                        slices.append(bytes)
                    } else {
                        slices.append(JSONExport.indented(String(decoding: try encoder.encode(person), as: UTF8.self), by: 6))
                    }
                    count += 1
                    return true
                } catch {
                    failure = DiagnosticError(.usage("cannot-export"), "person '\(person.id)' cannot be encoded as JSON: \(error)", at: nil)
                    return false
                }
            }
            if let failure { throw failure }
            slices.append(count == 0 ? "\n\n    ]" : "\n    ]")
            slices.append(after)
            slices.flush()
            return LossReport(domain: "interchange")
        }
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

/// A person as native JSON, written directly in the bytes `JSONEncoder` (pretty-printed,
/// sorted keys, slashes unescaped) gives, without going through `Encodable`. It covers people
/// as rosters hold them; for content it does not write (extensions, foreign attributes on
/// names, control characters) it declines, and the encoder writes that person.
enum PersonJSON {
    /// Appends `person` at `indent` to `out`, or returns `false` and leaves `out` as it was.
    static func write(_ person: Person, indent: Int, into out: inout [UInt8]) -> Bool {
        guard isPlain(person) else { return false }
        var writer = Writer(out: [])
        swap(&writer.out, &out)
        writer.pad(indent)
        writer.object(indent) { object in
            object.array("assessments", person.assessments) { writer, assessment, depth in
                writer.object(depth) { item in
                    item.string("competency", assessment.competency.rawValue)
                    item.date("date", assessment.date)
                    item.emptyObject("extensions")
                    item.string("level", assessment.level.rawValue)
                    item.optional("method", assessment.method?.rawValue)
                }
            }
            object.array("attributes", person.attributes) { writer, attribute, depth in
                writer.object(depth) { item in
                    item.emptyObject("extensions")
                    item.string("name", attribute.name)
                    item.string("value", attribute.value)
                }
            }
            object.array("certificates", person.certificates) { writer, certificate, depth in
                writer.object(depth) { item in
                    item.array("covers", certificate.covers) { writer, coverage, depth in
                        writer.object(depth) { cover in
                            cover.string("competency", coverage.competency.rawValue)
                            cover.emptyObject("extensions")
                            cover.string("level", coverage.level.rawValue)
                        }
                    }
                    item.date("expires", certificate.expires)
                    item.emptyObject("extensions")
                    item.optional("id", certificate.id?.rawValue)
                    item.date("issued", certificate.issued)
                    item.string("kind", certificate.kind)
                    item.text("title", certificate.title)
                    item.optional("uri", certificate.uri)
                }
            }
            object.array("completions", person.completions) { writer, completion, depth in
                writer.object(depth) { item in
                    item.date("date", completion.date)
                    item.emptyObject("extensions")
                    item.string("module", completion.module.rawValue)
                }
            }
            object.emptyObject("extensions")
            object.string("id", person.id.rawValue)
            object.text("name", person.name)
            object.optional("position", person.position?.rawValue)
            object.optional("unit", person.unit?.rawValue)
            object.optional("uri", person.uri)
        }
        swap(&writer.out, &out)
        return true
    }

    /// Whether every part of `person` is one this writer covers.
    static func isPlain(_ person: Person) -> Bool {
        func plain(_ text: String) -> Bool { !text.utf8.contains { $0 < 0x20 || $0 == 0x7F } }
        func plain(_ text: LocalizedText) -> Bool {
            text.variants.allSatisfy { $0.foreignAttributes.isEmpty && plain($0.language) && plain($0.value) }
        }
        guard person.extensions.isEmpty, plain(person.id.rawValue), plain(person.name),
            person.uri.map(plain) ?? true, person.unit.map({ plain($0.rawValue) }) ?? true,
            person.position.map({ plain($0.rawValue) }) ?? true
        else { return false }
        for attribute in person.attributes where !attribute.extensions.isEmpty || !plain(attribute.name) || !plain(attribute.value) {
            return false
        }
        for assessment in person.assessments
        where !assessment.extensions.isEmpty || !plain(assessment.competency.rawValue) || !plain(assessment.level.rawValue) {
            return false
        }
        for certificate in person.certificates {
            guard certificate.extensions.isEmpty, plain(certificate.kind), plain(certificate.title),
                certificate.id.map({ plain($0.rawValue) }) ?? true, certificate.uri.map(plain) ?? true
            else { return false }
            for coverage in certificate.covers
            where !coverage.extensions.isEmpty || !plain(coverage.competency.rawValue) || !plain(coverage.level.rawValue) {
                return false
            }
        }
        for completion in person.completions where !completion.extensions.isEmpty || !plain(completion.module.rawValue) {
            return false
        }
        return true
    }

    /// Writes UTF-8 straight into an array of bytes: keys and punctuation are literals, and a
    /// value goes through `Escaping.appendJSON(_:to:)` (a person written here holds no
    /// control character, so only a quote or a backslash is escaped, as the encoder does).
    struct Writer {
        var out: [UInt8]

        mutating func literal(_ text: StaticString) { out.appendLiteral(text) }

        mutating func pad(_ depth: Int) { out.append(contentsOf: repeatElement(0x20, count: depth)) }

        mutating func quoted(_ text: String) { Escaping.appendJSON(text, to: &out) }

        /// An object at `depth`, its members written by `body` in key order.
        mutating func object(_ depth: Int, _ body: (inout Members) -> Void) {
            var members = Members(writer: Writer(out: []), depth: depth + 2)
            swap(&members.writer.out, &out)
            members.writer.out.append(UInt8(ascii: "{"))
            body(&members)
            members.writer.literal(members.count == 0 ? "\n\n" : "\n")
            members.writer.pad(depth)
            members.writer.out.append(UInt8(ascii: "}"))
            swap(&members.writer.out, &out)
        }

        struct Members {
            var writer: Writer
            let depth: Int
            var count = 0

            private mutating func key(_ name: StaticString) {
                writer.literal(count == 0 ? "\n" : ",\n")
                count += 1
                writer.pad(depth)
                writer.out.append(0x22)
                writer.literal(name)
                writer.literal("\" : ")
            }

            mutating func string(_ name: StaticString, _ value: String) {
                key(name)
                writer.quoted(value)
            }

            mutating func optional(_ name: StaticString, _ value: String?) {
                if let value { string(name, value) }
            }

            /// A date, when there is one: `YYYY-MM-DD` never needs escaping.
            mutating func date(_ name: StaticString, _ value: ISODate?) {
                guard let value else { return }
                key(name)
                writer.out.append(0x22)
                value.appendDescription(to: &writer.out)
                writer.out.append(0x22)
            }

            mutating func emptyObject(_ name: StaticString) {
                key(name)
                writer.literal("{\n\n")
                writer.pad(depth)
                writer.out.append(UInt8(ascii: "}"))
            }

            mutating func array<Element>(_ name: StaticString, _ items: [Element], _ item: (inout Writer, Element, Int) -> Void) {
                key(name)
                writer.out.append(UInt8(ascii: "["))
                if items.isEmpty {
                    writer.literal("\n\n")
                } else {
                    for (index, element) in items.enumerated() {
                        writer.literal(index == 0 ? "\n" : ",\n")
                        writer.pad(depth + 2)
                        item(&writer, element, depth + 2)
                    }
                    writer.out.append(0x0A)
                }
                writer.pad(depth)
                writer.out.append(UInt8(ascii: "]"))
            }

            mutating func text(_ name: StaticString, _ text: LocalizedText) {
                array(name, text.variants) { writer, variant, depth in
                    writer.object(depth) { item in
                        item.string("language", variant.language)
                        item.string("value", variant.value)
                    }
                }
            }
        }
    }
}

/// Bytes gathered and handed on in slices of about 1 MB, so that a stream is written in few
/// calls and never held whole.
struct SliceBuffer {
    private var data = Data()
    private let write: (Data) -> Void

    init(_ write: @escaping (Data) -> Void) { self.write = write }

    mutating func append(_ bytes: Data) {
        data.append(bytes)
        if data.count >= 1 << 20 { flush() }
    }

    mutating func append(_ bytes: [UInt8]) {
        data.append(contentsOf: bytes)
        if data.count >= 1 << 20 { flush() }
    }

    mutating func append(_ text: String) {
        data.append(contentsOf: text.utf8)
        if data.count >= 1 << 20 { flush() }
    }

    /// Hands on what is gathered; call once at the end.
    mutating func flush() {
        guard !data.isEmpty else { return }
        write(data)
        data.removeAll(keepingCapacity: true)
    }
}
