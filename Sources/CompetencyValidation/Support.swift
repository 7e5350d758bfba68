import CompetencyModel

/// Suggestions for misspelt references.
enum Suggestion {
    /// The candidate nearest to `text` by edit distance (ignoring case), when it is near
    /// enough to be a likely typo; the first such candidate on a tie.
    static func nearest(to text: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(text.lowercased().unicodeScalars)
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != text {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            guard abs(scalars.count - target.count) <= limit else { continue }
            let bound = min(limit, (best?.distance ?? limit + 1) - 1)
            guard bound >= 0, let distance = editDistance(target, scalars, bound: bound) else { continue }
            best = (candidate, distance)
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

/// Finds cycles in a directed graph whose nodes are given in document order.
enum CycleFinder {
    /// One step of a cycle: a node and the index of the edge that leaves it.
    struct Step<Node: Hashable>: Hashable {
        var node: Node
        var edge: Int
    }

    /// One cycle per strongly connected component of two or more nodes (and per node with an
    /// edge to itself, with `selfLoops`), starting at the component's first node in
    /// document order and following the shortest way back to it. Runs in linear time
    /// (Tarjan, iterative).
    static func cycles<Node: Hashable>(nodes: [Node], selfLoops: Bool, edges: (Node) -> [Node]) -> [[Step<Node>]] {
        var order: [Node: Int] = [:]
        for node in nodes where order[node] == nil { order[node] = order.count }
        var indexOf: [Node: Int] = [:]
        var lowlink: [Node: Int] = [:]
        var onStack: Set<Node> = []
        var stack: [Node] = []
        var components: [[Node]] = []
        var counter = 0
        for root in nodes where indexOf[root] == nil {
            var work: [(node: Node, successors: [Node], next: Int)] = []
            func open(_ node: Node) {
                indexOf[node] = counter
                lowlink[node] = counter
                counter += 1
                stack.append(node)
                onStack.insert(node)
                work.append((node, edges(node).filter { order[$0] != nil }, 0))
            }
            open(root)
            while !work.isEmpty {
                let top = work.count - 1
                let node = work[top].node
                if work[top].next < work[top].successors.count {
                    let successor = work[top].successors[work[top].next]
                    work[top].next += 1
                    if indexOf[successor] == nil {
                        open(successor)
                    } else if onStack.contains(successor), let index = indexOf[successor] {
                        lowlink[node] = min(lowlink[node] ?? index, index)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node, let low = lowlink[node] {
                    lowlink[parent] = min(lowlink[parent] ?? low, low)
                }
                if lowlink[node] == indexOf[node] {
                    var component: [Node] = []
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        component.append(member)
                        if member == node { break }
                    }
                    if component.count > 1 || (selfLoops && edges(node).contains(node)) { components.append(component) }
                }
            }
        }
        let sorted = components.map { $0.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) } }
            .sorted { (order[$0[0]] ?? 0) < (order[$1[0]] ?? 0) }
        return sorted.compactMap { shortestCycle(through: $0[0], within: Set($0), edges: edges) }
    }

    private static func shortestCycle<Node: Hashable>(
        through start: Node, within members: Set<Node>, edges: (Node) -> [Node]
    ) -> [Step<Node>]? {
        var cameFrom: [Node: Step<Node>] = [:]
        var queue: [Node] = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (offset, successor) in edges(node).enumerated() where members.contains(successor) {
                if successor == start {
                    var path = [Step(node: node, edge: offset)]
                    var current = node
                    while current != start, let step = cameFrom[current] {
                        path.append(step)
                        current = step.node
                    }
                    return path.reversed()
                }
                if cameFrom[successor] == nil {
                    cameFrom[successor] = Step(node: node, edge: offset)
                    queue.append(successor)
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
