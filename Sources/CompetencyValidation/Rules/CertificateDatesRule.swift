import CompetencyModel
import CompetencyDiagnostics

/// `certificate-dates`: a certificate expires before it is issued.
public struct CertificateDatesRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "certificate-dates",
        name: "Certificate dates",
        summary: "A certificate expires before it is issued.",
        rationale: """
            Such a certificate is never valid, so it never counts toward a level or an \
            exemption, and the person is trained again for nothing. One of the dates is \
            mistyped.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .roster(body: """
                  <person id="p1">
                    ↓<certificate id="cert-77" kind="digital-basic" issued="2025-11-02" expires="2025-11-01"/>
                  </person>
                """)
        ],
        nonTriggeringExamples: [
            .roster(body: """
                  <person id="p1">
                    <certificate id="cert-77" kind="digital-basic" issued="2025-11-02" expires="2027-11-02"/>
                    <certificate kind="first-aid" issued="2025-11-02"/>
                  </person>
                """)
        ]
    )

    public func validate(roster context: RosterContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in context.people {
            for (offset, certificate) in entry.value.certificates.enumerated() {
                guard let issued = certificate.issued, let expires = certificate.expires, expires < issued else { continue }
                let name = certificate.id.map { "certificate '\($0)'" } ?? "the '\(certificate.kind)' certificate"
                found.append(
                    diagnostic(
                        "\(name) expires on \(expires), before it is issued on \(issued); correct one of the dates",
                        about: .certificate(entry.value.id, index: offset), occurrence: entry.occurrence, in: context))
            }
        }
        return found
    }
}
