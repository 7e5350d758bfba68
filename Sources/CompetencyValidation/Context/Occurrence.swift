import CompetencyModel

/// A value and which occurrence of its ID it is (0 for the first entity with that ID,
/// 1 for a duplicate, …), so that findings about duplicates point at the right element.
public struct Occurrence<Value: Sendable>: Sendable {
    public var value: Value
    public var occurrence: Int
}

/// A competency as it stands in the framework's tree.
public struct CompetencyEntry: Sendable {
    public var competency: Competency
    public var domain: Domain.ID
    public var parent: Competency.ID?
    /// Which occurrence of the competency's ID this is.
    public var occurrence: Int
}
