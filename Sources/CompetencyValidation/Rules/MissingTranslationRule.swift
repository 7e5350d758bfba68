import CompetencyModel
import CompetencyDiagnostics

/// `missing-translation`: a text lacks a language that the framework's title has.
public struct MissingTranslationRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "missing-translation",
        name: "Missing translation",
        summary: "A text lacks a language that the framework's title has.",
        rationale: """
            The languages of the framework's title are the languages the framework is \
            published in. A title, label, statement, description or descriptor missing one \
            of them shows up untranslated (or in another language) to the readers of that \
            language. A text without `xml:lang` is in the document's default language.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(
                body: """
                      <title>Digital skills</title>
                      <title xml:lang="vi">Kỹ năng số</title>
                      <domain id="D1">
                        <title>Safety</title>
                        <title xml:lang="vi">An toàn</title>
                        ↓<competency id="C4.1"><title>Protecting devices</title></competency>
                      </domain>
                    """, attributes: #" xml:lang="en""#)
        ],
        nonTriggeringExamples: [
            .framework(
                body: """
                      <title>Digital skills</title>
                      <title xml:lang="vi">Kỹ năng số</title>
                      <domain id="D1">
                        <title>Safety</title>
                        <title xml:lang="vi">An toàn</title>
                        <competency id="C4.1">
                          <title>Protecting devices</title>
                          <title xml:lang="vi">Bảo vệ thiết bị</title>
                        </competency>
                      </domain>
                    """, attributes: #" xml:lang="en""#)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        let fallback = context.framework.language ?? ""
        func language(_ variant: LocalizedText.Variant) -> String { variant.language.isEmpty ? fallback : variant.language }
        var required: [String] = []
        for variant in context.framework.title.variants where !language(variant).isEmpty && !required.contains(language(variant)) {
            required.append(language(variant))
        }
        guard !required.isEmpty else { return [] }
        var found: [Diagnostic] = []
        func missingLanguages(_ text: LocalizedText) -> [String] {
            required.filter { wanted in !text.variants.contains { language($0) == wanted } }
        }
        for site in context.texts(where: { !missingLanguages($0).isEmpty }) {
            let missing = missingLanguages(site.text)
            let list = missing.map { "'\($0)'" }
            let languages = list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " or " + (list.last ?? "")
            found.append(
                diagnostic(
                    "the \(site.element) of \(site.subject) has no text in \(languages); add a <\(site.element) xml:lang=\"\(missing[0])\">, "
                        + "as the framework's title has",
                    about: site.subject, occurrence: site.occurrence, in: context))
        }
        return found
    }
}
