import CompetencyModel
import CompetencyDiagnostics

/// `band-not-contiguous`: a band's levels are not adjacent.
public struct BandNotContiguousRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "band-not-contiguous",
        name: "Band not contiguous",
        summary: "A band's levels are not adjacent on their scale.",
        rationale: """
            A band groups neighbouring levels (basic = levels 1 and 2). A band split by a \
            level of another band (basic, intermediate, basic) has no clear meaning in \
            reports that roll levels up by band, and is usually a typo in a `band` attribute.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            .framework(body: """
                  <scale id="s">
                    <level id="L1" rank="1" band="basic"/>
                    <level id="L2" rank="2" band="intermediate"/>
                    ↓<level id="L3" rank="3" band="basic"/>
                  </scale>
                """)
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <scale id="s">
                    <level id="L1" rank="1" band="basic"/>
                    <level id="L2" rank="2" band="basic"/>
                    <level id="L3" rank="3" band="intermediate"/>
                    <level id="L4" rank="4"/>
                  </scale>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for entry in context.scales {
            let scale = entry.value
            var lastOfBand: [Band.ID: Level] = [:]
            var previous: Level?
            for level in scale.levels {
                defer {
                    previous = level
                    if let band = level.band { lastOfBand[band] = level }
                }
                guard let band = level.band, let earlier = lastOfBand[band], let previous, previous.band != band else { continue }
                let between = previous.band.map { "'\(previous.id)' of band '\($0)'" } ?? "'\(previous.id)', which has no band"
                found.append(
                    diagnostic(
                        "level '\(level.id)' of band '\(band)' is separated from the band's other levels by \(between): "
                            + "keep each band's levels together",
                        about: .level(scale.id, level.id), occurrence: entry.occurrence, in: context,
                        notes: [context.note("level '\(earlier.id)' of band '\(band)' is here", about: .level(scale.id, earlier.id), occurrence: entry.occurrence)]))
            }
        }
        return found
    }
}
