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
