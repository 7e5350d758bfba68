import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

@Suite struct XMLTreeTests {
    @Test func readsAnyDocumentWithLocationsAndNamespaces() throws {
        let xml = """
            <a:root xmlns:a="urn:a" xmlns="urn:d" version="1 &amp; 2">
              <item id="x">one <b>two</b></item>
            </a:root>
            """
        let root = try XMLTreeReader().read(Data(xml.utf8), file: "t.xml")
        #expect(root.name == "root" && root.namespace == "urn:a" && root.prefix == "a")
        #expect(root.attribute("version") == "1 & 2")
        let item = try #require(root.element("item", namespace: "urn:d"))
        #expect(item.location == SourceLocation(file: "t.xml", line: 2, column: 3))
        #expect(item.attribute("id") == "x")
        #expect(item.text == "one two")
    }

    @Test func refusesADoctypeLikeTheNativeReader() {
        do {
            _ = try XMLTreeReader().read(Data("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>".utf8), file: "t.xml")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.diagnostics.map(\.id) == [.xml("unsafe")])
        }
    }

    static let shortOrderCook = External.url("medbiq/shortordercook/shortordercook_competencyframework.xml")

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: shortOrderCook.path),
            "../shared/external is absent: the third-party MedBiquitous sample cannot be read"))
    func readsTheMedBiquitousSample() throws {
        let root = try XMLTreeReader().read(contentsOf: Self.shortOrderCook)
        #expect(root.name == "CompetencyFramework")
        #expect(root.elements("Includes").count == 32)
        #expect(root.elements("Relation").count == 24)
    }
}
