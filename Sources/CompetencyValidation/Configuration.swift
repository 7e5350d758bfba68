public import CompetencyDiagnostics

/// Which rules run and how serious their findings are.
///
/// Encoded as JSON (every key optional, unknown keys refused):
///
/// ```json
/// {
///   "disabled": ["empty-domain"],
///   "severity": {"missing-translation": "note", "duplicate-title": "error"},
///   "warningsAsErrors": true
/// }
/// ```
public struct Configuration: Hashable, Sendable, Codable {
    /// Rules that do not run.
    public var disabled: Set<String>
    /// A severity that replaces a rule's default.
    public var severity: [String: DiagnosticSeverity]
    /// Report every warning as an error (after `severity` is applied).
    public var warningsAsErrors: Bool

    public init(disabled: Set<String> = [], severity: [String: DiagnosticSeverity] = [:], warningsAsErrors: Bool = false) {
        self.disabled = disabled
        self.severity = severity
        self.warningsAsErrors = warningsAsErrors
    }

    /// Whether findings of `rule` are kept.
    public func isEnabled(_ rule: String) -> Bool { !disabled.contains(rule) }

    /// The severity a finding of `rule` is reported with, given its default.
    public func severity(of rule: String, default defaultSeverity: DiagnosticSeverity) -> DiagnosticSeverity {
        let chosen = severity[rule] ?? defaultSeverity
        return warningsAsErrors && chosen == .warning ? .error : chosen
    }

    /// Drops the findings of disabled rules and gives the rest their configured severity.
    /// Use it on findings that did not come from ``Validator`` (the reader's, for example).
    public func apply(to diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.compactMap { diagnostic in
            guard let rule = diagnostic.rule else { return diagnostic }
            guard isEnabled(rule) else { return nil }
            var configured = diagnostic
            configured.severity = severity(of: rule, default: diagnostic.severity)
            return configured
        }
    }

    /// The rule identifiers this configuration names that are not in `known`, sorted.
    public func unknownRules(known: some Sequence<String>) -> [String] {
        let known = Set(known)
        return Set(disabled).union(severity.keys).subtracting(known).sorted()
    }

    /// Adds `other` on top of this configuration: its disabled rules and severities join
    /// (its severities win), and warnings are errors if either says so.
    public func merging(_ other: Configuration) -> Configuration {
        Configuration(
            disabled: disabled.union(other.disabled),
            severity: severity.merging(other.severity) { _, new in new },
            warningsAsErrors: warningsAsErrors || other.warningsAsErrors)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case disabled, severity, warningsAsErrors
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        let allowed = CodingKeys.allCases.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { !allowed.contains($0) }) {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [AnyKey(stringValue: unknown)],
                    debugDescription:
                        "unknown key '\(unknown)'; the keys are \(allowed.map { "'\($0)'" }.joined(separator: ", "))"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        disabled = try container.decodeIfPresent(Set<String>.self, forKey: .disabled) ?? []
        severity = try container.decodeIfPresent([String: DiagnosticSeverity].self, forKey: .severity) ?? [:]
        warningsAsErrors = try container.decodeIfPresent(Bool.self, forKey: .warningsAsErrors) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(disabled.sorted(), forKey: .disabled)
        try container.encode(severity, forKey: .severity)
        try container.encode(warningsAsErrors, forKey: .warningsAsErrors)
    }
}
