import CompetencyTestSupport
import Foundation
import Testing

/// End-to-end tests: they run the real `competency` binary and compare its output.
enum Tool {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("competency")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the tool, or another `executable`, in `directory` (by default the package root).
    static func run(_ arguments: [String], in directory: URL? = nil, executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Fixtures.packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFile(_ name: String, _ contents: String) throws -> URL {
        let folder = try Scratch.folder("ck-tool")
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

@Suite struct ShowTests {
    @Test func summarisesTheBundledSample() throws {
        let result = try Tool.run(["show"])
        #expect(result.status == 0)
        #expect(result.stderr == "note: no input file given; using the bundled sample (framework and roster)\n")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Fixtures/sample/framework.xml: framework na-digital version 1.0.0")
        #expect(lines.contains("  status:     published"))
        #expect(lines.contains("  languages:  en, vi"))
        #expect(lines.contains("  domains:      6"))
        #expect(lines.contains("  competencies: 24"))
        #expect(lines.contains("  descriptors:  192"))
        #expect(lines.contains("  levels:       8"))
        #expect(lines.contains("  bands:        4"))
        #expect(
            lines.contains(
                "  scale proficiency: L1 L2 L3 L4 L5 L6 L7 L8 in bands basic (L1 L2), intermediate (L3 L4), advanced (L5 L6), specialised (L7 L8)"
            ))
        #expect(lines.contains("Fixtures/sample/roster.xml: roster for framework na-digital"))
        #expect(lines.contains("  people:       323"))
    }

    @Test func summarisesAFileAsJSON() throws {
        let result = try Tool.run(["show", "Fixtures/format-examples/plan.xml", "--format", "json"])
        #expect(result.status == 0)
        let summaries = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(summaries?.first?["kind"] as? String == "plan")
        #expect((summaries?.first?["statuses"] as? [String: Int]) == ["unsatisfiable": 1])
    }

    @Test func printsLocatedErrorsAndExitsWithOneForABrokenDocument() throws {
        let file = try Tool.temporaryFile("broken.xml", "<framework xmlns=\"urn:competencykit:1\" id=\"f\">\n  <domain id=\"D\">\n</framework>\n")
        let result = try Tool.run(["show", file.path])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == """
                    \(file.path):2:3: error: element <domain> is not closed: </framework> on line 3 comes first; add </domain> before it [xml.unclosed-element]
                      <domain id="D">
                      ^

                    """
        )
        #expect(result.stdout.isEmpty)
    }

    @Test func exitsWithTwoForAMissingFile() throws {
        let result = try Tool.run(["show", "no/such/file.xml"])
        #expect(result.status == 2)
        #expect(result.stderr == "no/such/file.xml: error: no such file; check the path [io.no-such-file]\n")
    }

    @Test func refusesAHostileDocument() throws {
        let file = try Tool.temporaryFile(
            "xxe.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE framework [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<framework xmlns=\"urn:competencykit:1\" id=\"f\"><title>&x;</title></framework>\n"
        )
        let result = try Tool.run(["show", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(file.path):2:1: error: the document has a DOCTYPE ('framework')"))
        #expect(!result.stderr.contains("root:"))
    }
}

@Suite struct ConvertTests {
    @Test func convertsXMLToJSONAndBackToTheSameXML() throws {
        let folder = try Scratch.folder("ck-convert")
        let json = folder.appendingPathComponent("f.json").path
        let xml = folder.appendingPathComponent("f.xml").path
        let direct = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "xml"])
        #expect(direct.status == 0)
        #expect(try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "json", "-o", json]).status == 0)
        #expect(try Tool.run(["convert", json, "--to", "xml", "-o", xml]).status == 0)
        let viaJSON = try String(contentsOfFile: xml, encoding: .utf8)
        #expect(viaJSON == direct.stdout)
        #expect(direct.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<framework xmlns=\"urn:competencykit:1\" xml:lang=\"en\" id=\"na-digital\""))
    }

    @Test func convertsTheBundledSampleWhenNoFileIsGiven() throws {
        let result = try Tool.run(["convert", "--to", "json"])
        #expect(result.status == 0)
        #expect(result.stderr == "note: no input file given; using the bundled sample framework\n")
        #expect(result.stdout.hasPrefix("{\n  \"framework\" : {"))
    }

    @Test func explainsJSONThatIsNotADocument() throws {
        let file = try Tool.temporaryFile("bad.json", "{\"framework\": {\"id\": 3}}")
        let result = try Tool.run(["convert", file.path, "--to", "xml"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(file.path): error: the JSON is not a CompetencyKit document:"))
    }

    @Test func rejectsAnUnknownTargetFormat() throws {
        let result = try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: The value 'yaml' is invalid for '--to <format>'"))
    }
}
