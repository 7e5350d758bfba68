import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

@Suite struct LineageTests {
    static let document = """
        <framework xmlns="urn:competencykit:1" id="f" version="2.0.0">
          <scale id="s">
            <level id="B1" rank="1" replaces="L1"/>
          </scale>
          <domain id="D2" replaces="D1">
            <competency id="C3" replaces="C1 C2"/>
          </domain>
          <position id="P2" replaces="P1"/>
          <module id="M2" hours="1" replaces="M1"/>
          <rule id="R2" replaces="R1">
            <applies-to><always/></applies-to>
          </rule>
        </framework>
        """

    @Test func replacesIsReadWrittenAndKeptInJSON() throws {
        let parsed = try XMLReader().readFramework(Data(Self.document.utf8))
        let framework = parsed.value
        #expect(framework.scales[0].levels[0].replaces == ["L1"])
        #expect(framework.domains[0].replaces == ["D1"])
        #expect(framework.domains[0].competencies[0].replaces == ["C1", "C2"])
        #expect(framework.positions[0].replaces == ["P1"])
        #expect(framework.modules[0].replaces == ["M1"])
        #expect(framework.rules[0].replaces == ["R1"])
        let written = XMLWriter().write(framework)
        #expect(try XMLReader().readFramework(written).value == framework)
        #expect(String(decoding: written, as: UTF8.self).contains(#"<competency id="C3" replaces="C1 C2"/>"#))
        #expect(SchemaValidator.validate(written).isEmpty)
        let json = try JSONEncoder().encode(framework)
        #expect(try JSONDecoder().decode(Framework.self, from: json) == framework)
        // JSON without `replaces` (written before it existed) reads as replacing nothing.
        var plain = framework
        plain.domains[0].competencies[0].replaces = []
        let text = String(decoding: try JSONEncoder().encode(plain.domains[0].competencies[0]), as: UTF8.self)
        #expect(!text.contains("replaces"))
        #expect(try JSONDecoder().decode(Competency.self, from: Data(text.utf8)) == plain.domains[0].competencies[0])
    }

    @Test func caseReplacedByFromAnEarlierVersionBecomesLineage() throws {
        let package = """
            {"CFDocument": {"identifier": "d0c1d0c1-0000-4000-8000-000000000001", "uri": "https://example.org/doc", "title": "F",
              "creator": "x", "lastChangeDateTime": "2026-01-01T00:00:00Z"},
             "CFItems": [
              {"identifier": "c1", "uri": "https://example.org/items/new-item", "fullStatement": "New",
               "humanCodingScheme": "N1", "lastChangeDateTime": "2026-01-01T00:00:00Z"}],
             "CFAssociations": [
              {"identifier": "a1", "associationType": "isChildOf", "lastChangeDateTime": "2026-01-01T00:00:00Z",
               "originNodeURI": {"identifier": "c1", "uri": "https://example.org/items/new-item", "title": "New"},
               "destinationNodeURI": {"identifier": "d0c1d0c1-0000-4000-8000-000000000001", "uri": "https://example.org/doc", "title": "F"}},
              {"identifier": "a2", "associationType": "replacedBy", "lastChangeDateTime": "2026-01-01T00:00:00Z",
               "originNodeURI": {"identifier": "old", "uri": "https://example.org/items/O1", "title": "Old"},
               "destinationNodeURI": {"identifier": "c1", "uri": "https://example.org/items/new-item", "title": "New"}}]}
            """
        let imported = try CASEImporter().importFramework(Data(package.utf8), file: "p.json")
        #expect(imported.value.domains.map(\.id) == ["N1"])
        #expect(imported.value.domains.map(\.replaces) == [["O1"]])
        #expect(imported.report.count(of: "case-unmapped-association") == 0)
    }
}

@Suite struct LineageExportTests {
    @Test func caseAndMedBiquitousExportsCarryCompetencyLineageBack() throws {
        let framework = try XMLReader().readFramework(Data(LineageTests.document.utf8)).value
        let exported = try DocumentExporter().export(.framework(framework), sourceMap: SourceMap(), as: .case, file: "f.xml")
        let back = try CASEImporter().importFramework(exported.data, file: "f.json").value
        #expect(FrameworkIndex(back).allCompetencies.map(\.replaces) == [["C1", "C2"]])
        #expect(back.domains.map(\.replaces) == [["D1"]])
        #expect(exported.report.count(of: "level-lineage") == 1)
        let medbiq = try DocumentExporter().export(.framework(framework), sourceMap: SourceMap(), as: .medbiq, file: "f.xml")
        #expect(medbiq.report.count(of: "domain-lineage") == 1)
        let object = try #require(medbiq.files.first { String(decoding: $0.data, as: UTF8.self).contains("<Replaces>") })
        #expect(String(decoding: object.data, as: UTF8.self).contains("<Replaces>urn:competencykit:1:f/competency/C1</Replaces>"))
        // Read back: Replaces naming objects outside the framework become the lineage.
        let folder = try Scratch.folder("ck-lineage")
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in medbiq.files { try file.data.write(to: folder.appendingPathComponent(file.name)) }
        let read = try MedBiqImporter().importFramework(contentsOf: folder.appendingPathComponent("f.xml"), including: [folder])
        #expect(FrameworkIndex(read.value).allCompetencies.map(\.replaces) == [["C1", "C2"]])
        #expect(read.report.count(of: "medbiq-replacement") == 0)
    }
}
