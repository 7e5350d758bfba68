import CompetencyModel
import CompetencyDiagnostics
import CompetencyXML
import Foundation
import Testing

/// A framework, roster and plan built in code with every field of every construct set,
/// so that a lost field anywhere fails the round trip.
enum KitchenSink {
    static let ext = "urn:example:ext"

    static func extensions(_ tag: String) -> Extensions {
        Extensions(
            attributes: [ForeignAttribute(namespace: ext, prefix: "x", name: "tag", value: "\(tag) & <more>")],
            elements: [
                Extensions.Placed(
                    position: 0,
                    element: ForeignElement(
                        namespace: ext, prefix: "x", name: "note", attributes: [],
                        children: [.text("about \(tag)"), .element(ForeignElement(namespace: ext, prefix: "x", name: "b", children: [.text("!")]))]))
            ])
    }

    static func text(_ english: String) -> LocalizedText {
        LocalizedText([
            .init(language: "en", value: english),
            .init(language: "vi", value: "\(english) (vi)", foreignAttributes: [ForeignAttribute(namespace: ext, prefix: "x", name: "src", value: "t")]),
        ])
    }

    static let framework = Framework(
        id: "f", uri: "urn:uuid:f", version: "2.1.0-rc.1", status: .published, issued: ISODate("2026-01-02"),
        language: "en", title: text("Framework"), description: text("About\nit"), publisher: text("Publisher"),
        scales: [
            Scale(
                id: "s", uri: "urn:s", defaultLevel: "L1", proficientLevel: "L2", title: text("Scale"),
                description: text("Scale description"),
                levels: [
                    Level(id: "L1", uri: "urn:l1", rank: 1, band: "b1", label: text("One"), description: text("First"), extensions: extensions("level")),
                    Level(id: "L2", rank: 2, band: "b1", label: text("Two")),
                    Level(id: "L3", rank: 3, band: "b2", label: text("Three")),
                ], extensions: extensions("scale")),
            Scale(id: "other", levels: [Level(id: "X", rank: 10)]),
        ],
        domains: [
            Domain(
                id: "D1", uri: "urn:d1", code: "1", title: text("Domain"), description: text("Domain text"),
                competencies: [
                    Competency(
                        id: "C1", uri: "urn:c1", code: "1.1", status: .deprecated, scale: "s", levels: ["L1", "L2"],
                        title: text("Competency"), statement: text("Statement"), description: text("Description"),
                        descriptors: [
                            Descriptor(
                                level: "L1", text: text("Does it"), knowledge: [text("K1"), text("K2")], skills: [text("S")],
                                attitudes: [text("A")], examples: [LocalizedText("E", language: "en")], extensions: extensions("descriptor"))
                        ],
                        relations: Relation.Kind.allCases.map { Relation(type: $0, target: "C2", extensions: $0 == .requires ? extensions("relation") : .none) },
                        matches: Match.Kind.allCases.map { Match(type: $0, uri: "http://example.org/\($0.rawValue)?a=1&b=2") },
                        children: [Competency(id: "C1.a", status: .draft, title: text("Child"), children: [Competency(id: "C1.a.i")])],
                        extensions: extensions("competency")),
                    Competency(id: "C2", scale: "other", title: text("Second")),
                ], extensions: extensions("domain"))
        ],
        positions: [
            Position(
                id: "p1", uri: "urn:p1", family: "fam", title: text("Position"), description: text("Pos"),
                requirements: [
                    Requirement(.competency("C1"), level: "L2", importance: .optional, by: ISODate("2026-12-31"), extensions: extensions("requirement")),
                    Requirement(.domain("D1"), level: "L1", importance: .essential),
                    Requirement(.competency("C2"), level: "X"),
                ], extensions: extensions("position")),
            Position(id: "p2", extends: "p1", title: text("Child position")),
        ],
        modules: [
            TrainingModule(
                id: "M1", uri: "urn:m1", hours: 2.5, delivery: "blended", title: text("Module"), description: text("Mod"),
                teaches: [Teaching(competency: "C1", level: "L2", extensions: extensions("teaches"))],
                prerequisites: [Prerequisite(module: "M0", extensions: extensions("prerequisite"))], extensions: extensions("module")),
            TrainingModule(id: "M0", hours: 0, title: text("Intro"), teaches: [Teaching(competency: "C1", level: "L1")]),
        ],
        rules: [
            AssignmentRule(
                id: "R1", uri: "urn:r1", priority: -5, effective: ISODate("2026-01-01"), expires: ISODate("2027-01-01"),
                title: text("Rule"), description: text("Rule text"),
                appliesTo: .all([
                    .any([.position("p1"), .positionFamily("fam"), .unit("U1", descendants: true), .unit("U2", descendants: false)]),
                    .not(.attribute(name: "deputy", value: "true")),
                    .annotated(.level(competency: "C1", atLeast: "L1"), extensions("level-condition")),
                ]),
                requirements: [Requirement(.domain("D1"), level: "L2", by: ISODate("2026-06-30"))],
                exemptIf: .annotated(.any([.certificate(kind: "basic"), .always]), extensions("exempt-any")),
                extensions: extensions("rule"), appliesToExtensions: extensions("applies-to"),
                exemptIfExtensions: extensions("exempt-if")),
            AssignmentRule(id: "R2", title: text("Always"), appliesTo: .always),
        ],
        extensions: extensions("framework"))

    static let roster = Roster(
        framework: "f", uri: "urn:roster", asOf: ISODate("2026-01-15"), language: "en", title: text("Roster"),
        units: [OrgUnit(id: "U1", uri: "urn:u1", title: text("Unit"), units: [OrgUnit(id: "U1.1", title: text("Sub"))], extensions: extensions("unit"))],
        people: [
            Person(
                id: "p-1", uri: "urn:person:1", unit: "U1.1", position: "p2", name: LocalizedText("Nguyễn Văn A", language: "vi"),
                attributes: [PersonAttribute(name: "deputy", value: "false", extensions: extensions("attribute"))],
                assessments: Assessment.Method.allCases.map {
                    Assessment(competency: "C1", level: "L1", date: ISODate("2025-10-01"), method: $0)
                } + [Assessment(competency: "C2", level: "X")],
                certificates: [
                    Certificate(
                        id: "cert-1", uri: "urn:cert", kind: "basic", issued: ISODate("2025-01-01"), expires: ISODate("2027-01-01"),
                        title: text("Certificate"), covers: [Coverage(competency: "C1", level: "L2", extensions: extensions("covers"))],
                        extensions: extensions("certificate")),
                    Certificate(kind: "no-id"),
                ],
                completions: [Completion(module: "M0", date: ISODate("2025-12-01"), extensions: extensions("completion")), Completion(module: "M1")],
                extensions: extensions("person")),
            Person(id: "p-2"),
        ], extensions: extensions("roster"))

    static let plan = Plan(
        framework: "f", version: "2.1.0-rc.1", asOf: ISODate("2026-01-15"),
        people: PersonPlan.Status.allCases.enumerated().map { offset, status in
            PersonPlan(
                person: Person.ID("p-\(offset)"), status: status,
                needs: [
                    Need(competency: "C1", attained: "L1", required: "L2", by: ISODate("2026-12-31"), because: [.rule("R1"), .position("p1")], extensions: extensions("need")),
                    Need(competency: "C2", required: "X"),
                ],
                assignments: [ModuleAssignment(module: "M0", order: 1), ModuleAssignment(module: "M1", order: 2, extensions: extensions("assign"))],
                unmet: [UnmetNeed(competency: "C2", required: "X", reason: .noModule, extensions: extensions("unmet"))],
                extensions: extensions("plan-person"))
        }, extensions: extensions("plan"))
}

@Suite struct EveryConstructTests {
    @Test(arguments: [
        CompetencyDocument.framework(KitchenSink.framework), .roster(KitchenSink.roster), .plan(KitchenSink.plan),
    ])
    func everyFieldSurvivesXMLAndJSON(document: CompetencyDocument) throws {
        let xml = XMLWriter().write(document)
        let reread = try XMLReader().read(xml, file: "sink.xml").value
        #expect(reread == document)
        #expect(SchemaValidator.validate(xml, file: "sink.xml") == [])
        let json = try JSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(CompetencyDocument.self, from: json) == document)
    }

    @Test func streamingARosterYieldsTheSamePeople() throws {
        let xml = XMLWriter().write(KitchenSink.roster)
        var people: [Person] = []
        let header = try XMLReader().streamRoster(xml) { person, _ in
            people.append(person)
            return true
        }
        #expect(people == KitchenSink.roster.people)
        #expect(header.value.people.isEmpty)
        #expect(header.value.units == KitchenSink.roster.units)
    }

    @Test func writesTextWithTheDefaultLanguageUnmarked() throws {
        let xml = String(decoding: XMLWriter().write(KitchenSink.framework), as: UTF8.self)
        #expect(xml.contains("\n  <title>Framework</title>\n  <title xml:lang=\"vi\" x:src=\"t\">Framework (vi)</title>"))
        #expect(xml.contains("<description>About\nit</description>"))
        #expect(xml.contains("uri=\"http://example.org/exact?a=1&amp;b=2\""))
        #expect(xml.contains(" x:tag=\"framework &amp; &lt;more&gt;\""))
    }
}

@Suite struct LargeInputTests {
    /// libxml2 refuses a single lookup of more than 10 MB unless told otherwise; the reader
    /// must hand it smaller slices, from memory as from a file.
    @Test func readsADocumentLargerThanTenMegabytesFromMemory() throws {
        let person = KitchenSink.roster.people[0]
        var roster = KitchenSink.roster
        roster.people = (0..<12_000).map { number in
            var copy = person
            copy.id = Person.ID("p\(number)")
            return copy
        }
        let xml = XMLWriter().write(roster)
        #expect(xml.count > 12_000_000)
        let read = try XMLReader(options: .init(recordLocations: false)).readRoster(xml).value
        #expect(read.people.count == 12_000)
        #expect(read.people.last == roster.people.last)
    }
}

/// The writer replaces exactly the characters XML needs replaced, wherever they stand, in
/// attribute values and in text alike, and reads back what it wrote.
@Suite struct WriterEscapingTests {
    @Test func everySpecialCharacterIsReplacedAtEveryPlace() throws {
        let attributeForms: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "\n": "&#10;", "\t": "&#9;", "\r": "&#13;"]
        let textForms: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"]
        for (special, attributeForm) in attributeForms.sorted(by: { $0.key < $1.key }) {
            for place in ["", "a", "ab-1.2"] {
                let value = place + String(special) + "x" + String(special)
                let person = Person(
                    id: "p1", name: LocalizedText([.init(language: "", value: value)]),
                    attributes: [PersonAttribute(name: "note", value: value)])
                let xml = String(decoding: XMLWriter().write(.roster(Roster(people: [person]))), as: UTF8.self)
                #expect(xml.contains("value=\"\(place)\(attributeForm)x\(attributeForm)\""), "\(value.debugDescription)")
                let textForm = textForms[special] ?? String(special)
                #expect(xml.contains("<name>\(place)\(textForm)x\(textForm)</name>"), "\(value.debugDescription)")
                let read = try XMLReader().readRoster(Data(xml.utf8)).value
                #expect(read.people.first?.attributes.first?.value == value)
            }
        }
        // Nothing to replace: the value as it is.
        let plain = XMLWriter().write(.roster(Roster(people: [Person(id: "p-1.2_x", attributes: [PersonAttribute(name: "n", value: "Ánh 'q' =1")])])))
        #expect(String(decoding: plain, as: UTF8.self).contains("<attribute name=\"n\" value=\"Ánh 'q' =1\"/>"))
    }
}
