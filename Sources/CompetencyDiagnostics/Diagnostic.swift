public import CompetencyModel

/// One finding: what it is, how serious, what is wrong and what to do, and where.
///
/// Every part of CompetencyKit reports in this one type: the XML reader and the schema
/// check, importers and exporters (what they repaired and what they could not carry over),
/// the validation rules and the roster checks that planning runs. ``Report`` and the
/// reporters render any list of them.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Related information with its own location (for a duplicate ID: where the first one is).
    public struct Note: Hashable, Sendable, Codable {
        public var message: String
        public var location: SourceLocation?
        public var subject: Subject?

        public init(message: String, location: SourceLocation? = nil, subject: Subject? = nil) {
            self.message = message
            self.location = location
            self.subject = subject
        }
    }

    /// A suggested correction: replace ``original`` with ``replacement``.
    ///
    /// ``ranges`` says exactly which characters to replace: one attribute value, or the
    /// name in an element's start and end tags. Rules know the value they would change but
    /// not where its characters are, so they give ``original``; a ``Report`` that holds the
    /// source text finds the ranges (see ``Report/resolvingFixItRanges()``).
    public struct FixIt: Hashable, Sendable, Codable {
        /// What to do, for a reader: `did you mean 'C1.2'?`.
        public var message: String
        /// The text that should replace the offending value, where there is one.
        public var replacement: String?
        /// The offending value as written.
        public var original: String?
        /// Where ``original`` is written, once known: every place to replace.
        public var ranges: [SourceRange]

        public init(message: String, replacement: String? = nil, original: String? = nil, ranges: [SourceRange] = []) {
            self.message = message
            self.replacement = replacement
            self.original = original
            self.ranges = ranges
        }

        /// `did you mean 'replacement'?`, replacing `original` when given.
        public static func didYouMean(_ replacement: String, for original: String? = nil) -> FixIt {
            FixIt(message: "did you mean '\(replacement)'?", replacement: replacement, original: original)
        }
    }

    /// What kind of finding this is (`validation.duplicate-id`).
    public var id: DiagnosticID
    public var severity: DiagnosticSeverity
    /// What is wrong and what to do.
    public var message: String
    /// Where the offending element's start tag is; `nil` for a model built in code.
    public var location: SourceLocation?
    /// The entity the finding is about; `nil` for findings about the bytes themselves.
    public var subject: Subject?
    public var notes: [Note]
    public var fixIts: [FixIt]

    public init(
        id: DiagnosticID, severity: DiagnosticSeverity, message: String, location: SourceLocation? = nil,
        subject: Subject? = nil, notes: [Note] = [], fixIts: [FixIt] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.subject = subject
        self.notes = notes
        self.fixIts = fixIts
    }

    /// An error of `id` at `location`.
    public static func error(_ id: DiagnosticID, _ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(id: id, severity: .error, message: message, location: location)
    }

    /// A warning of `id` at `location`.
    public static func warning(_ id: DiagnosticID, _ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(id: id, severity: .warning, message: message, location: location)
    }

    /// The validation rule whose configuration applies to this finding (see ``DiagnosticID/rule``).
    public var rule: String? { id.rule }

    /// The first line of the text form: `file:line:column: severity: message [id]`, like a
    /// compiler. Without a location, the subject (or nothing) takes its place.
    public var summary: String {
        let place = location.map { "\($0): " } ?? subject.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(id)]"
    }

    /// The summary line, then one line per fix-it and note.
    public var description: String {
        var lines = [summary]
        let place = location.map { "\($0): " } ?? subject.map { "\($0): " } ?? ""
        for fix in fixIts { lines.append("\(place)note: \(fix.message)") }
        for note in notes {
            let notePlace = note.location.map { "\($0): " } ?? note.subject.map { "\($0): " } ?? ""
            lines.append("\(notePlace)note: \(note.message)")
        }
        return lines.joined(separator: "\n")
    }
}

/// A range of characters in a source file: from ``start`` up to, not including, ``end``.
public struct SourceRange: Hashable, Sendable, Codable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }
}

extension Diagnostic {
    /// Orders diagnostics for reading: by file, line and column; those without a location
    /// last. Ties keep their order (use a stable sort, or ``sorted(_:)``).
    public static func documentOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (let left?, let right?): left < right
        case (.some, .none): true
        case (.none, _): false
        }
    }

    /// Diagnostics in document order; ties keep their order.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            if documentOrder(lhs.element, rhs.element) { return true }
            if documentOrder(rhs.element, lhs.element) { return false }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

extension Array where Element == Diagnostic {
    /// How many diagnostics have `severity`.
    public func count(of severity: DiagnosticSeverity) -> Int { reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Whether any diagnostic says an input could not be read at all.
    public var hasUnusableInput: Bool { contains { $0.severity == .error && $0.id.isUnusable } }
}
