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
        // Version, status, issue date and publisher; the sample's competencies have no URI or status.
        #expect(exported.report.count(of: "framework-field") == 4)
        #expect(exported.report.count(of: "competency-field") == 0)
        #expect(exported.report.count(of: "scale") == 0)
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

/// What every Moodle file written as Moodle writes it must give: an import that reports
/// nothing, an export that is the file again (header, rows, every field, every byte), and a
/// re-import, directly and through the native XML, equal to the first import.
enum MoodleRoundTrip {
    static func check(_ data: Data, file: String) throws -> Parsed<Framework> {
        let imported = try MoodleCSV().importFramework(data, file: file)
        #expect(imported.report.isEmpty, "\(imported.report)")
        let exported = MoodleCSV().export(imported.value, sourceMap: imported.sourceMap)
        #expect(exported.report.isEmpty, "\(exported.report)")
        let source = try CSVReader.read(data, file: file)
        let written = try CSVReader.read(exported.data, file: "out.csv")
        #expect(written.header == MoodleCSV.header)
        #expect(written.rows.count == source.rows.count)
        for (out, read) in zip(written.rows, source.rows) {
            #expect(out.fields == read.fields, "line \(read.line)")
        }
        #expect(exported.data == data)
        let back = try MoodleCSV().importFramework(exported.data, file: "out.csv")
        #expect(back.value == imported.value)
        let xml = try XMLReader().readFramework(XMLWriter().write(imported.value), file: "f.xml").value
        #expect(xml == imported.value)
        #expect(MoodleCSV().export(xml).data == data)
        return imported
    }

    /// The depth of the deepest competency below a domain (a domain's own competencies are 1).
    static func depth(_ competencies: [Competency]) -> Int { competencies.map { 1 + depth($0.children) }.max() ?? 0 }

    static func kept(_ name: String, _ extensions: Extensions) -> String? { SourceExtension.attribute(name, of: "moodle", in: extensions) }
}

/// `Fixtures/moodle/bindery.csv` has the shape of Moodle's own example (the OECD framework)
/// with text of its own: three top-level rows, competencies three deep, multi-line HTML
/// descriptions with CRLF, curly quotes and bullets, one row cross-referencing six
/// competencies deeper in the tree and one ID number not in the file, short names cut at
/// 100 characters (one ending in a space), exported IDs numbered level by level, an ID
/// number with a comma, a competency with its own scale, a rule, a plain-text description.
@Suite struct MoodleBinderyTests {
    static func bindery() throws -> Parsed<Framework> {
        try MoodleRoundTrip.check(Fixtures.data("moodle/bindery.csv"), file: "bindery.csv")
    }

    @Test func importsEveryRowWithItsHierarchyAndTextsIntact() throws {
        let framework = try Self.bindery().value
        let kept = MoodleRoundTrip.kept
        #expect(framework.id == "BIND-2")
        #expect(kept("taxonomy", framework.extensions) == "domain,skill,skill,indicator")
        #expect(
            framework.description[""]
                == "<p>What a bindery apprentice learns, from the first fold\r\nto the finished cover.</p><p>• Stages of the apprenticeship <br>• Crafts\r\n<br>• Glossary</p>")
        #expect(framework.domains.map(\.id) == ["stages", "crafts", "glossary"])
        #expect(framework.allCompetencies.count == 14)
        let stages = framework.domains[0], crafts = framework.domains[1]
        #expect(stages.competencies.map(\.id) == ["stage-1", "stage-2"])
        #expect(stages.competencies[1].description[""] == "<p>The second year – “real” books for customers.<br></p>")
        #expect(crafts.competencies.map(\.id) == ["preparing", "assembling"])
        let preparing = crafts.competencies[0], assembling = crafts.competencies[1]
        #expect(preparing.children.map(\.id) == ["folding", "pressing"])
        #expect(preparing.children[0].children.map(\.id) == ["FO-1", "FO-2"])
        #expect(preparing.children[1].children.map(\.id) == ["PR-2"])
        #expect(assembling.children.map(\.id) == ["sewing", "gluing"])
        #expect(assembling.children[0].children.map(\.id) == ["SW-1", "SW-2"])
        #expect(assembling.children[1].children.map(\.id) == ["GL-1"])
        #expect(MoodleRoundTrip.depth(crafts.competencies) == 3)
        #expect(framework.domains[2].competencies.isEmpty)

        // Short names: trimmed in the model, kept as written when they end in a space.
        let fo1 = preparing.children[0].children[0], fo2 = preparing.children[0].children[1]
        #expect(fo1.title[""] == "Finds the grain of the paper before folding")
        #expect(kept("shortname", fo1.extensions) == "Finds the grain of the paper before folding ")
        #expect(fo2.title[""]?.count == 100)
        #expect(kept("shortname", fo2.extensions) == nil)
        #expect(fo1.description[""] == "<p>Finds the grain of the paper\r\nbefore folding.<br></p>")
        #expect(kept("exportid", fo1.extensions) == "11")
        // An ID number that is no identifier: the code and the kept ID number have it.
        let pressed = preparing.children[1].children[0]
        #expect(pressed.code == "PR,2")
        #expect(kept("idnumber", pressed.extensions) == "PR,2")
        #expect(kept("descriptionformat", preparing.children[1].extensions) == "0")

        // Cross-references: the competencies named are relations, Moodle's %2C included; a
        // list that names more (an ID number not in the file, a top-level row) stays as written.
        let stage1 = stages.competencies[0]
        #expect(stage1.relations.map(\.target) == ["FO-1", "FO-2", "SW-1", "SW-2", "PR-2", "GL-1"])
        #expect(stage1.relations.allSatisfy { $0.type == .related })
        #expect(kept("crossrefs", stage1.extensions) == "FO-1,FO-2,SW-1,SW-2,PR%2C2,CO-9,GL-1")
        #expect(fo1.relations == [Relation(type: .related, target: "stage-1")])
        #expect(kept("crossrefs", fo1.extensions) == nil)
        let sw2 = assembling.children[0].children[1]
        #expect(sw2.relations == [Relation(type: .related, target: "stage-1")])
        #expect(kept("crossrefs", sw2.extensions) == "stage-1,crafts")

        // The framework's scale, a competency's own scale, a rule.
        #expect(framework.scales.map(\.id) == ["scale", "scale-sewing"])
        let scale = framework.scales[0], own = framework.scales[1]
        #expect(scale.levels.map { $0.label[""] } == ["Novice", "Practised", "Master"])
        #expect(scale.defaultLevel == "Practised")
        #expect(scale.proficientLevel == "Practised")
        let sewing = assembling.children[0]
        #expect(sewing.scale == "scale-sewing")
        #expect(sewing.children.allSatisfy { $0.scale == nil })
        #expect(own.levels.map { $0.label[""] } == ["Not yet", "Yes"])
        #expect(own.defaultLevel == "Yes")
        #expect(own.proficientLevel == "Yes")
        #expect(kept("scaleid", own.extensions) == "9")
        #expect(kept("scalevalues", sewing.extensions) == nil)
        #expect(kept("ruletype", assembling.children[1].extensions) == "core_competency\\competency_rule_all")
        #expect(kept("ruleoutcome", assembling.children[1].extensions) == "1")
    }

    @Test func aNativeEditIsWrittenAsMoodleWouldReadIt() throws {
        var framework = try Self.bindery().value
        // Retitle FO-1, unlink FO-2 from stage 1, add FO-3 after FO-2.
        framework.domains[0].competencies[0].relations.removeAll { $0.target == "FO-2" }
        framework.domains[1].competencies[0].children[0].children[0].title = LocalizedText("Finds the grain first", language: "")
        framework.domains[1].competencies[0].children[0].children[1].relations = []
        framework.domains[1].competencies[0].children[0].children.append(
            Competency(id: "FO-3", code: "FO-3", title: LocalizedText("Folds a folio", language: "")))
        let exported = MoodleCSV().export(framework)
        #expect(exported.report.isEmpty, "\(exported.report)")
        let rows = try CSVReader.read(exported.data, file: "out.csv").rows.map(\.fields)
        #expect(rows.count == 19)
        // The own scale goes out in its competency's row, written as read.
        #expect(rows[9][5...6] == ["Not yet,Yes", #"[{"scaleid":"9"},{"id":2,"scaledefault":1,"proficient":1}]"#])
        // Rows stay in exported-ID order; the new row takes the next free exported ID.
        #expect(rows.map { $0[11] } == [""] + (1...18).map(String.init))
        #expect(rows[18] == ["folding", "FO-3", "Folds a folio", "", "1", "", "", "", "0", "null", "", "18", "", ""])
        // The retitled short name is the new title; the list keeps what is not a competency.
        #expect(rows[11][2] == "Finds the grain first")
        #expect(rows[2][10] == "FO-1,SW-1,SW-2,PR%2C2,GL-1,CO-9")
        #expect(rows[12][10] == "")
        let back = try MoodleCSV().importFramework(exported.data).value
        #expect(back.domains[0].competencies[0].relations.map(\.target) == ["FO-1", "SW-1", "SW-2", "PR-2", "GL-1"])
        #expect(back.domains[1].competencies[0].children[0].children.map(\.id) == ["FO-1", "FO-2", "FO-3"])
    }

    @Test func reportsWhatARowHasNoColumnFor() throws {
        var framework = try Self.bindery().value
        framework.domains[1].competencies[0].uri = "https://example.org/preparing"
        framework.domains[1].competencies[0].status = .deprecated
        framework.domains[1].competencies[1].children[0].scale = nil
        framework.version = "2.0.0"
        let exported = MoodleCSV().export(framework)
        #expect(exported.report.count(of: "competency-field") == 2)
        #expect(exported.report.count(of: "framework-field") == 1)
        // The sewing scale, now used by no competency, is lost; the sewing row has no scale.
        #expect(exported.report.count(of: "scale") == 1)
        #expect(exported.report.entries.count == 3)
        let rows = try CSVReader.read(exported.data, file: "out.csv").rows.map(\.fields)
        #expect(rows[9][1] == "sewing")
        #expect(rows[9][5...6] == ["", ""])
    }

    @Test func readsIsFrameworkAsMoodleDoesAndNumbersNewRowsSafely() throws {
        let csv = MoodleCSV.header.joined(separator: ",") + "\n"
            + ",F,F,,1,,,,,,,,true,\n,G,G,,1,,,,,,,,1,\n,a,A,,1,,,,0,null,,9223372036854775807,0,\n"
        let imported = try MoodleCSV().importFramework(Data(csv.utf8), file: "x.csv")
        #expect(imported.value.id == "F")
        #expect(imported.report.count(of: "moodle-second-framework") == 1)
        #expect(imported.report.entries.count == 1)
        #expect(imported.value.domains.map(\.id) == ["a"])
        var framework = imported.value
        framework.domains[0].competencies = [Competency(id: "b", title: LocalizedText("B", language: ""))]
        let rows = try CSVReader.read(MoodleCSV().export(framework).data, file: "out.csv").rows.map(\.fields)
        #expect(rows.map { $0[1] } == ["F", "a", "b"])
        #expect(rows.map { $0[11] } == ["", "9223372036854775807", "9223372036854775807"])
    }

    @Test func siblingsOutOfExportedIDOrderAreWrittenDepthFirst() throws {
        var framework = try Self.bindery().value
        framework.domains[1].competencies[0].children[0].children.swapAt(0, 1)
        let exported = MoodleCSV().export(framework)
        let rows = try CSVReader.read(exported.data, file: "out.csv").rows.map(\.fields)
        #expect(
            rows.dropFirst().map { $0[1] } == [
                "stages", "stage-1", "stage-2", "crafts", "preparing", "folding", "FO-2", "FO-1", "pressing", "PR,2", "assembling", "sewing",
                "SW-1", "SW-2", "gluing", "GL-1", "glossary",
            ])
        // The exported IDs stay those of the rows; reading the file back keeps the new order.
        #expect(rows[7][11] == "12")
        let back = try MoodleCSV().importFramework(exported.data).value
        #expect(back == framework)
    }
}

/// Moodle's own example, the OECD framework, when it is on this machine (see
/// ``External/moodleExample``): every row, its hierarchy, and the file back byte for byte.
@Suite struct MoodleExampleTests {
    @Test(.enabled(if: External.moodleExample != nil, Comment(rawValue: External.moodleExampleAbsent)))
    func theOECDExampleComesBackByteForByte() throws {
        let url = try #require(External.moodleExample)
        let framework = try MoodleRoundTrip.check(try Data(contentsOf: url), file: url.path).value
        #expect(framework.id == "OECD-CORE")
        // 64 competencies in Moodle: two top-level rows (domains here) and 62 below them.
        #expect(framework.domains.count == 2)
        #expect(framework.allCompetencies.count == 62)
        #expect(framework.domains.map { MoodleRoundTrip.depth($0.competencies) } == [1, 3])
        #expect(framework.scales.map { $0.levels.count } == [2])
        #expect(MoodleRoundTrip.kept("taxonomy", framework.extensions)?.split(separator: ",").count == 4)
        // One row names 39 competencies, each naming it back; every one is in the file.
        let relations = framework.allCompetencies.map(\.relations.count)
        #expect(relations.max() == 39)
        #expect(relations.reduce(0, +) == 78)
        #expect(framework.allCompetencies.allSatisfy { MoodleRoundTrip.kept("crossrefs", $0.extensions) == nil })
        // Six short names cut at 100 characters or typed ending in a space are kept as written.
        #expect(framework.allCompetencies.filter { MoodleRoundTrip.kept("shortname", $0.extensions) != nil }.count == 6)
    }
}
