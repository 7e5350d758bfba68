public import CompetencyModel

/// What a conversion could not carry over, and what it had to repair on the way.
///
/// Every import and export returns one. Entries of the same kind are merged: an entry says
/// how many times the thing happened and where (the first ``maxLocations`` places).
/// ``hasLosses`` is what `--strict` turns into an error; fix-ups are reported but do not
/// lose anything.
public struct LossReport: Hashable, Sendable, CustomStringConvertible {
    /// Whether an entry loses information or only repairs the input.
    public enum Category: String, Hashable, Sendable, Codable, Comparable {
        /// Something that was not carried over.
        case loss
        /// Something the input got wrong that was repaired (CASE fix-ups); nothing is lost.
        case fixUp = "fix-up"

        public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One kind of loss or fix-up.
    public struct Entry: Hashable, Sendable, Codable, CustomStringConvertible {
        public var category: Category
        /// Who recorded it: the format (`case`, `medbiq`, `csv`); with ``kind``, the
        /// entry's ``DiagnosticID``.
        public var domain: String
        /// A stable identifier of the kind (`position`, `translation`, `case-missing-full-statement`).
        public var kind: String
        /// What happened, for a reader: "positions: CASE has no place for them".
        public var message: String
        /// How many times it happened.
        public var count: Int
        /// Where, at most ``LossReport/maxLocations`` places, in the order met.
        public var locations: [SourceLocation]

        public init(
            category: Category, domain: String = "interchange", kind: String, message: String, count: Int = 0,
            locations: [SourceLocation] = []
        ) {
            self.category = category
            self.domain = domain
            self.kind = kind
            self.message = message
            self.count = count
            self.locations = locations
        }

        /// `domain.kind`.
        /// A kind already named after its format (`case-missing-full-statement`) drops the prefix.
        public var id: DiagnosticID {
            DiagnosticID(domain: domain, code: kind.hasPrefix(domain + "-") ? String(kind.dropFirst(domain.count + 1)) : kind)
        }

        /// `loss: 15 × position: CASE has no place for positions (first at file:3:5)`.
        public var description: String {
            var text = "\(category.rawValue): \(count) × \(kind): \(message)"
            if let first = locations.first { text += " (first at \(first))" }
            return text
        }
    }

    /// How many locations an entry keeps.
    public static let maxLocations = 20

    /// The entries in the order their kind was first met.
    public private(set) var entries: [Entry]
    /// The domain of the entries recorded from now on (the format: `case`, `medbiq`).
    public var domain: String

    public init(domain: String = "interchange", entries: [Entry] = []) {
        self.domain = domain
        self.entries = entries
    }

    /// Records one occurrence of `kind`.
    public mutating func record(
        _ category: Category, _ kind: String, _ message: @autoclosure () -> String, at location: SourceLocation? = nil,
        count: Int = 1
    ) {
        guard count > 0 else { return }
        if let index = entries.firstIndex(where: { $0.kind == kind && $0.category == category && $0.domain == domain }) {
            entries[index].count += count
            if let location, entries[index].locations.count < Self.maxLocations {
                entries[index].locations.append(location)
            }
        } else {
            entries.append(
                Entry(category: category, domain: domain, kind: kind, message: message(), count: count, locations: location.map { [$0] } ?? []))
        }
    }

    /// Records a loss.
    public mutating func loss(
        _ kind: String, _ message: @autoclosure () -> String, at location: SourceLocation? = nil, count: Int = 1
    ) {
        record(.loss, kind, message(), at: location, count: count)
    }

    /// Records a fix-up.
    public mutating func fixUp(
        _ kind: String, _ message: @autoclosure () -> String, at location: SourceLocation? = nil, count: Int = 1
    ) {
        record(.fixUp, kind, message(), at: location, count: count)
    }

    /// Adds every entry of `other`.
    public mutating func merge(_ other: LossReport) {
        for entry in other.entries {
            if let index = entries.firstIndex(where: {
                $0.kind == entry.kind && $0.category == entry.category && $0.domain == entry.domain
            }) {
                entries[index].count += entry.count
                let room = Self.maxLocations - entries[index].locations.count
                if room > 0 { entries[index].locations.append(contentsOf: entry.locations.prefix(room)) }
            } else {
                entries.append(entry)
            }
        }
    }

    /// The entries that lose information.
    public var losses: [Entry] { entries.filter { $0.category == .loss } }
    /// The repairs made to the input.
    public var fixUps: [Entry] { entries.filter { $0.category == .fixUp } }
    /// Whether anything was not carried over.
    public var hasLosses: Bool { entries.contains { $0.category == .loss } }
    public var isEmpty: Bool { entries.isEmpty }

    /// The count of one kind, 0 when it did not happen.
    public func count(of kind: String) -> Int { entries.filter { $0.kind == kind }.reduce(0) { $0 + $1.count } }

    /// The kinds present, in order.
    public var kinds: [String] { entries.map(\.kind) }

    /// One line per entry.
    public var description: String { entries.map(\.description).joined(separator: "\n") }

    /// The entries as diagnostics, one each: a loss is a warning (an error when `strict`,
    /// as `--strict` makes it), a fix-up a note. Each is placed at its first location, or
    /// at `file` when it has none, and lists up to three other places in a note.
    public func diagnostics(strict: Bool = false, file: String? = nil) -> [Diagnostic] {
        entries.map { entry in
            let isLoss = entry.category == .loss
            let verb = isLoss ? "not carried over" : "repaired"
            var diagnostic = Diagnostic(
                id: entry.id, severity: isLoss ? (strict ? .error : .warning) : .note,
                message: "\(verb) (\(entry.count)×): \(entry.message)",
                location: entry.locations.first ?? file.map(SourceLocation.file))
            if let first = entry.locations.first {
                var others: [SourceLocation] = []
                for location in entry.locations.dropFirst() where location != first && !others.contains(location) {
                    others.append(location)
                }
                if !others.isEmpty {
                    let shown = others.prefix(3).map { $0.file == first.file ? "\($0.line):\($0.column)" : "\($0)" }
                    let more = others.count > 3 || entry.count > entry.locations.count ? ", …" : ""
                    diagnostic.notes.append(Diagnostic.Note(message: "also at " + shown.joined(separator: ", ") + more))
                }
            }
            return diagnostic
        }
    }
}
