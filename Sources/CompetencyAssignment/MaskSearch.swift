/// The branch and bound of ``GroupSearchCore`` over one group of ``MaskSolver``, on one-word
/// module and need masks in the catalogue's own numbering: the same nodes in the same order,
/// the same bounds to the last floating-point operation, the same node limit, so the same
/// result, proven flag included.
///
/// `GroupSearchCore<Bits64>` renumbers a group's modules and needs, and at every node scans
/// every candidate, keeps a list of the node's options and indexes them by position. Here a
/// node finds its options as a mask (the candidates of its open needs that are neither chosen
/// nor forbidden), keeps what it learns about each in tables indexed by module, and stacks only
/// its branches. Renumbering is not needed: local numbers are the footprint's modules and the
/// group's needs in ascending order, so every comparison of numbers comes out the same, and the
/// one test that looks at numbers outside a node's sets (``canWinTie``) is kept to the footprint.
final class MaskSearch {
    /// One option of a node, as its branch list holds it.
    private struct Branch {
        var module: Int
        var mask: UInt64
        /// The number of needs in `mask`.
        var gain: Int
        var extra: Int
        var extraCount: Int
    }

    private let milliHours: UnsafeMutablePointer<Int>
    /// Per module of the group: its closure, zero for modules that are no candidate.
    private let closure: UnsafeMutablePointer<UInt64>
    /// Per module of the group's footprint: the group's needs it closes.
    private let cover: UnsafeMutablePointer<UInt64>
    /// Per need of the group: the candidates whose `cover` holds it.
    private let coverers: UnsafeMutablePointer<UInt64>

    /// Per need, for the node being expanded.
    private let optionCount: UnsafeMutablePointer<Int>
    private let minExtra: UnsafeMutablePointer<Int>
    private let minExtraCount: UnsafeMutablePointer<Int>
    /// Per need: the node's options that close it, as a module mask.
    private let needOptions: UnsafeMutablePointer<UInt64>
    private let price: UnsafeMutablePointer<Double>
    /// The node's open needs in the order the dual bounds raise their prices.
    private let order: UnsafeMutablePointer<Int>
    /// Per module, for the node being expanded: the open needs it closes, and the residual cost
    /// in the dual bounds.
    private let optionMask: UnsafeMutablePointer<UInt64>
    /// Per module, for the node being expanded: the number of needs in its `optionMask`
    /// (counted while they are visited: `nonzeroBitCount` is a long sequence on baseline x86-64).
    private let optionGain: UnsafeMutablePointer<Int>
    private let residual: UnsafeMutablePointer<Double>
    /// The branch lists of the nodes on the current path, one above the other.
    private var branches: UnsafeMutablePointer<Branch>
    private var branchCapacity: Int

    private var candidates: UInt64 = 0
    private var footprint: UInt64 = 0
    private var nodeLimit = 0
    private var nodes = 0
    private var exhausted = false
    private var hasBest = false
    private var bestHours = 0
    private var bestCount = 0
    private var bestSet: UInt64 = 0

    init(milliHours hours: [Int]) {
        milliHours = Self.table(0)
        for (module, value) in hours.prefix(64).enumerated() { milliHours[module] = value }
        closure = Self.table(0)
        cover = Self.table(0)
        coverers = Self.table(0)
        optionMask = Self.table(0)
        needOptions = Self.table(0)
        optionCount = Self.table(0)
        minExtra = Self.table(0)
        minExtraCount = Self.table(0)
        order = Self.table(0)
        optionGain = Self.table(0)
        price = Self.table(0)
        residual = Self.table(0)
        branchCapacity = 0
        branches = .allocate(capacity: 1)
    }

    /// A table of 64 entries (one per module or need), each `zero`.
    private static func table<Value>(_ zero: Value) -> UnsafeMutablePointer<Value> {
        let table = UnsafeMutablePointer<Value>.allocate(capacity: 64)
        table.initialize(repeating: zero, count: 64)
        return table
    }

    deinit {
        milliHours.deallocate()
        closure.deallocate()
        cover.deallocate()
        coverers.deallocate()
        optionMask.deallocate()
        needOptions.deallocate()
        optionGain.deallocate()
        optionCount.deallocate()
        minExtra.deallocate()
        minExtraCount.deallocate()
        order.deallocate()
        price.deallocate()
        residual.deallocate()
        branches.deallocate()
    }

    /// Searches one group.
    /// - Parameters:
    ///   - needs: the group's needs, as a mask of need numbers (at most 64).
    ///   - candidates: the modules that close some need of the group themselves.
    ///   - footprint: the candidates and the modules of their closures.
    ///   - closures: per module (64 of them), its closure; only the candidates' are read.
    ///   - closes: per module (64 of them), the needs it closes; only the group's are kept.
    func run(
        needs: UInt64, candidates: UInt64, footprint: UInt64, closures: UnsafeBufferPointer<UInt64>,
        closes: UnsafeBufferPointer<UInt64>, nodeLimit: Int
    ) -> (modules: UInt64, milliHours: Int, proven: Bool) {
        let needCount = needs.nonzeroBitCount
        self.candidates = candidates
        self.footprint = footprint
        self.nodeLimit = max(nodeLimit, needCount + 2)
        nodes = 0
        exhausted = false
        hasBest = false
        var rest = footprint
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            cover[module] = closes[module] & needs
            closure[module] = candidates & (UInt64(1) << UInt64(module)) != 0 ? closures[module] : 0
        }
        rest = needs
        while rest != 0 {
            coverers[rest.trailingZeroBitCount] = 0
            rest &= rest - 1
        }
        rest = candidates
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            var closed = cover[module]
            while closed != 0 {
                coverers[closed.trailingZeroBitCount] |= UInt64(1) << UInt64(module)
                closed &= closed - 1
            }
        }
        // A path closes a need at every step: at most `needCount + 1` nodes, each stacking at
        // most one branch per candidate.
        let capacity = (needCount + 1) * max(1, candidates.nonzeroBitCount)
        if capacity > branchCapacity {
            branches.deallocate()
            branches = .allocate(capacity: capacity)
            branchCapacity = capacity
        }

        greedy(needs)
        if needCount <= 64 {
            search(chosen: 0, uncovered: needs, forbidden: 0, hours: 0, count: 0, top: 0)
        } else {
            exhausted = true
        }
        guard hasBest else { return (0, 0, !exhausted) }
        return (bestSet, bestHours, !exhausted)
    }

    /// The hours and number of modules that a module's closure adds to `chosen`.
    @inline(__always)
    private func increment(_ module: Int, _ chosen: UInt64) -> (hours: Int, count: Int) {
        let added = closure[module] & ~chosen
        if added == UInt64(1) << UInt64(module) { return (milliHours[module], 1) }
        var extraHours = 0
        var extraCount = 0
        var rest = added
        while rest != 0 {
            extraHours += milliHours[rest.trailingZeroBitCount]
            extraCount += 1
            rest &= rest - 1
        }
        return (extraHours, extraCount)
    }

    /// The needs of `uncovered` left open once a module's closure joins `chosen`.
    @inline(__always)
    private func uncovered(_ uncovered: UInt64, adding module: Int, to chosen: UInt64) -> UInt64 {
        var closed = uncovered
        var rest = closure[module] & ~chosen
        while rest != 0 {
            closed &= ~cover[rest.trailingZeroBitCount]
            rest &= rest - 1
        }
        return closed
    }

    /// ``GroupSearchCore``'s first selection: repeatedly the closure with the lowest hours per
    /// newly closed need.
    private func greedy(_ needs: UInt64) {
        var chosen: UInt64 = 0
        var open = needs
        var total = 0
        var count = 0
        while open != 0 {
            var pick = -1
            var pickCost = (hours: 0, count: 0)
            var pickGain = 0
            var rest = candidates & ~chosen
            while rest != 0 {
                let module = rest.trailingZeroBitCount
                rest &= rest - 1
                let gain = (cover[module] & open).nonzeroBitCount
                guard gain > 0 else { continue }
                let cost = increment(module, chosen)
                if pick < 0 || cost.hours * pickGain < pickCost.hours * gain
                    || (cost.hours * pickGain == pickCost.hours * gain && gain > pickGain)
                {
                    pick = module
                    pickCost = cost
                    pickGain = gain
                }
            }
            guard pick >= 0 else { return }
            open = uncovered(open, adding: pick, to: chosen)
            chosen |= closure[pick]
            total += pickCost.hours
            count += pickCost.count
        }
        consider(total, count, chosen)
    }

    @inline(__always)
    private func consider(_ hours: Int, _ count: Int, _ set: UInt64) {
        if hasBest {
            if hours != bestHours { if hours > bestHours { return } } else if count != bestCount {
                if count > bestCount { return }
            } else {
                // Equal sizes: the smaller sorted list holds the smallest element of the
                // symmetric difference.
                let mine = set & ~bestSet
                let theirs = bestSet & ~set
                guard mine != 0, theirs != 0, mine.trailingZeroBitCount < theirs.trailingZeroBitCount else { return }
            }
        }
        hasBest = true
        bestHours = hours
        bestCount = count
        bestSet = set
    }

    private func search(chosen: UInt64, uncovered open: UInt64, forbidden: UInt64, hours: Int, count: Int, top: Int) {
        nodes += 1
        if open == 0 {
            consider(hours, count, chosen)
            return
        }
        if nodes > nodeLimit {
            exhausted = true
            return
        }

        // The node's options: candidates of its open needs, neither chosen nor forbidden, whose
        // closure holds nothing forbidden.
        var reach: UInt64 = 0
        var rest = open
        while rest != 0 {
            let need = rest.trailingZeroBitCount
            rest &= rest - 1
            reach |= coverers[need]
            optionCount[need] = 0
            minExtra[need] = Int.max
            minExtraCount[need] = Int.max
            needOptions[need] = 0
        }
        var available: UInt64 = 0
        rest = reach & ~chosen & ~forbidden
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            guard closure[module] & forbidden == 0 else { continue }
            let bit = UInt64(1) << UInt64(module)
            available |= bit
            let mask = cover[module] & open
            optionMask[module] = mask
            let cost = increment(module, chosen)
            var gain = 0
            var needs = mask
            while needs != 0 {
                let need = needs.trailingZeroBitCount
                needs &= needs - 1
                gain += 1
                needOptions[need] |= bit
                optionCount[need] += 1
                if cost.hours < minExtra[need] { minExtra[need] = cost.hours }
                if cost.count < minExtraCount[need] { minExtraCount[need] = cost.count }
            }
            optionGain[module] = gain
        }
        var pick = -1
        var boundHours = 0
        var boundCount = 1
        rest = open
        while rest != 0 {
            let need = rest.trailingZeroBitCount
            rest &= rest - 1
            if optionCount[need] == 0 { return }
            boundHours = max(boundHours, minExtra[need])
            boundCount = max(boundCount, minExtraCount[need])
            if pick < 0 || optionCount[need] < optionCount[pick] { pick = need }
        }

        if hasBest {
            // The cheap bounds first; the dual bounds only when those do not already prune.
            if prunes(hours + boundHours, count + boundCount, chosen, forbidden) { return }
            let openCount = orderNeeds(open, optionCount: optionCount, into: order)
            boundHours = max(boundHours, dualBound(available, open, openCount: openCount, byHours: true))
            if hours + boundHours > bestHours { return }
            if hours + boundHours == bestHours {
                boundCount = max(boundCount, dualBound(available, open, openCount: openCount, byHours: false))
                if prunes(hours + boundHours, count + boundCount, chosen, forbidden) { return }
            }
        }

        // The branches: the options that close the need with fewest options, best ratio of
        // hours to newly closed needs first, then fewer modules, then the smaller module (a
        // total order, so any sort gives the same list). Insertion sort: the lists are short.
        let list = branches + top
        var branchCount = 0
        rest = needOptions[pick]
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            let cost = increment(module, chosen)
            let branch = Branch(
                module: module, mask: optionMask[module], gain: optionGain[module], extra: cost.hours, extraCount: cost.count)
            var slot = branchCount
            while slot > 0, Self.before(branch, list[slot - 1]) {
                list[slot] = list[slot - 1]
                slot -= 1
            }
            list[slot] = branch
            branchCount += 1
        }
        var forbiddenHere = forbidden
        for index in 0..<branchCount {
            let branch = list[index]
            if closure[branch.module] & forbiddenHere == 0 {
                search(
                    chosen: chosen | closure[branch.module],
                    uncovered: uncovered(open, adding: branch.module, to: chosen), forbidden: forbiddenHere,
                    hours: hours + branch.extra, count: count + branch.extraCount, top: top + branchCount)
                if exhausted { return }
            }
            forbiddenHere |= UInt64(1) << UInt64(branch.module)
        }
    }

    @inline(__always)
    private static func before(_ lhs: Branch, _ rhs: Branch) -> Bool {
        let left = lhs.extra * rhs.gain
        let right = rhs.extra * lhs.gain
        if left != right { return left < right }
        if lhs.extraCount != rhs.extraCount { return lhs.extraCount < rhs.extraCount }
        return lhs.module < rhs.module
    }

    /// Whether a node whose completions cost at least `totalHours` and `totalCount` cannot
    /// beat the best selection so far.
    @inline(__always)
    private func prunes(_ totalHours: Int, _ totalCount: Int, _ chosen: UInt64, _ forbidden: UInt64) -> Bool {
        if totalHours > bestHours || (totalHours == bestHours && totalCount > bestCount) { return true }
        return totalHours == bestHours && totalCount == bestCount && !canWinTie(chosen, forbidden)
    }

    /// ``GroupSearchCore``'s test, with "any module" read as any module of the footprint.
    private func canWinTie(_ chosen: UInt64, _ forbidden: UInt64) -> Bool {
        let missingSet = bestSet & ~chosen
        guard missingSet != 0 else { return false }
        let missing = missingSet.trailingZeroBitCount
        let extra = chosen & ~bestSet
        if extra != 0, extra.trailingZeroBitCount < missing { return true }
        if forbidden & (UInt64(1) << UInt64(missing)) == 0 { return true }
        let free = footprint & ~(bestSet | chosen | forbidden)
        return free != 0 && free.trailingZeroBitCount < missing
    }

    /// ``GroupSearchCore``'s dual bound, over the node's options by module.
    private func dualBound(_ available: UInt64, _ open: UInt64, openCount: Int, byHours: Bool) -> Int {
        var rest = open
        while rest != 0 {
            price[rest.trailingZeroBitCount] = .infinity
            rest &= rest - 1
        }
        rest = available
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            let cost = byHours ? Double(milliHours[module]) : 1
            let share = cost / Double(optionGain[module])
            var needs = optionMask[module]
            while needs != 0 {
                let need = needs.trailingZeroBitCount
                needs &= needs - 1
                price[need] = min(price[need], share)
            }
        }
        rest = available
        while rest != 0 {
            let module = rest.trailingZeroBitCount
            rest &= rest - 1
            var used = 0.0
            var needs = optionMask[module]
            while needs != 0 {
                used += price[needs.trailingZeroBitCount]
                needs &= needs - 1
            }
            residual[module] = max(0, (byHours ? Double(milliHours[module]) : 1) - used)
        }
        for position in 0..<openCount {
            let need = order[position]
            var raise = Double.infinity
            var modules = needOptions[need]
            while modules != 0 {
                raise = min(raise, residual[modules.trailingZeroBitCount])
                modules &= modules - 1
            }
            guard raise.isFinite, raise > 0 else { continue }
            price[need] += raise
            modules = needOptions[need]
            while modules != 0 {
                residual[modules.trailingZeroBitCount] -= raise
                modules &= modules - 1
            }
        }
        var total = 0.0
        for position in 0..<openCount where price[order[position]].isFinite { total += price[order[position]] }
        return max(0, Int((total - 1e-6).rounded(.up)))
    }
}
