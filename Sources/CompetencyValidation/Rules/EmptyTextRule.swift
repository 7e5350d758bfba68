import CompetencyModel
import CompetencyDiagnostics

/// `empty-text`: a title or descriptor is empty or white space.
public struct EmptyTextRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "empty-text",
        name: "Empty text",
        summary: "A title, label, name, statement, description or descriptor text is empty or only white space.",
        rationale: """
            An empty title shows up as a blank line in every list, report and certificate, \
            and an empty descriptor describes nothing. Write the text, or leave the element \
            out.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    ↓<competency id="C1.1"><title>   </title></competency>
                  </domain>
                """),
            .roster(body: """
                  ↓<person id="p1"><name/></person>
                """),
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                    <competency id="C1.2"/>
                  </domain>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        check(context.texts(where: Self.hasBlank), in: context)
    }

    public func validate(roster context: RosterContext) -> [Diagnostic] { check(context.texts(where: Self.hasBlank), in: context) }

    private static func hasBlank(_ text: LocalizedText) -> Bool { text.variants.contains { $0.value.isBlank } }

    private func check(_ sites: [TextSite], in context: some Locating) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for site in sites {
            for variant in site.text.variants where variant.value.isBlank {
                let language = site.text.variants.count > 1 && !variant.language.isEmpty ? " ('\(variant.language)')" : ""
                found.append(
                    diagnostic(
                        "the \(site.element)\(language) of \(site.subject) is empty; write the text, or remove the element",
                        about: site.subject, occurrence: site.occurrence, in: context))
            }
        }
        return found
    }
}
