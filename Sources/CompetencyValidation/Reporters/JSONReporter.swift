import CompetencyModel
import Foundation

/// One JSON object:
/// `{"diagnostics":[{"rule","severity","message","file","line","column","subject","notes","fix"}],
/// "errors":N,"warnings":N,"notes":N}`. Absent values are `null`.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        let document = JSONReport(
            diagnostics: report.diagnostics.map(JSONReport.Entry.init),
            errors: report.diagnostics.count(of: .error),
            warnings: report.diagnostics.count(of: .warning),
            notes: report.diagnostics.count(of: .note))
        return encodeJSON(document)
    }
}

/// The shape of ``JSONReporter``'s output.
public struct JSONReport: Hashable, Sendable, Codable {
    public struct Note: Hashable, Sendable, Codable {
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
        }
    }

    public struct Entry: Hashable, Sendable, Codable {
        public var rule: String
        public var severity: Severity
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?
        /// The entity, as words: `competency 'C1.1'`.
        public var subject: String?
        public var notes: [Note]
        /// The suggested fix, as words: `did you mean 'C1.2'?`.
        public var fix: String?

        init(_ diagnostic: Diagnostic) {
            rule = diagnostic.rule
            severity = diagnostic.severity
            message = diagnostic.message
            file = diagnostic.location?.file
            line = diagnostic.location?.line
            column = diagnostic.location?.column
            subject = diagnostic.subject?.description
            notes = diagnostic.notes.map {
                Note(message: $0.message, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column)
            }
            fix = diagnostic.fix?.message
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule, forKey: .rule)
            try container.encode(severity, forKey: .severity)
            try container.encode(message, forKey: .message)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(subject, forKey: .subject)
            try container.encode(notes, forKey: .notes)
            try container.encode(fix, forKey: .fix)
        }
    }

    public var diagnostics: [Entry]
    public var errors: Int
    public var warnings: Int
    public var notes: Int
}

/// Pretty, sorted-key JSON with a final newline. Encoding these plain structs cannot fail;
/// should it, the error is reported as JSON rather than trapping.
func encodeJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
        return #"{"error":"could not encode the report"}"# + "\n"
    }
}
