import CompetencyTestSupport
import Foundation
import Testing

/// End-to-end tests of `competency convert` with the interchange formats: they run the real binary.
@Suite struct ConvertInterchangeTests {
    static func path(_ path: String) -> String { External.url(path).path }

    static func folder() throws -> URL {
        try Scratch.folder("ck-interchange-tool")
    }

    @Test func convertsNativeToCASEAndBackListingWhatCASECannotHold() throws {
        let folder = try Self.folder()
        let package = folder.appendingPathComponent("sample.case.json").path
        let out = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "case", "-o", package])
        #expect(out.status == 0)
        let lines = out.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Fixtures/sample/framework.xml:1057:3: warning: not carried over (15×): positions: CASE has no place for them [case.position]") })
        #expect(lines.contains { $0.hasSuffix("[case.module]") })
        #expect(lines.contains("note: also at 1176:3, 1185:3, 1194:3, …"))
        #expect(lines.contains { $0.contains("(9×): assignment rules") })
        let back = try Tool.run(["convert", package, "--to", "xml"])
        #expect(back.status == 0)
        #expect(back.stderr.isEmpty)
        #expect(back.stdout.contains("<competency id=\"C1.1\" code=\"1.1\">"))
        let again = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "case"])
        #expect(again.stdout == (try String(contentsOfFile: package, encoding: .utf8)))
    }

    @Test func strictTurnsLossesIntoAnErrorAndWritesNothing() throws {
        let folder = try Self.folder()
        let target = folder.appendingPathComponent("out.json").path
        let result = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "case", "--strict", "-o", target])
        #expect(result.status == 1)
        #expect(result.stderr.contains(": error: not carried over (15×): positions"))
        #expect(
            result.stderr.hasSuffix(
                "error: 3 kinds of content could not be carried over, and --strict is set; nothing was written [interchange.strict]\n"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func writesMedBiquitousFilesIntoAFolder() throws {
        let folder = try Self.folder().appendingPathComponent("medbiq")
        let result = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "medbiq", "-o", folder.path])
        #expect(result.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 32)
        #expect(files.contains("na-digital.xml"))
        let back = try Tool.run(["convert", folder.appendingPathComponent("na-digital.xml").path, folder.path, "--to", "json"])
        #expect(back.status == 0)
        #expect(back.stderr.isEmpty)
        #expect(back.stdout.contains("\"C6.4\""))
        // The Performance Framework in the folder brings the descriptors back.
        #expect(back.stdout.components(separatedBy: "\"level\" : \"L").count - 1 == 192)
        // The framework file alone is read with its folder, as `show` and `validate` read it.
        let alone = try Tool.run(["convert", folder.appendingPathComponent("na-digital.xml").path, "--to", "json"])
        #expect(alone.status == 0)
        #expect(alone.stderr.isEmpty)
        #expect(alone.stdout == back.stdout)
        let noFolder = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "medbiq"])
        #expect(noFolder.status == 2)
        #expect(noFolder.stderr.hasSuffix("error: medbiq output is 32 files; give a folder with -o FOLDER [usage.needs-folder]\n"))
    }

    @Test func explainsInputWhoseFormatCannotBeTold() throws {
        let file = try Tool.temporaryFile("notes.txt", "hello\n")
        let result = try Tool.run(["convert", file.path, "--to", "xml"])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "\(file.path): error: the format cannot be told from the content: this is neither XML, JSON nor a CSV file with a known header; expected native XML or JSON, a CASE package, MedBiquitous XML, CTDL-ASN JSON-LD, or an ESCO, SFIA, Moodle or CompetencyKit CSV file. Name it with --from [usage.unknown-format]\n"
        )
    }

    @Test func reportsMalformedCASEWithItsLocationAndStatusOne() throws {
        let file = try Tool.temporaryFile("bad.json", "{\"CFDocument\": {\"identifier\": \"x\",\n  \"title\": ]}}")
        let result = try Tool.run(["convert", file.path, "--from", "case", "--to", "xml"])
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                \(file.path):2:12: error: the JSON is malformed: unexpected character (at $.CFDocument.title) [json.syntax]
                  "title": ]}}
                           ^

                """)
    }

    @Test func convertsARosterToCSVAndBack() throws {
        let folder = try Self.folder()
        let csv = folder.appendingPathComponent("roster.csv").path
        let out = try Tool.run(["convert", "Fixtures/sample/roster.xml", "--to", "csv", "-o", csv])
        #expect(out.status == 0)
        #expect(out.stderr.contains("[csv.unit]"))
        let back = try Tool.run(["convert", csv, "--to", "xml"])
        #expect(back.status == 0)
        #expect(back.stdout.contains("<person id=\"p0001\" unit=\"NA.OFFICE\" position=\"department-director\">"))
        let wrong = try Tool.run(["convert", "Fixtures/sample/roster.xml", "--to", "case"])
        #expect(wrong.status == 2)
        #expect(
            wrong.stderr == "Fixtures/sample/roster.xml: error: a roster cannot be written as case; case holds frameworks [usage.cannot-export]\n")
    }

    @Test(.enabled(if: External.has("medbiq/shortordercook"), "../shared/external is absent: the MedBiquitous Short Order Cook example is not available"))
    func importsTheShortOrderCookWithItsUnresolvedInclude() throws {
        let result = try Tool.run([
            "convert", Self.path("medbiq/shortordercook/shortordercook_competencyframework.xml"), Self.path("medbiq/shortordercook"), "--to", "xml",
        ])
        #expect(result.status == 0)
        #expect(
            result.stderr.contains(
                "shortordercook_competencyframework.xml:147:2: warning: the framework includes http://www.example.org/shortordercookcompetencies/c6e, but no Competency Object with that identifier was given; it is kept as a competency with only its URI [interchange.unresolved-include]"
            ))
        #expect(result.stdout.components(separatedBy: "<competency ").count - 1 == 32)
    }

    @Test(.enabled(if: External.has("sfia9"), "../shared/external is absent: the SFIA 9 files are not available"))
    func importsSFIAAndESCOFromSeveralFiles() throws {
        let sfia = try Tool.run([
            "convert", Self.path("sfia9/sfia-9_current-standard_en_US_250129.csv"), Self.path("sfia9/sfia-9_current-standard_en_US_2501292.csv"),
            "--to", "csv",
        ])
        #expect(sfia.status == 0)
        // A header, one row per level description, and one per subcategory (they have none).
        #expect(sfia.stdout.split(separator: "\r\n").count == 1 + 672 + 22)
        // A regular file: `-o` renames a temporary file over its target, which must never be a device.
        let target = try Self.folder().appendingPathComponent("esco.json").path
        let esco = try Tool.run([
            "convert", Self.path("esco-v1.2.0/skillsHierarchy_en.csv"), Self.path("esco-v1.2.0/occupations_en.csv"), "--to", "json", "-o", target,
        ])
        #expect(esco.status == 0)
        #expect(esco.stderr.contains("[esco.alt-labels]"))
    }
}
