import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// A change reduced to what the tests compare: kind, impact, entity, ID and detail.
struct Line: Hashable, CustomStringConvertible {
    var kind: FrameworkChange.Kind
    var impact: ChangeImpact
    var entity: ChangedEntity
    var id: String
    var detail: String
    init(_ kind: FrameworkChange.Kind, _ impact: ChangeImpact, _ entity: ChangedEntity, _ id: String, _ detail: String) {
        self.kind = kind
        self.impact = impact
        self.entity = entity
        self.id = id
        self.detail = detail
    }
    init(_ change: FrameworkChange) { self.init(change.kind, change.impact, change.entity, change.id, change.detail) }
    var description: String { "\(kind.rawValue) \(impact.rawValue) \(entity.rawValue) \(id): \(detail)" }
}

func read(_ path: String) throws -> Parsed<Framework> {
    try XMLReader().readFramework(Fixtures.data(path), file: path)
}

func diff(_ old: String, _ new: String) throws -> FrameworkDiff {
    let before = try read(old)
    let after = try read(new)
    return FrameworkDiff(old: before.value, oldSourceMap: before.sourceMap, new: after.value, newSourceMap: after.sourceMap)
}

@Suite struct FrameworkDiffTests {
    @Test func theSamplesTwoVersionsDifferByExactlyTheirFiveChanges() throws {
        let result = try diff("sample/framework.xml", "sample/framework-v2.xml")
        #expect(result.changes.map(Line.init) == [
            Line(.added, .minor, .competency, "C6.5", "competency C6.5 added"),
            Line(.split, .major, .competency, "C4.2", "C4.2 split into C4.5, C4.6"),
            Line(.descriptorChanged, .patch, .competency, "C1.1", "descriptor text at L1 (en) reworded"),
            Line(.requirementRaised, .major, .position, "official", "requires competency C1.1 at L4 instead of L3"),
            Line(.teachesChanged, .minor, .module, "M-ai", "now teaches C6.5 to L3"),
        ])
        #expect(result.impact == .major)
        #expect(result.suggestedVersion.description == "2.0.0")
        #expect(result.old.declared == "1.0.0" && result.new.declared == "2.0.0")
        #expect(result.versionCheck() == nil)
        // Located in both files: the split at C4.2 in version 1, at C4.5 and C4.6 in version 2.
        let split = try #require(result.changes(of: .split).first)
        #expect(split.old.map(\.location) == [SourceLocation(file: "sample/framework.xml", line: 598, column: 5)])
        #expect(
            split.new.map(\.location) == [
                SourceLocation(file: "sample/framework-v2.xml", line: 598, column: 5),
                SourceLocation(file: "sample/framework-v2.xml", line: 643, column: 5),
            ])
        let raised = try #require(result.changes(of: .requirementRaised).first)
        #expect(raised.old.first?.location == SourceLocation(file: "sample/framework.xml", line: 1091, column: 5))
        #expect(raised.new.first?.location == SourceLocation(file: "sample/framework-v2.xml", line: 1106, column: 5))
    }

    @Test func aVersionAgainstItselfHasNoChanges() throws {
        for path in ["sample/framework.xml", "sample/framework-v2.xml", "evolution/old.xml"] {
            let result = try diff(path, path)
            #expect(result.changes.isEmpty, "\(path): \(result.changes.map(Line.init))")
            #expect(result.impact == .none)
            #expect(result.suggestedVersion.description == result.old.declared)
            #expect(result.versionCheck() == nil)
        }
    }

    @Test func splitsMergesRenamesAndRemovalsAreFoundThroughLineage() throws {
        let result = try diff("evolution/old.xml", "evolution/new.xml")
        #expect(result.changes.map(Line.init) == [
            Line(.added, .minor, .level, "B1", "level B1 added"),
            Line(.removed, .major, .level, "L1", #"level L1 removed; did you mean that B1, added with the same name, replaces it? Give it replaces="L1""#),
            Line(.removed, .major, .level, "L3", "level L3 removed"),
            Line(.removed, .major, .competency, "gone", "competency gone removed"),
            Line(.removed, .major, .module, "M-gone", "module M-gone removed"),
            Line(.split, .major, .competency, "split", "split split into split-a, split-b"),
            Line(.merged, .minor, .competency, "merged", "merge-a, merge-b merged into merged"),
            Line(.renamed, .minor, .level, "B2", "L2 renamed B2 (replaces)"),
            Line(.renamed, .minor, .competency, "new-name", "old-name renamed new-name (replaces)"),
        ])
    }

    @Test func eachImpactClassHasTheExampleEvolutionMdGives() throws {
        let old = Framework(
            id: "f", version: "1.4.2",
            scales: [Scale(id: "s", levels: [Level(id: "L1", rank: 1), Level(id: "L2", rank: 2)])],
            domains: [Domain(id: "D", title: "Domain", competencies: [Competency(id: "C", uri: "urn:x:c", title: "Old title")])],
            positions: [Position(id: "P", requirements: [Requirement(.competency("C"), level: "L1", by: ISODate("2027-01-01"))])],
            rules: [AssignmentRule(id: "R", effective: ISODate("2026-01-01"))])
        func changed(_ edit: (inout Framework) -> Void) -> FrameworkDiff {
            var new = old
            edit(&new)
            return FrameworkDiff(old: old, new: new)
        }
        let text = changed { $0.domains[0].competencies[0].title = "New title" }
        #expect(text.changes.map(Line.init) == [Line(.textChanged, .patch, .competency, "C", "title changed")])
        #expect(text.suggestedVersion.description == "1.4.3")
        let addition = changed { $0.domains[0].competencies.append(Competency(id: "C2")) }
        #expect(addition.impact == .minor && addition.suggestedVersion.description == "1.5.0")
        let lowered = changed { $0.positions[0].requirements[0].by = ISODate("2027-06-30") }
        #expect(lowered.changes.map(Line.init) == [
            Line(.deadlineLater, .minor, .position, "P", "competency C due 2027-06-30 instead of 2027-01-01")
        ])
        let earlier = changed { $0.positions[0].requirements[0].by = ISODate("2026-06-30") }
        #expect(earlier.impact == .major && earlier.suggestedVersion.description == "2.0.0")
        let raised = changed { $0.positions[0].requirements[0].level = "L2" }
        #expect(raised.changes.map(Line.init) == [
            Line(.requirementRaised, .major, .position, "P", "requires competency C at L2 instead of L1")
        ])
        // Matched by uri when the ID changed without lineage: a rename, not a removal.
        let byURI = changed {
            $0.domains[0].competencies[0].id = "C-new"
            $0.positions[0].requirements[0].target = .competency("C-new")
        }
        #expect(byURI.changes.map(Line.init) == [Line(.renamed, .minor, .competency, "C-new", "C renamed C-new (same uri)")])
        let sooner = changed { $0.rules[0].effective = ISODate("2025-06-01") }
        #expect(sooner.changes.map(Line.init) == [Line(.datesChanged, .major, .rule, "R", "effective 2026-01-01 → 2025-06-01")])
        let newRule = changed { $0.rules.append(AssignmentRule(id: "R2")) }
        #expect(newRule.changes.map(Line.init) == [Line(.added, .major, .rule, "R2", "rule R2 added")])
    }

    @Test func versionCheckNamesTheVersionToUse() throws {
        let before = try read("sample/framework.xml")
        var text = try String(contentsOf: Fixtures.url("sample/framework-v2.xml"), encoding: .utf8)
        text = text.replacingOccurrences(of: #"version="2.0.0""#, with: #"version="1.1.0""#)
        let after = try XMLReader().readFramework(Data(text.utf8), file: "v2.xml")
        let result = FrameworkDiff(old: before.value, oldSourceMap: before.sourceMap, new: after.value, newSourceMap: after.sourceMap)
        let location = FrameworkDiff.versionAttributeLocation(in: text, file: "v2.xml")
        #expect(location == SourceLocation(file: "v2.xml", line: 4, column: 70))
        let problem = try #require(result.versionCheck(versionLocation: location))
        #expect(problem.id == DiagnosticID(domain: "evolution", code: "version-too-low"))
        #expect(problem.location == location)
        #expect(
            problem.message
                == #"version 1.1.0 is too low: 2 major changes since 1.0.0 call for 2.0.0; use version="2.0.0""#)
    }

    @Test func semanticVersionsParseBumpAndOrder() throws {
        #expect(SemanticVersion("1.2.3")?.bumped(by: .major).description == "2.0.0")
        #expect(SemanticVersion("1.2.3-rc.1+b7")?.description == "1.2.3-rc.1")
        #expect(SemanticVersion("1.2") == nil && SemanticVersion("01.2.3") == nil && SemanticVersion("1.2.x") == nil)
        #expect(try #require(SemanticVersion("2.0.0-rc.1")) < #require(SemanticVersion("2.0.0")))
        #expect(try #require(SemanticVersion("1.10.0")) > #require(SemanticVersion("1.9.9")))
    }

    @Test func changeDetailsAreWrittenInTheReadersLanguage() throws {
        let vietnamese = Localizer(language: "vi", documentLanguage: "en")
        for (old, new) in [("sample/framework.xml", "sample/framework-v2.xml"), ("evolution/old.xml", "evolution/new.xml")] {
            for change in try diff(old, new).changes {
                // The English detail is the catalogue's message; every message has its words in Vietnamese.
                #expect(change.localizedDetail(nil) == change.detail)
                #expect(change.message?.rendered(.standard()) == change.detail)
                let translated = change.localizedDetail(vietnamese)
                #expect(translated != change.detail && !translated.contains("diff."), "\(change.id): \(translated)")
            }
        }
        let old = Framework(
            id: "f", version: "1.0.0", scales: [Scale(id: "s", levels: [Level(id: "L1", rank: 1)])],
            domains: [Domain(id: "D", title: "Domain", competencies: [Competency(id: "C", title: LocalizedText("Data", language: "en"))])],
            positions: [Position(id: "P", requirements: [Requirement(.competency("C"), level: "L1", by: ISODate("2027-01-01"))])])
        var new = old
        new.positions[0].requirements[0].by = ISODate("2026-06-30")
        var title = LocalizedText("Data", language: "en")
        title["vi"] = "Dữ liệu"
        new.domains[0].competencies[0].title = title
        let changes = FrameworkDiff(old: old, new: new).changes
        #expect(changes.map { $0.localizedDetail(vietnamese) } == [
            "đã thêm tên (vi)", "năng lực C có thời hạn 30/06/2026 thay vì 01/01/2027",
        ])
        #expect(changes.map { $0.localizedDetail(nil) } == ["title (vi) added", "competency C due 2026-06-30 instead of 2027-01-01"])
        #expect(changes.map { $0.localizedTitle(vietnamese) } == ["Dữ liệu", nil])
        #expect(changes.map { $0.localizedTitle(nil) } == ["Data", nil])
    }
}
