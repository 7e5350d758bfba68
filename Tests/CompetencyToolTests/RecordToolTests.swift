import CompetencyTestSupport
import Foundation
import Testing

/// `competency record`: xAPI statements into a roster, run through the real binary.
@Suite struct RecordToolTests {
    static let base = ["--framework", "Fixtures/xapi/framework.xml", "--actor-attribute", "email"]

    static func output() throws -> URL {
        let folder = try Scratch.folder("ck-record")
        return folder.appendingPathComponent("roster.xml")
    }

    /// The diagnostics' first lines, without the source lines and carets.
    static func headers(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains(": warning: ") || $0.contains(": note: ") || $0.contains(": error: ") }
    }

    static let recorded = """
        <?xml version="1.0" encoding="UTF-8"?>
        <roster xmlns="urn:competencykit:1" xmlns:xapi="urn:competencykit:interchange:xapi" framework="kitchen">
          <person id="ana">
            <name>Ana</name>
            <attribute name="email" value="ana@example.org"/>
            <assessment competency="knife" level="master" date="2026-02-04" method="test" xapi:statement="6690e6c9-3ef0-4ed3-8b37-7f3964730ee2"/>
            <completion module="M-knife" date="2026-02-03" xapi:statement="6690e6c9-3ef0-4ed3-8b37-7f3964730ee1"/>
          </person>
          <person id="bao">
            <name>Bao</name>
            <attribute name="email" value="mailto:bao@example.org"/>
            <assessment competency="hygiene" level="expert" date="2026-02-05" method="test" xapi:statement="6690e6c9-3ef0-4ed3-8b37-7f3964730ee3"/>
          </person>
          <person id="chi">
            <name>Chi</name>
            <attribute name="email" value="chi-lms-7"/>
            <assessment competency="knife" level="able" date="2026-03-01" method="test" xapi:statement="0b4ee3d4-52b5-4a36-9d0c-5e0f8f7f0a01"/>
            <completion module="M-hygiene" date="2026-02-06" xapi:statement="6690e6c9-3ef0-4ed3-8b37-7f3964730ee4"/>
          </person>
        </roster>

        """

    static let reported = [
        "Fixtures/xapi/statements.json:39:15: warning: statement 4 (6690e6c9-3ef0-4ed3-8b37-7f3964730ee5): $[4].result.success: a passed statement needs success true (cmi5) [xapi.cmi5]",
        "Fixtures/xapi/statements.json:47:25: warning: statement 5 (6690e6c9-3ef0-4ed3-8b37-7f3964730ee6): $[5].result.score: only passed and failed statements may carry a score (cmi5) [xapi.cmi5]",
        "Fixtures/xapi/statements.json:52:14: warning: statement 6 (6690e6c9-3ef0-4ed3-8b37-7f3964730ee7): $[6].actor: no person has the attribute 'email' equal to mailto:dung@example.org [xapi.unmatched-actor]",
        "Fixtures/xapi/statements.json:61:15: warning: statement 7 (6690e6c9-3ef0-4ed3-8b37-7f3964730ee8): $[7].object.id https://lms.example.org/courses/unknown is the URI of no module or competency of the framework [xapi.unmatched-activity]",
        "Fixtures/xapi/statements.json:77:3: note: statement 10 (6690e6c9-3ef0-4ed3-8b37-7f3964730ee1): its ID was seen before; it counts once [xapi.duplicate]",
        "Fixtures/xapi/statements.json:87:13: note: statement 11 (6690e6c9-3ef0-4ed3-8b37-7f3964730ef1): the verb http://adlnet.gov/expapi/verbs/experienced records nothing (completed and passed do) [xapi.verb]",
        "Fixtures/xapi/statements.json:90:3: warning: statement 12: $[12].id is missing: a statement without an ID cannot be recorded only once [xapi.malformed]",
        "Fixtures/xapi/page.json:11:5: note: statement 1 (0b4ee3d4-52b5-4a36-9d0c-5e0f8f7f0a02): failed: nothing is recorded [xapi.failed]",
        "Fixtures/xapi/statements.json:64:3: note: statement 8 (6690e6c9-3ef0-4ed3-8b37-7f3964730ee9): voided by a later statement; ignored [xapi.voided]",
    ]

    @Test func recordsCompletionsAndAssessmentsAndReportsEveryOtherStatement() throws {
        let out = try Self.output()
        let result = try Tool.run(
            ["record", "Fixtures/xapi/roster.xml", "Fixtures/xapi/statements.json", "Fixtures/xapi/page.json"] + Self.base + ["-o", out.path])
        #expect(result.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8) == Self.recorded)
        #expect(Self.headers(result.stderr) == Self.reported)
        #expect(result.stderr.hasSuffix("\nrecorded 3 assessments and 2 completions from 15 statements; 5 could not be used\n"))
        #expect(result.stdout.isEmpty)
    }

    @Test func recordingTheSameStatementsAgainChangesNothing() throws {
        let first = try Self.output()
        let files = ["Fixtures/xapi/statements.json", "Fixtures/xapi/page.json"]
        #expect(try Tool.run(["record", "Fixtures/xapi/roster.xml"] + files + Self.base + ["-o", first.path]).status == 0)
        let second = try Self.output()
        let again = try Tool.run(["record", first.path] + files + Self.base + ["-o", second.path])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: second) == Data(contentsOf: first))
        #expect(again.stderr.hasSuffix("\nrecorded 0 assessments and 0 completions from 15 statements; 5 could not be used\n"))
        // The five recorded statements, and the one given twice in the file, are duplicates now.
        #expect(Self.headers(again.stderr).filter { $0.hasSuffix("[xapi.duplicate]") }.count == 6)
    }

    @Test func strictWritesNothingWhenAStatementCannotBeUsed() throws {
        let out = try Self.output()
        let result = try Tool.run(["record", "Fixtures/xapi/roster.xml", "Fixtures/xapi/statements.json"] + Self.base + ["--strict", "-o", out.path])
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(Self.headers(result.stderr).filter { $0.contains(": error: ") }.count == 5)
        #expect(result.stderr.hasSuffix("could not be used; --strict: nothing written\n"))
        // Statements that all apply pass under --strict.
        let page = try Tool.run(["record", "Fixtures/xapi/roster.xml", "Fixtures/xapi/page.json"] + Self.base + ["--strict", "-o", out.path])
        #expect(page.status == 0)
        #expect(page.stderr.hasSuffix("recorded 1 assessment and 0 completions from 2 statements; 0 could not be used\n"))
    }

    @Test func configuredThresholdsGiveTheLevels() throws {
        let out = try Self.output()
        let result = try Tool.run(
            ["record", "Fixtures/xapi/roster.xml", "Fixtures/xapi/statements.json", "Fixtures/xapi/page.json"] + Self.base
                + ["--thresholds", "Fixtures/xapi/thresholds.json", "-o", out.path])
        #expect(result.status == 0)
        let levels = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").filter { $0.contains("<assessment") }.map {
            $0.split(separator: " ").filter { $0.hasPrefix("competency=") || $0.hasPrefix("level=") }.joined(separator: " ")
        }
        // 0.8 ≥ 0.7 is expert, 0.5 ≥ 0.4 able, 0.3 novice.
        #expect(levels == [#"competency="knife" level="expert""#, #"competency="hygiene" level="able""#, #"competency="knife" level="novice""#])
        let bad = try Tool.temporaryFile("thresholds.json", #"{"scales": {"skill": {"guru": 0.9}}}"#)
        let refused = try Tool.run(["record", "Fixtures/xapi/roster.xml", "Fixtures/xapi/page.json"] + Self.base + ["--thresholds", bad.path, "-o", out.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(":1:31: error: $.scales.skill.guru: scale 'skill' has no level 'guru' [usage.thresholds]"))
    }

    @Test func actorsMatchWhateverTheCaseOfMailtoAndTheWhiteSpaceAroundThem() throws {
        let statements = try Tool.temporaryFile(
            "actors.json",
            """
            [{"id": "7d0c0a52-0000-4000-8000-000000000001", "actor": {"mbox": "MAILTO:ana@example.org"},
              "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms.example.org/courses/knife-basics"},
              "timestamp": "2026-03-01T09:00:00Z"},
             {"id": "7d0c0a52-0000-4000-8000-000000000002", "actor": {"mbox": " mailto:ana@example.org\t"},
              "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms.example.org/courses/knife-basics"},
              "timestamp": "2026-03-02T09:00:00Z"},
             {"id": "7d0c0a52-0000-4000-8000-000000000003", "actor": {"mbox": "mailto:Ana@example.org"},
              "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms.example.org/courses/knife-basics"},
              "timestamp": "2026-03-03T09:00:00Z"}]
            """)
        let out = try Self.output()
        let result = try Tool.run(["record", "Fixtures/xapi/roster.xml", statements.path] + Self.base + ["-o", out.path])
        #expect(result.status == 0)
        // The address itself is compared as written: Ana@ is not ana@.
        #expect(Self.headers(result.stderr) == ["\(statements.path):7:58: warning: statement 2 (7d0c0a52-0000-4000-8000-000000000003): $[2].actor: no person has the attribute 'email' equal to mailto:Ana@example.org [xapi.unmatched-actor]"])
        #expect(result.stderr.hasSuffix("recorded 0 assessments and 2 completions from 3 statements; 1 could not be used\n"))
    }

    @Test func aLaterVoidingStatementRemovesTheRecordOfAnEarlierRun() throws {
        let first = try Self.output()
        #expect(try Tool.run(["record", "Fixtures/xapi/roster.xml", "Fixtures/xapi/page.json"] + Self.base + ["-o", first.path]).status == 0)
        #expect(try String(contentsOf: first, encoding: .utf8).contains("0b4ee3d4-52b5-4a36-9d0c-5e0f8f7f0a01"))
        let voiding = try Tool.temporaryFile(
            "void.json",
            #"[{"id": "0b4ee3d4-52b5-4a36-9d0c-5e0f8f7f0aff", "actor": {"openid": "chi-lms-7"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}, "object": {"objectType": "StatementRef", "id": "0b4ee3d4-52b5-4a36-9d0c-5e0f8f7f0a01"}}]"#)
        let second = try Self.output()
        let result = try Tool.run(["record", first.path, voiding.path] + Self.base + ["-o", second.path])
        #expect(result.status == 0)
        #expect(result.stderr == "recorded 0 assessments and 0 completions from 1 statement; 0 could not be used; 1 earlier record voided\n")
        #expect(try String(contentsOf: second, encoding: .utf8) == String(contentsOf: URL(fileURLWithPath: "Fixtures/xapi/roster.xml", relativeTo: Fixtures.packageRoot), encoding: .utf8))
    }

    @Test func inputThatIsNotXAPIIsUnusable() throws {
        let out = try Self.output()
        let object = try Tool.temporaryFile("object.json", #"{"id": "x"}"#)
        let shape = try Tool.run(["record", "Fixtures/xapi/roster.xml", object.path] + Self.base + ["-o", out.path])
        #expect(shape.status == 2)
        #expect(shape.stderr.contains(
            ":1:1: error: expected xAPI statements: a JSON array of statements or an LRS page {\"statements\": [...]} [usage.xapi-statements]"))
        let broken = try Tool.temporaryFile("broken.json", "[{\"id\": ")
        #expect(try Tool.run(["record", "Fixtures/xapi/roster.xml", broken.path] + Self.base + ["-o", out.path]).status == 2)
        let missing = try Tool.run(["record", "Fixtures/xapi/roster.xml", "Fixtures/xapi/none.json"] + Self.base + ["-o", out.path])
        #expect(missing.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let noStatements = try Tool.run(["record", "Fixtures/xapi/roster.xml"] + Self.base)
        #expect(noStatements.status == 2)
    }
}
