import CompetencyModel

// The conditions of a rule: `<applies-to>`, `<exempt-if>` and the predicates inside them.
extension DocumentBuilder {
    /// `<applies-to>` or `<exempt-if>` of a rule: the one condition it holds.
    func buildAppliesToOrExemptIf(_ frame: Frame) -> Built {
        let predicate = singlePredicate(frame)
        return frame.role == .appliesTo
            ? .appliesTo(predicate, frame.extensions, frame.location)
            : .exemptIf(predicate, frame.extensions, frame.location)
    }

    /// A condition element (`<always>`, `<all>`, `<position>`, …) inside `<applies-to>`,
    /// `<exempt-if>` or another condition.
    func buildCondition(_ name: ElementName, _ frame: Frame) -> Built {
        let predicate = buildPredicate(name, frame)
        let extensions = frame.extensions
        return .predicate(extensions.isEmpty ? predicate : .annotated(predicate, extensions), frame.location)
    }

    private func singlePredicate(_ frame: Frame) -> RulePredicate? {
        var predicates: [RulePredicate] = []
        for child in frame.children { if case .predicate(let predicate, _) = child { predicates.append(predicate) } }
        if predicates.count != 1 {
            report(
                .schema,
                predicates.isEmpty
                    ? "<\(frame.name)> needs one condition, such as <always/> or <position ref=\"…\"/>"
                    : "<\(frame.name)> holds \(predicates.count) conditions; wrap them in <all> or <any>",
                at: frame.location, code: "missing-element")
        }
        return predicates.count == 1 ? predicates[0] : (predicates.isEmpty ? nil : .all(predicates))
    }

    private func buildPredicate(_ name: ElementName, _ frame: Frame) -> RulePredicate {
        var operands: [RulePredicate] = []
        for child in frame.children { if case .predicate(let predicate, _) = child { operands.append(predicate) } }
        switch name {
        case .always: return .always
        case .all, .any:
            if operands.isEmpty {
                report(.schema, "<\(frame.name)> needs at least one condition inside it", at: frame.location, code: "missing-element")
            }
            return name == .all ? .all(operands) : .any(operands)
        case .not:
            if operands.count != 1 {
                report(.schema, "<not> holds exactly one condition; it has \(operands.count)", at: frame.location, code: "invalid-content")
            }
            return .not(operands.first ?? .always)
        case .position:
            switch (frame[.ref], frame[.family]) {
            case (let ref?, nil): return .position(Position.ID(ref))
            case (nil, let family?): return .positionFamily(family)
            default:
                report(.schema, "<position> in a condition needs exactly one of 'ref' or 'family'", at: frame.location, code: "conflicting-attributes")
                return .position(Position.ID(frame[.ref] ?? ""))
            }
        case .unit:
            var descendants = false
            if let text = frame[.descendants] {
                switch text {
                case "true", "1": descendants = true
                case "false", "0": descendants = false
                default:
                    report(.schema, "'\(text)' in descendants on <unit> is not 'true' or 'false'", at: frame.location, code: "invalid-value")
                }
            }
            return .unit(OrgUnit.ID(required(frame, .ref)), descendants: descendants)
        case .attribute: return .attribute(name: required(frame, .name), value: required(frame, .value))
        case .certificate: return .certificate(kind: required(frame, .kind))
        case .level:
            return .level(
                competency: Competency.ID(required(frame, .competency)), atLeast: Level.ID(required(frame, .atLeast)))
        default: return .always
        }
    }
}
