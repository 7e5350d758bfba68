import CompetencyModel

// Field by field comparison of matched domains, competencies, positions, modules and rules.
extension Comparer {
    mutating func compare(_ before: Domain, _ after: Domain) {
        let id = after.id.rawValue
        let left = oldSide(before.id.rawValue, .domain(before.id))
        let right = newSide(id, .domain(after.id))
        compareText("title", before.title, after.title, .domain, id: id, old: left, new: right)
        compareText("description", before.description, after.description, .domain, id: id, old: left, new: right)
        compareValue(.textChanged, .patch, "code", before.code, after.code, .domain, id: id, old: left, new: right)
    }

    mutating func compare(_ before: Competency, _ after: Competency) {
        let id = after.id.rawValue
        let left = oldSide(before.id.rawValue, .competency(before.id))
        let right = newSide(id, .competency(after.id))
        // Moved: the parent (a competency, else the domain) is not what the old parent became.
        let oldParent = oldIndex.parent(of: before.id).map { successors(of: $0).map(\.rawValue) }
            ?? oldIndex.domain(of: before.id).map { successors(of: $0).map(\.rawValue) } ?? []
        let newParent = newIndex.parent(of: after.id)?.rawValue ?? newIndex.domain(of: after.id)?.rawValue
        if let newParent, !oldParent.contains(newParent) {
            let was = oldIndex.parent(of: before.id)?.rawValue ?? oldIndex.domain(of: before.id)?.rawValue
            var message = Self.detail("moved", ["new": newParent])
            Self.fill(&message, "old", was)
            add(.moved, .minor, .competency, id: id, old: [left], new: [right], message)
        }
        if before.status != after.status {
            compareValue(
                .statusChanged, Self.statusImpact(after.status), "status", before.status?.rawValue ?? "published",
                after.status?.rawValue ?? "published", .competency, id: id, old: left, new: right)
        }
        let oldScale = oldIndex.scale(of: before.id)?.id.rawValue
        let newScale = newIndex.scale(of: after.id)?.id.rawValue
        compareValue(.scaleChanged, .major, "scale", oldScale, newScale, .competency, id: id, old: left, new: right)
        // Explicit `levels` only: a change of the scale itself is reported on the scale.
        if oldScale == newScale, before.levels != nil || after.levels != nil {
            let was = oldIndex.definedLevels(of: before.id)
            let now = Set(newIndex.definedLevels(of: after.id))
            let removed = was.filter { level in !(levelTargets[level] ?? [level]).contains(where: now.contains) }.map(\.rawValue)
            let reached = Set(was.flatMap { levelTargets[$0] ?? [$0] })
            let added = newIndex.definedLevels(of: after.id).filter { !reached.contains($0) }.map(\.rawValue)
            if !removed.isEmpty || !added.isEmpty {
                let key = removed.isEmpty ? "levels-added" : added.isEmpty ? "levels-removed" : "levels-changed"
                add(
                    .definedLevelsChanged, removed.isEmpty ? .minor : .major, .competency, id: id, old: [left], new: [right],
                    Self.detail(key, ["removed": removed.joined(separator: ", "), "added": added.joined(separator: ", ")]))
            }
        }
        compareText("title", before.title, after.title, .competency, id: id, old: left, new: right)
        compareText("statement", before.statement, after.statement, .competency, id: id, old: left, new: right)
        compareText("description", before.description, after.description, .competency, id: id, old: left, new: right)
        compareValue(.textChanged, .patch, "code", before.code, after.code, .competency, id: id, old: left, new: right)
        compareDescriptors(before, after, left: left, right: right)
        // Relations, with the old targets read as what they became.
        // A relation to a competency that was split still holds if it now names a successor.
        let newRelations = Set(after.relations.map { "\($0.type.rawValue) \($0.target)" })
        var kept: Set<String> = []
        var removed: Set<String> = []
        for relation in before.relations {
            let candidates = successors(of: relation.target).map { "\(relation.type.rawValue) \($0)" }
            let found = candidates.filter(newRelations.contains)
            if found.isEmpty { removed.insert("\(relation.type.rawValue) \(relation.target)") } else { kept.formUnion(found) }
        }
        for relation in newRelations.subtracting(kept).sorted() {
            add(.relationsChanged, .minor, .competency, id: id, old: [left], new: [right], Self.detail("relation-added", ["relation": relation]))
        }
        for relation in removed.sorted() {
            add(.relationsChanged, .minor, .competency, id: id, old: [left], new: [right], Self.detail("relation-removed", ["relation": relation]))
        }
        let oldMatches = Set(before.matches.map { "\($0.type.rawValue) \($0.uri)" })
        let newMatches = Set(after.matches.map { "\($0.type.rawValue) \($0.uri)" })
        for match in newMatches.subtracting(oldMatches).sorted() {
            add(.matchesChanged, .minor, .competency, id: id, old: [left], new: [right], Self.detail("match-added", ["match": match]))
        }
        for match in oldMatches.subtracting(newMatches).sorted() {
            add(.matchesChanged, .minor, .competency, id: id, old: [left], new: [right], Self.detail("match-removed", ["match": match]))
        }
    }

    private mutating func compareDescriptors(
        _ before: Competency, _ after: Competency, left: FrameworkChange.Side, right: FrameworkChange.Side
    ) {
        guard before.descriptors != after.descriptors else { return }
        let id = after.id.rawValue
        var levels: [Level.ID] = []
        for descriptor in before.descriptors + after.descriptors where !levels.contains(descriptor.level) {
            levels.append(descriptor.level)
        }
        for level in levels {
            let oldIndex = before.descriptors.firstIndex { $0.level == level }
            let newIndex = after.descriptors.firstIndex { $0.level == level }
            let was = oldIndex.map { before.descriptors[$0] }
            let now = newIndex.map { after.descriptors[$0] }
            guard was != now else { continue }
            let oldAt = Self.located(oldIndex.map { oldSide(before.id.rawValue, .descriptor(before.id, index: $0)) }, else: left)
            let newAt = Self.located(newIndex.map { newSide(id, .descriptor(after.id, index: $0)) }, else: right)
            guard let was, let now else {
                add(
                    .descriptorChanged, .patch, .competency, id: id, old: [oldAt], new: [newAt],
                    Self.detail(was == nil ? "descriptor-added" : "descriptor-removed", ["level": level.rawValue]))
                continue
            }
            var languages: [String] = []
            for language in was.text.languages + now.text.languages where !languages.contains(language) { languages.append(language) }
            for language in languages where was.text[language] != now.text[language] {
                let shown = language.isEmpty ? "" : " (\(language))"
                add(
                    .descriptorChanged, .patch, .competency, id: id, old: [oldAt], new: [newAt],
                    Self.detail("descriptor-reworded", ["level": level.rawValue, "language": shown]))
            }
            for (name, lhs, rhs) in [
                ("knowledge", was.knowledge, now.knowledge), ("skills", was.skills, now.skills),
                ("attitudes", was.attitudes, now.attitudes), ("examples", was.examples, now.examples),
            ] where lhs != rhs {
                add(
                    .descriptorChanged, .patch, .competency, id: id, old: [oldAt], new: [newAt],
                    LocalizedMessage("diff.detail.descriptor-part", ["level": level.rawValue], terms: ["part": Self.field(name)]))
            }
        }
    }

    mutating func compare(_ before: Position, _ after: Position) {
        let id = after.id.rawValue
        let left = oldSide(before.id.rawValue, .position(before.id))
        let right = newSide(id, .position(after.id))
        compareText("title", before.title, after.title, .position, id: id, old: left, new: right)
        compareText("description", before.description, after.description, .position, id: id, old: left, new: right)
        compareValue(.familyChanged, .minor, "family", before.family, after.family, .position, id: id, old: left, new: right)
        compareValue(
            .extendsChanged, .major, "extends", before.extends.map(successor(of:))?.rawValue, after.extends?.rawValue, .position,
            id: id, old: left, new: right)
        compareRequirements(
            before.requirements, after.requirements, .position, id: id, oldOwner: .position(before.id),
            newOwner: .position(after.id), left: left, right: right)
    }

    mutating func compare(_ before: TrainingModule, _ after: TrainingModule) {
        let id = after.id.rawValue
        let left = oldSide(before.id.rawValue, .module(before.id))
        let right = newSide(id, .module(after.id))
        compareText("title", before.title, after.title, .module, id: id, old: left, new: right)
        compareText("description", before.description, after.description, .module, id: id, old: left, new: right)
        if before.hours != after.hours {
            add(.hoursChanged, .minor, .module, id: id, old: [left], new: [right], Self.detail("hours", ["old": Self.hours(before.hours), "new": Self.hours(after.hours)]))
        }
        compareValue(.deliveryChanged, .patch, "delivery", before.delivery, after.delivery, .module, id: id, old: left, new: right)
        // What it teaches, by competency (old ones read as what they became): a completion
        // that no longer counts, or counts for less, breaks records.
        var oldTeaches: [Competency.ID: Int] = [:]
        for teaching in before.teaches {
            for target in successors(of: teaching.competency) {
                let rank = oldIndex.rank(of: teaching.level, for: teaching.competency) ?? 0
                oldTeaches[target] = max(oldTeaches[target] ?? Int.min, rank)
            }
        }
        var newTeaches: [Competency.ID: Int] = [:]
        for teaching in after.teaches {
            newTeaches[teaching.competency] = max(newTeaches[teaching.competency] ?? Int.min, newIndex.rank(of: teaching.level, for: teaching.competency) ?? 0)
        }
        for competency in Set(oldTeaches.keys).union(newTeaches.keys).sorted() {
            let was = oldTeaches[competency]
            let now = newTeaches[competency]
            guard was != now else { continue }
            let level = after.teaches.first { $0.competency == competency }?.level.rawValue
            let oldLevel = before.teaches.first { successors(of: $0.competency).contains(competency) }?.level.rawValue
            let (impact, key): (ChangeImpact, String) =
                if was == nil { (.minor, "teaches-new") }
                else if now == nil { (.major, "teaches-no-longer") }
                else if let was, let now, now < was { (.major, "teaches-changed") }
                else { (.minor, "teaches-changed") }
            var what = Self.detail(key, ["competency": competency.rawValue])
            Self.fill(&what, "level", level)
            Self.fill(&what, "old", oldLevel)
            add(.teachesChanged, impact, .module, id: id, old: [left], new: [right], what)
        }
        let oldPrerequisites = Set(before.prerequisites.map { successor(of: $0.module).rawValue })
        let newPrerequisites = Set(after.prerequisites.map(\.module.rawValue))
        for module in newPrerequisites.subtracting(oldPrerequisites).sorted() {
            add(.prerequisitesChanged, .major, .module, id: id, old: [left], new: [right], Self.detail("prerequisite-added", ["module": module]))
        }
        for module in oldPrerequisites.subtracting(newPrerequisites).sorted() {
            add(.prerequisitesChanged, .minor, .module, id: id, old: [left], new: [right], Self.detail("prerequisite-removed", ["module": module]))
        }
    }

    static func hours(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    mutating func compare(_ before: AssignmentRule, _ after: AssignmentRule) {
        let id = after.id.rawValue
        let left = oldSide(before.id.rawValue, .rule(before.id))
        let right = newSide(id, .rule(after.id))
        compareText("title", before.title, after.title, .rule, id: id, old: left, new: right)
        compareText("description", before.description, after.description, .rule, id: id, old: left, new: right)
        compareValue(.priorityChanged, .patch, "priority", before.priority, after.priority, .rule, id: id, old: left, new: right)
        if translated(before.appliesTo).unannotated != after.appliesTo.unannotated {
            add(.appliesToChanged, .major, .rule, id: id, old: [left], new: [right], Self.detail("applies-to"))
        }
        switch (before.exemptIf.map { translated($0).unannotated }, after.exemptIf?.unannotated) {
        case (nil, nil): break
        case (nil, _): add(.exemptionChanged, .minor, .rule, id: id, old: [left], new: [right], Self.detail("exemption-added"))
        case (_, nil): add(.exemptionChanged, .major, .rule, id: id, old: [left], new: [right], Self.detail("exemption-removed"))
        case (let was, let now) where was != now:
            add(.exemptionChanged, .major, .rule, id: id, old: [left], new: [right], Self.detail("exemption-changed"))
        default: break
        }
        if before.effective != after.effective {
            // In effect sooner (or always) asks more of people.
            let sooner: Bool
            if let now = after.effective { sooner = before.effective.map { now < $0 } ?? false } else { sooner = true }
            add(
                .datesChanged, sooner ? .major : .minor, .rule, id: id, old: [left], new: [right],
                Self.dated("effective", before.effective, after.effective))
        }
        if before.expires != after.expires {
            let longer: Bool
            if let now = after.expires { longer = before.expires.map { now > $0 } ?? false } else { longer = true }
            add(
                .datesChanged, longer ? .major : .minor, .rule, id: id, old: [left], new: [right],
                Self.dated("expires", before.expires, after.expires))
        }
        compareRequirements(
            before.requirements, after.requirements, .rule, id: id, oldOwner: .rule(before.id), newOwner: .rule(after.id),
            left: left, right: right)
    }

    /// `predicate` with old position and competency IDs read as what they became.
    func translated(_ predicate: RulePredicate) -> RulePredicate {
        switch predicate {
        case .all(let operands): .all(operands.map(translated))
        case .any(let operands): .any(operands.map(translated))
        case .not(let operand): .not(translated(operand))
        case .position(let id): .position(successor(of: id))
        case .level(let competency, let level): .level(competency: successor(of: competency), atLeast: level)
        case .annotated(let inner, let extensions): .annotated(translated(inner), extensions)
        default: predicate
        }
    }

    // MARK: Requirements

    private struct Wanted {
        var rank: Int
        var level: Level.ID
        var importance: Requirement.Importance
        var by: ISODate?
        var index: Int
    }

    mutating func compareRequirements(
        _ before: [Requirement], _ after: [Requirement], _ entity: ChangedEntity, id: String,
        oldOwner: Subject.RequirementOwner, newOwner: Subject.RequirementOwner,
        left: FrameworkChange.Side, right: FrameworkChange.Side
    ) {
        func key(_ target: Requirement.Target) -> String {
            switch target {
            case .competency(let id): "competency \(id)"
            case .domain(let id): "domain \(id)"
            }
        }
        func strongest(_ into: inout [String: Wanted], _ key: String, _ wanted: Wanted) {
            if let existing = into[key], existing.rank >= wanted.rank { return }
            into[key] = wanted
        }
        var was: [String: Wanted] = [:]
        for (index, requirement) in before.enumerated() {
            let rank = Self.rank(requirement.level, requirement.target, oldIndex)
            let wanted = Wanted(rank: rank, level: requirement.level, importance: requirement.effectiveImportance, by: requirement.by, index: index)
            switch requirement.target {
            case .competency(let competency):
                for target in successors(of: competency) { strongest(&was, key(.competency(target)), wanted) }
            case .domain(let domain):
                for target in successors(of: domain) { strongest(&was, key(.domain(target)), wanted) }
            }
        }
        var now: [String: Wanted] = [:]
        for (index, requirement) in after.enumerated() {
            strongest(
                &now, key(requirement.target),
                Wanted(
                    rank: Self.rank(requirement.level, requirement.target, newIndex), level: requirement.level,
                    importance: requirement.effectiveImportance, by: requirement.by, index: index))
        }
        func kind(_ key: String) -> (kind: String, id: String) {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            return ("diff.entity.\(parts.first ?? "")", parts.count > 1 ? parts[1] : "")
        }
        for target in Set(was.keys).union(now.keys).sorted() {
            let (targetKind, targetID) = kind(target)
            func message(_ key: String, _ arguments: [String: String]) -> LocalizedMessage {
                LocalizedMessage(
                    "diff.detail.\(key)", arguments.merging(["target": targetID]) { first, _ in first }, terms: ["kind": targetKind])
            }
            let oldAt = Self.located(was[target].map { oldSide(left.id, .requirement(oldOwner, index: $0.index)) }, else: left)
            let newAt = Self.located(now[target].map { newSide(id, .requirement(newOwner, index: $0.index)) }, else: right)
            func note(_ kind: FrameworkChange.Kind, _ impact: ChangeImpact, _ detail: LocalizedMessage) {
                add(kind, impact, entity, id: id, old: [oldAt], new: [newAt], detail)
            }
            guard let before = was[target] else {
                if let after = now[target] { note(.requirementAdded, .major, message("requirement-added", ["level": after.level.rawValue])) }
                continue
            }
            guard let after = now[target] else {
                note(.requirementRemoved, .minor, message("requirement-removed", ["old": before.level.rawValue]))
                continue
            }
            if after.rank > before.rank {
                note(.requirementRaised, .major, message("requirement-changed", ["level": after.level.rawValue, "old": before.level.rawValue]))
            } else if after.rank < before.rank {
                note(.requirementLowered, .minor, message("requirement-changed", ["level": after.level.rawValue, "old": before.level.rawValue]))
            }
            if before.importance != after.importance {
                note(
                    .importanceChanged, after.importance == .essential ? .major : .minor,
                    LocalizedMessage(
                        "diff.detail.importance", ["target": targetID],
                        terms: [
                            "kind": targetKind, "importance": "diff.importance.\(after.importance.rawValue)",
                            "old": "diff.importance.\(before.importance.rawValue)",
                        ]))
            }
            if before.by != after.by {
                let earlier: Bool
                if let due = after.by { earlier = before.by.map { due < $0 } ?? true } else { earlier = false }
                note(
                    earlier ? .deadlineEarlier : .deadlineLater, earlier ? .major : .minor,
                    Self.dated("deadline", before.by, after.by, new: "due", message("deadline", [:])))
            }
        }
    }

    /// A detail message `key` with dates `old` and `new` (written "(none)" when absent), filled
    /// into `base` when given.
    static func dated(
        _ key: String, _ old: ISODate?, _ new: ISODate?, new newName: String = "new", _ base: LocalizedMessage? = nil
    ) -> LocalizedMessage {
        var message = base ?? detail(key)
        fill(&message, "old", old)
        fill(&message, newName, new)
        return message
    }

    /// `side`, or where its owner was written when the importer did not record the side's own place.
    static func located(_ side: FrameworkChange.Side?, else owner: FrameworkChange.Side) -> FrameworkChange.Side {
        guard let side else { return owner }
        return side.location == nil ? FrameworkChange.Side(id: side.id, location: owner.location) : side
    }

    /// The rank of `level` for a requirement: on the competency's scale, or for a domain the
    /// first scale that has the level.
    static func rank(_ level: Level.ID, _ target: Requirement.Target, _ index: FrameworkIndex) -> Int {
        switch target {
        case .competency(let competency):
            if let rank = index.rank(of: level, for: competency) { return rank }
        case .domain: break
        }
        for scale in index.framework.scales {
            if let rank = index.rank(of: level, on: scale.id) { return rank }
        }
        return 0
    }
}
