import CompetencyModel

/// Where a person's attained level in a competency comes from.
public enum AttainmentSource: Hashable, Sendable {
    /// Their latest assessment of the competency.
    case assessment(Assessment)
    /// A certificate valid on the as-of date that covers the competency.
    case certificate(id: Certificate.ID?, kind: String)
    /// A completed module that teaches the competency.
    case module(TrainingModule.ID)
}

/// A person's attained level in one competency and what vouches for it.
public struct Attainment: Hashable, Sendable {
    public var competency: Competency.ID
    public var level: Level.ID
    public var rank: Int
    public var source: AttainmentSource

    public init(competency: Competency.ID, level: Level.ID, rank: Int, source: AttainmentSource) {
        self.competency = competency
        self.level = level
        self.rank = rank
        self.source = source
    }
}

/// One merged requirement of a person and how it stands.
public struct RequirementOutcome: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        /// Attained: no need.
        case met
        /// A need that the chosen modules close.
        case planned
        /// A need that no module can close.
        case unmet
    }

    public var competency: Competency.ID
    /// The highest level required by any source.
    public var required: Level.ID
    /// The earliest deadline of any source.
    public var by: ISODate?
    /// Every source, rules first (by priority, then document order), then positions
    /// (the person's own first).
    public var because: [Need.Cause]
    /// The source that set `required`: of the sources requiring the highest level, the first
    /// in `because` order.
    public var levelSetBy: Need.Cause?
    /// The source that set `by`: of the sources with the earliest deadline, the first in
    /// `because` order; `nil` when no source gives a deadline.
    public var deadlineSetBy: Need.Cause?
    /// The attained level, with its source; `nil` when nothing vouches for any level.
    public var attained: Attainment?
    public var state: State
    /// For an `unmet` requirement: the highest level the assigned modules take the person to
    /// (partial progress), or `nil` when no module on offer raises them at all. Always `nil`
    /// for `met` and `planned` requirements.
    public var reached: Level.ID?

    public init(
        competency: Competency.ID, required: Level.ID, by: ISODate? = nil, because: [Need.Cause] = [],
        levelSetBy: Need.Cause? = nil, deadlineSetBy: Need.Cause? = nil, attained: Attainment? = nil, state: State,
        reached: Level.ID? = nil
    ) {
        self.competency = competency
        self.required = required
        self.by = by
        self.because = because
        self.levelSetBy = levelSetBy
        self.deadlineSetBy = deadlineSetBy
        self.attained = attained
        self.state = state
        self.reached = reached
    }
}

/// A condition of a rule's `exempt-if` that held for a person, with the evidence behind it.
public struct ExemptionMatch: Hashable, Sendable {
    /// The clause that held, without annotations: a leaf condition (`always`, `position`,
    /// `position family`, `unit`, `attribute`, `certificate`, `level`) or a `not` clause.
    public var condition: RulePredicate
    /// For a `certificate` condition: the certificate that satisfies it.
    public var certificate: HeldCertificate?
    /// For a `level` condition: the attained level that satisfies it, with its source.
    public var attained: Attainment?

    public init(condition: RulePredicate, certificate: HeldCertificate? = nil, attained: Attainment? = nil) {
        self.condition = condition
        self.certificate = certificate
        self.attained = attained
    }
}

/// A certificate of a person that an exemption rests on: the first certificate in roster
/// order of the condition's kind that is valid on the as-of date.
public struct HeldCertificate: Hashable, Sendable {
    public var id: Certificate.ID?
    public var kind: String
    public var title: LocalizedText
    public var issued: ISODate?
    /// Valid until this date (inclusive); `nil` when it never expires.
    public var expires: ISODate?

    public init(
        id: Certificate.ID? = nil, kind: String, title: LocalizedText = LocalizedText(), issued: ISODate? = nil,
        expires: ISODate? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.issued = issued
        self.expires = expires
    }
}

/// What a rule in effect did to a person it selected.
public struct RuleOutcome: Hashable, Sendable {
    public var rule: AssignmentRule.ID
    /// `true` when the rule's `exempt-if` held, releasing the person from it.
    public var released: Bool
    /// When released: the clauses of `exempt-if` that made it hold (see
    /// `Documentation/Assignment.md`, "Exemptions"), in document order. Empty otherwise.
    public var releasedBy: [ExemptionMatch]

    public init(rule: AssignmentRule.ID, released: Bool, releasedBy: [ExemptionMatch] = []) {
        self.rule = rule
        self.released = released
        self.releasedBy = releasedBy
    }
}

/// Everything the assigner decided about one person: the plan, and the reasons behind it.
public struct PersonEvaluation: Hashable, Sendable {
    public var person: Person.ID
    public var unit: OrgUnit.ID?
    public var position: Position.ID?
    public var status: PersonPlan.Status
    /// Every merged requirement, in framework document order of competencies.
    public var requirements: [RequirementOutcome]
    /// The rules in effect that selected the person, in document order.
    public var rules: [RuleOutcome]
    /// The chosen modules in the order they should be taken.
    public var assignments: [ModuleAssignment]
    /// Total hours of the chosen modules.
    public var hours: Double
    /// `false` only when the module search hit its node limit (see ``Assigner/Options``).
    public var isProvenOptimal: Bool

    public init(
        person: Person.ID, unit: OrgUnit.ID? = nil, position: Position.ID? = nil, status: PersonPlan.Status,
        requirements: [RequirementOutcome] = [], rules: [RuleOutcome] = [], assignments: [ModuleAssignment] = [],
        hours: Double = 0, isProvenOptimal: Bool = true
    ) {
        self.person = person
        self.unit = unit
        self.position = position
        self.status = status
        self.requirements = requirements
        self.rules = rules
        self.assignments = assignments
        self.hours = hours
        self.isProvenOptimal = isProvenOptimal
    }

    /// The needs: requirements above the attained level.
    public var needs: [Need] {
        // Field by field, so that no whole outcome is copied (they hold many references).
        var result: [Need] = []
        result.reserveCapacity(requirements.count)
        for index in requirements.indices where requirements[index].state != .met {
            result.append(
                Need(
                    competency: requirements[index].competency, attained: requirements[index].attained?.level,
                    required: requirements[index].required, by: requirements[index].by,
                    because: requirements[index].because, levelSetBy: requirements[index].levelSetBy,
                    deadlineSetBy: requirements[index].deadlineSetBy))
        }
        return result
    }

    /// Needs that no module can close.
    public var unmet: [UnmetNeed] {
        var result: [UnmetNeed] = []
        for index in requirements.indices where requirements[index].state == .unmet {
            result.append(
                UnmetNeed(
                    competency: requirements[index].competency, required: requirements[index].required,
                    reached: requirements[index].reached, reason: .noModule))
        }
        return result
    }

    /// The person's plan, as written in a `plan` document.
    public var plan: PersonPlan {
        PersonPlan(person: person, status: status, needs: needs, assignments: assignments, unmet: unmet)
    }
}
