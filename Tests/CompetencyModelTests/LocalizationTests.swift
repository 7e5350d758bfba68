import CompetencyModel
import Testing

@Suite struct LocalizationTests {
    let english = Localizer(language: "en")
    let vietnamese = Localizer(language: "vi")

    @Test func datesFollowTheLanguage() throws {
        let date = try #require(ISODate("2026-12-31"))
        #expect(english.date(date) == "31 December 2026")
        #expect(vietnamese.date(date) == "31/12/2026")
        #expect(vietnamese.date(try #require(ISODate("2027-01-05"))) == "05/01/2027")
    }

    @Test func numbersAreGroupedAndMarked() {
        #expect(english.number(0) == "0")
        #expect(english.number(999) == "999")
        #expect(english.number(1_234_567) == "1,234,567")
        #expect(vietnamese.number(1_234_567) == "1.234.567")
        #expect(english.number(-1000) == "-1,000")
        #expect(english.decimal(1234.56, fractionDigits: 1) == "1,234.6")
        #expect(vietnamese.decimal(12.5, fractionDigits: 2) == "12,50")
        #expect(english.decimal(-0.04, fractionDigits: 1) == "0.0")
        #expect(english.decimal(.nan) == "–")
        #expect(english.percent(0.1923) == "19.2%")
        #expect(vietnamese.percent(0.1923) == "19,2%")
        #expect(english.percent(1) == "100.0%")
    }

    @Test func messagesFillPlaceholdersAndFallBack() {
        #expect(english.message("status.needs-training") == "needs training")
        #expect(vietnamese.message("status.needs-training") == "cần bồi dưỡng")
        #expect(english.message("unit.hours", ["hours": "12"]) == "12 h")
        #expect(english.message("no.such.key") == "no.such.key")
        // A regional tag finds its language; an unknown language falls back to English.
        #expect(Localizer(language: "vi-VN").message("status.exempt") == "được miễn")
        #expect(Localizer(language: "fr").message("status.exempt") == "exempt")
        #expect(Localizer.isSupported("vi-VN"))
        #expect(!Localizer.isSupported("fr"))
        // With no language asked for, the document's language is used.
        #expect(Localizer(documentLanguage: "vi").language == "vi")
    }

    @Test func placeholdersAreFilledOnceEachAndTheRestKeptAsWritten() {
        let values = ["name": "Lê Thị Hằng", "n": "3"]
        #expect(MessageCatalogue.fill("{name} has {n} needs", values) == "Lê Thị Hằng has 3 needs")
        #expect(MessageCatalogue.fill("“{name}” — {other}", values) == "“Lê Thị Hằng” — {other}")
        #expect(MessageCatalogue.fill("{n}{n}{", values) == "33{")
        // A placeholder runs to the first closing brace, so this one is named `name and {n`.
        #expect(MessageCatalogue.fill("open {name and {n}", values) == "open {name and {n}")
        #expect(MessageCatalogue.fill("no braces", values) == "no braces")
        #expect(MessageCatalogue.fill("{name}", [:]) == "{name}")
        // A value's own braces are not filled again.
        #expect(MessageCatalogue.fill("{name} {n}", ["name": "{n}", "n": "x"]) == "{n} x")

        let template = MessageTemplate(template: "{required} ← {attained} {unknown}{", arguments: ["attained", "required"])
        #expect(template.fill("Cơ bản 1", "Nâng cao 2") == "Nâng cao 2 ← Cơ bản 1 {unknown}{")
        #expect(template.fill("only one") == " ← only one {unknown}{")
    }

    @Test func parsedTemplatesWriteWhatMessagesWriteForEveryBundledKey() {
        for words in [english, vietnamese] {
            for (key, text) in words.catalogue.messages {
                var names: [String] = []
                var rest = Substring(text)
                while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                    names.append(String(rest[rest.index(after: open)..<close]))
                    rest = rest[rest.index(after: close)...]
                }
                let values = names.enumerated().map { "‹\($0.offset)›" }
                let arguments = Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
                var out = ""
                MessageTemplate(words, key, arguments: names).write(names.map { arguments[$0] ?? "" }, into: &out)
                #expect(out == words.message(key, arguments), "\(words.language) \(key)")
            }
        }
    }

    @Test func anAddedCatalogueOverridesKeyByKey() {
        let french = MessageCatalogue(language: "fr", messages: ["status.exempt": "exempté", "format.decimal": ","])
        let words = Localizer(language: "fr", catalogues: MessageCatalogue.bundled + [french])
        #expect(words.message("status.exempt") == "exempté")
        #expect(words.message("status.compliant") == "compliant")
        #expect(words.decimal(2.5) == "2,5")
    }

    @Test func textsPreferTheLanguageThenTheDocumentsDefault() {
        var title = LocalizedText("Khai thác dữ liệu", language: "vi")
        title["en"] = "Using data"
        #expect(english.text(title) == "Using data")
        #expect(vietnamese.text(title) == "Khai thác dữ liệu")
        let onlyVietnamese = LocalizedText("Khai thác dữ liệu", language: "vi")
        #expect(Localizer(language: "en", documentLanguage: "vi").text(onlyVietnamese) == "Khai thác dữ liệu")
        #expect(english.text(LocalizedText()) == nil)
    }

    @Test func theStandardLocalizerWritesEnglishWithISODatesAndPlainNumbers() throws {
        let standard = Localizer.standard(documentLanguage: "vi")
        #expect(standard.date(try #require(ISODate("2026-01-05"))) == "2026-01-05")
        #expect(standard.number(1074) == "1074")
        #expect(standard.message("status.exempt") == "exempt")
        // Texts still prefer the document's language.
        var title = LocalizedText("Using data", language: "en")
        title["vi"] = "Khai thác dữ liệu"
        #expect(standard.text(title) == "Khai thác dữ liệu")
        #expect(english.count(1, "report.count.error") == "1 error")
        #expect(english.count(1074, "report.count.error") == "1,074 errors")
        #expect(vietnamese.count(2, "report.count.warning") == "2 cảnh báo")
    }

    @Test func aKeptMessageIsWrittenInAnyLanguageLater() throws {
        var message = LocalizedMessage(
            "diff.detail.deadline", ["target": "C1.1"], terms: ["kind": "diff.entity.competency"],
            dates: ["due": try #require(ISODate("2026-06-30"))])
        message.terms["old"] = "diff.value.none"
        #expect(message.rendered(.standard()) == "competency C1.1 due 2026-06-30 instead of (none)")
        #expect(message.rendered(vietnamese) == "năng lực C1.1 có thời hạn 30/06/2026 thay vì (không có)")
        #expect(message.rendered(english) == "competency C1.1 due 30 June 2026 instead of (none)")
    }

    @Test func aSummaryIsWrittenInTheLanguageWithItsTitle() throws {
        var title = LocalizedText("Digital skills", language: "en")
        title["vi"] = "Kỹ năng số"
        let framework = Framework(id: "f", version: "1.0.0", issued: ISODate("2025-09-13"), language: "en", title: title)
        let plain = DocumentSummary(.framework(framework), file: "f.xml")
        #expect(plain.title == "Digital skills")
        #expect(plain.text.hasPrefix("f.xml: framework f version 1.0.0\n  title:      Digital skills\n  issued:     2025-09-13\n"))
        let summary = DocumentSummary(.framework(framework), file: "f.xml", language: "vi")
        #expect(summary.title == "Kỹ năng số")
        #expect(summary.text(vietnamese).hasPrefix("f.xml: khung năng lực f phiên bản 1.0.0\n  tên:        Kỹ năng số\n  ban hành:   13/09/2025\n"))
    }

    /// Every bundled language translates every English key, with the same placeholders.
    @Test func bundledLanguagesTranslateEveryKey() {
        for catalogue in MessageCatalogue.bundled where catalogue.language != "en" {
            let missing = MessageCatalogue.keys.filter { catalogue.messages[$0] == nil }
            #expect(missing == [], "\(catalogue.language) lacks \(missing)")
            let extra = catalogue.messages.keys.filter { MessageCatalogue.english.messages[$0] == nil }.sorted()
            #expect(extra == [], "\(catalogue.language) has keys English lacks: \(extra)")
            for key in MessageCatalogue.keys {
                guard let translated = catalogue.messages[key], let original = MessageCatalogue.english.messages[key]
                else { continue }
                #expect(
                    Self.placeholders(translated) == Self.placeholders(original) || key == "format.date",
                    "\(catalogue.language) \(key) has other placeholders")
            }
        }
    }

    static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
