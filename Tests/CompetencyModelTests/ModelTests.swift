import CompetencyModel
import Foundation
import Testing

@Suite struct ISODateTests {
    @Test func parsesAndPrintsCalendarDates() throws {
        let date = try #require(ISODate("2026-02-28"))
        #expect(date.year == 2026 && date.month == 2 && date.day == 28)
        #expect(date.description == "2026-02-28")
        #expect(ISODate("2024-02-29") != nil)
    }

    @Test func rejectsImpossibleOrMalformedDates() {
        #expect(ISODate("2026-02-29") == nil)
        #expect(ISODate("2026-13-01") == nil)
        #expect(ISODate("2026-1-01") == nil)
        #expect(ISODate("26-01-01xx") == nil)
        #expect(ISODate("") == nil)
    }

    @Test func ordersChronologically() throws {
        let earlier = try #require(ISODate("2025-12-31"))
        let later = try #require(ISODate("2026-01-01"))
        #expect(earlier < later)
    }
}

@Suite struct IdentifierTests {
    @Test func checksTokenSyntax() {
        #expect(Competency.ID("C1.1").isValidToken)
        #expect(Competency.ID("_x-1.a").isValidToken)
        #expect(!Competency.ID("1abc").isValidToken)
        #expect(!Competency.ID("a b").isValidToken)
        #expect(!Competency.ID("").isValidToken)
    }

    @Test func encodesAsPlainString() throws {
        let data = try JSONEncoder().encode([Competency.ID("C1.1")])
        #expect(String(decoding: data, as: UTF8.self) == #"["C1.1"]"#)
    }
}

@Suite struct LocalizedTextTests {
    @Test func looksUpAndReplacesVariantsByLanguage() {
        var text = LocalizedText("Safety", language: "en")
        text["vi"] = "An toàn"
        #expect(text.languages == ["en", "vi"])
        #expect(text["vi"] == "An toàn")
        #expect(text.value(preferring: "fr") == "Safety")
        text["en"] = nil
        #expect(text.languages == ["vi"])
    }
}

@Suite struct IndexTests {
    static let framework = Framework(
        id: "f",
        scales: [Scale(id: "s", levels: [Level(id: "L1", rank: 1, band: "basic"), Level(id: "L2", rank: 2, band: "basic"), Level(id: "L3", rank: 3, band: "mid")])],
        domains: [
            Domain(id: "D1", competencies: [
                Competency(id: "C1", levels: ["L1", "L2"], children: [Competency(id: "C1.a")]),
                Competency(id: "C2"),
            ])
        ],
        positions: [
            Position(id: "base", requirements: [Requirement(.competency("C1"), level: "L1")]),
            Position(id: "mid", extends: "base", requirements: [Requirement(.domain("D1"), level: "L2")]),
            Position(id: "top", extends: "mid"),
            Position(id: "loopA", extends: "loopB"),
            Position(id: "loopB", extends: "loopA"),
        ]
    )

    @Test func findsNestedCompetenciesAndTheirDomain() {
        let index = FrameworkIndex(Self.framework)
        #expect(index.competency("C1.a")?.id == "C1.a")
        #expect(index.domain(of: "C1.a") == "D1")
        #expect(index.parent(of: "C1.a") == "C1")
        #expect(index.competencies(in: "D1") == ["C1", "C1.a", "C2"])
    }

    @Test func resolvesDefinedLevelsAndRanks() {
        let index = FrameworkIndex(Self.framework)
        #expect(index.definedLevels(of: "C1") == ["L1", "L2"])
        #expect(index.definedLevels(of: "C2") == ["L1", "L2", "L3"])
        #expect(index.isDefined("L3", for: "C2"))
        #expect(!index.isDefined("L3", for: "C1"))
        #expect(index.rank(of: "L3", for: "C1") == 3)
        #expect(Self.framework.scales[0].bands.map(\.id) == ["basic", "mid"])
    }

    @Test func inheritsRequirementsThroughExtends() {
        let index = FrameworkIndex(Self.framework)
        #expect(index.lineage(of: "top") == ["top", "mid", "base"])
        #expect(index.effectiveRequirements(of: "top").map(\.declaredBy) == ["mid", "base"])
        #expect(index.position("top", isOrExtends: "base"))
        #expect(!index.position("base", isOrExtends: "top"))
    }

    @Test func stopsAtExtendsCycles() {
        let index = FrameworkIndex(Self.framework)
        #expect(index.lineage(of: "loopA") == ["loopA", "loopB"])
    }

    @Test func walksTheUnitTree() {
        let roster = Roster(
            units: [OrgUnit(id: "A", units: [OrgUnit(id: "A1", units: [OrgUnit(id: "A1x")]), OrgUnit(id: "A2")])],
            people: [Person(id: "p1", unit: "A1x"), Person(id: "p2", unit: "A2")])
        let index = RosterIndex(roster)
        #expect(index.descendants(of: "A") == ["A1", "A1x", "A2"])
        #expect(index.lineage(of: "A1x") == ["A1x", "A1", "A"])
        #expect(index.person("p2")?.unit == "A2")
        #expect(index.unitTree.unit("A1x", isWithin: "A"))
        #expect(!index.unitTree.unit("A2", isWithin: "A1"))
    }
}
