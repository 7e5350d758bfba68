import CompetencyModel

/// Text formats a plan can be written in person by person (XML is CompetencyXML's writer).
public enum PlanTextFormat: String, Hashable, Sendable, CaseIterable {
    case text, json, csv
}

/// Renders evaluations as they are made, so a plan can be streamed: write ``header()``, then
/// ``render(_:first:)`` for each person, then ``footer()``. Output is deterministic.
public struct PlanRenderer: Sendable {
    public let format: PlanTextFormat
    /// Adds, for each need, its sources and the attained level with its source.
    public let explain: Bool
    public let assigner: Assigner
    private let language: String?

    public init(format: PlanTextFormat, explain: Bool = false, assigner: Assigner) {
        self.format = format
        self.explain = explain
        self.assigner = assigner
        self.language = assigner.index.framework.language
    }

    public func header() -> String {
        let framework = assigner.index.framework
        switch format {
        case .text:
            return "Plan on \(assigner.asOf) against \(framework.id)\(framework.version.map { " \($0)" } ?? "")\n"
        case .json:
            return "{\"framework\":\(Escaping.json(framework.id.rawValue)),\"version\":\(JSON.optional(framework.version)),"
                + "\"asOf\":\(Escaping.json(assigner.asOf.description)),\"people\":["
        case .csv:
            return Escaping.csvRecord([
                "person", "status", "record", "competency", "attained", "required", "by", "because", "module", "order", "reason",
            ])
        }
    }

    /// One person's part. `first` tells the JSON renderer whether to write a separator.
    public func render(_ evaluation: PersonEvaluation, first: Bool) -> String {
        separator(first: first) + body(evaluation)
    }

    /// What goes between people: nothing in text and CSV; in JSON, the comma before every
    /// person but the first.
    public func separator(first: Bool) -> String {
        switch format {
        case .text, .csv: ""
        case .json: first ? "\n" : ",\n"
        }
    }

    /// One person's part without its separator; ``render(_:first:)`` is
    /// `separator(first:) + body(_:)`. It depends on the evaluation alone, so people can be
    /// rendered on several threads and written in order.
    public func body(_ evaluation: PersonEvaluation) -> String {
        switch format {
        case .text: text(evaluation)
        case .json: json(evaluation)
        case .csv: csv(evaluation)
        }
    }

    public func footer() -> String {
        switch format {
        case .text, .csv: ""
        case .json: "\n]}\n"
        }
    }

    // MARK: Text

    private func cause(_ cause: Need.Cause) -> String {
        switch cause {
        case .rule(let id): "rule \(id)"
        case .position(let id): "position \(id)"
        }
    }

    private func source(_ attainment: Attainment?) -> String {
        guard let attainment else { return "nothing" }
        switch attainment.source {
        case .assessment(let assessment):
            let date = assessment.date.map { " of \($0)" } ?? ""
            let method = assessment.method.map { " (\($0.rawValue))" } ?? ""
            return "\(attainment.level) from assessment\(date)\(method)"
        case .certificate(let id, let kind):
            return "\(attainment.level) from certificate \(id.map { "\($0) " } ?? "")(\(kind))"
        case .module(let module):
            return "\(attainment.level) from completed module \(module)"
        }
    }

    private func hours(_ value: Double) -> String { JSON.number(value) }

    private func text(_ evaluation: PersonEvaluation) -> String {
        let needs = evaluation.requirements.filter { $0.state != .met }
        var lines = [
            "\(evaluation.person): \(evaluation.status.rawValue) (\(needs.count) need\(needs.count == 1 ? "" : "s"), "
                + "\(evaluation.assignments.count) module\(evaluation.assignments.count == 1 ? "" : "s"), "
                + "\(hours(evaluation.hours)) h)"
        ]
        let shown = explain ? evaluation.requirements : needs
        for requirement in shown {
            let by = requirement.by.map { " by \($0)" } ?? ""
            let state: String
            switch requirement.state {
            case .met: state = "met"
            case .planned: state = "need"
            case .unmet: state = requirement.reached.map { "unmet (modules reach \($0))" } ?? "unmet (no module)"
            }
            lines.append(
                "  \(state) \(requirement.competency): \(requirement.attained?.level.rawValue ?? "-") -> \(requirement.required)\(by)")
            if explain {
                lines.append("    because \(requirement.because.map(cause).joined(separator: ", "))")
                lines.append("    attained \(source(requirement.attained))")
            }
        }
        if explain {
            for outcome in evaluation.rules {
                lines.append("  rule \(outcome.rule): \(outcome.released ? "selected, released by exempt-if" : "selected")")
            }
            if !evaluation.isProvenOptimal {
                lines.append("  note: module search stopped at its node limit; the selection may not be optimal")
            }
        }
        for assignment in evaluation.assignments {
            let module = assigner.index.module(assignment.module)
            lines.append("  \(assignment.order). \(assignment.module) (\(module.map { hours($0.hours) } ?? "?") h)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    private func json(_ evaluation: PersonEvaluation) -> String {
        var parts = [
            "\"id\":\(Escaping.json(evaluation.person.rawValue))", "\"status\":\(Escaping.json(evaluation.status.rawValue))",
        ]
        let needs = evaluation.requirements.filter { $0.state != .met || explain }
        parts.append(
            "\"needs\":[" + needs.map { requirement in
                var fields = [
                    "\"competency\":\(Escaping.json(requirement.competency.rawValue))",
                    "\"attained\":\(JSON.optional(requirement.attained?.level.rawValue))",
                    "\"required\":\(Escaping.json(requirement.required.rawValue))",
                    "\"by\":\(JSON.optional(requirement.by?.description))",
                    "\"because\":[" + requirement.because.map { cause in
                        switch cause {
                        case .rule(let id): "{\"rule\":\(Escaping.json(id.rawValue))}"
                        case .position(let id): "{\"position\":\(Escaping.json(id.rawValue))}"
                        }
                    }.joined(separator: ",") + "]",
                ]
                if explain {
                    fields.append("\"state\":\(Escaping.json(requirement.state.rawValue))")
                    fields.append("\"attainedFrom\":\(Escaping.json(source(requirement.attained)))")
                }
                return "{" + fields.joined(separator: ",") + "}"
            }.joined(separator: ",") + "]")
        parts.append(
            "\"assign\":[" + evaluation.assignments.map {
                "{\"module\":\(Escaping.json($0.module.rawValue)),\"order\":\($0.order)}"
            }.joined(separator: ",") + "]")
        parts.append(
            "\"unmet\":[" + evaluation.unmet.map {
                "{\"competency\":\(Escaping.json($0.competency.rawValue)),\"required\":\(Escaping.json($0.required.rawValue)),"
                    + "\"reached\":\(JSON.optional($0.reached?.rawValue)),\"reason\":\(Escaping.json($0.reason.rawValue))}"
            }.joined(separator: ",") + "]")
        if explain {
            parts.append(
                "\"rules\":[" + evaluation.rules.map {
                    "{\"rule\":\(Escaping.json($0.rule.rawValue)),\"released\":\($0.released)}"
                }.joined(separator: ",") + "]")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    // MARK: CSV

    private func csv(_ evaluation: PersonEvaluation) -> String {
        // One string per person, the records appended to it in place.
        var out = ""
        out.reserveCapacity(96 * (evaluation.requirements.count + evaluation.assignments.count + 1))
        var empty = true
        func record(_ fields: String...) {
            Escaping.appendCSVField(evaluation.person.rawValue, to: &out)
            out += ","
            Escaping.appendCSVField(evaluation.status.rawValue, to: &out)
            for field in fields {
                out += ","
                Escaping.appendCSVField(field, to: &out)
            }
            out += Escaping.csvLineEnd
            empty = false
        }
        for requirement in evaluation.requirements where requirement.state != .met || explain {
            record(
                requirement.state == .met ? "met" : "need", requirement.competency.rawValue,
                requirement.attained?.level.rawValue ?? "", requirement.required.rawValue, requirement.by?.description ?? "",
                requirement.because.map(cause).joined(separator: "; "), "", "", "")
        }
        for assignment in evaluation.assignments {
            record("assign", "", "", "", "", "", assignment.module.rawValue, String(assignment.order), "")
        }
        for unmet in evaluation.unmet {
            record("unmet", unmet.competency.rawValue, "", unmet.required.rawValue, "", "", "", "", unmet.reason.rawValue)
        }
        if empty { record("none", "", "", "", "", "", "", "", "") }
        return out
    }
}

/// JSON values as the renderers write them; strings are escaped by `Escaping.json(_:)`.
enum JSON {
    static func optional(_ value: String?) -> String { value.map(Escaping.json) ?? "null" }

    /// A number with at most three decimals, without exponent.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        let milli = Int((value * 1000).rounded())
        let sign = milli < 0 ? "-" : ""
        let magnitude = abs(milli)
        var text = sign + String(magnitude / 1000)
        var fraction = magnitude % 1000
        if fraction != 0 {
            var digits = ""
            for _ in 0..<3 {
                digits += String(fraction / 100)
                fraction = (fraction % 100) * 10
            }
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}
