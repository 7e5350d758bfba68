import CompetencyAssignment
import CompetencyModel
import CompetencyTestSupport
import Foundation
import Testing

/// Cross-checks module selection against exhaustive enumeration on small random instances.
@Suite struct OptimalityTests {
    static let competencies = ["C1.1", "C1.2", "C1.2.a", "C2.1", "C2.2", "C3.1"]
    static let hourChoices: [Double] = [0.5, 1, 2, 2, 3, 4, 4, 6]

    struct Instance {
        var framework: Framework
        var person: Person
    }

    static func rank(_ level: Level.ID) -> Int { Int(level.rawValue.dropFirst()) ?? 0 }

    static func instance(_ random: inout SeededGenerator, maxModules: Int) -> Instance {
        let moduleCount = Int.random(in: 3...maxModules, using: &random)
        var modules: [TrainingModule] = []
        for index in 0..<moduleCount {
            let teaches = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                (competencies.randomElement(using: &random) ?? "C1.1", "L\(Int.random(in: 1...6, using: &random))")
            }
            let prerequisites = (0..<moduleCount).filter { $0 != index && Int.random(in: 0..<100, using: &random) < 12 }
            modules.append(
                Sample.module(
                    "M\(String(format: "%02d", (index * 7) % moduleCount))-\(index)",
                    hourChoices.randomElement(using: &random) ?? 1, teaches: teaches,
                    prerequisites: prerequisites.map { "M\(String(format: "%02d", ($0 * 7) % moduleCount))-\($0)" }))
        }
        let required = competencies.shuffled(using: &random).prefix(Int.random(in: 1...5, using: &random))
        let position = Position(
            id: "o", requirements: required.map { Sample.requirement($0, "L\(Int.random(in: 1...6, using: &random))") })
        let assessments = competencies.filter { _ in Bool.random(using: &random) }.map {
            Assessment(competency: Competency.ID($0), level: Level.ID("L\(Int.random(in: 1...4, using: &random))"))
        }
        let completions = modules.filter { _ in Int.random(in: 0..<100, using: &random) < 15 }.map {
            Completion(module: $0.id)
        }
        return Instance(
            framework: Sample.framework(positions: [position], modules: modules),
            person: Person(id: "p", position: "o", assessments: assessments, completions: completions))
    }

    /// The optimum by enumerating every subset of modules, written independently of the engine.
    /// A need that no module closes is met in part: its target becomes the highest level any
    /// module teaches, when that is above the attained level; `unmet` gives the level reached.
    static func bruteForce(_ instance: Instance) -> (modules: [String], milliHours: Int, unmet: [String: String?]) {
        let modules = instance.framework.modules
        var attained: [String: Int] = [:]
        for assessment in instance.person.assessments {
            attained[assessment.competency.rawValue] = max(attained[assessment.competency.rawValue] ?? 0, rank(assessment.level))
        }
        let completed = Set(instance.person.completions.map(\.module))
        for module in modules where completed.contains(module.id) {
            for teaching in module.teaches {
                attained[teaching.competency.rawValue] = max(attained[teaching.competency.rawValue] ?? 0, rank(teaching.level))
            }
        }
        var needs: [(String, Int)] = []
        for requirement in instance.framework.positions[0].requirements {
            guard case .competency(let id) = requirement.target else { continue }
            if (attained[id.rawValue] ?? 0) < rank(requirement.level) { needs.append((id.rawValue, rank(requirement.level))) }
        }
        func closes(_ module: TrainingModule, _ need: (String, Int)) -> Bool {
            module.teaches.contains { $0.competency.rawValue == need.0 && rank($0.level) >= need.1 }
        }
        var unmet: [String: String?] = [:]
        var open: [(String, Int)] = []
        for need in needs {
            if modules.contains(where: { closes($0, need) }) {
                open.append(need)
                continue
            }
            let best = modules.flatMap(\.teaches).filter { $0.competency.rawValue == need.0 }.map { rank($0.level) }.max()
            if let best, best > (attained[need.0] ?? 0) {
                open.append((need.0, best))
                unmet[need.0] = "L\(best)"
            } else {
                unmet[need.0] = .some(nil)
            }
        }
        func satisfied(_ id: TrainingModule.ID) -> Bool {
            if completed.contains(id) { return true }
            guard let module = modules.first(where: { $0.id == id }), !module.teaches.isEmpty else { return false }
            return module.teaches.allSatisfy { (attained[$0.competency.rawValue] ?? 0) >= rank($0.level) }
        }
        var best: (hours: Int, ids: [String])?
        for mask in 0..<(1 << modules.count) {
            let chosen = modules.indices.filter { mask & (1 << $0) != 0 }.map { modules[$0] }
            let ids = Set(chosen.map(\.id))
            let closed = chosen.allSatisfy { module in
                module.prerequisites.allSatisfy { ids.contains($0.module) || satisfied($0.module) }
            }
            guard closed, open.allSatisfy({ need in chosen.contains { closes($0, need) } }) else { continue }
            let hours = chosen.reduce(0) { $0 + Int(($1.hours * 1000).rounded()) }
            let sorted = chosen.map(\.id.rawValue).sorted()
            if let current = best {
                if hours > current.hours { continue }
                if hours == current.hours {
                    if sorted.count > current.ids.count { continue }
                    if sorted.count == current.ids.count && !sorted.lexicographicallyPrecedes(current.ids) { continue }
                }
            }
            best = (hours, sorted)
        }
        return (best?.ids ?? [], best?.hours ?? 0, unmet)
    }

    @Test(arguments: [(UInt64(20_260_115), 600, 10), (UInt64(7), 60, 14)])
    func matchesExhaustiveSearchOnRandomInstances(seed: UInt64, count: Int, maxModules: Int) {
        var random = SeededGenerator(seed: seed)
        var checked = 0
        var partial = 0
        for _ in 0..<count {
            let instance = Self.instance(&random, maxModules: maxModules)
            let expected = Self.bruteForce(instance)
            let evaluation = Sample.assigner(instance.framework).evaluate(instance.person)
            let modules = evaluation.assignments.map(\.module.rawValue).sorted()
            #expect(modules == expected.modules, "instance \(checked)")
            #expect(Int((evaluation.hours * 1000).rounded()) == expected.milliHours)
            let unmet = Dictionary(uniqueKeysWithValues: evaluation.unmet.map { ($0.competency.rawValue, $0.reached?.rawValue) })
            #expect(unmet == expected.unmet, "instance \(checked)")
            if expected.unmet.values.contains(where: { $0 != nil }) { partial += 1 }
            #expect(evaluation.isProvenOptimal)
            if !expected.modules.isEmpty { checked += 1 }
        }
        #expect(checked > count / 3)
        #expect(partial > count / 20)
    }

    @Test func provesOptimalityAtRealisticSize() {
        var random = SeededGenerator(seed: 42)
        let competencies = (1...6).flatMap { domain in (1...5).map { "C\(domain).\($0)" } }
        let domains = (1...6).map { domain in
            Domain(id: Domain.ID("D\(domain)"), competencies: (1...5).map { Competency(id: Competency.ID("C\(domain).\($0)")) })
        }
        let modules = (0..<300).map { index in
            Sample.module(
                String(format: "M%03d", index), Self.hourChoices.randomElement(using: &random) ?? 1,
                teaches: (0..<Int.random(in: 1...3, using: &random)).map { _ in
                    (competencies.randomElement(using: &random) ?? "C1.1", "L\(Int.random(in: 1...6, using: &random))")
                },
                prerequisites: index >= 10 && Int.random(in: 0..<100, using: &random) < 20
                    ? [String(format: "M%03d", Int.random(in: 0..<index, using: &random))] : [])
        }
        let position = Position(
            id: "o", requirements: competencies.map { Sample.requirement($0, "L\(Int.random(in: 2...5, using: &random))") })
        let framework = Framework(id: "big", scales: [Sample.scale], domains: domains, positions: [position], modules: modules)
        let assigner = Sample.assigner(framework)
        let clock = ContinuousClock()
        var evaluation: PersonEvaluation?
        let elapsed = clock.measure { evaluation = assigner.evaluate(Person(id: "p", position: "o")) }
        #expect(evaluation?.needs.count == 30)
        #expect(evaluation?.isProvenOptimal == true)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }
}
