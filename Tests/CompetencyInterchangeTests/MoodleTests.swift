import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

@testable import CompetencyInterchange

@Suite struct MoodleCSVTests {
    static func kitchen() throws -> Parsed<Framework> {
        try MoodleCSV().importFramework(Fixtures.data("moodle/kitchen.csv"), file: "kitchen.csv")
    }

    @Test func importsTheFrameworkRowTheHierarchyAndTheScale() throws {
        let imported = try Self.kitchen()
        let framework = imported.value
        #expect(imported.report.isEmpty, "\(imported.report)")
        #expect(FormatDetector.detect(try Fixtures.data("moodle/kitchen.csv")) == .moodle)
        #expect(framework.id == "KITCHEN-1")
        #expect(framework.title == LocalizedText("Kitchen skills", language: ""))
        #expect(framework.domains.map(\.id) == ["safety", "cooking"])
        #expect(framework.domains[0].competencies.map(\.id) == ["knives", "burns"])
        #expect(framework.domains[0].competencies[0].children.map(\.id) == ["knives-1"])
        #expect(framework.domains[1].competencies.map(\.id) == ["eggs", "grill"])
        #expect(framework.domains[1].competencies[0].children.map(\.id) == ["eggs-1", "eggs-2"])
        #expect(framework.allCompetencies.count == 7)
        // A description keeps its line break; the scale's values are its levels.
        #expect(framework.domains[0].competencies[1].description["" ] == "<p>Handles hot pans,\noil and plates without burns.</p>")
        let scale = try #require(framework.scales.first)
        #expect(scale.levels.map { $0.label[""] } == ["Not yet", "Competent", "Expert"])
        #expect(scale.defaultLevel == "Not-yet")
        #expect(scale.proficientLevel == "Competent")
        // Cross-references between competencies are relations; one to a top-level row is kept.
        let knife = framework.domains[0].competencies[0].children[0]
        #expect(knife.relations == [Relation(type: .related, target: "eggs-1")])
        let grill = framework.domains[1].competencies[1]
        #expect(grill.relations.isEmpty)
        #expect(SourceExtension.attribute("crossrefs", of: "moodle", in: grill.extensions) == "safety")
        let eggs = framework.domains[1].competencies[0]
        #expect(SourceExtension.attribute("ruletype", of: "moodle", in: eggs.extensions) == "core_competency\\competency_rule_all")
        #expect(SourceExtension.attribute("taxonomy", of: "moodle", in: framework.extensions) == "domain,competency,indicator")
    }

    @Test func exportsTheSameFourteenColumnsAndReadsBackEqual() throws {
        let imported = try Self.kitchen()
        let exported = MoodleCSV().export(imported.value, sourceMap: imported.sourceMap)
        #expect(exported.report.isEmpty, "\(exported.report)")
        let table = try CSVReader.read(exported.data, file: "out.csv")
        #expect(table.header == MoodleCSV.header)
        #expect(table.header.count == 14)
        #expect(table.rows.count == 10)
        #expect(table.rows.allSatisfy { $0.fields.count == 14 })
        let source = try CSVReader.read(Fixtures.data("moodle/kitchen.csv"), file: "kitchen.csv")
        // Field for field what was read: the order, the IDs, the parents, rules and exported IDs.
        for (written, read) in zip(table.rows, source.rows) {
            #expect(written.fields.map(Text.trimmed) == read.fields.map(Text.trimmed), "line \(read.line)")
        }
        let back = try MoodleCSV().importFramework(exported.data, file: "out.csv")
        #expect(back.value == imported.value)
        // And through the native XML.
        let xml = try XMLReader().readFramework(XMLWriter().write(imported.value), file: "k.xml").value
        #expect(MoodleCSV().export(xml).data == exported.data)
    }

    @Test func exportsANativeFrameworkSayingWhatMoodleCannotHold() throws {
        let sample = try XMLReader().readFramework(contentsOf: Fixtures.url("sample/framework.xml"))
        let exported = MoodleCSV().export(sample.value, sourceMap: sample.sourceMap)
        #expect(exported.report.count(of: "descriptor") == 192)
        #expect(exported.report.count(of: "translation") == 32)
        #expect(exported.report.count(of: "scale-identity") == 1)
        let back = try MoodleCSV().importFramework(exported.data).value
        #expect(back.domains.map(\.id) == sample.value.domains.map(\.id))
        #expect(back.allCompetencies.map(\.id) == sample.value.allCompetencies.map(\.id))
        #expect(back.allCompetencies.map { $0.title[""] } == sample.value.allCompetencies.map { $0.title["en"] })
        #expect(back.scales[0].levels.map { $0.label[""] } == sample.value.scales[0].levels.map { $0.label["en"] })
        #expect(back.scales[0].proficientLevel.map(\.rawValue) == "Basic-2")
    }

    @Test func refusesAFileWithoutItsFrameworkRow() {
        let csv = MoodleCSV.header.joined(separator: ",") + "\n,a,A,,1,,,,0,null,,1,,\n"
        #expect(throws: DiagnosticError.self) { try MoodleCSV().importFramework(Data(csv.utf8), file: "x.csv") }
        do {
            _ = try MoodleCSV().importFramework(Data(csv.utf8), file: "x.csv")
        } catch {
            #expect(error.diagnostics.first?.id.description == "moodle.no-framework")
        }
    }
}
