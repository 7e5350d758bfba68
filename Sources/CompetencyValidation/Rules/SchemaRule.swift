import CompetencyDiagnostics
/// `schema`: the document breaks the XSD. Reported by the schema validator.
public struct SchemaRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "schema",
        name: "Schema",
        summary: "The document breaks the vocabulary's XML Schema (Schemas/competency.xsd).",
        rationale: """
            The schema is the contract other systems code against: an unknown element, a \
            missing required attribute or a value of the wrong type means the document will \
            not be understood the same way everywhere. Content in another namespace is allowed \
            anywhere and kept.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    ↓<colour>red</colour>
                  </domain>
                """),
            .framework(body: """
                  ↓<module id="M1">
                    <title>Basics</title>
                  </module>
                """),
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="D1" xmlns:x="urn:example:extra">
                    <x:colour>red</x:colour>
                  </domain>
                  <module id="M1" hours="2">
                    <title>Basics</title>
                  </module>
                """)
        ]
    )
}
