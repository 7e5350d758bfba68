import CompetencyModel

// `<position>` and `<requirement>` (requirements are also written inside rules).
extension XMLOutput {
    mutating func write(_ requirement: Requirement) {
        open("requirement")
        switch requirement.target {
        case .competency(let id): attribute("competency", id.rawValue)
        case .domain(let id): attribute("domain", id.rawValue)
        }
        attribute("level", requirement.level.rawValue)
        attribute("importance", requirement.importance?.rawValue)
        attribute("by", requirement.by)
        leafEnd("requirement", requirement.extensions)
    }

    mutating func write(_ position: Position) {
        open("position")
        attribute("id", position.id.rawValue)
        attribute("uri", position.uri)
        attribute("family", position.family)
        attribute("extends", position.extends?.rawValue)
        lineage(position.replaces)
        let isOpen = endStartTag(
            hasChildren: !position.title.isEmpty || !position.description.isEmpty || !position.requirements.isEmpty,
            position.extensions)
        var placer = Placer(position.extensions)
        text("title", position.title, placer: &placer)
        text("description", position.description, placer: &placer)
        for requirement in position.requirements {
            placer.before(&self)
            write(requirement)
        }
        placer.finish(&self)
        if isOpen { close("position") }
    }
}
