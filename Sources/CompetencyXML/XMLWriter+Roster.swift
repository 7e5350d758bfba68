import CompetencyModel

// `<roster>`: the unit tree and people with their facts.
extension XMLOutput {
    mutating func writeRoster(_ roster: Roster) {
        let namespaces = bindNamespaces { visit in
            visit(roster.extensions)
            func visitUnit(_ unit: OrgUnit) {
                visit(unit.extensions)
                unit.units.forEach(visitUnit)
            }
            roster.units.forEach(visitUnit)
            for person in roster.people {
                visit(person.extensions)
                for attribute in person.attributes { visit(attribute.extensions) }
                for assessment in person.assessments { visit(assessment.extensions) }
                for certificate in person.certificates {
                    visit(certificate.extensions)
                    for coverage in certificate.covers { visit(coverage.extensions) }
                }
                for completion in person.completions { visit(completion.extensions) }
            }
        }
        rootStart("roster", language: roster.language, namespaces: namespaces)
        attribute("framework", roster.framework?.rawValue)
        attribute("uri", roster.uri)
        attribute("as-of", roster.asOf?.description)
        let isOpen = endStartTag(
            hasChildren: !roster.title.isEmpty || !roster.units.isEmpty || !roster.people.isEmpty, roster.extensions)
        var placer = Placer(roster.extensions)
        text("title", roster.title, placer: &placer)
        for unit in roster.units {
            placer.before(&self)
            write(unit)
        }
        for person in roster.people {
            placer.before(&self)
            write(person)
            maybeFlush()
        }
        placer.finish(&self)
        rootEnd("roster", open: isOpen)
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

    private mutating func write(_ person: Person) {
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
            attribute("date", assessment.date?.description)
            attribute("method", assessment.method?.rawValue)
            leafEnd("assessment", assessment.extensions)
        }
        for certificate in person.certificates {
            placer.before(&self)
            open("certificate")
            attribute("id", certificate.id?.rawValue)
            attribute("uri", certificate.uri)
            attribute("kind", certificate.kind)
            attribute("issued", certificate.issued?.description)
            attribute("expires", certificate.expires?.description)
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
            attribute("date", completion.date?.description)
            leafEnd("completion", completion.extensions)
        }
        placer.finish(&self)
        if isOpen { close("person") }
    }
}
