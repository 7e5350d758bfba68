public import CompetencyModel
public import CompetencyDiagnostics

/// The differences between two versions of a framework, each with its impact, and the
/// version number they call for.
///
/// Entities are matched by ID, then by `uri`, then by lineage (`replaces`); see
/// `Documentation/Evolution.md` for what each kind of change is and why it has its impact.
///
/// ```swift
/// let diff = FrameworkDiff(old: v1.value, oldSourceMap: v1.sourceMap, new: v2.value, newSourceMap: v2.sourceMap)
/// diff.impact                // .major
/// diff.suggestedVersion      // 2.0.0 after 1.0.0
/// ```
public struct FrameworkDiff: Hashable, Sendable {
    /// One of the two versions compared.
    public struct Version: Hashable, Sendable, Codable {
        public var id: String
        /// The version as declared on the framework, if any.
        public var declared: String?
        /// Where the framework element was written.
        public var location: SourceLocation?

        public init(id: String, declared: String?, location: SourceLocation?) {
            self.id = id
            self.declared = declared
            self.location = location
        }
    }

    public var old: Version
    public var new: Version
    /// Every change, ordered by kind (in ``FrameworkChange/Kind`` order), entity and ID.
    public var changes: [FrameworkChange]

    /// The highest impact of the changes, or ``ChangeImpact/none``.
    public var impact: ChangeImpact { changes.lazy.map(\.impact).max() ?? .none }

    /// The old version (`0.0.0` when it declares none or not a semantic version) bumped by
    /// the ``impact``.
    public var suggestedVersion: SemanticVersion {
        (old.declared.flatMap(SemanticVersion.init) ?? SemanticVersion(major: 0, minor: 0, patch: 0)).bumped(by: impact)
    }

    public init(old: Version, new: Version, changes: [FrameworkChange]) {
        self.old = old
        self.new = new
        self.changes = changes
    }

    /// Compares `old` with `new`.
    ///
    /// - Parameters:
    ///   - old: the earlier version.
    ///   - oldSourceMap: where the earlier version's entities were written, for locations.
    ///   - new: the later version.
    ///   - newSourceMap: where the later version's entities were written.
    public init(old: Framework, oldSourceMap: SourceMap = SourceMap(), new: Framework, newSourceMap: SourceMap = SourceMap()) {
        var comparer = Comparer(old: old, oldMap: oldSourceMap, new: new, newMap: newSourceMap)
        comparer.run()
        for index in comparer.changes.indices {
            let change = comparer.changes[index]
            // The new version's title, else the old one's.
            let found =
                Self.titles(change.entity, change.id, comparer.newIndex).map { ($0, comparer.newIndex.framework.language) }
                ?? change.old.first.flatMap { side in
                    Self.titles(change.entity, side.id, comparer.oldIndex).map { ($0, comparer.oldIndex.framework.language) }
                }
            comparer.changes[index].title = found.flatMap { text, language in text.value(preferring: language) }
            comparer.changes[index].titles = found?.0
        }
        self.init(
            old: Version(id: old.id.rawValue, declared: old.version, location: oldSourceMap.location(of: .framework(old.id))),
            new: Version(id: new.id.rawValue, declared: new.version, location: newSourceMap.location(of: .framework(new.id))),
            changes: comparer.changes.sorted(by: Self.order))
    }

    /// The title of an entity in every language the framework gives it, if it has one.
    static func titles(_ entity: ChangedEntity, _ id: String, _ index: FrameworkIndex) -> LocalizedText? {
        let framework = index.framework
        let text: LocalizedText? =
            switch entity {
            case .framework: framework.id.rawValue == id ? framework.title : nil
            case .scale: index.scale(Scale.ID(id))?.title
            case .level: framework.scales.lazy.compactMap { $0.level(Level.ID(id))?.label }.first
            case .domain: index.domain(Domain.ID(id))?.title
            case .competency: index.competency(Competency.ID(id))?.title
            case .position: index.position(Position.ID(id))?.title
            case .module: index.module(TrainingModule.ID(id))?.title
            case .rule: index.rule(AssignmentRule.ID(id))?.title
            }
        guard let text, !text.variants.isEmpty else { return nil }
        return text
    }

    /// The changes of one kind.
    public func changes(of kind: FrameworkChange.Kind) -> [FrameworkChange] { changes.filter { $0.kind == kind } }

    /// Whether the new version's declared version is high enough for the changes.
    ///
    /// - Parameter versionLocation: where the new version's `version` attribute is written
    ///   (see ``versionAttributeLocation(in:file:)``); the framework element's location when `nil`.
    /// - Returns: `nil` when the declared version is at least ``suggestedVersion``; otherwise
    ///   an `evolution.version-too-low` error (or `evolution.no-version` when the new version
    ///   declares none, or not a semantic version) naming the version to use.
    public func versionCheck(versionLocation: SourceLocation? = nil) -> Diagnostic? {
        let suggested = suggestedVersion
        let location = versionLocation ?? new.location
        guard let text = new.declared else {
            return Diagnostic(
                id: DiagnosticID(domain: "evolution", code: "no-version"), severity: .error,
                message: "the new version declares no version; the changes since \(old.declared ?? "the old version") are \(impact.rawValue): add version=\"\(suggested)\"",
                location: location, subject: .framework(Framework.ID(new.id)))
        }
        guard let declared = SemanticVersion(text) else {
            return Diagnostic(
                id: DiagnosticID(domain: "evolution", code: "no-version"), severity: .error,
                message: "version '\(text)' is not a semantic version (MAJOR.MINOR.PATCH); the changes are \(impact.rawValue): use \(suggested)",
                location: location, subject: .framework(Framework.ID(new.id)))
        }
        guard declared < suggested else { return nil }
        let counts = changes.filter { $0.impact == impact }.count
        return Diagnostic(
            id: DiagnosticID(domain: "evolution", code: "version-too-low"), severity: .error,
            message: "version \(text) is too low: \(counts) \(impact.rawValue) change\(counts == 1 ? "" : "s") since \(old.declared ?? "the old version") call for \(suggested); use version=\"\(suggested)\"",
            location: location, subject: .framework(Framework.ID(new.id)))
    }

    /// Where the `version` attribute of the root element is written in `text`: the line and
    /// column of its name. `nil` when the root has no such attribute.
    public static func versionAttributeLocation(in text: String, file: String?) -> SourceLocation? {
        let scalars = Array(text.unicodeScalars.prefix(1 << 20))
        var index = 0
        var line = 1
        var column = 1
        func advance(_ count: Int = 1) {
            for _ in 0..<count where index < scalars.count {
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        func starts(_ prefix: String) -> Bool {
            let wanted = Array(prefix.unicodeScalars)
            return index + wanted.count <= scalars.count && Array(scalars[index..<index + wanted.count]) == wanted
        }
        // Skip the declaration, comments and processing instructions before the root.
        while index < scalars.count {
            if starts("<!--") {
                while index < scalars.count, !starts("-->") { advance() }
                advance(3)
            } else if starts("<?") || starts("<!") {
                while index < scalars.count, scalars[index] != ">" { advance() }
            } else if scalars[index] == "<" {
                break
            } else {
                advance()
            }
        }
        advance()
        var quote: Unicode.Scalar?
        var afterSpace = false
        while index < scalars.count {
            let character = scalars[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" {
                return nil
            } else if afterSpace, starts("version") {
                let here = SourceLocation(file: file, line: line, column: column)
                var after = index + 7
                while after < scalars.count, scalars[after].properties.isWhitespace { after += 1 }
                if after < scalars.count, scalars[after] == "=" { return here }
            }
            afterSpace = quote == nil && character.properties.isWhitespace
            advance()
        }
        return nil
    }

    private static func order(_ lhs: FrameworkChange, _ rhs: FrameworkChange) -> Bool {
        let kinds = FrameworkChange.Kind.allCases
        let entities = ChangedEntity.allCases
        let left = (kinds.firstIndex(of: lhs.kind) ?? 0, entities.firstIndex(of: lhs.entity) ?? 0)
        let right = (kinds.firstIndex(of: rhs.kind) ?? 0, entities.firstIndex(of: rhs.entity) ?? 0)
        if left != right { return left < right }
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        return lhs.detail < rhs.detail
    }
}
