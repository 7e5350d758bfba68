import CompetencyModel
import CompetencyDiagnostics

/// Runs rules over frameworks and rosters and applies a configuration to their findings.
///
/// A validator holds no mutable state; use one from any thread.
public struct Validator: Sendable {
    public var configuration: Configuration
    /// The rules that run, in catalogue order.
    public var rules: [any Rule.Type]

    public init(configuration: Configuration = Configuration(), rules: [any Rule.Type] = RuleCatalog.all) {
        self.configuration = configuration
        self.rules = rules
    }

    /// Every finding in a framework, in document order.
    ///
    /// Pass the source map the reader returned to get locations; a framework built in code
    /// validates the same way, with subjects and no locations.
    public func validate(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> [Diagnostic] {
        validate(FrameworkContext(framework: framework, sourceMap: sourceMap))
    }

    /// Every finding in a prepared framework context, in document order.
    public func validate(_ context: FrameworkContext) -> [Diagnostic] {
        finish(enabledRules.flatMap { $0.init().validate(framework: context) })
    }

    /// Every finding in a roster, checked against its framework (references to positions,
    /// competencies, modules and levels are checked only when `framework` is given). The
    /// framework's own findings are not included: validate it separately.
    public func validate(
        _ roster: Roster, sourceMap: SourceMap = SourceMap(), framework: Framework?,
        frameworkSourceMap: SourceMap = SourceMap()
    ) -> [Diagnostic] {
        let frameworkContext = framework.map {
            FrameworkContext(framework: $0, sourceMap: frameworkSourceMap, resolvingRequirements: false)
        }
        return validate(RosterContext(roster: roster, sourceMap: sourceMap, framework: frameworkContext))
    }

    /// Every finding in a prepared roster context, in document order.
    public func validate(_ context: RosterContext) -> [Diagnostic] {
        finish(enabledRules.flatMap { $0.init().validate(roster: context) })
    }

    private var enabledRules: [any Rule.Type] {
        rules.filter { configuration.isEnabled($0.description.identifier) }
    }

    /// The enabled rules, made once, for a caller that checks many contexts in a row (one per
    /// person of a streamed roster). Configure each finding with ``Configuration/apply(to:)``
    /// and sort them with ``Diagnostic/sorted(_:)`` at the end, as `validate(_:)` does for one `RosterContext`.
    package var enabledRuleInstances: [any Rule] { enabledRules.map { $0.init() } }

    private func finish(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        Diagnostic.sorted(configuration.apply(to: diagnostics))
    }

    /// Diagnostics in document order; ties keep their order.
    @available(*, deprecated, renamed: "Diagnostic.sorted(_:)")
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] { Diagnostic.sorted(diagnostics) }
}
