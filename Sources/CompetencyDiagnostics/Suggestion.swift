/// Suggestions for misspelt names and references, shared by the reader and the rules.
package enum Suggestion {
    /// The candidate nearest to `text` by edit distance (ignoring case), when it is near
    /// enough to be a likely typo; the first such candidate on a tie. Texts longer than
    /// ``maxLength`` get no suggestion, and at most ``maxCandidates`` are compared, so the
    /// cost stays bounded whatever the input.
    package static func nearest(to text: String, among candidates: some Sequence<String>) -> String? {
        nearest(to: text, among: candidates.map(Candidate.init))
    }

    /// A candidate prepared once for many comparisons.
    package struct Candidate {
        package var text: String
        package var folded: [Unicode.Scalar]
        package init(_ text: String) {
            self.text = text
            folded = Array(text.lowercased().unicodeScalars)
        }
    }

    /// The longest text a suggestion is looked for: IDs and names are short, and the edit
    /// distance costs the product of two lengths.
    package static let maxLength = 64
    /// The most candidates compared for one suggestion.
    package static let maxCandidates = 5_000

    package static func nearest(to text: String, among candidates: [Candidate]) -> String? {
        guard text.utf8.count <= maxLength * 4 else { return nil }
        let target = Array(text.lowercased().unicodeScalars)
        guard target.count <= maxLength else { return nil }
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates.prefix(maxCandidates)
        where abs(candidate.folded.count - target.count) <= limit && candidate.text != text {
            let bound = min(limit, (best?.distance ?? limit + 1) - 1)
            guard bound >= 0, let distance = editDistance(target, candidate.folded, bound: bound) else { continue }
            best = (candidate.text, distance)
            if distance == 0 { break }
        }
        return best?.candidate
    }

    /// The Levenshtein distance between `lhs` and `rhs`, or `nil` when it exceeds `bound`.
    package static func editDistance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar], bound: Int) -> Int? {
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
