import CompetencyModel
import CompetencyDiagnostics

/// The reference checks a roster must pass before it is planned, person by person, so that
/// a roster of any size is checked while it streams past and is never held whole.
///
/// They are the roster half of `unknown-reference` and `level-not-defined`, with the same
/// identifiers and wording: a person's position, the competencies and levels of their
/// assessments and certificates, and the modules they completed must exist in the
/// framework, and their unit in the roster. Units are known only once the roster has been
/// read, so unit references are collected while checking and judged by ``finish(units:)``.
/// Two people with one ID are reported as `duplicate-id`, with both places.
public struct RosterReferenceCheck: Sendable {
    /// Whether people with problems are skipped (reported as warnings) rather than refused (errors).
    public var lenient: Bool

    private let index: FrameworkIndex
    /// Per competency of the framework, the levels at which it is defined: one lookup for the
    /// common case of a valid assessment, where the index would take several.
    private let definedLevels: [Competency.ID: Set<Level.ID>]
    /// Where each person was first seen, for the duplicate check: the line and column packed
    /// in one word (the file is the one being checked), or in `farSeen` when they do not fit
    /// in 32 bits each. One small entry per person is the only memory that grows with the roster.
    private var firstSeen: [Person.ID: UInt64] = [:]
    private var farSeen: [Person.ID: SourceLocation] = [:]
    /// The file of the locations in `firstSeen`.
    private var file: String?
    private var unitReferences: [(person: Person.ID, unit: OrgUnit.ID, location: SourceLocation)] = []
    /// The people found with problems so far.
    public private(set) var failed: Set<Person.ID> = []

    public init(framework: FrameworkIndex, lenient: Bool = false) {
        self.index = framework
        self.lenient = lenient
        var defined: [Competency.ID: Set<Level.ID>] = [:]
        for competency in framework.allCompetencies where defined[competency.id] == nil {
            defined[competency.id] = Set(framework.definedLevels(of: competency.id).filter { framework.isDefined($0, for: competency.id) })
        }
        definedLevels = defined
    }

    /// The problems of one person, located at their element.
    ///
    /// - Parameters:
    ///   - person: the person as read.
    ///   - location: where the person's element starts; duplicates and references are
    ///     reported there.
    ///   - units: the roster's unit tree when it is already known (every unit is
    ///     written before the first person): the person's unit is then checked at once, and
    ///     ``finish(units:)`` has nothing left to judge. When `nil`, the unit is judged by
    ///     ``finish(units:)``.
    public mutating func check(_ person: Person, at location: SourceLocation, units: UnitTree? = nil) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func report(_ rule: String, _ message: String) {
            found.append(diagnostic(rule, person: person.id, message, at: location))
        }
        if let first = firstLocation(of: person.id) {
            var duplicate = Diagnostic(
                id: .validation("duplicate-id"), severity: lenient ? .warning : .error,
                message: DuplicateIDRule.message(kind: "person", id: person.id.rawValue)
                    + (lenient ? "; every person with this ID is skipped" : ""),
                location: location, subject: .person(person.id))
            duplicate.notes = [Diagnostic.Note(message: "the first person '\(person.id)' is here", location: first, subject: .person(person.id))]
            found.append(duplicate)
        } else if location.line >= 0, location.line <= Int(UInt32.max), location.column >= 0, location.column <= Int(UInt32.max),
            location.file == file || firstSeen.isEmpty
        {
            file = location.file
            firstSeen[person.id] = UInt64(location.line) << 32 | UInt64(location.column)
        } else {
            farSeen[person.id] = location
        }
        if let position = person.position, index.position(position) == nil {
            report("unknown-reference", UnknownReferenceRule.message(kind: "position", id: position.rawValue))
        }
        func level(_ level: Level.ID, of competency: Competency.ID, _ what: String) {
            if definedLevels[competency]?.contains(level) == true { return }
            if index.competency(competency) == nil {
                report("unknown-reference", "\(what): " + UnknownReferenceRule.message(kind: "competency", id: competency.rawValue))
            } else if !index.isDefined(level, for: competency) {
                let defined = index.definedLevels(of: competency).map(\.rawValue).joined(separator: ", ")
                report(
                    "level-not-defined",
                    "\(what): level '\(level)' is not defined for competency '\(competency)'; use one of \(defined)")
            }
        }
        for assessment in person.assessments { level(assessment.level, of: assessment.competency, "an assessment") }
        for certificate in person.certificates {
            for cover in certificate.covers { level(cover.level, of: cover.competency, "a certificate") }
        }
        for completion in person.completions where index.module(completion.module) == nil {
            report("unknown-reference", "a completion: " + UnknownReferenceRule.message(kind: "module", id: completion.module.rawValue))
        }
        if let unit = person.unit {
            if let units {
                if !units.known.contains(unit) {
                    report("unknown-reference", UnknownReferenceRule.message(kind: "unit", id: unit.rawValue))
                }
            } else {
                unitReferences.append((person.id, unit, location))
            }
        }
        if !found.isEmpty { failed.insert(person.id) }
        return found
    }

    /// Where the person with `id` was first seen, if they were.
    private func firstLocation(of id: Person.ID) -> SourceLocation? {
        if let packed = firstSeen[id] {
            return SourceLocation(file: self.file, line: Int(packed >> 32), column: Int(packed & 0xFFFF_FFFF))
        }
        return farSeen[id]
    }

    /// The references to units that the roster does not define, once its units are known.
    public mutating func finish(units: UnitTree) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for reference in unitReferences where !units.known.contains(reference.unit) {
            found.append(
                diagnostic(
                    "unknown-reference", person: reference.person,
                    UnknownReferenceRule.message(kind: "unit", id: reference.unit.rawValue), at: reference.location))
            failed.insert(reference.person)
        }
        unitReferences = []
        return found
    }

    private func diagnostic(_ rule: String, person: Person.ID, _ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            id: .validation(rule), severity: lenient ? .warning : .error,
            message: "person '\(person)': \(message)\(lenient ? "; the person is skipped" : "")", location: location,
            subject: .person(person))
    }
}
