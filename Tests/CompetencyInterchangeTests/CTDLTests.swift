import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
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
        // The 12 broad alignments are all on top children, which become domains (no matches):
        // they stay in the domains' kept nodes.
        let broad = framework.allCompetencies.reduce(0) { $0 + $1.matches.filter { $0.type == .broad }.count }
        #expect(broad == 0)
        let kept = framework.domains.compactMap { $0.extensions.attributes.first { $0.name == "json" }?.value }.joined()
        #expect(kept.components(separatedBy: "\"ceasn:broadAlignment\"").count - 1 == 12)
        #expect(imported.report.losses.isEmpty, "\(imported.report)")
    }

    @Test(.enabled(if: External.has("aamc-ctdl-asn/CoreEntrustableBehaviors.json"), "../shared/external is absent: the AAMC CTDL-ASN frameworks are not available"))
    func importsTheCoreEntrustableBehavioursAndReportsDerivedFrom() throws {
        let imported = try CTDLImporter().importFramework(contentsOf: External.url("aamc-ctdl-asn/CoreEntrustableBehaviors.json"))
        // 70 competency nodes, one @id given twice: 2 top children, and 2 whose isChildOf
        // names a node missing from the graph, which become top children too; one hasChild
        // names a missing node.
        #expect(imported.value.domains.count == 4)
        #expect(imported.value.domains.count + imported.value.allCompetencies.count == 69)
        #expect(imported.report.count(of: "ctdl-missing-parent") == 2)
        // The second node with the same @id, the missing child and the 10 derivedFrom links
        // are kept as written, not lost.
        #expect(imported.report.losses.isEmpty, "\(imported.report)")
        let others = try #require(imported.value.extensions.attributes.first { $0.name == "nodes" }?.value)
        #expect(others.hasPrefix("[["))
        var nodes = imported.value.domains.map(\.extensions)
        nodes += imported.value.allCompetencies.map(\.extensions)
        let kept = nodes.compactMap { $0.attributes.first { $0.name == "json" }?.value }.joined()
        #expect(kept.components(separatedBy: "\"ceasn:derivedFrom\"").count - 1 == 10)
    }

    @Test(.enabled(if: External.has("aamc-ctdl-asn"), "../shared/external is absent: the AAMC CTDL-ASN frameworks are not available"))
    func ctdlToNativeToCTDLGivesBackEveryAAMCFramework() throws {
        for name in ["GeneralPhysicianCompetencies.json", "ExpectedBehaviors.json", "CoreEntrustableBehaviors.json"] {
            let source = try Data(contentsOf: External.url("aamc-ctdl-asn/\(name)"))
            let imported = try CTDLImporter().importFramework(source, file: name).value
            let read = try XMLReader().readFramework(XMLWriter().write(imported), file: "native.xml").value
            #expect(read == imported, "\(name)")
            let exported = CTDLExporter().export(read)
            #expect(!exported.report.hasLosses, "\(name): \(exported.report)")
            let differences = CASEImportTests.differences(
                try JSONSerialization.jsonObject(with: source), try JSONSerialization.jsonObject(with: exported.data))
            #expect(differences.isEmpty, "\(name): \(differences.prefix(5))")
        }
    }

    /// The sample as CTDL-ASN holds it: no scales, descriptors, relations, positions, modules
    /// or rules; every language.
    static func projected(_ framework: Framework) -> Framework {
        var expected = framework
        expected.status = nil
        expected.scales = []
        expected.positions = []
        expected.modules = []
        expected.rules = []
        func competency(_ value: Competency) -> Competency {
            var value = value
            value.status = nil
            value.scale = nil
            value.levels = nil
            value.relations = []
            value.descriptors = []
            value.children = value.children.map(competency)
            return value
        }
        expected.domains = framework.domains.map { domain in
            var domain = domain
            domain.competencies = domain.competencies.map(competency)
            return domain
        }
        return expected
    }

    @Test func nativeToCTDLToNativeKeepsWhatCTDLHoldsAndReadsItsOwnExport() throws {
        let sample = try XMLReader().readFramework(contentsOf: Fixtures.url("sample/framework.xml"))
        let exported = CTDLExporter().export(sample.value, sourceMap: sample.sourceMap)
        #expect(exported.report.kinds.sorted() == ["descriptor", "module", "position", "relation", "rule", "scale"])
        #expect(exported.report.count(of: "descriptor") == 192)
        let text = String(decoding: exported.data, as: UTF8.self)
        #expect(text.contains("\"@type\": \"ceasn:CompetencyFramework\""))
        #expect(text.contains("\"ceasn:hasChild\": ["))
        #expect(text.contains("\"ceasn:majorAlignment\": ["))
        let back = try CTDLImporter().importFramework(exported.data, file: "sample.ctdl.json")
        #expect(back.report.isEmpty, "\(back.report)")
        #expect(back.value == Self.projected(sample.value))
        // Its own export again: byte for byte.
        #expect(CTDLExporter().export(back.value).data == exported.data)
    }

    @Test func keepsComplexityLevelsAndWhatElseTheModelHasNoFieldFor() throws {
        let json = """
            {"@context": "https://credreg.net/ctdlasn/schema/context/json", "@graph": [
              {"@id": "https://example.org/f", "@type": "ceasn:CompetencyFramework", "ceasn:name": {"en": "F"},
               "ceasn:inLanguage": ["en"], "ceasn:hasTopChild": ["https://example.org/d"]},
              {"@id": "https://example.org/d", "@type": "ceasn:Competency", "ceasn:competencyText": {"en": "Domain"},
               "ceasn:isTopChildOf": "https://example.org/f", "ceasn:hasChild": ["https://example.org/c"]},
              {"@id": "https://example.org/c", "@type": "ceasn:Competency", "ceasn:competencyText": {"en": "Cook eggs"},
               "ceasn:isChildOf": "https://example.org/d", "ceasn:complexityLevel": ["https://example.org/levels/2"],
               "ceasn:exactAlignment": ["https://other.org/eggs"]}
            ]}
            """
        let imported = try CTDLImporter().importFramework(Data(json.utf8), file: "f.json")
        #expect(imported.report.losses.isEmpty)
        var framework = imported.value
        #expect(framework.domains[0].competencies[0].matches.map(\.uri) == ["https://other.org/eggs"])
        let again = try JSONSerialization.jsonObject(with: CTDLExporter().export(framework).data)
        #expect(CASEImportTests.differences(try JSONSerialization.jsonObject(with: Data(json.utf8)), again).isEmpty)
        // Edited, the node keeps its complexity level; only the edited text changes.
        framework.domains[0].competencies[0].title = LocalizedText("Cook eggs well", language: "en")
        let edited = try #require(try JSONSerialization.jsonObject(with: CTDLExporter().export(framework).data) as? [String: Any])
        let node = try #require((edited["@graph"] as? [[String: Any]])?.last)
        #expect(node["ceasn:complexityLevel"] as? [String] == ["https://example.org/levels/2"])
        #expect(node["ceasn:competencyText"] as? [String: String] == ["en": "Cook eggs well"])
        // And it reads back into itself.
        let reread = try CTDLImporter().importFramework(try JSONSerialization.data(withJSONObject: edited))
        #expect(reread.value.domains[0].competencies[0].title == LocalizedText("Cook eggs well", language: "en"))
    }

    @Test func aFrameworkWithoutAnIDDoesNotSwallowNodesWithoutOne() throws {
        let json = """
            {"@context": "https://credreg.net/ctdlasn/schema/context/json", "@graph": [
              {"@type": "ceasn:CompetencyFramework", "ceasn:name": {"en": "F"}, "ceasn:inLanguage": ["en"]},
              {"@id": "https://example.org/c", "@type": "ceasn:Competency", "ceasn:competencyText": {"en": "Cook eggs"}},
              {"@type": "ceasn:Competency", "ceasn:competencyText": {"en": "Fry bread"}}
            ]}
            """
        let imported = try CTDLImporter().importFramework(Data(json.utf8), file: "f.json")
        #expect(imported.value.domains.map { $0.title["en"] } == ["Cook eggs"])
        #expect(imported.report.losses.map(\.kind) == ["ctdl-no-id"])
        #expect(imported.report.losses.first?.locations.first?.line == 4)
        // The node without an @id is not dropped: the export writes it again where it stood.
        let again = try JSONSerialization.jsonObject(with: CTDLExporter().export(imported.value).data)
        #expect(CASEImportTests.differences(try JSONSerialization.jsonObject(with: Data(json.utf8)), again).isEmpty)
    }

    @Test func refusesJSONWithoutAFramework() {
        #expect(throws: DiagnosticError.self) {
            try CTDLImporter().importFramework(Data("{\"@graph\": [{\"@type\": \"ceasn:Competency\"}]}".utf8))
        }
    }
}
