import CompetencyModel
import CompetencyDiagnostics

/// `scale-rank-order`: level ranks are not strictly increasing and unique.
public struct ScaleRankOrderRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "scale-rank-order",
        name: "Scale rank order",
        summary: "A scale's levels are not written with strictly increasing, unique ranks.",
        rationale: """
            Ranks say which level is higher: assignment compares them to decide whether a \
            person has reached a required level. Two levels with one rank cannot be told \
            apart, and a scale written out of order is a likely slip. Write levels from the \
            lowest to the highest, each with its own rank.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <scale id="s">
                    <level id="L1" rank="1"/>
                    <level id="L2" rank="2"/>
                    ↓<level id="L3" rank="2"/>
                  </scale>
                """),
            .framework(body: """
                  <scale id="s">
                    <level id="L2" rank="2"/>
                    ↓<level id="L1" rank="1"/>
                  </scale>
                """),
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <scale id="s">
                    <level id="L1" rank="1"/>
                    <level id="L2" rank="2"/>
                    <level id="L5" rank="5"/>
                  </scale>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in context.scales {
            let scale = entry.value
            var levelByRank: [Int: Level] = [:]
            var previous: Level?
            for level in scale.levels {
                let subject = Subject.level(scale.id, level.id)
                if let same = levelByRank[level.rank] {
                    found.append(
                        diagnostic(
                            "level '\(level.id)' has rank \(level.rank), the same as level '\(same.id)': give each level its own rank",
                            about: subject, occurrence: entry.occurrence, in: context,
                            notes: [context.note("level '\(same.id)' has rank \(same.rank) here", about: .level(scale.id, same.id), occurrence: entry.occurrence)]))
                } else if let previous, level.rank < previous.rank {
                    found.append(
                        diagnostic(
                            "level '\(level.id)' has rank \(level.rank), below rank \(previous.rank) of level '\(previous.id)' before it: "
                                + "write levels from the lowest rank to the highest",
                            about: subject, occurrence: entry.occurrence, in: context,
                            notes: [context.note("level '\(previous.id)' has rank \(previous.rank) here", about: .level(scale.id, previous.id), occurrence: entry.occurrence)]))
                }
                if levelByRank[level.rank] == nil { levelByRank[level.rank] = level }
                previous = level
            }
        }
        return found
    }
}
