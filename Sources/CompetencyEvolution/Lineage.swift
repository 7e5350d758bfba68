/// How the entities of one kind in an old version correspond to those of a new version.
///
/// Entities are matched by ID, then (when asked) by `uri`, then by lineage: a new entity
/// whose `replaces` names an old ID succeeds that entity. An old entity with two or more
/// successors was split; a new entity with two or more predecessors is a merge. Titles never
/// decide a match.
struct Correspondence: Sendable {
    /// One entity as matching sees it.
    struct Node: Sendable {
        var id: String
        var uri: String?
        var replaces: [String]
    }

    /// How a pair was matched.
    enum Link: Sendable, Equatable { case id, uri, lineage }

    /// For each old entity, its successors (indices into the new list) and how each was found.
    private(set) var successors: [[(index: Int, link: Link)]]
    /// For each new entity, its predecessors (indices into the old list).
    private(set) var predecessors: [[Int]]

    init(old: [Node], new: [Node], matchURIs: Bool) {
        successors = Array(repeating: [], count: old.count)
        predecessors = Array(repeating: [], count: new.count)
        var newByID: [String: Int] = [:]
        for (index, node) in new.enumerated() where newByID[node.id] == nil { newByID[node.id] = index }
        var oldByID: [String: Int] = [:]
        for (index, node) in old.enumerated() where oldByID[node.id] == nil { oldByID[node.id] = index }
        for (index, node) in old.enumerated() {
            if let match = newByID[node.id], oldByID[node.id] == index { link(index, match, .id) }
        }
        if matchURIs {
            var newByURI: [String: Int] = [:]
            for (index, node) in new.enumerated() where predecessors[index].isEmpty {
                if let uri = node.uri, newByURI[uri] == nil { newByURI[uri] = index }
            }
            for (index, node) in old.enumerated() where successors[index].isEmpty {
                guard let uri = node.uri, let match = newByURI[uri], predecessors[match].isEmpty else { continue }
                link(index, match, .uri)
            }
        }
        for (index, node) in new.enumerated() {
            for name in node.replaces {
                guard let source = oldByID[name], !successors[source].contains(where: { $0.index == index }) else { continue }
                link(source, index, .lineage)
            }
        }
    }

    private mutating func link(_ old: Int, _ new: Int, _ how: Link) {
        successors[old].append((new, how))
        predecessors[new].append(old)
    }

    /// The only successor of `old`, when it has exactly one and that one has no other predecessor.
    func single(_ old: Int) -> Int? {
        guard successors[old].count == 1, let only = successors[old].first, predecessors[only.index].count == 1 else {
            return nil
        }
        return only.index
    }
}
