import CompetencyModel

/// Evaluates people one at a time, remembering module selections by need shape between
/// them. Use one session per task; memory is bounded by ``Assigner/Options/memoCapacity``.
public struct AssignmentSession: Sendable {
    public let assigner: Assigner
    var memo: SelectionMemo

    public init(assigner: Assigner) {
        self.init(assigner: assigner, memoCapacity: assigner.options.memoCapacity, memoBytes: assigner.options.memoBytes)
    }

    /// A session whose memo holds at most `memoCapacity` entries and about `memoBytes`
    /// bytes, for sessions that share the budgets of ``Assigner/Options`` between them.
    init(assigner: Assigner, memoCapacity: Int, memoBytes: Int) {
        self.assigner = assigner
        memo = SelectionMemo(capacity: max(1, memoCapacity), bytes: max(1, memoBytes))
    }

    public mutating func evaluate(_ person: Person) -> PersonEvaluation {
        assigner.evaluate(person, memo: &memo)
    }

    /// What the session remembers now: requirement profiles (position and rule outcomes),
    /// gap outcomes (profile, needs and satisfied prerequisites) and module selections (need
    /// shape per catalogue component, and distinct searches on reduced instances). For
    /// benchmarks and tuning.
    public var memoStatistics: (profiles: Int, gaps: Int, shapes: Int, searches: Int) {
        (memo.profiles.count, memo.gaps.count, memo.shapeCount, memo.reducedCount)
    }

    /// The estimated bytes that the remembered entries hold now; the memo is cleared when
    /// this reaches ``Assigner/Options/memoBytes``.
    public var memoBytes: Int { memo.bytes }

    /// The plan of one person; the same as `evaluate(person).plan`.
    public mutating func plan(_ person: Person) -> PersonPlan {
        assigner.plan(person, memo: &memo)
    }
}
