import CompetencyModel

/// A requirement of a position or rule, with its competency looked up once.
public struct RequirementSite: Sendable {
    public var owner: Subject.RequirementOwner
    /// Its index among its owner's requirements.
    public var index: Int
    /// Which occurrence of its owner's ID the owner is.
    public var occurrence: Int
    /// The requirement's competency or domain.
    public var target: Requirement.Target
    /// The required level.
    public var level: Level.ID
    /// For a requirement on a competency that exists: the competency's slot (see
    /// ``FrameworkLookup/slot(of:)``).
    public var competencySlot: Int?
    /// For a requirement on a competency defined at the required level: the level's rank.
    public var definedRank: Int?

    public var subject: Subject { .requirement(owner, index: index) }

    init(owner: Subject.RequirementOwner, index: Int, occurrence: Int, requirement: Requirement) {
        self.owner = owner
        self.index = index
        self.occurrence = occurrence
        target = requirement.target
        level = requirement.level
    }
}
