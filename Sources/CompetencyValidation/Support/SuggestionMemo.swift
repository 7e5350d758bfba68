import CompetencyDiagnostics

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
