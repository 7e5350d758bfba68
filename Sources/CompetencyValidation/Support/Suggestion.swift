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
