public import CompetencyModel

/// How much a change matters to the people and records that depend on a framework, in the
/// terms of semantic versioning. Ordered: `none` < `patch` < `minor` < `major`.
public enum ChangeImpact: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Nothing changed.
    case none
    /// Text only: titles, statements, descriptors, labels, translations.
    case patch
    /// Additions, and changes that ask less of people (a lowered requirement, a later deadline).
    case minor
    /// A change that breaks existing records or asks more of people: a removal without
    /// lineage, a split, a removed level, a raised requirement, an earlier deadline, a rule
    /// that newly selects people.
    case major

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: ChangeImpact, rhs: ChangeImpact) -> Bool { lhs.order < rhs.order }
}

/// The kinds of entity a change is about.
public enum ChangedEntity: String, Hashable, Sendable, Codable, CaseIterable {
    case framework, scale, level, domain, competency, position, module, rule
}

/// One difference between two versions of a framework.
public struct FrameworkChange: Hashable, Sendable, Codable {
    /// What changed. The raw values are the names the JSON output and the documentation use.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case added, removed, moved, split, merged, renamed
        case statusChanged = "status-changed"
        case reranked
        case definedLevelsChanged = "defined-levels-changed"
        case scaleChanged = "scale-changed"
        case textChanged = "text-changed"
        case descriptorChanged = "descriptor-changed"
        case relationsChanged = "relations-changed"
        case matchesChanged = "matches-changed"
        case requirementAdded = "requirement-added"
        case requirementRemoved = "requirement-removed"
        case requirementRaised = "requirement-raised"
        case requirementLowered = "requirement-lowered"
        case importanceChanged = "importance-changed"
        case deadlineEarlier = "deadline-earlier"
        case deadlineLater = "deadline-later"
        case extendsChanged = "extends-changed"
        case familyChanged = "family-changed"
        case teachesChanged = "teaches-changed"
        case hoursChanged = "hours-changed"
        case prerequisitesChanged = "prerequisites-changed"
        case deliveryChanged = "delivery-changed"
        case appliesToChanged = "applies-to-changed"
        case exemptionChanged = "exemption-changed"
        case datesChanged = "dates-changed"
        case priorityChanged = "priority-changed"

        /// A heading for the kind in text, Markdown and HTML output, in `words`' language.
        public func localizedHeading(_ words: Localizer) -> String { words.message("diff.kind.\(rawValue)") }

        /// A heading for the kind in text, Markdown and HTML output.
        public var heading: String {
            switch self {
            case .added: "Added"
            case .removed: "Removed"
            case .moved: "Moved"
            case .split: "Split"
            case .merged: "Merged"
            case .renamed: "Renamed"
            case .statusChanged: "Status changed"
            case .reranked: "Levels re-ranked"
            case .definedLevelsChanged: "Defined levels changed"
            case .scaleChanged: "Scale changed"
            case .textChanged: "Text changed"
            case .descriptorChanged: "Descriptors changed"
            case .relationsChanged: "Relations changed"
            case .matchesChanged: "Matches changed"
            case .requirementAdded: "Requirements added"
            case .requirementRemoved: "Requirements removed"
            case .requirementRaised: "Requirements raised"
            case .requirementLowered: "Requirements lowered"
            case .importanceChanged: "Importance changed"
            case .deadlineEarlier: "Deadlines brought forward"
            case .deadlineLater: "Deadlines pushed back"
            case .extendsChanged: "Inheritance changed"
            case .familyChanged: "Position family changed"
            case .teachesChanged: "What modules teach changed"
            case .hoursChanged: "Module hours changed"
            case .prerequisitesChanged: "Prerequisites changed"
            case .deliveryChanged: "Delivery changed"
            case .appliesToChanged: "Who rules select changed"
            case .exemptionChanged: "Exemptions changed"
            case .datesChanged: "Rule dates changed"
            case .priorityChanged: "Rule priorities changed"
            }
        }
    }

    /// One side of a change: the entity's ID in that version and where it was written.
    public struct Side: Hashable, Sendable, Codable {
        public var id: String
        public var location: SourceLocation?
        public init(id: String, location: SourceLocation?) {
            self.id = id
            self.location = location
        }
    }

    public var kind: Kind
    public var impact: ChangeImpact
    public var entity: ChangedEntity
    /// The entity's ID: in the new version, or in the old one for a removal.
    public var id: String
    /// The entity (or entities, for a merge) in the old version; empty for an addition.
    public var old: [Side]
    /// The entity (or entities, for a split) in the new version; empty for a removal.
    public var new: [Side]
    /// What changed, in a sentence fragment (`"level L2 → L3 of C1.1"`), in English.
    public var detail: String
    /// ``detail`` as a catalogue message, to write it in another language (see
    /// ``localizedDetail(_:)``); `nil` for a change made with a detail string only.
    public var message: LocalizedMessage?
    /// The entity's title (a level's label) in the framework's language: in the new version,
    /// or in the old one for a removal.
    public var title: String?
    /// ``title`` in every language the framework gives it, for ``localizedTitle(_:)``.
    public var titles: LocalizedText?

    public init(
        kind: Kind, impact: ChangeImpact, entity: ChangedEntity, id: String, old: [Side], new: [Side], detail: String,
        title: String? = nil
    ) {
        self.title = title
        self.kind = kind
        self.impact = impact
        self.entity = entity
        self.id = id
        self.old = old
        self.new = new
        self.detail = detail
    }

    /// A change whose ``detail`` is `message` in English (`Localizer.standard(documentLanguage:)`).
    public init(
        kind: Kind, impact: ChangeImpact, entity: ChangedEntity, id: String, old: [Side], new: [Side], message: LocalizedMessage
    ) {
        self.init(kind: kind, impact: impact, entity: entity, id: id, old: old, new: new, detail: message.rendered(.standard()))
        self.message = message
    }

    /// ``detail`` in `words`' language, or as written when `words` is `nil` or the change has
    /// no ``message``.
    public func localizedDetail(_ words: Localizer?) -> String {
        guard let words, let message else { return detail }
        return message.rendered(words)
    }

    /// ``title`` in `words`' language (falling back to the framework's default), or as found
    /// when `words` is `nil`.
    public func localizedTitle(_ words: Localizer?) -> String? {
        guard let words, let titles else { return title }
        return words.text(titles) ?? title
    }
}

/// A semantic version `MAJOR.MINOR.PATCH`, with an optional pre-release part that is kept
/// but ranks below the release (as semver.org says).
public struct SemanticVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// What follows `-`, without build metadata; empty for a release.
    public var prerelease: String

    public init(major: Int, minor: Int, patch: Int, prerelease: String = "") {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    /// Parses `1.2.3`, `1.2.3-rc.1` or `1.2.3+build`; `nil` for anything else.
    public init?(_ text: String) {
        var core = Substring(text)
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        var prerelease = ""
        if let dash = core.firstIndex(of: "-") {
            prerelease = String(core[core.index(after: dash)...])
            core = core[..<dash]
            if prerelease.isEmpty { return nil }
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), part.count < 10, let value = Int(part) else {
                return nil
            }
            if part.count > 1, part.first == "0" { return nil }
            numbers.append(value)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: prerelease)
    }

    public var description: String { "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-\(prerelease)") }

    /// The release this version leads to after a change of `impact`: `2.0.0` after a major
    /// change to `1.4.2`, `1.5.0` after a minor one, `1.4.3` after a patch, itself for none.
    public func bumped(by impact: ChangeImpact) -> SemanticVersion {
        switch impact {
        case .none: self
        case .patch: SemanticVersion(major: major, minor: minor, patch: patch + 1)
        case .minor: SemanticVersion(major: major, minor: minor + 1, patch: 0)
        case .major: SemanticVersion(major: major + 1, minor: 0, patch: 0)
        }
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        if lhs.prerelease.isEmpty != rhs.prerelease.isEmpty { return !lhs.prerelease.isEmpty }
        return lhs.prerelease < rhs.prerelease
    }
}
