import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import Foundation
import Testing

@testable import CompetencyInterchange

@Suite struct CSVReaderTests {
    @Test func readsQuotedFieldsAcrossLinesAndKeepsRowLines() throws {
        let text = "a,b,c\r\n1,\"two, \"\"quoted\"\"\",3\r\n4,\"multi\nline\",6\n\n7,8,9"
        let table = try CSVReader.read(Data(text.utf8), file: "t.csv")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows.map(\.fields) == [["1", "two, \"quoted\"", "3"], ["4", "multi\nline", "6"], ["7", "8", "9"]])
        #expect(table.rows.map(\.line) == [2, 3, 6])
        #expect(!table.decodedAsWindows1252)
    }

    @Test func decodesWindows1252WhenTheBytesAreNotUTF8() throws {
        let bytes: [UInt8] = Array("name\n".utf8) + [0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x0A]
        let table = try CSVReader.read(Data(bytes), file: nil)
        #expect(table.decodedAsWindows1252)
        #expect(table.rows.first?.fields == ["\u{201C}Café\u{201D}"])
    }

    @Test func reportsAnUnclosedQuoteWhereItOpened() {
        do {
            _ = try CSVReader.read(Data("a\n\"open\nx\n".utf8), file: "u.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "u.csv:2:1: error: a quoted field is not closed: add the closing '\"' [csv.syntax]")
        }
    }
}

@Suite struct ESCOImportTests {
    static let folder = "esco-v1.2.0"

    static func files(_ names: String...) -> [URL] { names.map { External.url("\(folder)/\($0)") } }

    @Test(.enabled(if: External.has(folder), "../shared/external is absent: the ESCO CSV files are not available"))
    func importsTheSkillsHierarchyAsDomainsAndNestedCompetencies() throws {
        let imported = try ESCOImporter().importFramework(contentsOf: Self.files("skillsHierarchy_en.csv", "skillGroups_en.csv"))
        let framework = imported.value
        #expect(framework.language == "en")
        #expect(framework.domains.map(\.id) == ["L", "S", "T", "K"])
        #expect(framework.allCompetencies.count == 636)
        let skills = try #require(framework.domains.first { $0.id == "S" })
        #expect(skills.title == LocalizedText("skills", language: "en"))
        let s6 = try #require(skills.competencies.first { $0.id == "S6" })
        #expect(s6.title == LocalizedText("handling and moving", language: "en"))
        #expect(s6.children.contains { $0.id == "S6.13" && $0.children.contains { $0.id == "S6.13.2" } })
        #expect(imported.report.count(of: "esco-unplaced-skill") == 0)
    }

    @Test(.enabled(if: External.has(folder), "../shared/external is absent: the ESCO CSV files are not available"))
    func importsOccupationsAsPositionsWithTheirISCOGroupAndBroaderOccupation() throws {
        let imported = try ESCOImporter().importFramework(
            contentsOf: Self.files("occupations_en.csv", "broaderRelationsOccPillar_en.csv", "ISCOGroups_en.csv"))
        let positions = imported.value.positions
        #expect(positions.count == 3039)
        let director = try #require(positions.first { $0.uri == "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34" })
        #expect(director.id == "occ-2654.1.7")
        #expect(director.family == "isco-2654")
        #expect(director.extensions.attributes == [
            ForeignAttribute(namespace: "urn:competencykit:interchange:esco", prefix: "esco", name: "iscoGroup", value: "2654")
        ])
        #expect(director.title == LocalizedText("technical director", language: "en"))
        #expect(positions.filter { $0.extends != nil }.count == 1248)
        #expect(imported.report.count(of: "esco-isco-group") == 619)
        #expect(imported.report.count(of: "esco-isco-hierarchy") == 609)
        #expect(imported.report.count(of: "esco-alt-labels") > 0)
    }

    @Test(.enabled(if: External.has(folder), "../shared/external is absent: the ESCO CSV files are not available"))
    func reportsSkillRelationsWhoseSkillsAreMissing() throws {
        let imported = try ESCOImporter().importFramework(contentsOf: Self.files("skillsHierarchy_en.csv", "skillSkillRelations_en.csv"))
        // skills_en.csv is not in the snapshot, so no relation has both ends.
        #expect(imported.report.count(of: "esco-skill-relation-outside") == 5818)
    }

    @Test(.enabled(if: External.has(folder), "../shared/external is absent: the ESCO CSV files are not available"))
    func importsTheDigCompCollection() throws {
        let imported = try ESCOImporter().importFramework(contentsOf: Self.files("skillsHierarchy_en.csv", "digCompSkillsCollection_en.csv"))
        #expect(imported.value.allCompetencies.count == 636 + 25)
    }

    @Test func turnsOccupationSkillRelationsIntoRequirementsAtTheProficientLevel() throws {
        let hierarchy = """
            Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description,Scope note,Level 0 code,Level 1 code,Level 2 code,Level 3 code
            http://e/s,skills,,,,,,,,,S,,,
            http://e/s,skills,http://e/s1,one,,,,,Described.,,S,S1,,
            http://e/s,skills,http://e/s2,two,,,,,,,S,S2,,

            """
        let occupations = """
            conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code
            Occupation,http://e/o1,2511,analyst,,,released,,,,,,Analyses.,2511.1

            """
        let links = """
            occupationUri,relationType,skillType,skillUri
            http://e/o1,essential,skill/competence,http://e/s1
            http://e/o1,optional,skill/competence,http://e/s2
            http://e/o1,essential,skill/competence,http://e/missing

            """
        let imported = try ESCOImporter().importFramework([
            (Data(hierarchy.utf8), "skillsHierarchy_en.csv"), (Data(occupations.utf8), "occupations_en.csv"),
            (Data(links.utf8), "occupationSkillRelations_en.csv"),
        ])
        let framework = imported.value
        #expect(framework.scales.map(\.id) == ["esco"])
        #expect(framework.scales[0].proficientLevel == "proficient")
        #expect(
            framework.positions.first?.requirements == [
                Requirement(.competency("S1"), level: "proficient", importance: .essential),
                Requirement(.competency("S2"), level: "proficient", importance: .optional),
            ])
        let lost = try #require(imported.report.entries.first { $0.kind == "esco-occupation-skill-outside" })
        #expect(lost.count == 1)
        #expect(lost.locations == [SourceLocation(file: "occupationSkillRelations_en.csv", line: 4, column: 1)])
    }

    @Test func refusesACSVFileThatIsNotESCOs() {
        #expect(throws: DiagnosticError.self) { try ESCOImporter().importFramework([(Data("x,y\n1,2\n".utf8), "other.csv")]) }
    }
}
