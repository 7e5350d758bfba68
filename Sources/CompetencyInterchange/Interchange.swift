import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

extension Diagnostic {
    /// An importer's finding. `code` names the format first where it belongs to one
    /// (`csv-missing-value` is `csv.missing-value`, `json-syntax` is `json.syntax`); other
    /// codes are of the `interchange` domain (`interchange.unresolved-include`).
    static func interchange(
        _ severity: DiagnosticSeverity, _ code: String, _ message: String, at location: SourceLocation?
    ) -> Diagnostic {
        Diagnostic(id: .interchange(code), severity: severity, message: message, location: location)
    }
}

extension DiagnosticID {
    /// The identifier of an importer's finding (see ``Diagnostic/interchange(_:_:_:at:)``).
    static func interchange(_ code: String) -> DiagnosticID {
        for format in ["json", "csv", "case", "medbiq", "ctdl", "esco", "sfia", "moodle", "xml"] where code.hasPrefix(format + "-") {
            return DiagnosticID(domain: format, code: String(code.dropFirst(format.count + 1)))
        }
        return DiagnosticID(domain: "interchange", code: code)
    }
}

extension DiagnosticError {
    /// `interchange.too-deep`: competencies nested beyond ``Competency/maxNestingDepth``.
    static func tooDeep(at location: SourceLocation?) -> DiagnosticError {
        DiagnosticError([
            .interchange(
                .error, "too-deep",
                "competencies are nested more than \(Competency.maxNestingDepth) deep under this one; no framework needs this, "
                    + "and the native format cannot hold it. Flatten the hierarchy",
                at: location)
        ])
    }

    /// An import failure with one error.
    init(_ code: String, _ message: String, at location: SourceLocation?) {
        self.init([.interchange(.error, code, message, at: location)])
    }
}

/// The result of an export: one or more files (name → bytes) and what was not carried over.
public struct Exported: Sendable {
    /// The files written, in order; most formats write one. Names are relative file names.
    public var files: [(name: String, data: Data)]
    public var report: LossReport

    public init(files: [(name: String, data: Data)], report: LossReport = LossReport()) {
        self.files = files
        self.report = report
    }

    /// The bytes of the first (main) file.
    public var data: Data { files.first?.data ?? Data() }
}

/// The interchange formats.
public enum InterchangeFormat: String, Hashable, Sendable, CaseIterable, Codable {
    /// The native XML vocabulary.
    case xml
    /// The Codable JSON form of the model.
    case json
    /// 1EdTech CASE 1.0 / 1.1 JSON (a CFPackage).
    case `case`
    /// MedBiquitous Competency Framework / Competency Object / Performance Framework XML.
    case medbiq
    /// CTDL-ASN JSON-LD.
    case ctdl
    /// ESCO v1.2 CSV files.
    case esco
    /// SFIA CSV files.
    case sfia
    /// The flat CSV table of a framework, or a roster in long form.
    case csv
    /// The competency framework CSV of Moodle's `tool_lpimportcsv`.
    case moodle

    /// The format's name in messages: `native XML`, `CASE JSON`, `MedBiquitous XML` ...
    public var displayName: String {
        switch self {
        case .xml: "native XML"
        case .json: "native JSON"
        case .case: "CASE JSON"
        case .medbiq: "MedBiquitous XML"
        case .ctdl: "CTDL-ASN JSON-LD"
        case .esco: "ESCO CSV"
        case .sfia: "SFIA CSV"
        case .csv: "CompetencyKit roster CSV"
        case .moodle: "Moodle competency framework CSV"
        }
    }

    /// Whether CompetencyKit can import the format.
    public var canImport: Bool { true }

    /// Whether CompetencyKit can export the format.
    public var canExport: Bool {
        switch self {
        case .xml, .json, .case, .medbiq, .ctdl, .csv, .moodle: true
        case .esco, .sfia: false
        }
    }
}

/// Small shared helpers.
enum Text {
    /// Collapses runs of whitespace and trims, for labels read from other formats.
    static func normalized(_ text: String) -> String {
        if isNormalized(text) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text.unicodeScalars {
            if character.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Whether `text` has nothing for ``normalized(_:)`` to change: no white space but
    /// single spaces between other characters. The White_Space characters beyond ASCII are
    /// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000;
    /// their UTF-8 forms are told on the bytes, so that Vietnamese text, whose letters
    /// share the lead bytes 0xC2 and 0xE1 with some of them, stays on this path.
    static func isNormalized(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0x20
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                switch byte {
                case 0x09...0x0D: return false
                case 0x20 where previous == 0x20: return false
                case 0xC2 where index + 1 < count && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0): return false
                case 0xE1 where index + 2 < count && bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80: return false
                case 0xE2 where index + 2 < count:
                    let second = bytes[index + 1]
                    let third = bytes[index + 2]
                    if second == 0x80, (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF { return false }
                    if second == 0x81, third == 0x9F { return false }
                case 0xE3 where index + 2 < count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80: return false
                default: break
                }
                previous = byte
                index += 1
            }
            return previous != 0x20 || count == 0
        }
    }

    /// `text` without leading and trailing white space (Unicode's), without Foundation.
    static func trimmed(_ text: String) -> String {
        // Most texts start and end with an ASCII byte that is not white space: nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
            !CSVRecord.isASCIISpace(first), !CSVRecord.isASCIISpace(last)
        {
            return text
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !first.properties.isWhitespace, !last.properties.isWhitespace { return text }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`, without calling Foundation
    /// when the text starts and ends with an ASCII byte that is not white space.
    static func trimmedOfWhitespaceAndNewlines(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
            !CSVRecord.isASCIISpace(first), !CSVRecord.isASCIISpace(last)
        {
            return text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, without calling Foundation when the text
    /// starts and ends with an ASCII byte that is not white space.
    static func trimmedOfWhitespace(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
            !CSVRecord.isASCIISpace(first), !CSVRecord.isASCIISpace(last)
        {
            return text
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// A valid identifier token made from `text`: characters outside `[A-Za-z0-9._-]`
    /// become `-`, and a prefix is added when the first character cannot start a token.
    static func token(_ text: String, prefix: String) -> String {
        if let ascii = asciiToken(text) { return ascii.isEmpty || !IdentifierSyntax.isValidToken(ascii) ? prefix + ascii : ascii }
        var result = ""
        for scalar in text.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "." || scalar == "_" || scalar == "-"
            {
                result.unicodeScalars.append(scalar)
            } else if result.last != "-" {
                result.append("-")
            }
        }
        if result.isEmpty || !IdentifierSyntax.isValidToken(result) { result = prefix + result }
        return result
    }

    /// ``token(_:prefix:)`` before its prefix, on the bytes of an ASCII `text`; `nil` beyond ASCII.
    private static func asciiToken(_ text: String) -> String? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D
                {
                    result.append(byte)
                } else if result.last != 0x2D {
                    result.append(0x2D)
                }
            }
            return String(decoding: result, as: UTF8.self)
        } ?? nil
    }
}

/// Hands out unique identifiers: the preferred one when free, else with a numeric suffix.
struct IDAllocator {
    private var used: Set<String> = []

    mutating func claim(_ preferred: String) -> String {
        if used.insert(preferred).inserted { return preferred }
        var number = 2
        while !used.insert("\(preferred)-\(number)").inserted { number += 1 }
        return "\(preferred)-\(number)"
    }

    func contains(_ id: String) -> Bool { used.contains(id) }
}

/// Extension content the importers attach for what a source format holds and the native
/// model has no field for: attributes and elements in a namespace of the source format's
/// own, `urn:competencykit:interchange:<format>` (prefix `<format>`), that the native
/// formats keep where they stand and that the format's exporter restores.
enum SourceExtension {
    /// The namespace of `format`'s extension content. The formats CompetencyKit imports share
    /// one string each, so that the attributes of a large import do not each hold a copy.
    static func namespace(_ format: String) -> String {
        switch format {
        case "case": Namespaces.case
        case "ctdl": Namespaces.ctdl
        case "medbiq": Namespaces.medbiq
        case "esco": Namespaces.esco
        case "sfia": Namespaces.sfia
        case "moodle": Namespaces.moodle
        default: "urn:competencykit:interchange:\(format)"
        }
    }

    private enum Namespaces {
        static let `case` = "urn:competencykit:interchange:case"
        static let ctdl = "urn:competencykit:interchange:ctdl"
        static let medbiq = "urn:competencykit:interchange:medbiq"
        static let esco = "urn:competencykit:interchange:esco"
        static let sfia = "urn:competencykit:interchange:sfia"
        static let moodle = "urn:competencykit:interchange:moodle"
    }

    /// The value of the attribute `name` that the importer of `format` kept, if any.
    static func attribute(_ name: String, of format: String, in extensions: Extensions) -> String? {
        let namespace = namespace(format)
        return extensions.attributes.first { $0.namespace == namespace && $0.name == name }?.value
    }

    /// Sets the attribute `name` of `format`, replacing one of the same name.
    static func set(_ name: String, _ value: String, of format: String, in extensions: inout Extensions) {
        let namespace = namespace(format)
        extensions.attributes.removeAll { $0.namespace == namespace && $0.name == name }
        extensions.attributes.append(ForeignAttribute(namespace: namespace, prefix: format, name: name, value: value))
    }

    /// Removes the attributes of `format` named in `names`.
    static func remove(_ names: Set<String>, of format: String, from extensions: inout Extensions) {
        let namespace = namespace(format)
        extensions.attributes.removeAll { $0.namespace == namespace && names.contains($0.name) }
    }

    /// Applies `body` to the extensions of the framework and of every domain and competency,
    /// and with `links` of every relation and match too.
    static func forEachExtensions(_ framework: inout Framework, links: Bool, _ body: (inout Extensions) -> Void) {
        func competency(_ value: inout Competency) {
            body(&value.extensions)
            if links {
                for index in value.relations.indices { body(&value.relations[index].extensions) }
                for index in value.matches.indices { body(&value.matches[index].extensions) }
            }
            for index in value.children.indices { competency(&value.children[index]) }
        }
        body(&framework.extensions)
        for index in framework.domains.indices {
            body(&framework.domains[index].extensions)
            for inner in framework.domains[index].competencies.indices { competency(&framework.domains[index].competencies[inner]) }
        }
    }

    /// `extensions` without the content of `format`'s namespace: what its exporter restores
    /// is not content it has no place for.
    static func removing(_ format: String, from extensions: Extensions) -> Extensions {
        let namespace = namespace(format)
        return Extensions(
            attributes: extensions.attributes.filter { $0.namespace != namespace },
            elements: extensions.elements.filter { $0.element.namespace != namespace })
    }
}

extension Framework {
    /// Makes the version semantic, as `competency validate` requires: `9` → `9.0.0`,
    /// `1.0` → `1.0.0`, `v2.1.3` → `2.1.3`. The original is kept as the `version`
    /// attribute of the source format's extension namespace (see ``SourceExtension``), so
    /// that the format's exporter writes it back, and the repair is noted in `report`. A
    /// version no semantic one can be made of is dropped the same way, kept and noted.
    mutating func repairVersion(format: String, report: inout LossReport, at location: SourceLocation?) {
        guard let original = version, !SemanticVersion.isValid(original) else { return }
        SourceExtension.set("version", original, of: format, in: &extensions)
        if let repaired = SemanticVersion.suggestion(for: original) {
            version = repaired
            report.fixUp(
                "version", "a version that is not semantic ('\(original)'), written as '\(repaired)'; the original is kept as \(format):version",
                at: location)
        } else {
            version = nil
            report.fixUp(
                "version", "a version that is not semantic and cannot be made so ('\(original)'), left out; the original is kept as \(format):version",
                at: location)
        }
    }
}

extension LossReport {
    /// Records the framework's positions, training modules and assignment rules as lost, each
    /// where it stood, with `reason` after the kind: "positions: CASE has no place for them".
    /// Every exporter whose format has no place for the planning parts of a framework reports
    /// them this way.
    mutating func lossOfPlanningParts(of framework: Framework, sourceMap: SourceMap, reason: String) {
        for position in framework.positions {
            loss("position", "positions: \(reason)", at: sourceMap.location(of: .position(position.id)))
        }
        for module in framework.modules {
            loss("module", "training modules: \(reason)", at: sourceMap.location(of: .module(module.id)))
        }
        for rule in framework.rules {
            loss("rule", "assignment rules: \(reason)", at: sourceMap.location(of: .rule(rule.id)))
        }
    }
}
