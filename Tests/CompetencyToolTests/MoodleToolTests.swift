import CompetencyTestSupport
import Foundation
import Testing

/// `convert --from moodle` and `--to moodle` as an integrator runs them: the import is
/// silent and valid, the export is the file again, and converting that back gives the same
/// native document.
@Suite struct MoodleToolTests {
    /// Runs the chain on `file` and returns what `validate` printed for the import.
    static func convertBackAndForth(_ file: String) throws -> String {
        let folder = try Scratch.folder("ck-moodle")
        defer { try? FileManager.default.removeItem(at: folder) }
        let xml = folder.appendingPathComponent("framework.xml").path
        let csv = folder.appendingPathComponent("framework.csv").path
        let imported = try Tool.run(["convert", file, "--from", "moodle", "--to", "xml", "-o", xml])
        #expect(imported.status == 0)
        #expect(imported.stderr == "")
        let validate = try Tool.run(["validate", xml])
        #expect(validate.status == 0, "\(validate.stdout)")
        let exported = try Tool.run(["convert", xml, "--to", "moodle", "-o", csv])
        #expect(exported.status == 0)
        #expect(exported.stderr == "")
        #expect(try Data(contentsOf: URL(fileURLWithPath: csv)) == (try Data(contentsOf: URL(fileURLWithPath: file, relativeTo: Fixtures.packageRoot))))
        let again = try Tool.run(["convert", csv, "--to", "xml"])
        #expect(again.stdout == (try String(contentsOfFile: xml, encoding: .utf8)))
        return validate.stdout
    }

    @Test func theBinderyFixtureGoesThereAndBack() throws {
        let report = try Self.convertBackAndForth("Fixtures/moodle/bindery.csv")
        // The one finding: the top-level row without children is an empty domain.
        #expect(report.hasSuffix("0 errors, 1 warning, 0 notes\n"), "\(report)")
        #expect(report.contains("warning: domain 'glossary' holds no competency"))
    }

    @Test(.enabled(if: External.moodleExample != nil, Comment(rawValue: External.moodleExampleAbsent)))
    func moodlesOECDExampleGoesThereAndBack() throws {
        let file = try #require(External.moodleExample).path
        #expect(try Self.convertBackAndForth(file).hasSuffix(": no problems found\n"))
    }
}
