@testable import CompetencyAssignment
import CompetencyModel
import CompetencyTestSupport
import Foundation
import Testing

/// The memoised path (requirement profiles, gap outcomes, shape memo) must give exactly the
/// results of the reference path, which evaluates every person alone with no memo at all.
/// Randomised frameworks and people (fixed seeds) cover every predicate, unknown references,
/// dates on either side of the as-of date, prerequisite cycles, unusable hours and ties.
@Suite struct MemoisationTests {
    static let scales = [
        Scale(id: "proficiency", levels: (1...6).map { Level(id: Level.ID("L\($0)"), rank: $0) }),
        Scale(id: "coarse", levels: [Level(id: "X1", rank: 1), Level(id: "X2", rank: 3), Level(id: "X3", rank: 5)]),
    ]
    static let domains: [Domain] = [
        Domain(id: "D1", competencies: [
            Competency(id: "C1.1"), Competency(id: "C1.2", children: [Competency(id: "C1.2.a")]),
            Competency(id: "C1.3", levels: ["L3", "L4", "L5"]),
        ]),
        Domain(id: "D2", competencies: [Competency(id: "C2.1"), Competency(id: "C2.2"), Competency(id: "C2.3")]),
        Domain(id: "D3", competencies: [Competency(id: "C3.1", scale: "coarse"), Competency(id: "C3.2")]),
        Domain(id: "D4", competencies: [Competency(id: "C4.1"), Competency(id: "C4.2")]),
    ]
    static let competencies: [Competency.ID] = ["C1.1", "C1.2", "C1.2.a", "C1.3", "C2.1", "C2.2", "C2.3", "C3.1", "C3.2", "C4.1", "C4.2"]
    static let units = [
        OrgUnit(id: "NA", units: [
            OrgUnit(id: "NA.OFFICE", units: [OrgUnit(id: "NA.OFFICE.IT"), OrgUnit(id: "NA.OFFICE.LAW")]),
            OrgUnit(id: "NA.COM", units: [OrgUnit(id: "NA.COM.ECON")]),
        ])
    ]
    static let unitIDs: [OrgUnit.ID] = ["NA", "NA.OFFICE", "NA.OFFICE.IT", "NA.OFFICE.LAW", "NA.COM", "NA.COM.ECON", "ELSEWHERE"]

    static func level(_ rng: inout SeededGenerator, for competency: Competency.ID) -> Level.ID {
        if rng.chance(3) { return "L9" }  // not on any scale
        if competency == "C3.1" { return rng.pick(["X1", "X2", "X3"]) }
        return Level.ID("L\(1 + rng.below(6))")
    }

    static func competency(_ rng: inout SeededGenerator) -> Competency.ID {
        rng.chance(3) ? "C-unknown" : rng.pick(competencies)
    }

    static func predicate(_ rng: inout SeededGenerator, depth: Int, positions: [Position.ID]) -> RulePredicate {
        let roll = rng.below(depth > 2 ? 7 : 11)
        switch roll {
        case 0: return .always
        case 1: return .position(rng.chance(10) ? "P-ghost" : rng.pick(positions))
        case 2: return .positionFamily(rng.pick(["deputy", "staff", "it"]))
        case 3: return .unit(rng.pick(unitIDs), descendants: rng.chance(50))
        case 4: return .attribute(name: rng.pick(["deputy", "on-leave"]), value: rng.pick(["true", "false"]))
        case 5: return .certificate(kind: rng.pick(["basic", "security"]))
        case 6:
            let competency = competency(&rng)
            return .level(competency: competency, atLeast: level(&rng, for: competency))
        case 7: return .all((0..<rng.below(3)).map { _ in predicate(&rng, depth: depth + 1, positions: positions) })
        case 8: return .any((0..<rng.below(3)).map { _ in predicate(&rng, depth: depth + 1, positions: positions) })
        case 9: return .not(predicate(&rng, depth: depth + 1, positions: positions))
        default: return .annotated(predicate(&rng, depth: depth + 1, positions: positions), .none)
        }
    }

    static func requirement(_ rng: inout SeededGenerator) -> Requirement {
        let by: ISODate? = rng.chance(30) ? nil : rng.date()
        if rng.chance(25) {
            return Requirement(.domain(rng.pick(["D1", "D2", "D3", "D4"])), level: Level.ID("L\(2 + rng.below(3))"), by: by)
        }
        let competency = competency(&rng)
        return Requirement(.competency(competency), level: level(&rng, for: competency), by: by)
    }

    static func framework(seed: UInt64, allUsable: Bool = false) -> Framework {
        var rng = SeededGenerator(seed: seed)
        let positionIDs: [Position.ID] = (0..<6).map { Position.ID("P\($0)") }
        let positions = positionIDs.enumerated().map { offset, id in
            Position(
                id: id, family: rng.pick(["deputy", "staff", "it"]),
                extends: offset > 0 && rng.chance(50) ? positionIDs[rng.below(offset)] : nil,
                requirements: (0..<rng.below(4)).map { _ in requirement(&rng) })
        }
        let moduleIDs = (0..<(6 + rng.below(10))).map { TrainingModule.ID(String(format: "M%02d", $0)) }
        let modules = moduleIDs.map { id in
            var hours: Double = rng.chance(3) ? -1 : (rng.chance(2) ? .nan : Double(rng.pick([1, 2, 2, 3, 4, 4, 6, 8])))
            if allUsable && !(hours >= 0) { hours = 2 }
            return TrainingModule(
                id: id, hours: hours,
                teaches: (0..<(1 + rng.below(3))).map { _ in
                    let competency = competency(&rng)
                    return Teaching(competency: competency, level: level(&rng, for: competency))
                },
                prerequisites: rng.chance(35) ? [Prerequisite(module: rng.chance(10) ? "M-ghost" : rng.pick(moduleIDs))] : [])
        }
        let rules = (0..<(2 + rng.below(6))).map { offset in
            AssignmentRule(
                id: AssignmentRule.ID("R\(offset)"), priority: rng.chance(30) ? nil : rng.below(5),
                effective: rng.chance(30) ? rng.date() : nil, expires: rng.chance(20) ? rng.date() : nil,
                appliesTo: predicate(&rng, depth: 0, positions: positionIDs),
                requirements: (0..<(1 + rng.below(3))).map { _ in requirement(&rng) },
                exemptIf: rng.chance(40) ? predicate(&rng, depth: 1, positions: positionIDs) : nil)
        }
        return Framework(
            id: "random", version: "1", scales: scales, domains: domains, positions: positions, modules: modules,
            rules: rules)
    }

    static func person(_ rng: inout SeededGenerator, _ n: Int, framework: Framework) -> Person {
        let positions = framework.positions.map(\.id)
        let modules = framework.modules.map(\.id)
        var person = Person(
            id: Person.ID("p\(n)"),
            unit: rng.chance(5) ? nil : rng.pick(unitIDs),
            position: rng.chance(5) ? nil : (rng.chance(3) ? "P-ghost" : rng.pick(positions)))
        for name in ["deputy", "on-leave"] where rng.chance(40) {
            person.attributes.append(PersonAttribute(name: name, value: rng.pick(["true", "false"])))
        }
        for _ in 0..<rng.below(6) {
            let competency = competency(&rng)
            person.assessments.append(
                Assessment(competency: competency, level: level(&rng, for: competency), date: rng.maybeDate()))
        }
        for _ in 0..<rng.below(3) {
            person.certificates.append(
                Certificate(
                    id: rng.chance(50) ? Certificate.ID("c\(n)") : nil, kind: rng.pick(["basic", "security"]),
                    issued: rng.maybeDate(), expires: rng.chance(40) ? nil : rng.date(),
                    covers: (0..<rng.below(4)).map { _ in
                        let competency = competency(&rng)
                        return Coverage(competency: competency, level: level(&rng, for: competency))
                    }))
        }
        for _ in 0..<rng.below(4) {
            person.completions.append(
                Completion(module: rng.chance(5) ? "M-ghost" : rng.pick(modules), date: rng.maybeDate()))
        }
        return person
    }

    /// People drawn from a few archetypes, so that profiles and gaps repeat as on real rosters.
    static func people(seed: UInt64, count: Int, framework: Framework) -> [Person] {
        var rng = SeededGenerator(seed: seed ^ 0xABCD)
        let archetypes = (0..<40).map { person(&rng, $0, framework: framework) }
        return (0..<count).map { n in
            if rng.chance(60) {
                var copy = rng.pick(archetypes)
                copy.id = Person.ID("p\(n)")
                return copy
            }
            return person(&rng, n, framework: framework)
        }
    }

    static func reference(_ assigner: Assigner, _ person: Person) -> PersonEvaluation {
        var memo = SelectionMemo(capacity: 0)
        return assigner.referenceEvaluate(person, memo: &memo)
    }

    @Test(arguments: 0..<40)
    func memoisedEvaluationsAndPlansMatchTheReference(seed: Int) async throws {
        // Even seeds: every module usable, so selection runs on module masks.
        let framework = Self.framework(seed: UInt64(seed) &* 7919 &+ 17, allUsable: seed % 2 == 0)
        let asOf = ISODate(year: 2026, month: 1, day: 15)!
        let assigner = Assigner(framework: FrameworkIndex(framework), units: UnitTree(units: Self.units), asOf: asOf)
        #expect(assigner.compiled != nil)
        if seed % 2 == 0 { #expect(assigner.compiled?.masksSelection == true) }
        let people = Self.people(seed: UInt64(seed), count: 300, framework: framework)
        let expected = people.map { Self.reference(assigner, $0) }

        #expect(assigner.evaluations(for: people) == expected)
        #expect(assigner.plans(for: people) == expected.map(\.plan))
        #expect(people.map(assigner.evaluate) == expected)
        #expect(people.map(assigner.plan(for:)) == expected.map(\.plan))
        #expect(await assigner.plans(for: people, concurrency: 3) == expected.map(\.plan))
        // The pipeline the tool streams rosters through: any number of workers and any batch
        // size give the reference evaluations, in submission order.
        for (workers, batchSize) in [(1, 128), (2, 1), (2, 7), (3, 64)] {
            let pipeline = EvaluationPipeline(assigner: assigner, workers: workers, batchSize: batchSize) { $0 }
            var delivered: [PersonEvaluation] = []
            for person in people { pipeline.submit(person) { delivered.append($0) } }
            pipeline.finish { delivered.append($0) }
            #expect(delivered == expected, "workers \(workers), batch size \(batchSize)")
        }

        // A tiny memo is cleared again and again.
        let small = Assigner(
            framework: FrameworkIndex(framework), units: UnitTree(units: Self.units), asOf: asOf,
            options: .init(memoCapacity: 5))
        #expect(small.plans(for: people) == expected.map(\.plan))
        var session = AssignmentSession(assigner: small)
        #expect(people.map { session.evaluate($0) } == expected)
        // So is one whose byte budget (a few kilobytes) runs out first.
        let lean = Assigner(
            framework: FrameworkIndex(framework), units: UnitTree(units: Self.units), asOf: asOf,
            options: .init(memoBytes: 4_096))
        var leanSession = AssignmentSession(assigner: lean)
        #expect(people.map { leanSession.evaluate($0) } == expected)
        #expect(leanSession.memoBytes <= 4_096 + 8_192, "a memo past its budget is cleared at the next entry")
        #expect(await lean.plans(for: people, concurrency: 2) == expected.map(\.plan))

        // Streaming.
        let stream = AsyncStream<Person> { continuation in
            for person in people { continuation.yield(person) }
            continuation.finish()
        }
        var streamed: [PersonPlan] = []
        for try await plan in assigner.plans(for: stream) { streamed.append(plan) }
        #expect(streamed == expected.map(\.plan))
    }

    @Test func instancesAreNotTrivial() {
        var statuses: Set<PersonPlan.Status> = []
        var attainedNeeds = 0
        var assigned = 0
        let asOf = ISODate(year: 2026, month: 1, day: 15)!
        for seed in 0..<40 {
            let framework = Self.framework(seed: UInt64(seed) &* 7919 &+ 17, allUsable: seed % 2 == 0)
            let assigner = Assigner(framework: FrameworkIndex(framework), units: UnitTree(units: Self.units), asOf: asOf)
            for person in Self.people(seed: UInt64(seed), count: 300, framework: framework) {
                let evaluation = Self.reference(assigner, person)
                statuses.insert(evaluation.status)
                if evaluation.plan.needs.contains(where: { $0.attained != nil }) { attainedNeeds += 1 }
                if !evaluation.assignments.isEmpty { assigned += 1 }
            }
        }
        #expect(statuses.count == PersonPlan.Status.allCases.count)
        #expect(attainedNeeds > 100)
        #expect(assigned > 1_000)
    }

    @Test func profilesAndGapsAreShared() {
        let framework = Self.framework(seed: 99)
        let asOf = ISODate(year: 2026, month: 1, day: 15)!
        let assigner = Assigner(framework: FrameworkIndex(framework), units: UnitTree(units: Self.units), asOf: asOf)
        let people = Self.people(seed: 99, count: 2_000, framework: framework)
        var memo = SelectionMemo(capacity: 50_000)
        for person in people { _ = assigner.plan(person, memo: &memo) }
        // Far fewer profiles and gaps than people.
        #expect(memo.profiles.count < 400)
        #expect(memo.gaps.count < 1_000)
    }

    @Test func frameworksPastTheLimitsTakeTheReferencePath() {
        // 40 rules is past the compact rule signature: every person takes the reference path.
        var framework = Self.framework(seed: 5)
        framework.rules = (0..<40).map { offset in
            AssignmentRule(
                id: AssignmentRule.ID("R\(offset)"), appliesTo: .attribute(name: "deputy", value: "true"),
                requirements: [Requirement(.competency("C2.1"), level: Level.ID("L\(1 + offset % 6)"))])
        }
        let asOf = ISODate(year: 2026, month: 1, day: 15)!
        let assigner = Assigner(framework: FrameworkIndex(framework), units: UnitTree(units: Self.units), asOf: asOf)
        #expect(assigner.compiled == nil)
        let people = Self.people(seed: 5, count: 100, framework: framework)
        #expect(assigner.plans(for: people) == people.map { Self.reference(assigner, $0).plan })
    }
}

extension SeededGenerator {
    /// A date in 2025 or 2026.
    mutating func date() -> ISODate {
        ISODate(year: 2025 + below(2), month: 1 + below(12), day: 1 + below(28))!
    }

    /// A date, or now and then none.
    mutating func maybeDate() -> ISODate? { chance(15) ? nil : date() }
}
