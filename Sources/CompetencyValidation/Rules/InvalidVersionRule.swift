import CompetencyModel
import CompetencyDiagnostics

/// `invalid-version`: the framework version is not a semantic version.
public struct InvalidVersionRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "invalid-version",
        name: "Invalid version",
        summary: "The framework's `version` is not a semantic version (MAJOR.MINOR.PATCH).",
        rationale: """
            Platforms compare framework versions to decide whether plans must be recomputed \
            and whether a change may break them. That needs versions they can order: \
            semantic versions (semver.org), such as `1.2.0` or `2.0.0-rc.1`.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: "  <title>Digital skills</title>", attributes: #" version="1.0""#, marked: true),
            .framework(body: "  <title>Digital skills</title>", attributes: #" version="2025-09""#, marked: true),
        ],
        nonTriggeringExamples: [
            .framework(body: "  <title>Digital skills</title>", attributes: #" version="1.0.0""#),
            .framework(body: "  <title>Digital skills</title>", attributes: #" version="2.1.0-rc.1+build.5""#),
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        guard let version = context.framework.version, !SemanticVersion.isValid(version) else { return [] }
        let fix = SemanticVersion.suggestion(for: version).map { Diagnostic.FixIt.didYouMean($0, for: version) }
        return [
            diagnostic(
                "version '\(version)' is not a semantic version: write MAJOR.MINOR.PATCH, for example '1.0.0'",
                about: .framework(context.framework.id), in: context, fix: fix)
        ]
    }
}
