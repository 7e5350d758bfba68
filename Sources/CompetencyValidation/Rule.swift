import CompetencyModel
public import CompetencyDiagnostics

/// A validation rule: a small type with a description, checked against frameworks, rosters
/// or both.
///
/// Rules are stateless. A rule that only looks at frameworks implements
/// ``validate(framework:)``; one that looks at rosters implements ``validate(roster:)``.
/// Both default to finding nothing. Rules that describe problems found while reading the
/// bytes (`xml-syntax`, `schema`, `unsafe-xml`) find nothing in a model: the reader reports
/// those, and the caller turns them into diagnostics with the rule's identifier.
public protocol Rule: Sendable {
    /// The rule's identity, documentation and examples.
    static var description: RuleDescription { get }

    init()

    /// Findings in a framework.
    func validate(framework context: FrameworkContext) -> [Diagnostic]

    /// Findings in a roster, checked against its framework when there is one.
    func validate(roster context: RosterContext) -> [Diagnostic]
}

extension Rule {
    public func validate(framework context: FrameworkContext) -> [Diagnostic] { [] }
    public func validate(roster context: RosterContext) -> [Diagnostic] { [] }

    /// A diagnostic of this rule, at its default severity, located through the context's
    /// source map.
    func diagnostic(
        _ message: String, about subject: Subject, occurrence: Int = 0, in context: some Locating,
        notes: [Diagnostic.Note] = [], fix: Diagnostic.FixIt? = nil
    ) -> Diagnostic {
        Diagnostic(
            id: Self.description.id, severity: Self.description.defaultSeverity,
            message: message, location: context.location(of: subject, occurrence: occurrence),
            subject: subject, notes: notes, fixIts: fix.map { [$0] } ?? [])
    }
}

/// The identity, documentation and examples of a rule.
public struct RuleDescription: Hashable, Sendable {
    /// The stable identifier that configurations and reports use (`duplicate-id`).
    public var identifier: String
    /// A short human name (`Duplicate ID`).
    public var name: String
    /// What the rule checks, in one sentence.
    public var summary: String
    /// Why it matters.
    public var rationale: String
    public var defaultSeverity: DiagnosticSeverity
    /// The identifier of the rule's findings: `validation.<identifier>`. The three rules
    /// about the bytes describe the reader's findings instead: `xml-syntax` covers the
    /// `xml` domain, `unsafe-xml` is `xml.unsafe`, and `schema` the `schema` domain.
    public var id: DiagnosticID { .validation(identifier) }

    /// The rule as reports list it.
    public var descriptor: RuleDescriptor {
        RuleDescriptor(identifier: identifier, name: name, summary: summary, rationale: rationale, defaultSeverity: defaultSeverity)
    }

    /// Documents in which the rule must find something, at each `↓` marker.
    public var triggeringExamples: [RuleExample]
    /// Documents in which the rule must find nothing.
    public var nonTriggeringExamples: [RuleExample]

    public init(
        identifier: String, name: String, summary: String, rationale: String,
        defaultSeverity: DiagnosticSeverity, triggeringExamples: [RuleExample],
        nonTriggeringExamples: [RuleExample]
    ) {
        self.identifier = identifier
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}

/// A small example document for a rule: a framework, or a roster with its framework.
///
/// A `↓` written just before an element's `<` marks where a finding must point. Markers
/// are removed before the document is read.
public struct RuleExample: Hashable, Sendable {
    /// The marker that shows where a finding points.
    public static let marker: Character = "↓"

    /// A framework document.
    public var framework: String
    /// A roster document checked against `framework`, if the example is about rosters.
    public var roster: String?

    public init(framework: String, roster: String? = nil) {
        self.framework = framework
        self.roster = roster
    }

    /// A framework example.
    public static func framework(_ text: String) -> RuleExample { RuleExample(framework: text) }

    /// A roster example with the framework it refers to.
    public static func roster(_ text: String, framework: String) -> RuleExample {
        RuleExample(framework: framework, roster: text)
    }

    /// A document's text without its markers, and the 1-based line and column of each
    /// marker (the position of the character that follows it), in document order.
    public static func stripMarkers(_ text: String) -> (text: String, markers: [(line: Int, column: Int)]) {
        var output = String.UnicodeScalarView()
        var markers: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        let markerScalar = marker.unicodeScalars.first
        for scalar in text.unicodeScalars {
            if scalar == markerScalar {
                markers.append((line, column))
                continue
            }
            output.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (String(output), markers)
    }
}
