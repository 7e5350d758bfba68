import CompetencyModel

/// The result of a module search, in table indices.
struct SolvedSelection: Hashable, Sendable {
    /// Chosen modules, sorted (index order is ID order).
    var modules: [Int]
    /// Offsets of the needs no module can close, ascending.
    var unmet: [Int]
    /// Per unmet need: the rank the chosen modules take the person to (partial progress), or
    /// `nil` when no module raises them.
    var reached: [Int?]
    var milliHours: Int
    var isProvenOptimal: Bool

    static let empty = SolvedSelection(modules: [], unmet: [], reached: [], milliHours: 0, isProvenOptimal: true)
}

/// Exact minimum-cost module selection with prerequisite closures.
///
/// The objective, compared lexicographically: total hours (in thousandths), number of modules,
/// then the sorted list of module IDs. The search:
/// 1. finds, for each need, the modules that teach it at or above the required level, and each
///    such module's closure (itself plus its unsatisfied prerequisites, transitively);
/// 2. drops needs whose options include all of another need's (closing that one closes
///    them), keeps identical option sets once, in a canonical order (see ``reduce(_:)``); then
///    removes dominated modules: a module with no unsatisfied prerequisites that is nobody's
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

    /// A need set reduced to what decides the selection: the distinct minimal option sets.
    struct Reduced: Hashable, Sendable {
        /// Per kept need: the modules (sorted) that close it with a usable closure. No set
        /// contains another; the sets are sorted lexicographically.
        var options: [[Int]]
    }

    /// The result of a search on a reduced instance.
    struct Core: Hashable, Sendable {
        var modules: [Int]
        var milliHours: Int
        var isProvenOptimal: Bool
    }

    func solve(_ needs: [NeedShape]) -> SolvedSelection {
        let (unmet, reached, reduced) = reduce(needs)
        let core = solve(reduced)
        return SolvedSelection(
            modules: core.modules, unmet: unmet, reached: reached, milliHours: core.milliHours,
            isProvenOptimal: core.isProvenOptimal)
    }

    /// The closure of a module (itself and its unsatisfied prerequisites, transitively,
    /// sorted), or `nil` when some member is unusable. Computed on demand, once each.
    struct Closures {
        let tables: Tables
        var isSatisfied: [Bool]
        var state: [UInt8]
        var list: [[Int]]
        var seen: [Bool]

        init(tables: Tables, satisfied: [Int]) {
            self.tables = tables
            let count = tables.modules.count
            isSatisfied = [Bool](repeating: false, count: count)
            for module in satisfied where module >= 0 && module < count { isSatisfied[module] = true }
            state = [UInt8](repeating: 0, count: count)
            list = [[Int]](repeating: [], count: count)
            seen = [Bool](repeating: false, count: count)
        }

        mutating func of(_ module: Int) -> [Int]? {
            switch state[module] {
            case 1: return list[module]
            case 2: return nil
            default: break
            }
            var result: [Int] = []
            seen[module] = true
            var stack = [module]
            var usable = true
            while let next = stack.popLast() {
                let info = tables.modules[next]
                if !info.isUsable { usable = false }
                result.append(next)
                for prerequisite in info.prerequisites where !isSatisfied[prerequisite] && !seen[prerequisite] {
                    seen[prerequisite] = true
                    stack.append(prerequisite)
                }
            }
            for member in result { seen[member] = false }
            if usable {
                result.sort()
                list[module] = result
                state[module] = 1
                return result
            }
            state[module] = 2
            return nil
        }
    }

    /// Step 1 and the need reduction: the needs no module can close (offsets into `needs`),
    /// with the rank partial progress reaches for each, and the reduced instance. A need that
    /// no module with a usable closure closes is met in part when such a module teaches the
    /// competency above the need's floor: its options are then the modules teaching the
    /// highest rank any of them teaches. A need whose options include every option of another need is
    /// closed whenever that one is, so it is dropped; identical option sets are kept once. The
    /// reduced instance is canonical (it does not depend on the order of the needs, their
    /// competencies or ranks), so the search, and its memo, see the same input for every need
    /// set with the same minimal option sets.
    func reduce(_ needs: [NeedShape]) -> (unmet: [Int], reached: [Int?], reduced: Reduced) {
        var closures = Closures(tables: tables, satisfied: satisfied)
        var unmet: [Int] = []
        var reached: [Int?] = []
        var options: [[Int]] = []
        for (offset, need) in needs.enumerated() {
            var covering: [Int] = []
            for teacher in tables.teachers[need.competency] where teacher.rank >= need.rank {
                if !covering.contains(teacher.module), closures.of(teacher.module) != nil {
                    covering.append(teacher.module)
                }
            }
            if covering.isEmpty {
                // Partial progress: the highest rank a usable module teaches, if above the floor.
                var best = Int.min
                for teacher in tables.teachers[need.competency]
                where teacher.rank > best && teacher.rank > need.floor && closures.of(teacher.module) != nil {
                    best = teacher.rank
                }
                unmet.append(offset)
                guard best > need.floor else {
                    reached.append(nil)
                    continue
                }
                reached.append(best)
                for teacher in tables.teachers[need.competency]
                where teacher.rank >= best && !covering.contains(teacher.module) && closures.of(teacher.module) != nil {
                    covering.append(teacher.module)
                }
            }
            options.append(covering.sorted())
        }
        // Smaller sets first, so that a set is seen after every set it could contain.
        options.sort { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        var kept: [[Int]] = []
        var keptBits: [Bits] = []
        for list in options {
            var bits = Bits(capacity: tables.modules.count)
            for module in list { bits.insert(module) }
            if keptBits.contains(where: { $0.isSubset(of: bits) }) { continue }
            kept.append(list)
            keptBits.append(bits)
        }
        kept.sort { $0.lexicographicallyPrecedes($1) }
        return (unmet, reached, Reduced(options: kept))
    }

    /// Steps 2 to 4 on a reduced instance.
    func solve(_ reduced: Reduced) -> Core {
        var options = reduced.options
        let needCount = options.count
        if needCount == 0 { return Core(modules: [], milliHours: 0, isProvenOptimal: true) }
        let moduleCount = tables.modules.count
        var closures = Closures(tables: tables, satisfied: satisfied)
        func closure(of module: Int) -> [Int]? { closures.of(module) }

        // What each module closes, as need slots (ascending) and as a bit set. A module closes
        // a need when it is one of its options: modules of usable closures that teach the
        // competency at the required level are exactly those.
        var optionBits: [Bits] = []
        for list in options {
            var bits = Bits(capacity: moduleCount)
            for module in list { bits.insert(module) }
            optionBits.append(bits)
        }
        var closesList = [[Int]?](repeating: nil, count: moduleCount)
        func closes(_ module: Int) -> [Int] {
            if let known = closesList[module] { return known }
            let result = (0..<needCount).filter { optionBits[$0].contains(module) }
            closesList[module] = result
            return result
        }
        func closesBits(_ module: Int) -> Bits {
            var bits = Bits(capacity: needCount)
            for slot in closes(module) { bits.insert(slot) }
            return bits
        }

        // 2. Dominance among modules without prerequisites that are nobody's prerequisite.
        var isCoverer = [Bool](repeating: false, count: moduleCount)
        for list in options { for module in list { isCoverer[module] = true } }
        let coverers = (0..<moduleCount).filter { isCoverer[$0] }
        var inSomeoneElsesClosure = [Bool](repeating: false, count: moduleCount)
        for module in coverers {
            for member in closure(of: module) ?? [] where member != module { inSomeoneElsesClosure[member] = true }
        }
        let standalone = coverers.filter { closure(of: $0)?.count == 1 }
        var standaloneBits: [Int: Bits] = [:]
        for module in standalone { standaloneBits[module] = closesBits(module) }
        var isDominated = [Bool](repeating: false, count: moduleCount)
        var anyDominated = false
        for weak in standalone where !inSomeoneElsesClosure[weak] {
            let weakCloses = standaloneBits[weak]!
            let weakHours = tables.modules[weak].milliHours
            for strong in standalone where strong != weak && !isDominated[strong] {
                let strongHours = tables.modules[strong].milliHours
                guard strongHours < weakHours || (strongHours == weakHours && strong < weak) else { continue }
                if weakCloses.isSubset(of: standaloneBits[strong]!) {
                    isDominated[weak] = true
                    anyDominated = true
                    break
                }
            }
        }
        if anyDominated { options = options.map { $0.filter { !isDominated[$0] } } }

        // 3. Independent groups of needs: union-find over modules shared by closures.
        var parent = Array(0..<needCount)
        func find(_ item: Int) -> Int {
            var item = item
            while parent[item] != item {
                parent[item] = parent[parent[item]]
                item = parent[item]
            }
            return item
        }
        var owner = [Int](repeating: -1, count: moduleCount)
        for slot in 0..<needCount {
            for module in options[slot] {
                for member in closure(of: module) ?? [] {
                    let other = owner[member]
                    if other >= 0 {
                        let left = find(other)
                        let right = find(slot)
                        if left != right { parent[max(left, right)] = min(left, right) }
                    } else {
                        owner[member] = slot
                    }
                }
            }
        }
        var groupOf = [Int](repeating: -1, count: needCount)
        var groups: [[Int]] = []
        for slot in 0..<needCount {
            let root = find(slot)
            if groupOf[root] < 0 {
                groupOf[root] = groups.count
                groups.append([])
            }
            groups[groupOf[root]].append(slot)
        }
        // Roots are the smallest slot of their group, so `groups` is in root order.

        // 4. Branch and bound per group.
        var chosen: [Int] = []
        var milliHours = 0
        var proven = true
        var localIndex = [Int](repeating: -1, count: moduleCount)
        var inGroup = [Bool](repeating: false, count: moduleCount)
        var isGroupCoverer = [Bool](repeating: false, count: moduleCount)
        for slots in groups {
            for slot in slots {
                for module in options[slot] {
                    isGroupCoverer[module] = true
                    for member in closure(of: module) ?? [] { inGroup[member] = true }
                }
            }
            let local = (0..<moduleCount).filter { inGroup[$0] }
            for (offset, module) in local.enumerated() { localIndex[module] = offset }
            var slotOffset: [Int: Int] = [:]
            for (offset, slot) in slots.enumerated() { slotOffset[slot] = offset }
            let search = GroupSearch(
                hours: local.map { tables.modules[$0].milliHours },
                closures: local.map { module in
                    isGroupCoverer[module] ? closure(of: module)?.map { localIndex[$0] } : nil
                },
                closes: local.map { module in
                    // `closes` is ascending in need slots, and so are `slots`.
                    closes(module).compactMap { slotOffset[$0] }
                },
                options: slots.map { slot in options[slot].map { localIndex[$0] } },
                nodeLimit: nodeLimit)
            let result = search.run()
            for member in result.modules { chosen.append(local[member]) }
            milliHours += result.hours
            proven = proven && result.proven
            for module in local {
                localIndex[module] = -1
                inGroup[module] = false
                isGroupCoverer[module] = false
            }
        }
        return Core(modules: chosen.sorted(), milliHours: milliHours, isProvenOptimal: proven)
    }
}

/// A set of small integers (module or need indices) as the search uses it. Two shapes: one
/// machine word for groups of at most 64 modules, which is what frameworks of the usual size
/// give and costs no allocation, and an array of words for larger groups.
protocol ModuleSet: Hashable, Sendable {
    init(capacity: Int)
    func contains(_ item: Int) -> Bool
    mutating func insert(_ item: Int)
    mutating func formUnion(_ other: Self)
    func isSubset(of other: Self) -> Bool
    func intersects(_ other: Self) -> Bool
    /// The smallest member of `self` that is not in `other`.
    func firstNot(in other: Self) -> Int?
    /// The smallest item below `limit` that is in none of the three sets.
    static func firstOutside(_ first: Self, _ second: Self, _ third: Self, below limit: Int) -> Int?
    /// Calls `body` with each member of `self` that is not in `other`, in ascending order.
    func forEachMember(notIn other: Self, _ body: (Int) -> Void)
    var members: [Int] { get }
}

/// A fixed-width set of small integers.
struct Bits: ModuleSet {
    var words: [UInt64]

    init(capacity: Int) { words = Array(repeating: 0, count: (capacity + 63) / 64) }

    func contains(_ item: Int) -> Bool { words[item >> 6] & (1 << UInt64(item & 63)) != 0 }
    mutating func insert(_ item: Int) { words[item >> 6] |= 1 << UInt64(item & 63) }

    mutating func formUnion(_ other: Bits) {
        for index in words.indices { words[index] |= other.words[index] }
    }

    func isSubset(of other: Bits) -> Bool {
        for index in words.indices where words[index] & ~other.words[index] != 0 { return false }
        return true
    }

    func intersects(_ other: Bits) -> Bool {
        for index in words.indices where words[index] & other.words[index] != 0 { return true }
        return false
    }

    func firstNot(in other: Bits) -> Int? {
        for index in words.indices {
            let word = words[index] & ~other.words[index]
            if word != 0 { return index * 64 + word.trailingZeroBitCount }
        }
        return nil
    }

    static func firstOutside(_ first: Bits, _ second: Bits, _ third: Bits, below limit: Int) -> Int? {
        for index in first.words.indices {
            let word = ~(first.words[index] | second.words[index] | third.words[index])
            if word != 0 {
                let item = index * 64 + word.trailingZeroBitCount
                return item < limit ? item : nil
            }
        }
        return nil
    }

    func forEachMember(notIn other: Bits, _ body: (Int) -> Void) {
        for index in words.indices {
            var word = words[index] & ~other.words[index]
            while word != 0 {
                body(index * 64 + word.trailingZeroBitCount)
                word &= word - 1
            }
        }
    }

    var members: [Int] {
        var result: [Int] = []
        forEachMember(notIn: Bits(capacity: words.count * 64)) { result.append($0) }
        return result
    }
}

/// A set of integers below 64 in one word.
struct Bits64: ModuleSet {
    var word: UInt64 = 0

    /// `capacity` must be at most 64; ``GroupSearch`` picks this shape only then.
    init(capacity: Int) {}

    func contains(_ item: Int) -> Bool { word & (1 << UInt64(item)) != 0 }
    mutating func insert(_ item: Int) { word |= 1 << UInt64(item) }
    mutating func formUnion(_ other: Bits64) { word |= other.word }
    func isSubset(of other: Bits64) -> Bool { word & ~other.word == 0 }
    func intersects(_ other: Bits64) -> Bool { word & other.word != 0 }

    func firstNot(in other: Bits64) -> Int? {
        let rest = word & ~other.word
        return rest == 0 ? nil : rest.trailingZeroBitCount
    }

    static func firstOutside(_ first: Bits64, _ second: Bits64, _ third: Bits64, below limit: Int) -> Int? {
        let free = ~(first.word | second.word | third.word)
        guard free != 0 else { return nil }
        let item = free.trailingZeroBitCount
        return item < limit ? item : nil
    }

    func forEachMember(notIn other: Bits64, _ body: (Int) -> Void) {
        var rest = word & ~other.word
        while rest != 0 {
            body(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
    }

    var members: [Int] {
        var result: [Int] = []
        forEachMember(notIn: Bits64(capacity: 64)) { result.append($0) }
        return result
    }
}

/// Branch and bound over one independent group of needs (at most 64 needs; larger groups get
/// the greedy selection, marked as not proven optimal). Groups of at most 64 modules run on
/// one-word sets; larger ones on arrays of words. Both decide the same.
struct GroupSearch {
    let hours: [Int]
    let closures: [[Int]?]
    let closes: [[Int]]
    let options: [[Int]]
    let nodeLimit: Int

    init(hours: [Int], closures: [[Int]?], closes: [[Int]], options: [[Int]], nodeLimit: Int) {
        self.hours = hours
        self.closures = closures
        self.closes = closes
        self.options = options
        self.nodeLimit = nodeLimit
    }

    func run() -> (modules: [Int], hours: Int, proven: Bool) {
        if hours.count <= 64 {
            return GroupSearchCore<Bits64>(hours: hours, closures: closures, closes: closes, options: options, nodeLimit: nodeLimit)
                .run()
        }
        return GroupSearchCore<Bits>(hours: hours, closures: closures, closes: closes, options: options, nodeLimit: nodeLimit).run()
    }
}

/// Puts the needs of `open` into `order` by fewest options (`optionCount`, by need), then
/// number, and returns how many there are: the order in which the dual bounds of
/// ``GroupSearchCore`` and ``MaskSearch`` raise their prices.
func orderNeeds(_ open: UInt64, optionCount: UnsafeMutablePointer<Int>, into order: UnsafeMutablePointer<Int>) -> Int {
    var count = 0
    var rest = open
    while rest != 0 {
        let need = rest.trailingZeroBitCount
        rest &= rest - 1
        // Insertion into the sorted prefix; the needs are few (at most 64).
        var slot = count
        while slot > 0, (optionCount[need], need) < (optionCount[order[slot - 1]], order[slot - 1]) {
            order[slot] = order[slot - 1]
            slot -= 1
        }
        order[slot] = need
        count += 1
    }
    return count
}

/// The search itself, over one shape of set.
final class GroupSearchCore<Modules: ModuleSet> {
    let hours: [Int]
    /// Per local module: its closure (itself and its unsatisfied prerequisites), empty for
    /// modules that close no need of the group themselves.
    let closureBits: [Modules]
    /// Per local module: the needs of the group it closes, as a mask.
    let cover: [UInt64]
    /// Modules that close some need, in index order.
    let candidates: [Int]
    let needCount: Int
    let moduleCount: Int
    let nodeLimit: Int
    let allNeeds: UInt64

    private var nodes = 0
    private var exhausted = false
    private var best: (hours: Int, count: Int, set: Modules)?

    /// Scratch space reused by every node, indexed by need, so that a node allocates nothing
    /// but its branch list. Held through pointers: the search writes them at every node, and
    /// stored arrays of a class would pay for exclusivity checks on each access.
    private let optionCount: UnsafeMutablePointer<Int>
    private let minExtra: UnsafeMutablePointer<Int>
    private let minExtraCount: UnsafeMutablePointer<Int>
    private let price: UnsafeMutablePointer<Double>
    /// The dual bounds' scratch: the open needs in the order they are raised, and each
    /// available module's residual cost.
    private let order: UnsafeMutablePointer<Int>
    private let residual: UnsafeMutablePointer<Double>
    /// The nodes' option lists, as a stack: each node keeps its available options and then its
    /// branches above its parent's, so that no node allocates. A path closes a need at every
    /// step, so it is at most `needCount + 1` nodes deep.
    private let stack: UnsafeMutablePointer<Option>
    /// Per need: which of the node's available options (by offset, while there are at most
    /// 64) close it, for the dual bounds.
    private let needOptions: UnsafeMutablePointer<UInt64>
    private let stackCapacity: Int

    convenience init(hours: [Int], closures: [[Int]?], closes: [[Int]], options: [[Int]], nodeLimit: Int) {
        self.init(
            hours: hours,
            closureBits: closures.map { members in
                var bits = Modules(capacity: hours.count)
                for member in members ?? [] { bits.insert(member) }
                return bits
            },
            cover: closes.map { needs in needs.reduce(UInt64(0)) { $1 < 64 ? $0 | (UInt64(1) << UInt64($1)) : $0 } },
            candidates: closures.indices.filter { closures[$0] != nil }, needCount: options.count, nodeLimit: nodeLimit)
    }

    /// - Parameters:
    ///   - closureBits: per local module, its closure; empty for modules that are no
    ///     candidate.
    ///   - cover: per local module, the needs it closes, as a mask.
    ///   - candidates: the modules that close some need themselves, ascending.
    init(hours: [Int], closureBits: [Modules], cover: [UInt64], candidates: [Int], needCount: Int, nodeLimit: Int) {
        self.hours = hours
        self.nodeLimit = max(nodeLimit, needCount + 2)
        moduleCount = hours.count
        self.needCount = needCount
        allNeeds = needCount >= 64 ? UInt64.max : (UInt64(1) << UInt64(needCount)) - 1
        self.closureBits = closureBits
        self.cover = cover
        self.candidates = candidates
        let slots = max(1, needCount)
        optionCount = .allocate(capacity: slots)
        optionCount.initialize(repeating: 0, count: slots)
        minExtra = .allocate(capacity: slots)
        minExtra.initialize(repeating: 0, count: slots)
        minExtraCount = .allocate(capacity: slots)
        minExtraCount.initialize(repeating: 0, count: slots)
        price = .allocate(capacity: slots)
        price.initialize(repeating: 0, count: slots)
        order = .allocate(capacity: slots)
        order.initialize(repeating: 0, count: slots)
        residual = .allocate(capacity: max(1, candidates.count))
        residual.initialize(repeating: 0, count: max(1, candidates.count))
        stackCapacity = needCount <= 64 ? (needCount + 2) * 2 * max(1, candidates.count) : 1
        stack = .allocate(capacity: stackCapacity)
        needOptions = .allocate(capacity: slots)
        needOptions.initialize(repeating: 0, count: slots)
    }

    deinit {
        optionCount.deallocate()
        minExtra.deallocate()
        minExtraCount.deallocate()
        price.deallocate()
        order.deallocate()
        residual.deallocate()
        stack.deallocate()
        needOptions.deallocate()
    }

    func run() -> (modules: [Int], hours: Int, proven: Bool) {
        let empty = Modules(capacity: moduleCount)
        greedy()
        if needCount <= 64 {
            search(chosen: empty, uncovered: allNeeds, forbidden: empty, hours: 0, count: 0, top: 0)
        } else {
            exhausted = true
        }
        guard let best else { return ([], 0, !exhausted) }
        return (best.set.members, best.hours, !exhausted)
    }

    /// The cost of adding a module's closure to `chosen`.
    @inline(__always)
    private func increment(_ module: Int, _ chosen: Modules) -> (hours: Int, count: Int) {
        var extraHours = 0
        var extraCount = 0
        closureBits[module].forEachMember(notIn: chosen) { member in
            extraHours += hours[member]
            extraCount += 1
        }
        return (extraHours, extraCount)
    }

    @inline(__always)
    private func add(_ module: Int, to chosen: inout Modules, covering uncovered: inout UInt64) {
        var closed = uncovered
        closureBits[module].forEachMember(notIn: chosen) { member in closed &= ~cover[member] }
        uncovered = closed
        chosen.formUnion(closureBits[module])
    }

    /// A first selection: repeatedly the closure with the lowest hours per newly closed need.
    private func greedy() {
        var chosen = Modules(capacity: moduleCount)
        var uncovered = allNeeds
        var total = 0
        var count = 0
        while uncovered != 0 {
            var pick = -1
            var pickCost = (hours: 0, count: 0)
            var pickGain = 0
            for module in candidates where !chosen.contains(module) {
                let gain = (cover[module] & uncovered).nonzeroBitCount
                guard gain > 0 else { continue }
                let cost = increment(module, chosen)
                // cost / gain < pickCost / pickGain, compared without division.
                if pick < 0 || cost.hours * pickGain < pickCost.hours * gain
                    || (cost.hours * pickGain == pickCost.hours * gain && gain > pickGain)
                {
                    pick = module
                    pickCost = cost
                    pickGain = gain
                }
            }
            guard pick >= 0 else { return }
            add(pick, to: &chosen, covering: &uncovered)
            total += pickCost.hours
            count += pickCost.count
        }
        consider(total, count, chosen)
    }

    private func consider(_ hours: Int, _ count: Int, _ set: Modules) {
        if let best {
            if hours != best.hours { if hours > best.hours { return } } else if count != best.count {
                if count > best.count { return }
            } else {
                // Equal sizes: the smaller sorted ID list holds the smallest element of the
                // symmetric difference.
                guard let mine = set.firstNot(in: best.set), let theirs = best.set.firstNot(in: set), mine < theirs
                else { return }
            }
        }
        best = (hours, count, set)
    }

    private struct Option {
        var module: Int
        var mask: UInt64
        var own: Int
        var extra: Int
        var extraCount: Int
    }

    private func search(chosen: Modules, uncovered: UInt64, forbidden: Modules, hours: Int, count: Int, top: Int) {
        nodes += 1
        if uncovered == 0 {
            consider(hours, count, chosen)
            return
        }
        if nodes > nodeLimit {
            exhausted = true
            return
        }

        // The modules still allowed that close an open need, on the stack from `top`.
        var availableCount = 0
        var rest = uncovered
        while rest != 0 {
            let need = rest.trailingZeroBitCount
            rest &= rest - 1
            optionCount[need] = 0
            minExtra[need] = Int.max
            minExtraCount[need] = Int.max
            needOptions[need] = 0
        }
        for module in candidates where !chosen.contains(module) && !forbidden.contains(module) {
            let mask = cover[module] & uncovered
            guard mask != 0, !closureBits[module].intersects(forbidden) else { continue }
            let cost = increment(module, chosen)
            guard top + availableCount < stackCapacity else {
                exhausted = true
                return
            }
            (stack + top + availableCount).initialize(
                to: Option(module: module, mask: mask, own: self.hours[module], extra: cost.hours, extraCount: cost.count))
            let offsetBit = availableCount < 64 ? UInt64(1) << UInt64(availableCount) : 0
            availableCount += 1
            var rest = mask
            while rest != 0 {
                let need = rest.trailingZeroBitCount
                rest &= rest - 1
                needOptions[need] |= offsetBit
                optionCount[need] += 1
                minExtra[need] = min(minExtra[need], cost.hours)
                minExtraCount[need] = min(minExtraCount[need], cost.count)
            }
        }
        var pick = -1
        var boundHours = 0
        var boundCount = 1
        rest = uncovered
        while rest != 0 {
            let need = rest.trailingZeroBitCount
            rest &= rest - 1
            if optionCount[need] == 0 { return }
            boundHours = max(boundHours, minExtra[need])
            boundCount = max(boundCount, minExtraCount[need])
            if pick < 0 || optionCount[need] < optionCount[pick] { pick = need }
        }

        let available = UnsafeMutableBufferPointer(start: stack + top, count: availableCount)
        if let best {
            // The cheap bounds first; the dual bounds only when those do not already prune.
            if prunes(hours + boundHours, count + boundCount, chosen, forbidden, best) { return }
            let open = orderNeeds(uncovered, optionCount: optionCount, into: order)
            boundHours = max(boundHours, dualBound(available, uncovered, open: open, byHours: true))
            // The count decides only on a tie in hours: below it nothing prunes, above it
            // everything does, so its bound is computed only then.
            if hours + boundHours > best.hours { return }
            if hours + boundHours == best.hours {
                boundCount = max(boundCount, dualBound(available, uncovered, open: open, byHours: false))
                if prunes(hours + boundHours, count + boundCount, chosen, forbidden, best) { return }
            }
        }

        let bit = UInt64(1) << UInt64(pick)
        var branchCount = 0
        for option in available where option.mask & bit != 0 {
            guard top + availableCount + branchCount < stackCapacity else {
                exhausted = true
                return
            }
            (stack + top + availableCount + branchCount).initialize(to: option)
            branchCount += 1
        }
        var branches = UnsafeMutableBufferPointer(start: stack + top + availableCount, count: branchCount)
        branches.sort { lhs, rhs in
            // Best ratio of hours to newly closed needs first, then fewer modules, then ID.
            let left = lhs.extra * rhs.mask.nonzeroBitCount
            let right = rhs.extra * lhs.mask.nonzeroBitCount
            if left != right { return left < right }
            return (lhs.extraCount, lhs.module) < (rhs.extraCount, rhs.module)
        }
        var forbiddenHere = forbidden
        for option in branches {
            if !closureBits[option.module].intersects(forbiddenHere) {
                var nextChosen = chosen
                var nextUncovered = uncovered
                add(option.module, to: &nextChosen, covering: &nextUncovered)
                search(
                    chosen: nextChosen, uncovered: nextUncovered, forbidden: forbiddenHere,
                    hours: hours + option.extra, count: count + option.extraCount,
                    top: top + availableCount + branchCount)
                if exhausted { return }
            }
            forbiddenHere.insert(option.module)
        }
    }

    /// Whether a node whose completions cost at least `totalHours` and `totalCount` cannot
    /// beat `best`.
    @inline(__always)
    private func prunes(
        _ totalHours: Int, _ totalCount: Int, _ chosen: Modules, _ forbidden: Modules, _ best: (hours: Int, count: Int, set: Modules)
    ) -> Bool {
        if totalHours > best.hours || (totalHours == best.hours && totalCount > best.count) { return true }
        return totalHours == best.hours && totalCount == best.count && !canWinTie(chosen, forbidden, best.set)
    }


    /// A lower bound on the cost of closing every need in `uncovered` with the available
    /// modules, each costing its own hours (`byHours`) or 1: a feasible solution of the dual
    /// of the covering LP (each need gets a price; no module's needs are priced above its
    /// cost), built by fractional shares and then dual ascent, needs with fewest options first.
    /// The first `open` needs of ``order`` are those of `uncovered`, as ``orderNeeds(_:optionCount:into:)`` put
    /// them.
    private func dualBound(_ modules: UnsafeMutableBufferPointer<Option>, _ uncovered: UInt64, open: Int, byHours: Bool) -> Int {
        var rest = uncovered
        while rest != 0 {
            let need = rest.trailingZeroBitCount
            rest &= rest - 1
            price[need] = .infinity
        }
        for module in modules {
            let cost = byHours ? Double(module.own) : 1
            let share = cost / Double(module.mask.nonzeroBitCount)
            var rest = module.mask
            while rest != 0 {
                let need = rest.trailingZeroBitCount
                rest &= rest - 1
                price[need] = min(price[need], share)
            }
        }
        for (offset, module) in modules.enumerated() {
            var used = 0.0
            var rest = module.mask
            while rest != 0 {
                let need = rest.trailingZeroBitCount
                rest &= rest - 1
                used += price[need]
            }
            residual[offset] = max(0, (byHours ? Double(module.own) : 1) - used)
        }
        let indexed = modules.count <= 64
        for position in 0..<open {
            let need = order[position]
            var raise = Double.infinity
            if indexed {
                // The same options as the scan below, through the node's index of them.
                var rest = needOptions[need]
                while rest != 0 {
                    raise = min(raise, residual[rest.trailingZeroBitCount])
                    rest &= rest - 1
                }
                guard raise.isFinite, raise > 0 else { continue }
                price[need] += raise
                rest = needOptions[need]
                while rest != 0 {
                    residual[rest.trailingZeroBitCount] -= raise
                    rest &= rest - 1
                }
                continue
            }
            let bit = UInt64(1) << UInt64(need)
            for (offset, module) in modules.enumerated() where module.mask & bit != 0 {
                raise = min(raise, residual[offset])
            }
            guard raise.isFinite, raise > 0 else { continue }
            price[need] += raise
            for (offset, module) in modules.enumerated() where module.mask & bit != 0 { residual[offset] -= raise }
        }
        var total = 0.0
        for position in 0..<open where price[order[position]].isFinite { total += price[order[position]] }
        // Costs are whole numbers; allow for rounding in the shares.
        return max(0, Int((total - 1e-6).rounded(.up)))
    }

    /// On a tie in hours and count, whether some completion of `chosen` could still hold a
    /// smaller ID list than `best`: it cannot when the smallest module of `best` missing from
    /// `chosen` is forbidden, comes before every module of `chosen` not in `best`, and no
    /// allowed module outside `best` comes before it.
    private func canWinTie(_ chosen: Modules, _ forbidden: Modules, _ best: Modules) -> Bool {
        guard let missing = best.firstNot(in: chosen) else { return false }
        if let extra = chosen.firstNot(in: best), extra < missing { return true }
        if !forbidden.contains(missing) { return true }
        return Modules.firstOutside(best, chosen, forbidden, below: missing) != nil
    }
}
