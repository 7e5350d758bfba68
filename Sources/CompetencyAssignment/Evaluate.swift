import CompetencyModel

/// A need as the module search sees it: a competency index, a required rank, and the
/// attained rank as far as partial progress can tell it apart (see ``Tables/floor(_:required:attained:)``).
struct NeedShape: Hashable, Sendable {
    var competency: Int
    var rank: Int
    /// When no module closes the need, a module raises the person only above this rank.
    var floor: Int = Int.min
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
    private var orderEntries: [OrderKey: [Int]] = [:]
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
        if needsVariants.count >= needsCapacity {
            needsVariants.removeAll(keepingCapacity: true)
            bytes -= needsBytes
            needsBytes = 0
        }
        // No `makeRoom()` here: the caller holds a profile slot that clearing would invalidate;
        // the next entry of another kind clears the memo if these bytes filled it.
        needsVariants[key] = (attained, needs)
        let cost = 64 + MemoryCost.of(attained) + MemoryCost.of(needs) + needs.reduce(0) { $0 + MemoryCost.of($1.because) }
        needsBytes += cost
        bytes += cost
    }

    /// At most `capacity` entries and about `bytes` bytes (``Assigner/Options/memoBytes``).
    init(capacity: Int, bytes: Int = Assigner.Options().memoBytes) {
        self.capacity = capacity
        self.byteBudget = bytes
    }

    /// The most bytes the entries may take, by ``MemoryCost``'s estimate.
    let byteBudget: Int
    /// The estimated bytes of the entries remembered now.
    private(set) var bytes = 0
    /// The part of `bytes` held by `needsVariants`, which is also cleared on its own.
    private var needsBytes = 0

    subscript(key: Key) -> SolvedSelection? {
        get { capacity > 0 ? entries[key] : nil }
        set {
            guard capacity > 0, let newValue else { return }
            makeRoom()
            entries[key] = newValue
            bytes += 64 + MemoryCost.of(key.needs) + MemoryCost.of(key.satisfied) + MemoryCost.of(newValue.modules)
                + MemoryCost.of(newValue.unmet) + MemoryCost.of(newValue.reached)
        }
    }

    subscript(order key: OrderKey) -> [Int]? {
        get { capacity > 0 ? orderEntries[key] : nil }
        set {
            guard capacity > 0, let newValue else { return }
            makeRoom()
            orderEntries[key] = newValue
            bytes += 48 + MemoryCost.of(key.deadlines) + MemoryCost.of(newValue)
        }
    }

    subscript(group key: GroupKey) -> ModuleSolver.Core? {
        get { capacity > 0 ? groupEntries[key] : nil }
        set {
            guard capacity > 0, let newValue else { return }
            makeRoom()
            groupEntries[key] = newValue
            bytes += 64 + MemoryCost.of(key.options) + MemoryCost.of(newValue.modules)
        }
    }

    subscript(reduced key: ReducedKey) -> ModuleSolver.Core? {
        get { capacity > 0 ? coreEntries[key] : nil }
        set {
            guard capacity > 0, let newValue else { return }
            makeRoom()
            coreEntries[key] = newValue
            bytes += 96 + MemoryCost.of(key.satisfied) + MemoryCost.of(newValue.modules)
        }
    }

    /// Remembers a requirement profile; returns its slot.
    mutating func remember(_ profile: RequirementProfile, for key: ProfileKey) -> Int32 {
        makeRoom()
        let slot = Int32(profiles.count)
        profiles.append(profile)
        profileIndex[key] = slot
        bytes += profile.memoryCost
        return slot
    }

    /// Remembers the outcome of a gap.
    mutating func remember(_ outcome: GapOutcome, for key: GapKey) {
        gaps[key] = outcome
        bytes += 96 + MemoryCost.of(key.floors) + outcome.memoryCost
    }

    var shapeCount: Int { entries.count }
    var reducedCount: Int { coreEntries.count + groupEntries.count }

    /// The number of remembered entries of every kind.
    var count: Int {
        entries.count + coreEntries.count + groupEntries.count + orderEntries.count + profiles.count + gaps.count
    }

    /// Forgets everything when the memo is full: by entries or by bytes.
    mutating func makeRoom() {
        guard count >= capacity || bytes >= byteBudget else { return }
        bytes = 0
        needsBytes = 0
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

/// Estimates of the heap memory that remembered values hold: an array's buffer (its header
/// and elements), counted from element strides. Strings are not counted: the IDs in memo
/// entries share the framework's storage.
enum MemoryCost {
    static func of<Element>(_ array: [Element]) -> Int {
        array.isEmpty ? 0 : 32 + array.capacity * MemoryLayout<Element>.stride
    }
}

extension GapOutcome {
    var memoryCost: Int {
        MemoryCost.of(assignments) + assignments.reduce(0) { $0 + MemoryCost.of($1.closes) } + MemoryCost.of(unmet)
    }
}

extension RequirementProfile {
    var memoryCost: Int {
        128 + MemoryCost.of(competencies) + MemoryCost.of(ranks) + MemoryCost.of(levels) + MemoryCost.of(bys)
            + MemoryCost.of(because) + because.reduce(0) { $0 + MemoryCost.of($1) } + MemoryCost.of(levelSetBy)
            + MemoryCost.of(deadlineSetBy) + MemoryCost.of(rules) + MemoryCost.of(needs)
            + needs.reduce(0) { $0 + MemoryCost.of($1.because) } + MemoryCost.of(relevantPrerequisites)
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

    /// The clauses of a rule's `exempt-if` that make it hold for a person, or `nil` when it does
    /// not hold: for `all`, the clauses of every operand; for `any`, those of the first
    /// operand that holds; a `not` clause that holds, and every other leaf that holds, is a
    /// clause itself. `attained` gives the attained level by competency index.
    func exemption(
        _ predicate: RulePredicate, person: Person, attained: (Int) -> Attainment?
    ) -> [ExemptionMatch]? {
        switch predicate {
        case .all(let operands):
            if operands.isEmpty { return [ExemptionMatch(condition: predicate)] }
            var matches: [ExemptionMatch] = []
            for operand in operands {
                guard let found = exemption(operand, person: person, attained: attained) else { return nil }
                matches += found
            }
            return matches
        case .any(let operands):
            for operand in operands {
                if let found = exemption(operand, person: person, attained: attained) { return found }
            }
            return nil
        case .annotated(let inner, _):
            return exemption(inner, person: person, attained: attained)
        case .not(let operand):
            return exemption(operand, person: person, attained: attained) == nil
                ? [ExemptionMatch(condition: .not(operand.unannotated))] : nil
        case .certificate(let kind):
            guard let held = person.certificates.first(where: { $0.kind == kind && $0.isValid(on: asOf) }) else {
                return nil
            }
            let certificate = HeldCertificate(
                id: held.id, kind: held.kind, title: held.title, issued: held.issued, expires: held.expires)
            return [ExemptionMatch(condition: predicate, certificate: certificate)]
        case .level(let competency, let level):
            guard let comp = tables.competencyIndex[competency], let rank = tables.rank(level, comp),
                let have = attained(comp), have.rank >= rank
            else { return nil }
            return [ExemptionMatch(condition: predicate, attained: have)]
        case .always, .position, .positionFamily, .unit, .attribute:
            return holds(predicate, person: person, attained: [:]) ? [ExemptionMatch(condition: predicate)] : nil
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
            let releasedBy =
                released
                ? info.rule.exemptIf.flatMap { exemption($0, person: person) { attained[$0] } } ?? [] : []
            ruleOutcomes.append(RuleOutcome(rule: info.rule.id, released: released, releasedBy: releasedBy))
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
                shapes.append(
                    NeedShape(
                        competency: comp, rank: requirement.rank,
                        floor: tables.floor(comp, required: requirement.rank, attained: attained[comp]?.rank)))
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
        var reachedLevel: [Int: Level.ID] = [:]
        for (index, offset) in solved.unmet.enumerated() {
            let comp = shapes[offset].competency
            if let rank = solved.reached[index], let level = tables.level(rank: rank, comp) { reachedLevel[comp] = level }
        }

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
                    by: requirement.by, because: requirement.sortedCauses, levelSetBy: requirement.levelSetBy.cause,
                    deadlineSetBy: requirement.deadlineSetBy?.cause, attained: have, state: state,
                    reached: state == .unmet ? reachedLevel[comp] : nil))
        }

        let targets = targetRanks(shapes, solved)
        let order = orderModules(solved.modules, needs: shapes, targets: targets, deadlines: deadlines)
        let assignments = self.assignments(order, needs: shapes, targets: targets)

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

    /// Per need: the rank the plan takes the person to (the required rank, or the rank
    /// reached for a need met in part), or `nil` when no chosen module raises them.
    func targetRanks(_ needs: [NeedShape], _ solved: SolvedSelection) -> [Int?] {
        var targets: [Int?] = needs.map(\.rank)
        for (index, offset) in solved.unmet.enumerated() { targets[offset] = solved.reached[index] }
        return targets
    }

    /// Whether a module closes a need whose target rank is `target`.
    @inline(__always)
    func module(_ module: Int, closes competency: Int, at target: Int) -> Bool {
        tables.modules[module].teaches.contains { $0.competency == competency && $0.rank >= target }
    }

    /// The assignments of ordered modules, each with the needs it closes (in need order).
    func assignments(_ order: [Int], needs: [NeedShape], targets: [Int?]) -> [ModuleAssignment] {
        order.enumerated().map { offset, slot in
            var closes: [Competency.ID] = []
            for (index, need) in needs.enumerated() {
                guard let target = targets[index], module(slot, closes: need.competency, at: target) else { continue }
                closes.append(tables.competencies[need.competency].id)
            }
            return ModuleAssignment(module: tables.modules[slot].id, order: offset + 1, closes: closes)
        }
    }

    /// Orders chosen modules: prerequisites first, then the earliest deadline served, then the
    /// framework's document order. A module serves the needs it closes and, through them, its
    /// prerequisites serve the same deadlines. A module that serves no dated need comes after
    /// every dated one.
    func orderModules(_ chosen: [Int], needs: [NeedShape], targets: [Int?], deadlines: [ISODate?]) -> [Int] {
        guard chosen.count > 1 else { return chosen }
        var deadline: [Int: ISODate] = [:]
        for module in chosen {
            for (offset, need) in needs.enumerated() {
                guard let by = deadlines[offset], let target = targets[offset],
                    self.module(module, closes: need.competency, at: target)
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
            default:
                let left = tables.modules[lhs].documentOrder
                let right = tables.modules[rhs].documentOrder
                return left != right ? left < right : lhs < rhs
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
    /// The source that set the level: of those requiring the highest rank, the first in cause order.
    var levelSetBy: (cause: Need.Cause, order: Int)
    /// The source that set the deadline: of those with the earliest `by`, the first in cause order.
    var deadlineSetBy: (cause: Need.Cause, order: Int)?

    /// The causes in explanation order.
    var sortedCauses: [Need.Cause] { causes.sorted { $0.order < $1.order }.map(\.cause) }
}

func merge(_ requirement: ExpandedRequirement, into merged: inout [Int: Merged]) {
    let source = (cause: requirement.cause, order: requirement.causeOrder)
    guard var current = merged[requirement.competency] else {
        merged[requirement.competency] = Merged(
            rank: requirement.rank, level: requirement.level, by: requirement.by, causes: [source],
            levelSetBy: source, deadlineSetBy: requirement.by == nil ? nil : source)
        return
    }
    if requirement.rank > current.rank
        || (requirement.rank == current.rank && requirement.causeOrder < current.levelSetBy.order)
    {
        current.rank = requirement.rank
        current.level = requirement.level
        current.levelSetBy = source
    }
    if let by = requirement.by {
        if let earliest = current.by, let setter = current.deadlineSetBy,
            by > earliest || (by == earliest && requirement.causeOrder >= setter.order)
        {
            // Not earlier, nor as early from a source that comes first.
        } else {
            current.by = by
            current.deadlineSetBy = source
        }
    }
    if !current.causes.contains(where: { $0.cause == requirement.cause }) {
        current.causes.append(source)
    }
    merged[requirement.competency] = current
}
