import CompetencyModel

/// Decides, for each person of a roster, what they must reach, why, and the smallest set of
/// training modules that gets them there. See `Documentation/Assignment.md` for the
/// normative semantics.
///
/// An `Assigner` is built once per framework, unit tree and as-of date; it is an immutable
/// `Sendable` value, so one instance can plan people on many tasks at once.
public struct Assigner: Sendable {
    /// Tuning knobs. The defaults give the exact optimum for realistic sizes.
    public struct Options: Hashable, Sendable {
        /// The most search nodes spent on one independent group of needs before the search
        /// stops and keeps the best selection found so far (marked as not proven optimal).
        public var searchNodeLimit: Int
        /// The most distinct need shapes remembered while planning many people. The memo is
        /// cleared when it is full, so memory stays bounded by the framework.
        public var memoCapacity: Int
        /// The most memory, in bytes, that the remembered selections and outcomes may take
        /// (an estimate from their element counts). The memo is also cleared when it reaches
        /// this, whichever of the two limits comes first: on rosters where most people have a
        /// gap of their own, the entries are large and this is the limit that holds.
        /// Parallel planning shares it between its tasks. Results never depend on it.
        public var memoBytes: Int

        public init(searchNodeLimit: Int = 200_000, memoCapacity: Int = 100_000, memoBytes: Int = 24 << 20) {
            self.searchNodeLimit = searchNodeLimit
            self.memoCapacity = memoCapacity
            self.memoBytes = memoBytes
        }
    }

    public let index: FrameworkIndex
    public let units: UnitTree
    public let asOf: ISODate
    public let options: Options

    let tables: Tables
    /// The framework compiled for the memoised path; `nil` past its limits.
    let compiled: CompiledFramework?

    /// - Parameters:
    ///   - framework: the framework, indexed.
    ///   - units: the roster's unit tree (for `<unit descendants="true">` and roll-ups).
    ///   - asOf: the single date on which everything is evaluated.
    ///   - options: the search and memo limits.
    public init(framework: FrameworkIndex, units: UnitTree, asOf: ISODate, options: Options = Options()) {
        self.index = framework
        self.units = units
        self.asOf = asOf
        self.options = options
        let tables = Tables(index: framework, asOf: asOf)
        self.tables = tables
        self.compiled = CompiledFramework(tables: tables, index: framework, units: units, asOf: asOf)
    }

    /// Convenience: builds the index and unit tree from a framework and a roster.
    /// The as-of date is `asOf`, else the roster's own; `nil` when neither is known.
    public init?(framework: Framework, roster: Roster, asOf: ISODate? = nil, options: Options = Options()) {
        guard let date = asOf ?? roster.asOf else { return nil }
        self.init(
            framework: FrameworkIndex(framework), units: UnitTree(units: roster.units), asOf: date,
            options: options)
    }

    // MARK: Planning

    /// Evaluates one person: requirements, attained levels, needs, selection and status.
    public func evaluate(_ person: Person) -> PersonEvaluation {
        var memo = SelectionMemo(capacity: 0)
        return evaluate(person, memo: &memo)
    }

    /// The plan of one person.
    public func plan(for person: Person) -> PersonPlan {
        var memo = SelectionMemo(capacity: 0)
        return plan(person, memo: &memo)
    }

    /// The plans of many people, in the order given. Selections are memoised by need shape.
    public func plans(for people: [Person]) -> [PersonPlan] {
        var memo = SelectionMemo(capacity: options.memoCapacity, bytes: options.memoBytes)
        return people.map { plan($0, memo: &memo) }
    }

    /// The evaluations of many people, in the order given.
    public func evaluations(for people: [Person]) -> [PersonEvaluation] {
        var memo = SelectionMemo(capacity: options.memoCapacity, bytes: options.memoBytes)
        return people.map { evaluate($0, memo: &memo) }
    }

    /// A whole `plan` document for many people.
    public func plan(people: [Person]) -> Plan {
        Plan(
            framework: index.framework.id, version: index.framework.version, asOf: asOf,
            people: plans(for: people))
    }

    /// Plans people as they arrive, one plan out per person in, with memory bounded by the
    /// framework (the memo of need shapes), not by the number of people.
    public func plans<People: AsyncSequence>(for people: People) -> PlanSequence<People>
    where People.Element == Person {
        PlanSequence(base: people, assigner: self) { assigner, person, memo in
            assigner.plan(person, memo: &memo)
        }
    }

    /// Evaluates people as they arrive; see ``plans(for:)->PlanSequence<People>``.
    public func evaluations<People: AsyncSequence>(for people: People) -> EvaluationSequence<People>
    where People.Element == Person {
        EvaluationSequence(base: people, assigner: self) { assigner, person, memo in
            assigner.evaluate(person, memo: &memo)
        }
    }

    /// Plans many people on up to `concurrency` tasks; the result keeps the input order.
    ///
    /// People are shared out by position (largest positions first, each to the least loaded
    /// task), so that each task meets its own requirement profiles and gaps and no two tasks
    /// solve the same ones; when positions cannot be balanced, contiguous slices are used.
    /// Each task has its own memo. The plans do not depend on how people are shared out.
    public func plans(for people: [Person], concurrency: Int) async -> [PersonPlan] {
        let workers = max(1, min(concurrency, people.count))
        guard workers > 1 else { return plans(for: people) }
        let shards = Self.shards(of: people, workers: workers)
        // Each task writes its plans straight into its own slots; the plans are then moved
        // (not copied) into the result.
        let slots = OutputSlots(base: UnsafeMutablePointer<PersonPlan>.allocate(capacity: people.count))
        await withTaskGroup(of: Void.self) { group in
            for shard in shards {
                group.addTask {
                    var memo = SelectionMemo(capacity: self.options.memoCapacity, bytes: self.options.memoBytes / max(1, shards.count))
                    for index in shard { (slots.base + index).initialize(to: self.plan(people[index], memo: &memo)) }
                }
            }
        }
        let output = [PersonPlan](unsafeUninitializedCapacity: people.count) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: slots.base, count: people.count)
            initialized = people.count
        }
        slots.base.deallocate()
        return output
    }

    /// The indices of `people` per task: by position when that balances, else contiguous.
    static func shards(of people: [Person], workers: Int) -> [[Int]] {
        var counts: [Position.ID?: Int] = [:]
        for index in people.indices { counts[people[index].position, default: 0] += 1 }
        let order = counts.sorted { lhs, rhs in
            lhs.value != rhs.value ? lhs.value > rhs.value : (lhs.key?.rawValue ?? "") < (rhs.key?.rawValue ?? "")
        }
        var load = [Int](repeating: 0, count: workers)
        var shardOf: [Position.ID?: Int] = [:]
        for (position, count) in order {
            let target = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 } ?? 0
            shardOf[position] = target
            load[target] += count
        }
        let ideal = (people.count + workers - 1) / workers
        if (load.max() ?? 0) * 4 > ideal * 5 {
            let chunk = ideal
            return stride(from: 0, to: people.count, by: chunk).map { Array($0..<min($0 + chunk, people.count)) }
        }
        var shards = [[Int]](repeating: [], count: workers)
        for index in people.indices { shards[shardOf[people[index].position] ?? 0].append(index) }
        return shards.filter { !$0.isEmpty }
    }

    /// Selects modules for a set of needs of a person, exactly as planning does: the least
    /// total hours, then fewest modules, then the lexicographically smallest list of IDs.
    public func selectModules(for needs: [Need], of person: Person) -> ModuleSelection {
        let attained = tables.attainment(of: person, index: index, asOf: asOf)
        let satisfied = tables.satisfiedModules(person: person, attained: attained, asOf: asOf)
        var shape: [NeedShape] = []
        for need in needs {
            guard let comp = tables.competencyIndex[need.competency],
                let rank = tables.rank(need.required, comp)
            else { continue }
            shape.append(
                NeedShape(competency: comp, rank: rank, floor: tables.floor(comp, required: rank, attained: attained[comp]?.rank)))
        }
        let solved = ModuleSolver(tables: tables, satisfied: satisfied, nodeLimit: options.searchNodeLimit)
            .solve(shape)
        return ModuleSelection(
            modules: solved.modules.map { tables.modules[$0].id },
            hours: Double(solved.milliHours) / 1000,
            unmet: solved.unmet.map { tables.competencies[shape[$0].competency].id },
            reached: solved.unmet.indices.map { index in
                solved.reached[index].flatMap { tables.level(rank: $0, shape[solved.unmet[index]].competency) }
            },
            isProvenOptimal: solved.isProvenOptimal)
    }
}

/// Where the tasks of `plans(for:concurrency:)` write: each task its own slots.
private struct OutputSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<PersonPlan>
}

/// The modules chosen for a set of needs.
public struct ModuleSelection: Hashable, Sendable {
    /// The chosen modules (prerequisites included), sorted by ID.
    public var modules: [TrainingModule.ID]
    /// Their total hours.
    public var hours: Double
    /// The competencies of needs that no module can close.
    public var unmet: [Competency.ID]
    /// Per entry of `unmet`: the level the chosen modules take the person to when the need is
    /// met in part, or `nil` when no module raises them at all.
    public var reached: [Level.ID?]
    /// `false` only when the search hit ``Assigner/Options/searchNodeLimit`` before proving
    /// that no better selection exists.
    public var isProvenOptimal: Bool
}
