import CompetencyModel

// The predicates inside `<applies-to>` and `<exempt-if>`.
extension XMLOutput {
    mutating func write(_ predicate: RulePredicate, extensions: Extensions = .none) {
        switch predicate {
        case .always:
            open("always")
            predicateEnd("always", extensions, operands: [])
        case .all(let operands):
            open("all")
            predicateEnd("all", extensions, operands: operands)
        case .any(let operands):
            open("any")
            predicateEnd("any", extensions, operands: operands)
        case .not(let operand):
            open("not")
            predicateEnd("not", extensions, operands: [operand])
        case .position(let id):
            open("position")
            attribute("ref", id.rawValue)
            predicateEnd("position", extensions, operands: [])
        case .positionFamily(let family):
            open("position")
            attribute("family", family)
            predicateEnd("position", extensions, operands: [])
        case .unit(let id, let descendants):
            open("unit")
            attribute("ref", id.rawValue)
            attribute("descendants", descendants ? "true" : nil)
            predicateEnd("unit", extensions, operands: [])
        case .attribute(let name, let value):
            open("attribute")
            attribute("name", name)
            attribute("value", value)
            predicateEnd("attribute", extensions, operands: [])
        case .certificate(let kind):
            open("certificate")
            attribute("kind", kind)
            predicateEnd("certificate", extensions, operands: [])
        case .level(let competency, let atLeast):
            open("level")
            attribute("competency", competency.rawValue)
            attribute("at-least", atLeast.rawValue)
            predicateEnd("level", extensions, operands: [])
        case .annotated(let inner, let more):
            let merged = Extensions(
                attributes: extensions.attributes + more.attributes, elements: extensions.elements + more.elements)
            write(inner, extensions: merged)
        }
    }

    private mutating func predicateEnd(_ name: StaticString, _ extensions: Extensions, operands: [RulePredicate]) {
        guard endStartTag(hasChildren: !operands.isEmpty, extensions) else { return }
        var placer = Placer(extensions)
        for operand in operands {
            placer.before(&self)
            write(operand)
        }
        placer.finish(&self)
        close(name)
    }
}
