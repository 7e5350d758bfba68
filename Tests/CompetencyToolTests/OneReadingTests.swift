import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// Planning in one reading of the roster (`PlanningInput.RosterChecking.whileEvaluating`):
/// the same results and the same refusals as checking the roster first, and the tool's
/// `plan -o FILE` and `coverage` use it without losing anything.
@Suite struct OneReadingTests {
    static let miniFramework = Fixtures.url("assignment/framework.xml").path

    /// The mini roster with the changes a test needs, in a file of its own.
    static func roster(_ name: String, _ edit: (String) -> String) throws -> URL {
        let text = try String(contentsOf: Fixtures.url("assignment/roster-bad.xml"), encoding: .utf8)
        return try Tool.temporaryFile(name, edit(text))
    }

    /// The mini roster without its bad person.
    static func goodRoster(_ edit: (String) -> String = { $0 }) throws -> URL {
        try roster("roster.xml") { text in
            edit(text.replacingOccurrences(of: "  <person id=\"p5\" unit=\"HQ\" position=\"pilot\">\n    <completion module=\"M-nope\"/>\n  </person>\n", with: ""))
        }
    }

    static func plans(_ input: PlanningInput) throws(DiagnosticError) -> (plans: [PersonPlan], summary: PlanningInput.EvaluationSummary) {
        var plans: [PersonPlan] = []
        let summary = try input.forEachEvaluation { plans.append($0.plan) }
        return (plans, summary)
    }

    @Test func oneReadingPlansAsTwoDo() throws {
        let framework = DocumentSource.file(Fixtures.url("sample/framework.xml").path)
        let roster = DocumentSource.file(Fixtures.url("sample/roster.xml").path)
        let twice = try PlanningInput.load(framework: framework, roster: roster)
        let once = try PlanningInput.load(framework: framework, roster: roster, checking: .whileEvaluating)
        #expect(twice.checking == .beforeEvaluating)
        #expect(once.checking == .whileEvaluating)
        #expect(twice.peopleCount == 323)
        #expect(once.peopleCount == nil)
        #expect(once.roster == twice.roster)
        #expect(once.diagnostics == twice.diagnostics)
        let (expected, expectedSummary) = try Self.plans(twice)
        let (found, summary) = try Self.plans(once)
        #expect(expected.count == 323)
        #expect(found == expected)
        #expect(summary == expectedSummary)
        #expect(summary.count == 323)
    }

    /// Lenient loading, and a roster in memory, are checked first whatever was asked.
    @Test func lenientAndInMemoryRostersAreCheckedFirst() throws {
        let framework = DocumentSource.file(Self.miniFramework)
        let bad = DocumentSource.file(Fixtures.url("assignment/roster-bad.xml").path)
        let lenient = try PlanningInput.load(framework: framework, roster: bad, lenient: true, checking: .whileEvaluating)
        #expect(lenient.checking == .beforeEvaluating)
        #expect(lenient.skipped == ["p5"])
        #expect(lenient.peopleCount == 5)
        let memory = DocumentSource.data(try Fixtures.data("assignment/roster.xml"), name: "roster.xml")
        #expect(try PlanningInput.load(framework: framework, roster: memory, checking: .whileEvaluating).checking == .beforeEvaluating)
    }

    /// Each mismatch a first reading finds (a bad position, an unknown module, a duplicate
    /// person, an unknown unit) is thrown by the one reading at its end, word for word.
    @Test func aMismatchIsRefusedAtTheEndWithTheSameDiagnostics() throws {
        let file = try Self.roster("mismatch.xml") { text in
            text.replacingOccurrences(of: "<person id=\"p4\" unit=\"HQ.IT\"", with: "<person id=\"p1\" unit=\"HQ.NOWHERE\"")
        }
        let framework = DocumentSource.file(Self.miniFramework)
        let roster = DocumentSource.file(file.path)
        var refusal: [Diagnostic] = []
        do {
            _ = try PlanningInput.load(framework: framework, roster: roster)
            Issue.record("the roster was not refused")
        } catch { refusal = error.diagnostics }
        #expect(
            refusal.map(\.id.description) == [
                "validation.duplicate-id", "validation.unknown-reference", "validation.unknown-reference",
                "validation.unknown-reference", "assignment.roster-mismatch",
            ])
        #expect(refusal.map(\.location?.line) == [14, 14, 18, 18, nil])

        let once = try PlanningInput.load(framework: framework, roster: roster, checking: .whileEvaluating)
        var delivered: [Person.ID] = []
        do {
            try once.forEachEvaluation { delivered.append($0.person) }
            Issue.record("the one reading did not refuse the roster")
        } catch {
            #expect(error.diagnostics == refusal)
        }
        // Once p1 turns up again, nobody more is evaluated.
        #expect(delivered == ["p1", "p2", "p3"])
    }

    /// People before a unit written after them were evaluated on a unit tree without it: the
    /// one reading says so, and loading again with the roster checked first plans it.
    @Test func unitsAfterPeopleNeedTwoReadings() throws {
        let file = try Self.goodRoster { text in
            text.replacingOccurrences(of: "</roster>", with: "  <unit id=\"LATE\"><title>Late unit</title></unit>\n</roster>")
                .replacingOccurrences(of: "<person id=\"p3\" unit=\"HQ\"", with: "<person id=\"p3\" unit=\"LATE\"")
        }
        let framework = DocumentSource.file(Self.miniFramework)
        let once = try PlanningInput.load(framework: framework, roster: .file(file.path), checking: .whileEvaluating)
        do {
            _ = try Self.plans(once)
            Issue.record("a roster with units after its people was planned in one reading")
        } catch {
            #expect(error.diagnostics.map(\.id) == [PlanningInput.unitsAfterPeople])
        }
        let twice = try PlanningInput.load(framework: framework, roster: .file(file.path))
        #expect(try Self.plans(twice).plans.map(\.person) == ["p1", "p2", "p3", "p4"])
    }

    @Test func aRefusedPlanLeavesTheOutputAsItWas() throws {
        let output = try Tool.temporaryFile("plan.csv", "what was there\n")
        let roster = Fixtures.url("assignment/roster-bad.xml").path
        let arguments = ["plan", "--framework", Self.miniFramework, "--roster", roster, "--format", "csv"]
        let toStandardOutput = try Tool.run(arguments)
        let toFile = try Tool.run(arguments + ["-o", output.path])
        #expect(toStandardOutput.status == 1)
        #expect(toStandardOutput.stdout == "")
        #expect(toFile.status == 1)
        #expect(toFile.stderr == toStandardOutput.stderr)
        #expect(toFile.stderr.hasSuffix("error: the roster does not match the framework; fix it, or pass --lenient to skip these people [assignment.roster-mismatch]\n"))
        #expect(try String(contentsOf: output, encoding: .utf8) == "what was there\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path) == ["plan.csv"])
    }

    /// `plan -o FILE` and `coverage` read a roster with late units twice, silently: the same
    /// bytes and the same messages as a plan to standard output, which always reads twice.
    @Test func theToolReadsLateUnitsTwiceWithoutSayingAnythingTwice() throws {
        let roster = try Self.goodRoster { text in
            text.replacingOccurrences(of: "</roster>", with: "  <unit id=\"LATE\"><title>Late unit</title></unit>\n</roster>")
                .replacingOccurrences(of: "<person id=\"p3\" unit=\"HQ\"", with: "<person id=\"p3\" unit=\"LATE\"")
        }
        let output = roster.deletingLastPathComponent().appendingPathComponent("plan.csv")
        let arguments = ["plan", "--framework", Self.miniFramework, "--roster", roster.path, "--format", "csv"]
        let toStandardOutput = try Tool.run(arguments)
        let toFile = try Tool.run(arguments + ["-o", output.path])
        #expect(toStandardOutput.status == 0)
        #expect(toFile.status == 0)
        #expect(toStandardOutput.stdout.contains("p3,"))
        #expect(try String(contentsOf: output, encoding: .utf8) == toStandardOutput.stdout)
        #expect(toFile.stderr == toStandardOutput.stderr)
        #expect(toFile.stderr == "")

        let coverage = try Tool.run(["coverage", "--framework", Self.miniFramework, "--roster", roster.path, "--by", "unit", "--format", "csv"])
        #expect(coverage.status == 0)
        #expect(coverage.stderr == "")
        #expect(coverage.stdout.contains("LATE,"))
    }
}
