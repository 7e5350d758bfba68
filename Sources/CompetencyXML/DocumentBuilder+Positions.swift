import CompetencyModel

// What a framework requires and offers: `<position>` with its requirements, `<module>` with
// what it teaches and its prerequisites, and `<rule>` with its requirements (its conditions
// are built in DocumentBuilder+Predicates.swift).
extension DocumentBuilder {
    func buildPosition(_ frame: Frame) -> Built {
        let id = Position.ID(required(frame, .id))
        var position = Position(
            id: id, uri: frame[.uri], family: frame[.family], extends: frame[.extends].map { Position.ID($0) },
            replaces: identifiers(frame, .replaces) ?? [])
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &position.title, in: frame, child: index, element: .title, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &position.description, in: frame, child: index, element: .description, at: location)
            case .requirement(let requirement, let location):
                record(.requirement(.position(id), index: position.requirements.count), location)
                position.requirements.append(requirement)
            default: break
            }
        }
        position.extensions = frame.extensions
        return .position(position)
    }

    /// A `<requirement>` of a position or of a rule.
    func buildRequirement(_ frame: Frame) -> Built {
        let target: Requirement.Target
        switch (frame[.competency], frame[.domain]) {
        case (let competency?, nil): target = .competency(Competency.ID(competency))
        case (nil, let domain?): target = .domain(Domain.ID(domain))
        case (_?, _?):
            report(
                .schema, "<requirement> names both a competency and a domain; give exactly one", at: frame.location, code: "conflicting-attributes")
            target = .competency(Competency.ID(frame[.competency] ?? ""))
        case (nil, nil):
            report(
                .schema, "<requirement> needs a 'competency' or a 'domain' attribute", at: frame.location, code: "missing-attribute")
            target = .competency("")
        }
        let requirement = Requirement(
            target, level: Level.ID(required(frame, .level)),
            importance: enumeration(frame, .importance, Requirement.Importance.self), by: date(frame, .by),
            extensions: frame.extensions)
        return .requirement(requirement, frame.location)
    }

    /// Hours as the schema's `xs:decimal` at least 0 reads them: digits with an optional
    /// decimal point and an optional `+`, around optional spaces. No exponent, no hex, not empty.
    static func hours(_ text: String) -> Double? {
        var bytes = Substring(text).utf8.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var digits = 0
        var points = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                points += 1
            } else {
                return nil
            }
        }
        guard digits > 0, points <= 1, let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    func buildModule(_ frame: Frame) -> Built {
        let id = TrainingModule.ID(required(frame, .id))
        let hoursText = required(frame, .hours)
        var hours = 0.0
        if frame[.hours] != nil {
            switch Self.hours(hoursText) {
            case .some(let value) where value <= TrainingModule.maxHours:
                hours = value
            case .some:
                report(
                    .schema,
                    "'\(hoursText)' in hours on <module> is more than \(Int(TrainingModule.maxHours)) hours; no module lasts that long",
                    at: frame.location, code: "invalid-number")
            case nil:
                report(
                    .schema, "'\(hoursText)' in hours on <module> is not a number of hours: write digits, with a decimal point if needed (1.5)",
                    at: frame.location, code: "invalid-number")
            }
        }
        var module = TrainingModule(
            id: id, uri: frame[.uri], hours: hours, delivery: frame[.delivery], replaces: identifiers(frame, .replaces) ?? [])
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &module.title, in: frame, child: index, element: .title, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &module.description, in: frame, child: index, element: .description, at: location)
            case .teaches(let teaching, let location):
                record(.teaches(id, index: module.teaches.count), location)
                module.teaches.append(teaching)
            case .prerequisite(let prerequisite, let location):
                record(.prerequisite(id, index: module.prerequisites.count), location)
                module.prerequisites.append(prerequisite)
            default: break
            }
        }
        module.extensions = frame.extensions
        return .module(module)
    }

    func buildTeaching(_ frame: Frame) -> Built {
        return .teaches(
            Teaching(
                competency: Competency.ID(required(frame, .competency)), level: Level.ID(required(frame, .level)),
                extensions: frame.extensions), frame.location)
    }

    func buildPrerequisite(_ frame: Frame) -> Built {
        return .prerequisite(
            Prerequisite(module: TrainingModule.ID(required(frame, .module)), extensions: frame.extensions),
            frame.location)
    }

    func buildRule(_ frame: Frame) -> Built {
        let id = AssignmentRule.ID(required(frame, .id))
        var rule = AssignmentRule(
            id: id, uri: frame[.uri], priority: integer(frame, .priority), effective: date(frame, .effective),
            expires: date(frame, .expires), replaces: identifiers(frame, .replaces) ?? [])
        // The last <applies-to> and <exempt-if> are kept (a second one is an error).
        var appliesToIndex: Int?
        var exemptIfIndex: Int?
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &rule.title, in: frame, child: index, element: .title, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &rule.description, in: frame, child: index, element: .description, at: location)
            case .appliesTo(let predicate, let extensions, let location):
                if let previous = appliesToIndex {
                    report(.schema, "<rule> has a second <applies-to>; combine them with <all> or <any>", at: location, code: "duplicate-element")
                    frame.dropChild(previous)
                }
                appliesToIndex = index
                rule.appliesTo = predicate ?? .always
                rule.appliesToExtensions = extensions
            case .exemptIf(let predicate, let extensions, let location):
                if let previous = exemptIfIndex {
                    report(.schema, "<rule> has a second <exempt-if>; combine them with <any>", at: location, code: "duplicate-element")
                    frame.dropChild(previous)
                }
                exemptIfIndex = index
                rule.exemptIf = predicate
                rule.exemptIfExtensions = extensions
            case .requirement(let requirement, let location):
                record(.requirement(.rule(id), index: rule.requirements.count), location)
                rule.requirements.append(requirement)
            default: break
            }
        }
        if appliesToIndex == nil {
            report(
                .schema, "<rule> needs an <applies-to>; write <applies-to><always/></applies-to> to select everyone",
                at: frame.location, code: "missing-element")
        }
        rule.extensions = frame.extensions
        return .rule(rule)
    }
}
