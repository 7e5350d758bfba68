import CompetencyModel

// `<framework>`: the root with its metadata and its scales with their levels.
extension XMLOutput {
    mutating func writeFramework(_ framework: Framework) {
        let namespaces = bindNamespaces { visit in
            visit(framework.extensions)
            for scale in framework.scales {
                visit(scale.extensions)
                for level in scale.levels { visit(level.extensions) }
            }
            func visitCompetency(_ competency: Competency) {
                visit(competency.extensions)
                for descriptor in competency.descriptors { visit(descriptor.extensions) }
                for relation in competency.relations { visit(relation.extensions) }
                for match in competency.matches { visit(match.extensions) }
                for child in competency.children { visitCompetency(child) }
            }
            for domain in framework.domains {
                visit(domain.extensions)
                for item in domain.competencies { visitCompetency(item) }
            }
            for position in framework.positions {
                visit(position.extensions)
                for requirement in position.requirements { visit(requirement.extensions) }
            }
            for module in framework.modules {
                visit(module.extensions)
                for teaching in module.teaches { visit(teaching.extensions) }
                for prerequisite in module.prerequisites { visit(prerequisite.extensions) }
            }
            for rule in framework.rules {
                visit(rule.extensions)
                for requirement in rule.requirements { visit(requirement.extensions) }
                func visitPredicate(_ predicate: RulePredicate) {
                    switch predicate {
                    case .all(let list), .any(let list): list.forEach(visitPredicate)
                    case .not(let inner): visitPredicate(inner)
                    case .annotated(let inner, let extensions):
                        visit(extensions)
                        visitPredicate(inner)
                    default: break
                    }
                }
                visit(rule.appliesToExtensions)
                visit(rule.exemptIfExtensions)
                visitPredicate(rule.appliesTo)
                if let exempt = rule.exemptIf { visitPredicate(exempt) }
            }
        }
        rootStart("framework", language: framework.language, namespaces: namespaces)
        attribute("id", framework.id.rawValue)
        attribute("uri", framework.uri)
        attribute("version", framework.version)
        attribute("status", framework.status?.rawValue)
        attribute("issued", framework.issued)
        let hasChildren =
            !framework.title.isEmpty || !framework.description.isEmpty || !framework.publisher.isEmpty
            || !framework.scales.isEmpty || !framework.domains.isEmpty || !framework.positions.isEmpty
            || !framework.modules.isEmpty || !framework.rules.isEmpty
        let isOpen = endStartTag(hasChildren: hasChildren, framework.extensions)
        var placer = Placer(framework.extensions)
        text("title", framework.title, placer: &placer)
        text("description", framework.description, placer: &placer)
        text("publisher", framework.publisher, placer: &placer)
        for scale in framework.scales {
            placer.before(&self)
            write(scale)
        }
        for domain in framework.domains {
            placer.before(&self)
            write(domain)
        }
        for position in framework.positions {
            placer.before(&self)
            write(position)
        }
        for module in framework.modules {
            placer.before(&self)
            write(module)
        }
        for rule in framework.rules {
            placer.before(&self)
            write(rule)
        }
        placer.finish(&self)
        rootEnd("framework", open: isOpen)
    }

    private mutating func write(_ scale: Scale) {
        open("scale")
        attribute("id", scale.id.rawValue)
        attribute("uri", scale.uri)
        attribute("default", scale.defaultLevel?.rawValue)
        attribute("proficient", scale.proficientLevel?.rawValue)
        let isOpen = endStartTag(
            hasChildren: !scale.title.isEmpty || !scale.description.isEmpty || !scale.levels.isEmpty, scale.extensions)
        var placer = Placer(scale.extensions)
        text("title", scale.title, placer: &placer)
        text("description", scale.description, placer: &placer)
        for level in scale.levels {
            placer.before(&self)
            open("level")
            attribute("id", level.id.rawValue)
            attribute("uri", level.uri)
            attribute("rank", String(level.rank))
            attribute("band", level.band?.rawValue)
            lineage(level.replaces)
            let levelOpen = endStartTag(
                hasChildren: !level.label.isEmpty || !level.description.isEmpty, level.extensions)
            var inner = Placer(level.extensions)
            text("label", level.label, placer: &inner)
            text("description", level.description, placer: &inner)
            inner.finish(&self)
            if levelOpen { close("level") }
        }
        placer.finish(&self)
        if isOpen { close("scale") }
    }
}
