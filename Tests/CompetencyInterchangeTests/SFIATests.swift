import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import Foundation
import Testing

@testable import CompetencyInterchange

@Suite struct SFIAImportTests {
    static let skills = "sfia9/sfia-9_current-standard_en_US_250129.csv"
    static let attributes = "sfia9/sfia-9_current-standard_en_US_2501291.csv"
    static let levels = "sfia9/sfia-9_current-standard_en_US_2501292.csv"

    @Test(.enabled(if: External.has(skills), "../shared/external is absent: the SFIA 9 CSV files are not available"))
    func importsTheSFIA9SkillsWithTheirLevelsAndDescriptions() throws {
        let imported = try SFIAImporter().importFramework(contentsOf: [External.url(Self.skills), External.url(Self.levels)])
        let framework = imported.value
        #expect(framework.id == "sfia-9")
        #expect(framework.version == "9.0.0")
        #expect(framework.extensions.attributes.map { "\($0.prefix ?? ""):\($0.name)=\($0.value)" } == ["sfia:version=9"])
        #expect(imported.report.fixUps.first { $0.kind == "version" }?.message == "a version that is not semantic ('9'), written as '9.0.0'; the original is kept as sfia:version")
        #expect(framework.domains.count == 6)
        let groups = framework.domains.flatMap(\.competencies)
        #expect(groups.count == 22)
        let skills = groups.flatMap(\.children)
        #expect(skills.count == 147)
        #expect(skills.reduce(0) { $0 + $1.descriptors.count } == 672)
        let itsp = try #require(skills.first { $0.id == "ITSP" })
        #expect(itsp.title == LocalizedText("Strategic planning", language: "en"))
        #expect(itsp.levels == ["L4", "L5", "L6", "L7"])
        #expect(itsp.descriptors.map(\.level) == ["L4", "L5", "L6", "L7"])
        #expect(itsp.uri == "https://sfia-online.org/en/skillcode/9/ITSP")
        // The file is Windows-1252: the right single quote decodes to U+2019.
        let isco = try #require(skills.first { $0.id == "ISCO" })
        #expect(isco.description.variants.first?.value.contains("organization\u{2019}s") == true)
        #expect(imported.report.count(of: "sfia-windows-1252") == 1)
        #expect(imported.report.losses.isEmpty)
        let scale = try #require(framework.scales.first)
        #expect(scale.levels.map(\.label) == ["Follow", "Assist", "Apply", "Enable", "Ensure, advise", "Initiate, influence", "Set strategy, inspire, mobilise"].map { LocalizedText($0, language: "en") })
        #expect(scale.levels[0].description.variants.first?.value.hasPrefix("Performs routine tasks") == true)
    }

    @Test(.enabled(if: External.has(attributes), "../shared/external is absent: the SFIA 9 CSV files are not available"))
    func importsTheAttributes() throws {
        let framework = try SFIAImporter().importFramework(contentsOf: [External.url(Self.attributes)]).value
        #expect(framework.domains.map { $0.competencies.count } == [4, 12])
        #expect(framework.allCompetencies.allSatisfy { $0.descriptors.count == 7 })
    }
}
