import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

@testable import CompetencyInterchange

@Suite struct CASEExportTests {
    /// The sample as CASE can hold it: no positions, modules or rules. Texts in other
    /// languages than the package's travel in the objects' extensions.
    static func projected(_ framework: Framework) -> Framework {
        var expected = framework
        expected.positions = []
        expected.modules = []
        expected.rules = []
        return expected
    }

    @Test func chosenLanguageGoesIntoTheTextsAndTheOthersComeBack() throws {
        let sample = try Paths.sampleFramework().value
        let exported = CASEExporter(language: "vi").export(sample)
        #expect(!exported.report.kinds.contains("translation"))
        let package = try #require(try JSONSerialization.jsonObject(with: exported.data) as? [String: Any])
        let document = try #require(package["CFDocument"] as? [String: Any])
        #expect(document["language"] as? String == "vi")
        #expect(document["title"] as? String == sample.title["vi"])
        let extensions = try #require(document["extensions"] as? [String: Any])
        let english = try #require((extensions[CASEExporter.translationsKey] as? [String: Any])?["en"] as? [String: String])
        #expect(english["title"] == sample.title["en"])
        // Read back, every text is there in both languages; the package's language comes first.
        let back = try CASEImporter().importFramework(exported.data).value
        #expect(back.language == "vi")
        func sorted(_ text: LocalizedText) -> [String] { text.variants.map { "\($0.language)=\($0.value)" }.sorted() }
        #expect(sorted(back.title) == sorted(sample.title))
        for (got, want) in zip(back.allCompetencies, sample.allCompetencies) {
            #expect(sorted(got.title) == sorted(want.title), "\(want.id)")
            #expect(sorted(got.description) == sorted(want.description), "\(want.id)")
            #expect(got.descriptors.map { sorted($0.text) } == want.descriptors.map { sorted($0.text) }, "\(want.id)")
        }
        #expect(back.scales.flatMap(\.levels).map { sorted($0.label) } == sample.scales.flatMap(\.levels).map { sorted($0.label) })
    }

    @Test func nativeToCASEToNativeKeepsEverythingCASECanHold() throws {
        let sample = try Paths.sampleFramework()
        let exported = CASEExporter().export(sample.value, sourceMap: sample.sourceMap)
        let imported = try CASEImporter().importFramework(exported.data, file: "sample.case.json")
        let expected = Self.projected(sample.value)
        #expect(imported.value.domains.map(\.id) == expected.domains.map(\.id))
        #expect(imported.value.allCompetencies.map(\.id) == expected.allCompetencies.map(\.id))
        for (got, want) in zip(imported.value.allCompetencies, expected.allCompetencies) {
            #expect(got.descriptors == want.descriptors, "descriptors of \(want.id)")
            #expect(got.relations == want.relations, "relations of \(want.id)")
            #expect(got.matches == want.matches, "matches of \(want.id)")
        }
        #expect(imported.value.scales == expected.scales)
        #expect(imported.value == expected)
        #expect(imported.report.isEmpty, "\(imported.report)")
    }

    /// The sample's own export without rubrics, with a member the exporter never writes
    /// (`CFDocumentURI`) added to every object, so that none can be written the same again.
    static func markedPackage() throws -> [String: Any] {
        let sample = try Paths.sampleFramework().value
        var package = try #require(try JSONSerialization.jsonObject(with: CASEExporter().export(sample).data) as? [String: Any])
        package["CFRubrics"] = nil
        func marked(_ object: Any) -> Any {
            guard var object = object as? [String: Any] else { return object }
            object["CFDocumentURI"] = ["title": "Sample", "identifier": "d", "uri": "https://example.org/d"]
            return object
        }
        package["CFDocument"] = package["CFDocument"].map(marked)
        package["CFItems"] = (package["CFItems"] as? [Any])?.map(marked)
        package["CFAssociations"] = (package["CFAssociations"] as? [Any])?.map(marked)
        return package
    }

    /// What each entity of `framework` keeps: (objects, places).
    static func kept(_ framework: Framework) -> (nodes: Int, places: Int) {
        var framework = framework
        var nodes = 0
        var places = 0
        CASESnapshot.forEachExtensions(&framework) { extensions in
            if CASESnapshot.attribute(CASESnapshot.node, in: extensions) != nil { nodes += 1 }
            if CASESnapshot.attribute(CASESnapshot.order, in: extensions) != nil { places += 1 }
        }
        return (nodes, places)
    }

    @Test func objectsThatCannotBeWrittenTheSameAreKeptWithoutASecondExportAndNothingMoreCouldBeDropped() throws {
        let sample = try Paths.sampleFramework().value
        let items = sample.domains.count + sample.allCompetencies.count
        // In the order the exporter writes: every object is kept, and no place.
        let inOrder = try CASEImporter().importFramework(try JSONSerialization.data(withJSONObject: try Self.markedPackage())).value
        #expect(Self.kept(inOrder).nodes == 1 + items)
        #expect(Self.kept(inOrder).places == 0)
        var pruned = inOrder
        CASESnapshot.prune(&pruned)
        #expect(pruned == inOrder)
        // Items in another order and associations named as another tool names them: the
        // importer skips the comparison, and the comparison would have dropped nothing.
        var package = try Self.markedPackage()
        package["CFItems"] = (package["CFItems"] as? [Any]).map { Array($0.reversed()) }
        package["CFAssociations"] = (package["CFAssociations"] as? [[String: Any]])?.enumerated().map { place, association in
            var association = association
            association["identifier"] = String(format: "00000000-0000-4000-8000-%012d", place)
            return association
        }
        let reordered = try CASEImporter().importFramework(try JSONSerialization.data(withJSONObject: package)).value
        // Places: each item's, and each relation's or match's; an `isChildOf` keeps its place in the item's parent link.
        let others = (package["CFAssociations"] as? [[String: Any]])?.filter { $0["associationType"] as? String != "isChildOf" }.count ?? 0
        #expect(others > 0)
        #expect(Self.kept(reordered).nodes == 1 + items)
        #expect(Self.kept(reordered).places == items + others)
        pruned = reordered
        CASESnapshot.prune(&pruned)
        #expect(pruned == reordered)
    }

    @Test func reportsExactlyWhatCASECannotHold() throws {
        let sample = try Paths.sampleFramework()
        let report = CASEExporter(keepsTranslations: false).export(sample.value, sourceMap: sample.sourceMap).report
        #expect(report.kinds.sorted() == ["derived-change-date", "module", "position", "rule", "translation"])
        #expect(report.count(of: "translation") == 288)
        #expect(CASEExporter().export(sample.value, sourceMap: sample.sourceMap).report.kinds.sorted() == ["derived-change-date", "module", "position", "rule"])
        #expect(report.count(of: "position") == 15)
        #expect(report.count(of: "module") == 30)
        #expect(report.count(of: "rule") == 9)
        // CASE requires lastChangeDateTime; it is the framework's issued date, said so once per
        // document, item, association and rubric written.
        #expect(report.fixUps.map(\.kind) == ["derived-change-date"])
        #expect(report.fixUps.first?.message == "lastChangeDateTime, which CASE requires, derived from the framework's issued date")
        let position = try #require(report.entries.first { $0.kind == "position" })
        #expect(position.locations.first?.file == Paths.sample.path)
        #expect(position.description.hasPrefix("loss: 15 × position: positions: CASE has no place for them (first at \(Paths.sample.path):"))
    }

    @Test func reportsIDsThatCannotBeRebuiltFromAURI() throws {
        var framework = Framework(id: "f", uri: "https://example.org/f", title: "F")
        framework.domains = [
            Domain(id: "D1", uri: "https://example.org/d1", code: "D1", title: "Domain", competencies: [
                Competency(id: "C1", uri: "https://example.org/1.1", code: "1.1", title: "Neither the code nor the URI gives C1"),
                Competency(id: "c3", uri: "https://example.org/c3", code: "3", title: "The URI's last segment gives c3"),
                Competency(id: "C2", uri: "https://example.org/c2", code: "C2", title: "Kept by code"),
            ])
        ]
        let exported = CASEExporter().export(framework)
        #expect(exported.report.count(of: "id") == 1)  // C1; the framework's URI ends in its ID
        let back = try CASEImporter().importFramework(exported.data).value
        #expect(back.domains[0].id == "D1")
        #expect(back.id == "f")
        #expect(back.domains[0].competencies[0].id.rawValue.hasPrefix("i-"))
        #expect(back.domains[0].competencies.dropFirst().map(\.id) == ["c3", "C2"])
        #expect(back.domains[0].competencies.map(\.uri) == ["https://example.org/1.1", "https://example.org/c3", "https://example.org/c2"])
    }

    @Test func exportsAreByteForByteDeterministic() throws {
        let sample = try Paths.sampleFramework().value
        let first = CASEExporter().export(sample).data
        let second = CASEExporter().export(sample).data
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("\"lastChangeDateTime\": \"2025-09-13T00:00:00+00:00\""))
        #expect(text.contains("\"uri\": \"urn:competencykit:1:na-digital/competency/C1.1\""))
    }

    @Test func derivesNameBasedUUIDsFromIDsAndUsesTheUUIDInAURI() {
        let derived = CASEConvention.identifier(uri: nil, framework: "f", kind: "competency", id: "C1")
        #expect(NameBasedUUID.isCASEUUID(derived))
        #expect(derived == CASEConvention.identifier(uri: nil, framework: "f", kind: "competency", id: "C1"))
        #expect(derived != CASEConvention.identifier(uri: nil, framework: "f", kind: "competency", id: "C2"))
        #expect(
            CASEConvention.identifier(uri: "https://x.org/uri/edfce0e7-dbbf-40d5-af1a-baccabef85e9", framework: "f", kind: "competency", id: "C1")
                == "edfce0e7-dbbf-40d5-af1a-baccabef85e9")
        // RFC 9562 test vector: UUIDv5(DNS namespace, "www.example.com").
        let dns: [UInt8] = [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]
        #expect(NameBasedUUID.string(namespace: dns, name: "www.example.com") == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test func hashesWithSHA1AcrossBlockBoundaries() {
        func hex(_ text: String) -> String { SHA1.hash(Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        // FIPS 180 examples, and lengths around the end of a block (55, 56, 63, 64 bytes).
        #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(String(repeating: "a", count: 55)) == "c1c8bbdc22796e28c0e15163d20899b65621d65a")
        #expect(hex(String(repeating: "a", count: 63)) == "03f09f5b158a7a8cdad920bddc29b81c18a551f5")
        #expect(hex(String(repeating: "a", count: 64)) == "0098ba824b5c16427bd7a1122a5a442a25ec644d")
        #expect(hex(String(repeating: "a", count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test(
        .enabled(if: External.has("1edtech-case-schemas/case.json"), "../shared/external is absent: the official CASE schema is not available"),
        .enabled(if: Helper.hasJSONSchema, "python3 with the jsonschema package is absent: cannot check the export against the CASE schema"))
    func exportValidatesAgainstTheOfficialCASESchema() throws {
        let folder = try Paths.temporaryFolder()
        let output = folder.appendingPathComponent("sample.case.json")
        // One language: CASE 1.0 allows no `extensions`, where other languages would go.
        try CASEExporter(keepsTranslations: false).export(try Paths.sampleFramework().value).data.write(to: output)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = json.load(open(sys.argv[2]))
            validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            for error in errors[:20]:
                print("/".join(str(p) for p in error.path), error.message)
            print("errors:", len(errors))
            """
        let result = try #require(Helper.run("python3", ["-c", script, External.url("1edtech-case-schemas/case.json").path, output.path]))
        #expect(result.output.hasSuffix("errors: 0\n"), "\(result.output)")
        #expect(result.status == 0)
    }
}

@Suite struct CASEImportTests {
    @Test func appliesTheKnownFixUpsAndReportsEach() throws {
        let json = """
            {"CFDocument": {"identifier": "d0c", "uri": "https://example.org/d0c", "creator": "Me", "title": "Fixes",
              "adoptionStatus": "Adopted", "language": "en", "lastChangeDateTime": "2020-01-01T00:00:00Z"},
             "CFItems": [
              {"identifier": "c9a1b2c3-0000-4000-8000-000000000001", "uri": "c9a1b2c3-0000-4000-8000-000000000001",
               "abbreviatedStatement": "Domain one", "humanCodingScheme": "D1"},
              {"identifier": "c9a1b2c3-0000-4000-8000-000000000002", "uri": "https://example.org/2",
               "alternativeLabel": "Second", "humanCodingScheme": "C2"},
              {"identifier": "c9a1b2c3-0000-4000-8000-000000000003", "uri": "https://example.org/3",
               "fullStatement": "Third", "humanCodingScheme": "C3", "educationLevel": ["09"]}
             ],
             "CFAssociations": [
              {"identifier": "a1", "associationType": "childOf", "sequenceNumber": "1",
               "originNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000001"},
               "destinationNodeURI": {"identifier": "d0c"}},
              {"identifier": "a2", "associationType": "isChildOf", "sequenceNumber": 2,
               "originNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000002"},
               "destinationNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000001"}},
              {"identifier": "a3", "associationType": "isChildOf", "sequenceNumber": 1,
               "originNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000003"},
               "destinationNodeURI": {"uri": "c9a1b2c3-0000-4000-8000-000000000001"}},
              {"identifier": "a4", "associationType": "isChildOf",
               "originNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000003"},
               "destinationNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000001"}},
              {"identifier": "a5", "associationType": "precedes",
               "originNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000003"},
               "destinationNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000002"}},
              {"identifier": "a6", "associationType": "RelatedTo",
               "originNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000002"},
               "destinationNodeURI": {"uri": "https://other.org/x", "identifier": "x"}},
              {"identifier": "a7", "associationType": "exemplar",
               "originNodeURI": {"identifier": "c9a1b2c3-0000-4000-8000-000000000002"},
               "destinationNodeURI": {"uri": "https://other.org/y"}}
             ]}
            """
        let imported = try CASEImporter().importFramework(Data(json.utf8), file: "fix.json")
        let framework = imported.value
        #expect(framework.id == "d0c")
        #expect(framework.status == .published)
        #expect(framework.domains.map(\.id) == ["D1"])
        #expect(framework.domains[0].title == LocalizedText("Domain one", language: "en"))
        #expect(framework.domains[0].uri == "urn:uuid:c9a1b2c3-0000-4000-8000-000000000001")
        // sequenceNumber orders C3 (1) before C2 (2); the second parent of C3 is dropped.
        #expect(framework.domains[0].competencies.map(\.id) == ["C3", "C2"])
        let second = framework.domains[0].competencies[1]
        #expect(second.title == LocalizedText("Second", language: "en"))
        #expect(second.relations.map { "\($0.type.rawValue) \($0.target)" } == ["requires C3"])
        #expect(second.matches.map { "\($0.type.rawValue) \($0.uri)" } == ["related https://other.org/x"])
        let report = imported.report
        #expect(report.count(of: "case-missing-full-statement") == 2)
        #expect(report.count(of: "case-association-type-spelling") == 2)
        #expect(report.count(of: "case-item-field:alternativeLabel") == 0)
        #expect(report.count(of: "case-uri-repeats-identifier") == 1)
        #expect(report.count(of: "case-sequence-number-as-text") == 1)
        // The second parent, the exemplar and the grade have no native field: they are kept
        // as extension content, not lost, and written back.
        #expect(report.losses.isEmpty, "\(report)")
        let third = framework.domains[0].competencies[0]
        #expect(third.levels == nil)
        #expect(third.extensions.attributes.first { $0.name == "associations" }?.value.contains(#""identifier":"a4""#) == true)
        #expect(second.extensions.attributes.first { $0.name == "associations" }?.value.contains(#""associationType":"exemplar""#) == true)
        let back = try #require(try JSONSerialization.jsonObject(with: CASEExporter().export(framework).data) as? [String: Any])
        let associations = try #require(back["CFAssociations"] as? [[String: Any]])
        #expect(associations.compactMap { $0["identifier"] as? String } == ["a1", "a2", "a3", "a4", "a5", "a6", "a7"])
        #expect(associations[0]["sequenceNumber"] as? String == "1")
        let items = try #require(back["CFItems"] as? [[String: Any]])
        #expect(items[2]["educationLevel"] as? [String] == ["09"])
        #expect(items[1]["alternativeLabel"] as? String == "Second")
        #expect(items[1]["fullStatement"] == nil)
        let spelling = try #require(report.entries.first { $0.kind == "case-association-type-spelling" })
        #expect(spelling.category == .fixUp)
        #expect(spelling.locations.first == SourceLocation(file: "fix.json", line: 12, column: 43))
    }

    @Test func refusesJSONThatIsNotACASEPackage() {
        #expect(throws: DiagnosticError.self) { try CASEImporter().importFramework(Data("{\"framework\": {}}".utf8)) }
        do {
            _ = try CASEImporter().importFramework(Data("{\"CFDocument\": \n  [1, }".utf8), file: "bad.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "bad.json:2:7: error: the JSON is malformed: unexpected character (at $.CFDocument[1]) [json.syntax]")
        }
    }

    static let math = "opensalt-case/samples/math_cfs_sample.json"

    @Test(.enabled(if: External.has(math), "../shared/external is absent: OpenSALT's 703-item CASE package is not available"))
    func importsOpenSALTsSevenHundredThreeItemPackage() throws {
        let imported = try CASEImporter().importFramework(contentsOf: External.url(Self.math))
        let framework = imported.value
        #expect(framework.title == LocalizedText("Common Core State Standards for Mathematics", language: ""))
        #expect(framework.domains.count == 17)
        #expect(framework.domains.count + framework.allCompetencies.count == 703)
        #expect(Set(framework.allCompetencies.map(\.id)).count == 703 - 17)
        // Every item keeps its URI; items whose identifier is an ASN URI keep it as the ID source.
        #expect(framework.allCompetencies.allSatisfy { $0.uri != nil })
        #expect(imported.report.count(of: "case-extra-parent") == 0)
        #expect(imported.report.count(of: "case-dangling-association") == 0)
    }

    static let whatStandards = "opensalt-case/samples/opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"

    @Test(.enabled(if: External.has(whatStandards), "../shared/external is absent: OpenSALT's sample package is not available"))
    func importsRelationsMatchesAndFixUpsOfOpenSALTsSample() throws {
        let imported = try CASEImporter().importFramework(contentsOf: External.url(Self.whatStandards))
        let framework = imported.value
        #expect(framework.status == .draft)
        #expect(framework.domains.count == 2)
        #expect(framework.domains.count + framework.allCompetencies.count == 16)
        let competencies = framework.allCompetencies
        // 3 precedes: 2 between items, 1 to a node outside the package.
        #expect(competencies.reduce(0) { $0 + $1.relations.filter { $0.type == .requires }.count } == 2)
        // 16 exactMatchOf and 2 isRelatedTo, all to outside nodes: matches, except the 3 on
        // top-level items, which domains keep as extension content with the precedes to the
        // outside node and the 2 exemplars.
        #expect(competencies.reduce(0) { $0 + $1.matches.filter { $0.type == .exact }.count } == 14)
        #expect(competencies.reduce(0) { $0 + $1.matches.filter { $0.type == .related }.count } == 1)
        var kept = framework.domains.map { $0.extensions }
        kept += competencies.map(\.extensions)
        let keptAssociations = kept.compactMap { $0.attributes.first { $0.name == "associations" }?.value }.joined()
        #expect(keptAssociations.components(separatedBy: #""associationType":"#).count - 1 == 6)
        #expect(imported.report.losses.isEmpty, "\(imported.report)")
        #expect(imported.report.count(of: "case-sequence-number-as-text") == 2)
    }

    @Test(.enabled(if: External.has("opensalt-case/tests_data"), "../shared/external is absent: OpenSALT's test packages are not available"))
    func importsEveryOpenSALTTestPackage() throws {
        let folder = External.url("opensalt-case/tests_data")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 7)
        var counts: [String: Int] = [:]
        for name in files {
            let framework = try CASEImporter().importFramework(contentsOf: folder.appendingPathComponent(name)).value
            counts[name] = framework.domains.count + framework.allCompetencies.count
        }
        #expect(counts["Ordering.json"] == 28)
        #expect(counts["SmartLevelFramework.json"] == 14)
        let utf8 = try CASEImporter().importFramework(contentsOf: folder.appendingPathComponent("Utf8TestFramework.json")).value
        #expect(utf8.title.variants.first?.value.contains("𝑑") == true)
    }

    /// Every member of `lhs` and `rhs`, compared key by key: the paths where they differ.
    static func differences(_ lhs: Any?, _ rhs: Any?, at path: String = "$") -> [String] {
        switch (lhs, rhs) {
        case (let a as [String: Any], let b as [String: Any]):
            return Set(a.keys).union(b.keys).sorted().flatMap { differences(a[$0], b[$0], at: "\(path).\($0)") }
        case (let a as [Any], let b as [Any]):
            guard a.count == b.count else { return ["\(path): \(a.count) values, then \(b.count)"] }
            return zip(a, b).enumerated().flatMap { differences($0.element.0, $0.element.1, at: "\(path)[\($0.offset)]") }
        case (nil, nil): return []
        case (let a as NSObject, let b as NSObject): return a == b ? [] : ["\(path): \(a), then \(b)"]
        default: return ["\(path): \(String(describing: lhs)), then \(String(describing: rhs))"]
        }
    }

    @Test(.enabled(if: External.has("opensalt-case"), "../shared/external is absent: OpenSALT's CASE packages are not available"))
    func caseToNativeToCASEGivesBackEveryOpenSALTPackage() throws {
        let folders = ["opensalt-case/samples", "opensalt-case/tests_data"]
        var files: [URL] = []
        for folder in folders {
            let url = External.url(folder)
            files += try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".json") }.sorted().map {
                url.appendingPathComponent($0)
            }
        }
        #expect(files.count == 10)
        for file in files {
            let source = try Data(contentsOf: file)
            let imported = try CASEImporter().importFramework(source, file: file.path)
            // Whether or not the importer compared with a second export, that comparison
            // finds nothing more to drop.
            var pruned = imported.value
            CASESnapshot.prune(&pruned)
            #expect(pruned == imported.value, "\(file.lastPathComponent)")
            // Through the native XML too: the kept content survives the native format.
            let xml = XMLWriter().write(imported.value)
            let read = try XMLReader().readFramework(xml, file: "native.xml").value
            #expect(read == imported.value, "\(file.lastPathComponent)")
            let exported = CASEExporter().export(read)
            let original = try JSONSerialization.jsonObject(with: source)
            let back = try JSONSerialization.jsonObject(with: exported.data)
            let differences = Self.differences(original, back)
            #expect(differences.isEmpty, "\(file.lastPathComponent): \(differences.prefix(5))")
            #expect(!exported.report.hasLosses, "\(file.lastPathComponent): \(exported.report)")
        }
    }

    @Test(.enabled(if: External.has(whatStandards), "../shared/external is absent: OpenSALT's sample package is not available"))
    func editedItemsKeepWhatTheModelDoesNotHold() throws {
        var framework = try CASEImporter().importFramework(contentsOf: External.url(Self.whatStandards)).value
        framework.domains[0].competencies[0].title = LocalizedText("Edited", language: framework.language ?? "")
        let exported = try #require(try JSONSerialization.jsonObject(with: CASEExporter().export(framework).data) as? [String: Any])
        let original = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: External.url(Self.whatStandards))) as? [String: Any])
        let differences = Self.differences(original, exported)
        // Only the edited field changes; the item keeps its type, dates, URIs and language.
        #expect(differences.count == 1, "\(differences)")
        #expect(differences.first?.hasSuffix(", then Edited") == true)
    }

    @Test(.enabled(if: External.has(whatStandards), "../shared/external is absent: OpenSALT's sample package is not available"))
    func caseToNativeToCASEKeepsIdentifiersAndURIs() throws {
        let first = try CASEImporter().importFramework(contentsOf: External.url(Self.whatStandards)).value
        let exported = CASEExporter().export(first)
        let second = try CASEImporter().importFramework(exported.data).value
        #expect(second == first)
        let text = String(decoding: exported.data, as: UTF8.self)
        #expect(text.contains("\"identifier\": \"edfce0e7-dbbf-40d5-af1a-baccabef85e9\""))
        #expect(text.contains("\"uri\": \"http://opensalt-staging.opened.com/uri/edfce0e7-dbbf-40d5-af1a-baccabef85e9\""))
    }
}
