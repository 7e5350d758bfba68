import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

@Suite struct MigrationTests {
    static func evolution() throws -> RosterEvolution {
        RosterEvolution(from: try read("evolution/old.xml").value, to: try read("evolution/new.xml").value)
    }

    @Test func splitsMergesRenamesAndRemovalsMoveEveryRecordOrReportIt() throws {
        var written = Data()
        let source = DocumentSource.data(try Fixtures.data("evolution/roster.xml"), name: "roster.xml")
        let summary = try Self.evolution().migrate(source) { written.append($0) }
        #expect(summary.people == 2)
        #expect(summary.diagnostics.map(\.description) == [
            "roster.xml:8:5: note: assessment of 'merge-a' at B1 is folded into 'merged', which keeps the higher B2 from 'merge-b' [migration.merged]",
            "roster.xml:11:5: warning: assessment of competency 'gone' cannot be carried: the new version removes it without lineage [migration.removed-competency]",
            "roster.xml:12:5: warning: assessment of 'kept' at level 'L3' cannot be carried to 'kept': the new version has no level with that ID, lineage or rank [migration.removed-level]",
            "roster.xml:13:5: note: certificate coverage of 'merge-b' at B1 is folded into 'merged', which keeps the higher B2 from 'merge-a' [migration.merged]",
            "roster.xml:18:5: warning: completion of module 'M-gone' cannot be carried: the new version removes the module without lineage [migration.removed-module]",
        ])
        #expect(summary.hasLosses)
        let roster = try XMLReader().readRoster(written).value
        let first = try #require(roster.people.first)
        #expect(first.assessments == [
            Assessment(competency: "split-a", level: "B2", date: ISODate("2025-01-01")),
            Assessment(competency: "split-b", level: "B2", date: ISODate("2025-01-01")),
            Assessment(competency: "merged", level: "B2", date: ISODate("2025-03-01")),
            Assessment(competency: "new-name", level: "B1"),
        ])
        #expect(first.certificates.map(\.covers) == [[Coverage(competency: "merged", level: "B2")]])
        #expect(first.completions == [Completion(module: "M1", date: ISODate("2025-01-05"))])
        #expect(roster.people.last?.assessments == [Assessment(competency: "kept", level: "B2")])
        // The streamed output is what the whole-roster writer writes for the same roster.
        #expect(written == XMLWriter().write(roster))
    }

    @Test func strictMigrationWritesNothingWhenARecordWouldBeLost() throws {
        var written = Data()
        let source = DocumentSource.data(try Fixtures.data("evolution/roster.xml"), name: "roster.xml")
        #expect {
            _ = try Self.evolution().migrate(source, strict: true) { written.append($0) }
        } throws: { error in
            guard let error = error as? DiagnosticError else { return false }
            return error.diagnostics.last?.message
                == "3 records cannot be carried to the new version, and --strict is set; nothing was written"
                && error.diagnostics.filter { $0.severity == .warning }.count == 3
        }
        #expect(written.isEmpty)
    }

    @Test func theSampleRosterMovesToVersionTwoWithoutLoss() throws {
        let evolution = RosterEvolution(from: try read("sample/framework.xml").value, to: try read("sample/framework-v2.xml").value)
        var written = Data()
        let source = DocumentSource.data(try Fixtures.data("sample/roster.xml"), name: "roster.xml")
        let summary = try evolution.migrate(source, strict: true) { written.append($0) }
        #expect(summary.people == 323 && summary.diagnostics.isEmpty)
        let before = try XMLReader().readRoster(Fixtures.data("sample/roster.xml")).value
        let after = try XMLReader().readRoster(written).value
        #expect(written == XMLWriter().write(after))
        // Every record of C4.2 became one of C4.5 and one of C4.6, at the same level.
        func count(_ roster: Roster, _ id: Competency.ID) -> Int {
            roster.people.reduce(0) { $0 + $1.assessments.filter { $0.competency == id }.count }
        }
        #expect(count(before, "C4.2") > 0)
        #expect(count(after, "C4.2") == 0)
        #expect(count(after, "C4.5") == count(before, "C4.2") && count(after, "C4.6") == count(before, "C4.2"))
        #expect(before.people.map(\.completions) == after.people.map(\.completions))
    }

    @Test func theStreamedWriterKeepsForeignContentAndItsNamespaces() throws {
        let roster = try XMLReader().readRoster(Fixtures.data("format-examples/roster.xml")).value
        var namespaces = RosterStreamWriter.ForeignNamespaces()
        roster.people.forEach { namespaces.add($0) }
        var writer = RosterStreamWriter(header: roster, hasPeople: !roster.people.isEmpty, namespaces: namespaces)
        var data = writer.start()
        for person in roster.people { data.append(writer.write(person)) }
        data.append(writer.finish())
        #expect(data == XMLWriter().write(roster))
        // Appending to one buffer, as convert does, gives the same bytes, and keeps what the
        // buffer already held.
        var appending = RosterStreamWriter(header: roster, hasPeople: !roster.people.isEmpty, namespaces: namespaces)
        var buffer = [UInt8](appending.start())
        for person in roster.people { appending.write(person, appendingTo: &buffer) }
        buffer += appending.finish()
        #expect(Data(buffer) == data)
        var empty = RosterStreamWriter(header: Roster(framework: "f"), hasPeople: false)
        var bytes = empty.start()
        bytes.append(empty.finish())
        #expect(bytes == XMLWriter().write(Roster(framework: "f")))
    }

    @Test func peopleImpactComparesEachPersonAgainstBothVersions() throws {
        let evolution = RosterEvolution(from: try read("sample/framework.xml").value, to: try read("sample/framework-v2.xml").value)
        var rows: [PeopleImpact.Person] = []
        let source = DocumentSource.data(try Fixtures.data("sample/roster.xml"), name: "roster.xml")
        let result = try evolution.peopleImpact(source) { rows.append($0) }
        #expect(result.diagnostics.isEmpty)
        #expect(rows.count == 323 && result.impact.total.people == 323)
        // The counts are those of the rows, recomputed here.
        let meets: (PersonPlan.Status) -> Bool = { $0 == .compliant || $0 == .exempt }
        #expect(result.impact.total.nowNeedTraining == rows.filter { meets($0.before) && $0.after == .needsTraining }.count)
        #expect(result.impact.total.nowMeet == rows.filter { !meets($0.before) && meets($0.after) }.count)
        let added = rows.map { max(0, $0.hoursAfter - $0.hoursBefore) }.reduce(0, +)
        #expect(abs(result.impact.total.hoursAdded - added) < 1e-9)
        // Officials now need C1.1 at L4: some who met their requirements no longer do.
        let officials = rows.filter { $0.position == "official" }
        #expect(officials.contains { meets($0.before) && $0.after == .needsTraining })
        #expect(rows.filter { $0.position != "official" && $0.hoursAfter < $0.hoursBefore }.isEmpty)
        let root = try #require(result.impact.units.first)
        #expect(root.unit == "NA" && root.tally.people == 323 && root.tally == result.impact.total)
    }
}
