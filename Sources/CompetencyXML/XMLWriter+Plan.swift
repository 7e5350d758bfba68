import CompetencyModel

// `<plan>`: per person, needs with their causes, assignments and unmet needs.
extension XMLOutput {
    mutating func writePlan(_ plan: Plan) {
        let namespaces = bindNamespaces { visit in
            visit(plan.extensions)
            for person in plan.people {
                visit(person.extensions)
                for need in person.needs { visit(need.extensions) }
                for assignment in person.assignments { visit(assignment.extensions) }
                for unmet in person.unmet { visit(unmet.extensions) }
            }
        }
        rootStart("plan", language: nil, namespaces: namespaces)
        attribute("framework", plan.framework?.rawValue)
        attribute("version", plan.version)
        attribute("as-of", plan.asOf)
        let isOpen = endStartTag(hasChildren: !plan.people.isEmpty, plan.extensions)
        var placer = Placer(plan.extensions)
        for person in plan.people {
            placer.before(&self)
            writePersonPlan(person)
            maybeFlush()
        }
        placer.finish(&self)
        rootEnd("plan", open: isOpen)
    }

    mutating func writePersonPlan(_ person: PersonPlan) {
        open("person")
        attribute("id", person.person.rawValue)
        attribute("status", person.status.rawValue)
        let isOpen = endStartTag(
            hasChildren: !person.needs.isEmpty || !person.assignments.isEmpty || !person.unmet.isEmpty,
            person.extensions)
        var placer = Placer(person.extensions)
        for need in person.needs {
            placer.before(&self)
            open("need")
            attribute("competency", need.competency.rawValue)
            attribute("attained", need.attained?.rawValue)
            attribute("required", need.required.rawValue)
            attribute("by", need.by)
            let needOpen = endStartTag(hasChildren: !need.because.isEmpty, need.extensions)
            var inner = Placer(need.extensions)
            // The setters are marked on their first `because`; a setter that is not among the
            // sources is not written.
            var levelMarked = false
            var deadlineMarked = false
            for cause in need.because {
                inner.before(&self)
                open("because")
                switch cause {
                case .rule(let id): attribute("rule", id.rawValue)
                case .position(let id): attribute("position", id.rawValue)
                }
                let setsLevel = !levelMarked && need.levelSetBy == cause
                let setsDeadline = !deadlineMarked && need.deadlineSetBy == cause
                levelMarked = levelMarked || setsLevel
                deadlineMarked = deadlineMarked || setsDeadline
                switch (setsLevel, setsDeadline) {
                case (true, true): attribute("sets", "level deadline")
                case (true, false): attribute("sets", "level")
                case (false, true): attribute("sets", "deadline")
                case (false, false): break
                }
                emptyEnd()
            }
            inner.finish(&self)
            if needOpen { close("need") }
        }
        for assignment in person.assignments {
            placer.before(&self)
            open("assign")
            attribute("module", assignment.module.rawValue)
            attribute("order", String(assignment.order))
            if !assignment.closes.isEmpty { attribute("closes", assignment.closes.map(\.rawValue).joined(separator: " ")) }
            leafEnd("assign", assignment.extensions)
        }
        for unmet in person.unmet {
            placer.before(&self)
            open("unmet")
            attribute("competency", unmet.competency.rawValue)
            attribute("required", unmet.required.rawValue)
            attribute("reached", unmet.reached?.rawValue)
            attribute("reason", unmet.reason.rawValue)
            leafEnd("unmet", unmet.extensions)
        }
        placer.finish(&self)
        if isOpen { close("person") }
    }
}

extension XMLWriter {
    /// Writes a plan person by person, to `sink` in slices, as plans are made: the same bytes
    /// as ``write(_:)-(Plan)`` on the whole plan when the people carry no extensions (as
    /// plans made by the assigner do), in memory bounded by one slice. Call ``add(_:)`` for
    /// each person in order, then ``finish()`` once.
    public struct StreamingPlan {
        private var output: XMLOutput
        private let extensions: Extensions
        private var placer: XMLOutput.Placer
        private var started = false
        private var isOpen = false

        /// - Parameters:
        ///   - header: the plan's framework, version, as-of date and extensions; its people are ignored.
        ///   - sink: receives the bytes in slices of about 1 MB, in order.
        public init(header: Plan, sink: @escaping ([UInt8]) -> Void) {
            output = XMLOutput(sink: sink)
            extensions = header.extensions
            placer = XMLOutput.Placer(header.extensions)
            let namespaces = output.bindNamespaces { visit in visit(header.extensions) }
            output.rootStart("plan", language: nil, namespaces: namespaces)
            output.attribute("framework", header.framework?.rawValue)
            output.attribute("version", header.version)
            output.attribute("as-of", header.asOf)
        }

        public mutating func add(_ person: PersonPlan) {
            if !started {
                started = true
                isOpen = output.endStartTag(hasChildren: true, extensions)
            }
            placer.before(&output)
            output.writePersonPlan(person)
            output.maybeFlush()
        }

        public mutating func finish() {
            if !started {
                started = true
                isOpen = output.endStartTag(hasChildren: false, extensions)
            }
            placer.finish(&output)
            output.rootEnd("plan", open: isOpen)
            output.flush()
        }
    }
}

@available(*, unavailable)
extension XMLWriter.StreamingPlan: Sendable {}
