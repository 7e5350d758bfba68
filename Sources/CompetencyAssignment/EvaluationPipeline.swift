import CompetencyModel
import Foundation

/// Evaluates people on worker threads while the caller goes on producing them (reading a
/// roster, say), and hands the results back on the caller's thread in the order the people
/// were submitted.
///
/// People are grouped into batches; each worker takes the next waiting batch, evaluates it
/// with its own ``AssignmentSession`` and applies `work` to each evaluation (rendering it,
/// for instance), so the expensive part of each person runs in parallel. The number of
/// batches in flight is bounded, so memory stays bounded whatever the number of people:
/// ``submit(_:deliver:)`` waits when the workers fall behind, and delivers whatever is
/// ready while it waits.
///
/// Results do not depend on the number of workers: each session's memo only saves work.
/// The workers share ``Assigner/Options/memoCapacity`` between their memos.
///
/// ```swift
/// let pipeline = EvaluationPipeline(assigner: assigner, workers: 2) { evaluation in evaluation.plan }
/// var plans: [PersonPlan] = []
/// for person in people { pipeline.submit(person) { plans.append($0) } }
/// pipeline.finish { plans.append($0) }
/// ```
///
/// Use one pipeline from one thread: `submit` and `finish` are not to be called
/// concurrently. Always end with ``finish(deliver:)``: it is what stops the workers. With `workers` of 1 or less, people are evaluated on the caller's thread,
/// one at a time, and no thread is started.
public final class EvaluationPipeline<Output: Sendable>: @unchecked Sendable {
    public typealias Work = @Sendable (PersonEvaluation) -> Output
    /// Work on a person's evaluation and their evaluations by the other assigners, in order.
    public typealias WorkOnEach = @Sendable (PersonEvaluation, [PersonEvaluation]) -> Output
    /// Work that also needs the person evaluated (their name, say).
    public typealias PersonWork = @Sendable (Person, PersonEvaluation) -> Output
    /// Work on the person, their evaluation, and their evaluations by the other assigners.
    public typealias AnyWork = @Sendable (Person, PersonEvaluation, [PersonEvaluation]) -> Output

    private let assigner: Assigner
    private let others: [Assigner]
    private let work: AnyWork
    private let batchSize: Int
    private let limit: Int
    private let condition = NSCondition()
    private let workerCount: Int

    // Guarded by `condition`.
    private var waiting: [(sequence: Int, people: [Person])] = []
    private var waitingStart = 0
    private var done: [Int: [Output]] = [:]
    private var inFlight = 0
    private var closed = false
    private var running = 0

    // The caller's side only.
    private var batch: [Person] = []
    private var nextSequence = 0
    private var nextDelivery = 0
    private var session: AssignmentSession?
    private var otherSessions: [AssignmentSession] = []

    /// - Parameters:
    ///   - assigner: who evaluates.
    ///   - workers: worker threads; 1 or less evaluates on the caller's thread.
    ///   - batchSize: people per batch handed to a worker.
    ///   - work: applied to each evaluation on the worker that made it.
    public convenience init(assigner: Assigner, workers: Int, batchSize: Int = 128, work: @escaping Work) {
        self.init(assigner: assigner, others: [], workers: workers, batchSize: batchSize) { _, evaluation, _ in work(evaluation) }
    }

    /// A pipeline that evaluates each person by `assigner` and by each of `others` (the same
    /// framework on other dates, say) on the same worker, so that the roster is read once.
    ///
    /// - Parameters:
    ///   - assigner: who evaluates first.
    ///   - others: who else evaluates each person; `work` gets their evaluations in this order.
    ///   - workers: worker threads; 1 or less evaluates on the caller's thread.
    ///   - batchSize: people per batch handed to a worker.
    ///   - work: applied to each person's evaluations on the worker that made them.
    public convenience init(
        assigner: Assigner, also others: [Assigner], workers: Int, batchSize: Int = 128, work: @escaping WorkOnEach
    ) {
        self.init(assigner: assigner, others: others, workers: workers, batchSize: batchSize) { _, evaluation, also in
            work(evaluation, also)
        }
    }

    /// - Parameters:
    ///   - assigner: who evaluates.
    ///   - workers: worker threads; 1 or less evaluates on the caller's thread.
    ///   - batchSize: people per batch handed to a worker.
    ///   - personWork: applied to each person and their evaluation on the worker that made it.
    public convenience init(assigner: Assigner, workers: Int, batchSize: Int = 128, personWork: @escaping PersonWork) {
        self.init(assigner: assigner, others: [], workers: workers, batchSize: batchSize) { person, evaluation, _ in
            personWork(person, evaluation)
        }
    }

    /// The general form of the other initialisers: `work` gets the person, their evaluation by
    /// `assigner`, and their evaluations by each of `others`, in that order.
    public init(assigner: Assigner, others: [Assigner], workers: Int, batchSize: Int = 128, work: @escaping AnyWork) {
        self.assigner = assigner
        self.others = others
        self.work = work
        self.batchSize = max(1, batchSize)
        self.workerCount = max(0, workers > 1 ? workers : 0)
        self.limit = max(2, 3 * workers)
        if workerCount == 0 {
            session = AssignmentSession(assigner: assigner)
            otherSessions = others.map { AssignmentSession(assigner: $0) }
        } else {
            running = workerCount
            for _ in 0..<workerCount {
                let thread = Thread { [self] in self.workerLoop() }
                thread.stackSize = 4 << 20
                thread.start()
            }
        }
    }

    /// Adds a person, and delivers the results that are ready, in order.
    public func submit(_ person: Person, deliver: (Output) -> Void) {
        // Mutated in place: a copy of the session would copy its memo for every person.
        if let evaluation = session?.evaluate(person) {
            var also: [PersonEvaluation] = []
            for index in otherSessions.indices { also.append(otherSessions[index].evaluate(person)) }
            deliver(work(person, evaluation, also))
            return
        }
        batch.append(person)
        if batch.count >= batchSize { enqueue(deliver) }
    }

    /// Delivers every remaining result, in order, and stops the workers.
    public func finish(deliver: (Output) -> Void) {
        guard session == nil else { return }
        if !batch.isEmpty { enqueue(deliver) }
        condition.lock()
        closed = true
        condition.broadcast()
        while inFlight > 0 || running > 0 {
            if let ready = takeReady() {
                condition.unlock()
                ready.forEach(deliver)
                condition.lock()
                continue
            }
            condition.wait()
        }
        condition.unlock()
    }

    private func enqueue(_ deliver: (Output) -> Void) {
        let people = batch
        batch = []
        condition.lock()
        waiting.append((nextSequence, people))
        nextSequence += 1
        inFlight += 1
        condition.broadcast()
        while true {
            if let ready = takeReady() {
                condition.unlock()
                ready.forEach(deliver)
                condition.lock()
                continue
            }
            if inFlight < limit { break }
            condition.wait()
        }
        condition.unlock()
    }

    /// The next results in order, if they are done. Called with the lock held.
    private func takeReady() -> [Output]? {
        guard let ready = done.removeValue(forKey: nextDelivery) else { return nil }
        nextDelivery += 1
        inFlight -= 1
        return ready
    }

    private func workerLoop() {
        // The workers share the memo budget, so that memory does not grow with their number.
        let sessions = max(1, workerCount * (1 + others.count))
        let capacity = max(1_000, assigner.options.memoCapacity / sessions)
        let bytes = max(1 << 20, assigner.options.memoBytes / sessions)
        var session = AssignmentSession(assigner: assigner, memoCapacity: capacity, memoBytes: bytes)
        var otherSessions = others.map { AssignmentSession(assigner: $0, memoCapacity: capacity, memoBytes: bytes) }
        condition.lock()
        while true {
            if waitingStart < waiting.count {
                let (sequence, people) = waiting[waitingStart]
                waiting[waitingStart].people = []
                waitingStart += 1
                if waitingStart > 64 && waitingStart * 2 > waiting.count {
                    waiting.removeFirst(waitingStart)
                    waitingStart = 0
                }
                condition.unlock()
                var results: [Output] = []
                results.reserveCapacity(people.count)
                for person in people {
                    let evaluation = session.evaluate(person)
                    var also: [PersonEvaluation] = []
                    for index in otherSessions.indices { also.append(otherSessions[index].evaluate(person)) }
                    results.append(work(person, evaluation, also))
                }
                condition.lock()
                done[sequence] = results
                condition.broadcast()
            } else if closed {
                break
            } else {
                condition.wait()
            }
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }
}
