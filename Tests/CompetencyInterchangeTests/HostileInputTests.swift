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
            #expect(error.description == "deep.json:1:129: error: the JSON is malformed: values are nested more than 128 deep (at $[0][0][0]…[0][0][0]) [json.syntax]")
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

/// JSON input is strict where leniency would change what is read.
@Suite struct StrictJSONTests {
    static func failure(_ json: String) -> String? {
        do {
            _ = try CASEImporter().importFramework(Data(json.utf8), file: "p.json")
            return nil
        } catch {
            return error.description
        }
    }

    static let document = #"{"identifier": "d", "title": "T", "creator": "x"}"#

    @Test func duplicateKeysAreRefusedWithTheirPath() {
        // Two `CFItems`, the empty one first: every item was dropped, with status 0.
        #expect(
            Self.failure(#"{"CFDocument": \#(Self.document), "CFItems": [], "CFItems": [{"identifier": "i1", "fullStatement": "x"}]}"#)
                == "p.json:1:82: error: the JSON is malformed: the member 'CFItems' appears twice in this object, and only one can be read; remove or rename the other [json.syntax]")
        #expect(
            Self.failure(#"{"CFDocument": \#(Self.document), "CFItems": [{"identifier": "i1", "identifier": "i2"}]}"#)?
                .contains("appears twice in this object, and only one can be read; remove or rename the other (at $.CFItems[0])") == true)
    }

    @Test func containersOfTheWrongTypeAreRefused() {
        #expect(
            Self.failure(#"{"CFDocument": \#(Self.document), "CFItems": {"identifier": "i1"}}"#)
                == "p.json:1:78: error: CFItems must be an array; read as given, it would hold nothing [case.wrong-type]")
    }

    @Test func loneSurrogatesAreRefused() {
        #expect(
            Self.failure(#"{"CFDocument": {"identifier": "d", "title": "a\ud800b", "creator": "x"}}"#)
                == #"p.json:1:53: error: the JSON is malformed: \uD800 is the first half of a surrogate pair without its second; write the character itself (at $.CFDocument.title) [json.syntax]"#)
        #expect(
            Self.failure(#"{"CFDocument": {"identifier": "d", "title": "\udc00", "creator": "x"}}"#)?
                .contains(#"\uDC00 is the second half of a surrogate pair without its first"#) == true)
        let paired = try? CASEImporter().importFramework(Data(#"{"CFDocument": {"identifier": "d", "title": "\ud83d\ude00", "creator": "x"}}"#.utf8))
        #expect(paired?.value.title.variants.first?.value == "😀")
    }
}
