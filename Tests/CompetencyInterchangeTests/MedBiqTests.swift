import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

@testable import CompetencyInterchange

/// The MedBiquitous schemas, with their remote imports mapped to local files.
enum MedBiqSchemas {
    static let folder = "medbiq"
    static var available: Bool { External.has("medbiq/competencyframework_v1/competencyframework.xsd") }

    static var catalog: [String: URL] {
        [
            "http://ns.medbiq.org/lom/healthcarelom.xsd": External.url("medbiq/lom/healthcarelom.xsd"),
            "http://ns.medbiq.org/address/v1/address.xsd": External.url("medbiq/address/v1/address.xsd"),
            "http://www.w3.org/2002/08/xhtml/xhtml1-strict.xsd": Fixtures.url("medbiq/xhtml-div-stub.xsd"),
        ]
    }

    /// The Performance Framework schema needs more: the MedBiquitous common schema, Dublin
    /// Core terms, and the W3C xml.xsd and XOP include (local stand-ins in Fixtures/medbiq).
    static var performanceCatalog: [String: URL] {
        let medbiq = External.url("medbiq")
        let stubs = Fixtures.url("medbiq")
        return catalog.merging([
            "http://ns.medbiq.org/lom/healthcare/healthcaremetadata.xsd": medbiq.appendingPathComponent("lom/healthcare/healthcaremetadata.xsd"),
            "http://ns.medbiq.org/competencyobject/v1/competencyobject.xsd": medbiq.appendingPathComponent("competencyobject_v1/competencyobject.xsd"),
            "http://ns.medbiq.org/competencyframework/v1/competencyframework.xsd": medbiq.appendingPathComponent("competencyframework_v1/competencyframework.xsd"),
            "http://ns.medbiq.org/common/v2/common.xsd": medbiq.appendingPathComponent("common_v2/common.xsd"),
            "http://www.dublincore.org/schemas/xmls/qdc/dcterms.xsd": medbiq.appendingPathComponent("competencyframework_v1/dcterms.xsd"),
            "http://www.w3.org/2001/xml.xsd": stubs.appendingPathComponent("xml-stub.xsd"),
            "http://www.w3.org/2001/03/xml.xsd": stubs.appendingPathComponent("xml-stub.xsd"),
            "http://www.w3.org/2004/08/xop/include": stubs.appendingPathComponent("xop-include-stub.xsd"),
        ]) { first, _ in first }
    }

    static func performance() throws -> ExternalSchema {
        try ExternalSchema(contentsOf: External.url("medbiq/performanceframework_v1/performanceframework.xsd"), catalog: performanceCatalog)
    }

    static func framework() throws -> ExternalSchema {
        try ExternalSchema(contentsOf: External.url("medbiq/competencyframework_v1/competencyframework.xsd"), catalog: catalog)
    }

    static func object() throws -> ExternalSchema {
        try ExternalSchema(contentsOf: External.url("medbiq/competencyobject_v1/competencyobject.xsd"), catalog: catalog)
    }
}

@Suite struct MedBiqImportTests {
    static let cook = "medbiq/shortordercook"

    @Test(.enabled(if: External.has(cook), "../shared/external is absent: the MedBiquitous Short Order Cook example is not available"))
    func importsTheShortOrderCookFrameworkWithItsObjects() throws {
        let folder = External.url(Self.cook)
        let imported = try MedBiqImporter().importFramework(
            contentsOf: folder.appendingPathComponent("shortordercook_competencyframework.xml"), including: [folder])
        let framework = imported.value
        #expect(framework.title == LocalizedText("Short Order Cook Competency Framework", language: ""))
        #expect(framework.uri == "http://www.example.org/short_order_cook_competencyframework_v1")
        #expect(framework.publisher == LocalizedText("Center for Really Good Cooks", language: ""))
        // `1.0` is not semantic: it becomes `1.0.0`, noted, the original kept for the exporter.
        #expect(framework.version == "1.0.0")
        #expect(framework.extensions.attributes.first { $0.name == "version" }
            == ForeignAttribute(namespace: "urn:competencykit:interchange:medbiq", prefix: "medbiq", name: "version", value: "1.0"))
        #expect(imported.report.fixUps.map(\.id.description) == ["medbiq.version"])
        let all = framework.allCompetencies
        #expect(all.count == 32)
        let resolved = all.filter { !$0.title.isEmpty }
        #expect(resolved.count == 31)
        #expect(framework.domains.count == 1)
        // Includes resolve by identifier, not by file name. The files are shifted: c6c.xml
        // holds c6b, c6d.xml holds c6c and c6e.xml holds c6d, so the include without an
        // object is c6e (no c6b.xml exists, but c6b's object does). c6e is also in no
        // Relation, so it stands beside the 7 top-level competencies.
        let top = framework.domains[0].competencies
        #expect(top.map(\.id) == ["c1", "c2", "c3", "c4", "c5", "c6", "c6e", "c7"])
        let roots = top.filter { !$0.children.isEmpty }
        #expect(roots.map(\.id) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"])
        #expect(roots.reduce(0) { $0 + $1.children.count } == 24)
        #expect(top.allSatisfy { $0.children.allSatisfy(\.children.isEmpty) })
        #expect(top[0].title == LocalizedText("Plan a menu.", language: "en"))
        let c6 = try #require(top.first { $0.id == "c6" })
        #expect(c6.children.map(\.id) == ["c6a", "c6b", "c6c", "c6d"])
        #expect(c6.children[1].title.variants.first?.value.hasPrefix("Clearly communicate with servers") == true)
        let unresolved = try #require(top.first { $0.id == "c6e" })
        #expect(unresolved.uri == "http://www.example.org/shortordercookcompetencies/c6e")
        #expect(unresolved.title.isEmpty)
        #expect(imported.diagnostics.map(\.id.description) == ["interchange.unresolved-include"])
        let diagnostic = try #require(imported.diagnostics.first)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.location?.file?.hasSuffix("shortordercook_competencyframework.xml") == true)
        #expect(diagnostic.message.contains("http://www.example.org/shortordercookcompetencies/c6e"))
        // The LOM rights and the rest are kept with the documents: nothing is lost.
        #expect(!imported.report.hasLosses)
        // The folder's Performance Framework for this framework is read; the EPAs' is not.
        #expect(framework.scales.map(\.id) == ["scale_1to5"])
        #expect(framework.allCompetencies.reduce(0) { $0 + $1.descriptors.count } == 10)
    }

    @Test(.enabled(if: External.has(cook), "../shared/external is absent: the MedBiquitous Short Order Cook example is not available"))
    func takesLevelsAndDescriptorsFromAPerformanceFramework() throws {
        let folder = External.url(Self.cook)
        let imported = try MedBiqImporter().importFramework(
            contentsOf: folder.appendingPathComponent("shortordercook_competencyframework.xml"),
            including: [folder, folder.appendingPathComponent("short_order_cook_performanceframework.xml")])
        let framework = imported.value
        #expect(framework.scales.count == 1)
        #expect(framework.scales[0].levels.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(framework.scales[0].levels[0].label == LocalizedText("Critical Deficiencies", language: ""))
        let described = framework.allCompetencies.filter { !$0.descriptors.isEmpty }
        #expect(described.map(\.id) == ["c1a", "c3e"])
        #expect(described.reduce(0) { $0 + $1.descriptors.count } == 10)
        // Two indicators at level 1 of c1a: the text holds both, one per line.
        #expect(
            described[0].descriptors[0].text
                == LocalizedText(
                    "Does not select dishes, providing a haphazard and mismatched offering of food or no food at all.\nDishes selected cannot be prepared due to unsuitability of the cooking environment.",
                    language: ""))
    }

    @Test(.enabled(if: External.has(cook), "../shared/external is absent: the MedBiquitous Short Order Cook example is not available"))
    func relatesEPAsToCompetenciesOfAnotherFrameworkAsMatches() throws {
        let folder = External.url(Self.cook)
        let imported = try MedBiqImporter().importFramework(contentsOf: folder.appendingPathComponent("shortordercook_epas.xml"), including: [folder])
        let all = imported.value.allCompetencies
        #expect(all.map(\.id) == ["e1", "e2", "e3"])
        #expect(all.reduce(0) { $0 + $1.matches.count } == 17)
        #expect(all.allSatisfy { $0.matches.allSatisfy { $0.type == .related } })
        #expect(imported.diagnostics.isEmpty)
    }

    @Test(.enabled(if: External.has("adl-competency-example"), "../shared/external is absent: the ADL MedBiquitous examples are not available"))
    func importsTheADLExamples() throws {
        let base = External.url("adl-competency-example")
        let objects = base.appendingPathComponent("competency")
        func load(_ path: String) throws -> Parsed<Framework> {
            try MedBiqImporter().importFramework(contentsOf: base.appendingPathComponent("competency-framework/\(path)"), including: [objects])
        }
        let flow = try load("computer-science/understanding-flow-control.xml")
        #expect(flow.value.allCompetencies.count == 5)
        #expect(flow.value.domains[0].competencies.count == 5)
        #expect(flow.value.issued == ISODate("2013-11-19"))
        #expect(flow.diagnostics.isEmpty)
        #expect(!flow.report.hasLosses)
        let basics = try load("computer-science/basic-programming.xml")
        #expect(basics.value.allCompetencies.count == 3)
        let algebra = try load("algebra/the-number-system.xml")
        #expect(algebra.value.allCompetencies.count == 15)
        #expect(algebra.diagnostics.count == 15)
        #expect(algebra.diagnostics.allSatisfy { $0.id.description == "interchange.unresolved-include" })
        let scorm = try load("scorm/choosing-an-lms.xml")
        #expect(scorm.value.allCompetencies.count == 5)
        #expect(scorm.diagnostics.isEmpty)
        let tetris = try load("xapi/tetris.xml")
        #expect(tetris.value.allCompetencies.count == 4)
        #expect(tetris.diagnostics.isEmpty)
    }

    /// Every field of an object, for comparing two readings of it.
    static func fields(_ object: MedBiqObject) -> [String] {
        ["\(object.location)", "\(object.isDomain)"] + object.identifiers.map { "id \($0.catalog)|\($0.entry)" }
            + object.title.map { "title \($0.language ?? "-")|\($0.value)" }
            + object.descriptions.enumerated().flatMap { place, strings in strings.map { "description \(place) \($0.language ?? "-")|\($0.value)" } }
            + object.statements.map { "statement \($0.name)|\($0.text)" }
    }

    /// The object and root `MedBiqObjectReader` reads from `data`, against those taken from
    /// its whole tree.
    static func expectSameReading(_ data: Data, file: String) throws {
        let tree = try XMLTreeReader().read(data, file: file)
        let reader = MedBiqObjectReader()
        try XMLTreeReader().read(data, file: file, into: reader)
        var root = tree
        root.children = []
        #expect(reader.root == root, "\(file)")
        if tree.name == "CompetencyObject" {
            let object = try #require(reader.object, "\(file)")
            #expect(Self.fields(object) == Self.fields(MedBiqObject(tree)), "\(file)")
        } else {
            #expect(reader.object == nil, "\(file)")
        }
    }

    @Test func competencyObjectsReadWithoutTheirTreeReadAsFromTheTree() throws {
        // What the tree reading takes and leaves: the first lom and general only, the first
        // catalog and entry of each identifier, the first title, two descriptions, text in
        // nested elements, empty strings, Categories, statements, other namespaces.
        let tricky = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CompetencyObject xmlns="http://ns.medbiq.org/competencyobject/v1/" xmlns:lom="http://ltsc.ieee.org/xsd/LOM" xmlns:x="urn:x" x:a="1">
              <lom:lom>
                <lom:general>
                  <lom:identifier><lom:catalog>URI</lom:catalog><lom:catalog>second</lom:catalog>
                    <lom:entry> https://example.org/c<x:b> 1</x:b> </lom:entry></lom:identifier>
                  <lom:identifier><lom:entry>no catalog</lom:entry></lom:identifier>
                  <x:identifier><lom:catalog>other namespace</lom:catalog></x:identifier>
                  <lom:title><lom:string language="en">Cook &amp; serve</lom:string><lom:string language="vi">  </lom:string>
                    <lom:string>Nấu <x:i>ăn</x:i></lom:string></lom:title>
                  <lom:title><lom:string>second title</lom:string></lom:title>
                  <lom:description><lom:string language="en">one</lom:string></lom:description>
                  <lom:description><lom:string language="en">two</lom:string></lom:description>
                  <lom:description><lom:string language="en">three</lom:string></lom:description>
                </lom:general>
                <lom:general><lom:identifier><lom:catalog>second general</lom:catalog></lom:identifier></lom:general>
              </lom:lom>
              <lom:lom><lom:general><lom:title><lom:string>second lom</lom:string></lom:title></lom:general></lom:lom>
              <Status>Active</Status>
              <x:Status>other namespace</x:Status>
              <Replaces> urn:a </Replaces>
              <Category term="Competency"/>
              <Category term="Domain"/>
              <IsReplacedBy>urn:<x:b>b</x:b></IsReplacedBy>
            </CompetencyObject>
            """
        try Self.expectSameReading(Data(tricky.utf8), file: "tricky.xml")
        let reader = MedBiqObjectReader()
        try XMLTreeReader().read(Data(tricky.utf8), file: "tricky.xml", into: reader)
        let object = try #require(reader.object)
        #expect(object.identifiers.map { "\($0.catalog)|\($0.entry)" } == ["URI|https://example.org/c 1", "|no catalog"])
        #expect(object.title.map(\.value) == ["Cook & serve", "Nấu ăn"])
        #expect(object.descriptions.count == 2)
        #expect(object.isDomain)
        #expect(object.statements.map(\.name) == ["Status", "Replaces", "IsReplacedBy"])
        // Every document of the kitchen fixture and of the sample as MedBiquitous writes it.
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("medbiq/kitchen").path).sorted() {
            try Self.expectSameReading(try Fixtures.data("medbiq/kitchen/\(name)"), file: name)
        }
        let exported = MedBiqExporter().export(try Paths.sampleFramework().value)
        #expect(exported.files.count == 32)
        for file in exported.files { try Self.expectSameReading(file.data, file: file.name) }
        // And the real Short Order Cook files, when ../shared/external is there.
        if External.has(Self.cook) {
            let folder = External.url(Self.cook)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".xml") {
                try Self.expectSameReading(try Data(contentsOf: folder.appendingPathComponent(name)), file: name)
            }
        }
        // A malformed object is refused as the tree reading refuses it.
        let cut = Data(tricky.prefix(400).utf8)
        #expect(throws: DiagnosticError.self) { try XMLTreeReader().read(cut, file: "cut.xml") }
        #expect(throws: DiagnosticError.self) { try XMLTreeReader().read(cut, file: "cut.xml", into: MedBiqObjectReader()) }
        #expect(MedBiqDocument.read(cut, file: "cut.xml", reader: XMLTreeReader()) == nil)
    }

    /// The framework reading of `data` against the whole tree: the same includes and links
    /// as the tree's `Includes` and `Relation`, and the tree without them and the white space
    /// beside them.
    static func expectSameFrameworkReading(_ data: Data, file: String) throws {
        let tree = try XMLTreeReader().read(data, file: file)
        let document = try MedBiqDocument(framework: data, file: file, reader: XMLTreeReader())
        func isReduced(_ node: XMLTreeElement.Node) -> Bool {
            guard case .element(let element) = node else { return false }
            return element.namespace == MedBiq.framework && (element.name == "Includes" || element.name == "Relation")
        }
        func isWhiteSpace(_ node: XMLTreeElement.Node) -> Bool {
            guard case .text(let text) = node else { return false }
            return text.utf8.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        }
        let children = tree.children
        var expected = tree
        expected.children = children.indices.filter { index in
            if isReduced(children[index]) { return false }
            if isWhiteSpace(children[index]) {
                if index > 0, isReduced(children[index - 1]) { return false }
                if index + 1 < children.count, isReduced(children[index + 1]) { return false }
            }
            return true
        }.map { children[$0] }
        #expect(document.tree == expected, "\(file)")
        func entry(_ element: XMLTreeElement?) -> String? {
            element?.element("Entry", namespace: MedBiq.framework).map { Text.normalized($0.text) }
        }
        let includes = tree.elements("Includes", namespace: MedBiq.framework)
        #expect(document.includes.map { "\($0.entry ?? "-") \($0.location)" } == includes.map { "\(entry($0) ?? "-") \($0.location)" }, "\(file)")
        let relations = tree.elements("Relation", namespace: MedBiq.framework)
        #expect(
            document.links.map { "\($0.first ?? "-") \($0.relationship ?? "-") \($0.second ?? "-") \($0.location)" }
                == relations.map { relation in
                    let type = relation.element("Relationship", namespace: MedBiq.framework).map { Text.normalized($0.text) }
                    return "\(entry(relation.element("Reference1", namespace: MedBiq.framework)) ?? "-") \(type ?? "-") "
                        + "\(entry(relation.element("Reference2", namespace: MedBiq.framework)) ?? "-") \(relation.location)"
                }, "\(file)")
        // Kept, the document is read whole again.
        #expect(document.element == tree, "\(file)")
    }

    @Test func frameworksReadWithoutTheTreesOfTheirIncludesAndRelationsReadAsFromTheTree() throws {
        let tricky = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CompetencyFramework xmlns="http://ns.medbiq.org/competencyframework/v1/" xmlns:lom="http://ltsc.ieee.org/xsd/LOM" xmlns:x="urn:x">
              <lom:lom><lom:general><lom:title><lom:string>F</lom:string></lom:title></lom:general></lom:lom>
              <Includes><Catalog>URI</Catalog><Entry> urn:a<x:b> 1</x:b> </Entry><Entry>second</Entry></Includes>
              <Includes><Catalog>URI</Catalog></Includes>
              text between <Includes><Entry></Entry></Includes>
              <x:Includes><Entry>other namespace</Entry></x:Includes>
              <Relation><Reference1><x:w><Entry>nested</Entry></x:w><Entry>urn:a</Entry></Reference1>
                <Relationship>http://www.w3.org/2004/02/skos/core#narrower</Relationship><Relationship>second</Relationship>
                <Reference2><Entry>urn:b</Entry></Reference2><Reference2><Entry>urn:c</Entry></Reference2></Relation>
              <Relation><Reference1><Entry>urn:a</Entry></Reference1></Relation>
              <x:wrap><Includes><Entry>not at the root</Entry></Includes></x:wrap>
              <EffectiveDate>2026-01-01</EffectiveDate>
            </CompetencyFramework>
            """
        try Self.expectSameFrameworkReading(Data(tricky.utf8), file: "tricky.xml")
        let document = try MedBiqDocument(framework: Data(tricky.utf8), file: "tricky.xml", reader: XMLTreeReader())
        #expect(document.includes.map { $0.entry ?? "-" } == ["urn:a 1", "-", ""])
        #expect(document.links.map { "\($0.first ?? "-")|\($0.second ?? "-")|\($0.relationship ?? "-")" } == ["urn:a|urn:b|http://www.w3.org/2004/02/skos/core#narrower", "urn:a|-|-"])
        try Self.expectSameFrameworkReading(try Fixtures.data("medbiq/kitchen/kitchen.xml"), file: "kitchen.xml")
        let exported = MedBiqExporter().export(try Paths.sampleFramework().value)
        let framework = try #require(exported.files.first { $0.name == "na-digital.xml" })
        try Self.expectSameFrameworkReading(framework.data, file: framework.name)
        if External.has(Self.cook) {
            try Self.expectSameFrameworkReading(
                try Data(contentsOf: External.url("\(Self.cook)/shortordercook_competencyframework.xml")), file: "shortordercook_competencyframework.xml")
        }
    }

    @Test func listsTheXMLFilesOfAFolderAndItsFoldersSortedWithoutFollowingLinksToFolders() throws {
        let folder = try Paths.temporaryFolder()
        let manager = FileManager.default
        for name in ["sub/deeper", "x.xml", "elsewhere"] {
            try manager.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        for name in ["a.xml", "B.XML", "c.txt", "xml", ".hidden.xml", "sub/d.xml", "sub/deeper/e.Xml", "x.xml/f.xml", "elsewhere/g.xml"] {
            try Data("<x/>".utf8).write(to: folder.appendingPathComponent(name))
        }
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("link").path, withDestinationPath: folder.appendingPathComponent("elsewhere").path)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("linked.xml").path, withDestinationPath: folder.appendingPathComponent("a.xml").path)
        let base = folder.standardizedFileURL.path
        let expected = [".hidden.xml", "B.XML", "a.xml", "elsewhere/g.xml", "linked.xml", "sub/d.xml", "sub/deeper/e.Xml", "x.xml/f.xml"].map { "\(base)/\($0)" }
        #expect(MedBiqImporter.xmlFiles(in: folder) == expected)
        // The same paths however the folder is written.
        #expect(MedBiqImporter.xmlFiles(in: URL(fileURLWithPath: "\(folder.path)/./sub/..")) == expected)
        #expect(MedBiqImporter.xmlFiles(in: folder.appendingPathComponent("missing")).isEmpty)
    }

    @Test func refusesADocumentThatIsNotAMedBiquitousFramework() {
        let data = Data("<framework xmlns=\"urn:competencykit:1\" id=\"f\"/>".utf8)
        #expect(throws: DiagnosticError.self) { try MedBiqImporter().importFramework(data, file: "x.xml") }
    }
}

@Suite struct MedBiqExportTests {
    @Test(.enabled(if: MedBiqSchemas.available, "../shared/external is absent: the MedBiquitous XSDs are not available"))
    func theOfficialExamplesValidateWithTheLocalCatalog() throws {
        let framework = try MedBiqSchemas.framework()
        let object = try MedBiqSchemas.object()
        let folder = External.url(MedBiqImportTests.cook)
        let cf = folder.appendingPathComponent("shortordercook_competencyframework.xml")
        #expect(framework.validate(try Data(contentsOf: cf), file: cf.path) == [])
        let c1 = folder.appendingPathComponent("c1.xml")
        #expect(object.validate(try Data(contentsOf: c1), file: c1.path) == [])
        let wrong = framework.validate(try Data(contentsOf: c1), file: c1.path)
        #expect(!wrong.isEmpty)
        let performance = try MedBiqSchemas.performance()
        let pf = folder.appendingPathComponent("short_order_cook_performanceframework.xml")
        #expect(performance.validate(try Data(contentsOf: pf), file: pf.path) == [])
    }

    @Test(.enabled(if: MedBiqSchemas.available, "../shared/external is absent: the MedBiquitous XSDs are not available"))
    func refusesToFetchSchemasThatAreNotInTheCatalog() {
        do {
            _ = try ExternalSchema(contentsOf: External.url("medbiq/competencyframework_v1/competencyframework.xsd"), catalog: [:])
            Issue.record("expected the schema to be refused")
        } catch {
            #expect(error.diagnostics.contains { $0.message.hasPrefix("the schema needs http://ns.medbiq.org/lom/healthcarelom.xsd, which is not in the catalog") })
        }
    }

    @Test(.enabled(if: MedBiqSchemas.available, "../shared/external is absent: the MedBiquitous XSDs are not available"))
    func exportOfTheSampleValidatesAgainstTheMedBiquitousSchemas() throws {
        let sample = try Paths.sampleFramework()
        let exported = MedBiqExporter().export(sample.value, sourceMap: sample.sourceMap)
        #expect(exported.files.count == 1 + 6 + 24 + 1)
        #expect(exported.files[0].name == "na-digital.xml")
        #expect(exported.files.last?.name == "na-digital-performance.xml")
        let framework = try MedBiqSchemas.framework()
        let object = try MedBiqSchemas.object()
        let performance = try MedBiqSchemas.performance()
        #expect(framework.validate(exported.files[0].data, file: exported.files[0].name) == [])
        for file in exported.files.dropFirst().dropLast() {
            #expect(object.validate(file.data, file: file.name) == [], "\(file.name)")
        }
        let last = try #require(exported.files.last)
        let problems = performance.validate(last.data, file: last.name)
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        let report = exported.report
        #expect(
            report.kinds.sorted() == [
                "framework-status", "level-band", "level-description", "match-close", "module", "position", "relation-requires", "rule",
                "scale-marks", "translation",
            ])
        #expect(report.count(of: "level-description") == 8)
    }

    @Test func nativeToMedBiqToNativeKeepsHierarchyTextsAndIDs() throws {
        let sample = try Paths.sampleFramework().value
        let exported = MedBiqExporter().export(sample)
        let documents = exported.files.dropFirst().map { (data: $0.data, file: Optional($0.name)) }
        let imported = try MedBiqImporter().importFramework(exported.files[0].data, file: exported.files[0].name, documents: Array(documents))
        #expect(imported.diagnostics.isEmpty)
        #expect(imported.report.isEmpty, "\(imported.report)")
        let back = imported.value
        #expect(back.id == sample.id)
        #expect(back.title == sample.title)
        #expect(back.description == sample.description)
        #expect(back.issued == sample.issued)
        #expect(back.domains.map(\.id) == sample.domains.map(\.id))
        #expect(back.domains.map(\.title) == sample.domains.map(\.title))
        #expect(back.scales.map(\.id) == sample.scales.map(\.id))
        #expect(back.scales.flatMap(\.levels).map(\.id) == sample.scales.flatMap(\.levels).map(\.id))
        #expect(back.scales.flatMap(\.levels).map(\.rank) == sample.scales.flatMap(\.levels).map(\.rank))
        #expect(back.scales.flatMap(\.levels).map(\.label) == sample.scales.flatMap(\.levels).map(\.label))
        for (got, want) in zip(back.allCompetencies, sample.allCompetencies) {
            #expect(got.descriptors == want.descriptors, "descriptors of \(want.id)")
            #expect(got.id == want.id)
            #expect(got.code == want.code)
            #expect(got.title == want.title)
            #expect(got.statement == want.statement)
            #expect(got.children.map(\.id) == want.children.map(\.id))
            #expect(got.relations == want.relations.filter { $0.type != .requires })
            #expect(got.matches == want.matches.filter { $0.type == .related })
        }
        #expect(MedBiqExporter().export(sample).files.map(\.data) == exported.files.map(\.data))
    }
}

/// MedBiquitous → native XML → MedBiquitous, compared document by document as XML infosets.
@Suite struct MedBiqRoundTripTests {
    /// An element as a canonical text: names with their namespaces, attributes sorted, text
    /// as read, children in order; white space beside elements and prefixes are ignored.
    static func infoset(_ element: XMLTreeElement, indent: String = "") -> String {
        let attributes = element.attributes.map { "{\($0.namespace)}\($0.name)=\($0.value.debugDescription)" }.sorted()
        var out = "\(indent){\(element.namespace)}\(element.name) \(attributes.joined(separator: " "))\n"
        let hasElements = !element.elements().isEmpty
        var text = ""
        func flush() {
            if !text.isEmpty, !(hasElements && text.allSatisfy(\.isWhitespace)) { out += "\(indent)  \(text.debugDescription)\n" }
            text = ""
        }
        for child in element.children {
            switch child {
            case .text(let run): text += run
            case .element(let inner):
                flush()
                out += infoset(inner, indent: indent + "  ")
            }
        }
        flush()
        return out
    }

    /// The documents an import of `framework` with `others` reads: the framework, the
    /// Competency Objects of what it includes, and the Performance Frameworks named or found
    /// in a folder describing one of its competencies. By file name.
    static func sources(_ framework: URL, _ others: [URL]) throws -> [String: XMLTreeElement] {
        let reader = XMLTreeReader()
        let root = try reader.read(contentsOf: framework)
        let included = Set(root.elements("Includes", namespace: MedBiq.framework).compactMap {
            $0.element("Entry", namespace: MedBiq.framework).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        })
        var result = [framework.lastPathComponent: root]
        for other in others {
            let files = other.hasDirectoryPath ? MedBiqImporter.xmlFiles(in: other).map { URL(fileURLWithPath: $0) } : [other]
            for file in files {
                let element = try reader.read(contentsOf: file)
                let entries = (element.element("lom", namespace: MedBiq.lom)?.element("general", namespace: MedBiq.lom)?
                    .elements("identifier", namespace: MedBiq.lom) ?? []).compactMap { $0.element("entry", namespace: MedBiq.lom)?.text }
                let described = element.elements("Component", namespace: MedBiq.performance).flatMap {
                    $0.element("Competency", namespace: MedBiq.performance)?.elements("Reference", namespace: MedBiq.performance) ?? []
                }.compactMap { $0.element("description", namespace: MedBiq.rdf)?.attribute("about") }
                let uses = element.name == "CompetencyObject" ? entries.contains(where: included.contains)
                    : element.name == "PerformanceFramework" && (!other.hasDirectoryPath || described.contains(where: included.contains))
                if uses { result[file.lastPathComponent] = element }
            }
        }
        return result
    }

    /// Imports, goes through the native XML, exports, and expects every document back.
    static func expectRoundTrip(_ framework: URL, including others: [URL], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let imported = try MedBiqImporter().importFramework(contentsOf: framework, including: others)
        #expect(!imported.report.hasLosses, "\(imported.report.entries)", sourceLocation: sourceLocation)
        let native = try XMLReader().readFramework(XMLWriter().write(imported.value), file: "native.xml").value
        #expect(native == imported.value, sourceLocation: sourceLocation)
        let exported = MedBiqExporter().export(native)
        #expect(!exported.report.hasLosses, "\(exported.report.entries)", sourceLocation: sourceLocation)
        let sources = try sources(framework, others)
        #expect(Set(exported.files.map(\.name)) == Set(sources.keys), sourceLocation: sourceLocation)
        #expect(exported.files.count == sources.count, sourceLocation: sourceLocation)
        for file in exported.files {
            guard let source = sources[file.name] else { continue }
            let written = try XMLTreeReader().read(file.data, file: file.name)
            #expect(infoset(written) == infoset(source), "\(framework.lastPathComponent): \(file.name)", sourceLocation: sourceLocation)
        }
    }

    @Test func theKitchenFixtureComesBackDocumentForDocument() throws {
        let folder = Fixtures.url("medbiq/kitchen")
        try Self.expectRoundTrip(folder.appendingPathComponent("kitchen.xml"), including: [folder])
    }

    @Test func whatTheModelHasNoFieldForIsKeptAndADocumentCompetencyKitWroteKeepsNothing() throws {
        let folder = Fixtures.url("medbiq/kitchen")
        let imported = try MedBiqImporter().importFramework(contentsOf: folder.appendingPathComponent("kitchen.xml"), including: [folder])
        let framework = imported.value
        #expect(framework.version == "2.1.0")
        #expect(framework.issued == ISODate("2024-03-01"))
        #expect(framework.domains.map(\.id) == ["prep", "framework"])
        #expect(framework.allCompetencies.map(\.id) == ["knife", "mise", "plating"])
        let knife = try #require(framework.allCompetencies.first)
        #expect(knife.replaces == ["knife-work"])
        #expect(knife.matches == [Match(type: .related, uri: "http://example.org/safety/blades")])
        #expect(knife.descriptors.count == 2)
        let kept = Set(knife.extensions.attributes.map(\.name))
        #expect(kept == ["xml", "file", "digest"])
        // The include without an object is marked, so that no object is invented for it.
        let plating = try #require(framework.allCompetencies.last)
        #expect(Set(plating.extensions.attributes.map { "\($0.name)=\($0.value)" }).contains("object=none"))

        // Native → MedBiquitous → native: the documents CompetencyKit writes read back with
        // nothing kept.
        let sample = try Paths.sampleFramework().value
        let exported = MedBiqExporter().export(sample)
        let output = try Paths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        for file in exported.files { try file.data.write(to: output.appendingPathComponent(file.name)) }
        let again = try MedBiqImporter().importFramework(contentsOf: output.appendingPathComponent(exported.files[0].name), including: [output])
        var keptNames: [String] = []
        var copy = again.value
        SourceExtension.forEachExtensions(&copy, links: true) { keptNames += $0.attributes.filter { $0.prefix == "medbiq" }.map(\.name) }
        #expect(keptNames == [])
    }

    @Test func anEditedObjectIsWrittenFromTheModelAndSaysSo() throws {
        let folder = Fixtures.url("medbiq/kitchen")
        var framework = try MedBiqImporter().importFramework(contentsOf: folder.appendingPathComponent("kitchen.xml"), including: [folder]).value
        framework.domains[0].competencies[0].title = LocalizedText("Use a knife.", language: "en")
        let exported = MedBiqExporter().export(framework)
        #expect(exported.report.entries.map(\.id.description) == ["medbiq.edited"])
        let knife = try #require(exported.files.first { $0.name == "knife-skills.xml" })
        #expect(String(decoding: knife.data, as: UTF8.self).contains("<lom:string language=\"en\">Use a knife.</lom:string>"))
        // The others are still written as read.
        let mise = try #require(exported.files.first { $0.name == "mise.xml" })
        #expect(Self.infoset(try XMLTreeReader().read(mise.data)) == Self.infoset(try XMLTreeReader().read(contentsOf: folder.appendingPathComponent("mise.xml"))))
    }

    @Test(.enabled(if: External.has(MedBiqImportTests.cook), "../shared/external is absent: the MedBiquitous Short Order Cook example is not available"))
    func theShortOrderCookFrameworksComeBack() throws {
        let folder = External.url(MedBiqImportTests.cook)
        for name in ["shortordercook_competencyframework.xml", "shortordercook_epas.xml"] {
            try Self.expectRoundTrip(folder.appendingPathComponent(name), including: [folder])
        }
    }

    @Test(.enabled(if: External.has("adl-competency-example"), "../shared/external is absent: the ADL MedBiquitous examples are not available"))
    func theADLFrameworksComeBack() throws {
        let base = External.url("adl-competency-example")
        let others = [base.appendingPathComponent("competency"), base.appendingPathComponent("performance-framework")]
        for path in [
            "algebra/the-number-system.xml", "computer-science/basic-programming.xml", "computer-science/understanding-flow-control.xml",
            "scorm/choosing-an-lms.xml", "xapi/tetris.xml",
        ] {
            try Self.expectRoundTrip(base.appendingPathComponent("competency-framework/\(path)"), including: others)
        }
    }
}
