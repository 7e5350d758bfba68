import CompetencyModel
import CompetencyDiagnostics
import CompetencyValidation
public import CompetencyAssignment
import CompetencyXML

/// A framework and a roster made ready for planning, as `competency plan` and `coverage`
/// use them.
///
/// People are streamed, never held, so memory stays bounded by the framework and the unit
/// tree, whatever the number of people. How the roster is checked against the framework
/// (`RosterReferenceCheck`) is chosen when loading (see ``RosterChecking``):
/// - **before evaluating** (the default): ``load(framework:roster:asOf:lenient:checking:)``
///   reads the roster once to check every person and learn its unit tree, and
///   ``forEachEvaluation(progress:_:)`` reads it again to evaluate people one at a time, so
///   that a roster that does not match is refused before any result is delivered;
/// - **while evaluating**: loading reads only the roster's head (up to its first person), and
///   each person is checked as it is read, in one reading of the roster. A roster that does
///   not match is refused at the end of evaluation, after some results were delivered, so
///   this is for callers that can take their output back.
public struct PlanningInput: Sendable {
    /// When the roster's references are checked against the framework.
    public enum RosterChecking: Sendable, Hashable {
        /// In a reading of its own, before any person is evaluated: a roster that does not
        /// match is refused by ``PlanningInput/load(framework:roster:asOf:lenient:checking:)``,
        /// before anything is delivered. The roster is read twice.
        case beforeEvaluating
        /// Each person as they are read for evaluation, in one reading of the roster. The
        /// evaluation then throws what loading would have thrown, once it has read the whole
        /// roster; results delivered before that must be discarded (an output written to a
        /// temporary file and renamed only on success, totals written at the end). Once a
        /// person does not match, no more results are delivered.
        ///
        /// Lenient loading, and rosters that are not native XML files, are checked before
        /// evaluating instead (``PlanningInput/checking`` says which was used): skipping a
        /// person with a duplicate ID means skipping the first of them too, before it is seen
        /// to be one. A roster that writes units after its first person cannot be planned in
        /// one reading either, since the people before them were evaluated on an incomplete
        /// unit tree: the evaluation then throws ``PlanningInput/unitsAfterPeople``, and the
        /// caller discards what it got and loads again, checking before evaluating.
        case whileEvaluating
    }

    /// The error that evaluating while checking ends with when the roster writes units after
    /// its first person; see ``RosterChecking/whileEvaluating``.
    public static let unitsAfterPeople = DiagnosticID(domain: "assignment", code: "units-after-people")

    public let frameworkSource: DocumentSource
    public let rosterSource: DocumentSource
    public let framework: Framework
    /// The roster without its people: title, as-of date, units.
    public let roster: Roster
    public let assigner: Assigner
    /// When the roster's references are checked: as asked, or before evaluating where
    /// ``RosterChecking/whileEvaluating`` does not apply.
    public let checking: RosterChecking
    /// People whose records do not match the framework, skipped when loading was lenient.
    public let skipped: Set<Person.ID>
    /// How many people the roster holds, the skipped ones included; `nil` when the roster
    /// is checked while evaluating, and so not read whole yet.
    public let peopleCount: Int?
    /// What loading found that did not stop it: the reader's warnings and, when lenient,
    /// the problems of the people skipped, in document order. When the roster is checked
    /// while evaluating, the reader's warnings after the roster's head come from the
    /// evaluation instead (``EvaluationSummary/diagnostics``).
    public let diagnostics: [Diagnostic]

    /// What an evaluation of the whole roster found besides its results.
    public struct EvaluationSummary: Sendable, Hashable {
        /// How many people were evaluated.
        public let count: Int
        /// The reader's warnings that loading did not report (when the roster is checked while
        /// evaluating: those after the roster's head), in document order; empty otherwise.
        public let diagnostics: [Diagnostic]
    }

    /// Loads the framework and checks the roster against it.
    ///
    /// - Parameters:
    ///   - frameworkSource: the framework (native XML).
    ///   - rosterSource: the roster (native XML), streamed, never held whole.
    ///   - asOf: the date to plan on; the roster's own when `nil`.
    ///   - lenient: skip people whose records do not match (reported as warnings) instead of
    ///     refusing the roster.
    ///   - checking: when to check the roster's people; see ``RosterChecking``.
    /// - Throws: the reader's errors; the framework's error-severity findings (those
    ///   `competency validate` reports) followed by `assignment.invalid-framework`; a roster
    ///   written for another framework; every mismatching record followed by
    ///   `assignment.roster-mismatch` when not lenient (when checking before evaluating);
    ///   `usage.no-as-of` when there is no date.
    public static func load(
        framework frameworkSource: DocumentSource, roster rosterSource: DocumentSource, asOf: ISODate? = nil,
        lenient: Bool = false, checking: RosterChecking = .beforeEvaluating
    ) throws(DiagnosticError) -> PlanningInput {
        let parsedFramework = try frameworkSource.readFramework()
        let framework = parsedFramework.value
        // Plan only on what validates: a requirement at an undefined level, a cycle or a
        // duplicate rank would be planned on silently otherwise.
        let errors = Validator().validate(framework, sourceMap: parsedFramework.sourceMap).filter { $0.severity == .error }
        if !errors.isEmpty {
            throw DiagnosticError(
                errors + [
                    Diagnostic(
                        id: DiagnosticID(domain: "assignment", code: "invalid-framework"), severity: .error,
                        message: "the framework has errors; fix them before planning ('competency validate' lists them)")
                ])
        }
        let index = FrameworkIndex(framework)

        let header: Parsed<Roster>
        var check = RosterReferenceCheck(framework: index, lenient: lenient)
        var problems: [Diagnostic] = []
        var peopleCount: Int?
        let oneReading = checking == .whileEvaluating && !lenient && rosterSource.path != nil && rosterSource.isNativeXMLRoster
        if oneReading {
            header = try rosterSource.readRosterHead()
        } else {
            var count = 0
            header = try rosterSource.streamRoster { person, location in
                problems += check.check(person, at: location)
                count += 1
                return true
            }
            peopleCount = count
        }
        if let named = header.value.framework, named != framework.id {
            throw DiagnosticError([
                Diagnostic(
                    id: .validation("unknown-reference"), severity: .error,
                    message: "the roster is for framework '\(named)', but it is checked against framework '\(framework.id)'; "
                        + "correct the roster's `framework` or plan it against the framework it names",
                    location: header.sourceMap.location(of: .roster) ?? SourceLocation(file: rosterSource.name, line: 1, column: 1),
                    subject: .roster)
            ])
        }
        let tree = UnitTree(units: header.value.units)
        problems += check.finish(units: tree)
        problems = Diagnostic.sorted(problems)
        if !problems.isEmpty && !lenient {
            throw mismatch(problems)
        }
        guard let date = asOf ?? header.value.asOf else {
            throw DiagnosticError(
                .usage("no-as-of"), "the roster has no as-of date; give one with --as-of YYYY-MM-DD", at: .file(rosterSource.name))
        }
        var roster = header.value
        roster.people = []
        return PlanningInput(
            frameworkSource: frameworkSource, rosterSource: rosterSource, framework: framework, roster: roster,
            assigner: Assigner(framework: index, units: tree, asOf: date), checking: oneReading ? .whileEvaluating : .beforeEvaluating,
            skipped: check.failed, peopleCount: peopleCount,
            diagnostics: Diagnostic.sorted(parsedFramework.diagnostics + header.diagnostics) + problems)
    }

    /// The roster's problems, followed by `assignment.roster-mismatch`.
    private static func mismatch(_ problems: [Diagnostic]) -> DiagnosticError {
        DiagnosticError(
            problems + [
                Diagnostic(
                    id: DiagnosticID(domain: "assignment", code: "roster-mismatch"), severity: .error,
                    message: "the roster does not match the framework; fix it, or pass --lenient to skip these people")
            ])
    }

    /// Pass 2: evaluates each person (but the skipped ones) in document order.
    ///
    /// - Parameters:
    ///   - progress: called with the number of people evaluated so far, every 10,000.
    ///   - body: called with each person's evaluation, in document order.
    /// - Returns: how many people were evaluated, and what reading found.
    /// - Throws: the reader's errors; when the roster is checked while evaluating, what
    ///   ``load(framework:roster:asOf:lenient:checking:)`` throws for a mismatching roster, and
    ///   ``unitsAfterPeople``.
    @discardableResult
    public func forEachEvaluation(
        progress: ((Int) -> Void)? = nil, _ body: @escaping (PersonEvaluation) -> Void
    ) throws(DiagnosticError) -> EvaluationSummary {
        try forEachEvaluation(workers: 1, progress: progress, transform: { $0 }, body)
    }

    /// Pass 2 on worker threads: the roster is read on the calling thread while `workers`
    /// threads evaluate people and apply `transform` to each evaluation (rendering it, say);
    /// `body` gets the results on the calling thread, in document order. The output does not
    /// depend on the number of workers. See `EvaluationPipeline`.
    ///
    /// - Parameters:
    ///   - workers: worker threads; 1 evaluates on the calling thread.
    ///   - progress: called with the number of people delivered so far, every 1,000.
    ///   - prepare: applied to each person as read, before evaluation, on the calling
    ///     thread (checking the credentials behind certificates, say).
    ///   - transform: applied to each evaluation on the worker that made it.
    ///   - body: called with each result, in document order.
    /// - Returns: how many people were evaluated, and what reading found.
    @discardableResult
    public func forEachEvaluation<Result: Sendable>(
        workers: Int, progress: ((Int) -> Void)? = nil, prepare: ((Person, SourceLocation) -> Person)? = nil,
        transform: @escaping @Sendable (PersonEvaluation) -> Result, _ body: @escaping (Result) -> Void
    ) throws(DiagnosticError) -> EvaluationSummary {
        try forEachEvaluation(
            also: [], workers: workers, progress: progress, prepare: prepare, transform: { evaluation, _ in transform(evaluation) },
            body)
    }

    /// Pass 2 on worker threads, each person evaluated by ``assigner`` and by each of `others`
    /// (the same framework on other dates, say) in one reading of the roster; `transform` gets
    /// the evaluations by `others` in their order. See
    /// ``forEachEvaluation(workers:progress:prepare:transform:_:)``.
    @discardableResult
    public func forEachEvaluation<Result: Sendable>(
        also others: [Assigner], workers: Int, progress: ((Int) -> Void)? = nil,
        prepare: ((Person, SourceLocation) -> Person)? = nil,
        transform: @escaping @Sendable (PersonEvaluation, [PersonEvaluation]) -> Result, _ body: @escaping (Result) -> Void
    ) throws(DiagnosticError) -> EvaluationSummary {
        try run(
            EvaluationPipeline(assigner: assigner, also: others, workers: workers, work: transform), progress: progress,
            prepare: prepare, body)
    }

    /// ``forEachEvaluation(workers:progress:prepare:transform:_:)`` with a transform that gets
    /// the person as read (after `prepare`) along with their evaluation: what a renderer
    /// needs to show names.
    @discardableResult
    public func forEachEvaluation<Result: Sendable>(
        workers: Int, progress: ((Int) -> Void)? = nil, prepare: ((Person, SourceLocation) -> Person)? = nil,
        transformPerson: @escaping @Sendable (Person, PersonEvaluation) -> Result, _ body: @escaping (Result) -> Void
    ) throws(DiagnosticError) -> EvaluationSummary {
        try run(
            EvaluationPipeline(assigner: assigner, workers: workers, personWork: transformPerson), progress: progress,
            prepare: prepare, body)
    }

    /// Pass 2 on worker threads in its general form: `transform` gets each person as read
    /// (after `prepare`), their evaluation by ``assigner``, and their evaluations by each of
    /// `others`, in that order.
    @discardableResult
    public func forEachEvaluation<Result: Sendable>(
        also others: [Assigner], workers: Int, progress: ((Int) -> Void)? = nil,
        prepare: ((Person, SourceLocation) -> Person)? = nil,
        transformEach: @escaping @Sendable (Person, PersonEvaluation, [PersonEvaluation]) -> Result,
        _ body: @escaping (Result) -> Void
    ) throws(DiagnosticError) -> EvaluationSummary {
        try run(
            EvaluationPipeline(assigner: assigner, others: others, workers: workers, work: transformEach), progress: progress,
            prepare: prepare, body)
    }

    /// Reads the roster into `pipeline` and gives its results to `body`, in document order;
    /// when the roster is checked while evaluating, checks each person as it is read.
    private func run<Result: Sendable>(
        _ pipeline: EvaluationPipeline<Result>, progress: ((Int) -> Void)?, prepare: ((Person, SourceLocation) -> Person)?,
        _ body: @escaping (Result) -> Void
    ) throws(DiagnosticError) -> EvaluationSummary {
        let skipped = self.skipped
        var count = 0
        func deliver(_ result: Result) {
            body(result)
            count += 1
            if count % 1_000 == 0 { progress?(count) }
        }
        let checkingNow = checking == .whileEvaluating
        var check = RosterReferenceCheck(framework: assigner.index)
        let units = assigner.units
        var problems: [Diagnostic] = []
        let read: Parsed<Roster>
        do {
            read = try rosterSource.streamRoster { person, location in
                if checkingNow {
                    problems += check.check(person, at: location, units: units)
                    // Once a person does not match, the results are refused: stop evaluating.
                    guard problems.isEmpty else { return true }
                } else if skipped.contains(person.id) {
                    return true
                }
                pipeline.submit(prepare.map { $0(person, location) } ?? person, deliver: deliver)
                return true
            }
        } catch {
            pipeline.finish { _ in }
            throw error
        }
        pipeline.finish(deliver: deliver)
        guard checkingNow else { return EvaluationSummary(count: count, diagnostics: []) }
        var whole = read.value
        whole.people = []
        guard whole == roster else {
            throw DiagnosticError(
                Self.unitsAfterPeople,
                "the roster writes units (or its title) after its first person, so it cannot be planned in one reading; "
                    + "load it checking before evaluating", at: .file(rosterSource.name))
        }
        if !problems.isEmpty { throw Self.mismatch(Diagnostic.sorted(problems)) }
        let reported = Set(diagnostics)
        return EvaluationSummary(count: count, diagnostics: Diagnostic.sorted(read.diagnostics.filter { !reported.contains($0) }))
    }
}
