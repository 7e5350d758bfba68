import CompetencyModel

// `<roster>`: the unit tree and people with their facts.
extension XMLOutput {
    mutating func writeRoster(_ roster: Roster) {
        var state = beginRoster(roster, hasPeople: !roster.people.isEmpty) { visit in
            for person in roster.people { Self.visitNamespaces(of: person, visit) }
        }
        for person in roster.people { writePerson(person, in: &state) }
        endRoster(&state)
    }

    /// What stays open between the people of a roster being written.
    struct RosterState {
        var placer: Placer
        var isOpen: Bool
    }

    /// The root, title and units of `roster`, with the namespaces of its extensions, its
    /// units and (through `visitPeople`) its people bound on the root.
    mutating func beginRoster(
        _ roster: Roster, hasPeople: Bool, visitPeople: ((Extensions) -> Void) -> Void
    ) -> RosterState {
        let namespaces = bindNamespaces { visit in
            visit(roster.extensions)
            func visitUnit(_ unit: OrgUnit) {
                visit(unit.extensions)
                unit.units.forEach(visitUnit)
            }
            roster.units.forEach(visitUnit)
            withoutActuallyEscaping(visit) { visitPeople($0) }
        }
        var placer = Placer(roster.extensions)
        let isOpen = writeRosterStart(roster, namespaces: namespaces, hasPeople: hasPeople, placer: &placer)
        return RosterState(placer: placer, isOpen: isOpen)
    }

    mutating func writePerson(_ person: Person, in state: inout RosterState) {
        state.placer.before(&self)
        write(person)
        maybeFlush()
    }

    mutating func endRoster(_ state: inout RosterState) {
        state.placer.finish(&self)
        rootEnd("roster", open: state.isOpen)
    }

    /// Every extension of a person, in the order the writer binds their namespaces.
    static func visitNamespaces(of person: Person, _ visit: (Extensions) -> Void) {
        visit(person.extensions)
        for attribute in person.attributes { visit(attribute.extensions) }
        for assessment in person.assessments { visit(assessment.extensions) }
        for certificate in person.certificates {
            visit(certificate.extensions)
            for coverage in certificate.covers { visit(coverage.extensions) }
        }
        for completion in person.completions { visit(completion.extensions) }
    }

    /// The root start tag, the title and the units; `placer` is left ready for the people.
    @discardableResult
    mutating func writeRosterStart(
        _ roster: Roster, namespaces: [(String, String)], hasPeople: Bool, placer: inout Placer
    ) -> Bool {
        rootStart("roster", language: roster.language, namespaces: namespaces)
        attribute("framework", roster.framework?.rawValue)
        attribute("uri", roster.uri)
        attribute("as-of", roster.asOf)
        let isOpen = endStartTag(
            hasChildren: !roster.title.isEmpty || !roster.units.isEmpty || hasPeople, roster.extensions)
        placer = Placer(roster.extensions)
        text("title", roster.title, placer: &placer)
        for unit in roster.units {
            placer.before(&self)
            write(unit)
        }
        return isOpen
    }

    private mutating func write(_ unit: OrgUnit) {
        open("unit")
        attribute("id", unit.id.rawValue)
        attribute("uri", unit.uri)
        let isOpen = endStartTag(hasChildren: !unit.title.isEmpty || !unit.units.isEmpty, unit.extensions)
        var placer = Placer(unit.extensions)
        text("title", unit.title, placer: &placer)
        for child in unit.units {
            placer.before(&self)
            write(child)
        }
        placer.finish(&self)
        if isOpen { close("unit") }
    }

    mutating func write(_ person: Person) {
        open("person")
        attribute("id", person.id.rawValue)
        attribute("uri", person.uri)
        attribute("unit", person.unit?.rawValue)
        attribute("position", person.position?.rawValue)
        let hasChildren =
            !person.name.isEmpty || !person.attributes.isEmpty || !person.assessments.isEmpty
            || !person.certificates.isEmpty || !person.completions.isEmpty
        let isOpen = endStartTag(hasChildren: hasChildren, person.extensions)
        var placer = Placer(person.extensions)
        text("name", person.name, placer: &placer)
        for item in person.attributes {
            placer.before(&self)
            open("attribute")
            attribute("name", item.name)
            attribute("value", item.value)
            leafEnd("attribute", item.extensions)
        }
        for assessment in person.assessments {
            placer.before(&self)
            open("assessment")
            attribute("competency", assessment.competency.rawValue)
            attribute("level", assessment.level.rawValue)
            attribute("date", assessment.date)
            attribute("method", assessment.method?.rawValue)
            leafEnd("assessment", assessment.extensions)
        }
        for certificate in person.certificates {
            placer.before(&self)
            open("certificate")
            attribute("id", certificate.id?.rawValue)
            attribute("uri", certificate.uri)
            attribute("kind", certificate.kind)
            attribute("issued", certificate.issued)
            attribute("expires", certificate.expires)
            let certificateOpen = endStartTag(
                hasChildren: !certificate.title.isEmpty || !certificate.covers.isEmpty || certificate.credential != nil,
                certificate.extensions)
            var inner = Placer(certificate.extensions)
            text("title", certificate.title, placer: &inner)
            for coverage in certificate.covers {
                inner.before(&self)
                open("covers")
                attribute("competency", coverage.competency.rawValue)
                attribute("level", coverage.level.rawValue)
                leafEnd("covers", coverage.extensions)
            }
            if let credential = certificate.credential {
                inner.before(&self)
                open("credential")
                raw(">")
                escaped(credential, attribute: false)
                raw("</credential>")
            }
            inner.finish(&self)
            if certificateOpen { close("certificate") }
        }
        for completion in person.completions {
            placer.before(&self)
            open("completion")
            attribute("module", completion.module.rawValue)
            attribute("date", completion.date)
            leafEnd("completion", completion.extensions)
        }
        placer.finish(&self)
        if isOpen { close("person") }
    }
}
