import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

@Suite struct RoundTripTests {
    static let documents = [
        "format-examples/framework.xml", "format-examples/roster.xml", "format-examples/plan.xml",
        "format-examples/foreign.xml", "sample/framework.xml", "sample/roster.xml",
    ]

    @Test(arguments: documents)
    func xmlWriteReadGivesAnEqualDocument(path: String) throws {
        let original = try XMLReader().read(Fixtures.data(path), file: path).value
        let written = XMLWriter().write(original)
        let reread = try XMLReader().read(written, file: "written").value
        #expect(reread == original)
        // Writing is deterministic and a fixed point.
        #expect(XMLWriter().write(reread) == written)
    }

    @Test(arguments: documents)
    func jsonRoundTripGivesAnEqualDocument(path: String) throws {
        let original = try XMLReader().read(Fixtures.data(path), file: path).value
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(original)
        let decoded = try JSONDecoder().decode(CompetencyDocument.self, from: json)
        #expect(decoded == original)
        #expect(XMLWriter().write(decoded) == XMLWriter().write(original))
    }
}
