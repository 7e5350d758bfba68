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
        case "FuzzMedBiq": _ = try? MedBiqImporter().importFramework(data, file: input)
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
    /// high and moved when written back. Fixed for unknown elements, which recovery skips;
    /// still open for a second `<title>` in one language, which is dropped only when its
    /// parent ends, after the foreign elements were placed. Remove `withKnownIssue` once the
    /// reader counts only what it keeps.
    @Test func recoveredDocumentKeepsForeignPositions() throws {
        let data = try Fixtures.data("fuzz/FuzzXMLReader/recover-duplicate-title.xml")
        let parsed = try XMLReader(options: XMLReader.Options(recover: true)).readFramework(data, file: "recover-duplicate-title.xml")
        #expect(parsed.diagnostics.map(\.id).contains(.schema("duplicate-translation")))
        let readBack = try XMLReader().readFramework(XMLWriter().write(parsed.value), file: "round-trip.xml")
        withKnownIssue("a dropped second <title> still counts in the positions of the foreign elements after it") {
            #expect(parsed.value.extensions.elements.map(\.position) == [1])
            #expect(readBack.value == parsed.value)
        }
        // An unknown element that recovery skips takes no place either.
        let skipped = Data(#"<framework xmlns="urn:competencykit:1" xmlns:x="urn:x" id="f"><title>One</title><colour/><x:trailer>end</x:trailer></framework>"#.utf8)
        let recovered = try XMLReader(options: XMLReader.Options(recover: true)).readFramework(skipped, file: "skipped.xml")
        #expect(recovered.value.extensions.elements.map(\.position) == [1])
        #expect(try XMLReader().readFramework(XMLWriter().write(recovered.value)).value == recovered.value)
    }
}
