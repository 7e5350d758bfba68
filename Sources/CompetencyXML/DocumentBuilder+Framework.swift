import CompetencyModel

// `<framework>`: the root with its metadata, its scales with their levels, and its domains
// with their competencies, descriptors, relations and matches.
extension DocumentBuilder {
    func buildFramework(_ frame: Frame) -> Framework {
        var framework = Framework(
            id: Framework.ID(required(frame, .id)), uri: frame[.uri], version: frame[.version],
            status: enumeration(frame, .status, LifecycleStatus.self), issued: date(frame, .issued),
            language: frame.language.isEmpty ? nil : frame.language)
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &framework.title, in: frame, child: index, element: .title, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &framework.description, in: frame, child: index, element: .description, at: location)
            case .text(.publisher, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &framework.publisher, in: frame, child: index, element: .publisher, at: location)
            case .scale(let scale): framework.scales.append(scale)
            case .domain(let domain): framework.domains.append(domain)
            case .position(let position): framework.positions.append(position)
            case .module(let module): framework.modules.append(module)
            case .rule(let rule): framework.rules.append(rule)
            default: break
            }
        }
        framework.extensions = frame.extensions
        return framework
    }

    func buildScale(_ frame: Frame) -> Built {
        var scale = Scale(
            id: Scale.ID(required(frame, .id)), uri: frame[.uri], defaultLevel: frame[.default].map { Level.ID($0) },
            proficientLevel: frame[.proficient].map { Level.ID($0) })
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &scale.title, in: frame, child: index, element: .title, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &scale.description, in: frame, child: index, element: .description, at: location)
            case .level(let level): scale.levels.append(level)
            default: break
            }
        }
        scale.extensions = frame.extensions
        return .scale(scale)
    }

    func buildLevel(_ frame: Frame) -> Built {
        let rankText = required(frame, .rank)
        var rank = 0
        if !rankText.isEmpty {
            if let value = Int(rankText.trimmingSpaces) {
                rank = value
            } else {
                report(.schema, Self.notAWholeNumber(rankText, "rank", "level"), at: frame.location, code: "invalid-number")
            }
        }
        var level = Level(
            id: Level.ID(required(frame, .id)), uri: frame[.uri], rank: rank, band: frame[.band].map { Band.ID($0) },
            replaces: identifiers(frame, .replaces) ?? [])
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.label, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &level.label, in: frame, child: index, element: .label, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &level.description, in: frame, child: index, element: .description, at: location)
            default: break
            }
        }
        level.extensions = frame.extensions
        return .level(level)
    }

    func buildDomain(_ frame: Frame) -> Built {
        var domain = Domain(
            id: Domain.ID(required(frame, .id)), uri: frame[.uri], code: frame[.code],
            replaces: identifiers(frame, .replaces) ?? [])
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &domain.title, in: frame, child: index, element: .title, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &domain.description, in: frame, child: index, element: .description, at: location)
            case .competency(let competency): domain.competencies.append(competency)
            default: break
            }
        }
        domain.extensions = frame.extensions
        return .domain(domain)
    }

    func buildCompetency(_ frame: Frame) -> Built {
        let id = Competency.ID(required(frame, .id))
        var competency = Competency(
            id: id, uri: frame[.uri], code: frame[.code], status: enumeration(frame, .status, LifecycleStatus.self),
            scale: frame[.scale].map { Scale.ID($0) },
            levels: identifiers(frame, .levels), replaces: identifiers(frame, .replaces) ?? [])
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &competency.title, in: frame, child: index, element: .title, at: location)
            case .text(.statement, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &competency.statement, in: frame, child: index, element: .statement, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &competency.description, in: frame, child: index, element: .description, at: location)
            case .descriptor(let descriptor, let location):
                record(.descriptor(id, index: competency.descriptors.count), location)
                competency.descriptors.append(descriptor)
            case .relation(let relation, let location):
                record(.relation(id, index: competency.relations.count), location)
                competency.relations.append(relation)
            case .match(let match, let location):
                record(.match(id, index: competency.matches.count), location)
                competency.matches.append(match)
            case .competency(let child): competency.children.append(child)
            default: break
            }
        }
        competency.extensions = frame.extensions
        return .competency(competency)
    }

    func buildDescriptor(_ frame: Frame) -> Built {
        var descriptor = Descriptor(level: Level.ID(required(frame, .level)))
        for (index, child) in frame.children.enumerated() {
            guard case .text(let name, let language, let value, let location, let foreign) = child else { continue }
            switch name {
            case .text: add(language, value, foreign, to: &descriptor.text, in: frame, child: index, element: .text, at: location)
            case .knowledge: append(language, value, foreign, to: &descriptor.knowledge)
            case .skill: append(language, value, foreign, to: &descriptor.skills)
            case .attitude: append(language, value, foreign, to: &descriptor.attitudes)
            case .example: append(language, value, foreign, to: &descriptor.examples)
            default: break
            }
        }
        descriptor.extensions = frame.extensions
        return .descriptor(descriptor, frame.location)
    }

    func buildRelation(_ frame: Frame) -> Built {
        let type = required(frame, .type).isEmpty ? nil : enumeration(frame, .type, Relation.Kind.self)
        let relation = Relation(
            type: type ?? .related, target: Competency.ID(required(frame, .target)), extensions: frame.extensions)
        return .relation(relation, frame.location)
    }

    func buildMatch(_ frame: Frame) -> Built {
        let type = required(frame, .type).isEmpty ? nil : enumeration(frame, .type, Match.Kind.self)
        return .match(Match(type: type ?? .related, uri: required(frame, .uri), extensions: frame.extensions), frame.location)
    }
}
