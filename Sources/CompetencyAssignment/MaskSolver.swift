/// ``ModuleSolver/solve(_:)-(Reduced)`` for catalogues of at most 64 modules, all usable, on
/// module masks: the same dominance step, the same independent groups and the same branch and
/// bound (``GroupSearchCore``'s, run on masks by ``MaskSearch``), given exactly the inputs the
/// solver gives it.
/// The result is the solver's, node limit included; only the set-up is cheaper. The solver
/// builds its tables from arrays of module lists and dictionaries, once per search, and on
/// rosters where most people have a gap of their own that set-up cost as much as the search.
struct MaskSolver {
    /// Per module: its hours, in thousandths.
    let milliHours: [Int]
    /// Per module: its direct prerequisites, as a mask.
    let prerequisites: [UInt64]
    let nodeLimit: Int

    /// Whether two option sets stand in the solver's canonical order (their ascending member
    /// lists compared lexicographically).
    static func precedes(_ lhs: UInt64, _ rhs: UInt64) -> Bool {
        let differ = lhs ^ rhs
        if differ == 0 { return false }
        let first = differ.trailingZeroBitCount
        let above = first == 63 ? 0 : ~((UInt64(1) << UInt64(first + 1)) - 1)
        // The list holding `first` is smaller unless the other one ends there.
        if lhs & (UInt64(1) << UInt64(first)) != 0 { return rhs & above != 0 }
        return lhs & above == 0
    }

    /// A module and its prerequisites not in `satisfied`, transitively (not through a
    /// satisfied one), as a mask.
    static func closure(of module: Int, prerequisites: [UInt64], satisfied: UInt64) -> UInt64 {
        var mask = UInt64(1) << UInt64(module)
        var frontier = prerequisites[module] & ~satisfied
        while frontier != 0 {
            let next = frontier.trailingZeroBitCount
            frontier &= frontier - 1
            let bit = UInt64(1) << UInt64(next)
            if mask & bit != 0 { continue }
            mask |= bit
            frontier |= prerequisites[next] & ~satisfied & ~mask
        }
        return mask
    }

    /// Solves a reduced instance given as option masks (no mask a subset of another), with
    /// the modules of `satisfied` taken as done. The masks may come in any order; the slots
    /// are taken in the canonical one. At most 64 options.
    func solve(options input: [UInt64], satisfied: UInt64) -> ModuleSolver.Core {
        let options = input.sorted(by: Self.precedes)
        let needCount = options.count
        if needCount == 0 { return ModuleSolver.Core(modules: [], milliHours: 0, isProvenOptimal: true) }

        var coverers: UInt64 = 0
        for mask in options { coverers |= mask }
        // Per module: its closure (itself and its unsatisfied prerequisites, transitively),
        // and the slots whose options hold it. Only coverers and their closures are needed.
        var closure = [UInt64](repeating: 0, count: 64)
        var closes = [UInt64](repeating: 0, count: 64)
        var rest = coverers
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            closure[module] = Self.closure(of: module, prerequisites: prerequisites, satisfied: satisfied)
        }
        for (slot, mask) in options.enumerated() {
            var rest = mask
            while rest != 0 {
                closes[rest.trailingZeroBitCount] |= UInt64(1) << UInt64(slot)
                rest &= rest - 1
            }
        }

        // Dominance among modules without prerequisites that are nobody's prerequisite, in
        // the solver's order (weaker modules ascending, stronger ones ascending).
        var inOthersClosure: UInt64 = 0
        var standalone: UInt64 = 0
        rest = coverers
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            let bit = UInt64(1) << UInt64(module)
            inOthersClosure |= closure[module] & ~bit
            if closure[module] == bit { standalone |= bit }
        }
        var dominated: UInt64 = 0
        var weakRest = standalone & ~inOthersClosure
        while weakRest != 0 {
            let weak = weakRest.trailingZeroBitCount
            weakRest &= weakRest - 1
            let weakHours = milliHours[weak]
            var strongRest = standalone & ~dominated & ~(UInt64(1) << UInt64(weak))
            while strongRest != 0 {
                let strong = strongRest.trailingZeroBitCount
                strongRest &= strongRest - 1
                let strongHours = milliHours[strong]
                guard strongHours < weakHours || (strongHours == weakHours && strong < weak) else { continue }
                if closes[weak] & ~closes[strong] == 0 {
                    dominated |= UInt64(1) << UInt64(weak)
                    break
                }
            }
        }

        // Independent groups: slots whose options' closures share a module, by smallest slot.
        var groupSlots: [UInt64] = []
        var groupFootprints: [UInt64] = []
        for slot in 0..<needCount {
            var footprint: UInt64 = 0
            var rest = options[slot] & ~dominated
            while rest != 0 {
                footprint |= closure[rest.trailingZeroBitCount]
                rest &= rest - 1
            }
            var slots = UInt64(1) << UInt64(slot)
            var index = 0
            var target = -1
            while index < groupFootprints.count {
                if groupFootprints[index] & footprint != 0 {
                    footprint |= groupFootprints[index]
                    slots |= groupSlots[index]
                    if target < 0 {
                        target = index
                        index += 1
                    } else {
                        groupFootprints.remove(at: index)
                        groupSlots.remove(at: index)
                    }
                } else {
                    index += 1
                }
            }
            if target < 0 {
                groupSlots.append(slots)
                groupFootprints.append(footprint)
            } else {
                groupSlots[target] = slots
                groupFootprints[target] = footprint
            }
        }
        // Groups are appended when their smallest slot is seen and merged into the earliest,
        // so they stand in order of their smallest slot, as the solver's do.

        var chosen: UInt64 = 0
        var total = 0
        var proven = true
        let search = MaskSearch(milliHours: milliHours)
        closure.withUnsafeBufferPointer { closure in
            closes.withUnsafeBufferPointer { closes in
                for (group, slots) in groupSlots.enumerated() {
                    var groupCoverers: UInt64 = 0
                    var slotRest = slots
                    while slotRest != 0 {
                        groupCoverers |= options[slotRest.trailingZeroBitCount] & ~dominated
                        slotRest &= slotRest - 1
                    }
                    let result = search.run(
                        needs: slots, candidates: groupCoverers, footprint: groupFootprints[group],
                        closures: closure, closes: closes, nodeLimit: nodeLimit)
                    chosen |= result.modules
                    total += result.milliHours
                    proven = proven && result.proven
                }
            }
        }
        var modules: [Int] = []
        modules.reserveCapacity(chosen.nonzeroBitCount)
        rest = chosen
        while rest != 0 {
            modules.append(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return ModuleSolver.Core(modules: modules, milliHours: total, isProvenOptimal: proven)
    }
}
