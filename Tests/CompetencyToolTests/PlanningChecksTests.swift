import CompetencyTestSupport
import Foundation
import Testing

/// `plan` and `coverage` plan only on what validates.
@Suite struct PlanningChecksTests {
    static func edited(_ fixture: String, _ edit: (String) -> String, name: String) throws -> URL {
        let text = try String(contentsOf: Fixtures.url(fixture), encoding: .utf8)
        return try Tool.temporaryFile(name, edit(text))
    }

    @Test func aFrameworkWithErrorsIsRefusedWithValidatesFindings() throws {
        // One requirement at a level the 8-level scale does not have: it used to be dropped silently.
        let framework = try Self.edited("sample/framework.xml", { text in
            var text = text
            if let range = text.range(of: #"<requirement competency="C1.1" level="L3""#) {
                text.replaceSubrange(range, with: #"<requirement competency="C1.1" level="L9""#)
            }
            return text
        }, name: "f.xml")
        for verb in ["plan", "coverage"] {
            let run = try Tool.run([verb, "--framework", framework.path, "--roster", "Fixtures/sample/roster.xml"])
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            let lines = run.stderr.split(separator: "\n").map(String.init)
            #expect(lines.filter { $0.contains("error: ") }.map { $0.components(separatedBy: "error: ")[1] } == [
                "level 'L9' is not on scale 'proficiency' of competency 'C1.1'; use one of 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7' and 'L8' [validation.level-not-defined]",
                "the framework has errors; fix them before planning ('competency validate' lists them) [assignment.invalid-framework]",
            ])
        }
        let validate = try Tool.run(["validate", framework.path])
        #expect(validate.stdout.contains("level 'L9' is not on scale 'proficiency' of competency 'C1.1'"))
    }

    @Test func aRosterForAnotherFrameworkIsRefused() throws {
        let roster = try Self.edited(
            "sample/roster.xml", { $0.replacingOccurrences(of: #"framework="na-digital""#, with: #"framework="other""#) }, name: "r.xml")
        let run = try Tool.run(["coverage", "--framework", "Fixtures/sample/framework.xml", "--roster", roster.path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.hasPrefix(
                "\(roster.path):3:1: error: the roster is for framework 'other', but it is checked against framework 'na-digital'; correct the roster's `framework` or plan it against the framework it names [validation.unknown-reference]\n"
            ))
    }

    @Test func duplicatePersonIDsAreAnErrorWithBothLines() throws {
        let roster = try Self.edited("sample/roster.xml", { text in
            var text = text
            if let range = text.range(of: #"id="p0002""#) { text.replaceSubrange(range, with: #"id="p0001""#) }
            return text
        }, name: "r.xml")
        let run = try Tool.run(["plan", "--framework", "Fixtures/sample/framework.xml", "--roster", roster.path])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(roster.path):110:3: error: duplicate person ID 'p0001': another person already has it; give each person its own ID [validation.duplicate-id]"))
        #expect(lines.contains("\(roster.path):100:3: note: the first person 'p0001' is here"))
        let lenient = try Tool.run(["plan", "--framework", "Fixtures/sample/framework.xml", "--roster", roster.path, "--lenient"])
        #expect(lenient.status == 0)
        #expect(!lenient.stdout.contains("p0001"))
        #expect(lenient.stderr.contains("warning: duplicate person ID 'p0001': another person already has it; give each person its own ID; every person with this ID is skipped [validation.duplicate-id]"))
    }
}
