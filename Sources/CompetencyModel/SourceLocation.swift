/// A position in a source file: 1-based line and column.
///
/// Columns count characters (Unicode scalars), not bytes. Line 0 stands for the file as a
/// whole (``file(_:)``), for findings such as a missing file that have no place inside it. Locations are metadata: they
/// live in a ``SourceMap`` beside the model, never inside model values.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The file path as given by the caller, or `nil` for in-memory input.
    public var file: String?
    public var line: Int
    public var column: Int

    public init(file: String? = nil, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The file as a whole: line 0, column 0.
    public static func file(_ path: String) -> SourceLocation { SourceLocation(file: path, line: 0, column: 0) }

    /// `file:line:column`, or `line:column` without a file, or only `file` for the file as a whole.
    public var description: String {
        if line == 0, let file { return file }
        if let file { return "\(file):\(line):\(column)" }
        return "\(line):\(column)"
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        ((lhs.file ?? ""), lhs.line, lhs.column) < ((rhs.file ?? ""), rhs.line, rhs.column)
    }
}

/// Names one entity (or one element owned by an entity) of a document, so that a
/// diagnostic can point at it and a ``SourceMap`` can say where it was written.
public enum Subject: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Who owns a requirement: a position or a rule.
    public enum RequirementOwner: Hashable, Sendable, Codable {
        case position(Position.ID)
        case rule(AssignmentRule.ID)
    }

    case framework(Framework.ID)
    case scale(Scale.ID)
    case level(Scale.ID, Level.ID)
    case domain(Domain.ID)
    case competency(Competency.ID)
    case descriptor(Competency.ID, index: Int)
    case relation(Competency.ID, index: Int)
    case match(Competency.ID, index: Int)
    case position(Position.ID)
    case requirement(RequirementOwner, index: Int)
    case module(TrainingModule.ID)
    case teaches(TrainingModule.ID, index: Int)
    case prerequisite(TrainingModule.ID, index: Int)
    case rule(AssignmentRule.ID)
    case roster
    case unit(OrgUnit.ID)
    case person(Person.ID)
    case attribute(Person.ID, index: Int)
    case assessment(Person.ID, index: Int)
    case certificate(Person.ID, index: Int)
    case completion(Person.ID, index: Int)
    case plan
    case personPlan(Person.ID)

    public var description: String {
        switch self {
        case .framework(let id): "framework '\(id)'"
        case .scale(let id): "scale '\(id)'"
        case .level(let scale, let id): "level '\(id)' of scale '\(scale)'"
        case .domain(let id): "domain '\(id)'"
        case .competency(let id): "competency '\(id)'"
        case .descriptor(let id, let index): "descriptor \(index + 1) of competency '\(id)'"
        case .relation(let id, let index): "relation \(index + 1) of competency '\(id)'"
        case .match(let id, let index): "match \(index + 1) of competency '\(id)'"
        case .position(let id): "position '\(id)'"
        case .requirement(.position(let id), let index): "requirement \(index + 1) of position '\(id)'"
        case .requirement(.rule(let id), let index): "requirement \(index + 1) of rule '\(id)'"
        case .module(let id): "module '\(id)'"
        case .teaches(let id, let index): "teaches \(index + 1) of module '\(id)'"
        case .prerequisite(let id, let index): "prerequisite \(index + 1) of module '\(id)'"
        case .rule(let id): "rule '\(id)'"
        case .roster: "roster"
        case .unit(let id): "unit '\(id)'"
        case .person(let id): "person '\(id)'"
        case .attribute(let id, let index): "attribute \(index + 1) of person '\(id)'"
        case .assessment(let id, let index): "assessment \(index + 1) of person '\(id)'"
        case .certificate(let id, let index): "certificate \(index + 1) of person '\(id)'"
        case .completion(let id, let index): "completion \(index + 1) of person '\(id)'"
        case .plan: "plan"
        case .personPlan(let id): "plan of person '\(id)'"
        }
    }
}

/// Where each entity of a document was written.
///
/// A subject written twice (a duplicate ID) keeps every location, in document order.
public struct SourceMap: Hashable, Sendable, Codable {
    public private(set) var entries: [Subject: [SourceLocation]]

    public init() { entries = [:] }

    /// Records that `subject` was written at `location`.
    public mutating func record(_ subject: Subject, at location: SourceLocation) {
        entries[subject, default: []].append(location)
    }

    /// The first place `subject` was written.
    public func location(of subject: Subject) -> SourceLocation? { entries[subject]?.first }

    /// Every place `subject` was written, in document order.
    public func locations(of subject: Subject) -> [SourceLocation] { entries[subject] ?? [] }

    /// Adds every entry of `other`.
    public mutating func merge(_ other: SourceMap) {
        for (subject, locations) in other.entries { entries[subject, default: []].append(contentsOf: locations) }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
}
