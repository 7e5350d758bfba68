import CompetencyModel
import CompetencyDiagnostics
import Testing

@testable import CompetencyValidation

/// The wording of every rule's findings, on frameworks built in code (no locations).
@Suite struct RuleMessageTests {
    /// The findings of one rule, as `subject: message`.
    func messages(_ rule: any Rule.Type, in framework: Framework) -> [String] {
        Validator(rules: [rule]).validate(framework).map { "\($0.subject.map { "\($0)" } ?? "-"): \($0.message)" }
    }

    func messages(_ rule: any Rule.Type, in roster: Roster, framework: Framework? = cleanFramework()) -> [String] {
        Validator(rules: [rule]).validate(roster, framework: framework).map { "\($0.subject.map { "\($0)" } ?? "-"): \($0.message)" }
    }

    @Test func invalidIDAndVersion() {
        var framework = cleanFramework()
        framework.version = "1.0"
        framework.positions.append(Position(id: "it officer"))
        #expect(messages(InvalidIDRule.self, in: framework) == [
            "position 'it officer': 'it officer' is not a valid position ID: start it with a letter or '_', then use only letters, digits, '.', '_' and '-'"
        ])
        #expect(Validator(rules: [InvalidIDRule.self]).validate(framework).first?.fixIts.first?.replacement == "it-officer")
        #expect(messages(InvalidVersionRule.self, in: framework) == [
            "framework 'f': version '1.0' is not a semantic version: write MAJOR.MINOR.PATCH, for example '1.0.0'"
        ])
        #expect(Validator(rules: [InvalidVersionRule.self]).validate(framework).first?.fixIts.first?.message == "did you mean '1.0.0'?")
    }

    @Test func scaleRankOrderAndBands() {
        var framework = cleanFramework()
        framework.scales[0].levels = [
            Level(id: "L1", rank: 1, band: "basic"), Level(id: "L2", rank: 2, band: "middle"), Level(id: "L3", rank: 2, band: "basic"),
            Level(id: "L4", rank: 1),
        ]
        #expect(messages(ScaleRankOrderRule.self, in: framework) == [
            "level 'L3' of scale 's': level 'L3' has rank 2, the same as level 'L2': give each level its own rank",
            "level 'L4' of scale 's': level 'L4' has rank 1, the same as level 'L1': give each level its own rank",
        ])
        framework.scales[0].levels[3].rank = 0
        #expect(messages(ScaleRankOrderRule.self, in: framework).last
            == "level 'L4' of scale 's': level 'L4' has rank 0, below rank 2 of level 'L3' before it: write levels from the lowest rank to the highest")
        #expect(messages(BandNotContiguousRule.self, in: framework) == [
            "level 'L3' of scale 's': level 'L3' of band 'basic' is separated from the band's other levels by 'L2' of band 'middle': keep each band's levels together"
        ])
    }

    @Test func levelNotDefined() {
        var framework = cleanFramework()
        framework.scales[0].defaultLevel = "L0"
        framework.domains[0].competencies[0].levels = ["L2"]
        framework.domains[0].competencies[0].descriptors = [Descriptor(level: "L1", text: LocalizedText("Finds.", language: "en"))]
        framework.positions[0].requirements.append(Requirement(.domain("D1"), level: "L9"))
        framework.modules[0].teaches[0].level = "L1"
        #expect(messages(LevelNotDefinedRule.self, in: framework) == [
            "scale 's': the default level 'L0' is not a level of scale 's'; use one of 'L1' and 'L2'",
            "descriptor 1 of competency 'C1.1': competency 'C1.1' is not defined at level 'L1'; it is defined at 'L2' only",
            "requirement 2 of position 'official': level 'L9' is not on scale 's' of competency 'C1.1' in domain 'D1'; use one of 'L1' and 'L2'",
            "teaches 1 of module 'M1': competency 'C1.1' is not defined at level 'L1'; it is defined at 'L2' only",
        ])
    }

    @Test func descriptorsAndTexts() {
        var framework = cleanFramework()
        framework.title["vi"] = "Kỹ năng số"
        framework.domains[0].title["vi"] = "Thông tin"
        framework.domains[0].competencies[0].title["vi"] = "  "
        framework.domains[0].competencies[1].title["vi"] = "Đánh giá"
        framework.domains[0].competencies[1].descriptors = [
            Descriptor(level: "L1", text: LocalizedText("Checks  sources.", language: "en")),
            Descriptor(level: "L2", text: LocalizedText("checks sources.", language: "en")),
        ]
        #expect(messages(MissingDescriptorRule.self, in: framework) == [])
        framework.domains[0].competencies[1].descriptors.removeLast()
        #expect(messages(MissingDescriptorRule.self, in: framework) == [
            "competency 'C1.2': competency 'C1.2' has no descriptor at level 'L2'; describe each level where it is defined, or narrow its `levels`"
        ])
        framework.domains[0].competencies[1].descriptors.append(Descriptor(level: "L2", text: LocalizedText("checks sources.", language: "en")))
        #expect(messages(DuplicateDescriptorRule.self, in: framework) == [
            "descriptor 2 of competency 'C1.2': the descriptor of competency 'C1.2' at level 'L2' repeats the one at level 'L1'; say what changes from one level to the next"
        ])
        #expect(messages(MissingTranslationRule.self, in: framework) == [
            "descriptor 1 of competency 'C1.2': the text of descriptor 1 of competency 'C1.2' has no text in 'vi'; add a <text xml:lang=\"vi\">, as the framework's title has",
            "descriptor 2 of competency 'C1.2': the text of descriptor 2 of competency 'C1.2' has no text in 'vi'; add a <text xml:lang=\"vi\">, as the framework's title has",
        ])
        #expect(messages(EmptyTextRule.self, in: framework) == [
            "competency 'C1.1': the title ('vi') of competency 'C1.1' is empty; write the text, or remove the element"
        ])
    }

    @Test func domainsAndTitles() {
        var framework = cleanFramework()
        framework.domains[0].competencies[1].title = LocalizedText(" searching", language: "en")
        framework.domains.append(Domain(id: "D2"))
        #expect(messages(EmptyDomainRule.self, in: framework) == ["domain 'D2': domain 'D2' holds no competency; add its competencies, or remove it"])
        #expect(messages(DuplicateTitleRule.self, in: framework) == [
            "competency 'C1.2': competency 'C1.2' has the same title as competency 'C1.1' in domain 'D1' (\"searching\"); give each a distinct title, or merge them"
        ])
    }

    @Test func relationsAndRequirements() {
        var framework = cleanFramework()
        framework.domains[0].competencies[0].relations = [Relation(type: .broader, target: "C1.1")]
        framework.positions[1].requirements.append(Requirement(.competency("C1.1"), level: "L1"))
        framework.modules[0].teaches.removeLast()
        framework.modules.append(TrainingModule(id: "M2", hours: 1))
        framework.rules[0].requirements[0].by = ISODate("2025-01-01")
        #expect(messages(SelfRelationRule.self, in: framework) == [
            "relation 1 of competency 'C1.1': competency 'C1.1' has a `broader` relation to itself; point it at another competency, or remove it"
        ])
        #expect(messages(ConflictingRequirementRule.self, in: framework) == [
            "requirement 2 of position 'it-officer': position 'it-officer' requires competency 'C1.1' at level 'L1' and also at level 'L2'; keep one requirement"
        ])
        #expect(messages(UnteachableRequirementRule.self, in: framework) == [
            "requirement 1 of position 'official': no module teaches competency 'C1.2' of domain 'D1' up to level 'L2'; add modules that teach them, or people who lack them cannot be trained",
            "requirement 1 of rule 'R1': no module teaches competency 'C1.2' of domain 'D1' up to level 'L1'; add modules that teach them, or people who lack them cannot be trained",
        ])
        #expect(messages(ModuleTeachesNothingRule.self, in: framework) == [
            "module 'M2': module 'M2' teaches no competency, so it is never assigned; add the levels it teaches with <teaches>"
        ])
        framework.rules[0].expires = ISODate("2025-09-12")
        #expect(messages(ExpiresBeforeEffectiveRule.self, in: framework) == [
            "rule 'R1': rule 'R1' expires on 2025-09-12, before it takes effect on 2025-09-13, so it never applies; correct one of the dates"
        ])
        #expect(messages(DeadlineBeforeEffectiveRule.self, in: framework) == [
            "requirement 1 of rule 'R1': the requirement is due on 2025-01-01, before rule 'R1' takes effect on 2025-09-13; correct the deadline or the rule's `effective` date"
        ])
    }

    @Test func lifecycle() throws {
        var framework = cleanFramework()
        framework.domains[0].competencies[0].status = .deprecated
        framework.domains[0].competencies.append(
            Competency(id: "C1.3", status: .draft, title: LocalizedText("Managing", language: "en"), relations: [Relation(type: .replaces, target: "C1.1")]))
        #expect(messages(DraftInPublishedRule.self, in: framework) == [
            "competency 'C1.3': competency 'C1.3' is a draft in a published framework; publish it, or leave it out"
        ])
        #expect(messages(DeprecatedReferenceRule.self, in: framework) == [
            "relation 1 of competency 'C1.2': competency 'C1.1' is deprecated; refer to the competency that replaces it, or remove the reference",
            "requirement 1 of position 'it-officer': competency 'C1.1' is deprecated; refer to the competency that replaces it, or remove the reference",
            "teaches 1 of module 'M1': competency 'C1.1' is deprecated; refer to the competency that replaces it, or remove the reference",
        ])
        let fix = try #require(Validator(rules: [DeprecatedReferenceRule.self]).validate(framework).first?.fixIts.first)
        #expect(fix == Diagnostic.FixIt(message: "use 'C1.3', which replaces it", replacement: "C1.3", original: "C1.1"))
    }

    @Test func rosterRules() {
        let roster = Roster(
            units: [OrgUnit(id: "NA", title: "  ")],
            people: [
                Person(id: "p 1", certificates: [Certificate(id: "c1", kind: "basic"), Certificate(id: "c1", kind: "basic")]),
                Person(id: "p 1"),
            ])
        #expect(messages(DuplicateIDRule.self, in: roster) == [
            "person 'p 1': duplicate person ID 'p 1': another person already has it; give each person its own ID",
            "certificate 2 of person 'p 1': duplicate certificate ID 'c1': another certificate already has it; give each certificate its own ID",
        ])
        #expect(messages(InvalidIDRule.self, in: roster).count == 2)
        #expect(messages(EmptyTextRule.self, in: roster) == ["unit 'NA': the title of unit 'NA' is empty; write the text, or remove the element"])
    }
}
