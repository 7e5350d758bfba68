import CompetencyModel

/// How far a group of people (a unit, a position, a domain, a band) is from its goal.
/// "Meeting" counts compliant and exempt people.
public struct GroupCoverage: Hashable, Sendable, Codable {
    public var id: String
    public var title: String?
    public var people: Int
    public var meeting: Int
    public var needsTraining: Int
    public var unsatisfiable: Int
    /// Of `meeting`, the people released by a rule's `exempt-if` rather than trained.
    public var exempt: Int
    /// People with at least one need whose deadline is before the as-of date.
    public var overdue: Int
    /// For a unit, the unit it belongs to; `nil` for a top-level unit and for other groups.
    public var parent: String?

    public init(
        id: String, title: String? = nil, people: Int = 0, meeting: Int = 0, needsTraining: Int = 0,
        unsatisfiable: Int = 0, exempt: Int = 0, overdue: Int = 0, parent: String? = nil
    ) {
        self.id = id
        self.title = title
        self.people = people
        self.meeting = meeting
        self.needsTraining = needsTraining
        self.unsatisfiable = unsatisfiable
        self.exempt = exempt
        self.overdue = overdue
        self.parent = parent
    }

    /// The share of people meeting, in percent rounded to one decimal; `nil` for no people.
    public var percentMeeting: Double? { Percent.of(meeting, people) }
}

/// What one rule did across the roster.
public struct RuleCoverage: Hashable, Sendable, Codable {
    public var id: AssignmentRule.ID
    public var title: String?
    /// Whether the rule's window contains the as-of date.
    public var inEffect: Bool
    /// People the rule selected (`applies-to` held).
    public var selected: Int
    /// Selected people the rule released (`exempt-if` held).
    public var exempt: Int
    /// Selected people who were released or attain every level the rule requires.
    public var meeting: Int

    public var percentMeeting: Double? { Percent.of(meeting, selected) }
}

/// The training load of one module, for organising classes.
public struct ModuleLoad: Hashable, Sendable, Codable {
    public var id: TrainingModule.ID
    public var title: String?
    /// Hours of one run of the module.
    public var hoursEach: Double
    /// People assigned the module.
    public var headcount: Int
    /// `headcount × hoursEach`.
    public var hours: Double
}

/// How many needs fall due by one deadline.
public struct DeadlineLoad: Hashable, Sendable, Codable {
    /// `nil` for needs without a deadline.
    public var by: ISODate?
    public var needs: Int
    /// People with at least one need due by this deadline.
    public var people: Int
    /// Of `needs`, those no module can close.
    public var unmet: Int
    /// Whether the deadline is before the as-of date, so that its needs are overdue.
    public var overdue: Bool = false
}

/// One competency of the gap heat map: how many people it is required of, and how many of
/// them do not attain it yet.
public struct CompetencyGap: Hashable, Sendable, Codable {
    public var id: Competency.ID
    public var title: String?
    /// People with a requirement in the competency.
    public var required: Int
    /// Of `required`, the people who do not attain the level (planned or unmet needs).
    public var gaps: Int
}

/// One row of the gap heat map: per competency of ``CoverageReport/competencies``, the people
/// of the unit (rolled up) who do not attain the level required of them.
public struct UnitGaps: Hashable, Sendable, Codable {
    public var unit: String
    /// Aligned with ``CoverageReport/competencies``.
    public var gaps: [Int]
}

/// The roster's standing on one date: one point of the path towards 100%.
public struct CoveragePoint: Hashable, Sendable, Codable {
    public var asOf: ISODate
    /// The roster evaluated, when several were given.
    public var roster: String?
    /// Everyone on the roster on that date.
    public var total: GroupCoverage

    public init(asOf: ISODate, roster: String? = nil, total: GroupCoverage) {
        self.asOf = asOf
        self.roster = roster
        self.total = total
    }
}

/// The coverage dashboard of a roster on one date.
public struct CoverageReport: Hashable, Sendable, Codable {
    public var asOf: ISODate
    public var framework: Framework.ID
    public var version: String?
    /// Everyone on the roster.
    public var total: GroupCoverage
    /// Per unit, rolled up through the unit tree (a unit counts everyone below it), in
    /// document order; units not in the tree follow, sorted.
    public var units: [GroupCoverage]
    /// Per position, in framework order; people without a known position follow.
    public var positions: [GroupCoverage]
    /// Per domain, over the people with at least one requirement in it.
    public var domains: [GroupCoverage]
    /// Per band of the required level, over the people with at least one requirement in it.
    public var bands: [GroupCoverage]
    public var rules: [RuleCoverage]
    /// Modules assigned to at least one person, in framework order.
    public var modules: [ModuleLoad]
    /// Deadlines in date order; needs without one come last.
    public var deadlines: [DeadlineLoad]
    /// Competencies required of at least one person, in framework order: the heat map's columns.
    public var competencies: [CompetencyGap] = []
    /// The heat map's rows, aligned with ``units``.
    public var unitGaps: [UnitGaps] = []
    /// The path towards 100%, in date order: this report's own date and any others evaluated
    /// alongside (see ``CoverageCounter``). Holds at least this report's own point.
    public var trend: [CoveragePoint] = []
}

/// The dimension of a coverage table.
public enum CoverageDimension: String, Hashable, Sendable, CaseIterable, Codable {
    case unit, position, domain, band, rule
}

enum Percent {
    /// Percent rounded half up to one decimal, computed in integers so output is stable.
    static func of(_ part: Int, _ whole: Int) -> Double? {
        guard whole > 0 else { return nil }
        let permille = (part * 2000 + whole) / (2 * whole)
        return Double(permille) / 10
    }
}

/// Accumulates coverage from evaluations, one person at a time; memory is bounded by the
/// framework and the unit tree, not by the number of people. Accumulators built on
/// different tasks can be merged.
public struct CoverageAccumulator: Sendable {
    struct Counts: Sendable {
        var people = 0
        var meeting = 0
        var needsTraining = 0
        var unsatisfiable = 0
        var exempt = 0
        var overdue = 0

        mutating func add(_ status: PersonPlan.Status, overdue late: Bool = false) {
            people += 1
            if late { overdue += 1 }
            switch status {
            case .compliant: meeting += 1
            case .exempt:
                meeting += 1
                exempt += 1
            case .needsTraining: needsTraining += 1
            case .unsatisfiable: unsatisfiable += 1
            }
        }

        mutating func merge(_ other: Counts) {
            people += other.people
            meeting += other.meeting
            needsTraining += other.needsTraining
            unsatisfiable += other.unsatisfiable
            exempt += other.exempt
            overdue += other.overdue
        }
    }

    struct RuleCounts: Sendable {
        var selected = 0
        var exempt = 0
        var meeting = 0
    }

    struct DeadlineCounts: Sendable {
        var needs = 0
        var people = 0
        var unmet = 0
    }

    public let assigner: Assigner
    let unitOrder: [OrgUnit.ID]
    let unitTitles: [OrgUnit.ID: LocalizedText]
    let unitParents: [OrgUnit.ID: OrgUnit.ID]
    let ruleRequirements: [AssignmentRule.ID: [ExpandedRequirement]]

    var total = Counts()
    var units: [OrgUnit.ID: Counts] = [:]
    var positions: [Position.ID: Counts] = [:]
    var noPosition = Counts()
    var domains: [Domain.ID: Counts] = [:]
    var bands: [Band.ID: Counts] = [:]
    var rules: [AssignmentRule.ID: RuleCounts] = [:]
    var modules: [TrainingModule.ID: Int] = [:]
    var deadlines: [ISODate?: DeadlineCounts] = [:]
    /// Per unit (rolled up), people not attaining each competency, by competency index.
    var unitGaps: [OrgUnit.ID: [Int]] = [:]
    var required: [Int] = []
    var gaps: [Int] = []
    var others: [CoverageCounter] = []
    /// Scratch for ``add(_:)``: per competency index, the rank the person attains
    /// (`Int.min` between people).
    var attainedRanks: [Int] = []
    /// The lineage of each unit of the tree met so far.
    var lineages: [OrgUnit.ID: [OrgUnit.ID]] = [:]

    /// - Parameters:
    ///   - assigner: the assigner whose evaluations will be added.
    ///   - units: the roster's units (for titles and order); people are not needed.
    public init(assigner: Assigner, units: [OrgUnit]) {
        self.assigner = assigner
        var order: [OrgUnit.ID] = []
        var titles: [OrgUnit.ID: LocalizedText] = [:]
        var parents: [OrgUnit.ID: OrgUnit.ID] = [:]
        func visit(_ unit: OrgUnit, parent: OrgUnit.ID?) {
            if titles[unit.id] == nil {
                order.append(unit.id)
                titles[unit.id] = unit.title
                parents[unit.id] = parent
            }
            for child in unit.units { visit(child, parent: unit.id) }
        }
        for unit in units { visit(unit, parent: nil) }
        unitOrder = order
        unitTitles = titles
        unitParents = parents
        required = Array(repeating: 0, count: assigner.tables.competencies.count)
        gaps = required
        var requirements: [AssignmentRule.ID: [ExpandedRequirement]] = [:]
        for info in assigner.tables.rules { requirements[info.rule.id] = info.requirements }
        ruleRequirements = requirements
    }

    /// Counts other dates alongside, for the trend: each counter gets the evaluations of the
    /// same people on its own date through ``add(_:also:)``.
    public init(assigner: Assigner, units: [OrgUnit], alsoOn others: [Assigner]) {
        self.init(assigner: assigner, units: units)
        self.others = others.map(CoverageCounter.init(assigner:))
    }

    /// Adds one person's evaluation, and their evaluations on the other dates (in the order
    /// of `init(assigner:units:alsoOn:)`'s `others`).
    public mutating func add(_ evaluation: PersonEvaluation, also: [PersonEvaluation]) {
        add(evaluation)
        for (index, other) in also.enumerated() where others.indices.contains(index) { others[index].add(other) }
    }

    /// Adds one person's evaluation.
    public mutating func add(_ evaluation: PersonEvaluation) {
        let status = evaluation.status
        let asOf = assigner.asOf
        let late = evaluation.requirements.contains { $0.state != .met && ($0.by.map { $0 < asOf } ?? false) }
        total.add(status, overdue: late)
        var lineage: [OrgUnit.ID] = []
        if let unit = evaluation.unit { lineage = self.lineage(of: unit) }
        for member in lineage { units[member, default: Counts()].add(status, overdue: late) }
        if let position = evaluation.position, assigner.index.position(position) != nil {
            positions[position, default: Counts()].add(status, overdue: late)
        } else {
            noPosition.add(status, overdue: late)
        }

        let tables = assigner.tables
        // Per person, a handful of domains, bands and deadlines: small lists searched in
        // place rather than dictionaries made for each person.
        var domainState: [(Domain.ID, RequirementOutcome.State)] = []
        var bandState: [(Band.ID, RequirementOutcome.State)] = []
        var due: [(by: ISODate?, needs: Int, unmet: Int)] = []
        var gapColumns: [Int] = []
        func worse(_ lhs: RequirementOutcome.State, _ rhs: RequirementOutcome.State) -> RequirementOutcome.State {
            func weight(_ state: RequirementOutcome.State) -> Int {
                switch state {
                case .met: 0
                case .planned: 1
                case .unmet: 2
                }
            }
            return weight(lhs) >= weight(rhs) ? lhs : rhs
        }
        if attainedRanks.count != tables.competencies.count {
            attainedRanks = Array(repeating: Int.min, count: tables.competencies.count)
        }
        var attainedSet: [Int] = []
        for requirement in evaluation.requirements {
            guard let comp = tables.competencyIndex[requirement.competency] else { continue }
            if let rank = requirement.attained?.rank {
                attainedRanks[comp] = rank
                attainedSet.append(comp)
            }
            required[comp] += 1
            if requirement.state != .met {
                gaps[comp] += 1
                gapColumns.append(comp)
            }
            if let domain = tables.domainOfCompetency[comp] {
                if let slot = domainState.firstIndex(where: { $0.0 == domain }) {
                    domainState[slot].1 = worse(domainState[slot].1, requirement.state)
                } else {
                    domainState.append((domain, requirement.state))
                }
            }
            if let band = tables.band(requirement.required, comp) {
                if let slot = bandState.firstIndex(where: { $0.0 == band }) {
                    bandState[slot].1 = worse(bandState[slot].1, requirement.state)
                } else {
                    bandState.append((band, requirement.state))
                }
            }
            if requirement.state != .met {
                let unmet = requirement.state == .unmet ? 1 : 0
                if let slot = due.firstIndex(where: { $0.by == requirement.by }) {
                    due[slot].needs += 1
                    due[slot].unmet += unmet
                } else {
                    due.append((requirement.by, 1, unmet))
                }
            }
        }
        if !gapColumns.isEmpty {
            let width = required.count
            for member in lineage {
                unitGaps[member, default: Array(repeating: 0, count: width)].withUnsafeMutableBufferPointer { row in
                    for comp in gapColumns { row[comp] += 1 }
                }
            }
        }
        for (domain, state) in domainState { domains[domain, default: Counts()].add(Self.status(of: state)) }
        for (band, state) in bandState { bands[band, default: Counts()].add(Self.status(of: state)) }
        for entry in due {
            var counts = deadlines[entry.by, default: DeadlineCounts()]
            counts.needs += entry.needs
            counts.unmet += entry.unmet
            counts.people += 1
            deadlines[entry.by] = counts
        }

        if !evaluation.rules.isEmpty {
            for outcome in evaluation.rules {
                var counts = rules[outcome.rule, default: RuleCounts()]
                counts.selected += 1
                if outcome.released {
                    counts.exempt += 1
                    counts.meeting += 1
                } else if let requirements = ruleRequirements[outcome.rule] {
                    let met = requirements.allSatisfy { attainedRanks[$0.competency] >= $0.rank }
                    if met { counts.meeting += 1 }
                }
                rules[outcome.rule] = counts
            }
        }
        for comp in attainedSet { attainedRanks[comp] = Int.min }
        for assignment in evaluation.assignments { modules[assignment.module, default: 0] += 1 }
    }

    /// A unit and its ancestors, nearest first; remembered for the units of the tree.
    private mutating func lineage(of unit: OrgUnit.ID) -> [OrgUnit.ID] {
        if let known = lineages[unit] { return known }
        let lineage = assigner.units.lineage(of: unit)
        if unitTitles[unit] != nil { lineages[unit] = lineage }
        return lineage
    }

    static func status(of state: RequirementOutcome.State) -> PersonPlan.Status {
        switch state {
        case .met: .compliant
        case .planned: .needsTraining
        case .unmet: .unsatisfiable
        }
    }

    /// Adds everything another accumulator (for the same assigner) has counted.
    public mutating func merge(_ other: CoverageAccumulator) {
        total.merge(other.total)
        for (key, value) in other.units { units[key, default: Counts()].merge(value) }
        for (key, value) in other.positions { positions[key, default: Counts()].merge(value) }
        noPosition.merge(other.noPosition)
        for (key, value) in other.domains { domains[key, default: Counts()].merge(value) }
        for (key, value) in other.bands { bands[key, default: Counts()].merge(value) }
        for (key, value) in other.rules {
            var counts = rules[key, default: RuleCounts()]
            counts.selected += value.selected
            counts.exempt += value.exempt
            counts.meeting += value.meeting
            rules[key] = counts
        }
        for (key, value) in other.modules { modules[key, default: 0] += value }
        for (key, value) in other.deadlines {
            var counts = deadlines[key, default: DeadlineCounts()]
            counts.needs += value.needs
            counts.people += value.people
            counts.unmet += value.unmet
            deadlines[key] = counts
        }
        for (key, value) in other.unitGaps {
            var row = unitGaps[key] ?? Array(repeating: 0, count: required.count)
            for (index, count) in value.enumerated() where row.indices.contains(index) { row[index] += count }
            unitGaps[key] = row
        }
        for index in required.indices where other.required.indices.contains(index) {
            required[index] += other.required[index]
            gaps[index] += other.gaps[index]
        }
        for index in others.indices where other.others.indices.contains(index) { others[index].merge(other.others[index]) }
    }

    /// The report so far. Titles are taken in `language` where available.
    public func report(language: String? = nil) -> CoverageReport {
        let framework = assigner.index.framework
        let language = language ?? framework.language
        func group(_ id: String, _ title: LocalizedText?, _ counts: Counts, parent: String? = nil) -> GroupCoverage {
            Self.group(id, title?.value(preferring: language), counts, parent: parent)
        }
        var unitRows = unitOrder.map {
            group($0.rawValue, unitTitles[$0], units[$0] ?? Counts(), parent: unitParents[$0]?.rawValue)
        }
        let known = Set(unitOrder)
        for unit in units.keys.filter({ !known.contains($0) }).sorted() {
            unitRows.append(group(unit.rawValue, nil, units[unit] ?? Counts()))
        }
        var positionRows: [GroupCoverage] = []
        var seenPositions: Set<Position.ID> = []
        for position in framework.positions where seenPositions.insert(position.id).inserted {
            positionRows.append(group(position.id.rawValue, position.title, positions[position.id] ?? Counts()))
        }
        if noPosition.people > 0 { positionRows.append(group("", nil, noPosition)) }
        var seenDomains: Set<Domain.ID> = []
        let domainRows = framework.domains.filter { seenDomains.insert($0.id).inserted }.map {
            group($0.id.rawValue, $0.title, domains[$0.id] ?? Counts())
        }
        var bandRows: [GroupCoverage] = []
        var seenBands: Set<Band.ID> = []
        for scale in framework.scales {
            for band in scale.bands where seenBands.insert(band.id).inserted {
                bandRows.append(group(band.id.rawValue, nil, bands[band.id] ?? Counts()))
            }
        }
        let inEffect = Set(assigner.tables.rules.map(\.rule.id))
        var seenRules: Set<AssignmentRule.ID> = []
        let ruleRows = framework.rules.filter { seenRules.insert($0.id).inserted }.map { rule in
            let counts = rules[rule.id] ?? RuleCounts()
            return RuleCoverage(
                id: rule.id, title: rule.title.value(preferring: language), inEffect: inEffect.contains(rule.id),
                selected: counts.selected, exempt: counts.exempt, meeting: counts.meeting)
        }
        var seenModules: Set<TrainingModule.ID> = []
        let moduleRows: [ModuleLoad] = framework.modules.compactMap { module in
            guard seenModules.insert(module.id).inserted, let headcount = modules[module.id], headcount > 0 else {
                return nil
            }
            let milli = assigner.tables.moduleIndex[module.id].map { assigner.tables.modules[$0].milliHours } ?? 0
            return ModuleLoad(
                id: module.id, title: module.title.value(preferring: language), hoursEach: Double(milli) / 1000,
                headcount: headcount, hours: Double(milli * headcount) / 1000)
        }
        let deadlineRows = deadlines.sorted { lhs, rhs in
            switch (lhs.key, rhs.key) {
            case (.some(let left), .some(let right)): left < right
            case (.some, nil): true
            default: false
            }
        }.map {
            DeadlineLoad(
                by: $0.key, needs: $0.value.needs, people: $0.value.people, unmet: $0.value.unmet,
                overdue: $0.key.map { $0 < assigner.asOf } ?? false)
        }
        let columns = assigner.tables.competencies.indices.filter { required[$0] > 0 }
        let competencyRows = columns.map { index in
            let competency = assigner.tables.competencies[index]
            return CompetencyGap(
                id: competency.id, title: competency.title.value(preferring: language), required: required[index],
                gaps: gaps[index])
        }
        let gapRows = unitRows.map { row in
            let counts = unitGaps[OrgUnit.ID(row.id)]
            return UnitGaps(unit: row.id, gaps: columns.map { counts?[$0] ?? 0 })
        }
        let own = CoveragePoint(asOf: assigner.asOf, total: group("", nil, total))
        let trend = ([own] + others.map { $0.point() }).sorted { $0.asOf < $1.asOf }
        return CoverageReport(
            asOf: assigner.asOf, framework: framework.id, version: framework.version,
            total: group("", nil, total), units: unitRows, positions: positionRows, domains: domainRows,
            bands: bandRows, rules: ruleRows, modules: moduleRows, deadlines: deadlineRows,
            competencies: competencyRows, unitGaps: gapRows, trend: trend)
    }

    static func group(_ id: String, _ title: String?, _ counts: Counts, parent: String? = nil) -> GroupCoverage {
        GroupCoverage(
            id: id, title: title, people: counts.people, meeting: counts.meeting, needsTraining: counts.needsTraining,
            unsatisfiable: counts.unsatisfiable, exempt: counts.exempt, overdue: counts.overdue, parent: parent)
    }
}

/// Counts the people meeting, needing training, unsatisfiable, exempt and overdue on one date,
/// for a point of the trend; memory does not grow with the number of people.
public struct CoverageCounter: Sendable {
    public let assigner: Assigner
    var counts = CoverageAccumulator.Counts()

    /// - Parameter assigner: the assigner (and so the date) whose evaluations will be added.
    public init(assigner: Assigner) { self.assigner = assigner }

    /// Adds one person's evaluation on the counter's date.
    public mutating func add(_ evaluation: PersonEvaluation) {
        let asOf = assigner.asOf
        let late = evaluation.requirements.contains { $0.state != .met && ($0.by.map { $0 < asOf } ?? false) }
        counts.add(evaluation.status, overdue: late)
    }

    /// Adds what another counter for the same date has counted.
    public mutating func merge(_ other: CoverageCounter) { counts.merge(other.counts) }

    /// The point so far, for the roster named `roster` when several are compared.
    public func point(roster: String? = nil) -> CoveragePoint {
        CoveragePoint(asOf: assigner.asOf, roster: roster, total: CoverageAccumulator.group("", nil, counts))
    }
}

extension Assigner {
    /// Coverage of people arriving from an asynchronous sequence.
    public func coverage<People: AsyncSequence>(of people: People, units: [OrgUnit]) async throws -> CoverageReport
    where People.Element == Person {
        var accumulator = CoverageAccumulator(assigner: self, units: units)
        for try await evaluation in evaluations(for: people) { accumulator.add(evaluation) }
        return accumulator.report()
    }

    /// Coverage of a whole roster.
    public func coverage(of roster: Roster) -> CoverageReport {
        var accumulator = CoverageAccumulator(assigner: self, units: roster.units)
        for evaluation in evaluations(for: roster.people) { accumulator.add(evaluation) }
        return accumulator.report(language: index.framework.language ?? roster.language)
    }
}
