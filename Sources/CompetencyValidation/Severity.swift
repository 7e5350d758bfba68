/// How serious a finding is.
///
/// Ordered from the mildest: `note < warning < error`.
public enum Severity: String, Hashable, Comparable, Sendable, Codable, CaseIterable,
    CustomStringConvertible
{
    /// Something worth knowing; never fails a run.
    case note
    /// Probably a mistake; fails a run only with warnings treated as errors.
    case warning
    /// The document is wrong and must be fixed.
    case error

    public var description: String { rawValue }

    private var order: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.order < rhs.order }
}
