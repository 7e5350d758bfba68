import CompetencyModel

/// A person's merged requirements, decided by their position and the outcome of every rule
/// alone: shared by everyone with the same position and the same rule outcomes.
final class RequirementProfile: @unchecked Sendable {
    /// The merged requirements, in competency (document) order.
    let competencies: [Int32]
    let ranks: [Int32]
    let levels: [Level.ID]
    let bys: [ISODate?]
    let because: [[Need.Cause]]
    /// Per entry: the source that set the level, and the one that set the deadline.
    let levelSetBy: [Need.Cause]
    let deadlineSetBy: [Need.Cause?]
    /// What each rule in effect that selected the person did.
    let rules: [RuleOutcome]
    /// Whether the position (with what it extends) declares any requirement.
    let positionDeclares: Bool
    /// Per entry: the need it is when not attained (no attained level yet).
    let needs: [Need]
    /// Per entry, when selection runs on module masks: the prerequisite modules (as bits of
    /// `Tables.prerequisiteModules`) reachable from the modules that close it. Only these can
    /// change its selection.
    /// Set once, right after the profile is made and before it is shared (hence `@unchecked`).
    var relevantPrerequisites: [UInt64] = []
    /// The entries whose selection can depend on the attained rank (partial progress: no
    /// module may close them); also set once before the profile is shared.
    var floorEntries: UInt64 = 0

    init(
        competencies: [Int32], competencyIDs: [Competency.ID], ranks: [Int32], levels: [Level.ID], bys: [ISODate?],
        because: [[Need.Cause]], levelSetBy: [Need.Cause], deadlineSetBy: [Need.Cause?], rules: [RuleOutcome],
        positionDeclares: Bool
    ) {
        self.competencies = competencies
        self.ranks = ranks
        self.levels = levels
        self.bys = bys
        self.because = because
        self.levelSetBy = levelSetBy
        self.deadlineSetBy = deadlineSetBy
        self.rules = rules
        self.positionDeclares = positionDeclares
        self.needs = competencies.indices.map { entry in
            Need(
                competency: competencyIDs[entry], attained: nil, required: levels[entry], by: bys[entry],
                because: because[entry], levelSetBy: levelSetBy[entry], deadlineSetBy: deadlineSetBy[entry])
        }
    }

    /// The status of a person of this profile without needs.
    var statusWithoutNeeds: PersonPlan.Status {
        !rules.isEmpty && rules.allSatisfy(\.released) && !positionDeclares ? .exempt : .compliant
    }
}

/// Everything about a person's plan but who they are and what they attain: shared by everyone
/// with the same requirement profile, the same needs and the same satisfied prerequisites.
struct GapOutcome: Sendable {
    var status: PersonPlan.Status
    var assignments: [ModuleAssignment]
    var unmet: [UnmetNeed]
    /// The profile entries that are unmet needs.
    var unmetMask: UInt64
    var hours: Double
    var isProvenOptimal: Bool
}

struct ProfileKey: Hashable, Sendable {
    var position: Int32
    var atoms: UInt64
}

struct GapKey: Hashable, Sendable {
    var profile: Int32
    var needs: UInt64
    var satisfied: UInt64
    /// The floors (``NeedShape/floor``) of the needs among the profile's `floorEntries`, in
    /// entry order; empty when every need can be closed.
    var floors: [Int]
}

/// Per-person working space for the memoised path, reused from person to person.
struct Scratch: Sendable {
    /// `stamp[c] == generation` when competency `c` has an attained level for this person.
    var stamp: [UInt32] = []
    var generation: UInt32 = 0
    var rank: [Int32] = []
    var level: [Int32] = []
    /// For the latest-assessment comparison: the date as yyyymmdd, or -1 for undated.
    var date: [Int32] = []
    /// The source: 0 assessment, 1 certificate, 2 module; and its index.
    var sourceKind: [UInt8] = []
    var sourceIndex: [Int32] = []

    mutating func begin(competencies: Int) {
        if stamp.count != competencies {
            stamp = [UInt32](repeating: 0, count: competencies)
            rank = [Int32](repeating: 0, count: competencies)
            level = rank
            date = rank
            sourceKind = [UInt8](repeating: 0, count: competencies)
            sourceIndex = rank
            generation = 0
        }
        if generation == UInt32.max {
            for index in stamp.indices { stamp[index] = 0 }
            generation = 0
        }
        generation += 1
    }
}

/// The result of the memoised path for one person.
struct Resolved {
    var profile: RequirementProfile
    /// The profile's slot in the memo, or -1 when it is not remembered.
    var profileSlot: Int32 = -1
    var needMask: UInt64
    var outcome: GapOutcome
}

/// A gap with the levels attained in its needs: the key of a person's `needs` array.
struct NeedsKey: Hashable, Sendable {
    var profile: Int32
    var needs: UInt64
    /// A hash of the attained level of each need; entries are checked on use.
    var attained: UInt64
}

extension Assigner {
    /// The memoised path: the same results as ``referenceEvaluate(_:memo:)``, computed once per
    /// requirement profile and gap. `nil` when the person or the framework is past the limits
    /// of the compact representation (the caller then takes the reference path).
    func resolve(_ person: Person, memo: inout SelectionMemo) -> Resolved? {
        guard let compiled else { return nil }
        let position: Int
        if let id = person.position {
            guard let slot = compiled.positionIndex[id] else { return nil }
            position = slot
        } else {
            position = compiled.positionCount
        }
        let competencyCount = tables.competencies.count
        memo.scratch.begin(competencies: competencyCount)
        let generation = memo.scratch.generation

        // Attained levels, in the reference order: the latest assessments, then valid
        // certificates, then completed modules; a later source only wins with a higher rank.
        var completed: UInt64 = 0
        var atoms = compiled.positionAtoms[position]
        memo.scratch.stamp.withUnsafeMutableBufferPointer { stamp in
            memo.scratch.rank.withUnsafeMutableBufferPointer { rank in
                memo.scratch.level.withUnsafeMutableBufferPointer { level in
                    memo.scratch.date.withUnsafeMutableBufferPointer { date in
                        memo.scratch.sourceKind.withUnsafeMutableBufferPointer { kind in
                            memo.scratch.sourceIndex.withUnsafeMutableBufferPointer { source in
                                for (offset, assessment) in person.assessments.enumerated() {
                                    let day: Int32
                                    if let when = assessment.date {
                                        if when > asOf { continue }
                                        day = Int32(when.year * 10_000 + when.month * 100 + when.day)
                                    } else {
                                        day = -1
                                    }
                                    guard let comp = tables.competencyIndex[assessment.competency],
                                        let found = compiled.level(assessment.level, comp, tables)
                                    else { continue }
                                    if stamp[comp] == generation
                                        && !(day > date[comp] || (day == date[comp] && found.rank > rank[comp]))
                                    {
                                        continue
                                    }
                                    stamp[comp] = generation
                                    rank[comp] = found.rank
                                    level[comp] = found.ref
                                    date[comp] = day
                                    kind[comp] = 0
                                    source[comp] = Int32(offset)
                                }
                                @inline(__always) func offer(_ comp: Int, _ found: CompiledFramework.LevelRef, _ from: UInt8, _ index: Int) {
                                    if stamp[comp] == generation && rank[comp] >= found.rank { return }
                                    stamp[comp] = generation
                                    rank[comp] = found.rank
                                    level[comp] = found.ref
                                    kind[comp] = from
                                    source[comp] = Int32(index)
                                }
                                for (offset, certificate) in person.certificates.enumerated() where certificate.isValid(on: asOf) {
                                    for atom in compiled.certificateAtoms where atom.kind == certificate.kind { atoms |= atom.bit }
                                    for cover in certificate.covers {
                                        guard let comp = tables.competencyIndex[cover.competency],
                                            let found = compiled.level(cover.level, comp, tables)
                                        else { continue }
                                        offer(comp, found, 1, offset)
                                    }
                                }
                                for completion in person.completions {
                                    if let when = completion.date, when > asOf { continue }
                                    guard let slot = tables.moduleIndex[completion.module] else { continue }
                                    let bit = compiled.prerequisiteBit[slot]
                                    if bit >= 0 { completed |= UInt64(1) << UInt64(bit) }
                                    for teaching in compiled.completionTeaches[slot] {
                                        offer(Int(teaching.competency), teaching.level, 2, slot)
                                    }
                                }
                                for atom in compiled.levelAtoms
                                where stamp[atom.competency] == generation && rank[atom.competency] >= atom.rank {
                                    atoms |= atom.bit
                                }
                            }
                        }
                    }
                }
            }
        }
        if let unit = person.unit { atoms |= compiled.unitAtoms[unit] ?? 0 }
        for atom in compiled.attributeAtoms
        where person.attributes.contains(where: { $0.name == atom.name && $0.value == atom.value }) {
            atoms |= atom.bit
        }

        // The requirement profile.
        let profileKey = ProfileKey(position: Int32(position), atoms: atoms)
        let profileSlot: Int32
        let profile: RequirementProfile
        if let known = memo.profileIndex[profileKey] {
            profileSlot = known
            profile = memo.profiles[Int(known)]
        } else {
            profile = makeProfile(position: position, atoms: atoms, compiled: compiled)
            if memo.capacity > 0 {
                profileSlot = memo.remember(profile, for: profileKey)
            } else {
                profileSlot = -1
            }
        }
        guard profile.competencies.count <= 64 else { return nil }

        // The needs, and the catalogue components they fall in.
        var needMask: UInt64 = 0
        var components: UInt64 = 0
        for entry in profile.competencies.indices {
            let comp = Int(profile.competencies[entry])
            if memo.scratch.stamp[comp] != generation || memo.scratch.rank[comp] < profile.ranks[entry] {
                needMask |= UInt64(1) << UInt64(entry)
                components |= UInt64(1) << UInt64(compiled.componentOfCompetency[comp])
            }
        }
        if needMask == 0 {
            return Resolved(
                profile: profile, profileSlot: profileSlot, needMask: 0,
                outcome: GapOutcome(
                    status: profile.statusWithoutNeeds, assignments: [], unmet: [], unmetMask: 0, hours: 0,
                    isProvenOptimal: true))
        }

        // Satisfied prerequisites: completed, or every level they teach attained. Only those of
        // the components with needs can matter.
        var relevant: UInt64 = 0
        if profile.relevantPrerequisites.isEmpty {
            var rest = components
            while rest != 0 {
                relevant |= compiled.componentPrerequisites[rest.trailingZeroBitCount]
                rest &= rest - 1
            }
        } else {
            var rest = needMask
            while rest != 0 {
                relevant |= profile.relevantPrerequisites[rest.trailingZeroBitCount]
                rest &= rest - 1
            }
        }
        var satisfied = completed & relevant
        for (bit, teaches) in compiled.prerequisiteTeaches.enumerated()
        where relevant & (UInt64(1) << UInt64(bit)) != 0 && satisfied & (UInt64(1) << UInt64(bit)) == 0
            && !teaches.isEmpty
        {
            if teaches.allSatisfy({
                memo.scratch.stamp[Int($0.competency)] == generation && memo.scratch.rank[Int($0.competency)] >= $0.rank
            }) {
                satisfied |= UInt64(1) << UInt64(bit)
            }
        }

        var floors: [Int] = []
        var partial = needMask & profile.floorEntries
        while partial != 0 {
            let entry = partial.trailingZeroBitCount
            partial &= partial - 1
            let comp = Int(profile.competencies[entry])
            let attained = memo.scratch.stamp[comp] == generation ? Int(memo.scratch.rank[comp]) : nil
            floors.append(tables.floor(comp, required: Int(profile.ranks[entry]), attained: attained))
        }
        let gapKey = GapKey(profile: profileSlot, needs: needMask, satisfied: satisfied, floors: floors)
        if profileSlot >= 0, let known = memo.gaps[gapKey] {
            return Resolved(profile: profile, profileSlot: profileSlot, needMask: needMask, outcome: known)
        }
        let outcome = makeGapOutcome(profile, needMask: needMask, floors: floors, satisfied: satisfied, memo: &memo)
        if profileSlot >= 0 {
            memo.makeRoom()
            // Making room may have dropped the profile; only remember the gap if it is still known.
            if memo.profileIndex[profileKey] == profileSlot { memo.remember(outcome, for: gapKey) }
        }
        return Resolved(profile: profile, profileSlot: profileSlot, needMask: needMask, outcome: outcome)
    }

    /// Builds the requirement profile of a position and rule outcomes, exactly as the reference
    /// path merges requirements.
    private func makeProfile(position: Int, atoms: UInt64, compiled: CompiledFramework) -> RequirementProfile {
        var ruleOutcomes: [RuleOutcome] = []
        var merged: [Int: Merged] = [:]
        for (offset, info) in tables.rules.enumerated() where compiled.appliesTo[offset].holds(atoms) {
            let released = compiled.exemptIf[offset]?.holds(atoms) ?? false
            ruleOutcomes.append(RuleOutcome(rule: info.rule.id, released: released))
            if !released { for requirement in info.requirements { merge(requirement, into: &merged) } }
        }
        var positionDeclares = false
        if position < compiled.positionCount {
            let id = compiled.positionIDs[position]
            for requirement in tables.positionRequirements[id] ?? [] { merge(requirement, into: &merged) }
            positionDeclares = tables.positionDeclaresRequirements[id] ?? false
        }
        let entries = merged.sorted { $0.key < $1.key }
        let profile = RequirementProfile(
            competencies: entries.map { Int32($0.key) }, competencyIDs: entries.map { tables.competencies[$0.key].id },
            ranks: entries.map { Int32(clamping: $0.value.rank) },
            levels: entries.map(\.value.level), bys: entries.map(\.value.by),
            because: entries.map(\.value.sortedCauses), levelSetBy: entries.map(\.value.levelSetBy.cause),
            deadlineSetBy: entries.map { $0.value.deadlineSetBy?.cause }, rules: ruleOutcomes,
            positionDeclares: positionDeclares)
        for (offset, entry) in entries.enumerated() {
            let closable = tables.allModulesUsable && (tables.teachRanks[entry.key].last ?? Int.min) >= entry.value.rank
            if !closable && offset < 64 { profile.floorEntries |= UInt64(1) << UInt64(offset) }
        }
        if compiled.masksSelection {
            profile.relevantPrerequisites = entries.enumerated().map { offset, entry in
                // A need that may be met in part can be closed by any of its teachers.
                let floor = offset < 64 && profile.floorEntries & (UInt64(1) << UInt64(offset)) != 0
                var reach: UInt64 = 0
                for teacher in tables.teachers[entry.key] where floor || teacher.rank >= entry.value.rank {
                    reach |= compiled.reachMask[teacher.module]
                }
                var bits: UInt64 = 0
                while reach != 0 {
                    let slot = reach.trailingZeroBitCount
                    reach &= reach - 1
                    let bit = compiled.prerequisiteBit[slot]
                    if bit >= 0 { bits |= UInt64(1) << UInt64(bit) }
                }
                return bits
            }
        }
        return profile
    }

    /// Selects and orders modules for a profile's needs, exactly as the reference path does.
    private func makeGapOutcome(
        _ profile: RequirementProfile, needMask: UInt64, floors: [Int], satisfied: UInt64, memo: inout SelectionMemo
    ) -> GapOutcome {
        var shapes: [NeedShape] = []
        var deadlines: [ISODate?] = []
        var entries: [Int] = []
        var nextFloor = 0
        for entry in profile.competencies.indices where needMask & (UInt64(1) << UInt64(entry)) != 0 {
            var floor = Int.min
            if profile.floorEntries & (UInt64(1) << UInt64(entry)) != 0, nextFloor < floors.count {
                floor = floors[nextFloor]
                nextFloor += 1
            }
            shapes.append(
                NeedShape(competency: Int(profile.competencies[entry]), rank: Int(profile.ranks[entry]), floor: floor))
            deadlines.append(profile.bys[entry])
            entries.append(entry)
        }
        var satisfiedModules: [Int] = []
        for (bit, slot) in tables.prerequisiteModules.enumerated() where satisfied & (UInt64(1) << UInt64(bit)) != 0 {
            satisfiedModules.append(slot)
        }
        let solved =
            compiled?.masksSelection == true
            ? solveByGroups(shapes, satisfied: satisfiedModules, memo: &memo)
            : solveByComponent(shapes, satisfied: satisfiedModules, memo: &memo)
        var unmetMask: UInt64 = 0
        var unmet: [UnmetNeed] = []
        for (index, offset) in solved.unmet.enumerated() {
            let entry = entries[offset]
            let comp = shapes[offset].competency
            unmetMask |= UInt64(1) << UInt64(entry)
            unmet.append(
                UnmetNeed(
                    competency: tables.competencies[comp].id, required: profile.levels[entry],
                    reached: solved.reached[index].flatMap { tables.level(rank: $0, comp) }, reason: .noModule))
        }
        let targets = targetRanks(shapes, solved)
        let order: [Int]
        if solved.modules.count <= 1 {
            order = solved.modules
        } else if compiled?.masksSelection == true {
            // The earliest deadline each chosen module serves directly, then the order,
            // remembered by both (many gaps share their modules and deadlines).
            var served: [Int: ISODate] = [:]
            var chosenMask: UInt64 = 0
            for module in solved.modules { chosenMask |= UInt64(1) << UInt64(module) }
            for (offset, need) in shapes.enumerated() {
                guard let by = deadlines[offset], let target = targets[offset] else { continue }
                var closing: UInt64 = 0
                for teacher in tables.teachers[need.competency] where teacher.rank >= target {
                    closing |= UInt64(1) << UInt64(teacher.module)
                }
                closing &= chosenMask
                while closing != 0 {
                    let module = closing.trailingZeroBitCount
                    closing &= closing - 1
                    if let current = served[module], current <= by { continue }
                    served[module] = by
                }
            }
            let key = SelectionMemo.OrderKey(
                modules: chosenMask, deadlines: solved.modules.map { served[$0] })
            if let known = memo[order: key] {
                order = known
            } else {
                order = orderModules(solved.modules, deadlines: served)
                memo[order: key] = order
            }
        } else {
            order = orderModules(solved.modules, needs: shapes, targets: targets, deadlines: deadlines)
        }
        let assignments = self.assignments(order, needs: shapes, targets: targets)
        return GapOutcome(
            status: unmet.isEmpty ? .needsTraining : .unsatisfiable, assignments: assignments,
            unmet: unmet, unmetMask: unmetMask, hours: Double(solved.milliHours) / 1000,
            isProvenOptimal: solved.isProvenOptimal)
    }

    /// The module search on module masks (at most 64 modules, all usable): needs reduced to
    /// their minimal option sets exactly as ``ModuleSolver/reduce(_:)`` does, split into
    /// groups that share no module in any option's closure, each group searched once per
    /// distinct (option sets, satisfied prerequisites it can reach). The solver splits its
    /// instance the same way (its groups are finer: they are formed after module dominance,
    /// which never looks across these groups), so the result is the solver's.
    func solveByGroups(_ shapes: [NeedShape], satisfied: [Int], memo: inout SelectionMemo) -> SolvedSelection {
        guard let compiled else { return solveMemoised(shapes, satisfied: satisfied, memo: &memo) }
        var satisfiedMask: UInt64 = 0
        for module in satisfied { satisfiedMask |= UInt64(1) << UInt64(module) }
        var unmet: [Int] = []
        var reached: [Int?] = []
        var masks: [UInt64] = []
        masks.reserveCapacity(shapes.count)
        for (offset, need) in shapes.enumerated() {
            var mask: UInt64 = 0
            for teacher in tables.teachers[need.competency] where teacher.rank >= need.rank {
                mask |= UInt64(1) << UInt64(teacher.module)
            }
            if mask == 0 {
                // Partial progress, as the solver does it (every module is usable here).
                unmet.append(offset)
                guard let best = tables.teachRanks[need.competency].last, best > need.floor else {
                    reached.append(nil)
                    continue
                }
                reached.append(best)
                for teacher in tables.teachers[need.competency] where teacher.rank >= best {
                    mask |= UInt64(1) << UInt64(teacher.module)
                }
            }
            masks.append(mask)
        }
        // Minimal distinct option sets: smaller sets first.
        masks.sort { $0.nonzeroBitCount != $1.nonzeroBitCount ? $0.nonzeroBitCount < $1.nonzeroBitCount : $0 < $1 }
        var kept: [UInt64] = []
        for mask in masks where !kept.contains(where: { $0 & ~mask == 0 }) { kept.append(mask) }

        // Groups: needs whose options' closures share a module.
        func closure(_ module: Int) -> UInt64 {
            MaskSolver.closure(of: module, prerequisites: compiled.prerequisiteMask, satisfied: satisfiedMask)
        }
        var groupOptions: [[UInt64]] = []
        var groupFootprint: [UInt64] = []
        for mask in kept {
            var footprint: UInt64 = 0
            var rest = mask
            while rest != 0 {
                footprint |= closure(rest.trailingZeroBitCount)
                rest &= rest - 1
            }
            var members = [mask]
            var index = 0
            while index < groupFootprint.count {
                if groupFootprint[index] & footprint != 0 {
                    footprint |= groupFootprint[index]
                    members += groupOptions[index]
                    groupFootprint.remove(at: index)
                    groupOptions.remove(at: index)
                } else {
                    index += 1
                }
            }
            groupOptions.append(members)
            groupFootprint.append(footprint)
        }

        var chosen: UInt64 = 0
        var milliHours = 0
        var proven = true
        for var options in groupOptions {
            options.sort()
            var reach: UInt64 = 0
            for mask in options {
                var rest = mask
                while rest != 0 {
                    reach |= compiled.reachMask[rest.trailingZeroBitCount]
                    rest &= rest - 1
                }
            }
            let key = SelectionMemo.GroupKey(options: options, satisfied: satisfiedMask & reach)
            let core: ModuleSolver.Core
            if let known = memo[group: key] {
                core = known
            } else if options.count <= 64 {
                core = MaskSolver(
                    milliHours: compiled.moduleMilliHours, prerequisites: compiled.prerequisiteMask,
                    nodeLimit: self.options.searchNodeLimit
                ).solve(options: options, satisfied: key.satisfied)
                memo[group: key] = core
            } else {
                func members(_ mask: UInt64) -> [Int] {
                    var result: [Int] = []
                    var rest = mask
                    while rest != 0 {
                        result.append(rest.trailingZeroBitCount)
                        rest &= rest - 1
                    }
                    return result
                }
                let lists = options.map(members).sorted { $0.lexicographicallyPrecedes($1) }
                core = ModuleSolver(tables: tables, satisfied: members(key.satisfied), nodeLimit: self.options.searchNodeLimit)
                    .solve(ModuleSolver.Reduced(options: lists))
                memo[group: key] = core
            }
            for module in core.modules { chosen |= UInt64(1) << UInt64(module) }
            milliHours += core.milliHours
            proven = proven && core.isProvenOptimal
        }
        var modules: [Int] = []
        var rest = chosen
        while rest != 0 {
            modules.append(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return SolvedSelection(
            modules: modules, unmet: unmet, reached: reached, milliHours: milliHours, isProvenOptimal: proven)
    }

    /// The module search, split by catalogue component (see ``CompiledFramework``) and
    /// memoised per component by need shape and the component's satisfied prerequisites.
    /// The optimum of the whole is the union of the components' optima, tie-breaks included,
    /// exactly as for the solver's own independent groups.
    func solveByComponent(_ shapes: [NeedShape], satisfied: [Int], memo: inout SelectionMemo) -> SolvedSelection {
        guard let compiled else { return solveMemoised(shapes, satisfied: satisfied, memo: &memo) }
        var byComponent: [Int: [Int]] = [:]
        for (offset, shape) in shapes.enumerated() {
            byComponent[compiled.componentOfCompetency[shape.competency], default: []].append(offset)
        }
        if byComponent.count == 1 { return solveMemoised(shapes, satisfied: satisfied, memo: &memo) }
        var modules: [Int] = []
        var unmet: [(offset: Int, reached: Int?)] = []
        var milliHours = 0
        var proven = true
        for (component, offsets) in byComponent {
            let part = solveMemoised(
                offsets.map { shapes[$0] }, satisfied: satisfied.filter { compiled.componentOfModule[$0] == component },
                memo: &memo)
            modules.append(contentsOf: part.modules)
            for (index, offset) in part.unmet.enumerated() { unmet.append((offsets[offset], part.reached[index])) }
            milliHours += part.milliHours
            proven = proven && part.isProvenOptimal
        }
        unmet.sort { $0.offset < $1.offset }
        return SolvedSelection(
            modules: modules.sorted(), unmet: unmet.map(\.offset), reached: unmet.map(\.reached), milliHours: milliHours,
            isProvenOptimal: proven)
    }

    /// The module search, memoised by need shape and satisfied prerequisites, and below that
    /// by the reduced instance (see ``ModuleSolver/reduce(_:)``), which many need shapes share.
    func solveMemoised(_ shapes: [NeedShape], satisfied: [Int], memo: inout SelectionMemo) -> SolvedSelection {
        let key = SelectionMemo.Key(needs: shapes, satisfied: satisfied)
        if let known = memo[key] { return known }
        let solver = ModuleSolver(tables: tables, satisfied: satisfied, nodeLimit: options.searchNodeLimit)
        let (unmet, reached, reduced) = solver.reduce(shapes)
        let reducedKey = SelectionMemo.ReducedKey(reduced: reduced, satisfied: satisfied)
        let core: ModuleSolver.Core
        if let known = memo[reduced: reducedKey] {
            core = known
        } else {
            core = solver.solve(reduced)
            memo[reduced: reducedKey] = core
        }
        let solved = SolvedSelection(
            modules: core.modules, unmet: unmet, reached: reached, milliHours: core.milliHours,
            isProvenOptimal: core.isProvenOptimal)
        memo[key] = solved
        return solved
    }

    /// The plan of a person from the memoised path. The `needs` array is shared by everyone
    /// with the same gap and the same attained levels in it (a bounded memo of its own).
    func plan(_ person: Person, _ resolved: Resolved, _ memo: inout SelectionMemo, compiled: CompiledFramework) -> PersonPlan {
        var needs: [Need] = []
        if resolved.needMask != 0 {
            let profile = resolved.profile
            let generation = memo.scratch.generation
            // The attained level reference of each need (-1: none), hashed.
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            var rest = resolved.needMask
            while rest != 0 {
                let comp = Int(profile.competencies[rest.trailingZeroBitCount])
                rest &= rest - 1
                let ref: Int32 = memo.scratch.stamp[comp] == generation ? memo.scratch.level[comp] : -1
                hash = (hash ^ UInt64(UInt32(bitPattern: ref))) &* 0x100_0000_01B3
            }
            let key = NeedsKey(profile: resolved.profileSlot, needs: resolved.needMask, attained: hash)
            // The slot is only meaningful while the memo still holds this very profile (it may
            // have been cleared since the profile was resolved).
            let slot = Int(resolved.profileSlot)
            let remembered = slot >= 0 && slot < memo.profiles.count && memo.profiles[slot] === profile
            if remembered, let known = memo.needsVariants[key] {
                var same = true
                var index = 0
                rest = resolved.needMask
                while rest != 0 {
                    let comp = Int(profile.competencies[rest.trailingZeroBitCount])
                    rest &= rest - 1
                    let ref: Int32 = memo.scratch.stamp[comp] == generation ? memo.scratch.level[comp] : -1
                    if known.attained[index] != ref {
                        same = false
                        break
                    }
                    index += 1
                }
                if same {
                    return PersonPlan(
                        person: person.id, status: resolved.outcome.status, needs: known.needs,
                        assignments: resolved.outcome.assignments, unmet: resolved.outcome.unmet)
                }
            }
            needs.reserveCapacity(resolved.needMask.nonzeroBitCount)
            var attained: [Int32] = []
            attained.reserveCapacity(resolved.needMask.nonzeroBitCount)
            rest = resolved.needMask
            while rest != 0 {
                let entry = rest.trailingZeroBitCount
                rest &= rest - 1
                var need = profile.needs[entry]
                let comp = Int(profile.competencies[entry])
                if memo.scratch.stamp[comp] == generation {
                    need.attained = compiled.levelIDs[Int(memo.scratch.level[comp])]
                    attained.append(memo.scratch.level[comp])
                } else {
                    attained.append(-1)
                }
                needs.append(need)
            }
            if remembered { memo.rememberNeeds(needs, attained: attained, for: key) }
        }
        return PersonPlan(
            person: person.id, status: resolved.outcome.status, needs: needs, assignments: resolved.outcome.assignments,
            unmet: resolved.outcome.unmet)
    }

    /// The evaluation of a person from the memoised path.
    func evaluation(_ person: Person, _ resolved: Resolved, _ scratch: Scratch, compiled: CompiledFramework)
        -> PersonEvaluation
    {
        let profile = resolved.profile
        func attainment(_ comp: Int) -> Attainment? {
            guard scratch.stamp[comp] == scratch.generation else { return nil }
            let index = Int(scratch.sourceIndex[comp])
            let source: AttainmentSource
            switch scratch.sourceKind[comp] {
            case 0: source = .assessment(person.assessments[index])
            case 1: source = .certificate(id: person.certificates[index].id, kind: person.certificates[index].kind)
            default: source = .module(tables.modules[index].id)
            }
            return Attainment(
                competency: tables.competencies[comp].id, level: compiled.levelIDs[Int(scratch.level[comp])],
                rank: Int(scratch.rank[comp]), source: source)
        }
        var outcomes: [RequirementOutcome] = []
        outcomes.reserveCapacity(profile.competencies.count)
        // The unmet needs are in entry order.
        var unmet = resolved.outcome.unmet.makeIterator()
        for entry in profile.competencies.indices {
            let comp = Int(profile.competencies[entry])
            let attained = attainment(comp)
            let bit = UInt64(1) << UInt64(entry)
            let state: RequirementOutcome.State =
                resolved.needMask & bit == 0 ? .met : (resolved.outcome.unmetMask & bit != 0 ? .unmet : .planned)
            let reached = state == .unmet ? unmet.next()?.reached : nil
            outcomes.append(
                RequirementOutcome(
                    competency: tables.competencies[comp].id, required: profile.levels[entry], by: profile.bys[entry],
                    because: profile.because[entry], levelSetBy: profile.levelSetBy[entry],
                    deadlineSetBy: profile.deadlineSetBy[entry], attained: attained, state: state, reached: reached))
        }
        // The profile's rule outcomes are shared; what released this person is their own.
        var rules = profile.rules
        for (offset, outcome) in rules.enumerated() where outcome.released {
            guard let info = tables.rules.first(where: { $0.rule.id == outcome.rule }), let exemptIf = info.rule.exemptIf
            else { continue }
            rules[offset].releasedBy = exemption(exemptIf, person: person, attained: attainment) ?? []
        }
        return PersonEvaluation(
            person: person.id, unit: person.unit, position: person.position, status: resolved.outcome.status,
            requirements: outcomes, rules: rules, assignments: resolved.outcome.assignments,
            hours: resolved.outcome.hours, isProvenOptimal: resolved.outcome.isProvenOptimal)
    }

    /// Evaluates one person, memoised where possible.
    func evaluate(_ person: Person, memo: inout SelectionMemo) -> PersonEvaluation {
        guard let compiled, let resolved = resolve(person, memo: &memo) else {
            return referenceEvaluate(person, memo: &memo)
        }
        return evaluation(person, resolved, memo.scratch, compiled: compiled)
    }

    /// Plans one person, memoised where possible.
    func plan(_ person: Person, memo: inout SelectionMemo) -> PersonPlan {
        guard let compiled, let resolved = resolve(person, memo: &memo) else {
            return referenceEvaluate(person, memo: &memo).plan
        }
        return plan(person, resolved, &memo, compiled: compiled)
    }
}
