/// How serious a finding is, ordered from the mildest: `remark < note < warning < error`.
public enum DiagnosticSeverity: String, Hashable, Comparable, Sendable, Codable, CaseIterable,
    CustomStringConvertible
{
    /// Something worth a mention, such as what a conversion repaired; never fails a run.
    case remark
    /// Something worth knowing; never fails a run.
    case note
    /// Probably a mistake; fails a run only with warnings treated as errors.
    case warning
    /// The document is wrong and must be fixed.
    case error

    public var description: String { rawValue }

    private var order: Int {
        switch self {
        case .remark: 0
        case .note: 1
        case .warning: 2
        case .error: 3
        }
    }

    public static func < (lhs: DiagnosticSeverity, rhs: DiagnosticSeverity) -> Bool { lhs.order < rhs.order }
}
