import CompetencyModel

// `<module>` with what it teaches and its prerequisites.
extension XMLOutput {
    mutating func write(_ module: TrainingModule) {
        open("module")
        attribute("id", module.id.rawValue)
        attribute("uri", module.uri)
        attribute("hours", XMLOutput.number(module.hours))
        attribute("delivery", module.delivery)
        lineage(module.replaces)
        let isOpen = endStartTag(
            hasChildren: !module.title.isEmpty || !module.description.isEmpty || !module.teaches.isEmpty
                || !module.prerequisites.isEmpty, module.extensions)
        var placer = Placer(module.extensions)
        text("title", module.title, placer: &placer)
        text("description", module.description, placer: &placer)
        for teaching in module.teaches {
            placer.before(&self)
            open("teaches")
            attribute("competency", teaching.competency.rawValue)
            attribute("level", teaching.level.rawValue)
            leafEnd("teaches", teaching.extensions)
        }
        for prerequisite in module.prerequisites {
            placer.before(&self)
            open("prerequisite")
            attribute("module", prerequisite.module.rawValue)
            leafEnd("prerequisite", prerequisite.extensions)
        }
        placer.finish(&self)
        if isOpen { close("module") }
    }
}
