import CompetencyModel
import CompetencyValidation
import Foundation

// Validates generated frameworks of growing size with every rule and prints the times.
// Goal (issue 3): 20,000 competencies, 3,000 positions and 150,000 requirements in under
// 0.5 s, and doubling the input at most doubles the time.
//
//   swift run -c release --package-path Benchmarks ValidationBenchmark

/// A framework with `scale` × (20,000 competencies, 3,000 positions, 150,000 requirements,
/// 2,000 modules, 100 rules), shaped like a real one: 8 levels in 4 bands, descriptors,
/// `requires` chains, `extends` chains, requirements on competencies and on domains.
func generate(scale factor: Int) -> Framework {
    let levels = (1...8).map { Level(id: Level.ID("L\($0)"), rank: $0, band: Band.ID("band\(($0 + 1) / 2)"), label: LocalizedText("Level \($0)", language: "en")) }
    let domainCount = 20 * factor
    let perDomain = 1_000
    var domains: [Domain] = []
    var competencyIDs: [Competency.ID] = []
    for domain in 0..<domainCount {
        var competencies: [Competency] = []
        for index in 0..<perDomain {
            let id = Competency.ID("C\(domain).\(index)")
            competencyIDs.append(id)
            let descriptors = (1...2).map { level in
                Descriptor(level: Level.ID("L\(level)"), text: LocalizedText("Competency \(domain).\(index) at level \(level).", language: "en"))
            }
            let relations = index > 0 ? [Relation(type: .requires, target: Competency.ID("C\(domain).\(index - 1)"))] : []
            competencies.append(
                Competency(
                    id: id, levels: ["L1", "L2"], title: LocalizedText("Competency \(domain).\(index)", language: "en"),
                    descriptors: descriptors, relations: relations))
        }
        domains.append(Domain(id: Domain.ID("D\(domain)"), title: LocalizedText("Domain \(domain)", language: "en"), competencies: competencies))
    }
    var positions: [Position] = []
    for position in 0..<(3_000 * factor) {
        var requirements: [Requirement] = []
        for offset in 0..<50 {
            if offset == 0 {
                requirements.append(Requirement(.domain(Domain.ID("D\(position % domainCount)")), level: "L1"))
            } else {
                let competency = competencyIDs[(position * 50 + offset * 7) % competencyIDs.count]
                requirements.append(Requirement(.competency(competency), level: offset % 2 == 0 ? "L1" : "L2"))
            }
        }
        positions.append(
            Position(
                id: Position.ID("P\(position)"), extends: position % 10 == 0 ? nil : Position.ID("P\(position - 1)"),
                title: LocalizedText("Position \(position)", language: "en"), requirements: requirements))
    }
    var modules: [TrainingModule] = []
    let moduleCount = 2_000 * factor
    for module in 0..<moduleCount {
        let teaches = (0..<10).map { Teaching(competency: competencyIDs[(module * 10 + $0) % competencyIDs.count], level: "L2") }
        modules.append(
            TrainingModule(
                id: TrainingModule.ID("M\(module)"), hours: 2, title: LocalizedText("Module \(module)", language: "en"),
                teaches: teaches, prerequisites: module > 0 && module % 5 != 0 ? [Prerequisite(module: TrainingModule.ID("M\(module - 1)"))] : []))
    }
    let rules = (0..<(100 * factor)).map { rule in
        AssignmentRule(
            id: AssignmentRule.ID("R\(rule)"), effective: ISODate("2025-01-01"), title: LocalizedText("Rule \(rule)", language: "en"),
            appliesTo: .any([.position(Position.ID("P\(rule)")), .level(competency: competencyIDs[rule], atLeast: "L1")]),
            requirements: [Requirement(.domain(Domain.ID("D\(rule % domainCount)")), level: "L2", by: ISODate("2026-12-31"))])
    }
    return Framework(
        id: "generated", version: "1.0.0", status: .published, title: LocalizedText("Generated", language: "en"),
        scales: [Scale(id: "proficiency", levels: levels)], domains: domains, positions: positions, modules: modules, rules: rules)
}

/// CPU time of this process, in seconds: unlike wall time, it does not count the time the
/// process waited for a core on a busy machine.
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The best of `repetitions` runs of `body`, as CPU seconds.
func best(_ repetitions: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repetitions {
        let start = cpuSeconds()
        body()
        best = min(best, cpuSeconds() - start)
    }
    return best
}

func measure(_ framework: Framework, repetitions: Int = 7) -> (seconds: Double, findings: Int) {
    var findings = 0
    let seconds = best(repetitions) { findings = Validator().validate(framework).count }
    return (seconds, findings)
}

var baseline: Double?
for factor in CommandLine.arguments.contains("--per-rule") ? [] : [1, 2] {
    let framework = generate(scale: factor)
    let requirements = framework.positions.reduce(0) { $0 + $1.requirements.count }
    let competencies = framework.domains.reduce(0) { $0 + $1.competencies.count }
    let (seconds, findings) = measure(framework)
    let ratio = baseline.map { String(format: "  (×%.2f)", seconds / $0) } ?? ""
    if baseline == nil { baseline = seconds }
    print(
        "\(competencies) competencies, \(framework.positions.count) positions, \(requirements) requirements: "
            + String(format: "%.3f s", seconds) + ratio + ", \(findings) findings")
}

if CommandLine.arguments.contains("--per-rule") {
    let framework = generate(scale: CommandLine.arguments.last.flatMap { Int($0) } ?? 1)
    print(String(format: "context: %.3f s", best(5) { _ = FrameworkContext(framework: framework) }))
    let context = FrameworkContext(framework: framework)
    for rule in RuleCatalog.all {
        print(String(format: "%@: %.3f s", rule.description.identifier, best(5) { _ = rule.init().validate(framework: context) }))
    }
}
