import CompetencyModel
import Foundation

/// SplitMix64: small, fast and the same on every platform, so a seed always gives the same people.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// `true` with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func pick<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = below(total)
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }

    /// A date between two dates (days since 2000-01-01 counted naively: 28-day months).
    mutating func date(year: Int, fromMonth: Int, toMonth: Int) -> ISODate {
        let month = fromMonth + below(toMonth - fromMonth + 1)
        return ISODate(year: year, month: month, day: 1 + below(28))!
    }
}

/// Generates people against a framework, shaped like the bundled sample roster
/// (`Scripts/make-sample-roster.py`): positions weighted like the sample's staffing, units of
/// the sample's tree, deputies in committees and delegations, and records drawn from the same
/// cohorts (valid or expired basic certificates, the basic programme completed, partial
/// self-assessments, nothing known), plus records dated after the as-of date and people with
/// unknown extras. Person `n` depends on the seed and on `n` alone.
struct PeopleGenerator: Sendable {
    let seed: UInt64
    let competencies: [Competency.ID]
    let domains: [Domain.ID: [Competency.ID]]
    let levels: [Level.ID]
    let positions: [(Position.ID, Int)]
    let deputyPositions: Set<Position.ID>
    let units: [OrgUnit.ID]
    let deputyUnits: [OrgUnit.ID]
    let modules: [TrainingModule.ID]
    let basicModules: [TrainingModule.ID]

    init(framework: Framework, units tree: [OrgUnit], seed: UInt64) {
        self.seed = seed
        let index = FrameworkIndex(framework)
        competencies = index.allCompetencies.map(\.id)
        var domains: [Domain.ID: [Competency.ID]] = [:]
        for domain in framework.domains { domains[domain.id] = index.competencies(in: domain.id) }
        self.domains = domains
        levels = framework.scales.first?.levels.sorted { $0.rank < $1.rank }.map(\.id) ?? []
        // Weights from the sample's staffing; positions the sample does not staff get 5.
        let weights: [String: Int] = [
            "deputy": 53, "committee-chair": 4, "unit-head": 20, "department-director": 10, "official": 28,
            "senior-official": 17, "civil-servant": 31, "specialist": 19, "legal-drafter": 14, "it-officer": 16,
            "it-security-officer": 5, "records-officer": 10, "communications-officer": 9, "support-staff": 23,
            "intern": 16,
        ]
        positions = framework.positions.map { ($0.id, weights[$0.id.rawValue] ?? 5) }
        deputyPositions = Set(framework.positions.filter { $0.family == "deputy" }.map(\.id))
        var all: [OrgUnit.ID] = []
        func visit(_ unit: OrgUnit) {
            all.append(unit.id)
            unit.units.forEach(visit)
        }
        tree.forEach(visit)
        units = all
        let deputyUnits = all.filter { $0.rawValue.hasPrefix("NA.DEL.") || $0.rawValue.hasPrefix("NA.COM.") }
        self.deputyUnits = deputyUnits.isEmpty ? all : deputyUnits
        modules = framework.modules.map(\.id)
        let basic = framework.modules.map(\.id).filter {
            $0.rawValue == "M-first-steps" || $0.rawValue.hasPrefix("M-basic-")
        }
        basicModules = basic.isEmpty ? Array(modules.prefix(7)) : basic
    }

    func level(_ rank: Int) -> Level.ID { levels[max(0, min(levels.count - 1, rank - 1))] }

    /// The `n`-th person.
    func person(_ n: Int) -> Person {
        var rng = SplitMix64(seed: seed &+ UInt64(n) &* 0x2545_F491_4F6C_DD1D)
        let position = rng.pick(positions)
        let deputy = deputyPositions.contains(position)
        let unit = deputy ? rng.pick(deputyUnits) : rng.pick(units)
        var person = Person(
            id: Person.ID("p\(n)"), unit: unit, position: position,
            name: LocalizedText("Person \(n)", language: ""),
            attributes: [PersonAttribute(name: "deputy", value: deputy ? "true" : "false")])
        if rng.chance(3) { person.attributes.append(PersonAttribute(name: "on-leave", value: "true")) }

        func basicCertificate(valid: Bool) {
            let issued = valid ? rng.date(year: 2025, fromMonth: 5, toMonth: 12) : rng.date(year: 2023, fromMonth: 1, toMonth: 6)
            let expires = ISODate(year: issued.year + 2, month: issued.month, day: issued.day)
            var covers: [Coverage] = []
            for domain in ["D1", "D2", "D4"] {
                for competency in domains[Domain.ID(domain)] ?? [] { covers.append(Coverage(competency: competency, level: level(2))) }
            }
            person.certificates.append(
                Certificate(id: Certificate.ID("cert-\(n)"), kind: "digital-basic", issued: issued, expires: expires, covers: covers))
        }
        func assess(_ competency: Competency.ID, _ rank: Int, after month: Int = 9) {
            let method: Assessment.Method = rng.pick([.self, .test, .observed, .certified])
            person.assessments.append(
                Assessment(competency: competency, level: level(rank), date: rng.date(year: 2025, fromMonth: month, toMonth: 12), method: method))
        }

        let roll = rng.below(100)
        if roll < 11 {
            basicCertificate(valid: true)
            if rng.chance(50) {
                // Already trained beyond the basics in a few competencies.
                for _ in 0..<(1 + rng.below(4)) { assess(rng.pick(competencies), 3 + rng.below(2)) }
            }
        } else if roll < 14 {
            basicCertificate(valid: false)
            assess(rng.pick(competencies), 2, after: 3)
        } else if roll < 28 {
            // The basic programme, and the rest of the position confirmed by tests.
            for module in basicModules {
                person.completions.append(Completion(module: module, date: rng.date(year: 2025, fromMonth: 9, toMonth: 12)))
            }
            for _ in 0..<rng.below(5) { assess(rng.pick(competencies), 2 + rng.below(3)) }
        } else if roll < 72 {
            // Partly on the way: some self-assessments, a test or two, a few modules.
            for _ in 0..<(1 + rng.below(6)) { assess(rng.pick(competencies), 1 + rng.below(3)) }
            if rng.chance(35) {
                // An optimistic self-assessment, later corrected by a test: the latest counts.
                let competency = rng.pick(competencies)
                person.assessments.append(
                    Assessment(competency: competency, level: level(3), date: ISODate(year: 2025, month: 6, day: 20), method: .self))
                assess(competency, 1 + rng.below(2))
            }
            if rng.chance(30) {
                person.completions.append(Completion(module: rng.pick(modules), date: rng.date(year: 2025, fromMonth: 1, toMonth: 12)))
            }
        }
        // else: nothing known.
        if rng.chance(2) {
            // A record dated after the as-of date: ignored.
            person.completions.append(Completion(module: rng.pick(modules), date: ISODate(year: 2026, month: 6, day: 1)))
        }
        return person
    }

    func people(_ range: Range<Int>) -> [Person] { range.map(person) }
}
