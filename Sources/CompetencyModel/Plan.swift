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
    public var because: [Cause]
    public var extensions: Extensions

    public init(
        competency: Competency.ID, attained: Level.ID? = nil, required: Level.ID, by: ISODate? = nil,
        because: [Cause] = [], extensions: Extensions = .none
    ) {
        self.competency = competency
        self.attained = attained
        self.required = required
        self.by = by
        self.because = because
        self.extensions = extensions
    }
}

/// A module assigned to a person, in the order it should be taken.
public struct ModuleAssignment: Hashable, Sendable, Codable {
    public var module: TrainingModule.ID
    /// 1-based position in the person's sequence.
    public var order: Int
    public var extensions: Extensions
    public init(module: TrainingModule.ID, order: Int, extensions: Extensions = .none) {
        self.module = module
        self.order = order
        self.extensions = extensions
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
    public var reason: Reason
    public var extensions: Extensions

    public init(competency: Competency.ID, required: Level.ID, reason: Reason, extensions: Extensions = .none) {
        self.competency = competency
        self.required = required
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
