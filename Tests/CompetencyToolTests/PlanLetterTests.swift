import CompetencyTestSupport
import Foundation
import Testing

/// `competency plan` as a letter for the people who act on it, on the bundled sample: names,
/// titles, level labels, sources, flags, in English and Vietnamese; JSON and CSV with the
/// same facts; `--unit` and `--language`.
@Suite struct PlanLetterTests {
    static let intern = ["plan", "--person", "p0141"]

    @Test func writesTheLetterInEnglish() throws {
        let result = try Tool.run(Self.intern)
        #expect(result.status == 0)
        #expect(result.stdout == Self.englishText)
    }

    @Test func writesTheLetterInVietnamese() throws {
        let result = try Tool.run(Self.intern + ["--language", "vi"])
        #expect(result.status == 0)
        #expect(result.stdout == Self.vietnameseText)
    }

    @Test func writesTheLetterInMarkdown() throws {
        let english = try Tool.run(Self.intern + ["--format", "markdown"])
        #expect(english.status == 0)
        #expect(english.stdout == Self.englishMarkdown)
        let vietnamese = try Tool.run(Self.intern + ["--format", "markdown", "--language", "vi"])
        #expect(vietnamese.stdout == Self.vietnameseMarkdown)
    }

    @Test func writesOneSelfContainedAccessibleHTMLPage() throws {
        let result = try Tool.run(["plan", "--format", "html", "--language", "vi", "--person", "p0141", "--person", "p0033"])
        #expect(result.status == 0)
        let page = result.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(page.hasSuffix("</main>\n</body>\n</html>\n"))
        for external in ["<script", "<link", "@import", "url(", "src=", "http:", "https:"] {
            #expect(!page.contains(external), "the page holds \(external)")
        }
        #expect(page.contains("@media print"))
        #expect(page.components(separatedBy: "<section class=\"person\"").count == 3)
        #expect(page.contains("<section class=\"person\" aria-labelledby=\"person-p0141\">\n<h2 id=\"person-p0141\">Lý Hồng Hạnh <span class=\"id\">(p0141)</span></h2>"))
        #expect(page.contains("<dt>Đơn vị</dt><dd>Phòng Hạ tầng kỹ thuật <span class=\"id\">(NA.ITC.INFRA)</span></dd>"))
        #expect(page.contains("<th scope=\"col\">Năng lực</th><th scope=\"col\">Mức hiện có → mức cần đạt</th><th scope=\"col\">Hạn hoàn thành</th><th scope=\"col\">Căn cứ</th>"))
        #expect(page.contains("<td>1</td><th scope=\"row\">Bảo vệ tài khoản, dữ liệu và thông tin công vụ <span class=\"id\">(M-safety-office)</span></th><td>6 giờ</td><td>trực tuyến</td>"))
        #expect(page.contains("<li>quy tắc R-basic-2026 “Mọi người đạt trình độ kỹ năng số cơ bản trước cuối năm 2026”: có chứng chỉ “digital-basic” cert-0024, còn hiệu lực đến 17/09/2027</li>"))
    }

    @Test func flagsOverdueAndSoonDueNeedsAgainstTheAsOfDate() throws {
        let late = try Tool.run(Self.intern + ["--as-of", "2027-01-01"])
        #expect(late.status == 0)
        #expect(late.stdout.components(separatedBy: "by 30 September 2026 [overdue]").count == 3)
        let soon = try Tool.run(Self.intern + ["--as-of", "2026-08-01", "--language", "vi"])
        #expect(soon.stdout.components(separatedBy: "hạn hoàn thành 30/09/2026 [đến hạn trong 90 ngày]").count == 3)
        let early = try Tool.run(Self.intern)
        #expect(!early.stdout.contains("["))
        let json = try Self.json(Self.intern + ["--as-of", "2027-01-01", "--format", "json"])
        let needs = try #require((json["people"] as? [[String: Any]])?.first?["needs"] as? [[String: Any]])
        #expect(needs.map { $0["flag"] as? String } == ["overdue", "overdue"])
    }

    @Test func anExemptPersonIsToldTheConditionThatReleasedThem() throws {
        let result = try Tool.run(["plan", "--person", "p0033"])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasSuffix("""
                  Status: exempt — 0 needs, 0 modules, 0 h
                  Released from:
                    - rule R-basic-2026 “Basic digital skills for everyone by the end of 2026”: holds certificate “digital-basic” cert-0004, valid until 30 October 2027

                """))
    }

    @Test func explainAddsSourcesAttainedLevelsMetRequirementsAndRules() throws {
        let result = try Tool.run(["plan", "--person", "p0001", "--explain"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("      attained: Basic 2, from an assessment of 25 December 2025"))
        #expect(lines.contains("  Requirements already met:"))
        #expect(
            lines.contains(
                "    - Copyright and licences (C3.3): met: Basic 2 (needs Basic 2); attained: Basic 2, from an assessment of 5 January 2026"))
        #expect(
            lines.contains(
                "    - Health and wellbeing in digital work (C4.4): met: Intermediate 1 (needs Basic 2); attained: Intermediate 1, from an assessment of 22 December 2025"))
        #expect(lines.contains("    - rule R-basic-2026 “Basic digital skills for everyone by the end of 2026”: applies"))
        // Without --explain, met requirements are left out.
        #expect(!(try Tool.run(["plan", "--person", "p0001"])).stdout.contains("met:"))
    }

    // MARK: --unit

    /// The people the sample roster places in each unit, read from the file itself.
    static func peopleByUnit() throws -> [String: [String]] {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Fixtures/sample/roster.xml"), encoding: .utf8)
        var result: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.contains("<person id=\"") {
            func attribute(_ name: String) -> String? {
                guard let start = line.range(of: " \(name)=\"") else { return nil }
                return String(line[start.upperBound...].prefix { $0 != "\"" })
            }
            if let id = attribute("id"), let unit = attribute("unit") { result[unit, default: []].append(id) }
        }
        return result
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try Tool.run(arguments)
        #expect(result.status == 0)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func ids(_ arguments: [String]) throws -> [String] {
        (try json(arguments)["people"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func unitSelectsThePeopleOfAUnitWithOrWithoutTheUnitsWithinIt() throws {
        let byUnit = try Self.peopleByUnit()
        let direct = try Self.ids(["plan", "--format", "json", "--unit", "NA.ITC"])
        #expect(direct == byUnit["NA.ITC"])
        #expect(direct.count == 2)
        let within = try Self.ids(["plan", "--format", "json", "--unit", "NA.ITC", "--descendants"])
        let expected = ["NA.ITC", "NA.ITC.INFRA", "NA.ITC.SEC", "NA.ITC.APPS"].flatMap { byUnit[$0] ?? [] }
        #expect(Set(within) == Set(expected))
        #expect(within.count == 33)
        #expect(within == within.sorted())
        // --unit and --person add up.
        let both = try Self.ids(["plan", "--format", "json", "--unit", "NA.ITC", "--person", "p0001"])
        #expect(both == ["p0001"] + direct)
    }

    @Test func anUnknownUnitIsALocatedErrorWithASuggestion() throws {
        let result = try Tool.run(["plan", "--unit", "NA.OFICE"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr.contains(
                "Fixtures/sample/roster.xml: error: no unit 'NA.OFICE' in the roster's unit tree; did you mean 'NA.OFFICE'? [assignment.unknown-unit]"))
        #expect(try Tool.run(["plan", "--descendants"]).status == 2)
    }

    @Test func anUnknownLanguageIsRefusedWithTheAvailableOnes() throws {
        for verb in [["plan"], ["coverage"]] {
            let result = try Tool.run(verb + ["--language", "fr"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--language 'fr' is not a language the tool has words for; available: en, vi"))
        }
        #expect(try Tool.run(["plan", "--person", "p0141", "--language", "vi-VN"]).stdout == Self.vietnameseText)
    }

    // MARK: JSON and CSV

    @Test(
        .enabled(if: Helper.hasPython("jsonschema"), "python3 with the jsonschema package is absent: cannot check the plan against its schema"),
        arguments: [["--format", "json"], ["--format", "json", "--explain", "--language", "vi", "--as-of", "2027-01-01"]])
    func theJSONPlanMatchesItsSchema(options: [String]) throws {
        let result = try Tool.run(["plan"] + options)
        #expect(result.status == 0)
        let file = try Tool.temporaryFile("plan.json", result.stdout)
        let schema = Fixtures.packageRoot.appendingPathComponent("Documentation/schemas/plan.schema.json").path
        let check = Helper.run(
            "python3",
            [
                "-c",
                """
                import json, sys, jsonschema
                schema = json.load(open(sys.argv[1]))
                jsonschema.Draft202012Validator.check_schema(schema)
                errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
                for error in errors[:5]: print(list(error.absolute_path), error.message)
                print(len(errors), "errors")
                """,
                schema, file.path,
            ])
        #expect(check?.status == 0)
        #expect(check?.output == "0 errors\n")
    }

    @Test func theJSONPlanCarriesNamesTitlesHoursAndSources() throws {
        let document = try Self.json(Self.intern + ["--format", "json", "--language", "vi"])
        #expect(document["language"] as? String == "vi")
        #expect(document["title"] as? String == "Khung kiến thức, kỹ năng số cho cơ quan lập pháp")
        let person = try #require((document["people"] as? [[String: Any]])?.first)
        #expect(person["name"] as? String == "Lý Hồng Hạnh")
        #expect(person["unitTitle"] as? String == "Phòng Hạ tầng kỹ thuật")
        #expect(person["hours"] as? Double == 6)
        let need = try #require((person["needs"] as? [[String: Any]])?.first)
        #expect(need["title"] as? String == "Bảo vệ thiết bị và tài khoản")
        #expect(need["attainedLabel"] as? String == "Cơ bản 2")
        #expect(need["requiredLabel"] as? String == "Trung cấp 2")
        let module = try #require((person["assign"] as? [[String: Any]])?.first)
        #expect(module["hours"] as? Double == 6)
        #expect(module["delivery"] as? String == "online")
        let released = try #require((person["released"] as? [[String: Any]])?.first)
        #expect(released["condition"] as? String == "có chứng chỉ “digital-basic” cert-0024, còn hiệu lực đến 17/09/2027")
    }

    @Test func theCSVPlanHasItsDocumentedColumnsAndTitledRows() throws {
        let result = try Tool.run(Self.intern + ["--format", "csv"])
        #expect(result.status == 0)
        let records = result.stdout.components(separatedBy: "\r\n")
        #expect(
            records.first
                == "person,name,unit,unitTitle,position,positionTitle,status,record,competency,competencyTitle,attained,attainedLabel,"
                + "required,requiredLabel,by,flag,because,levelSetBy,deadlineSetBy,module,moduleTitle,order,hours,delivery,closes,reason")
        #expect(records.count == 6)
        #expect(
            records[1]
                == "p0141,Lý Hồng Hạnh,NA.ITC.INFRA,Infrastructure Division,intern,Intern,needs-training,need,C4.1,Protecting devices and accounts,"
                + "L2,Basic 2,L4,Intermediate 2,2026-09-30,,rule R-it-centre-security,"
                + "rule R-it-centre-security (Security skills for everyone in the IT centre),"
                + "rule R-it-centre-security (Security skills for everyone in the IT centre),,,,,,,")
        #expect(records[3].hasPrefix("p0141,Lý Hồng Hạnh,NA.ITC.INFRA,Infrastructure Division,intern,Intern,needs-training,assign,,,,,,,,,,,,"
            + "M-safety-office,\"Protecting accounts, data and official information\",1,6,online,C4.1; C4.3,"))
        #expect(records[4].hasSuffix(",released,,,,,,,,,rule R-basic-2026,,,,,,,,,\"holds certificate “digital-basic” cert-0024, valid until 17 September 2027\""))
        for record in records.dropLast() {
            #expect(Self.fields(record) == 26, "\(record)")
        }
    }

    /// Every kind of record, on a roster that has them all, with `--explain`, has the 26 columns.
    @Test func everyKindOfCSVRecordHasEveryColumn() throws {
        let result = try Tool.run(
            ["plan", "--framework", "Fixtures/assignment/framework.xml", "--roster", "Fixtures/assignment/roster.xml", "--format", "csv", "--explain"])
        #expect(result.status == 0)
        let records = result.stdout.components(separatedBy: "\r\n").dropLast().dropFirst()
        var kinds: [String: Int] = [:]
        for record in records {
            #expect(Self.fields(record) == 26, "\(record)")
            kinds[Self.split(record)[7], default: 0] += 1
        }
        // `none` (a person with no record) is in `writesCSV`; with --explain that person has `met` records.
        #expect(Set(kinds.keys) == ["need", "met", "assign", "unmet", "released"], "\(kinds)")
    }

    /// The fields of a CSV record, unquoted.
    static func split(_ record: String) -> [String] {
        var fields = [""]
        var quoted = false
        for character in record {
            if character == "\"" {
                quoted.toggle()
            } else if character == ",", !quoted {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }

    /// The number of fields of a CSV record.
    static func fields(_ record: String) -> Int {
        var count = 1
        var quoted = false
        for character in record {
            if character == "\"" { quoted.toggle() } else if character == ",", !quoted { count += 1 }
        }
        return count
    }
}

extension PlanLetterTests {
    static let englishText = #"""
        Training plan on 15 January 2026
        Framework: Digital knowledge and skills framework for the legislature (na-digital 1.0.0)

        p0141 — Lý Hồng Hạnh
          Unit: Infrastructure Division (NA.ITC.INFRA)
          Position: Intern (intern)
          Status: needs training — 2 needs, 1 module, 6 h
          What to reach:
            - Protecting devices and accounts (C4.1): Basic 2 → Intermediate 2, by 30 September 2026
              level and deadline set by rule R-it-centre-security “Security skills for everyone in the IT centre”
            - Handling official information securely (C4.3): Basic 2 → Intermediate 2, by 30 September 2026
              level and deadline set by rule R-it-centre-security “Security skills for everyone in the IT centre”
          Modules to take, in this order:
            1. Protecting accounts, data and official information (M-safety-office): 6 h, online
               closes: Protecting devices and accounts, Handling official information securely
          Released from:
            - rule R-basic-2026 “Basic digital skills for everyone by the end of 2026”: holds certificate “digital-basic” cert-0024, valid until 17 September 2027

        """#
    static let vietnameseText = #"""
        Kế hoạch bồi dưỡng tính đến ngày 15/01/2026
        Khung năng lực: Khung kiến thức, kỹ năng số cho cơ quan lập pháp (na-digital 1.0.0)

        p0141 — Lý Hồng Hạnh
          Đơn vị: Phòng Hạ tầng kỹ thuật (NA.ITC.INFRA)
          Vị trí việc làm: Thực tập sinh (intern)
          Tình trạng: cần bồi dưỡng — 2 nội dung cần bồi dưỡng, 1 học phần, 6 giờ
          Mức năng lực cần đạt:
            - Bảo vệ thiết bị và tài khoản (C4.1): Cơ bản 2 → Trung cấp 2, hạn hoàn thành 30/09/2026
              mức và hạn do quy tắc R-it-centre-security “Kỹ năng an toàn thông tin cho toàn bộ Trung tâm Công nghệ thông tin” quy định
            - Xử lý an toàn thông tin công vụ (C4.3): Cơ bản 2 → Trung cấp 2, hạn hoàn thành 30/09/2026
              mức và hạn do quy tắc R-it-centre-security “Kỹ năng an toàn thông tin cho toàn bộ Trung tâm Công nghệ thông tin” quy định
          Các học phần cần học, theo thứ tự:
            1. Bảo vệ tài khoản, dữ liệu và thông tin công vụ (M-safety-office): 6 giờ, trực tuyến
               đáp ứng: Bảo vệ thiết bị và tài khoản, Xử lý an toàn thông tin công vụ
          Được miễn áp dụng:
            - quy tắc R-basic-2026 “Mọi người đạt trình độ kỹ năng số cơ bản trước cuối năm 2026”: có chứng chỉ “digital-basic” cert-0024, còn hiệu lực đến 17/09/2027

        """#
    static let englishMarkdown = #"""
        # Training plan on 15 January 2026

        Framework: Digital knowledge and skills framework for the legislature (na-digital 1.0.0)

        ## Lý Hồng Hạnh (`p0141`)

        - **Unit:** Infrastructure Division (`NA.ITC.INFRA`)
        - **Position:** Intern (`intern`)
        - **Status:** needs training — 2 needs, 1 module, 6 h

        ### What to reach

        - **Protecting devices and accounts** (`C4.1`): Basic 2 → Intermediate 2, by 30 September 2026\
          level and deadline set by rule R-it-centre-security “Security skills for everyone in the IT centre”
        - **Handling official information securely** (`C4.3`): Basic 2 → Intermediate 2, by 30 September 2026\
          level and deadline set by rule R-it-centre-security “Security skills for everyone in the IT centre”

        ### Modules to take, in this order

        1. **Protecting accounts, data and official information** (`M-safety-office`): 6 h, online\
           closes: Protecting devices and accounts, Handling official information securely

        ### Released from

        - rule R-basic-2026 “Basic digital skills for everyone by the end of 2026”: holds certificate “digital-basic” cert-0024, valid until 17 September 2027

        """#
    static let vietnameseMarkdown = #"""
        # Kế hoạch bồi dưỡng tính đến ngày 15/01/2026

        Khung năng lực: Khung kiến thức, kỹ năng số cho cơ quan lập pháp (na-digital 1.0.0)

        ## Lý Hồng Hạnh (`p0141`)

        - **Đơn vị:** Phòng Hạ tầng kỹ thuật (`NA.ITC.INFRA`)
        - **Vị trí việc làm:** Thực tập sinh (`intern`)
        - **Tình trạng:** cần bồi dưỡng — 2 nội dung cần bồi dưỡng, 1 học phần, 6 giờ

        ### Mức năng lực cần đạt

        - **Bảo vệ thiết bị và tài khoản** (`C4.1`): Cơ bản 2 → Trung cấp 2, hạn hoàn thành 30/09/2026\
          mức và hạn do quy tắc R-it-centre-security “Kỹ năng an toàn thông tin cho toàn bộ Trung tâm Công nghệ thông tin” quy định
        - **Xử lý an toàn thông tin công vụ** (`C4.3`): Cơ bản 2 → Trung cấp 2, hạn hoàn thành 30/09/2026\
          mức và hạn do quy tắc R-it-centre-security “Kỹ năng an toàn thông tin cho toàn bộ Trung tâm Công nghệ thông tin” quy định

        ### Các học phần cần học, theo thứ tự

        1. **Bảo vệ tài khoản, dữ liệu và thông tin công vụ** (`M-safety-office`): 6 giờ, trực tuyến\
           đáp ứng: Bảo vệ thiết bị và tài khoản, Xử lý an toàn thông tin công vụ

        ### Được miễn áp dụng

        - quy tắc R-basic-2026 “Mọi người đạt trình độ kỹ năng số cơ bản trước cuối năm 2026”: có chứng chỉ “digital-basic” cert-0024, còn hiệu lực đến 17/09/2027

        """#
}
