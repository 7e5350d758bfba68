public import CompetencyModel
public import CompetencyAssignment

/// What a new version of a framework changes for people: each person is evaluated against
/// the old version as recorded, and against the new one after ``RosterMigration``, on the
/// same date.
public struct PeopleImpact: Hashable, Sendable {
    /// One person, before and after.
    public struct Person: Hashable, Sendable {
        public var id: CompetencyModel.Person.ID
        public var unit: OrgUnit.ID?
        public var position: Position.ID?
        public var before: PersonPlan.Status
        public var after: PersonPlan.Status
        /// Training hours planned against each version.
        public var hoursBefore: Double
        public var hoursAfter: Double

        public init(
            id: CompetencyModel.Person.ID, unit: OrgUnit.ID?, position: Position.ID?, before: PersonPlan.Status,
            after: PersonPlan.Status, hoursBefore: Double, hoursAfter: Double
        ) {
            self.id = id
            self.unit = unit
            self.position = position
            self.before = before
            self.after = after
            self.hoursBefore = hoursBefore
            self.hoursAfter = hoursAfter
        }

        /// Compliant or exempt.
        static func meets(_ status: PersonPlan.Status) -> Bool { status == .compliant || status == .exempt }
    }

    /// Counts over a group of people.
    public struct Tally: Hashable, Sendable, Codable {
        public var people = 0
        /// Met their requirements before, need training after.
        public var nowNeedTraining = 0
        /// Needed training (or could not be trained) before, meet their requirements after.
        public var nowMeet = 0
        /// Can no longer be fully trained with the modules on offer.
        public var becomeUnsatisfiable = 0
        /// Could not be fully trained before, can be after.
        public var noLongerUnsatisfiable = 0
        /// Hours of training added, summed over the people whose plan grew.
        public var hoursAdded: Double = 0
        /// Hours of training saved, summed over the people whose plan shrank.
        public var hoursSaved: Double = 0

        public init() {}

        mutating func add(_ person: Person) {
            people += 1
            let meetsBefore = Person.meets(person.before)
            let meetsAfter = Person.meets(person.after)
            if meetsBefore && person.after == .needsTraining { nowNeedTraining += 1 }
            if !meetsBefore && meetsAfter { nowMeet += 1 }
            if person.before != .unsatisfiable && person.after == .unsatisfiable { becomeUnsatisfiable += 1 }
            if person.before == .unsatisfiable && person.after != .unsatisfiable { noLongerUnsatisfiable += 1 }
            let delta = person.hoursAfter - person.hoursBefore
            if delta > 0 { hoursAdded += delta } else { hoursSaved -= delta }
        }
    }

    public var total: Tally
    /// Per unit, rolled up through the unit tree (a person counts in their unit and every
    /// unit above it), in the roster's unit order; people without a unit count only in the total.
    public var units: [(unit: OrgUnit.ID, tally: Tally)]

    public static func == (lhs: PeopleImpact, rhs: PeopleImpact) -> Bool {
        lhs.total == rhs.total && lhs.units.map(\.unit) == rhs.units.map(\.unit) && lhs.units.map(\.tally) == rhs.units.map(\.tally)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(total)
        for entry in units {
            hasher.combine(entry.unit)
            hasher.combine(entry.tally)
        }
    }
}

/// Builds a ``PeopleImpact`` from people streamed one at a time.
public struct PeopleImpactAccumulator: Sendable {
    private var total = PeopleImpact.Tally()
    private var tallies: [OrgUnit.ID: PeopleImpact.Tally] = [:]
    private let order: [OrgUnit.ID]
    private let tree: UnitTree

    /// - Parameter units: the roster's units, for the roll-up and the order of the table.
    public init(units: [OrgUnit]) {
        tree = UnitTree(units: units)
        var order: [OrgUnit.ID] = []
        func visit(_ unit: OrgUnit) {
            order.append(unit.id)
            unit.units.forEach(visit)
        }
        units.forEach(visit)
        self.order = order
    }

    /// Compares a person's evaluations against the old and the new version, counts them and
    /// returns the person's row.
    @discardableResult
    public mutating func add(before: PersonEvaluation, after: PersonEvaluation) -> PeopleImpact.Person {
        let row = PeopleImpact.Person(
            id: before.person, unit: before.unit, position: after.position ?? before.position, before: before.status,
            after: after.status, hoursBefore: before.hours, hoursAfter: after.hours)
        total.add(row)
        if let unit = row.unit {
            for ancestor in tree.lineage(of: unit) { tallies[ancestor, default: PeopleImpact.Tally()].add(row) }
        }
        return row
    }

    /// The counts so far.
    public var impact: PeopleImpact {
        var units = order.compactMap { id in tallies[id].map { (unit: id, tally: $0) } }
        let listed = Set(order)
        for id in tallies.keys.filter({ !listed.contains($0) }).sorted() {
            if let tally = tallies[id] { units.append((unit: id, tally: tally)) }
        }
        return PeopleImpact(total: total, units: units)
    }
}

extension PeopleImpact {
    private static func hours(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }

    /// Hours as `words` writes them; as the JSON writes them when `words` is `nil`.
    private static func hours(_ value: Double, _ words: Localizer?) -> String {
        guard let words else { return hours(value) }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? words.number(Int(rounded)) : words.decimal(rounded, fractionDigits: 2)
    }

    private static func row(_ name: String, _ tally: Tally, _ words: Localizer?) -> String {
        let shown = words ?? .standard()
        return shown.message(
            "diff.people.row",
            [
                "group": name, "people": shown.number(tally.people), "needTraining": shown.number(tally.nowNeedTraining),
                "meet": shown.number(tally.nowMeet), "unsatisfiable": shown.number(tally.becomeUnsatisfiable),
                "satisfiable": shown.number(tally.noLongerUnsatisfiable), "added": hours(tally.hoursAdded, words),
                "saved": hours(tally.hoursSaved, words),
            ])
    }

    /// The groups of the tables: overall, then each unit.
    private func rows(_ words: Localizer) -> [(name: String, tally: Tally)] {
        [(words.message("diff.people.overall"), total)] + units.map { (words.message("diff.people.unit", ["id": $0.unit.rawValue]), $0.tally) }
    }

    private static let columns = ["group", "people", "need-training", "meet", "unsatisfiable", "satisfiable", "added", "saved"]

    private static func cells(_ tally: Tally, _ words: Localizer?) -> [String] {
        let shown = words ?? .standard()
        return [
            shown.number(tally.people), shown.number(tally.nowNeedTraining), shown.number(tally.nowMeet),
            shown.number(tally.becomeUnsatisfiable), shown.number(tally.noLongerUnsatisfiable), hours(tally.hoursAdded, words),
            hours(tally.hoursSaved, words),
        ]
    }

    /// The total and one line per unit, in `words`' language (English when `nil`).
    public func text(_ words: Localizer? = nil) -> String {
        let shown = words ?? .standard()
        return "\n" + shown.message("diff.people.heading") + "\n"
            + rows(shown).map { "  " + Self.row($0.name, $0.tally, words) + "\n" }.joined()
    }

    /// The same, as a Markdown section.
    public func markdown(_ words: Localizer? = nil) -> String {
        let shown = words ?? .standard()
        var out = "\n## \(shown.message("diff.people.heading"))\n\n| "
        out += Self.columns.map { shown.message("diff.people.column.\($0)") }.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: Self.columns.count) + "\n"
        for (name, tally) in rows(shown) {
            out += "| " + ([words == nil ? name : Escaping.markdown(name)] + Self.cells(tally, words)).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The same, as an HTML section.
    public func html(_ words: Localizer? = nil) -> String {
        let shown = words ?? .standard()
        var out = "<h2>\(Escaping.html(shown.message("diff.people.heading")))</h2><table><tr>"
        out += Self.columns.map { "<th>\(Escaping.html(shown.message("diff.people.column.\($0)")))</th>" }.joined() + "</tr>"
        for (name, tally) in rows(shown) {
            out += "<tr>" + ([Escaping.html(name)] + Self.cells(tally, words)).map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        return out + "</table>"
    }

    static func json(_ tally: Tally) -> String {
        "{\"people\":\(tally.people),\"nowNeedTraining\":\(tally.nowNeedTraining),\"nowMeet\":\(tally.nowMeet),"
            + "\"becomeUnsatisfiable\":\(tally.becomeUnsatisfiable),\"noLongerUnsatisfiable\":\(tally.noLongerUnsatisfiable),"
            + "\"hoursAdded\":\(hours(tally.hoursAdded)),\"hoursSaved\":\(hours(tally.hoursSaved))}"
    }

    /// `{"total": {…}, "units": [{"unit": …, …}]}`.
    public func json() -> String {
        let unitRows = units.map { entry in
            "{\"unit\":\(Escaping.json(entry.unit.rawValue)),\"tally\":\(Self.json(entry.tally))}"
        }
        return "{\"total\":\(Self.json(total)),\"units\":[" + unitRows.joined(separator: ",") + "]}"
    }

    /// The header of the per-person CSV.
    public static var csvHeader: String {
        Escaping.csvRecord(["person", "unit", "position", "before", "after", "hours_before", "hours_after"])
    }

    /// One person as a CSV record.
    public static func csv(_ person: Person) -> String {
        Escaping.csvRecord([
            person.id.rawValue, person.unit?.rawValue ?? "", person.position?.rawValue ?? "", person.before.rawValue,
            person.after.rawValue, hours(person.hoursBefore), hours(person.hoursAfter),
        ])
    }

    /// One person as a JSON object.
    public static func json(_ person: Person) -> String {
        "{\"person\":\(Escaping.json(person.id.rawValue)),\"unit\":\(person.unit.map { Escaping.json($0.rawValue) } ?? "null"),"
            + "\"position\":\(person.position.map { Escaping.json($0.rawValue) } ?? "null"),"
            + "\"before\":\(Escaping.json(person.before.rawValue)),\"after\":\(Escaping.json(person.after.rawValue)),"
            + "\"hoursBefore\":\(hours(person.hoursBefore)),\"hoursAfter\":\(hours(person.hoursAfter))}"
    }
}
