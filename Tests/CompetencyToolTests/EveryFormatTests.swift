import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// `validate`, `show`, `plan` and `coverage` read every format `convert` reads, told from the
/// content; every refusal names what it saw and what would work.
@Suite struct EveryFormatTests {
    /// The sample framework and roster written in other formats, in a fresh folder.
    struct Written {
        var folder: URL
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    static func write() throws -> Written {
        let folder = try Scratch.folder("ck-every-format")
        let written = Written(folder: folder)
        for (input, format, name) in [
            ("Fixtures/sample/framework.xml", "case", "framework.case.json"),
            ("Fixtures/sample/framework.xml", "ctdl", "framework.ctdl.json"),
            ("Fixtures/sample/framework.xml", "json", "framework.json"),
            ("Fixtures/sample/roster.xml", "json", "roster.json"),
            ("Fixtures/sample/roster.xml", "csv", "roster.csv"),
            ("Fixtures/sample/framework.xml", "csv", "framework-table.csv"),
        ] {
            let run = try Tool.run(["convert", input, "--to", format, "-o", written.path(name)])
            #expect(run.status == 0, "\(name): \(run.stderr)")
        }
        let medbiq = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "medbiq", "-o", written.path("medbiq")])
        #expect(medbiq.status == 0)
        // What JSONEncoder writes for the model's values, without the document wrapper.
        let framework = try XMLReader().readFramework(contentsOf: Fixtures.url("sample/framework.xml")).value
        let roster = try XMLReader().readRoster(contentsOf: Fixtures.url("sample/roster.xml")).value
        try JSONEncoder().encode(framework).write(to: folder.appendingPathComponent("bare-framework.json"))
        try JSONEncoder().encode(roster).write(to: folder.appendingPathComponent("bare-roster.json"))
        return written
    }

    @Test func validateAndShowReadEveryFormatTheSampleIsWrittenIn() throws {
        let written = try Self.write()
        let native = try Tool.run(["show", "Fixtures/sample/framework.xml"])
        let nativeBody = native.stdout.split(separator: "\n").dropFirst().joined(separator: "\n")
        for name in ["framework.case.json", "framework.ctdl.json", "framework.json", "bare-framework.json", "medbiq/na-digital.xml", "roster.json", "bare-roster.json", "roster.csv"] {
            let file = written.path(name)
            let validate = try Tool.run(["validate", file] + (name.hasPrefix("roster") || name == "bare-roster.json" ? ["--framework", "Fixtures/sample/framework.xml"] : []))
            #expect(validate.status == 0, "\(name): \(validate.stderr)")
            #expect(!validate.stdout.contains(": error: "), "\(name): \(validate.stdout)")
            let show = try Tool.run(["show", file])
            #expect(show.status == 0, "\(name): \(show.stderr)")
            if name.contains("roster") {
                // The CSV roster names no framework.
                #expect(show.stdout.hasPrefix("\(file): roster\(name == "roster.csv" ? "" : " for framework na-digital")\n"), "\(name): \(show.stdout)")
            } else {
                #expect(show.stdout.hasPrefix("\(file): framework na-digital version 1.0.0\n"), "\(name): \(show.stdout)")
            }
        }
        // The native JSON forms hold everything: their summaries equal the XML's.
        for name in ["framework.json", "bare-framework.json"] {
            let show = try Tool.run(["show", written.path(name)])
            #expect(show.stdout.split(separator: "\n").dropFirst().joined(separator: "\n") == nativeBody)
        }
    }

    @Test func planAndCoverageTakeTheFrameworkAndRosterInOtherFormats() throws {
        let written = try Self.write()
        let plan = try Tool.run(["plan", "--framework", "Fixtures/sample/framework.xml", "--roster", "Fixtures/sample/roster.xml", "--format", "csv"])
        #expect(plan.status == 0)
        for framework in ["framework.json", "bare-framework.json"] {
            for roster in ["roster.json", "bare-roster.json"] {
                let other = try Tool.run(["plan", "--framework", written.path(framework), "--roster", written.path(roster), "--format", "csv"])
                #expect(other.status == 0, "\(framework) + \(roster): \(other.stderr)")
                #expect(other.stdout == plan.stdout, "\(framework) + \(roster)")
            }
        }
        let coverage = try Tool.run(["coverage", "--framework", "Fixtures/sample/framework.xml", "--roster", "Fixtures/sample/roster.xml", "--format", "json"])
        let other = try Tool.run(["coverage", "--framework", written.path("bare-framework.json"), "--roster", written.path("bare-roster.json"), "--format", "json"])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(other.stdout == coverage.stdout)
    }

    @Test func refusalsNameTheFormatSeenAndWhatWouldWork() throws {
        let written = try Self.write()
        let roster = written.path("roster.csv")
        let wrongKind = try Tool.run(["plan", "--framework", roster, "--roster", roster])
        #expect(wrongKind.status == 1)
        #expect(
            wrongKind.stderr.hasPrefix(
                "\(roster):1:1: error: this is a roster (CompetencyKit roster CSV); expected a framework (native XML or JSON, CASE, MedBiquitous, CTDL-ASN, ESCO, SFIA or Moodle CSV) [document.wrong-kind]\n"))

        let table = written.path("framework-table.csv")
        let exportOnly = try Tool.run(["show", table])
        #expect(exportOnly.status == 2)
        #expect(
            exportOnly.stderr.hasPrefix(
                "\(table): error: this is a framework as a CompetencyKit CSV table, which is written for spreadsheets and not read back; read the framework from the native XML or JSON it was written from [usage.export-only]"))

        let json = try Tool.temporaryFile("other.json", #"{"name": "x", "items": [{"id": 1}]}"#)
        for verb in ["validate", "show"] {
            let run = try Tool.run([verb, json.path])
            #expect(run.status == 2)
            #expect(
                run.stderr
                    == "\(json.path): error: the format cannot be told from the content: this is JSON (its members: \"name\", \"items\"), but not a CASE package (no CFDocument), CTDL-ASN (no ceasn:CompetencyFramework node) or a native document ({\"framework\": ...}, {\"roster\": ...}, or a Framework or Roster as JSONEncoder writes it); expected native XML or JSON, a CASE package, MedBiquitous XML, CTDL-ASN JSON-LD, or an ESCO, SFIA, Moodle or CompetencyKit CSV file [usage.unknown-format]\n"
            )
        }
        let csv = try Tool.temporaryFile("other.csv", "code,label\nA,Alpha\n")
        let plan = try Tool.run(["plan", "--framework", csv.path, "--roster", "Fixtures/sample/roster.xml"])
        #expect(plan.status == 2)
        #expect(
            plan.stderr.hasPrefix(
                "\(csv.path): error: the format cannot be told from the content: this looks like CSV with the header code,label, which is not an ESCO, SFIA, Moodle or CompetencyKit roster header (person,name,unit,position,fact,...)"))

        // A bare Framework that does not decode says which shape it was taken for, and where.
        let broken = try Tool.temporaryFile("broken.json", #"{"id": "f", "title": [], "description": [], "publisher": [], "domains": [], "scales": 3, "positions": [], "modules": [], "rules": [], "extensions": {}}"#)
        let run = try Tool.run(["validate", broken.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("error: the JSON is not a Framework as JSONEncoder writes it: at .scales: "), "\(run.stdout)")
    }

    @Test func readsAndWritesMoodleFrameworks() throws {
        let file = "Fixtures/moodle/kitchen.csv"
        let validate = try Tool.run(["validate", file])
        #expect(validate.status == 0)
        #expect(validate.stdout == "\(file): no problems found\n")
        let show = try Tool.run(["show", file])
        #expect(show.stdout.hasPrefix("\(file): framework KITCHEN-1\n"))
        let folder = try Self.write().folder
        let xml = folder.appendingPathComponent("kitchen.xml").path
        #expect(try Tool.run(["convert", file, "--to", "xml", "-o", xml]).status == 0)
        let back = try Tool.run(["convert", xml, "--to", "moodle"])
        #expect(back.status == 0)
        #expect(back.stderr.isEmpty)
        // Written as Moodle writes it, the file comes back byte for byte.
        #expect(back.stdout == (try String(contentsOfFile: file, encoding: .utf8)))
        let again = try Tool.run(["convert", "--from", "moodle", try Tool.temporaryFile("k.csv", back.stdout).path, "--to", "xml"])
        #expect(again.stdout == (try String(contentsOfFile: xml, encoding: .utf8)))
    }

    @Test func convertReadsBareEncoderOutput() throws {
        let written = try Self.write()
        let direct = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "xml"])
        let bare = try Tool.run(["convert", written.path("bare-framework.json"), "--to", "xml"])
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(bare.stdout == direct.stdout)
        let roster = try Tool.run(["convert", written.path("bare-roster.json"), "--to", "xml"])
        #expect(roster.stdout == (try Tool.run(["convert", "Fixtures/sample/roster.xml", "--to", "xml"])).stdout)
    }

    /// Every file in `../shared/external` that an importer reads, alone.
    static let importable: [String] = {
        let folders = [
            "opensalt-case/samples", "opensalt-case/tests_data", "aamc-ctdl-asn", "medbiq/shortordercook",
            "adl-competency-example/competency-framework", "sfia9", "esco-v1.2.0",
        ]
        var files: [String] = []
        for folder in folders where External.has(folder) {
            let enumerator = FileManager.default.enumerator(atPath: External.url(folder).path)
            while let name = enumerator?.nextObject() as? String {
                let path = "\(folder)/\(name)"
                let isFramework = name.hasSuffix(".json") || (name.hasSuffix(".csv") && !name.hasPrefix("sample_case"))
                    || (folder.hasPrefix("medbiq") && (name.hasSuffix("competencyframework.xml") || name.hasSuffix("epas.xml")))
                    || (folder.hasPrefix("adl") && name.hasSuffix(".xml"))
                if isFramework { files.append(path) }
            }
        }
        return files.sorted()
    }()

    @Test(.enabled(if: External.has("opensalt-case"), "../shared/external is absent: the third-party files are not available"))
    func everyImportableExternalFileValidatesDirectlyAndAfterConversion() throws {
        #expect(Self.importable.count == 34)
        let folder = try Scratch.folder("ck-external")
        for (index, path) in Self.importable.enumerated() {
            let file = External.url(path).path
            let direct = try Tool.run(["validate", file])
            #expect(direct.status == 0, "\(path): \(direct.stdout)\(direct.stderr)")
            #expect(!direct.stdout.contains(": error: "), "\(path)")
            let show = try Tool.run(["show", file])
            #expect(show.status == 0, "\(path): \(show.stderr)")
            #expect(show.stdout.hasPrefix("\(file): framework "), "\(path)")
            // What convert writes validates too, schema included.
            let xml = folder.appendingPathComponent("\(index).xml").path
            var arguments = ["convert", file, "--to", "xml", "-o", xml]
            if path.hasPrefix("medbiq") || path.hasPrefix("adl") { arguments.insert(URL(fileURLWithPath: file).deletingLastPathComponent().path, at: 2) }
            let convert = try Tool.run(arguments)
            #expect(convert.status == 0, "\(path): \(convert.stderr)")
            let converted = try Tool.run(["validate", xml])
            #expect(converted.status == 0, "\(path): \(converted.stdout)")
            #expect(!converted.stdout.contains(": error: "), "\(path)")
        }
    }
}
