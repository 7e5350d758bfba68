public import CompetencyModel
public import CompetencyDiagnostics

/// Moves people's records from one version of a framework to the next: assessments,
/// certificate `covers` and completions are rewritten to the new version's IDs.
///
/// Competencies and modules follow exact ID matches and lineage (`replaces`); a split copies
/// a record to every successor, and a merge keeps the record with the highest level. Levels
/// map by ID, then by lineage, then by rank. A record that cannot be carried is left out and
/// reported (`migration.*` warnings, at the record's location), never dropped silently.
///
/// One ``RosterMigration`` is built per pair of versions and migrates people one at a time,
/// so a roster of any size can be streamed through it.
public struct RosterMigration: Sendable {
    public let old: Framework
    public let new: Framework
    private let competencyTargets: [Competency.ID: [Competency.ID]]
    private let moduleTargets: [TrainingModule.ID: [TrainingModule.ID]]
    private let positionTargets: [Position.ID: [Position.ID]]
    private let oldIndex: FrameworkIndex
    private let newIndex: FrameworkIndex

    /// A person moved to the new version, and what could not be carried.
    public struct Result: Hashable, Sendable {
        public var person: Person
        /// Records left out (warnings) and records folded by a merge (notes), in record order.
        public var diagnostics: [Diagnostic]
        /// Whether any record was left out (a warning among ``diagnostics``).
        public var hasLosses: Bool { diagnostics.contains { $0.severity >= .warning } }
    }

    public init(from old: Framework, to new: Framework) {
        self.old = old
        self.new = new
        oldIndex = FrameworkIndex(old)
        newIndex = FrameworkIndex(new)
        func targets<Old, New, ID: Hashable>(
            _ olds: [Old], _ news: [New], _ oldID: (Old) -> ID, _ newID: (New) -> ID, _ key: (ID) -> String,
            _ replaces: (New) -> [String]
        ) -> [ID: [ID]] {
            let correspondence = Correspondence(
                old: olds.map { .init(id: key(oldID($0)), uri: nil, replaces: []) },
                new: news.map { .init(id: key(newID($0)), uri: nil, replaces: replaces($0)) }, matchURIs: false)
            var map: [ID: [ID]] = [:]
            for (index, entry) in olds.enumerated() where map[oldID(entry)] == nil {
                map[oldID(entry)] = correspondence.successors[index].map { newID(news[$0.index]) }
            }
            return map
        }
        competencyTargets = targets(
            oldIndex.allCompetencies, newIndex.allCompetencies, \.id, \.id, \.rawValue, { $0.replaces.map(\.rawValue) })
        moduleTargets = targets(old.modules, new.modules, \.id, \.id, \.rawValue, { $0.replaces.map(\.rawValue) })
        positionTargets = targets(old.positions, new.positions, \.id, \.id, \.rawValue, { $0.replaces.map(\.rawValue) })
    }

    /// The new competencies an old one continues as (empty when it was removed without lineage).
    public func successors(of competency: Competency.ID) -> [Competency.ID] {
        competencyTargets[competency] ?? (newIndex.competency(competency) != nil ? [competency] : [])
    }

    /// The level of `target` in the new version that `level` of `source` in the old one
    /// becomes: the same ID, else a level that replaces it, else the level of the same rank.
    public func level(_ level: Level.ID, of source: Competency.ID, on target: Competency.ID) -> Level.ID? {
        guard let scale = newIndex.scale(of: target) else { return nil }
        if scale.level(level) != nil { return level }
        if let successor = scale.levels.first(where: { $0.replaces.contains(level) }) { return successor.id }
        guard let rank = oldIndex.rank(of: level, for: source) else { return nil }
        return scale.levels.first { $0.rank == rank }?.id
    }

    /// Migrates one person.
    ///
    /// - Parameters:
    ///   - person: the person as recorded against the old version.
    ///   - sourceMap: where the person's records were written (see
    ///     `XMLReader.streamRosterWithLocations`), for the locations of what is reported.
    /// - Returns: the person against the new version, and what could not be carried.
    public func migrate(_ person: Person, sourceMap: SourceMap = SourceMap()) -> Result {
        var out = person
        var diagnostics: [Diagnostic] = []
        let id = person.id
        func report(_ code: String, _ severity: DiagnosticSeverity, _ message: String, _ subject: Subject) {
            diagnostics.append(
                Diagnostic(
                    id: DiagnosticID(domain: "migration", code: code), severity: severity, message: message,
                    location: sourceMap.location(of: subject) ?? sourceMap.location(of: .person(id)), subject: subject))
        }
        if let position = person.position, newIndex.position(position) == nil {
            let successors = positionTargets[position] ?? []
            if successors.count == 1, let only = successors.first {
                out.position = only
            } else {
                out.position = nil
                report(
                    "position-not-carried", .warning,
                    successors.isEmpty
                        ? "person '\(id)' holds position '\(position)', which the new version removes without lineage; the position is left out"
                        : "person '\(id)' holds position '\(position)', which the new version splits into \(successors.map { "'\($0)'" }.joined(separator: ", ")); choose one, the position is left out",
                    .person(id))
            }
        }

        // Assessments.
        var assessments: [(record: Assessment, source: Competency.ID, index: Int)] = []
        for (index, assessment) in person.assessments.enumerated() {
            let subject = Subject.assessment(id, index: index)
            guard let carried = carry(assessment.competency, assessment.level, subject, what: "assessment", report) else {
                continue
            }
            for (target, level) in carried {
                var copy = assessment
                copy.competency = target
                copy.level = level
                assessments.append((copy, assessment.competency, index))
            }
        }
        out.assessments = merged(assessments, rank: { newIndex.rank(of: $0.level, for: $0.competency) ?? 0 }, date: \.date) {
            kept, dropped, target in
            report(
                "merged", .note,
                "assessment of '\(dropped.source)' at \(dropped.record.level) is folded into '\(target)', which keeps the higher \(kept.record.level) from '\(kept.source)'",
                .assessment(id, index: dropped.index))
        }

        // Certificates: each keeps its place; its covers are carried one by one.
        for (index, certificate) in person.certificates.enumerated() {
            let subject = Subject.certificate(id, index: index)
            var covers: [(record: Coverage, source: Competency.ID, index: Int)] = []
            for (position, coverage) in certificate.covers.enumerated() {
                guard let carried = carry(coverage.competency, coverage.level, subject, what: "certificate coverage", report) else {
                    continue
                }
                for (target, level) in carried {
                    var copy = coverage
                    copy.competency = target
                    copy.level = level
                    covers.append((copy, coverage.competency, position))
                }
            }
            out.certificates[index].covers = merged(covers, rank: { newIndex.rank(of: $0.level, for: $0.competency) ?? 0 }, date: { _ in nil }) {
                kept, dropped, target in
                report(
                    "merged", .note,
                    "certificate coverage of '\(dropped.source)' at \(dropped.record.level) is folded into '\(target)', which keeps the higher \(kept.record.level) from '\(kept.source)'",
                    subject)
            }
        }

        // Completions.
        var completions: [Completion] = []
        var seen: [TrainingModule.ID: Int] = [:]
        for (index, completion) in person.completions.enumerated() {
            let targets = newIndex.module(completion.module) != nil && moduleTargets[completion.module] == nil
                ? [completion.module] : (moduleTargets[completion.module] ?? [])
            if targets.isEmpty {
                report(
                    "removed-module", .warning,
                    "completion of module '\(completion.module)' cannot be carried: the new version removes the module without lineage",
                    .completion(id, index: index))
                continue
            }
            for target in targets {
                var copy = completion
                copy.module = target
                if let earlier = seen[target] {
                    // A merge: one completion of the merged module, the latest.
                    if let date = copy.date, completions[earlier].date.map({ $0 < date }) ?? true { completions[earlier] = copy }
                    report(
                        "merged", .note, "completion of module '\(completion.module)' is folded into '\(target)', completed once",
                        .completion(id, index: index))
                } else {
                    seen[target] = completions.count
                    completions.append(copy)
                }
            }
        }
        out.completions = completions
        return Result(person: out, diagnostics: diagnostics)
    }

    /// Where a record on `competency` at `level` goes, or `nil` (reported) when it cannot go anywhere.
    private func carry(
        _ competency: Competency.ID, _ level: Level.ID, _ subject: Subject, what: String,
        _ report: (String, DiagnosticSeverity, String, Subject) -> Void
    ) -> [(Competency.ID, Level.ID)]? {
        let targets = successors(of: competency)
        if targets.isEmpty {
            report(
                "removed-competency", .warning,
                "\(what) of competency '\(competency)' cannot be carried: the new version removes it without lineage", subject)
            return nil
        }
        var carried: [(Competency.ID, Level.ID)] = []
        for target in targets {
            guard let mapped = self.level(level, of: competency, on: target) else {
                report(
                    "removed-level", .warning,
                    "\(what) of '\(competency)' at level '\(level)' cannot be carried to '\(target)': the new version has no level with that ID, lineage or rank",
                    subject)
                continue
            }
            carried.append((target, mapped))
        }
        return carried.isEmpty ? nil : carried
    }

    /// `records` with, for each competency that several old competencies merged into, only
    /// the record at the highest level (the latest on a tie); records from one old
    /// competency (a history of assessments) are all kept.
    private func merged<Record: CompetencyRecord>(
        _ records: [(record: Record, source: Competency.ID, index: Int)], rank: (Record) -> Int, date: (Record) -> ISODate?,
        folded: ((record: Record, source: Competency.ID, index: Int), (record: Record, source: Competency.ID, index: Int), Competency.ID) -> Void
    ) -> [Record] {
        var sources: [Competency.ID: Set<Competency.ID>] = [:]
        for entry in records { sources[entry.record.competency, default: []].insert(entry.source) }
        var best: [Competency.ID: Int] = [:]
        for (position, entry) in records.enumerated() where (sources[entry.record.competency]?.count ?? 0) > 1 {
            let target = entry.record.competency
            guard let current = best[target] else {
                best[target] = position
                continue
            }
            let held = records[current].record
            let better = rank(entry.record) > rank(held)
                || (rank(entry.record) == rank(held) && (date(entry.record).map { day in date(held).map { day > $0 } ?? true } ?? false))
            if better { best[target] = position }
        }
        var kept: [Record] = []
        for (position, entry) in records.enumerated() {
            let target = entry.record.competency
            if let chosen = best[target] {
                if chosen == position {
                    kept.append(entry.record)
                } else {
                    folded(records[chosen], entry, target)
                }
            } else {
                kept.append(entry.record)
            }
        }
        return kept
    }
}

/// A record that names a competency: an assessment or a certificate's coverage.
protocol CompetencyRecord {
    var competency: Competency.ID { get }
}

extension Assessment: CompetencyRecord {}
extension Coverage: CompetencyRecord {}
