/// The output of assignment: per person, what is needed, why, and which modules close it.
public struct Plan: Hashable, Sendable, Codable {
    public var framework: Framework.ID?
    /// The framework version the plan was computed against.
    public var version: String?
    public var asOf: ISODate?
    public var people: [PersonPlan]
    public var extensions: Extensions

    public init(
        framework: Framework.ID? = nil, version: String? = nil, asOf: ISODate? = nil,
        people: [PersonPlan] = [], extensions: Extensions = .none
    ) {
        self.framework = framework
        self.version = version
        self.asOf = asOf
        self.people = people
        self.extensions = extensions
    }
}

/// One person's plan.
public struct PersonPlan: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case compliant
        case needsTraining = "needs-training"
        case exempt
        case unsatisfiable
    }

    public var person: Person.ID
    public var status: Status
    public var needs: [Need]
    public var assignments: [ModuleAssignment]
    public var unmet: [UnmetNeed]
    public var extensions: Extensions

    public init(
        person: Person.ID, status: Status, needs: [Need] = [], assignments: [ModuleAssignment] = [],
        unmet: [UnmetNeed] = [], extensions: Extensions = .none
    ) {
        self.person = person
        self.status = status
        self.needs = needs
        self.assignments = assignments
        self.unmet = unmet
        self.extensions = extensions
    }
}

/// A required level above the level a person has attained, with its sources.
public struct Need: Hashable, Sendable, Codable {
    /// Why a need exists: a rule, or a position that declares the requirement.
    public enum Cause: Hashable, Sendable, Codable {
        case rule(AssignmentRule.ID)
        case position(Position.ID)
    }

    public var competency: Competency.ID
    /// `nil` when the person has attained no level at all.
    public var attained: Level.ID?
    public var required: Level.ID
    public var by: ISODate?
    /// Every source of the requirement, rules first (by priority, then document order), then
    /// positions (the person's own first, then the ones it extends, nearest first).
    public var because: [Cause]
    /// The source whose requirement set `required`: of the sources requiring the highest
    /// level, the first in `because` order. `nil` only in plans that do not say.
    public var levelSetBy: Cause?
    /// The source whose requirement set `by`: of the sources with the earliest deadline, the
    /// first in `because` order. `nil` when the need has no deadline (or the plan does not say).
    public var deadlineSetBy: Cause?
    public var extensions: Extensions

    public init(
        competency: Competency.ID, attained: Level.ID? = nil, required: Level.ID, by: ISODate? = nil,
        because: [Cause] = [], levelSetBy: Cause? = nil, deadlineSetBy: Cause? = nil, extensions: Extensions = .none
    ) {
        self.competency = competency
        self.attained = attained
        self.required = required
        self.by = by
        self.because = because
        self.levelSetBy = levelSetBy
        self.deadlineSetBy = deadlineSetBy
        self.extensions = extensions
    }
}

/// A module assigned to a person, in the order it should be taken.
public struct ModuleAssignment: Hashable, Sendable, Codable {
    public var module: TrainingModule.ID
    /// 1-based position in the person's sequence.
    public var order: Int
    /// The competencies of the person's needs this module closes: those it teaches at or
    /// above the level the plan takes the person to (the required level, or for a need that
    /// can only be met in part, the level reached). In the order of the needs. Empty for a
    /// prerequisite that closes no need itself.
    public var closes: [Competency.ID]
    public var extensions: Extensions
    public init(
        module: TrainingModule.ID, order: Int, closes: [Competency.ID] = [], extensions: Extensions = .none
    ) {
        self.module = module
        self.order = order
        self.closes = closes
        self.extensions = extensions
    }

    private enum CodingKeys: String, CodingKey { case module, order, closes, extensions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        module = try container.decode(TrainingModule.ID.self, forKey: .module)
        order = try container.decode(Int.self, forKey: .order)
        closes = try container.decodeIfPresent([Competency.ID].self, forKey: .closes) ?? []
        extensions = try container.decode(Extensions.self, forKey: .extensions)
    }
}

/// A need that no module can close.
public struct UnmetNeed: Hashable, Sendable, Codable {
    /// Why a need stays unmet. `no-module` when no module teaches the level.
    public struct Reason: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let noModule = Reason(rawValue: "no-module")
        public var description: String { rawValue }
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var competency: Competency.ID
    public var required: Level.ID
    /// The highest level the assigned modules take the person to, below `required`: the need
    /// is met in part. `nil` when no module on offer raises the person at all.
    public var reached: Level.ID?
    public var reason: Reason
    public var extensions: Extensions

    public init(
        competency: Competency.ID, required: Level.ID, reached: Level.ID? = nil, reason: Reason,
        extensions: Extensions = .none
    ) {
        self.competency = competency
        self.required = required
        self.reached = reached
        self.reason = reason
        self.extensions = extensions
    }
}

/// Any of the three document kinds.
public enum CompetencyDocument: Hashable, Sendable, Codable {
    case framework(Framework)
    case roster(Roster)
    case plan(Plan)
}

extension CompetencyDocument {
    /// `a framework`, `a roster` or `a plan`.
    public var kindName: String {
        switch self {
        case .framework: "a framework"
        case .roster: "a roster"
        case .plan: "a plan"
        }
    }
}
