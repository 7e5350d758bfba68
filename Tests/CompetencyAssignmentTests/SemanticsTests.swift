import CompetencyAssignment
import CompetencyModel
import Foundation
import Testing

private typealias S = Sample

@Suite struct RequirementTests {
    @Test func inheritsRequirementsThroughExtends() {
        let framework = S.framework(
            positions: [
                Position(id: "official", requirements: [S.requirement("C1.1", "L2")]),
                Position(id: "it-officer", extends: "official", requirements: [S.requirement("C2.1", "L3")]),
            ],
            modules: [
                S.module("M-a", 2, teaches: [("C1.1", "L2")]), S.module("M-b", 4, teaches: [("C2.1", "L3")]),
            ])
        let plan = S.assigner(framework).plan(for: Person(id: "p1", position: "it-officer"))
        #expect(
            plan
                == PersonPlan(
                    person: "p1", status: .needsTraining,
                    needs: [
                        Need(
                            competency: "C1.1", required: "L2", because: [.position("official")],
                            levelSetBy: .position("official")),
                        Need(
                            competency: "C2.1", required: "L3", because: [.position("it-officer")],
                            levelSetBy: .position("it-officer")),
                    ],
                    assignments: [
                        ModuleAssignment(module: "M-a", order: 1, closes: ["C1.1"]),
                        ModuleAssignment(module: "M-b", order: 2, closes: ["C2.1"]),
                    ]))
    }

    @Test func expandsDomainToNestedCompetenciesWhereTheLevelIsDefined() {
        let rule = AssignmentRule(
            id: "R", requirements: [Requirement(.domain("D1"), level: "L3", by: S.date("2026-12-31"))])
        let framework = S.framework(rules: [rule])
        let evaluation = S.assigner(framework).evaluate(Person(id: "p1"))
        // C1.3 is defined at L3 and L4 only; C1.2.a is nested under C1.2.
        #expect(evaluation.needs.map(\.competency) == ["C1.1", "C1.2", "C1.2.a", "C1.3"])
        let atL1 = S.framework(rules: [AssignmentRule(id: "R", requirements: [Requirement(.domain("D1"), level: "L1")])])
        #expect(S.assigner(atL1).evaluate(Person(id: "p1")).needs.map(\.competency) == ["C1.1", "C1.2", "C1.2.a"])
        #expect(evaluation.status == .unsatisfiable)
        #expect(evaluation.unmet.map(\.reason) == [.noModule, .noModule, .noModule, .noModule])
    }

    @Test func mergesHighestLevelEarliestDeadlineAndEverySource() {
        let framework = S.framework(
            positions: [
                Position(id: "official", requirements: [S.requirement("C1.1", "L3", by: "2027-06-30")]),
                Position(id: "chief", extends: "official", requirements: [S.requirement("C1.1", "L1")]),
            ],
            modules: [S.module("M", 1, teaches: [("C1.1", "L4")])],
            rules: [
                AssignmentRule(id: "R-low", priority: 1, requirements: [S.requirement("C1.1", "L2", by: "2026-12-31")]),
                AssignmentRule(id: "R-high", priority: 9, requirements: [S.requirement("C1.1", "L2")]),
            ])
        let needs = S.assigner(framework).plan(for: Person(id: "p", position: "chief")).needs
        #expect(
            needs == [
                Need(
                    competency: "C1.1", required: "L3", by: S.date("2026-12-31"),
                    because: [.rule("R-high"), .rule("R-low"), .position("chief"), .position("official")],
                    levelSetBy: .position("official"), deadlineSetBy: .rule("R-low"))
            ])
    }

    @Test func ignoresRuleOutsideItsWindow() {
        let requirement = S.requirement("C1.1", "L2")
        let framework = S.framework(
            modules: [S.module("M", 1, teaches: [("C1.1", "L2")])],
            rules: [
                AssignmentRule(id: "R-later", effective: S.date("2026-01-16"), requirements: [requirement]),
                AssignmentRule(id: "R-over", expires: S.date("2026-01-14"), requirements: [requirement]),
                AssignmentRule(
                    id: "R-edges", effective: S.date("2026-01-15"), expires: S.date("2026-01-15"),
                    requirements: [S.requirement("C2.1", "L1")]),
            ])
        let evaluation = S.assigner(framework).evaluate(Person(id: "p"))
        #expect(evaluation.rules == [RuleOutcome(rule: "R-edges", released: false)])
        #expect(evaluation.needs.map(\.competency) == ["C2.1"])
    }
}

@Suite struct PredicateTests {
    let framework = S.framework(positions: [
        Position(id: "official", family: "civil-servant"), Position(id: "it-officer", extends: "official"),
    ])

    @Test func unitMatchesDescendantsOnlyWhenAsked() {
        let assigner = S.assigner(framework)
        let person = Person(id: "p", unit: "NA.OFFICE.IT")
        #expect(assigner.holds(.unit("NA", descendants: true), for: person))
        #expect(!assigner.holds(.unit("NA", descendants: false), for: person))
        #expect(assigner.holds(.unit("NA.OFFICE.IT", descendants: false), for: person))
        #expect(!assigner.holds(.unit("NA.COMM", descendants: true), for: person))
    }

    @Test func positionMatchesPositionsThatExtendIt() {
        let assigner = S.assigner(framework)
        let person = Person(id: "p", position: "it-officer")
        #expect(assigner.holds(.position("official"), for: person))
        #expect(!assigner.holds(.position("it-officer"), for: Person(id: "q", position: "official")))
        #expect(assigner.holds(.positionFamily("civil-servant"), for: Person(id: "q", position: "official")))
    }

    @Test func certificateHoldsOnlyInsideItsValidityWindow() {
        let assigner = S.assigner(framework)
        func holder(_ issued: String, _ expires: String?) -> Person {
            Person(
                id: "p",
                certificates: [Certificate(kind: "digital-basic", issued: S.date(issued), expires: expires.map(S.date))])
        }
        #expect(assigner.holds(.certificate(kind: "digital-basic"), for: holder("2026-01-15", "2026-01-15")))
        #expect(assigner.holds(.certificate(kind: "digital-basic"), for: holder("2020-01-01", nil)))
        #expect(!assigner.holds(.certificate(kind: "digital-basic"), for: holder("2024-01-01", "2026-01-14")))
        #expect(!assigner.holds(.certificate(kind: "digital-basic"), for: holder("2026-01-16", nil)))
        #expect(!assigner.holds(.certificate(kind: "other"), for: holder("2020-01-01", nil)))
    }

    @Test func combinatorsAttributesLevelsAndAnnotations() {
        let assigner = S.assigner(framework)
        let person = Person(
            id: "p", attributes: [PersonAttribute(name: "deputy", value: "true")],
            assessments: [Assessment(competency: "C1.1", level: "L3", date: S.date("2025-10-01"))])
        #expect(assigner.holds(.attribute(name: "deputy", value: "true"), for: person))
        #expect(!assigner.holds(.attribute(name: "deputy", value: "false"), for: person))
        #expect(assigner.holds(.level(competency: "C1.1", atLeast: "L3"), for: person))
        #expect(!assigner.holds(.level(competency: "C1.1", atLeast: "L4"), for: person))
        #expect(!assigner.holds(.level(competency: "C2.1", atLeast: "L1"), for: person))
        #expect(assigner.holds(.all([]), for: person))
        #expect(!assigner.holds(.any([]), for: person))
        #expect(!assigner.holds(.not(.any([.always])), for: person))
        #expect(assigner.holds(.annotated(.always, .none), for: person))
        #expect(!assigner.holds(.annotated(.not(.always), .none), for: person))
    }
}

@Suite struct AttainmentTests {
    let framework = S.framework(
        positions: [Position(id: "official", requirements: [S.requirement("C1.1", "L3")])],
        modules: [
            S.module("M-1", 3, teaches: [("C1.1", "L3")]), S.module("M-old", 1, teaches: [("C1.1", "L2")]),
        ])

    @Test func latestAssessmentCountsNotTheHighest() {
        let person = Person(
            id: "p", position: "official",
            assessments: [
                Assessment(competency: "C1.1", level: "L5", date: S.date("2024-01-01")),
                Assessment(competency: "C1.1", level: "L1", date: S.date("2025-06-01")),
                Assessment(competency: "C1.1", level: "L8", date: S.date("2026-02-01")),  // after as-of
            ])
        let evaluation = S.assigner(framework).evaluate(person)
        #expect(
            evaluation.needs == [
                Need(
                    competency: "C1.1", attained: "L1", required: "L3", because: [.position("official")],
                    levelSetBy: .position("official"))
            ])
        #expect(evaluation.requirements.first?.attained?.source == .assessment(person.assessments[1]))
    }

    @Test func expiredCertificateDoesNotCountButValidOneDoes() {
        let expired = Certificate(
            id: "c1", kind: "k", issued: S.date("2023-01-01"), expires: S.date("2026-01-14"),
            covers: [Coverage(competency: "C1.1", level: "L4")])
        var valid = expired
        valid.id = "c2"
        valid.expires = S.date("2026-01-15")
        let assigner = S.assigner(framework)
        #expect(assigner.plan(for: Person(id: "p", position: "official", certificates: [expired])).status == .needsTraining)
        let evaluation = assigner.evaluate(Person(id: "p", position: "official", certificates: [expired, valid]))
        #expect(evaluation.status == .compliant)
        #expect(evaluation.requirements.first?.attained?.source == .certificate(id: "c2", kind: "k"))
    }

    @Test func completedModuleTeachesCount() {
        let person = Person(
            id: "p", position: "official", assessments: [Assessment(competency: "C1.1", level: "L4", date: S.date("2020-01-01"))],
            completions: [Completion(module: "M-old", date: S.date("2025-01-01"))])
        let evaluation = S.assigner(framework).evaluate(person)
        #expect(evaluation.requirements.first?.attained?.level == "L4")
        let trained = Person(id: "q", position: "official", completions: [Completion(module: "M-1")])
        let outcome = S.assigner(framework).evaluate(trained)
        #expect(outcome.status == .compliant)
        #expect(outcome.requirements.first?.attained?.source == .module("M-1"))
    }
}

@Suite struct StatusTests {
    let exemptRule = AssignmentRule(
        id: "R", appliesTo: .always, requirements: [S.requirement("C1.1", "L2")],
        exemptIf: .certificate(kind: "digital-basic"))
    let certificate = Certificate(kind: "digital-basic", issued: S.date("2025-01-01"))

    @Test func exemptWhenEveryRuleReleasesAndPositionRequiresNothing() {
        let framework = S.framework(
            positions: [Position(id: "clerk"), Position(id: "official", requirements: [S.requirement("C2.1", "L1")])],
            rules: [exemptRule])
        let assigner = S.assigner(framework)
        let exempt = assigner.evaluate(Person(id: "p", position: "clerk", certificates: [certificate]))
        #expect(exempt.status == .exempt)
        #expect(
            exempt.rules == [
                RuleOutcome(
                    rule: "R", released: true,
                    releasedBy: [
                        ExemptionMatch(
                            condition: .certificate(kind: "digital-basic"),
                            certificate: HeldCertificate(kind: "digital-basic", issued: S.date("2025-01-01")))
                    ])
            ])
        #expect(exempt.needs.isEmpty)
        // A position that requires something (met or not) is never exempt.
        let official = Person(
            id: "q", position: "official", assessments: [Assessment(competency: "C2.1", level: "L1")],
            certificates: [certificate])
        #expect(assigner.plan(for: official).status == .compliant)
        // Selected by no rule: compliant, not exempt.
        let noRules = S.assigner(S.framework(positions: [Position(id: "clerk")]))
        #expect(noRules.plan(for: Person(id: "r", position: "clerk")).status == .compliant)
    }

    @Test func everyStatus() {
        let framework = S.framework(
            positions: [Position(id: "o", requirements: [S.requirement("C1.1", "L2"), S.requirement("C3.1", "L1")])],
            modules: [S.module("M", 2, teaches: [("C1.1", "L2")])])
        let assigner = S.assigner(framework)
        let unsatisfiable = assigner.plan(for: Person(id: "a", position: "o"))
        #expect(unsatisfiable.status == .unsatisfiable)
        #expect(unsatisfiable.assignments == [ModuleAssignment(module: "M", order: 1, closes: ["C1.1"])])
        #expect(unsatisfiable.unmet == [UnmetNeed(competency: "C3.1", required: "L1", reason: .noModule)])
        let needsTraining = assigner.plan(
            for: Person(id: "b", position: "o", assessments: [Assessment(competency: "C3.1", level: "L1")]))
        #expect(needsTraining.status == .needsTraining)
        let compliant = assigner.plan(
            for: Person(
                id: "c", position: "o",
                assessments: [Assessment(competency: "C3.1", level: "L1"), Assessment(competency: "C1.1", level: "L2")]))
        #expect(compliant == PersonPlan(person: "c", status: .compliant))
    }
}

@Suite struct SelectionTests {
    func needs(_ pairs: [(String, String)], by: String? = nil) -> Position {
        Position(id: "o", requirements: pairs.map { S.requirement($0.0, $0.1, by: by) })
    }

    @Test func pullsPrerequisitesInAndPrefersCheapestTotal() {
        let framework = S.framework(
            positions: [needs([("C1.1", "L2"), ("C2.1", "L2")])],
            modules: [
                S.module("M-big", 10, teaches: [("C1.1", "L3"), ("C2.1", "L3")]),
                S.module("M-small", 3, teaches: [("C1.1", "L2")], prerequisites: ["M-pre"]),
                S.module("M-pre", 4, teaches: [("C3.1", "L1")]),
                S.module("M-b", 2, teaches: [("C2.1", "L2")]),
            ])
        let assigner = S.assigner(framework)
        let fresh = assigner.evaluate(Person(id: "p", position: "o"))
        // Prerequisites first, then (no deadlines) the framework's module order.
        #expect(fresh.assignments.map(\.module) == ["M-pre", "M-small", "M-b"])
        #expect(fresh.hours == 9)
        // A completed prerequisite is not taken again.
        let completed = assigner.evaluate(Person(id: "p", position: "o", completions: [Completion(module: "M-pre")]))
        #expect(completed.assignments.map(\.module) == ["M-small", "M-b"])
        // Nor is one whose every taught level is already attained.
        let attained = assigner.evaluate(
            Person(id: "p", position: "o", assessments: [Assessment(competency: "C3.1", level: "L2")]))
        #expect(attained.assignments.map(\.module) == ["M-small", "M-b"])
        #expect(attained.hours == 5)
    }

    @Test func prerequisiteChainsAreOrderedFirst() {
        let framework = S.framework(
            positions: [needs([("C1.1", "L4")])],
            modules: [
                S.module("A-top", 1, teaches: [("C1.1", "L4")], prerequisites: ["Z-mid"]),
                S.module("Z-mid", 1, teaches: [("C1.1", "L2")], prerequisites: ["B-base"]),
                S.module("B-base", 1, teaches: [("C1.1", "L1")]),
            ])
        let plan = S.assigner(framework).plan(for: Person(id: "p", position: "o"))
        #expect(plan.assignments.map(\.module) == ["B-base", "Z-mid", "A-top"])
        #expect(plan.assignments.map(\.order) == [1, 2, 3])
    }

    @Test func tiesGoToFewerModulesThenSmallerIDs() {
        let framework = S.framework(
            positions: [needs([("C1.1", "L2"), ("C2.1", "L2")])],
            modules: [
                S.module("M-y", 2, teaches: [("C1.1", "L2")]), S.module("M-z", 2, teaches: [("C2.1", "L2")]),
                S.module("M-x", 4, teaches: [("C1.1", "L2"), ("C2.1", "L2")]),
                S.module("M-w", 4, teaches: [("C1.1", "L2"), ("C2.1", "L2")]),
            ])
        #expect(S.assigner(framework).plan(for: Person(id: "p", position: "o")).assignments.map(\.module) == ["M-w"])
        let sameCount = S.framework(
            positions: [needs([("C1.1", "L2"), ("C2.1", "L2")])],
            modules: [
                S.module("B", 2, teaches: [("C1.1", "L2")]), S.module("C", 2, teaches: [("C2.1", "L2")]),
                S.module("A", 2, teaches: [("C1.1", "L2")]), S.module("D", 2, teaches: [("C2.1", "L2")]),
            ])
        // The selection is {A, C} by ID; the order is the framework's (C is defined before A).
        #expect(S.assigner(sameCount).plan(for: Person(id: "p", position: "o")).assignments.map(\.module) == ["C", "A"])
    }

    @Test func ordersByEarliestDeadlineServedThenID() {
        let framework = S.framework(
            positions: [
                Position(
                    id: "o",
                    requirements: [
                        S.requirement("C1.1", "L2", by: "2027-01-01"), S.requirement("C2.1", "L2", by: "2026-06-30"),
                        S.requirement("C2.2", "L2"), S.requirement("C3.1", "L2", by: "2027-01-01"),
                    ])
            ],
            modules: [
                S.module("M-a", 1, teaches: [("C1.1", "L2")]), S.module("M-b", 1, teaches: [("C2.1", "L2")], prerequisites: ["M-z"]),
                S.module("M-c", 1, teaches: [("C2.2", "L2")]), S.module("M-d", 1, teaches: [("C3.1", "L2")]),
                S.module("M-z", 1, teaches: [("C1.3", "L3")]),
            ])
        let plan = S.assigner(framework).plan(for: Person(id: "p", position: "o"))
        #expect(plan.assignments.map(\.module) == ["M-z", "M-b", "M-a", "M-d", "M-c"])
    }

    @Test func plansTheRestWhenSomeNeedHasNoModule() {
        let framework = S.framework(
            positions: [needs([("C1.1", "L5"), ("C2.1", "L1")])],
            modules: [S.module("M-low", 1, teaches: [("C1.1", "L4")]), S.module("M-2", 1, teaches: [("C2.1", "L1")])])
        let plan = S.assigner(framework).plan(for: Person(id: "p", position: "o"))
        #expect(plan.status == .unsatisfiable)
        // Partial progress: M-low takes the person as far as the offer allows (L4 of L5).
        #expect(plan.assignments.map(\.module) == ["M-low", "M-2"])
        #expect(plan.assignments.map(\.closes) == [["C1.1"], ["C2.1"]])
        #expect(plan.unmet == [UnmetNeed(competency: "C1.1", required: "L5", reached: "L4", reason: .noModule)])
        #expect(plan.needs.count == 2)
        // Already at L4: nothing on offer raises the person, so nothing is assigned for C1.1.
        let atL4 = S.assigner(framework).plan(
            for: Person(id: "q", position: "o", assessments: [Assessment(competency: "C1.1", level: "L4")]))
        #expect(atL4.assignments.map(\.module) == ["M-2"])
        #expect(atL4.unmet == [UnmetNeed(competency: "C1.1", required: "L5", reached: nil, reason: .noModule)])
    }

    @Test func plansAreDeterministicAcrossRunsAndAPIs() async throws {
        let framework = S.framework(
            positions: [needs([("C1.1", "L2"), ("C2.1", "L3"), ("C3.1", "L1")])],
            modules: [
                S.module("M1", 2, teaches: [("C1.1", "L2"), ("C2.1", "L1")]), S.module("M2", 2, teaches: [("C2.1", "L3")]),
                S.module("M3", 2, teaches: [("C2.1", "L3"), ("C3.1", "L1")]), S.module("M4", 2, teaches: [("C3.1", "L4")]),
            ])
        let people = (0..<50).map { index in
            Person(
                id: Person.ID("p\(index)"), position: "o",
                assessments: index % 3 == 0 ? [Assessment(competency: "C2.1", level: "L3")] : [])
        }
        let assigner = S.assigner(framework)
        let array = assigner.plans(for: people)
        #expect(array == people.map { assigner.plan(for: $0) })
        var session = AssignmentSession(assigner: assigner)
        #expect(array == people.map { session.evaluate($0).plan })
        let concurrent = await assigner.plans(for: people, concurrency: 4)
        #expect(concurrent == array)
        func stream() -> AsyncStream<Person> {
            AsyncStream { continuation in
                for person in people { continuation.yield(person) }
                continuation.finish()
            }
        }
        let plans: PlanSequence<AsyncStream<Person>> = assigner.plans(for: stream())
        var streamed: [PersonPlan] = []
        for try await plan in plans { streamed.append(plan) }
        #expect(streamed == array)
        let evaluations: EvaluationSequence<AsyncStream<Person>> = assigner.evaluations(for: stream())
        var evaluated: [PersonPlan] = []
        for try await evaluation in evaluations { evaluated.append(evaluation.plan) }
        #expect(evaluated == array)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(array) == encoder.encode(S.assigner(framework).plans(for: people)))
    }
}
