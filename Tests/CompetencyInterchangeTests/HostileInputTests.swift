import CompetencyDiagnostics
import Foundation
import Testing

@testable import CompetencyInterchange

@Suite struct InterchangeHostileInputTests {
    @Test func refusesJSONNestedDeeperThanTheLimitWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try CASEImporter().importFramework(Data(deep.utf8), file: "deep.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "deep.json:1:129: error: the JSON is malformed: values are nested more than 128 deep [json.syntax]")
        }
    }

    @Test func refusesAMedBiquitousDocumentWithADoctype() {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE CompetencyFramework [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <CompetencyFramework xmlns="http://ns.medbiq.org/competencyframework/v1/"><Includes><Catalog>URI</Catalog><Entry>&x;</Entry></Includes></CompetencyFramework>
            """
        do {
            _ = try MedBiqImporter().importFramework(Data(xml.utf8), file: "xxe.xml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.id == .xml("unsafe"))
            #expect(!error.description.contains("root:"))
        }
    }

    @Test func reportsTruncatedJSONWithItsLocation() {
        #expect(throws: DiagnosticError.self) { try CTDLImporter().importFramework(Data("{\"@graph\": [".utf8)) }
        #expect(throws: DiagnosticError.self) { try CASEImporter().importFramework(Data("{\"CFDocument\": \"x\\u12".utf8)) }
    }
}
