import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import Foundation
import Testing

@testable import CompetencyInterchange

@Suite struct CTDLImportTests {
    static let physician = "aamc-ctdl-asn/GeneralPhysicianCompetencies.json"

    @Test(.enabled(if: External.has(physician), "../shared/external is absent: the AAMC CTDL-ASN frameworks are not available"))
    func importsTheGeneralPhysicianCompetencies() throws {
        let imported = try CTDLImporter().importFramework(contentsOf: External.url(Self.physician))
        let framework = imported.value
        #expect(framework.title == LocalizedText("General Physician Competencies by Domain", language: "en-us"))
        #expect(framework.id == "ce-8c2da966-9c5a-4d65-aa51-f2808ffab550")
        #expect(framework.language == "en-us")
        #expect(framework.domains.count == 8)
        #expect(framework.allCompetencies.count == 57)
        #expect(framework.allCompetencies.allSatisfy { $0.children.isEmpty })
        let first = framework.domains[0]
        #expect(first.title == LocalizedText("Patient Care", language: "en-us"))
        #expect(first.uri == "https://sandbox.credentialengineregistry.org/resources/ce-98e7164b-fc52-4bbe-ba9b-29bbb7cf7e6a")
        #expect(first.description.variants.first?.value.hasPrefix("Provide patient-centered care") == true)
        #expect(first.competencies.count == 10)
        #expect(framework.domains.reduce(0) { $0 + $1.competencies.count } == 57)
        #expect(imported.report.count(of: "ctdl-unreachable") == 0)
        #expect(imported.report.count(of: "ctdl-extra-parent") == 0)
    }

    @Test(.enabled(if: External.has("aamc-ctdl-asn/ExpectedBehaviors.json"), "../shared/external is absent: the AAMC CTDL-ASN frameworks are not available"))
    func importsTheExpectedBehavioursWithBroadAlignmentsAsMatches() throws {
        let imported = try CTDLImporter().importFramework(contentsOf: External.url("aamc-ctdl-asn/ExpectedBehaviors.json"))
        let framework = imported.value
        #expect(framework.domains.count == 13)
        #expect(framework.allCompetencies.count == 332)
        let broad = framework.allCompetencies.reduce(0) { $0 + $1.matches.filter { $0.type == .broad }.count }
        #expect(broad + imported.report.count(of: "ctdl-domain-alignment") == 12)
    }

    @Test(.enabled(if: External.has("aamc-ctdl-asn/CoreEntrustableBehaviors.json"), "../shared/external is absent: the AAMC CTDL-ASN frameworks are not available"))
    func importsTheCoreEntrustableBehavioursAndReportsDerivedFrom() throws {
        let imported = try CTDLImporter().importFramework(contentsOf: External.url("aamc-ctdl-asn/CoreEntrustableBehaviors.json"))
        // 70 competency nodes, one @id given twice: 2 top children, and 2 whose isChildOf
        // names a node missing from the graph, which become top children too; one hasChild
        // names a missing node.
        #expect(imported.value.domains.count == 4)
        #expect(imported.value.domains.count + imported.value.allCompetencies.count == 69)
        #expect(imported.report.count(of: "ctdl-duplicate-node") == 1)
        #expect(imported.report.count(of: "ctdl-missing-parent") == 2)
        #expect(imported.report.count(of: "ctdl-missing-child") == 1)
        #expect(imported.report.count(of: "ctdl-unreachable") == 0)
        #expect(imported.report.count(of: "ctdl-extra-parent") == 0)
        #expect(imported.report.count(of: "ctdl-competency:ceasn:derivedFrom") == 10)
    }

    @Test func refusesJSONWithoutAFramework() {
        #expect(throws: DiagnosticError.self) {
            try CTDLImporter().importFramework(Data("{\"@graph\": [{\"@type\": \"ceasn:Competency\"}]}".utf8))
        }
    }
}
