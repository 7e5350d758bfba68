import CompetencyModel

/// Evaluations of people as they arrive from an asynchronous sequence, one out per person in.
///
/// Memory is bounded by the framework: the only state kept between people is the memo of
/// module selections by need shape, capped by ``Assigner/Options/memoCapacity``.
public struct EvaluationSequence<People: AsyncSequence>: AsyncSequence where People.Element == Person {
    public typealias Element = PersonEvaluation

    let base: People
    let assigner: Assigner

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: People.AsyncIterator
        let assigner: Assigner
        var memo: SelectionMemo

        public mutating func next() async throws -> PersonEvaluation? {
            guard let person = try await base.next() else { return nil }
            return assigner.evaluate(person, memo: &memo)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: base.makeAsyncIterator(), assigner: assigner,
            memo: SelectionMemo(capacity: assigner.options.memoCapacity))
    }
}

extension EvaluationSequence: Sendable where People: Sendable {}

/// Plans of people as they arrive from an asynchronous sequence; see ``EvaluationSequence``.
public struct PlanSequence<People: AsyncSequence>: AsyncSequence where People.Element == Person {
    public typealias Element = PersonPlan

    let base: People
    let assigner: Assigner

    public struct AsyncIterator: AsyncIteratorProtocol {
        var inner: EvaluationSequence<People>.AsyncIterator

        public mutating func next() async throws -> PersonPlan? {
            try await inner.next()?.plan
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(inner: EvaluationSequence(base: base, assigner: assigner).makeAsyncIterator())
    }
}

extension PlanSequence: Sendable where People: Sendable {}

/// Evaluates people one at a time, remembering module selections by need shape between
/// them. Use one session per task; memory is bounded by ``Assigner/Options/memoCapacity``.
public struct AssignmentSession: Sendable {
    public let assigner: Assigner
    var memo: SelectionMemo

    public init(assigner: Assigner) {
        self.assigner = assigner
        memo = SelectionMemo(capacity: assigner.options.memoCapacity)
    }

    public mutating func evaluate(_ person: Person) -> PersonEvaluation {
        assigner.evaluate(person, memo: &memo)
    }
}
