import CompetencyModel

/// A need as the module search sees it: a competency index and a required rank.
struct NeedShape: Hashable, Sendable {
    var competency: Int
    var rank: Int
}

/// Remembers, between the people one caller plans: requirement profiles by position and
/// predicate atoms, gap outcomes by profile, needs and satisfied prerequisites, and module
/// selections by need shape and satisfied prerequisites. Everything is cleared when the
/// entries reach `capacity`, so memory is bounded by the framework, not the roster.
struct SelectionMemo: Sendable {
    struct Key: Hashable, Sendable {
        var needs: [NeedShape]
        var satisfied: [Int]
    }

    struct ReducedKey: Hashable, Sendable {
        var reduced: ModuleSolver.Reduced
        var satisfied: [Int]
    }

    struct GroupKey: Hashable, Sendable {
        /// The group's minimal option sets, as module masks, sorted.
        var options: [UInt64]
        /// The satisfied prerequisites among the modules the group can reach.
        var satisfied: UInt64
    }

    struct OrderKey: Hashable, Sendable {
        var modules: UInt64
        var deadlines: [ISODate?]
    }

    let capacity: Int
    private var entries: [Key: SolvedSelection] = [:]
    private var orderEntries: [OrderKey: [ModuleAssignment]] = [:]
    private var groupEntries: [GroupKey: ModuleSolver.Core] = [:]
    /// Searches by reduced instance; read and written only when `capacity > 0`.
    private var coreEntries: [ReducedKey: ModuleSolver.Core] = [:]
    var profileIndex: [ProfileKey: Int32] = [:]
    var profiles: [RequirementProfile] = []
    var gaps: [GapKey: GapOutcome] = [:]
    var scratch = Scratch()
    /// Needs arrays by gap and attained levels: at most `needsCapacity` (they are larger than
    /// the other entries), cleared with everything else and when full.
    private(set) var needsVariants: [NeedsKey: (attained: [Int32], needs: [Need])] = [:]
    var needsCapacity: Int { min(capacity, 4_096) }

    mutating func rememberNeeds(_ needs: [Need], attained: [Int32], for key: NeedsKey) {
        if needsVariants.count >= needsCapacity { needsVariants.removeAll(keepingCapacity: true) }
        needsVariants[key] = (attained, needs)
    }

    init(capacity: Int) { self.capacity = capacity }

    subscript(key: Key) -> SolvedSelection? {
        get { capacity > 0 ? entries[key] : nil }
        set {
            guard capacity > 0 else { return }
            makeRoom()
            entries[key] = newValue
        }
    }

    subscript(order key: OrderKey) -> [ModuleAssignment]? {
        get { capacity > 0 ? orderEntries[key] : nil }
        set {
            guard capacity > 0 else { return }
            makeRoom()
            orderEntries[key] = newValue
        }
    }

    subscript(group key: GroupKey) -> ModuleSolver.Core? {
        get { capacity > 0 ? groupEntries[key] : nil }
        set {
            guard capacity > 0 else { return }
            makeRoom()
            groupEntries[key] = newValue
        }
    }

    subscript(reduced key: ReducedKey) -> ModuleSolver.Core? {
        get { capacity > 0 ? coreEntries[key] : nil }
        set {
            guard capacity > 0 else { return }
            makeRoom()
            coreEntries[key] = newValue
        }
    }

    var shapeCount: Int { entries.count }
    var reducedCount: Int { coreEntries.count + groupEntries.count }

    /// The number of remembered entries of every kind.
    var count: Int {
        entries.count + coreEntries.count + groupEntries.count + orderEntries.count + profiles.count + gaps.count
    }

    /// Forgets everything when the memo is full.
    mutating func makeRoom() {
        guard count >= capacity else { return }
        entries.removeAll(keepingCapacity: true)
        coreEntries.removeAll(keepingCapacity: true)
        groupEntries.removeAll(keepingCapacity: true)
        orderEntries.removeAll(keepingCapacity: true)
        needsVariants.removeAll(keepingCapacity: true)
        profileIndex.removeAll(keepingCapacity: true)
        profiles.removeAll(keepingCapacity: true)
        gaps.removeAll(keepingCapacity: true)
    }
}

extension Tables {
    /// The attained level per competency index: the highest of the latest assessment (on or
    /// before the as-of date), the covers of valid certificates and the teaches of completed
    /// modules. On equal ranks the earlier source in that list is kept.
    func attainment(of person: Person, index: FrameworkIndex, asOf: ISODate) -> [Int: Attainment] {
        var result: [Int: Attainment] = [:]
        func offer(_ comp: Int, _ level: Level.ID, _ rank: Int, _ source: AttainmentSource) {
            if let current = result[comp], current.rank >= rank { return }
            result[comp] = Attainment(
                competency: competencies[comp].id, level: level, rank: rank, source: source)
        }
        var latest: [Int: (assessment: Assessment, rank: Int)] = [:]
        for assessment in person.assessments {
            if let date = assessment.date, date > asOf { continue }
            guard let comp = competencyIndex[assessment.competency], let rank = rank(assessment.level, comp)
            else { continue }
            if let current = latest[comp] {
                let currentDate = current.assessment.date
                let newer: Bool
                switch (currentDate, assessment.date) {
                case (nil, nil): newer = rank > current.rank
                case (nil, .some): newer = true
                case (.some, nil): newer = false
                case (.some(let old), .some(let new)): newer = new > old || (new == old && rank > current.rank)
                }
                if !newer { continue }
            }
            latest[comp] = (assessment, rank)
        }
        for (comp, entry) in latest.sorted(by: { $0.key < $1.key }) {
            offer(comp, entry.assessment.level, entry.rank, .assessment(entry.assessment))
        }
        for certificate in person.certificates where certificate.isValid(on: asOf) {
            for cover in certificate.covers {
                guard let comp = competencyIndex[cover.competency], let rank = rank(cover.level, comp)
                else { continue }
                offer(comp, cover.level, rank, .certificate(id: certificate.id, kind: certificate.kind))
            }
        }
        for completion in person.completions {
            if let date = completion.date, date > asOf { continue }
            guard let slot = moduleIndex[completion.module], let module = index.module(completion.module)
            else { continue }
            for teaching in module.teaches {
                guard let comp = competencyIndex[teaching.competency], let rank = rank(teaching.level, comp)
                else { continue }
                offer(comp, teaching.level, rank, .module(modules[slot].id))
            }
        }
        return result
    }

    /// The prerequisite modules a person needs not take: completed ones, and ones whose every
    /// taught level the person already attains (a module that teaches nothing is satisfied
    /// only by completing it). Sorted.
    func satisfiedModules(person: Person, attained: [Int: Attainment], asOf: ISODate) -> [Int] {
        guard !prerequisiteModules.isEmpty else { return [] }
        var completed: Set<Int> = []
        for completion in person.completions {
            if let date = completion.date, date > asOf { continue }
            if let slot = moduleIndex[completion.module] { completed.insert(slot) }
        }
        return prerequisiteModules.filter { slot in
            if completed.contains(slot) { return true }
            let teaches = modules[slot].teaches
            guard !teaches.isEmpty else { return false }
            return teaches.allSatisfy { (attained[$0.competency]?.rank ?? Int.min) >= $0.rank }
        }
    }
}

extension Assigner {
    /// Whether a predicate holds for a person on the as-of date.
    public func holds(_ predicate: RulePredicate, for person: Person) -> Bool {
        let attained = tables.attainment(of: person, index: index, asOf: asOf)
        return holds(predicate, person: person, attained: attained)
    }

    func holds(_ predicate: RulePredicate, person: Person, attained: [Int: Attainment]) -> Bool {
        switch predicate {
        case .always:
            return true
        case .all(let operands):
            return operands.allSatisfy { holds($0, person: person, attained: attained) }
        case .any(let operands):
            return operands.contains { holds($0, person: person, attained: attained) }
        case .not(let operand):
            return !holds(operand, person: person, attained: attained)
        case .position(let ancestor):
            guard let position = person.position else { return false }
            return position == ancestor || index.position(position, isOrExtends: ancestor)
        case .positionFamily(let family):
            guard let position = person.position else { return false }
            return index.position(position)?.family == family
        case .unit(let unit, let descendants):
            guard let own = person.unit else { return false }
            return own == unit || (descendants && units.unit(own, isWithin: unit))
        case .attribute(let name, let value):
            return person.attributes.contains { $0.name == name && $0.value == value }
        case .certificate(let kind):
            return person.certificates.contains { $0.kind == kind && $0.isValid(on: asOf) }
        case .level(let competency, let level):
            guard let comp = tables.competencyIndex[competency], let rank = tables.rank(level, comp),
                let attainedRank = attained[comp]?.rank
            else { return false }
            return attainedRank >= rank
        case .annotated(let inner, _):
            return holds(inner, person: person, attained: attained)
        }
    }

    /// The reference evaluation: every step computed for this person alone (module selections
    /// still memoised by need shape in `memo`). The memoised path must give the same results.
    func referenceEvaluate(_ person: Person, memo: inout SelectionMemo) -> PersonEvaluation {
        let attained = tables.attainment(of: person, index: index, asOf: asOf)

        // Rules: selected when in effect (pre-filtered) and `applies-to` holds.
        var ruleOutcomes: [RuleOutcome] = []
        var merged: [Int: Merged] = [:]
        for info in tables.rules where holds(info.rule.appliesTo, person: person, attained: attained) {
            let released = info.rule.exemptIf.map { holds($0, person: person, attained: attained) } ?? false
            ruleOutcomes.append(RuleOutcome(rule: info.rule.id, released: released))
            if !released { for requirement in info.requirements { merge(requirement, into: &merged) } }
        }
        var positionDeclares = false
        if let position = person.position {
            for requirement in tables.positionRequirements[position] ?? [] { merge(requirement, into: &merged) }
            positionDeclares = tables.positionDeclaresRequirements[position] ?? false
        }

        // Needs, in competency document order.
        let entries = merged.sorted { $0.key < $1.key }
        var shapes: [NeedShape] = []
        var deadlines: [ISODate?] = []
        for (comp, requirement) in entries {
            if (attained[comp]?.rank ?? Int.min) < requirement.rank {
                shapes.append(NeedShape(competency: comp, rank: requirement.rank))
                deadlines.append(requirement.by)
            }
        }

        var solved = SolvedSelection.empty
        if !shapes.isEmpty {
            let satisfied = tables.satisfiedModules(person: person, attained: attained, asOf: asOf)
            let key = SelectionMemo.Key(needs: shapes, satisfied: satisfied)
            if let known = memo[key] {
                solved = known
            } else {
                solved = ModuleSolver(tables: tables, satisfied: satisfied, nodeLimit: options.searchNodeLimit)
                    .solve(shapes)
                memo[key] = solved
            }
        }
        let unmetShapes = Set(solved.unmet.map { shapes[$0].competency })

        var outcomes: [RequirementOutcome] = []
        outcomes.reserveCapacity(entries.count)
        for (comp, requirement) in entries {
            let have = attained[comp]
            let state: RequirementOutcome.State =
                (have?.rank ?? Int.min) >= requirement.rank
                ? .met : (unmetShapes.contains(comp) ? .unmet : .planned)
            outcomes.append(
                RequirementOutcome(
                    competency: tables.competencies[comp].id, required: requirement.level,
                    by: requirement.by, because: requirement.causes.sorted { $0.order < $1.order }.map(\.cause),
                    attained: have, state: state))
        }

        let order = orderModules(solved.modules, needs: shapes, deadlines: deadlines, unmet: solved.unmet)
        let assignments = order.enumerated().map {
            ModuleAssignment(module: tables.modules[$0.element].id, order: $0.offset + 1)
        }

        let status: PersonPlan.Status
        if !unmetShapes.isEmpty {
            status = .unsatisfiable
        } else if !shapes.isEmpty {
            status = .needsTraining
        } else if !ruleOutcomes.isEmpty, ruleOutcomes.allSatisfy(\.released), !positionDeclares {
            status = .exempt
        } else {
            status = .compliant
        }
        return PersonEvaluation(
            person: person.id, unit: person.unit, position: person.position, status: status,
            requirements: outcomes, rules: ruleOutcomes, assignments: assignments,
            hours: Double(solved.milliHours) / 1000, isProvenOptimal: solved.isProvenOptimal)
    }

    /// Orders chosen modules: prerequisites first, then the earliest deadline served, then ID.
    /// A module serves the needs it closes and, through them, its prerequisites serve the same
    /// deadlines. A module that serves no dated need comes after every dated one.
    func orderModules(_ chosen: [Int], needs: [NeedShape], deadlines: [ISODate?], unmet: [Int]) -> [Int] {
        guard chosen.count > 1 else { return chosen }
        var deadline: [Int: ISODate] = [:]
        for module in chosen {
            for (offset, need) in needs.enumerated() {
                guard let by = deadlines[offset],
                    tables.modules[module].teaches.contains(where: { $0.competency == need.competency && $0.rank >= need.rank })
                else { continue }
                if let current = deadline[module], current <= by { continue }
                deadline[module] = by
            }
        }
        return orderModules(chosen, deadlines: deadline)
    }

    /// Orders chosen modules given the earliest deadline each serves directly (before
    /// prerequisites inherit deadlines).
    func orderModules(_ chosen: [Int], deadlines served: [Int: ISODate]) -> [Int] {
        guard chosen.count > 1 else { return chosen }
        let members = Set(chosen)
        var deadline = served
        // Prerequisites inherit the earliest deadline of the modules that need them.
        var changed = true
        var rounds = 0
        while changed, rounds <= chosen.count {
            changed = false
            rounds += 1
            for module in chosen {
                guard let by = deadline[module] else { continue }
                for prerequisite in tables.modules[module].prerequisites where members.contains(prerequisite) {
                    if let current = deadline[prerequisite], current <= by { continue }
                    deadline[prerequisite] = by
                    changed = true
                }
            }
        }
        func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
            switch (deadline[lhs], deadline[rhs]) {
            case (.some(let left), .some(let right)) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs < rhs  // index order is ID order
            }
        }
        var remaining = chosen
        var placed: Set<Int> = []
        var result: [Int] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { module in
                tables.modules[module].prerequisites.allSatisfy { !members.contains($0) || placed.contains($0) }
            }
            // A prerequisite cycle: take the best remaining module to break it.
            let pool = ready.isEmpty ? remaining : ready
            var next = pool[0]
            for candidate in pool.dropFirst() where precedes(candidate, next) { next = candidate }
            result.append(next)
            placed.insert(next)
            remaining.removeAll { $0 == next }
        }
        return result
    }
}

/// A merged requirement being built.
struct Merged {
    var rank: Int
    var level: Level.ID
    var by: ISODate?
    var causes: [(cause: Need.Cause, order: Int)]
}

func merge(_ requirement: ExpandedRequirement, into merged: inout [Int: Merged]) {
    guard var current = merged[requirement.competency] else {
        merged[requirement.competency] = Merged(
            rank: requirement.rank, level: requirement.level, by: requirement.by,
            causes: [(requirement.cause, requirement.causeOrder)])
        return
    }
    if requirement.rank > current.rank {
        current.rank = requirement.rank
        current.level = requirement.level
    }
    if let by = requirement.by, current.by.map({ by < $0 }) ?? true { current.by = by }
    if !current.causes.contains(where: { $0.cause == requirement.cause }) {
        current.causes.append((requirement.cause, requirement.causeOrder))
    }
    merged[requirement.competency] = current
}
