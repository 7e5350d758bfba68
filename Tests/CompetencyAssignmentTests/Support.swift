import CompetencyAssignment
import CompetencyModel

/// A small framework shaped like the national one: one 8-level scale in 4 bands.
enum Sample {
    static let levels: [Level] = (1...8).map { rank in
        let bands = ["basic", "intermediate", "advanced", "specialised"]
        return Level(id: Level.ID("L\(rank)"), rank: rank, band: Band.ID(bands[(rank - 1) / 2]))
    }

    static let scale = Scale(id: "proficiency", levels: levels)

    static func date(_ text: String) -> ISODate {
        guard let date = ISODate(text) else { preconditionFailure("bad test date \(text)") }
        return date
    }

    static let asOf = date("2026-01-15")

    static let domains: [Domain] = [
        Domain(
            id: "D1",
            competencies: [
                Competency(id: "C1.1"),
                Competency(id: "C1.2", children: [Competency(id: "C1.2.a")]),
                Competency(id: "C1.3", levels: ["L3", "L4"]),
            ]),
        Domain(id: "D2", competencies: [Competency(id: "C2.1"), Competency(id: "C2.2")]),
        Domain(id: "D3", competencies: [Competency(id: "C3.1")]),
    ]

    static func module(
        _ id: String, _ hours: Double, teaches: [(String, String)], prerequisites: [String] = []
    ) -> TrainingModule {
        TrainingModule(
            id: TrainingModule.ID(id), hours: hours,
            teaches: teaches.map { Teaching(competency: Competency.ID($0.0), level: Level.ID($0.1)) },
            prerequisites: prerequisites.map { Prerequisite(module: TrainingModule.ID($0)) })
    }

    static func requirement(_ competency: String, _ level: String, by: String? = nil) -> Requirement {
        Requirement(.competency(Competency.ID(competency)), level: Level.ID(level), by: by.map(date))
    }

    static func framework(
        positions: [Position] = [], modules: [TrainingModule] = [], rules: [AssignmentRule] = []
    ) -> Framework {
        Framework(
            id: "test", version: "1.0.0", scales: [scale], domains: domains, positions: positions,
            modules: modules, rules: rules)
    }

    static let units = [
        OrgUnit(id: "NA", units: [OrgUnit(id: "NA.OFFICE", units: [OrgUnit(id: "NA.OFFICE.IT")]), OrgUnit(id: "NA.COMM")])
    ]

    static func assigner(_ framework: Framework, asOf: ISODate = asOf, options: Assigner.Options = .init()) -> Assigner {
        Assigner(framework: FrameworkIndex(framework), units: UnitTree(units: units), asOf: asOf, options: options)
    }
}
