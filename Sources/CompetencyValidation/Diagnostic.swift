import CompetencyModel

/// One finding: what is wrong, where, and what to do about it.
public struct Diagnostic: Hashable, Sendable, Codable {
    /// Related information attached to a diagnostic, with its own location (for a duplicate
    /// ID: where the first one is).
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

    /// A suggested correction (for an unknown reference: the nearest existing ID).
    public struct FixIt: Hashable, Sendable, Codable {
        /// What to do, for a reader: `did you mean 'C1.2'?`.
        public var message: String
        /// The text that should replace the offending value, where there is one.
        public var replacement: String?

        public init(message: String, replacement: String? = nil) {
            self.message = message
            self.replacement = replacement
        }

        /// `did you mean 'replacement'?`
        public static func didYouMean(_ replacement: String) -> FixIt {
            FixIt(message: "did you mean '\(replacement)'?", replacement: replacement)
        }
    }

    /// The identifier of the rule that produced the finding (`duplicate-id`).
    public var rule: String
    public var severity: Severity
    /// What is wrong and what to do.
    public var message: String
    /// Where the offending element's start tag is; `nil` for a model built in code.
    public var location: SourceLocation?
    /// The entity the finding is about; `nil` only for findings about the bytes themselves
    /// (`xml-syntax`, `schema`, `unsafe-xml`).
    public var subject: Subject?
    public var notes: [Note]
    public var fix: FixIt?

    public init(
        rule: String, severity: Severity, message: String, location: SourceLocation? = nil,
        subject: Subject? = nil, notes: [Note] = [], fix: FixIt? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
        self.subject = subject
        self.notes = notes
        self.fix = fix
    }
}

extension Diagnostic {
    /// Orders diagnostics for reading: by file, line and column; those without a location
    /// last. Ties keep their order (use a stable sort).
    public static func documentOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (let left?, let right?): left < right
        case (.some, .none): true
        case (.none, _): false
        }
    }
}

extension Array where Element == Diagnostic {
    /// How many diagnostics have `severity`.
    public func count(of severity: Severity) -> Int { reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
