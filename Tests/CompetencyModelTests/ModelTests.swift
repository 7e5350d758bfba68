import CompetencyModel
import CompetencyTestSupport
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
        for text in ["2026-01-0a", "2026/01/01", " 2026-01-01", "2026-01-01 ", "0000-01-01", "2026-00-10", "2026-01-00",
            "２０２６-01-01", "2026-01-1\u{0301}", "+026-01-01", "2026--1-01"]
        {
            #expect(ISODate(text) == nil, "\(text)")
        }
    }

    /// Every string of ten characters drawn from digits, '-' and a few others parses exactly
    /// when it has the shape YYYY-MM-DD and names a day of the calendar.
    @Test func parsesExactlyTheCalendarDays() {
        var rng = SeededGenerator(seed: 2026)
        let alphabet = Array("0123456789--/ x")
        var parsed = 0
        for round in 0..<20_000 {
            var characters = (0..<10).map { _ in alphabet.randomElement(using: &rng)! }
            if round % 2 == 0 {
                // Mostly well-shaped, so that the calendar check is reached often.
                characters[4] = "-"
                characters[7] = "-"
                for index in [0, 1, 2, 3, 5, 6, 8, 9] where Bool.random(using: &rng) {
                    characters[index] = Character(String(Int.random(in: 0...9, using: &rng)))
                }
                characters[5] = Bool.random(using: &rng) ? "0" : "1"
                characters[8] = ["0", "1", "2", "3"].randomElement(using: &rng)!
            }
            let text = String(characters)
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            var expected: ISODate?
            if parts.count == 3, parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
            {
                expected = ISODate(year: year, month: month, day: day)
            }
            #expect(ISODate(text) == expected, "\(text)")
            parsed += expected == nil ? 0 : 1
        }
        #expect(parsed > 1_000)
    }

    @Test func ordersChronologically() throws {
        let earlier = try #require(ISODate("2025-12-31"))
        let later = try #require(ISODate("2026-01-01"))
        #expect(earlier < later)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
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
