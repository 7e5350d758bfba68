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

    public init(
        id: String, title: String? = nil, people: Int = 0, meeting: Int = 0, needsTraining: Int = 0,
        unsatisfiable: Int = 0
    ) {
        self.id = id
        self.title = title
        self.people = people
        self.meeting = meeting
        self.needsTraining = needsTraining
        self.unsatisfiable = unsatisfiable
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

        mutating func add(_ status: PersonPlan.Status) {
            people += 1
            switch status {
            case .compliant, .exempt: meeting += 1
            case .needsTraining: needsTraining += 1
            case .unsatisfiable: unsatisfiable += 1
            }
        }

        mutating func merge(_ other: Counts) {
            people += other.people
            meeting += other.meeting
            needsTraining += other.needsTraining
            unsatisfiable += other.unsatisfiable
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

    /// - Parameters:
    ///   - assigner: the assigner whose evaluations will be added.
    ///   - units: the roster's units (for titles and order); people are not needed.
    public init(assigner: Assigner, units: [OrgUnit]) {
        self.assigner = assigner
        var order: [OrgUnit.ID] = []
        var titles: [OrgUnit.ID: LocalizedText] = [:]
        func visit(_ unit: OrgUnit) {
            if titles[unit.id] == nil {
                order.append(unit.id)
                titles[unit.id] = unit.title
            }
            unit.units.forEach(visit)
        }
        units.forEach(visit)
        unitOrder = order
        unitTitles = titles
        var requirements: [AssignmentRule.ID: [ExpandedRequirement]] = [:]
        for info in assigner.tables.rules { requirements[info.rule.id] = info.requirements }
        ruleRequirements = requirements
    }

    /// Adds one person's evaluation.
    public mutating func add(_ evaluation: PersonEvaluation) {
        let status = evaluation.status
        total.add(status)
        if let unit = evaluation.unit {
            for member in assigner.units.lineage(of: unit) { units[member, default: Counts()].add(status) }
        }
        if let position = evaluation.position, assigner.index.position(position) != nil {
            positions[position, default: Counts()].add(status)
        } else {
            noPosition.add(status)
        }

        let tables = assigner.tables
        var domainState: [Domain.ID: RequirementOutcome.State] = [:]
        var bandState: [Band.ID: RequirementOutcome.State] = [:]
        var attainedRank: [Competency.ID: Int] = [:]
        var due: [ISODate?: (needs: Int, unmet: Int)] = [:]
        func worse(_ lhs: RequirementOutcome.State?, _ rhs: RequirementOutcome.State) -> RequirementOutcome.State {
            func weight(_ state: RequirementOutcome.State?) -> Int {
                switch state {
                case .none, .met?: 0
                case .planned?: 1
                case .unmet?: 2
                }
            }
            return weight(lhs) >= weight(rhs) ? (lhs ?? rhs) : rhs
        }
        for requirement in evaluation.requirements {
            if let rank = requirement.attained?.rank { attainedRank[requirement.competency] = rank }
            guard let comp = tables.competencyIndex[requirement.competency] else { continue }
            if let domain = tables.domainOfCompetency[comp] {
                domainState[domain] = worse(domainState[domain], requirement.state)
            }
            if let band = tables.band(requirement.required, comp) {
                bandState[band] = worse(bandState[band], requirement.state)
            }
            if requirement.state != .met {
                due[requirement.by, default: (0, 0)].needs += 1
                if requirement.state == .unmet { due[requirement.by, default: (0, 0)].unmet += 1 }
            }
        }
        for (domain, state) in domainState { domains[domain, default: Counts()].add(Self.status(of: state)) }
        for (band, state) in bandState { bands[band, default: Counts()].add(Self.status(of: state)) }
        for (date, counts) in due {
            var entry = deadlines[date, default: DeadlineCounts()]
            entry.needs += counts.needs
            entry.unmet += counts.unmet
            entry.people += 1
            deadlines[date] = entry
        }

        if !evaluation.rules.isEmpty {
            for outcome in evaluation.rules {
                var counts = rules[outcome.rule, default: RuleCounts()]
                counts.selected += 1
                if outcome.released {
                    counts.exempt += 1
                    counts.meeting += 1
                } else if let requirements = ruleRequirements[outcome.rule] {
                    let met = requirements.allSatisfy { requirement in
                        (attainedRank[tables.competencies[requirement.competency].id] ?? Int.min) >= requirement.rank
                    }
                    if met { counts.meeting += 1 }
                }
                rules[outcome.rule] = counts
            }
        }
        for assignment in evaluation.assignments { modules[assignment.module, default: 0] += 1 }
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
    }

    /// The report so far. Titles are taken in `language` where available.
    public func report(language: String? = nil) -> CoverageReport {
        let framework = assigner.index.framework
        let language = language ?? framework.language
        func group(_ id: String, _ title: LocalizedText?, _ counts: Counts) -> GroupCoverage {
            GroupCoverage(
                id: id, title: title?.value(preferring: language), people: counts.people, meeting: counts.meeting,
                needsTraining: counts.needsTraining, unsatisfiable: counts.unsatisfiable)
        }
        var unitRows = unitOrder.map { group($0.rawValue, unitTitles[$0], units[$0] ?? Counts()) }
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
        }.map { DeadlineLoad(by: $0.key, needs: $0.value.needs, people: $0.value.people, unmet: $0.value.unmet) }
        return CoverageReport(
            asOf: assigner.asOf, framework: framework.id, version: framework.version,
            total: group("", nil, total), units: unitRows, positions: positionRows, domains: domainRows,
            bands: bandRows, rules: ruleRows, modules: moduleRows, deadlines: deadlineRows)
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
