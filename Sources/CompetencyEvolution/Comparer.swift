import CompetencyModel

/// Finds the changes between two frameworks (the work behind ``FrameworkDiff``).
struct Comparer {
    let old: Framework
    let new: Framework
    let oldMap: SourceMap
    let newMap: SourceMap
    let oldIndex: FrameworkIndex
    let newIndex: FrameworkIndex
    var changes: [FrameworkChange] = []
    /// What each level of the old version's matched scales became (by ID, uri or lineage).
    var levelTargets: [Level.ID: [Level.ID]] = [:]

    /// The competencies of each version in document order, depth first.
    let oldCompetencies: [Competency]
    let newCompetencies: [Competency]
    let domains: Correspondence
    let competencies: Correspondence
    let positions: Correspondence
    let modules: Correspondence
    let rules: Correspondence

    init(old: Framework, oldMap: SourceMap, new: Framework, newMap: SourceMap) {
        self.old = old
        self.new = new
        self.oldMap = oldMap
        self.newMap = newMap
        oldIndex = FrameworkIndex(old)
        newIndex = FrameworkIndex(new)
        oldCompetencies = oldIndex.allCompetencies
        newCompetencies = newIndex.allCompetencies
        func nodes<T>(_ list: [T], _ id: (T) -> String, _ uri: (T) -> String?, _ replaces: (T) -> [String]) -> [Correspondence.Node] {
            list.map { Correspondence.Node(id: id($0), uri: uri($0), replaces: replaces($0)) }
        }
        domains = Correspondence(
            old: nodes(old.domains, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }),
            new: nodes(new.domains, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }), matchURIs: true)
        competencies = Correspondence(
            old: nodes(oldCompetencies, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }),
            new: nodes(newCompetencies, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }), matchURIs: true)
        positions = Correspondence(
            old: nodes(old.positions, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }),
            new: nodes(new.positions, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }), matchURIs: true)
        modules = Correspondence(
            old: nodes(old.modules, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }),
            new: nodes(new.modules, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }), matchURIs: true)
        rules = Correspondence(
            old: nodes(old.rules, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }),
            new: nodes(new.rules, { $0.id.rawValue }, \.uri, { $0.replaces.map(\.rawValue) }), matchURIs: true)
        oldCompetencyPosition = Dictionary(oldCompetencies.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        oldDomainPosition = Dictionary(old.domains.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        oldPositionPosition = Dictionary(old.positions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        oldModulePosition = Dictionary(old.modules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private let oldCompetencyPosition: [Competency.ID: Int]
    private let oldDomainPosition: [Domain.ID: Int]
    private let oldPositionPosition: [Position.ID: Int]
    private let oldModulePosition: [TrainingModule.ID: Int]

    mutating func run() {
        compareFrameworks()
        compareScales()
        compareEntities(
            .domain, domains, old.domains, new.domains, id: { $0.id.rawValue }, subject: { .domain($0.id) }, title: \.title,
            removal: .major, addition: .minor, compare: { comparer, before, after in comparer.compare(before, after) })
        compareEntities(
            .competency, competencies, oldCompetencies, newCompetencies, id: { $0.id.rawValue },
            subject: { .competency($0.id) }, title: \.title, removal: .major, addition: .minor,
            compare: { comparer, before, after in comparer.compare(before, after) })
        compareEntities(
            .position, positions, old.positions, new.positions, id: { $0.id.rawValue }, subject: { .position($0.id) }, title: \.title,
            removal: .major, addition: .minor, compare: { comparer, before, after in comparer.compare(before, after) })
        compareEntities(
            .module, modules, old.modules, new.modules, id: { $0.id.rawValue }, subject: { .module($0.id) }, title: \.title,
            removal: .major, addition: .minor, compare: { comparer, before, after in comparer.compare(before, after) })
        compareEntities(
            .rule, rules, old.rules, new.rules, id: { $0.id.rawValue }, subject: { .rule($0.id) }, title: \.title,
            removal: .minor, addition: .major, compare: { comparer, before, after in comparer.compare(before, after) })
    }

    // MARK: Recording

    func oldSide(_ id: String, _ subject: Subject) -> FrameworkChange.Side {
        FrameworkChange.Side(id: id, location: oldMap.location(of: subject))
    }

    func newSide(_ id: String, _ subject: Subject) -> FrameworkChange.Side {
        FrameworkChange.Side(id: id, location: newMap.location(of: subject))
    }

    mutating func add(
        _ kind: FrameworkChange.Kind, _ impact: ChangeImpact, _ entity: ChangedEntity, id: String,
        old: [FrameworkChange.Side], new: [FrameworkChange.Side], _ detail: LocalizedMessage
    ) {
        changes.append(FrameworkChange(kind: kind, impact: impact, entity: entity, id: id, old: old, new: new, message: detail))
    }

    /// A detail message whose `{entity}` is the entity's kind.
    static func detail(_ key: String, _ entity: ChangedEntity, _ arguments: [String: String]) -> LocalizedMessage {
        LocalizedMessage("diff.detail.\(key)", arguments, terms: ["entity": "diff.entity.\(entity.rawValue)"])
    }

    /// A detail message with plain arguments.
    static func detail(_ key: String, _ arguments: [String: String] = [:]) -> LocalizedMessage {
        LocalizedMessage("diff.detail.\(key)", arguments)
    }

    // MARK: Matching, additions, removals, splits, merges, renames

    mutating func compareEntities<Entity>(
        _ entity: ChangedEntity, _ correspondence: Correspondence, _ olds: [Entity], _ news: [Entity],
        id: (Entity) -> String, subject: (Entity) -> Subject, title: (Entity) -> LocalizedText,
        removal: ChangeImpact, addition: ChangeImpact, compare: (inout Comparer, Entity, Entity) -> Void
    ) {
        // Titles never decide a match; an added entity with the title of a removed one is a hint.
        var addedByTitle: [String: String] = [:]
        for (index, entry) in news.enumerated() where correspondence.predecessors[index].isEmpty {
            for variant in title(entry).variants where addedByTitle[Self.normalized(variant.value)] == nil {
                addedByTitle[Self.normalized(variant.value)] = id(entry)
            }
        }
        for (index, entry) in olds.enumerated() {
            let successors = correspondence.successors[index]
            let before = oldSide(id(entry), subject(entry))
            if successors.isEmpty {
                var detail = Self.detail("removed", entity, ["id": id(entry)])
                if let similar = title(entry).variants.lazy.compactMap({ addedByTitle[Self.normalized($0.value)] }).first {
                    detail = Self.detail("removed-similar", entity, ["id": id(entry), "similar": similar])
                }
                add(.removed, removal, entity, id: id(entry), old: [before], new: [], detail)
            } else if successors.count > 1 {
                let after = successors.map { newSide(id(news[$0.index]), subject(news[$0.index])) }
                add(
                    .split, .major, entity, id: id(entry), old: [before], new: after,
                    Self.detail("split", ["id": id(entry), "successors": after.map(\.id).joined(separator: ", ")]))
            }
        }
        for (index, entry) in news.enumerated() {
            let predecessors = correspondence.predecessors[index]
            let after = newSide(id(entry), subject(entry))
            if predecessors.isEmpty {
                add(.added, addition, entity, id: id(entry), old: [], new: [after], Self.detail("added", entity, ["id": id(entry)]))
            } else if predecessors.count > 1 {
                let before = predecessors.map { oldSide(id(olds[$0]), subject(olds[$0])) }
                add(
                    .merged, .minor, entity, id: id(entry), old: before, new: [after],
                    Self.detail("merged", ["id": id(entry), "predecessors": before.map(\.id).joined(separator: ", ")]))
            }
        }
        for (index, entry) in olds.enumerated() {
            guard let match = correspondence.single(index) else { continue }
            let successor = news[match]
            if id(entry) != id(successor) {
                let how = correspondence.successors[index].first?.link == .uri ? "diff.link.uri" : "diff.link.replaces"
                add(
                    .renamed, .minor, entity, id: id(successor), old: [oldSide(id(entry), subject(entry))],
                    new: [newSide(id(successor), subject(successor))],
                    LocalizedMessage("diff.detail.renamed", ["old": id(entry), "id": id(successor)], terms: ["link": how]))
            }
            compare(&self, entry, successor)
        }
    }

    /// A title for comparison: lower case, runs of white space as one space.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: Translating references

    /// The new IDs an old competency continues as.
    func successors(of competency: Competency.ID) -> [Competency.ID] {
        guard let index = oldCompetencyPosition[competency] else { return [competency] }
        return competencies.successors[index].map { newCompetencies[$0.index].id }
    }

    func successors(of domain: Domain.ID) -> [Domain.ID] {
        guard let index = oldDomainPosition[domain] else { return [domain] }
        return domains.successors[index].map { new.domains[$0.index].id }
    }

    func successor(of position: Position.ID) -> Position.ID {
        guard let index = oldPositionPosition[position], let match = positions.single(index) else { return position }
        return new.positions[match].id
    }

    func successor(of module: TrainingModule.ID) -> TrainingModule.ID {
        guard let index = oldModulePosition[module], let match = modules.single(index) else { return module }
        return new.modules[match].id
    }

    func successor(of competency: Competency.ID) -> Competency.ID {
        let all = successors(of: competency)
        return all.count == 1 ? all[0] : competency
    }

    // MARK: Text

    mutating func compareText(
        _ field: String, _ before: LocalizedText, _ after: LocalizedText, _ entity: ChangedEntity, id: String,
        old: FrameworkChange.Side, new: FrameworkChange.Side
    ) {
        guard before != after else { return }
        var languages: [String] = []
        for language in before.languages + after.languages where !languages.contains(language) { languages.append(language) }
        for language in languages {
            let was = before[language]
            let now = after[language]
            guard was != now else { continue }
            let what = was == nil ? "added" : now == nil ? "removed" : "changed"
            add(
                .textChanged, .patch, entity, id: id, old: [old], new: [new],
                LocalizedMessage(
                    "diff.detail.text-\(what)", ["language": language.isEmpty ? "" : " (\(language))"],
                    terms: ["field": Self.field(field)]))
        }
    }

    mutating func compareValue<Value: Equatable>(
        _ kind: FrameworkChange.Kind, _ impact: ChangeImpact, _ field: String, _ before: Value?, _ after: Value?,
        _ entity: ChangedEntity, id: String, old: FrameworkChange.Side, new: FrameworkChange.Side
    ) {
        guard before != after else { return }
        var message = LocalizedMessage("diff.detail.value", terms: ["field": Self.field(field)])
        Self.fill(&message, "old", before)
        Self.fill(&message, "new", after)
        add(kind, impact, entity, id: id, old: [old], new: [new], message)
    }

    /// The catalogue key of a field's name (`"proficient level"` → `diff.field.proficient-level`).
    static func field(_ name: String) -> String { "diff.field." + name.replacingAll(" ", with: "-") }

    /// Fills `name` with `value`, or with "(none)" in the reader's language.
    static func fill<Value>(_ message: inout LocalizedMessage, _ name: String, _ value: Value?) {
        if let date = value as? ISODate {
            message.dates[name] = date
        } else if let value {
            message.arguments[name] = "\(value)"
        } else {
            message.terms[name] = "diff.value.none"
        }
    }

    static func show<Value>(_ value: Value?) -> String {
        guard let value else { return "(none)" }
        return "\(value)"
    }

    // MARK: Framework and scales

    mutating func compareFrameworks() {
        let id = new.id.rawValue
        let before = oldSide(old.id.rawValue, .framework(old.id))
        let after = newSide(id, .framework(new.id))
        compareText("title", old.title, new.title, .framework, id: id, old: before, new: after)
        compareText("description", old.description, new.description, .framework, id: id, old: before, new: after)
        compareText("publisher", old.publisher, new.publisher, .framework, id: id, old: before, new: after)
        if old.status != new.status {
            compareValue(
                .statusChanged, Self.statusImpact(new.status), "status", old.status?.rawValue, new.status?.rawValue, .framework,
                id: id, old: before, new: after)
        }
    }

    static func statusImpact(_ status: LifecycleStatus?) -> ChangeImpact {
        status == .retired ? .major : .minor
    }

    mutating func compareScales() {
        let scales = Correspondence(
            old: old.scales.map { .init(id: $0.id.rawValue, uri: $0.uri, replaces: []) },
            new: new.scales.map { .init(id: $0.id.rawValue, uri: $0.uri, replaces: []) }, matchURIs: true)
        for (index, scale) in old.scales.enumerated() where scales.successors[index].isEmpty {
            add(
                .removed, .major, .scale, id: scale.id.rawValue, old: [oldSide(scale.id.rawValue, .scale(scale.id))], new: [],
                Self.detail("removed", .scale, ["id": scale.id.rawValue]))
        }
        for (index, scale) in new.scales.enumerated() where scales.predecessors[index].isEmpty {
            add(
                .added, .minor, .scale, id: scale.id.rawValue, old: [], new: [newSide(scale.id.rawValue, .scale(scale.id))],
                Self.detail("added", .scale, ["id": scale.id.rawValue]))
        }
        for (index, before) in old.scales.enumerated() {
            guard let match = scales.single(index) else { continue }
            compare(before, new.scales[match])
        }
    }

    mutating func compare(_ before: Scale, _ after: Scale) {
        let id = after.id.rawValue
        let oldScale = oldSide(before.id.rawValue, .scale(before.id))
        let newScale = newSide(id, .scale(after.id))
        compareText("title", before.title, after.title, .scale, id: id, old: oldScale, new: newScale)
        compareValue(
            .scaleChanged, .minor, "proficient level", before.proficientLevel?.rawValue, after.proficientLevel?.rawValue, .scale,
            id: id, old: oldScale, new: newScale)
        compareValue(
            .scaleChanged, .minor, "default level", before.defaultLevel?.rawValue, after.defaultLevel?.rawValue, .scale, id: id,
            old: oldScale, new: newScale)
        let levels = Correspondence(
            old: before.levels.map { .init(id: $0.id.rawValue, uri: $0.uri, replaces: $0.replaces.map(\.rawValue)) },
            new: after.levels.map { .init(id: $0.id.rawValue, uri: $0.uri, replaces: $0.replaces.map(\.rawValue)) },
            matchURIs: true)
        for (index, level) in before.levels.enumerated() where levelTargets[level.id] == nil {
            levelTargets[level.id] = levels.successors[index].map { after.levels[$0.index].id }
        }
        compareEntities(
            .level, levels, before.levels, after.levels, id: { "\($0.id)" }, subject: { .level(Scale.ID(id), $0.id) }, title: \.label,
            removal: .major, addition: .minor,
            compare: { comparer, was, now in
                let left = comparer.oldSide(was.id.rawValue, .level(before.id, was.id))
                let right = comparer.newSide(now.id.rawValue, .level(after.id, now.id))
                comparer.compareText("label", was.label, now.label, .level, id: now.id.rawValue, old: left, new: right)
                comparer.compareText(
                    "description", was.description, now.description, .level, id: now.id.rawValue, old: left, new: right)
                comparer.compareValue(
                    .scaleChanged, .minor, "band", was.band?.rawValue, now.band?.rawValue, .level, id: now.id.rawValue, old: left,
                    new: right)
            })
        // Re-ranking: a pair of surviving levels whose order flipped breaks every record at them.
        var pairs: [(old: Level, new: Level)] = []
        for (index, level) in before.levels.enumerated() {
            if let match = levels.single(index) { pairs.append((level, after.levels[match])) }
        }
        pairs.sort { $0.old.rank < $1.old.rank }
        for (position, pair) in pairs.enumerated() where pair.old.rank != pair.new.rank {
            let flipped = pairs.indices.contains { other in
                other != position
                    && ((pairs[other].old.rank < pair.old.rank) != (pairs[other].new.rank < pair.new.rank)
                        || pairs[other].new.rank == pair.new.rank)
            }
            add(
                .reranked, flipped ? .major : .minor, .level, id: pair.new.id.rawValue,
                old: [oldSide(pair.old.id.rawValue, .level(before.id, pair.old.id))],
                new: [newSide(pair.new.id.rawValue, .level(after.id, pair.new.id))],
                Self.detail(flipped ? "reranked-order" : "reranked", ["old": String(pair.old.rank), "new": String(pair.new.rank)]))
        }
    }
}
