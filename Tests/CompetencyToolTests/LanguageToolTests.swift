import CompetencyTestSupport
import Foundation
import Testing

/// `--language` on `show`, `diff`, `validate`, `verify`, `migrate` and the summary of
/// `credentials`, end to end on the bundled sample: the tool's words and the documents' titles
/// in Vietnamese, titles falling back to the document's language, machine formats unchanged,
/// and an unknown language refused.
@Suite struct LanguageToolTests {
    @Test func showSummarisesTheSampleInVietnamese() throws {
        let result = try Tool.run(["show", "--language", "vi"])
        #expect(result.status == 0)
        #expect(result.stdout == Self.vietnameseShow)
    }

    @Test func showFallsBackToTheDocumentsLanguageForTitles() throws {
        // The evolution example has an English title only.
        let result = try Tool.run(["show", "Fixtures/evolution/old.xml", "--language", "vi"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.prefix(3) == [
            "Fixtures/evolution/old.xml: khung năng lực evo phiên bản 1.0.0", "  tên:        Evolution example", "  ngôn ngữ:   en",
        ])
        // The sample's title has a Vietnamese variant, and English with --language en.
        let english = try Tool.run(["show", "Fixtures/sample/framework.xml", "--language", "en"])
        #expect(english.stdout.contains("  title:      Digital knowledge and skills framework for the legislature\n"))
        #expect(english.stdout.contains("  issued:     13 September 2025\n"))
    }

    @Test func showJSONHasTheTitleInTheLanguageAndTheSameKeys() throws {
        let plain = try Tool.run(["show", "Fixtures/sample/framework.xml", "--format", "json"])
        let vietnamese = try Tool.run(["show", "Fixtures/sample/framework.xml", "--format", "json", "--language", "vi"])
        #expect(vietnamese.status == 0)
        #expect(plain.stdout.contains("\"title\" : \"Digital knowledge and skills framework for the legislature\""))
        #expect(
            vietnamese.stdout
                == plain.stdout.replacingOccurrences(
                    of: "Digital knowledge and skills framework for the legislature", with: "Khung kiến thức, kỹ năng số cho cơ quan lập pháp"))
    }

    @Test func diffTextIsInVietnamese() throws {
        let result = try Tool.run(["diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework-v2.xml", "--language", "vi"])
        #expect(result.status == 0)
        #expect(result.stdout == Self.vietnameseDiff)
        // English asked for explicitly reads as without a language: the sample's diff has no
        // dates nor numbers that English writes differently.
        let english = try Tool.run(["diff", "--language", "en"])
        #expect(english.stdout == (try Tool.run(["diff"])).stdout)
    }

    @Test func diffMarkdownAndHTMLUseTitlesInTheLanguage() throws {
        let markdown = try Tool.run(["diff", "--format", "markdown", "--language", "vi"])
        #expect(markdown.stdout.contains("## Thay đổi không tương thích\n"))
        #expect(markdown.stdout.contains("- vị trí `official` *Chuyên viên*: yêu cầu năng lực C1.1 ở mức L4 thay vì L3\n"))
        let html = try Tool.run(["diff", "--format", "html", "--language", "vi"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">\n"))
        #expect(html.stdout.contains("<title>Thay đổi từ na-digital 1.0.0 sang na-digital 2.0.0</title>"))
        #expect(html.stdout.contains("<th>ảnh hưởng</th><th>đối tượng</th><th>mã</th><th>thay đổi</th><th>bản cũ</th><th>bản mới</th>"))
        // A title missing in Vietnamese falls back to the framework's language.
        let fallback = try Tool.run([
            "diff", "Fixtures/evolution/old.xml", "Fixtures/evolution/new.xml", "--format", "markdown", "--language", "vi",
        ])
        #expect(fallback.stdout.contains("- năng lực `gone` *To be removed*: đã bỏ năng lực gone\n"))
    }

    @Test func diffJSONKeepsItsCodesAndOnlyTitlesFollowTheLanguage() throws {
        let plain = try Tool.run(["diff", "--format", "json"]).stdout
        let vietnamese = try Tool.run(["diff", "--format", "json", "--language", "vi"]).stdout
        #expect(vietnamese.contains("\"kind\":\"requirement-raised\",\"entity\":\"position\",\"id\":\"official\","
            + "\"detail\":\"requires competency C1.1 at L4 instead of L3\",\"title\":\"Chuyên viên\""))
        #expect(plain.contains("\"detail\":\"requires competency C1.1 at L4 instead of L3\",\"title\":\"Official\""))
        // Apart from the titles, the two are the same.
        let titles = try NSRegularExpression(pattern: #""title":("([^"\\]|\\.)*"|null)"#)
        func untitled(_ text: String) -> String {
            titles.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "\"title\":_")
        }
        #expect(untitled(vietnamese) == untitled(plain))
        #expect(vietnamese != plain)
    }

    @Test func diffPeopleImpactIsInVietnamese() throws {
        let result = try Tool.run([
            "diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework-v2.xml", "--roster", "Fixtures/sample/roster.xml",
            "--language", "vi",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\nẢnh hưởng đến nhân sự\n"))
        #expect(result.stdout.contains(
            "  đơn vị NA.DEL.HUE: 11 người; 3 nay cần bồi dưỡng, 0 nay đạt yêu cầu; 0 trở thành chưa thể bồi dưỡng đủ, "
                + "0 không còn ở tình trạng đó; +26 giờ / -0 giờ bồi dưỡng\n"))
        // CSV is a table for programs: the same with or without a language.
        let csv = ["diff", "Fixtures/sample/framework.xml", "Fixtures/sample/framework-v2.xml", "--roster", "Fixtures/sample/roster.xml", "--format", "csv"]
        #expect(try Tool.run(csv + ["--language", "vi"]).stdout == (try Tool.run(csv)).stdout)
    }

    @Test func validateSaysTheSampleIsCleanInVietnamese() throws {
        let result = try Tool.run(["validate", "--language", "vi"])
        #expect(result.status == 0)
        #expect(result.stdout == "Fixtures/sample/framework.xml, Fixtures/sample/roster.xml: không phát hiện vấn đề nào\n")
    }

    @Test func validateFindingsHaveVietnameseSeveritiesLabelsAndCounts() throws {
        let result = try Tool.run(["validate", "Fixtures/validation/draft.xml", "--language", "vi"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Fixtures/validation/draft.xml:2:1: lỗi: '2026-02-30' in issued on <framework> is not a date; write YYYY-MM-DD [schema.invalid-date]")
        #expect(lines.contains("Fixtures/validation/draft.xml:12:7: gợi ý sửa: did you mean <statement>?"))
        #expect(lines.last == "3 lỗi, 0 cảnh báo, 0 ghi chú")
        // JSON and SARIF do not depend on the language.
        for format in ["json", "sarif"] {
            let plain = try Tool.run(["validate", "Fixtures/validation/draft.xml", "--format", format])
            #expect(try Tool.run(["validate", "Fixtures/validation/draft.xml", "--format", format, "--language", "vi"]).stdout == plain.stdout)
        }
    }

    @Test func verifyMigrateAndCredentialsSummariseInVietnamese() throws {
        let folder = try Scratch.folder("language")
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("none.jwt")
        try Data().write(to: empty)
        let verified = try Tool.run(["verify", empty.path, "--as-of", "2026-01-15", "--language", "vi"])
        #expect(verified.status == 1)
        #expect(verified.stdout == "0/0 chứng nhận hợp lệ vào ngày 15/01/2026\n")
        let migrated = try Tool.run([
            "migrate", "Fixtures/evolution/roster.xml", "--from", "Fixtures/evolution/old.xml", "--to", "Fixtures/evolution/new.xml",
            "-o", folder.appendingPathComponent("roster.xml").path, "--language", "vi",
        ])
        #expect(migrated.status == 0)
        #expect(migrated.stderr.hasSuffix("đã chuyển 2 người từ evo 1.0.0 sang evo 2.0.0; 3 bản ghi không chuyển được\n"))
        let issue = [
            "credentials", "--issuer", "Fixtures/credentials/issuer.json", "--identity-attribute", "national-id", "--unsigned",
            "--person", "p0141", "-o", folder.appendingPathComponent("credentials.jsonl").path,
        ]
        let issued = try Tool.run(issue + ["--language", "vi"])
        #expect(issued.status == 0)
        #expect(issued.stderr.hasSuffix("đã cấp 12 chứng nhận (chưa ký) vào ngày 15/01/2026\n"))
        #expect(try Tool.run(issue).stderr.hasSuffix("issued 12 credentials (unsigned) on 2026-01-15\n"))
    }

    @Test(arguments: [["show"], ["diff"], ["validate"], ["migrate", "r.xml", "--from", "a.xml", "--to", "b.xml"], ["verify", "c.jwt"]])
    func anUnknownLanguageIsRefused(_ verb: [String]) throws {
        let result = try Tool.run(verb + ["--language", "fr"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("--language 'fr' is not a language the tool has words for; available: en, vi"))
    }

    static let vietnameseShow = """
        Fixtures/sample/framework.xml: khung năng lực na-digital phiên bản 1.0.0
          tên:        Khung kiến thức, kỹ năng số cho cơ quan lập pháp
          trạng thái: đã ban hành
          ban hành:   13/09/2025
          ngôn ngữ:   en, vi
          thang đo:     1
          mức:          8
          nhóm mức:     4
          miền:         6
          năng lực:     24
          lồng nhau:    0
          mô tả mức:    192
          quan hệ:      10
          đối chiếu:    4
          vị trí:       15
          yêu cầu:      71
          học phần:     30
          quy tắc:      9
          thang đo proficiency: L1 L2 L3 L4 L5 L6 L7 L8 theo nhóm basic (L1 L2), intermediate (L3 L4), advanced (L5 L6), specialised (L7 L8)
            mặc định L1, đạt chuẩn L2

        Fixtures/sample/roster.xml: danh sách nhân sự theo khung na-digital
          tính đến:   15/01/2026
          ngôn ngữ:   en, vi
          đơn vị:          24
          người:           323
          lượt đánh giá:   1.074
          chứng chỉ:       58
          lượt hoàn thành: 486
        """ + "\n"

    static let vietnameseDiff = """
        na-digital 1.0.0 → na-digital 2.0.0: 5 thay đổi, mức ảnh hưởng lớn; phiên bản đề xuất 2.0.0

        Bổ sung (1):
          [nhỏ] năng lực C6.5: đã thêm năng lực C6.5
              bản cũ: -  bản mới: Fixtures/sample/framework-v2.xml:1063

        Tách (1):
          [lớn] năng lực C4.2: C4.2 được tách thành C4.5, C4.6
              bản cũ: Fixtures/sample/framework.xml:598  bản mới: Fixtures/sample/framework-v2.xml:598, Fixtures/sample/framework-v2.xml:643

        Thay đổi mô tả mức (1):
          [rất nhỏ] năng lực C1.1: đã viết lại mô tả ở mức L1 (en)
              bản cũ: Fixtures/sample/framework.xml:69  bản mới: Fixtures/sample/framework-v2.xml:69

        Yêu cầu được nâng lên (1):
          [lớn] vị trí official: yêu cầu năng lực C1.1 ở mức L4 thay vì L3
              bản cũ: Fixtures/sample/framework.xml:1091  bản mới: Fixtures/sample/framework-v2.xml:1106

        Thay đổi nội dung học phần bồi dưỡng (1):
          [nhỏ] học phần M-ai: nay bồi dưỡng C6.5 đến mức L3
              bản cũ: Fixtures/sample/framework.xml:1332  bản mới: Fixtures/sample/framework-v2.xml:1351
        """ + "\n"
}
