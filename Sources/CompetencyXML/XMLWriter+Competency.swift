import CompetencyModel

// `<domain>` and `<competency>` with descriptors, relations, matches and nested competencies.
extension XMLOutput {
    mutating func write(_ domain: Domain) {
        open("domain")
        attribute("id", domain.id.rawValue)
        attribute("uri", domain.uri)
        attribute("code", domain.code)
        lineage(domain.replaces)
        let isOpen = endStartTag(
            hasChildren: !domain.title.isEmpty || !domain.description.isEmpty || !domain.competencies.isEmpty,
            domain.extensions)
        var placer = Placer(domain.extensions)
        text("title", domain.title, placer: &placer)
        text("description", domain.description, placer: &placer)
        for competency in domain.competencies {
            placer.before(&self)
            write(competency)
        }
        placer.finish(&self)
        if isOpen { close("domain") }
    }

    private mutating func write(_ competency: Competency) {
        open("competency")
        attribute("id", competency.id.rawValue)
        attribute("uri", competency.uri)
        attribute("code", competency.code)
        attribute("status", competency.status?.rawValue)
        attribute("scale", competency.scale?.rawValue)
        attribute("levels", competency.levels.map { $0.map(\.rawValue).joined(separator: " ") })
        lineage(competency.replaces)
        let hasChildren =
            !competency.title.isEmpty || !competency.statement.isEmpty || !competency.description.isEmpty
            || !competency.descriptors.isEmpty || !competency.relations.isEmpty || !competency.matches.isEmpty
            || !competency.children.isEmpty
        let isOpen = endStartTag(hasChildren: hasChildren, competency.extensions)
        var placer = Placer(competency.extensions)
        text("title", competency.title, placer: &placer)
        text("statement", competency.statement, placer: &placer)
        text("description", competency.description, placer: &placer)
        for descriptor in competency.descriptors {
            placer.before(&self)
            open("descriptor")
            attribute("level", descriptor.level.rawValue)
            let hasText =
                !descriptor.text.isEmpty || !descriptor.knowledge.isEmpty || !descriptor.skills.isEmpty
                || !descriptor.attitudes.isEmpty || !descriptor.examples.isEmpty
            let descriptorOpen = endStartTag(hasChildren: hasText, descriptor.extensions)
            var inner = Placer(descriptor.extensions)
            text("text", descriptor.text, placer: &inner)
            texts("knowledge", descriptor.knowledge, placer: &inner)
            texts("skill", descriptor.skills, placer: &inner)
            texts("attitude", descriptor.attitudes, placer: &inner)
            texts("example", descriptor.examples, placer: &inner)
            inner.finish(&self)
            if descriptorOpen { close("descriptor") }
        }
        for relation in competency.relations {
            placer.before(&self)
            open("relation")
            attribute("type", relation.type.rawValue)
            attribute("target", relation.target.rawValue)
            leafEnd("relation", relation.extensions)
        }
        for match in competency.matches {
            placer.before(&self)
            open("match")
            attribute("type", match.type.rawValue)
            attribute("uri", match.uri)
            leafEnd("match", match.extensions)
        }
        for child in competency.children {
            placer.before(&self)
            write(child)
        }
        placer.finish(&self)
        if isOpen { close("competency") }
    }
}
