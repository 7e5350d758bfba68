import CompetencyModel
import CompetencyDiagnostics

/// `assessment-in-future`: a roster assessment is dated after the roster's `as-of`.
public struct AssessmentInFutureRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "assessment-in-future",
        name: "Assessment in future",
        summary: "A roster assessment is dated after the roster's `as-of` date.",
        rationale: """
            A roster states what is known about people on its `as-of` date. An assessment \
            dated later cannot have happened yet: the date is mistyped, or the roster's \
            `as-of` date is stale. Either way, plans computed from it credit a level too early.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .roster(
                body: """
                      <person id="p1">
                        ↓<assessment competency="C1.1" level="L1" date="2026-03-01"/>
                      </person>
                    """, attributes: #" as-of="2026-01-15""#)
        ],
        nonTriggeringExamples: [
            .roster(
                body: """
                      <person id="p1">
                        <assessment competency="C1.1" level="L1" date="2026-01-15"/>
                        <assessment competency="C1.2" level="L1"/>
                      </person>
                    """, attributes: #" as-of="2026-01-15""#)
        ]
    )

    public func validate(roster context: RosterContext) -> [Diagnostic] {
        guard let asOf = context.roster.asOf else { return [] }
        var found: [Diagnostic] = []
        for entry in context.people {
            for (offset, assessment) in entry.value.assessments.enumerated() {
                guard let date = assessment.date, date > asOf else { continue }
                found.append(
                    diagnostic(
                        "the assessment is dated \(date), after the roster's as-of date \(asOf); correct the date, or the roster's `as-of`",
                        about: .assessment(entry.value.id, index: offset), occurrence: entry.occurrence, in: context))
            }
        }
        return found
    }
}
