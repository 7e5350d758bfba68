import CompetencyModel
import CompetencyDiagnostics

/// `duplicate-descriptor`: the same descriptor text at two levels.
public struct DuplicateDescriptorRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "duplicate-descriptor",
        name: "Duplicate descriptor",
        summary: "A competency has the same descriptor text at two levels (ignoring case and spacing).",
        rationale: """
            If two levels read the same, nobody can tell them apart, and an assessor will \
            place people at either one. It is usually a copy-and-paste slip: say what changes \
            from one level to the next.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title>
                      <descriptor level="L1"><text>Finds data with a search engine.</text></descriptor>
                      ↓<descriptor level="L2"><text>Finds data with a  search engine. </text></descriptor>
                    </competency>
                  </domain>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title>
                      <descriptor level="L1"><text>Finds data with a search engine.</text></descriptor>
                      <descriptor level="L2"><text>Refines searches with filters.</text></descriptor>
                    </competency>
                  </domain>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in context.competencies {
            let competency = entry.competency
            guard competency.descriptors.count > 1 else { continue }
            var first: [String: (index: Int, level: Level.ID)] = [:]
            for (offset, descriptor) in competency.descriptors.enumerated() {
                for variant in descriptor.text.variants {
                    let normalized = variant.value.normalizedForComparison
                    guard !normalized.isEmpty else { continue }
                    let key = variant.language + "\u{0}" + normalized
                    if let earlier = first[key] {
                        guard earlier.level != descriptor.level else { continue }
                        found.append(
                            diagnostic(
                                "the descriptor of competency '\(competency.id)' at level '\(descriptor.level)' repeats the one at level "
                                    + "'\(earlier.level)'; say what changes from one level to the next",
                                about: .descriptor(competency.id, index: offset), occurrence: entry.occurrence, in: context,
                                notes: [
                                    context.note(
                                        "the descriptor at level '\(earlier.level)' is here",
                                        about: .descriptor(competency.id, index: earlier.index), occurrence: entry.occurrence)
                                ]))
                        break
                    }
                    first[key] = (offset, descriptor.level)
                }
            }
        }
        return found
    }
}
