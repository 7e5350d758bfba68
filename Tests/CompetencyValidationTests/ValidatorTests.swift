import CompetencyModel
import CompetencyDiagnostics
import Testing

@testable import CompetencyValidation

/// A small, clean framework built in code.
func cleanFramework() -> Framework {
    Framework(
        id: "f", version: "1.0.0", status: .published, title: LocalizedText("Digital skills", language: "en"),
        scales: [Scale(id: "s", levels: [Level(id: "L1", rank: 1, band: "basic"), Level(id: "L2", rank: 2, band: "basic")])],
        domains: [
            Domain(
                id: "D1", title: LocalizedText("Information", language: "en"),
                competencies: [
                    Competency(id: "C1.1", title: LocalizedText("Searching", language: "en")),
                    Competency(
                        id: "C1.2", title: LocalizedText("Evaluating", language: "en"),
                        relations: [Relation(type: .requires, target: "C1.1")]),
                ])
        ],
        positions: [
            Position(id: "official", requirements: [Requirement(.domain("D1"), level: "L2")]),
            Position(id: "it-officer", extends: "official", requirements: [Requirement(.competency("C1.1"), level: "L2")]),
        ],
        modules: [
            TrainingModule(
                id: "M1", hours: 2, teaches: [Teaching(competency: "C1.1", level: "L2"), Teaching(competency: "C1.2", level: "L2")])
        ],
        rules: [
            AssignmentRule(
                id: "R1", effective: ISODate("2025-09-13"), appliesTo: .always,
                requirements: [Requirement(.domain("D1"), level: "L1", by: ISODate("2026-12-31"))])
        ])
}

@Suite struct ValidatorTests {
    @Test func findsNothingInACleanFrameworkBuiltInCode() {
        #expect(Validator().validate(cleanFramework()).isEmpty)
    }

    @Test func reportsDuplicateIDOfACodeBuiltModelWithSubjectAndNoLocation() throws {
        var framework = cleanFramework()
        framework.domains[0].competencies.append(Competency(id: "C1.1", title: LocalizedText("Filtering", language: "en")))
        let findings = Validator().validate(framework).filter { $0.rule == "duplicate-id" }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .error)
        #expect(finding.message == "duplicate competency ID 'C1.1': another competency already has it; give each competency its own ID")
        #expect(finding.subject == .competency("C1.1"))
        #expect(finding.location == nil)
        #expect(finding.notes == [Diagnostic.Note(message: "the first competency 'C1.1' is here", subject: .competency("C1.1"))])
    }

    @Test func pointsADuplicateAtItsSecondOccurrenceAndTheNoteAtTheFirst() throws {
        var framework = cleanFramework()
        framework.positions.append(Position(id: "official"))
        var map = SourceMap()
        map.record(.position("official"), at: SourceLocation(file: "f.xml", line: 10, column: 3))
        map.record(.position("it-officer"), at: SourceLocation(file: "f.xml", line: 13, column: 3))
        map.record(.position("official"), at: SourceLocation(file: "f.xml", line: 16, column: 3))
        let finding = try #require(Validator().validate(framework, sourceMap: map).first { $0.rule == "duplicate-id" })
        #expect(finding.location == SourceLocation(file: "f.xml", line: 16, column: 3))
        #expect(finding.notes.map(\.location) == [SourceLocation(file: "f.xml", line: 10, column: 3)])
    }

    @Test func suggestsTheNearestIDForAnUnknownReference() throws {
        var framework = cleanFramework()
        framework.positions[0].requirements.append(Requirement(.competency("C1.3"), level: "L1"))
        framework.positions[1].extends = "oficial"
        let findings = Validator().validate(framework).filter { $0.rule == "unknown-reference" }
        #expect(findings.map(\.message) == [
            "unknown competency 'C1.3': no competency has this ID; correct the reference or define the competency",
            "unknown position 'oficial': no position has this ID; correct the reference or define the position",
        ])
        #expect(findings.map(\.fixIts.first?.message) == ["did you mean 'C1.1'?", "did you mean 'official'?"])
        #expect(findings.map(\.subject) == [.requirement(.position("official"), index: 1), .position("it-officer")])
    }

    @Test func listsTheCycleInTheMessage() throws {
        var framework = cleanFramework()
        framework.domains[0].competencies[0].relations = [Relation(type: .requires, target: "C1.3")]
        framework.domains[0].competencies.append(
            Competency(id: "C1.3", title: LocalizedText("Managing", language: "en"), relations: [Relation(type: .requires, target: "C1.2")]))
        framework.positions[0].extends = "it-officer"
        framework.modules.append(TrainingModule(id: "M2", hours: 1, teaches: [Teaching(competency: "C1.3", level: "L2")], prerequisites: [Prerequisite(module: "M2")]))
        let findings = Validator().validate(framework)
        #expect(findings.map(\.rule) == ["requires-cycle", "extends-cycle", "prerequisite-cycle"])
        #expect(findings.map(\.message) == [
            "competencies require each other in a cycle: C1.1 → C1.3 → C1.2 → C1.1; remove or retype one of these `requires` relations",
            "positions extend each other in a cycle: official → it-officer → official; remove one of these `extends`",
            "modules are each other's prerequisites in a cycle: M2 → M2; remove one of these prerequisites",
        ])
        #expect(findings[0].subject == .relation("C1.1", index: 0))
        #expect(findings[0].notes.map(\.message) == ["'C1.3' requires 'C1.2' here", "'C1.2' requires 'C1.1' here"])
        #expect(findings[0].notes.map(\.subject) == [.relation("C1.3", index: 0), .relation("C1.2", index: 0)])
    }

    @Test func checksARosterAgainstItsFramework() {
        let roster = Roster(
            framework: "f", asOf: ISODate("2026-01-15"), units: [OrgUnit(id: "NA")],
            people: [
                Person(
                    id: "p1", unit: "NB", position: "oficial",
                    assessments: [
                        Assessment(competency: "C1.1", level: "L3", date: ISODate("2026-02-01")),
                        Assessment(competency: "C9", level: "L1"),
                    ],
                    certificates: [Certificate(id: "c1", kind: "basic", issued: ISODate("2025-01-02"), expires: ISODate("2025-01-01"))],
                    completions: [Completion(module: "M3")])
            ])
        let findings = Validator().validate(roster, framework: cleanFramework())
        #expect(findings.map(\.rule) == [
            "unknown-reference", "unknown-reference", "unknown-reference", "unknown-reference", "level-not-defined",
            "assessment-in-future", "certificate-dates",
        ])
        #expect(findings.map(\.subject) == [
            .person("p1"), .person("p1"), .assessment("p1", index: 1), .completion("p1", index: 0), .assessment("p1", index: 0),
            .assessment("p1", index: 0), .certificate("p1", index: 0),
        ])
        #expect(findings[4].message == "level 'L3' is not on scale 's' of competency 'C1.1'; use one of 'L1' and 'L2'")
        #expect(findings[5].message == "the assessment is dated 2026-02-01, after the roster's as-of date 2026-01-15; correct the date, or the roster's `as-of`")
        #expect(findings[6].message == "certificate 'c1' expires on 2025-01-01, before it is issued on 2025-01-02; correct one of the dates")
    }

    @Test func checksARosterWithoutAFrameworkForItsOwnReferencesOnly() {
        let roster = Roster(people: [Person(id: "p1", unit: "NB", position: "nobody")])
        #expect(Validator().validate(roster, framework: nil).map(\.message) == [
            "unknown unit 'NB': no unit has this ID; correct the reference or define the unit"
        ])
    }

    @Test func reportsARosterForAnotherFramework() {
        let findings = Validator().validate(Roster(framework: "g"), framework: cleanFramework())
        #expect(findings.map(\.message) == [
            "the roster is for framework 'g', but it is checked against framework 'f'; correct the roster's `framework` or check it against the framework it names"
        ])
    }

    @Test func appliesTheConfiguration() {
        var framework = cleanFramework()
        framework.modules.append(TrainingModule(id: "M2", hours: 1))
        framework.domains.append(Domain(id: "D2"))
        let rules = { (configuration: Configuration) in Validator(configuration: configuration).validate(framework).map { "\($0.rule ?? "-"):\($0.severity)" } }
        #expect(rules(Configuration()) == ["empty-domain:warning", "module-teaches-nothing:warning"])
        #expect(rules(Configuration(disabled: ["empty-domain"])) == ["module-teaches-nothing:warning"])
        #expect(rules(Configuration(severity: ["empty-domain": .note])) == ["empty-domain:note", "module-teaches-nothing:warning"])
        #expect(rules(Configuration(severity: ["empty-domain": .note], warningsAsErrors: true)) == ["empty-domain:note", "module-teaches-nothing:error"])
    }
}

@Suite struct SupportTests {
    @Test func measuresEditDistanceWithinABound() {
        let distance = { (lhs: String, rhs: String, bound: Int) in
            Suggestion.editDistance(Array(lhs.unicodeScalars), Array(rhs.unicodeScalars), bound: bound)
        }
        #expect(distance("kitten", "sitting", 3) == 3)
        #expect(distance("kitten", "sitting", 2) == nil)
        #expect(distance("", "ab", 2) == 2)
    }

    @Test func suggestsOnlyNearCandidates() {
        #expect(Suggestion.nearest(to: "C1.3", among: ["D1", "C1.1", "C1.2"]) == "C1.1")
        #expect(Suggestion.nearest(to: "c1.2", among: ["C1.1", "C1.2"]) == "C1.2")
        #expect(Suggestion.nearest(to: "official", among: ["it-officer"]) == nil)
    }

    @Test func recognisesSemanticVersions() {
        for valid in ["1.0.0", "0.1.0", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha-1+build.5", "1.0.0+20250913"] {
            #expect(SemanticVersion.isValid(valid), "\(valid)")
        }
        for invalid in ["1.0", "01.0.0", "1.0.0-", "1.0.0-01", "v1.0.0", "1.0.0+", "1..0", ""] {
            #expect(!SemanticVersion.isValid(invalid), "\(invalid)")
        }
        #expect(SemanticVersion.suggestion(for: "1.0") == "1.0.0")
        #expect(SemanticVersion.suggestion(for: "v2.1.3") == "2.1.3")
        #expect(SemanticVersion.suggestion(for: "2025-09") == nil)
    }

    @Test func repairsInvalidIDs() {
        #expect(InvalidIDRule.repaired("it officer") == "it-officer")
        #expect(InvalidIDRule.repaired("1.1") == "_1.1")
    }
}

@Suite struct ScaleTests {
    /// A roster checked against the wrong framework names thousands of unknown IDs: each
    /// is reported, and suggestions stop after a budget so that the run stays fast.
    @Test func boundsSuggestionsForManyUnknownReferences() {
        var framework = cleanFramework()
        framework.domains[0].competencies = (0..<300).map { Competency(id: Competency.ID("C\($0)")) }
        let people = (0..<200).map { Person(id: Person.ID("p\($0)"), assessments: [Assessment(competency: Competency.ID("X\($0)"), level: "L1")]) }
        let findings = Validator(rules: [UnknownReferenceRule.self]).validate(Roster(framework: "f", people: people), framework: framework)
        #expect(findings.count == 200)
        #expect(findings.first?.fixIts.first?.message == "did you mean 'C0'?")
        #expect(findings.filter { !$0.fixIts.isEmpty }.count <= 128)
    }
}
