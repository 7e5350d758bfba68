import CompetencyModel

/// The outcome of ``FrameworkContext/check(level:for:)``.
public enum LevelCheck: Sendable {
    case defined
    /// The competency does not exist (another rule reports that).
    case unknownCompetency
    /// The competency names a scale that does not exist (another rule reports that).
    case unknownScale
    /// The framework has no scale at all.
    case noScale
    /// The level is not on the competency's scale.
    case notOnScale(Scale)
    /// The level is on the scale, but the competency is defined at these levels only.
    case notDefined([Level.ID])
}
