import CompetencyModel
import CompetencyDiagnostics

/// `conflicting-requirement`: one position (or rule) requires one competency twice at
/// different levels.
public struct ConflictingRequirementRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "conflicting-requirement",
        name: "Conflicting requirement",
        summary: "One position or rule requires one competency twice, at different levels.",
        rationale: """
            Two requirements of one competency at different levels leave readers guessing \
            which one is meant; assignment takes the higher, which may not be what the author \
            wanted. Keep one requirement. (A position that extends another may raise an \
            inherited level: that is not a conflict.)
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                  </domain>
                  <position id="official">
                    <requirement competency="C1.1" level="L1"/>
                    ↓<requirement competency="C1.1" level="L2"/>
                  </position>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                  </domain>
                  <position id="official">
                    <requirement competency="C1.1" level="L1"/>
                  </position>
                  <position id="it-officer" extends="official">
                    <requirement competency="C1.1" level="L2"/>
                  </position>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var first: [Competency.ID: (index: Int, level: Level.ID)] = [:]
        func check(_ requirements: [Requirement], owner: Subject.RequirementOwner, name: @autoclosure () -> String, occurrence: Int) {
            first.removeAll(keepingCapacity: true)
            for (offset, requirement) in requirements.enumerated() {
                guard case .competency(let competency) = requirement.target else { continue }
                guard let earlier = first[competency] else {
                    first[competency] = (offset, requirement.level)
                    continue
                }
                guard earlier.level != requirement.level else { continue }
                found.append(
                    diagnostic(
                        "\(name()) requires competency '\(competency)' at level '\(requirement.level)' and also at level "
                            + "'\(earlier.level)'; keep one requirement",
                        about: .requirement(owner, index: offset), occurrence: occurrence, in: context,
                        notes: [
                            context.note(
                                "the requirement at level '\(earlier.level)' is here", about: .requirement(owner, index: earlier.index),
                                occurrence: occurrence)
                        ]))
            }
        }
        for entry in context.positions {
            check(entry.value.requirements, owner: .position(entry.value.id), name: "position '\(entry.value.id)'", occurrence: entry.occurrence)
        }
        for entry in context.rules {
            check(entry.value.requirements, owner: .rule(entry.value.id), name: "rule '\(entry.value.id)'", occurrence: entry.occurrence)
        }
        return found
    }
}
