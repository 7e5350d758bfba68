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
