import CompetencyModel
import Foundation

/// One JSON object, the same for every verb:
/// `{"diagnostics":[{"id","rule","severity","message","file","line","column","subject","notes","fixIts"}],
/// "errors":N,"warnings":N,"notes":N,"remarks":N}`. Absent values are `null`. Fix-its carry
/// the ranges they replace where the report's sources show them.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        encodeJSON(JSONReport(report.resolvingFixItRanges().diagnostics))
    }
}

/// The shape of ``JSONReporter``'s output.
public struct JSONReport: Hashable, Sendable, Codable {
    public struct Note: Hashable, Sendable, Codable {
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?

        public init(message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
            self.message = message
            self.file = file
            self.line = line
            self.column = column
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
        }
    }

    public struct FixIt: Hashable, Sendable, Codable {
        /// What to do, as words: `did you mean 'C1.2'?`.
        public var message: String
        public var replacement: String?
        public var original: String?
        /// Each place to replace: `[startLine, startColumn, endLine, endColumn]`, the end
        /// being the character after the last one replaced.
        public var ranges: [[Int]]

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(replacement, forKey: .replacement)
            try container.encode(original, forKey: .original)
            try container.encode(ranges, forKey: .ranges)
        }
    }

    public struct Entry: Hashable, Sendable, Codable {
        /// `domain.code`.
        public var id: String
        /// The validation rule whose configuration applies, if any.
        public var rule: String?
        public var severity: DiagnosticSeverity
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?
        /// The entity, as words: `competency 'C1.1'`.
        public var subject: String?
        public var notes: [Note]
        public var fixIts: [FixIt]

        init(_ diagnostic: Diagnostic) {
            id = diagnostic.id.description
            rule = diagnostic.rule
            severity = diagnostic.severity
            message = diagnostic.message
            let location = diagnostic.location.flatMap { $0.line == 0 ? nil : $0 }
            file = diagnostic.location?.file
            line = location?.line
            column = location?.column
            subject = diagnostic.subject?.description
            notes = diagnostic.notes.map {
                Note(message: $0.message, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column)
            }
            fixIts = diagnostic.fixIts.map {
                FixIt(
                    message: $0.message, replacement: $0.replacement, original: $0.original,
                    ranges: $0.ranges.map { [$0.start.line, $0.start.column, $0.end.line, $0.end.column] })
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(rule, forKey: .rule)
            try container.encode(severity, forKey: .severity)
            try container.encode(message, forKey: .message)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(subject, forKey: .subject)
            try container.encode(notes, forKey: .notes)
            try container.encode(fixIts, forKey: .fixIts)
        }
    }

    public var diagnostics: [Entry]
    public var errors: Int
    public var warnings: Int
    public var notes: Int
    public var remarks: Int

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.map(Entry.init)
        errors = diagnostics.count(of: .error)
        warnings = diagnostics.count(of: .warning)
        notes = diagnostics.count(of: .note)
        remarks = diagnostics.count(of: .remark)
    }
}

/// Pretty, sorted-key JSON with a final newline. Encoding these plain structs cannot fail;
/// should it, the error is reported as JSON rather than trapping.
package func encodeJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
        return #"{"error":"could not encode the report"}"# + "\n"
    }
}
