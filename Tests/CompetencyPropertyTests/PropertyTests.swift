import CompetencyKit
import CompetencyTestSupport
import Foundation
import PropertyBased
import Testing

/// Random models, valid and not, drawn from a seed that `propertyCheck` chooses (and reports
/// when a property fails, with the `.fixedSeed` that reproduces it).
enum RandomModel {
    /// Characters that stress escaping: markup, quotes, ampersands, Vietnamese, emoji, tabs
    /// and line feeds inside the text (never at its ends, where the writer indents).
    static let alphabet = Array("abc XYZ 0129 &<>\"' Đăng ký học phần ở đâu? 😀 ñ\t\n;:/").map(String.init)

    static func text(_ random: inout SeededGenerator) -> String {
        var result = random.pick(["a", "Đ", "&", "<", "😀", "x"])
        for _ in 0..<random.below(12) { result += random.pick(alphabet) }
        return result + random.pick(["z", ">", "\"", "ý"])
    }

    static func localized(_ random: inout SeededGenerator) -> LocalizedText {
        var value = LocalizedText()
        for language in ["", "en", "vi"] where random.chance(50) {
            value.variants.append(.init(language: language, value: text(&random)))
        }
        return value
    }

    /// An ID: valid most of the time, and sometimes one that names nothing.
    static func reference(_ ids: [String], _ random: inout SeededGenerator) -> String {
        ids.isEmpty || random.chance(15) ? "missing-\(random.below(5))" : random.pick(ids)
    }

    static func framework(seed: UInt64) -> Framework {
        var random = SeededGenerator(seed: seed)
        let levels = (1...(1 + random.below(6))).map { Level(id: Level.ID("L\($0)"), rank: $0 * (random.chance(10) ? -1 : 1), label: localized(&random)) }
        var competencyIDs: [String] = []
        var counter = 0
        func competency(depth: Int) -> Competency {
            counter += 1
            let id = "C\(counter)"
            competencyIDs.append(id)
            var value = Competency(id: Competency.ID(id), title: localized(&random), statement: localized(&random))
            if depth < 4 { value.children = (0..<random.below(depth == 0 ? 3 : 2)).map { _ in competency(depth: depth + 1) } }
            return value
        }
        let domains = (0..<(1 + random.below(3))).map { index in
            Domain(id: Domain.ID("D\(index)"), title: localized(&random), competencies: (0..<random.below(4)).map { _ in competency(depth: 0) })
        }
        let levelIDs = levels.map(\.id.rawValue) + ["L9"]
        let modules = (0..<random.below(5)).map { index in
            TrainingModule(
                id: TrainingModule.ID("M\(index)"), hours: Double(random.below(40)) / 4, title: localized(&random),
                teaches: (0..<random.below(3)).map { _ in
                    Teaching(competency: Competency.ID(reference(competencyIDs, &random)), level: Level.ID(random.pick(levelIDs)))
                },
                prerequisites: random.chance(30) ? [Prerequisite(module: TrainingModule.ID("M\(random.below(5))"))] : [])
        }
        let positions = (0..<random.below(4)).map { index in
            Position(
                id: Position.ID("P\(index)"), extends: random.chance(20) ? Position.ID("P\(random.below(4))") : nil, title: localized(&random),
                requirements: (0..<random.below(4)).map { _ in
                    Requirement(
                        random.chance(80) ? .competency(Competency.ID(reference(competencyIDs, &random))) : .domain(Domain.ID("D\(random.below(4))")),
                        level: Level.ID(random.pick(levelIDs)))
                })
        }
        let rules = (0..<random.below(3)).map { index in
            AssignmentRule(
                id: AssignmentRule.ID("R\(index)"), appliesTo: random.chance(50) ? .always : .position(Position.ID("P\(random.below(4))")),
                requirements: [Requirement(.competency(Competency.ID(reference(competencyIDs, &random))), level: Level.ID(random.pick(levelIDs)))])
        }
        return Framework(
            id: "f", version: random.chance(70) ? "1.\(random.below(9)).0" : "v\(random.below(9))", language: random.pick([nil, "en", "vi"]),
            title: localized(&random), scales: [Scale(id: "s", levels: levels)], domains: domains, positions: positions, modules: modules,
            rules: rules)
    }

    static func roster(seed: UInt64, framework: Framework) -> Roster {
        var random = SeededGenerator(seed: seed ^ 0x9E37_79B9)
        let competencies = FrameworkIndex(framework).allCompetencies.map(\.id.rawValue)
        let positions = framework.positions.map(\.id.rawValue)
        let levels = (framework.scales.first?.levels.map(\.id.rawValue) ?? []) + ["L9"]
        let people = (0..<random.below(20)).map { index in
            Person(
                id: Person.ID("p\(index % 15)"), unit: OrgUnit.ID(random.chance(90) ? "U\(random.below(3))" : "U9"),
                position: Position.ID(reference(positions, &random)), name: localized(&random),
                assessments: (0..<random.below(4)).map { _ in
                    Assessment(competency: Competency.ID(reference(competencies, &random)), level: Level.ID(random.pick(levels)))
                })
        }
        return Roster(
            framework: "f", asOf: ISODate("2026-06-30"), units: [OrgUnit(id: "U0", units: [OrgUnit(id: "U1"), OrgUnit(id: "U2")])],
            people: people)
    }
}

@Suite struct ModelPropertyTests {
    @Test func everyFrameworkSurvivesXMLAndJSON() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let framework = RandomModel.framework(seed: seed)
            let xml = XMLWriter().write(framework)
            let read = try? XMLReader().readFramework(xml, file: "random.xml")
            #expect(read?.value == framework, "XML round trip, seed \(seed)")
            let json = try? JSONEncoder().encode(framework)
            #expect(json.flatMap { try? JSONDecoder().decode(Framework.self, from: $0) } == framework, "JSON round trip, seed \(seed)")
        }
    }

    /// A random framework made into one that CASE holds whole (Documentation/Interchange.md):
    /// no positions, modules or rules; one package language that every text has, its other
    /// languages being translations and coming after it; a title on the framework and on each domain, which
    /// CASE requires; and a title beside every statement, since a lone `fullStatement` reads
    /// back as the title. Levels come in the order of their ranks (a rubric's levels are
    /// ordered by `position`). A version that is not semantic is made one on import, and is
    /// left out here.
    static func holdableInCASE(_ framework: Framework) -> Framework {
        let language = framework.language ?? "en"
        func text(_ value: LocalizedText, or fallback: String? = nil) -> LocalizedText {
            var variants: [LocalizedText.Variant] = []
            for var variant in value.variants {
                if variant.language.isEmpty { variant.language = language }
                if !variants.contains(where: { $0.language == variant.language }) { variants.append(variant) }
            }
            if !variants.isEmpty, !variants.contains(where: { $0.language == language }) { variants[0].language = language }
            if variants.isEmpty, let fallback { variants = [.init(language: language, value: fallback)] }
            // The package's language comes first when read back.
            return LocalizedText(variants.filter { $0.language == language } + variants.filter { $0.language != language })
        }
        func competency(_ value: Competency) -> Competency {
            var value = value
            value.statement = text(value.statement)
            value.title = value.statement.isEmpty ? text(value.title) : text(value.title, or: value.statement[language])
            value.description = text(value.description)
            value.children = value.children.map(competency)
            return value
        }
        var result = framework
        result.language = language
        if framework.version?.first == "v" { result.version = nil }
        result.title = text(framework.title, or: framework.id.rawValue)
        result.description = text(framework.description)
        result.publisher = text(framework.publisher)
        for index in result.scales.indices {
            result.scales[index].levels.sort { $0.rank < $1.rank }
            result.scales[index].title = text(result.scales[index].title)
            result.scales[index].description = text(result.scales[index].description)
            for level in result.scales[index].levels.indices {
                result.scales[index].levels[level].label = text(result.scales[index].levels[level].label)
                result.scales[index].levels[level].description = text(result.scales[index].levels[level].description)
            }
        }
        for index in result.domains.indices {
            result.domains[index].title = text(result.domains[index].title, or: result.domains[index].id.rawValue)
            result.domains[index].description = text(result.domains[index].description)
            result.domains[index].competencies = result.domains[index].competencies.map(competency)
        }
        result.positions = []
        result.modules = []
        result.rules = []
        return result
    }

    @Test func everyFrameworkSurvivesCASE() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let framework = Self.holdableInCASE(RandomModel.framework(seed: seed))
            let exported = CASEExporter().export(framework)
            let read = try? CASEImporter().importFramework(exported.data, file: "random.json")
            #expect(read?.value == framework, "seed \(seed)")
            // Nothing is lost; the one note says that CASE's lastChangeDateTime is left out,
            // as the framework has no issued date to derive it from.
            #expect(Set(exported.report.kinds) == ["no-change-date"], "seed \(seed): \(exported.report.kinds)")
            #expect(read?.report.isEmpty == true, "seed \(seed): \(read?.report.kinds ?? [])")
        }
    }

    @Test func everyRosterSurvivesXML() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let roster = RandomModel.roster(seed: seed, framework: RandomModel.framework(seed: seed))
            let read = try? XMLReader().readRoster(XMLWriter().write(roster), file: "random.xml")
            #expect(read?.value == roster, "seed \(seed)")
        }
    }

    /// Validation and planning never trap, whatever the model: dangling references, levels
    /// off the scale, negative ranks, cycles and duplicate people included.
    @Test func validationAndPlanningNeverTrap() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let framework = RandomModel.framework(seed: seed)
            let roster = RandomModel.roster(seed: seed, framework: framework)
            let findings = Validator().validate(framework) + Validator().validate(roster, framework: framework)
            #expect(findings.allSatisfy { !$0.message.isEmpty })
            guard let assigner = Assigner(framework: framework, roster: roster) else {
                Issue.record("the roster has an as-of date")
                return
            }
            var session = AssignmentSession(assigner: assigner)
            for person in roster.people {
                let evaluation = session.evaluate(person)
                #expect(evaluation.person == person.id)
            }
        }
    }

    /// Planning on two tasks gives the plans of planning on one.
    @Test func plansAreTheSameOnOneAndSeveralTasks() async {
        await propertyCheck(count: 50, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let framework = RandomModel.framework(seed: seed)
            let roster = RandomModel.roster(seed: seed, framework: framework)
            guard let assigner = Assigner(framework: framework, roster: roster) else { return }
            let one = await assigner.plans(for: roster.people, concurrency: 1)
            let two = await assigner.plans(for: roster.people, concurrency: 2)
            #expect(one == two, "seed \(seed)")
        }
    }
}
