import CompetencyDiagnostics
/// `schema`: the document breaks the vocabulary. Reported by the reader and the schema validator.
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
            anywhere and kept. Validation goes on past these errors: an unknown element is \
            skipped with its content and a value that cannot be read is taken as missing, so \
            the other rules still check the rest of the document in the same run. Findings \
            are `schema.<code>`: `unexpected-element`, `unknown-attribute`, `missing-attribute`, \
            `invalid-date`, `invalid-number`, `invalid-value`, and `xsd` for the XML Schema's own.
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
