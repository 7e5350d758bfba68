import CompetencyDiagnostics
import CompetencyInterchange
import CompetencyModel
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

/// The inputs the fuzz targets (`Fuzz/`, `Scripts/fuzz.sh`) found, kept under
/// `Fixtures/fuzz/<target>/` and read again here through the reader or importer of their
/// target, the way the target reads them. A thrown `DiagnosticError` is a fine answer; a
/// crash, or a document that does not read back as it was written, is not.
/// Documentation/Reliability.md describes each finding.
@Suite struct FuzzRegressionTests {
    /// Every file under `Fixtures/fuzz/`, as `<target>/<name>`.
    static let inputs: [String] = {
        let root = Fixtures.url("fuzz")
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return enumerator.compactMap { item -> String? in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            return String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        }.sorted()
    }()

    @Test func thereAreInputs() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test(arguments: inputs) func readsWithoutCrashing(_ input: String) throws {
        let data = try Fixtures.data("fuzz/" + input)
        let target = input.split(separator: "/").first.map(String.init) ?? ""
        switch target {
        case "FuzzXMLReader":
            for recover in [false, true] {
                guard let parsed = try? XMLReader(options: XMLReader.Options(recover: recover)).read(data, file: input) else { continue }
                let written = XMLWriter().write(parsed.value)
                let readBack = try? XMLReader(options: XMLReader.Options(recover: true)).read(written, file: "round-trip.xml")
                // A recovering read that reported errors gave an incomplete document; any
                // other must come back as it was written.
                if !parsed.diagnostics.contains(where: { $0.severity == .error }) {
                    #expect(readBack?.value == parsed.value, "\(input), recover: \(recover)")
                }
            }
        case "FuzzCASE": _ = try? CASEImporter().importFramework(data, file: input)
        case "FuzzCTDL": _ = try? CTDLImporter().importFramework(data, file: input)
        case "FuzzMedBiq":
            // The framework, then each document after a 0x00 byte, as the target splits them.
            let parts = data.split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
            let documents = parts.dropFirst().enumerated().map { (data: $0.element, file: String?("\(input)#\($0.offset + 1)")) }
            _ = try? MedBiqImporter().importFramework(parts.first ?? Data(), file: input, documents: documents)
        case "FuzzCSV":
            _ = try? RosterCSV().importRoster(data, file: input)
            _ = try? ESCOImporter().importFramework([(data, input)])
            _ = try? SFIAImporter().importFramework([(data, input)])
        default:
            Issue.record("Fixtures/fuzz/\(input): no reader for the folder '\(target)'")
        }
    }

    /// Finding 1 of FuzzXMLReader: an element that a recovering read drops counted in its
    /// parent's native children, so the foreign elements after it got a `position` one too
    /// high and moved when written back. A dropped second `<title>` no longer counts.
    @Test func recoveredDocumentKeepsForeignPositions() throws {
        let data = try Fixtures.data("fuzz/FuzzXMLReader/recover-duplicate-title.xml")
        let parsed = try XMLReader(options: XMLReader.Options(recover: true)).readFramework(data, file: "recover-duplicate-title.xml")
        #expect(parsed.diagnostics.map(\.id) == [.schema("duplicate-translation")])
        #expect(parsed.value.title.variants.map(\.value) == ["One"])
        #expect(parsed.value.extensions.elements.map(\.position) == [1])
        let readBack = try XMLReader().readFramework(XMLWriter().write(parsed.value), file: "round-trip.xml")
        #expect(readBack.diagnostics.isEmpty)
        #expect(readBack.value == parsed.value)
        // An unknown element that recovery skips takes no place either.
        let skipped = Data(#"<framework xmlns="urn:competencykit:1" xmlns:x="urn:x" id="f"><title>One</title><colour/><x:trailer>end</x:trailer></framework>"#.utf8)
        let recovered = try XMLReader(options: XMLReader.Options(recover: true)).readFramework(skipped, file: "skipped.xml")
        #expect(recovered.value.extensions.elements.map(\.position) == [1])
        #expect(try XMLReader().readFramework(XMLWriter().write(recovered.value)).value == recovered.value)
    }

    /// Reads `xml` recovering, expects `ids`, and checks that what the writer writes reads
    /// back strictly, without a diagnostic, as the same document.
    private func recovered(_ xml: String, _ ids: [DiagnosticID]) throws -> CompetencyDocument {
        let parsed = try XMLReader(options: XMLReader.Options(recover: true)).read(Data(xml.utf8), file: "recovered.xml")
        #expect(parsed.diagnostics.map(\.id) == ids)
        let readBack = try XMLReader().read(XMLWriter().write(parsed.value), file: "round-trip.xml")
        #expect(readBack.diagnostics.isEmpty)
        #expect(readBack.value == parsed.value)
        return parsed.value
    }

    /// The same finding for the children that are dropped when their parent ends: the first
    /// of two `<applies-to>` or `<exempt-if>` (the last is kept), a second `<title>` among a
    /// position's requirements, and a foreign element between them.
    @Test func droppedChildrenTakeNoPlace() throws {
        let rule = """
            <framework xmlns="urn:competencykit:1" xmlns:x="urn:x" id="f"><title>F</title>\
            <position id="p"><title>P</title><x:a/><title>Q</title><x:b/><requirement domain="D" level="L"/><x:c/></position>\
            <rule id="r"><applies-to><always/></applies-to><x:d/><applies-to><position ref="p"/></applies-to><x:e/>\
            <exempt-if><always/></exempt-if><exempt-if><certificate kind="k"/></exempt-if><x:f/>\
            <requirement domain="D" level="L"/><x:g/></rule></framework>
            """
        guard case .framework(let framework) = try recovered(
            rule, [.schema("duplicate-translation"), .schema("duplicate-element"), .schema("duplicate-element")])
        else { Issue.record("not a framework"); return }
        // Position: title P, (title Q dropped), requirement.
        #expect(framework.positions.first?.extensions.elements.map(\.element.name) == ["a", "b", "c"])
        #expect(framework.positions.first?.extensions.elements.map(\.position) == [1, 1, 2])
        // Rule: (applies-to dropped), x:d, applies-to, x:e, (exempt-if dropped), exempt-if, x:f, requirement, x:g.
        let kept = try #require(framework.rules.first)
        #expect(kept.appliesTo == .position("p"))
        #expect(kept.exemptIf == .certificate(kind: "k"))
        #expect(kept.extensions.elements.map(\.position) == [0, 1, 2, 3])
    }

    /// A second `<credential>` in a certificate used to replace the first silently; it is an
    /// error now, and like a `<because>` that names nothing it takes no place among the
    /// element's children.
    @Test func secondCredentialAndEmptyCauseAreDropped() throws {
        let roster = """
            <roster xmlns="urn:competencykit:1" xmlns:x="urn:x" framework="f"><person id="p1">\
            <certificate kind="k"><credential>one</credential><x:a/><credential>two</credential><x:b/></certificate>\
            </person></roster>
            """
        guard case .roster(let read) = try recovered(roster, [.schema("duplicate-element")]) else { Issue.record("not a roster"); return }
        let certificate = try #require(read.people.first?.certificates.first)
        #expect(certificate.credential == "one")
        #expect(certificate.extensions.elements.map(\.position) == [1, 1])
        let plan = """
            <plan xmlns="urn:competencykit:1" xmlns:x="urn:x" framework="f"><person id="p1" status="needs-training">\
            <need competency="c" required="L"><because/><x:a/><because rule="r"/><x:b/></need></person></plan>
            """
        guard case .plan(let planRead) = try recovered(plan, [.schema("conflicting-attributes")]) else { Issue.record("not a plan"); return }
        let need = try #require(planRead.people.first?.needs.first)
        #expect(need.because == [.rule("r")])
        #expect(need.extensions.elements.map(\.position) == [0, 1])
    }
}
