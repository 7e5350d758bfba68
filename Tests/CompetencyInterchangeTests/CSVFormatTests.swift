import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

@testable import CompetencyInterchange

@Suite struct RosterCSVTests {
    static func sampleRoster() throws -> Roster {
        try XMLReader().readRoster(contentsOf: Fixtures.url("sample/roster.xml")).value
    }

    @Test func rosterToCSVToRosterKeepsEveryPersonAndFact() throws {
        let roster = try Self.sampleRoster()
        let exported = RosterCSV().export(roster)
        let back = try RosterCSV().importRoster(exported.data, file: "roster.csv", language: roster.language ?? "").value
        #expect(back.people.count == 323)
        let projected = roster.people.map { person in
            var person = person
            person.name = person.name.only(roster.language ?? "")
            person.uri = nil
            person.certificates = person.certificates.map { certificate in
                var certificate = certificate
                certificate.uri = nil
                certificate.title = LocalizedText()
                return certificate
            }
            return person
        }
        #expect(back.people == projected)
        #expect(exported.report.kinds.contains("unit"))
        #expect(exported.report.kinds.contains("roster-metadata"))
        #expect(RosterCSV().export(roster).data == exported.data)
    }

    @Test func readsALongFormRosterAndLocatesItsErrors() throws {
        let text = """
            person,name,unit,position,fact,target,level,date,method,value,expires
            p1,Ann,U1,official,,,,,,,
            p1,,,,attribute,deputy,,,,true,
            p1,,,,assessment,C1.1,L2,2025-10-01,test,,
            p1,,,,certificate,digital-basic,,2025-11-02,,cert-1,2027-11-02
            p1,,,,covers,C1.1,L2,,,cert-1,
            p2,Bao,U2,official,completion,M1,,2025-12-01,,,

            """
        let roster = try RosterCSV().importRoster(Data(text.utf8), file: "r.csv").value
        #expect(roster.people.map(\.id) == ["p1", "p2"])
        #expect(roster.units.map(\.id) == ["U1", "U2"])
        let ann = roster.people[0]
        #expect(ann.attributes == [PersonAttribute(name: "deputy", value: "true")])
        #expect(ann.assessments == [Assessment(competency: "C1.1", level: "L2", date: ISODate("2025-10-01"), method: .test)])
        #expect(ann.certificates.first?.covers == [Coverage(competency: "C1.1", level: "L2")])
        #expect(roster.people[1].completions == [Completion(module: "M1", date: ISODate("2025-12-01"))])

        let broken = "person,name,unit,position,fact,target,level,date,method,value,expires\np1,,,,assessment,C1,L2,2025-13-01,guess,,\np1,,,,grade,,,,,,\n"
        do {
            _ = try RosterCSV().importRoster(Data(broken.utf8), file: "b.csv")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "b.csv:2:9: error: 'guess' is not an assessment method; use self, test, observed or certified [csv.method]",
                "b.csv:2:8: error: '2025-13-01' in column date is not a date of the form YYYY-MM-DD [csv.date]",
                "b.csv:3:5: error: 'grade' is not a fact; use attribute, assessment, certificate, covers or completion, or leave it empty [csv.fact]",
            ])
        }
    }
}

@Suite struct FrameworkCSVTests {
    @Test func writesOneRowPerCompetencyAndDescriptor() throws {
        let sample = try Paths.sampleFramework()
        let exported = FrameworkCSV().export(sample.value, sourceMap: sample.sourceMap)
        let table = try CSVReader.read(exported.data, file: nil)
        #expect(table.header == FrameworkCSV.header)
        #expect(table.rows.count == 192)
        let first = try #require(table.rows.first)
        #expect(Array(first.fields.prefix(4)) == ["D1", "1", "Information and data literacy", "C1.1"])
        #expect(first.fields[9] == "L1")
        #expect(first.fields[11] == "Basic 1")
        #expect(exported.report.count(of: "position") == 15)
        #expect(exported.report.count(of: "relation") == 10)
    }
}

@Suite struct FormatDetectionTests {
    @Test func detectsEachFormatFromItsContent() throws {
        let sample = try Data(contentsOf: Paths.sample)
        #expect(FormatDetector.detect(sample) == .xml)
        let framework = try Paths.sampleFramework().value
        #expect(FormatDetector.detect(CASEExporter().export(framework).data) == .case)
        #expect(FormatDetector.detect(MedBiqExporter().export(framework).files[0].data) == .medbiq)
        #expect(FormatDetector.detect(MedBiqExporter().export(framework).files[1].data) == .medbiq)
        #expect(FormatDetector.detect(Data("{\n  \"framework\" : {}}".utf8)) == .json)
        #expect(FormatDetector.detect(Data("{\"@graph\": [{\"@type\": \"ceasn:CompetencyFramework\"}]}".utf8)) == .ctdl)
        // A CTDL-ASN graph is told by its framework node, whatever else it names.
        #expect(FormatDetector.detect(Data("{\"@graph\": [{\"@type\": \"ceasn:CompetencyFramework\", \"x\": {\"CFDocument\": 1}}]}".utf8)) == .ctdl)
        #expect(FormatDetector.detect(Data("{\"x\": {\"CFDocument\": 1}, \"y\": \"ceasn:CompetencyFramework\"}".utf8)) == .case)
        #expect(FormatDetector.detect(Data("conceptType,conceptUri,iscoGroup,preferredLabel\n".utf8)) == .esco)
        #expect(FormatDetector.detect(Data("#,Levels,,,,,,,Code,URL,Skill,Category\n".utf8)) == .sfia)
        #expect(FormatDetector.detect(Data((RosterCSV.header.joined(separator: ",") + "\n").utf8)) == .csv)
        #expect(FormatDetector.detect(Data("<?xml version=\"1.0\"?>\n<!-- c -->\n<html/>".utf8)) == nil)
        #expect(FormatDetector.detect(Data("hello".utf8)) == nil)
        #expect(FormatDetector.detect(Data()) == nil)
    }

    @Test(.enabled(if: External.has("sfia9"), "../shared/external is absent: the real files are not available"))
    func detectsTheRealFiles() throws {
        let cases: [(String, InterchangeFormat)] = [
            ("sfia9/sfia-9_current-standard_en_US_250129.csv", .sfia), ("sfia9/sfia-9_current-standard_en_US_2501292.csv", .sfia),
            ("esco-v1.2.0/skillsHierarchy_en.csv", .esco), ("esco-v1.2.0/skillSkillRelations_en.csv", .esco),
            ("aamc-ctdl-asn/GeneralPhysicianCompetencies.json", .ctdl), ("opensalt-case/samples/math_cfs_sample.json", .case),
            ("medbiq/shortordercook/shortordercook_competencyframework.xml", .medbiq),
            ("adl-competency-example/competency/computer-science/for-loop.xml", .medbiq),
        ]
        for (path, format) in cases {
            #expect(FormatDetector.detect(try Data(contentsOf: External.url(path))) == format, "\(path)")
        }
    }
}

/// CSV input is strict: nothing shifts, vanishes or is garbled without a word.
@Suite struct StrictCSVTests {
    static let header = "person,name,unit,position,fact,target,level,date,method,value,expires"

    static func failure(_ text: String) -> String? {
        do {
            _ = try RosterCSV().importRoster(Data(text.utf8), file: "r.csv")
            return nil
        } catch {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    @Test func crOnlyLineEndsAreLineEnds() throws {
        let text = [Self.header, "p1,Ann,U1,official,,,,,,,", "p2,Bao,U1,official,,,,,,,", "p3,Chi,U2,official,,,,,,,"]
            .joined(separator: "\r")
        let roster = try RosterCSV().importRoster(Data(text.utf8), file: "r.csv").value
        #expect(roster.people.map(\.id) == ["p1", "p2", "p3"])
        #expect(try CSVReader.read(Data("a,b\r1,\"x\ry\"\r2,z\r".utf8), file: nil).rows.map(\.line) == [2, 4])
    }

    @Test func oneLegacyByteInAUTF8FileIsRefusedWithItsLine() {
        var bytes = Array((Self.header + "\np1,Nguyễn Văn A,U1,official,,,,,,,\np2,Caf").utf8)
        bytes.append(0xE9)  // é in Windows-1252
        bytes += Array(",U1,official,,,,,,,\n".utf8)
        do {
            _ = try RosterCSV().importRoster(Data(bytes), file: "r.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "r.csv:3:7: error: byte 0xE9 is not UTF-8, but the rest of the file is: the file mixes encodings; save it as UTF-8 [csv.mixed-encoding]")
        }
    }

    @Test func aWholeLegacyFileIsReadAndSaysSo() throws {
        var bytes = Array((Self.header + "\np1,Caf").utf8)
        bytes.append(0xE9)
        bytes += Array(",U1,official,,,,,,,\n".utf8)
        let imported = try RosterCSV().importRoster(Data(bytes), file: "r.csv")
        #expect(imported.value.people.first?.name.variants.first?.value == "Café")
        #expect(imported.report.diagnostics().map(\.summary) == [
            "r.csv:1:1: note: repaired (1×): files in the legacy Windows-1252 encoding, decoded as such [csv.windows-1252]"
        ])
    }

    @Test func quotesFollowRFC4180() {
        #expect(Self.failure(Self.header + "\np1,Ann \"the\" first,U1,official,,,,,,,\n")
            == "r.csv:2:8: error: a quote inside a field that does not start with one; quote the whole field and double the quote (\"\") [csv.syntax]")
        #expect(Self.failure(Self.header + "\np1,\"Ann\" B,U1,official,,,,,,,\n")
            == "r.csv:2:9: error: text after the closing quote of a field; put it inside the quotes, or add the comma that ends the field [csv.syntax]")
        #expect(Self.failure(Self.header + "\np1,\"Ann,U1,official,,,,,,,\np2,Bao,U1,official,,,,,,,\n")
            == "r.csv:2:4: error: a quoted field is not closed: add the closing '\"' [csv.syntax]")
    }

    @Test func rowsWithExtraFieldsAreRefusedAndShortOnesReported() throws {
        #expect(Self.failure(Self.header + "\np1,Ann,U1,official,,,,,,,,extra\n")
            == "r.csv:2:1: error: this row has 12 fields, more than the header's 11; quote fields that hold commas, or name the extra columns in the header [csv.column-count]")
        let imported = try RosterCSV().importRoster(Data((Self.header + "\np1,Ann,U1,official\n").utf8), file: "r.csv")
        #expect(imported.value.people.map(\.id) == ["p1"])
        #expect(imported.report.diagnostics().map(\.summary) == [
            "r.csv:2:1: note: repaired (1×): rows with fewer fields than the header, read as ending in empty fields [csv.short-row]"
        ])
    }
}
