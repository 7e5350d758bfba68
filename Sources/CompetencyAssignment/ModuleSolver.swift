import CompetencyModel

/// The result of a module search, in table indices.
struct SolvedSelection: Hashable, Sendable {
    /// Chosen modules, sorted (index order is ID order).
    var modules: [Int]
    /// Offsets of the needs no module can close.
    var unmet: [Int]
    var milliHours: Int
    var isProvenOptimal: Bool

    static let empty = SolvedSelection(modules: [], unmet: [], milliHours: 0, isProvenOptimal: true)
}

/// Exact minimum-cost module selection with prerequisite closures.
///
/// The objective, compared lexicographically: total hours (in thousandths), number of modules,
/// then the sorted list of module IDs. The search:
/// 1. finds, for each need, the modules that teach it at or above the required level, and each
///    such module's closure (itself plus its unsatisfied prerequisites, transitively);
/// 2. removes dominated modules: a module with no unsatisfied prerequisites that is nobody's
///    prerequisite, whose needs another module without prerequisites also closes for fewer
///    hours, or for the same hours with a smaller ID;
/// 3. splits the needs into independent groups (groups that share no module in any closure),
///    each solved on its own; the optimum of the whole is the union of the groups' optima;
/// 4. solves each group by depth-first branch and bound: branch on the open need with fewest
///    options, cheapest option first; in the i-th branch the first i-1 options are forbidden,
///    so each selection is reached once; prune by a lower bound (the larger of the costliest
///    single need and a packing of needs whose options are disjoint), and on ties by the ID
///    order.
struct ModuleSolver {
    let tables: Tables
    let satisfied: [Int]
    let nodeLimit: Int

    func solve(_ needs: [NeedShape]) -> SolvedSelection {
        let satisfiedSet = Set(satisfied)
        var closures: [Int: [Int]?] = [:]
        func closure(of module: Int) -> [Int]? {
            if let known = closures[module] { return known }
            var result: [Int] = []
            var seen: Set<Int> = [module]
            var stack = [module]
            var usable = true
            while let next = stack.popLast() {
                let info = tables.modules[next]
                if !info.isUsable { usable = false }
                result.append(next)
                for prerequisite in info.prerequisites
                where !satisfiedSet.contains(prerequisite) && seen.insert(prerequisite).inserted {
                    stack.append(prerequisite)
                }
            }
            let value: [Int]? = usable ? result.sorted() : nil
            closures[module] = value
            return value
        }

        // 1. Options per need.
        var unmet: [Int] = []
        var open: [Int] = []
        var options: [[Int]] = []
        for (offset, need) in needs.enumerated() {
            var covering: [Int] = []
            for teacher in tables.teachers[need.competency] where teacher.rank >= need.rank {
                if !covering.contains(teacher.module), closure(of: teacher.module) != nil {
                    covering.append(teacher.module)
                }
            }
            if covering.isEmpty {
                unmet.append(offset)
            } else {
                open.append(offset)
                options.append(covering.sorted())
            }
        }
        if open.isEmpty { return SolvedSelection(modules: [], unmet: unmet, milliHours: 0, isProvenOptimal: true) }

        // What each module closes, as offsets into `open`.
        func closes(_ module: Int) -> [Int] {
            open.indices.filter { slot in
                let need = needs[open[slot]]
                return tables.modules[module].teaches.contains {
                    $0.competency == need.competency && $0.rank >= need.rank
                }
            }
        }

        // 2. Dominance among modules without prerequisites that are nobody's prerequisite.
        var inSomeoneElsesClosure: Set<Int> = []
        let coverers = Set(options.joined())
        for module in coverers {
            for member in closure(of: module) ?? [] where member != module { inSomeoneElsesClosure.insert(member) }
        }
        var closesCache: [Int: Set<Int>] = [:]
        for module in coverers { closesCache[module] = Set(closes(module)) }
        let standalone = coverers.filter { closure(of: $0)?.count == 1 }.sorted()
        var dominated: Set<Int> = []
        for weak in standalone where !inSomeoneElsesClosure.contains(weak) {
            let weakCloses = closesCache[weak] ?? []
            let weakHours = tables.modules[weak].milliHours
            for strong in standalone where strong != weak && !dominated.contains(strong) {
                let strongHours = tables.modules[strong].milliHours
                guard strongHours < weakHours || (strongHours == weakHours && strong < weak) else { continue }
                if weakCloses.isSubset(of: closesCache[strong] ?? []) {
                    dominated.insert(weak)
                    break
                }
            }
        }
        if !dominated.isEmpty { options = options.map { $0.filter { !dominated.contains($0) } } }

        // 3. Independent groups of needs: union-find over modules shared by closures.
        var parent = Array(open.indices)
        func find(_ item: Int) -> Int {
            var item = item
            while parent[item] != item {
                parent[item] = parent[parent[item]]
                item = parent[item]
            }
            return item
        }
        var owner: [Int: Int] = [:]
        for slot in open.indices {
            for module in options[slot] {
                for member in closure(of: module) ?? [] {
                    if let other = owner[member] {
                        let left = find(other)
                        let right = find(slot)
                        if left != right { parent[max(left, right)] = min(left, right) }
                    } else {
                        owner[member] = slot
                    }
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        for slot in open.indices { groups[find(slot), default: []].append(slot) }

        // 4. Branch and bound per group.
        var chosen: [Int] = []
        var milliHours = 0
        var proven = true
        for root in groups.keys.sorted() {
            let slots = groups[root] ?? []
            var modules = Set<Int>()
            for slot in slots {
                for module in options[slot] { modules.formUnion(closure(of: module) ?? []) }
            }
            let local = modules.sorted()
            var localIndex: [Int: Int] = [:]
            for (offset, module) in local.enumerated() { localIndex[module] = offset }
            let groupCoverers = Set(slots.flatMap { options[$0] })
            let search = GroupSearch(
                hours: local.map { tables.modules[$0].milliHours },
                closures: local.map { module in
                    groupCoverers.contains(module) ? closure(of: module)?.compactMap { localIndex[$0] } : nil
                },
                closes: local.map { module in
                    let closed = closesCache[module] ?? Set(closes(module))
                    return slots.indices.filter { closed.contains(slots[$0]) }
                },
                options: slots.map { slot in options[slot].compactMap { localIndex[$0] } },
                nodeLimit: nodeLimit)
            let result = search.run()
            for member in result.modules { chosen.append(local[member]) }
            milliHours += result.hours
            proven = proven && result.proven
        }
        return SolvedSelection(modules: chosen.sorted(), unmet: unmet, milliHours: milliHours, isProvenOptimal: proven)
    }
}

/// A fixed-width set of small integers.
struct Bits: Hashable {
    var words: [UInt64]

    init(capacity: Int) { words = Array(repeating: 0, count: (capacity + 63) / 64) }

    func contains(_ item: Int) -> Bool { words[item >> 6] & (1 << UInt64(item & 63)) != 0 }
    mutating func insert(_ item: Int) { words[item >> 6] |= 1 << UInt64(item & 63) }

    func intersects(_ other: Bits) -> Bool {
        for index in words.indices where words[index] & other.words[index] != 0 { return true }
        return false
    }

    /// The smallest member of `self` that is not in `other`.
    func firstNot(in other: Bits) -> Int? {
        for index in words.indices {
            let word = words[index] & ~other.words[index]
            if word != 0 { return index * 64 + word.trailingZeroBitCount }
        }
        return nil
    }

    /// The smallest item below `limit` that is in none of `excluded`.
    static func firstOutside(_ excluded: [Bits], below limit: Int) -> Int? {
        guard let width = excluded.first?.words.count else { return nil }
        for index in 0..<width {
            var word = UInt64.max
            for set in excluded { word &= ~set.words[index] }
            if word != 0 {
                let item = index * 64 + word.trailingZeroBitCount
                return item < limit ? item : nil
            }
        }
        return nil
    }

    var members: [Int] {
        var result: [Int] = []
        for index in words.indices {
            var word = words[index]
            while word != 0 {
                result.append(index * 64 + word.trailingZeroBitCount)
                word &= word - 1
            }
        }
        return result
    }
}

/// Branch and bound over one independent group of needs.
final class GroupSearch {
    let hours: [Int]
    /// Per local module: its closure (local indices) when it closes a need of the group.
    let closures: [[Int]?]
    /// Per local module: the needs of the group it closes.
    let closes: [[Int]]
    /// Per need: the local modules that close it.
    let options: [[Int]]
    let nodeLimit: Int
    let moduleCount: Int
    let needCount: Int
    let closureBits: [Bits?]

    private var nodes = 0
    private var exhausted = false
    private var best: (hours: Int, count: Int, set: Bits)?

    init(hours: [Int], closures: [[Int]?], closes: [[Int]], options: [[Int]], nodeLimit: Int) {
        self.hours = hours
        self.closures = closures
        self.closes = closes
        self.options = options
        self.nodeLimit = max(nodeLimit, options.count + 2)
        moduleCount = hours.count
        needCount = options.count
        closureBits = closures.map { members in
            members.map { list in
                var bits = Bits(capacity: hours.count)
                for member in list { bits.insert(member) }
                return bits
            }
        }
    }

    func run() -> (modules: [Int], hours: Int, proven: Bool) {
        search(
            chosen: Bits(capacity: moduleCount), covered: Array(repeating: false, count: needCount),
            openCount: needCount, forbidden: Bits(capacity: moduleCount), hours: 0, count: 0)
        guard let best else { return ([], 0, !exhausted) }
        return (best.set.members, best.hours, !exhausted)
    }

    private func isBetter(_ hours: Int, _ count: Int, _ set: Bits) -> Bool {
        guard let best else { return true }
        if hours != best.hours { return hours < best.hours }
        if count != best.count { return count < best.count }
        // Equal sizes: the smaller sorted ID list holds the smallest element of the
        // symmetric difference.
        let mine = set.firstNot(in: best.set)
        let theirs = best.set.firstNot(in: set)
        switch (mine, theirs) {
        case (.some(let left), .some(let right)): return left < right
        default: return false
        }
    }

    private func search(chosen: Bits, covered: [Bool], openCount: Int, forbidden: Bits, hours: Int, count: Int) {
        nodes += 1
        if openCount == 0 {
            if isBetter(hours, count, chosen) { best = (hours, count, chosen) }
            return
        }
        if nodes > nodeLimit {
            exhausted = true
            return
        }

        // Options of each open need, with incremental costs.
        var pick = -1
        var pickOptions: [(module: Int, hours: Int, count: Int)] = []
        var boundHours = 0
        var boundCount = 1
        var packing: [(need: Int, own: Int, options: Bits)] = []
        for need in 0..<needCount where !covered[need] {
            var available: [(module: Int, hours: Int, count: Int)] = []
            var minOwn = Int.max
            var optionBits = Bits(capacity: moduleCount)
            for module in options[need] where !forbidden.contains(module) {
                guard let bits = closureBits[module], !bits.intersects(forbidden),
                    let members = closures[module]
                else { continue }
                var extraHours = 0
                var extraCount = 0
                for member in members where !chosen.contains(member) {
                    extraHours += self.hours[member]
                    extraCount += 1
                }
                available.append((module, extraHours, extraCount))
                minOwn = min(minOwn, self.hours[module])
                optionBits.insert(module)
            }
            if available.isEmpty { return }
            boundHours = max(boundHours, available.map(\.hours).min() ?? 0)
            boundCount = max(boundCount, available.map(\.count).min() ?? 1)
            packing.append((need, minOwn, optionBits))
            if pick < 0 || available.count < pickOptions.count {
                pick = need
                pickOptions = available
            }
        }
        // Packing bound: needs with pairwise disjoint options each need a distinct module.
        packing.sort { $0.own != $1.own ? $0.own > $1.own : $0.need < $1.need }
        var used = Bits(capacity: moduleCount)
        var packedHours = 0
        var packedCount = 0
        for entry in packing where !entry.options.intersects(used) {
            packedHours += entry.own
            packedCount += 1
            for (index, word) in entry.options.words.enumerated() { used.words[index] |= word }
        }
        boundHours = max(boundHours, packedHours)
        boundCount = max(boundCount, packedCount)

        if let best {
            let totalHours = hours + boundHours
            let totalCount = count + boundCount
            if totalHours > best.hours || (totalHours == best.hours && totalCount > best.count) { return }
            if totalHours == best.hours && totalCount == best.count && !canWinTie(chosen, forbidden, best.set) {
                return
            }
        }

        pickOptions.sort {
            ($0.hours, $0.count, $0.module) < ($1.hours, $1.count, $1.module)
        }
        var forbiddenHere = forbidden
        for option in pickOptions {
            guard let bits = closureBits[option.module], let members = closures[option.module] else { continue }
            if !bits.intersects(forbiddenHere) {
                var nextChosen = chosen
                var nextCovered = covered
                var nextOpen = openCount
                for member in members where !chosen.contains(member) {
                    nextChosen.insert(member)
                    for need in closes[member] where !nextCovered[need] {
                        nextCovered[need] = true
                        nextOpen -= 1
                    }
                }
                search(
                    chosen: nextChosen, covered: nextCovered, openCount: nextOpen, forbidden: forbiddenHere,
                    hours: hours + option.hours, count: count + option.count)
                if exhausted { return }
            }
            forbiddenHere.insert(option.module)
        }
    }

    /// On a tie in hours and count, whether some completion of `chosen` could still hold a
    /// smaller ID list than `best`: it cannot when the smallest module of `best` missing from
    /// `chosen` is forbidden, comes before every module of `chosen` not in `best`, and no
    /// allowed module outside `best` comes before it.
    private func canWinTie(_ chosen: Bits, _ forbidden: Bits, _ best: Bits) -> Bool {
        guard let missing = best.firstNot(in: chosen) else { return false }
        if let extra = chosen.firstNot(in: best), extra < missing { return true }
        if !forbidden.contains(missing) { return true }
        return Bits.firstOutside([best, chosen, forbidden], below: missing) != nil
    }
}
