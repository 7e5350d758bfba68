import CompetencyModel
import CompetencyDiagnostics

/// `missing-descriptor`: a competency lacks a descriptor at a level where it is defined.
public struct MissingDescriptorRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "missing-descriptor",
        name: "Missing descriptor",
        summary: "A competency that has descriptors lacks one at a level where it is defined.",
        rationale: """
            Descriptors say what a competency looks like at each level; assessors and learners \
            rely on them to tell one level from the next. A competency described at some of \
            its levels but not others leaves those levels undefined in practice: describe \
            them, or narrow the competency's `levels`. A competency with no descriptor at all \
            is left alone, since some frameworks describe competencies only as a whole.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                \(RuleExample.twoLevels)
                  <domain id="D1">
                    ↓<competency id="C1.1"><title>Searching</title>
                      <descriptor level="L1"><text>Finds data with a search engine.</text></descriptor>
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
                    <competency id="C1.2" levels="L2"><title>Evaluating</title>
                      <descriptor level="L2"><text>Checks the source of data.</text></descriptor>
                    </competency>
                    <competency id="C1.3"><title>Managing</title></competency>
                  </domain>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in context.competencies where !entry.competency.descriptors.isEmpty {
            let competency = entry.competency
            let defined: [Level.ID]
            if let levels = competency.levels {
                defined = levels
            } else {
                let scale = competency.scale.map { context.index.scale($0) } ?? context.framework.scales.first
                guard let scale else { continue }
                defined = scale.levels.map(\.id)
            }
            let described = Set(competency.descriptors.map(\.level))
            var seen: Set<Level.ID> = []
            let missing = defined.filter { !described.contains($0) && seen.insert($0).inserted }
            guard !missing.isEmpty else { continue }
            let levels = missing.count == 1 ? "level" : "levels"
            found.append(
                diagnostic(
                    "competency '\(competency.id)' has no descriptor at \(levels) \(Phrase.list(missing.map(\.rawValue)))"
                        + "; describe each level where it is defined, or narrow its `levels`",
                    about: .competency(competency.id), occurrence: entry.occurrence, in: context))
        }
        return found
    }
}
