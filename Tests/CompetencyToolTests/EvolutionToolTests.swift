import CompetencyTestSupport
import Foundation
import Testing

/// `competency diff` and `competency migrate`, run as the real binary.
@Suite struct EvolutionToolTests {
    static let sampleDiff = """
        na-digital 1.0.0 → na-digital 2.0.0: 5 changes, impact major; suggested version 2.0.0

        Added (1):
          [minor] competency C6.5: competency C6.5 added
              old: -  new: Fixtures/sample/framework-v2.xml:1063

        Split (1):
          [major] competency C4.2: C4.2 split into C4.5, C4.6
              old: Fixtures/sample/framework.xml:598  new: Fixtures/sample/framework-v2.xml:598, Fixtures/sample/framework-v2.xml:643

        Descriptors changed (1):
          [patch] competency C1.1: descriptor text at L1 (en) reworded
              old: Fixtures/sample/framework.xml:69  new: Fixtures/sample/framework-v2.xml:69

        Requirements raised (1):
          [major] position official: requires competency C1.1 at L4 instead of L3
              old: Fixtures/sample/framework.xml:1091  new: Fixtures/sample/framework-v2.xml:1106

        What modules teach changed (1):
          [minor] module M-ai: now teaches C6.5 to L3
              old: Fixtures/sample/framework.xml:1332  new: Fixtures/sample/framework-v2.xml:1351

        """

    @Test func diffsTheBundledSamplesTwoVersions() throws {
        let bundled = try Tool.run(["diff"])
        #expect(bundled.status == 0)
        #expect(bundled.stderr == "note: no input file given; using the bundled sample framework, versions 1 and 2\n")
        #expect(bundled.stdout == Self.sampleDiff)
        let files = try Tool.run(["diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework-v2.xml", "--check-version"])
        #expect(files.status == 0 && files.stderr.isEmpty)
        #expect(files.stdout == Self.sampleDiff)
    }

    /// The README shows this diff; it must be what the tool prints.
    @Test func theReadmeShowsTheDiffTheToolPrints() throws {
        let readme = try String(contentsOf: Fixtures.packageURL("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "`competency diff` compares the two:\n\n```\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        #expect(String(readme[start.upperBound..<end.lowerBound]) == Self.sampleDiff)
    }

    @Test func jsonHasTheImpactTheVersionsAndEveryChange() throws {
        let result = try Tool.run(["diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework-v2.xml", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["impact"] as? String == "major")
        #expect(object["suggestedVersion"] as? String == "2.0.0")
        #expect(object["declaredVersion"] as? String == "2.0.0")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["impact"] ?? "") \($0["kind"] ?? "") \($0["entity"] ?? "") \($0["id"] ?? "")" } == [
            "minor added competency C6.5", "major split competency C4.2", "patch descriptor-changed competency C1.1",
            "major requirement-raised position official", "minor teaches-changed module M-ai",
        ])
        let split = try #require(changes.first { $0["kind"] as? String == "split" })
        #expect((split["old"] as? [String: Any])?["line"] as? Int == 598)
        #expect((split["successors"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["C4.5", "C4.6"])
    }

    /// Any importable format: both versions as CASE packages (which hold no positions or
    /// modules), the split found through the lineage the CASE export carries.
    @Test func diffsVersionsInAnotherFormat() throws {
        let folder = try Scratch.folder("ck-diff")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (v1, v2) = (folder.appendingPathComponent("v1.json").path, folder.appendingPathComponent("v2.json").path)
        #expect(try Tool.run(["convert", "Fixtures/sample/framework.xml", "--to", "case", "-o", v1]).status == 0)
        #expect(try Tool.run(["convert", "Fixtures/sample/framework-v2.xml", "--to", "case", "-o", v2]).status == 0)
        let result = try Tool.run(["diff", v1, v2, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["kind"] ?? "") \($0["id"] ?? "")" } == ["added C6.5", "split C4.2", "descriptor-changed C1.1"])
        #expect(changes.allSatisfy { (($0["new"] as? [String: Any])?["file"] as? String) == v2 })
    }

    @Test func aVersionAgainstItselfHasNoChangesAndPassesTheVersionCheck() throws {
        let result = try Tool.run(["diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework.xml", "--check-version", "--format", "json"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        #expect(
            result.stdout == """
                {
                  "impact": "none",
                  "suggestedVersion": "1.0.0",
                  "declaredVersion": "1.0.0",
                  "previousVersion": "1.0.0",
                  "old": {"id":"na-digital","file":"Fixtures/sample/framework.xml"},
                  "new": {"id":"na-digital","file":"Fixtures/sample/framework.xml"},
                  "changes": []
                }

                """)
    }

    @Test func checkVersionFailsAtTheVersionAttributeWhenItIsTooLow() throws {
        let text = try String(contentsOf: Fixtures.url("sample/framework-v2.xml"), encoding: .utf8)
            .replacingOccurrences(of: #"version="2.0.0""#, with: #"version="1.1.0""#)
        let file = try Tool.temporaryFile("v2.xml", text)
        let result = try Tool.run(["diff", "Fixtures/sample/framework.xml", file.path, "--check-version"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("na-digital 1.0.0 → na-digital 1.1.0: 5 changes, impact major; suggested version 2.0.0\n"))
        #expect(
            result.stderr.split(separator: "\n").first.map(String.init)
                == "\(file.path):4:70: error: version 1.1.0 is too low: 2 major changes since 1.0.0 call for 2.0.0; use version=\"2.0.0\" [evolution.version-too-low]")
        // Without --check-version the same diff succeeds.
        #expect(try Tool.run(["diff", "Fixtures/sample/framework.xml", file.path]).status == 0)
    }

    @Test func migrateRewritesTheRosterAndReportsEachRecordItCannotCarry() throws {
        let folder = try Scratch.folder("ck-migrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("roster-v2.xml")
        let arguments = [
            "migrate", "Fixtures/evolution/roster.xml", "--from", "Fixtures/evolution/old.xml", "--to", "Fixtures/evolution/new.xml",
            "-o", output.path,
        ]
        let result = try Tool.run(arguments)
        #expect(result.status == 0)
        let headlines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("Fixtures/") || $0.hasPrefix("migrated") }
        #expect(headlines == [
            "Fixtures/evolution/roster.xml:8:5: note: assessment of 'merge-a' at B1 is folded into 'merged', which keeps the higher B2 from 'merge-b' [migration.merged]",
            "Fixtures/evolution/roster.xml:11:5: warning: assessment of competency 'gone' cannot be carried: the new version removes it without lineage [migration.removed-competency]",
            "Fixtures/evolution/roster.xml:12:5: warning: assessment of 'kept' at level 'L3' cannot be carried to 'kept': the new version has no level with that ID, lineage or rank [migration.removed-level]",
            "Fixtures/evolution/roster.xml:13:5: note: certificate coverage of 'merge-b' at B1 is folded into 'merged', which keeps the higher B2 from 'merge-a' [migration.merged]",
            "Fixtures/evolution/roster.xml:18:5: warning: completion of module 'M-gone' cannot be carried: the new version removes the module without lineage [migration.removed-module]",
            "migrated 2 people from evo 1.0.0 to evo 2.0.0; 3 records could not be carried",
        ])
        let migrated = try String(contentsOf: output, encoding: .utf8)
        #expect(migrated.contains(#"<assessment competency="split-a" level="B2" date="2025-01-01"/>"#))
        #expect(!migrated.contains(#"competency="gone""#))
        // The migrated roster validates against the new version.
        let check = try Tool.run(["validate", "--framework", "Fixtures/evolution/new.xml", output.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let strictOutput = folder.appendingPathComponent("strict.xml")
        let strict = try Tool.run(Array(arguments.dropLast()) + [strictOutput.path, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("error: 3 records cannot be carried to the new version, and --strict is set; nothing was written [migration.strict]"))
        #expect(!FileManager.default.fileExists(atPath: strictOutput.path))
    }

    @Test func diffWithARosterShowsTheImpactOnPeople() throws {
        let arguments = ["diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework-v2.xml", "--roster", "Fixtures/sample/roster.xml"]
        let csv = try Tool.run(arguments + ["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(lines.first == "person,unit,position,before,after,hours_before,hours_after")
        #expect(lines.count == 324)
        let text = try Tool.run(arguments)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix(Self.sampleDiff + "\nImpact on people\n  overall: 323 people; "))
        let json = try Tool.run(arguments + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["persons"] as? [Any])?.count == 323)
        let total = try #require((object["people"] as? [String: Any])?["total"] as? [String: Any])
        #expect(total["people"] as? Int == 323)
        #expect(try Tool.run(["diff", "--format", "csv"]).status == 2)
    }
}
