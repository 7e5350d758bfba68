import CompetencyModel

// `<plan>`: each person's needs with their causes, assigned modules and unmet needs.
extension DocumentBuilder {
    func buildPlan(_ frame: Frame) -> Plan {
        var plan = Plan(
            framework: frame[.framework].map { Framework.ID($0) }, version: frame[.version], asOf: date(frame, .asOf))
        plan.people = planPeople
        planPeople = []
        plan.extensions = frame.extensions
        return plan
    }

    /// A closed `<person>` of a plan, kept for the plan.
    func closePersonPlan(_ frame: Frame) {
        let statusText = required(frame, .status)
        var status = PersonPlan.Status.compliant
        if !statusText.isEmpty { status = enumeration(frame, .status, PersonPlan.Status.self) ?? .compliant }
        var personPlan = PersonPlan(person: Person.ID(required(frame, .id)), status: status)
        frame.drainChildren { _, child in
            switch consume child {
            case .need(let need): personPlan.needs.append(need)
            case .assign(let assignment): personPlan.assignments.append(assignment)
            case .unmet(let unmet): personPlan.unmet.append(unmet)
            default: break
            }
        }
        personPlan.extensions = frame.extensions
        planPeople.append(personPlan)
    }

    func buildNeed(_ frame: Frame) -> Built {
        var need = Need(
            competency: Competency.ID(required(frame, .competency)), attained: frame[.attained].map { Level.ID($0) },
            required: Level.ID(required(frame, .required)), by: date(frame, .by))
        frame.drainChildren { _, child in
            guard case .because(let cause, let setsLevel, let setsDeadline) = consume child else { return }
            need.because.append(cause)
            if setsLevel, need.levelSetBy == nil { need.levelSetBy = cause }
            if setsDeadline, need.deadlineSetBy == nil { need.deadlineSetBy = cause }
        }
        need.extensions = frame.extensions
        return .need(need)
    }

    /// A `<because>`: the rule or position behind a need, and what of the need it set
    /// (`sets="level deadline"`); `nil` after reporting if it names neither or both.
    func buildCause(_ frame: Frame) -> Built? {
        var setsLevel = false
        var setsDeadline = false
        for token in frame[.sets]?.split(whereSeparator: \.isWhitespace) ?? [] {
            switch token {
            case "level": setsLevel = true
            case "deadline": setsDeadline = true
            default:
                report(
                    .schema, "'\(token)' in sets on <because> is not 'level' or 'deadline'", at: frame.location,
                    code: "invalid-value")
            }
        }
        switch (frame[.rule], frame[.position]) {
        case (let rule?, nil):
            return .because(.rule(AssignmentRule.ID(rule)), setsLevel: setsLevel, setsDeadline: setsDeadline)
        case (nil, let position?):
            return .because(.position(Position.ID(position)), setsLevel: setsLevel, setsDeadline: setsDeadline)
        default:
            report(.schema, "<because> needs exactly one of 'rule' or 'position'", at: frame.location, code: "conflicting-attributes")
            return nil
        }
    }

    func buildAssignment(_ frame: Frame) -> Built {
        let order = integer(frame, .order)
        if frame[.order] == nil { report(.schema, "<assign> needs the attribute 'order'", at: frame.location, code: "missing-attribute") }
        return .assign(
            ModuleAssignment(
                module: TrainingModule.ID(required(frame, .module)), order: order ?? 0,
                closes: identifiers(frame, .closes) ?? [], extensions: frame.extensions))
    }

    func buildUnmet(_ frame: Frame) -> Built {
        return .unmet(
            UnmetNeed(
                competency: Competency.ID(required(frame, .competency)),
                required: Level.ID(required(frame, .required)), reached: frame[.reached].map { Level.ID($0) },
                reason: UnmetNeed.Reason(rawValue: required(frame, .reason)), extensions: frame.extensions))
    }
}
