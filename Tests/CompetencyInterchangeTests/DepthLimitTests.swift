import CompetencyDiagnostics
import CompetencyModel
import CompetencyXML
import Foundation
import Testing

@testable import CompetencyInterchange

/// Hierarchies that input can deepen are bounded by one limit in every format: what an
/// importer accepts, the native reader reads back; deeper ones get a located error, never a
/// stack overflow.
@Suite struct DepthLimitTests {
    /// A CASE package whose items form one `isChildOf` chain of `count` items: a domain and
    /// `count - 1` competencies, each nested in the one before.
    static func caseChain(_ count: Int) -> Data {
        var items: [String] = []
        var associations: [String] = []
        for index in 0..<count {
            items.append(#"{"identifier":"00000000-0000-4000-8000-\#(String(format: "%012d", index))","fullStatement":"C\#(index)"}"#)
            if index > 0 {
                associations.append(
                    #"{"identifier":"a\#(index)","associationType":"isChildOf","originNodeURI":{"identifier":"00000000-0000-4000-8000-\#(String(format: "%012d", index))"},"destinationNodeURI":{"identifier":"00000000-0000-4000-8000-\#(String(format: "%012d", index - 1))"}}"#
                )
            }
        }
        let package = #"{"CFDocument":{"identifier":"d","title":"Deep","creator":"x"},"CFItems":[\#(items.joined(separator: ","))],"CFAssociations":[\#(associations.joined(separator: ","))]}"#
        return Data(package.utf8)
    }

    static func isTooDeep(_ body: () throws(DiagnosticError) -> Void) -> Bool {
        do {
            try body()
            return false
        } catch {
            return error.diagnostics.map(\.id) == [DiagnosticID(domain: "interchange", code: "too-deep")]
                && error.diagnostics[0].location != nil
        }
    }

    @Test func aTenThousandItemCASEChainIsRefusedNotCrashed() {
        #expect(Self.isTooDeep { () throws(DiagnosticError) in _ = try CASEImporter().importFramework(Self.caseChain(10_000), file: "deep.json") })
    }

    @Test func theDeepestCASEHierarchyAllowedReadsBackFromXML() throws {
        #expect(Self.isTooDeep { () throws(DiagnosticError) in _ = try CASEImporter().importFramework(Self.caseChain(252), file: "deep.json") })
        let imported = try CASEImporter().importFramework(Self.caseChain(251), file: "deep.json")
        var depth = 0
        var level = imported.value.domains.first?.competencies ?? []
        while let first = level.first {
            depth += 1
            level = first.children
        }
        #expect(depth == Competency.maxNestingDepth)
        let xml = XMLWriter().write(imported.value)
        let back = try XMLReader().readFramework(xml, file: "deep.xml")
        #expect(back.value == imported.value)
    }

    @Test func aDeepCTDLChainIsRefused() {
        var nodes = [#"{"@id":"urn:f","@type":"ceasn:CompetencyFramework","ceasn:name":{"en":"Deep"},"ceasn:hasTopChild":["urn:c0"]}"#]
        for index in 0..<300 {
            let child = index < 299 ? #""urn:c\#(index + 1)""# : ""
            nodes.append(#"{"@id":"urn:c\#(index)","@type":"ceasn:Competency","ceasn:competencyText":{"en":"C\#(index)"},"ceasn:hasChild":[\#(child)]}"#)
        }
        let data = Data(#"{"@graph":[\#(nodes.joined(separator: ","))]}"#.utf8)
        #expect(Self.isTooDeep { () throws(DiagnosticError) in _ = try CTDLImporter().importFramework(data, file: "deep.json") })
    }

    @Test func aDeepMedBiquitousHierarchyIsRefused() {
        let reference = { (index: Int) in "<Catalog>URI</Catalog><Entry>urn:c\(index)</Entry>" }
        var xml = #"<CompetencyFramework xmlns="http://ns.medbiq.org/competencyframework/v1/"><lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general><identifier><catalog>URI</catalog><entry>urn:f</entry></identifier><title><string language="en">Deep</string></title></general></lom>"#
        for index in 0..<300 { xml += "<Includes>\(reference(index))</Includes>" }
        for index in 0..<299 {
            xml += "<Relation><Reference1>\(reference(index))</Reference1><Relationship>http://www.w3.org/2004/02/skos/core#narrower</Relationship><Reference2>\(reference(index + 1))</Reference2></Relation>"
        }
        xml += "</CompetencyFramework>"
        #expect(Self.isTooDeep { () throws(DiagnosticError) in _ = try MedBiqImporter().importFramework(Data(xml.utf8), file: "deep.xml") })
    }
}

/// Importers stay linear in the size of their input.
@Suite struct LinearImportTests {
    /// 10,000 competencies that each say `isChildOf` one domain: this took minutes when every
    /// node's children were found by scanning the whole graph.
    @Test func aWideCTDLGraphImportsInLinearTime() throws {
        var nodes = [
            #"{"@id":"urn:f","@type":"ceasn:CompetencyFramework","ceasn:name":{"en":"Wide"},"ceasn:hasTopChild":["urn:d"]}"#,
            #"{"@id":"urn:d","@type":"ceasn:Competency","ceasn:competencyText":{"en":"D"}}"#,
        ]
        for index in 0..<10_000 {
            nodes.append(
                #"{"@id":"urn:c\#(String(format: "%05d", index))","@type":"ceasn:Competency","ceasn:competencyText":{"en":"C\#(index)"},"ceasn:isChildOf":["urn:d"]}"#)
        }
        let imported = try CTDLImporter().importFramework(Data(#"{"@graph":[\#(nodes.joined(separator: ","))]}"#.utf8), file: "wide.json")
        #expect(imported.value.domains.count == 1)
        #expect(imported.value.domains[0].competencies.count == 10_000)
        #expect(imported.value.domains[0].competencies.first?.uri == "urn:c00000")
        #expect(imported.value.domains[0].competencies.last?.uri == "urn:c09999")
    }
}
