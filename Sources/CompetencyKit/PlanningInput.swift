import CompetencyModel
import CompetencyDiagnostics
import CompetencyValidation
public import CompetencyAssignment
import CompetencyXML

/// A framework and a roster made ready for planning, as `competency plan` and `coverage`
/// use them.
///
/// The roster is streamed in two passes: ``load(framework:roster:asOf:lenient:)`` reads its
/// unit tree and checks every person's references (`RosterReferenceCheck`), and
/// ``forEachEvaluation(progress:_:)`` evaluates people one at a time, so memory stays
/// bounded by the framework and the unit tree, whatever the number of people.
public struct PlanningInput: Sendable {
    public let frameworkSource: DocumentSource
    public let rosterSource: DocumentSource
    public let framework: Framework
    /// The roster without its people: title, as-of date, units.
    public let roster: Roster
    public let assigner: Assigner
    /// People whose records do not match the framework, skipped when loading was lenient.
    public let skipped: Set<Person.ID>
    /// How many people the roster holds, the skipped ones included.
    public let peopleCount: Int
    /// What loading found that did not stop it: the reader's warnings and, when lenient,
    /// the problems of the people skipped, in document order.
    public let diagnostics: [Diagnostic]

    /// Loads the framework and checks the roster against it.
    ///
    /// - Parameters:
    ///   - frameworkSource: the framework (native XML).
    ///   - rosterSource: the roster (native XML), streamed, never held whole.
    ///   - asOf: the date to plan on; the roster's own when `nil`.
    ///   - lenient: skip people whose records do not match (reported as warnings) instead of
    ///     refusing the roster.
    /// - Throws: the reader's errors; the framework's error-severity findings (those
    ///   `competency validate` reports) followed by `assignment.invalid-framework`; a roster
    ///   written for another framework; every mismatching record followed by
    ///   `assignment.roster-mismatch` when not lenient; `usage.no-as-of` when there is no date.
    public static func load(
        framework frameworkSource: DocumentSource, roster rosterSource: DocumentSource, asOf: ISODate? = nil,
        lenient: Bool = false
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

        var check = RosterReferenceCheck(framework: index, lenient: lenient)
        var problems: [Diagnostic] = []
        var peopleCount = 0
        let header = try rosterSource.streamRoster { person, location in
            problems += check.check(person, at: location)
            peopleCount += 1
            return true
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
            throw DiagnosticError(
                problems + [
                    Diagnostic(
                        id: DiagnosticID(domain: "assignment", code: "roster-mismatch"), severity: .error,
                        message: "the roster does not match the framework; fix it, or pass --lenient to skip these people")
                ])
        }
        guard let date = asOf ?? header.value.asOf else {
            throw DiagnosticError(
                .usage("no-as-of"), "the roster has no as-of date; give one with --as-of YYYY-MM-DD", at: .file(rosterSource.name))
        }
        return PlanningInput(
            frameworkSource: frameworkSource, rosterSource: rosterSource, framework: framework, roster: header.value,
            assigner: Assigner(framework: index, units: tree, asOf: date), skipped: check.failed, peopleCount: peopleCount,
            diagnostics: Diagnostic.sorted(parsedFramework.diagnostics + header.diagnostics) + problems)
    }

    /// Pass 2: evaluates each person (but the skipped ones) in document order.
    ///
    /// - Parameters:
    ///   - progress: called with the number of people evaluated so far, every 10,000.
    ///   - body: called with each person's evaluation, in document order.
    /// - Returns: how many people were evaluated.
    @discardableResult
    public func forEachEvaluation(
        progress: ((Int) -> Void)? = nil, _ body: @escaping (PersonEvaluation) -> Void
    ) throws(DiagnosticError) -> Int {
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
    /// - Returns: how many people were evaluated.
    @discardableResult
    public func forEachEvaluation<Result: Sendable>(
        workers: Int, progress: ((Int) -> Void)? = nil, prepare: ((Person, SourceLocation) -> Person)? = nil,
        transform: @escaping @Sendable (PersonEvaluation) -> Result, _ body: @escaping (Result) -> Void
    ) throws(DiagnosticError) -> Int {
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
    ) throws(DiagnosticError) -> Int {
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
    ) throws(DiagnosticError) -> Int {
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
    ) throws(DiagnosticError) -> Int {
        try run(
            EvaluationPipeline(assigner: assigner, others: others, workers: workers, work: transformEach), progress: progress,
            prepare: prepare, body)
    }

    /// Reads the roster into `pipeline` and gives its results to `body`, in document order.
    private func run<Result: Sendable>(
        _ pipeline: EvaluationPipeline<Result>, progress: ((Int) -> Void)?, prepare: ((Person, SourceLocation) -> Person)?,
        _ body: @escaping (Result) -> Void
    ) throws(DiagnosticError) -> Int {
        let skipped = self.skipped
        var count = 0
        func deliver(_ result: Result) {
            body(result)
            count += 1
            if count % 1_000 == 0 { progress?(count) }
        }
        do {
            _ = try rosterSource.streamRoster { person, location in
                guard !skipped.contains(person.id) else { return true }
                pipeline.submit(prepare.map { $0(person, location) } ?? person, deliver: deliver)
                return true
            }
        } catch {
            pipeline.finish { _ in }
            throw error
        }
        pipeline.finish(deliver: deliver)
        return count
    }
}
