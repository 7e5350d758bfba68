import CompetencyModel

/// What people arriving from an asynchronous sequence become, one out per person in: plans
/// (``PlanSequence``) or evaluations (``EvaluationSequence``). Get one from
/// ``Assigner/plans(for:)->PlanSequence<People>`` or ``Assigner/evaluations(for:)->EvaluationSequence<People>``.
///
/// Memory is bounded by the framework: the only state kept between people is the memo of
/// module selections by need shape, capped by ``Assigner/Options/memoCapacity``.
public struct AssignmentSequence<People: AsyncSequence, Element>: AsyncSequence where People.Element == Person {
    /// Turns one person into the element, sharing the memo across people.
    typealias Step = @Sendable (Assigner, Person, inout SelectionMemo) -> Element

    let base: People
    let assigner: Assigner
    let step: Step

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: People.AsyncIterator
        let assigner: Assigner
        let step: Step
        var memo: SelectionMemo

        public mutating func next() async throws -> Element? {
            guard let person = try await base.next() else { return nil }
            return step(assigner, person, &memo)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: base.makeAsyncIterator(), assigner: assigner, step: step,
            memo: SelectionMemo(capacity: assigner.options.memoCapacity, bytes: assigner.options.memoBytes))
    }
}

extension AssignmentSequence: Sendable where People: Sendable {}

/// Plans of people as they arrive from an asynchronous sequence; see ``AssignmentSequence``.
public typealias PlanSequence<People: AsyncSequence> = AssignmentSequence<People, PersonPlan>
where People.Element == Person

/// Evaluations of people as they arrive from an asynchronous sequence; see
/// ``AssignmentSequence``.
public typealias EvaluationSequence<People: AsyncSequence> = AssignmentSequence<People, PersonEvaluation>
where People.Element == Person
