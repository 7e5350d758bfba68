import CompetencyDiagnostics
/// `unsafe-xml`: a DTD, an entity declaration or another refused construct. Reported by the
/// reader.
public struct UnsafeXMLRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "unsafe-xml",
        name: "Unsafe XML",
        summary: "The document has a DOCTYPE, entity declarations or another construct the reader refuses.",
        rationale: """
            No competency document needs a DTD, and DTDs are how XML attacks work: external \
            entities read local files or reach the network, nested entities expand to \
            gigabytes. The reader refuses them outright instead of parsing them and silently \
            leaving text out. Remove the DOCTYPE and write the text itself.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            RuleExample(framework: """
                <?xml version="1.0" encoding="UTF-8"?>
                ↓<!DOCTYPE framework [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
                <framework xmlns="urn:competencykit:1" id="f">
                  <title>&secret;</title>
                </framework>
                """)
        ],
        nonTriggeringExamples: [
            RuleExample(framework: """
                <?xml version="1.0" encoding="UTF-8"?>
                <framework xmlns="urn:competencykit:1" id="f">
                  <title>Fish &amp; chips</title>
                </framework>
                """)
        ]
    )
}
