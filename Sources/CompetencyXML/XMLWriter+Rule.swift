import CompetencyModel

// `<rule>`: its title and description, `<applies-to>`, requirements and `<exempt-if>`.
extension XMLOutput {
    mutating func write(_ rule: AssignmentRule) {
        open("rule")
        attribute("id", rule.id.rawValue)
        attribute("uri", rule.uri)
        attribute("priority", rule.priority.map(String.init))
        attribute("effective", rule.effective)
        attribute("expires", rule.expires)
        lineage(rule.replaces)
        _ = endStartTag(hasChildren: true, rule.extensions)
        var placer = Placer(rule.extensions)
        text("title", rule.title, placer: &placer)
        text("description", rule.description, placer: &placer)
        placer.before(&self)
        open("applies-to")
        foreignAttributes(rule.appliesToExtensions.attributes)
        openEnd()
        var appliesPlacer = Placer(rule.appliesToExtensions)
        appliesPlacer.before(&self)
        write(rule.appliesTo)
        appliesPlacer.finish(&self)
        close("applies-to")
        for requirement in rule.requirements {
            placer.before(&self)
            write(requirement)
        }
        if let exempt = rule.exemptIf {
            placer.before(&self)
            open("exempt-if")
            foreignAttributes(rule.exemptIfExtensions.attributes)
            openEnd()
            var exemptPlacer = Placer(rule.exemptIfExtensions)
            exemptPlacer.before(&self)
            write(exempt)
            exemptPlacer.finish(&self)
            close("exempt-if")
        }
        placer.finish(&self)
        close("rule")
    }
}
