import CompetencyModel
import Foundation

/// The version of CompetencyKit and of the `competency` tool, written once.
public enum CompetencyKitVersion {
    /// `0.1.0`.
    public static let string = "0.1.0"
    /// Where the project and its documentation live; reports link rules under it.
    public static let repositoryURL = "https://github.com/competencykit/competencykit"
}

/// A rule as reports describe it: what SARIF lists in `tool.driver.rules`.
public struct RuleDescriptor: Hashable, Sendable, Codable {
    /// The identifier configurations use (`duplicate-id`).
    public var identifier: String
    /// A short human name (`Duplicate ID`).
    public var name: String
    /// What the rule checks, in one sentence.
    public var summary: String
    /// Why it matters.
    public var rationale: String
    public var defaultSeverity: DiagnosticSeverity

    public init(identifier: String, name: String, summary: String, rationale: String, defaultSeverity: DiagnosticSeverity) {
        self.identifier = identifier
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
    }

    /// The rule's section in the catalogue page: `Documentation/Rules.md#identifier`, under `base`.
    public func documentationURI(base: String) -> String {
        base + "/blob/main/Documentation/Rules.md#" + identifier
    }
}

/// What a reporter renders: the findings, the rules that could have produced them, the
/// text of the files they point into, and who produced them.
public struct Report: Sendable {
    /// The tool named in machine-readable reports.
    public struct Tool: Hashable, Sendable {
        public var name: String
        public var version: String
        /// The tool's home page; rules link to their documentation under it.
        public var informationURI: String?
        public init(name: String, version: String, informationURI: String? = nil) {
            self.name = name
            self.version = version
            self.informationURI = informationURI
        }

        /// The `competency` tool of this version of CompetencyKit.
        public static let competency = Tool(
            name: "competency", version: CompetencyKitVersion.string, informationURI: CompetencyKitVersion.repositoryURL)
    }

    public var diagnostics: [Diagnostic]
    /// The rules that ran (SARIF lists them).
    public var rules: [RuleDescriptor]
    /// The text of each file, by the path diagnostics give, for source lines and carets.
    public var sources: [String: String]
    /// Single lines of files too large for ``sources``, by path and 1-based line number (see
    /// ``readingSources(maxBytes:)``).
    public var excerpts: [String: [Int: String]] = [:]
    public var tool: Tool

    public init(
        diagnostics: [Diagnostic], rules: [RuleDescriptor] = [], sources: [String: String] = [:], tool: Tool = .competency
    ) {
        self.diagnostics = diagnostics
        self.rules = rules
        self.sources = sources
        self.tool = tool
    }

    /// This report with the text of every file its diagnostics point into, for source
    /// lines and carets: files not in ``sources`` are read from disk when they are regular
    /// files. A file of at most `maxBytes` bytes is read whole; of a larger one, only the
    /// lines the diagnostics and their notes point at are kept, in ``excerpts``, so a report
    /// on a huge document never holds it. Files that cannot be read are left out.
    public func readingSources(maxBytes: Int = 16 << 20) -> Report {
        var copy = self
        var lines: [String: Set<Int>] = [:]
        for location in diagnostics.flatMap({ [$0.location] + $0.notes.map(\.location) }) {
            guard let location, let file = location.file, location.line >= 1 else { continue }
            lines[file, default: []].insert(location.line)
        }
        for (file, numbers) in lines where copy.sources[file] == nil && copy.excerpts[file] == nil {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let size = attributes[.size] as? Int
            else { continue }
            if size <= maxBytes {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                copy.sources[file] = String(decoding: data, as: UTF8.self)
            } else {
                copy.excerpts[file] = SourceExcerpt.lines(numbers, ofFileAt: file)
            }
        }
        return copy
    }

    /// This report with the ``Diagnostic/FixIt/ranges`` of each fix-it found in the source
    /// text, from the start tag at the diagnostic's location: the element's name in its
    /// start and end tags when the tag's name is ``Diagnostic/FixIt/original``, else the
    /// quoted value (or value token) equal to it. Fix-its whose text cannot be found keep
    /// no range.
    public func resolvingFixItRanges() -> Report {
        var lines = SourceLines(sources, excerpts: excerpts)
        var copy = self
        for index in copy.diagnostics.indices {
            guard let location = copy.diagnostics[index].location, let file = location.file else { continue }
            for fix in copy.diagnostics[index].fixIts.indices {
                let fixIt = copy.diagnostics[index].fixIts[fix]
                guard fixIt.ranges.isEmpty, let original = fixIt.original else { continue }
                copy.diagnostics[index].fixIts[fix].ranges =
                    lines.rangesOfElementName(original, at: location, of: file)
                    ?? lines.rangeOfValue(original, inTagAt: location, of: file).map { [$0] } ?? []
            }
        }
        return copy
    }
}

/// Renders a report as text.
public protocol Reporter: Sendable {
    /// The whole output, ending with a newline.
    func render(_ report: Report) -> String
}

/// The output formats, chosen by identifier.
public enum ReportFormat: String, Hashable, Sendable, CaseIterable, Codable {
    /// Like a compiler: `file:line:col: error: message [domain.code]`, the source line and a caret.
    case text
    /// One JSON object: diagnostics and counts.
    case json
    /// SARIF 2.1.0, for code-scanning services.
    case sarif

    /// The reporter for this format. `colour` applies to text only; pass `true` only when
    /// the output goes to a terminal. `words` is the language of the text report's own words;
    /// JSON and SARIF do not depend on a language.
    public func reporter(colour: Bool = false, words: Localizer = .standard()) -> any Reporter {
        switch self {
        case .text: TextReporter(colour: colour, words: words)
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        }
    }
}

/// The lines of source files, split on first use.
struct SourceLines {
    private let sources: [String: String]
    private let excerpts: [String: [Int: String]]
    /// Per file, where the lines found so far start and end (their breaks left out), in bytes:
    /// a file is scanned only as far as the lines asked for, once.
    private var lines: [String: LineIndex] = [:]

    private struct LineIndex {
        var starts: [Int] = [0]
        var ends: [Int] = []
        var done = false
    }

    init(_ sources: [String: String], excerpts: [String: [Int: String]] = [:]) {
        self.sources = sources
        self.excerpts = excerpts
    }

    /// The 1-based `number`-th line of `file`, without its line break. Lines end at LF, CRLF
    /// or a lone CR, counted on the bytes (Swift counts `\r\n` as one character).
    mutating func line(_ number: Int, of file: String) -> String? {
        guard var text = sources[file] else { return excerpts[file]?[number] }
        guard number >= 1 else { return nil }
        var index = lines[file] ?? LineIndex()
        defer { lines[file] = index }
        return text.withUTF8 { bytes -> String? in
            let count = bytes.count
            while index.ends.count < number, !index.done {
                var at = index.starts[index.starts.count - 1]
                while at < count, bytes[at] != 0x0A, bytes[at] != 0x0D { at += 1 }
                index.ends.append(at)
                if at == count {
                    index.done = true
                } else {
                    let next = bytes[at] == 0x0D && at + 1 < count && bytes[at + 1] == 0x0A ? at + 2 : at + 1
                    index.starts.append(next)
                }
            }
            guard number <= index.ends.count else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[index.starts[number - 1]..<index.ends[number - 1]]), as: UTF8.self)
        }
    }

    /// Where the name `name` is written in the start tag at `start` and in its end tag,
    /// when the tag at `start` is `<name`; `nil` otherwise. A self-closing tag has no end
    /// tag; the end tag is looked for in the next 1,000 lines.
    mutating func rangesOfElementName(_ name: String, at start: SourceLocation, of file: String) -> [SourceRange]? {
        guard let first = line(start.line, of: file) else { return nil }
        let scalars = Array(first.unicodeScalars)
        let wanted = Array(name.unicodeScalars)
        let open = start.column - 1
        let nameStart = open + 1
        let nameEnd = nameStart + wanted.count
        guard open >= 0, nameEnd <= scalars.count, scalars[open] == "<", Array(scalars[nameStart..<nameEnd]) == wanted,
            nameEnd == scalars.count || scalars[nameEnd] == ">" || scalars[nameEnd] == "/" || scalars[nameEnd].properties.isWhitespace
        else { return nil }
        var ranges = [
            SourceRange(
                start: SourceLocation(file: file, line: start.line, column: nameStart + 1),
                end: SourceLocation(file: file, line: start.line, column: nameEnd + 1))
        ]
        let closing = Array("</\(name)".unicodeScalars)
        var inStartTag = true
        var number = start.line
        var index = nameEnd
        search: while number < start.line + 1_000, let text = line(number, of: file) {
            let row = Array(text.unicodeScalars)
            while index < row.count {
                if inStartTag {
                    // The start tag ends at `>`; `/>` means there is no end tag.
                    if row[index] == "/", index + 1 < row.count, row[index + 1] == ">" { break search }
                    if row[index] == ">" { inStartTag = false }
                } else if index + closing.count <= row.count, Array(row[index..<index + closing.count]) == closing {
                    let after = index + closing.count
                    if after == row.count || row[after] == ">" || row[after].properties.isWhitespace {
                        ranges.append(
                            SourceRange(
                                start: SourceLocation(file: file, line: number, column: index + 3),
                                end: SourceLocation(file: file, line: number, column: after + 1)))
                        break search
                    }
                }
                index += 1
            }
            number += 1
            index = 0
        }
        return ranges
    }

    /// Where the attribute value `value` (between quotes, whole or as one token of a
    /// space-separated list) is written in the start tag that
    /// begins at `start`: its first character up to just after its last, on one line.
    /// Looks at most 20 lines ahead, and stops at the end of the tag.
    mutating func rangeOfValue(_ value: String, inTagAt start: SourceLocation, of file: String) -> SourceRange? {
        let wanted = Array(value.unicodeScalars)
        for number in start.line..<(start.line + 20) {
            guard let text = line(number, of: file) else { return nil }
            let scalars = Array(text.unicodeScalars)
            var index = number == start.line ? max(0, start.column - 1) : 0
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == ">" { return nil }
                if scalar == "\"" || scalar == "'" {
                    let open = index + 1
                    var close = open
                    while close < scalars.count, scalars[close] != scalar { close += 1 }
                    // The whole value, or one of its space-separated tokens (an IDREFS list).
                    var tokenStart = open
                    while close < scalars.count, tokenStart < close {
                        while tokenStart < close, scalars[tokenStart].properties.isWhitespace { tokenStart += 1 }
                        var tokenEnd = tokenStart
                        while tokenEnd < close, !scalars[tokenEnd].properties.isWhitespace { tokenEnd += 1 }
                        if tokenEnd > tokenStart, Array(scalars[tokenStart..<tokenEnd]) == wanted {
                            return SourceRange(
                                start: SourceLocation(file: file, line: number, column: tokenStart + 1),
                                end: SourceLocation(file: file, line: number, column: tokenEnd + 1))
                        }
                        tokenStart = tokenEnd
                    }
                    index = close + 1
                    continue
                }
                index += 1
            }
        }
        return nil
    }
}
