import CompetencyDiagnostics
/// `xml-syntax`: the bytes are not well-formed XML. Reported by the reader.
public struct XMLSyntaxRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "xml-syntax",
        name: "XML syntax",
        summary: "The document is not well-formed XML, is not UTF-8, or exceeds a size or depth limit.",
        rationale: """
            Nothing can be read from a document that is not well-formed: every other check \
            needs the elements first. The reader reports the first place where the text stops \
            being XML; fix it there and run again.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            RuleExample(framework: """
                <framework xmlns="urn:competencykit:1" id="f">
                  ↓<domain id="D1">
                    <title>Safety</title>
                </framework>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <title>Safety</title>
                  </domain>
                """)
        ]
    )
}
