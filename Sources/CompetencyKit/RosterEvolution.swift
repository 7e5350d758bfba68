public import CompetencyModel
public import CompetencyDiagnostics
public import CompetencyEvolution
import CompetencyAssignment
import CompetencyValidation
import CompetencyXML
public import Foundation

/// Streams a native XML roster through a `RosterMigration`: `competency migrate` and
/// `competency diff --roster`. People are read one at a time, twice, so memory stays bounded
/// by the frameworks, the unit tree and the diagnostics, whatever the number of people.
public struct RosterEvolution: Sendable {
    public let migration: RosterMigration

    public init(from old: Framework, to new: Framework) { migration = RosterMigration(from: old, to: new) }

    /// What a migration found.
    public struct Summary: Sendable {
        /// How many people were migrated.
        public var people: Int
        /// Every record left out (warnings) or folded by a merge (notes), in document order.
        public var diagnostics: [Diagnostic]
        /// Whether any record was left out.
        public var hasLosses: Bool { diagnostics.contains { $0.severity >= .warning } }
    }

    /// Migrates `roster`, handing the new roster's XML to `write` in pieces.
    ///
    /// - Parameters:
    ///   - roster: the roster recorded against the old version (native XML).
    ///   - strict: when anything would be left out, write nothing and throw the losses
    ///     followed by `migration.strict`.
    ///   - write: receives the new roster's bytes in order.
    /// - Returns: the number of people and what could not be carried.
    /// - Throws: the reader's errors; `validation.unknown-reference` when the roster names
    ///   another framework than the old version; with `strict`, the losses.
    public func migrate(
        _ roster: DocumentSource, strict: Bool = false, write: @escaping (Data) -> Void
    ) throws(DiagnosticError) -> Summary {
        var diagnostics: [Diagnostic] = []
        var namespaces = RosterStreamWriter.ForeignNamespaces()
        var people = 0
        let migration = self.migration
        // Pass 1: what will be lost, and the namespaces the root must declare.
        let header = try roster.streamRosterWithLocations { person, map in
            let result = migration.migrate(person, sourceMap: map)
            diagnostics += result.diagnostics
            namespaces.add(result.person)
            people += 1
            return true
        }
        try checkFramework(header, roster)
        diagnostics = Diagnostic.sorted(header.diagnostics + diagnostics)
        let summary = Summary(people: people, diagnostics: diagnostics)
        if strict, summary.hasLosses {
            let count = diagnostics.filter { $0.severity >= .warning }.count
            throw DiagnosticError(
                diagnostics + [
                    Diagnostic(
                        id: DiagnosticID(domain: "migration", code: "strict"), severity: .error,
                        message: "\(count) record\(count == 1 ? "" : "s") cannot be carried to the new version, and --strict is set; nothing was written")
                ])
        }
        var newHeader = header.value
        if newHeader.framework == nil || newHeader.framework == migration.old.id { newHeader.framework = migration.new.id }
        var writer = RosterStreamWriter(header: newHeader, hasPeople: people > 0, namespaces: namespaces)
        write(writer.start())
        // Pass 2: write each person as migrated.
        var slices = SliceBuffer(write)
        _ = try roster.streamRoster { person, _ in
            slices.append(writer.write(migration.migrate(person).person))
            return true
        }
        slices.append(writer.finish())
        slices.flush()
        return summary
    }

    /// A roster whose `framework` names another framework than the old version is refused.
    private func checkFramework(_ header: Parsed<Roster>, _ roster: DocumentSource) throws(DiagnosticError) {
        guard let named = header.value.framework, named != migration.old.id else { return }
        throw DiagnosticError([
            Diagnostic(
                id: .validation("unknown-reference"), severity: .error,
                message: "the roster is for framework '\(named)', but the old version is framework '\(migration.old.id)'; "
                    + "give the version the roster was recorded against",
                location: header.sourceMap.location(of: .roster) ?? SourceLocation(file: roster.name, line: 1, column: 1),
                subject: .roster)
        ])
    }

    /// Evaluates every person of `roster` against the old version as recorded and against
    /// the new one after migration, on the same date.
    ///
    /// - Parameters:
    ///   - roster: the roster recorded against the old version (native XML).
    ///   - asOf: the date; the roster's own when `nil`.
    ///   - person: called with each person's row, in document order.
    /// - Returns: the counts per unit and overall, and what loading and migration reported:
    ///   people whose records do not match the old version are skipped, each with a warning.
    /// - Throws: `assignment.invalid-framework` after the errors of either version; a roster
    ///   for another framework (`validation.unknown-reference`);
    ///   `usage.no-as-of` when there is no date; the reader's errors.
    public func peopleImpact(
        _ roster: DocumentSource, asOf: ISODate? = nil, person: @escaping (PeopleImpact.Person) -> Void = { _ in }
    ) throws(DiagnosticError) -> (impact: PeopleImpact, diagnostics: [Diagnostic]) {
        for (framework, which) in [(migration.old, "old"), (migration.new, "new")] {
            let errors = Validator().validate(framework).filter { $0.severity == .error }
            if !errors.isEmpty {
                throw DiagnosticError(
                    errors + [
                        Diagnostic(
                            id: DiagnosticID(domain: "assignment", code: "invalid-framework"), severity: .error,
                            message: "the \(which) version has errors; fix them before planning ('competency validate' lists them)")
                    ])
            }
        }
        let oldIndex = FrameworkIndex(migration.old)
        var check = RosterReferenceCheck(framework: oldIndex, lenient: true)
        var problems: [Diagnostic] = []
        let header = try roster.streamRoster { person, location in
            problems += check.check(person, at: location)
            return true
        }
        try checkFramework(header, roster)
        let tree = UnitTree(units: header.value.units)
        problems += check.finish(units: tree)
        guard let date = asOf ?? header.value.asOf else {
            throw DiagnosticError(
                .usage("no-as-of"), "the roster has no as-of date; give one with --as-of YYYY-MM-DD", at: .file(roster.name))
        }
        var before = AssignmentSession(assigner: Assigner(framework: oldIndex, units: tree, asOf: date))
        var after = AssignmentSession(assigner: Assigner(framework: FrameworkIndex(migration.new), units: tree, asOf: date))
        var accumulator = PeopleImpactAccumulator(units: header.value.units)
        let skipped = check.failed
        let migration = self.migration
        var notes: [Diagnostic] = []
        _ = try roster.streamRosterWithLocations { record, map in
            guard !skipped.contains(record.id) else { return true }
            let moved = migration.migrate(record, sourceMap: map)
            notes += moved.diagnostics.filter { $0.severity >= .warning }
            person(accumulator.add(before: before.evaluate(record), after: after.evaluate(moved.person)))
            return true
        }
        return (accumulator.impact, Diagnostic.sorted(header.diagnostics + problems + notes))
    }
}
