import CompetencyModel

/// Suggestions for misspelt references.
enum Suggestion {
    /// The candidate nearest to `text` by edit distance (ignoring case), when it is near
    /// enough to be a likely typo; the first such candidate on a tie.
    static func nearest(to text: String, among candidates: some Sequence<String>) -> String? {
        nearest(to: text, among: candidates.map(Candidate.init))
    }

    /// A candidate prepared once for many comparisons.
    struct Candidate {
        var text: String
        var folded: [Unicode.Scalar]
        init(_ text: String) {
            self.text = text
            folded = Array(text.lowercased().unicodeScalars)
        }
    }

    static func nearest(to text: String, among candidates: [Candidate]) -> String? {
        let target = Array(text.lowercased().unicodeScalars)
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where abs(candidate.folded.count - target.count) <= limit && candidate.text != text {
            let bound = min(limit, (best?.distance ?? limit + 1) - 1)
            guard bound >= 0, let distance = editDistance(target, candidate.folded, bound: bound) else { continue }
            best = (candidate.text, distance)
            if distance == 0 { break }
        }
        return best?.candidate
    }

    /// The Levenshtein distance between `lhs` and `rhs`, or `nil` when it exceeds `bound`.
    static func editDistance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar], bound: Int) -> Int? {
        if lhs.isEmpty { return rhs.count <= bound ? rhs.count : nil }
        if rhs.isEmpty { return lhs.count <= bound ? lhs.count : nil }
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for row in 1...lhs.count {
            current[0] = row
            var rowMinimum = row
            for column in 1...rhs.count {
                let cost = lhs[row - 1] == rhs[column - 1] ? 0 : 1
                current[column] = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
                rowMinimum = min(rowMinimum, current[column])
            }
            if rowMinimum > bound { return nil }
            swap(&previous, &current)
        }
        return previous[rhs.count] <= bound ? previous[rhs.count] : nil
    }
}

/// Remembers suggestions for one validation run, so that a document full of one misspelling,
/// or a roster checked against the wrong framework, stays fast: each distinct ID is looked up
/// once, each kind's candidates are listed once, and after `budget` distinct IDs no more
/// suggestions are made.
struct SuggestionMemo {
    private var candidates: [String: [Suggestion.Candidate]] = [:]
    private var answers: [String: String?] = [:]
    private var budget: Int

    init(budget: Int = 128) { self.budget = budget }

    mutating func nearest(to id: String, kind: String, candidates make: () -> [String]) -> String? {
        let key = kind + "\u{0}" + id
        if let known = answers[key] { return known }
        guard budget > 0 else { return nil }
        budget -= 1
        let list = candidates[kind] ?? make().map(Suggestion.Candidate.init)
        candidates[kind] = list
        let answer = Suggestion.nearest(to: id, among: list)
        answers[key] = answer
        return answer
    }
}

/// Finds cycles in a directed graph whose nodes are given in document order.
enum CycleFinder {
    /// One step of a cycle: a node and the index of the edge that leaves it.
    struct Step<Node: Hashable>: Hashable {
        var node: Node
        var edge: Int
    }

    /// One cycle per strongly connected component of two or more nodes (and per node with an
    /// edge to itself, with `selfLoops`), starting at the component's first node in
    /// document order and following the shortest way back to it. Edges to nodes not in
    /// `nodes` are ignored. Runs in linear time (Tarjan, iterative).
    static func cycles<Node: Hashable>(nodes: [Node], selfLoops: Bool, edges: (Node) -> [Node]) -> [[Step<Node>]] {
        var number: [Node: Int] = [:]
        var unique: [Node] = []
        for node in nodes where number[node] == nil {
            number[node] = unique.count
            unique.append(node)
        }
        // Successors as (node number, edge index), edges to unknown nodes left out.
        let graph: [[(target: Int, edge: Int)]] = unique.map { node in
            edges(node).enumerated().compactMap { offset, target in number[target].map { ($0, offset) } }
        }
        return components(graph, selfLoops: selfLoops).compactMap { component in
            shortestCycle(graph, through: component[0], within: Set(component))?.map { Step(node: unique[$0.node], edge: $0.edge) }
        }
    }

    /// The strongly connected components worth reporting, each sorted, in order of their
    /// first node.
    private static func components(_ graph: [[(target: Int, edge: Int)]], selfLoops: Bool) -> [[Int]] {
        let count = graph.count
        var index = [Int](repeating: -1, count: count)
        var lowlink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var found: [[Int]] = []
        var counter = 0
        var work: [(node: Int, next: Int)] = []
        for root in 0..<count where index[root] < 0 {
            index[root] = counter
            lowlink[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            work.append((root, 0))
            while let (node, next) = work.last {
                if next < graph[node].count {
                    work[work.count - 1].next += 1
                    let successor = graph[node][next].target
                    if index[successor] < 0 {
                        index[successor] = counter
                        lowlink[successor] = counter
                        counter += 1
                        stack.append(successor)
                        onStack[successor] = true
                        work.append((successor, 0))
                    } else if onStack[successor] {
                        lowlink[node] = min(lowlink[node], index[successor])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { lowlink[parent] = min(lowlink[parent], lowlink[node]) }
                guard lowlink[node] == index[node] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                if component.count > 1 || (selfLoops && graph[node].contains { $0.target == node }) {
                    found.append(component.sorted())
                }
            }
        }
        return found.sorted { $0[0] < $1[0] }
    }

    private static func shortestCycle(
        _ graph: [[(target: Int, edge: Int)]], through start: Int, within members: Set<Int>
    ) -> [(node: Int, edge: Int)]? {
        var cameFrom: [Int: (node: Int, edge: Int)] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (target, edge) in graph[node] where members.contains(target) {
                if target == start {
                    var path = [(node: node, edge: edge)]
                    var current = node
                    while current != start, let step = cameFrom[current] {
                        path.append(step)
                        current = step.node
                    }
                    return path.reversed()
                }
                if cameFrom[target] == nil {
                    cameFrom[target] = (node, edge)
                    queue.append(target)
                }
            }
        }
        return nil
    }
}

/// Semantic versions (semver.org 2.0.0).
enum SemanticVersion {
    /// Whether `text` is `MAJOR.MINOR.PATCH`, optionally followed by `-prerelease` and
    /// `+build`, with no leading zeros in numeric parts.
    static func isValid(_ text: String) -> Bool {
        var core = Substring(text)
        var build: Substring?
        if let plus = core.firstIndex(of: "+") {
            build = core[core.index(after: plus)...]
            core = core[..<plus]
        }
        var prerelease: Substring?
        if let dash = core.firstIndex(of: "-") {
            prerelease = core[core.index(after: dash)...]
            core = core[..<dash]
        }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy(isNumber) else { return false }
        if let prerelease {
            let parts = prerelease.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ isIdentifier($0) && (!$0.allSatisfy(\.isASCIIDigit) || isNumber($0)) }) else {
                return false
            }
        }
        if let build {
            guard build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier) else {
                return false
            }
        }
        return true
    }

    /// A likely intended version: `1.2` → `1.2.0`, `v1.2.3` → `1.2.3`.
    static func suggestion(for text: String) -> String? {
        var candidate = text.trimmingSpaces
        if candidate.first == "v" || candidate.first == "V" { candidate.removeFirst() }
        let parts = candidate.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count < 3, parts.allSatisfy(isNumber) {
            candidate = (parts.map(String.init) + Array(repeating: "0", count: 3 - parts.count)).joined(separator: ".")
        }
        return candidate != text && isValid(candidate) ? candidate : nil
    }

    private static func isNumber(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy(\.isASCIIDigit) && (part == "0" || part.first != "0")
    }

    private static func isIdentifier(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy { $0.isASCIIDigit || ($0.isASCII && $0.isLetter) || $0 == "-" }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Without leading and trailing white space.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    /// Whether the text is empty or only white space.
    var isBlank: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

    /// Lowercased, with runs of white space collapsed to one space and the ends trimmed:
    /// the form in which two texts count as the same.
    var normalizedForComparison: String {
        if let ascii = asciiNormalized { return ascii }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
    }
}

extension String {
    /// ``normalizedForComparison`` for ASCII text, byte by byte; `nil` for other text.
    private var asciiNormalized: String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            guard byte < 0x80 else { return nil }
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                bytes.append(0x20)
                pendingSpace = false
            }
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Lists for messages.
enum Phrase {
    /// `'a', 'b' and 'c'`, shortened to the first `limit` with "and N more".
    static func list(_ items: [String], limit: Int = 5) -> String {
        let quoted = items.prefix(limit).map { "'\($0)'" }
        let rest = items.count - quoted.count
        if rest > 0 { return quoted.joined(separator: ", ") + " and \(rest) more" }
        if quoted.count <= 1 { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + (quoted.last ?? "")
    }

    /// `a → b → a`.
    static func cycle(_ names: [String]) -> String {
        (names + names.prefix(1)).joined(separator: " → ")
    }
}

/// A domain and a level: the key under which rules remember what they found for a
/// requirement on a domain, so that many positions requiring one domain cost one check.
struct DomainLevel: Hashable {
    var domain: Domain.ID
    var level: Level.ID
}
