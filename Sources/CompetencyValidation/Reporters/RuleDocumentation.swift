import CompetencyDiagnostics
/// The rule catalogue rendered for people: plain text for `competency rules`, Markdown for
/// `Documentation/Rules.md`.
public enum RuleDocumentation {
    /// One paragraph per rule: identifier, default severity, name and summary.
    public static func text(_ rules: [RuleDescription] = RuleCatalog.descriptions) -> String {
        let width = rules.map(\.identifier.count).max() ?? 0
        return rules.map { rule in
            let padding = String(repeating: " ", count: width - rule.identifier.count)
            let severity = rule.defaultSeverity.rawValue.padding(to: 7)
            return "\(rule.identifier)\(padding)  \(severity)  \(rule.summary)"
        }.joined(separator: "\n") + "\n"
    }

    /// The catalogue page: an index table, then each rule with its rationale and examples.
    public static func markdown(_ rules: [RuleDescription] = RuleCatalog.descriptions) -> String {
        var page = """
            # Rules

            <!-- Generated from the rule descriptions by `competency rules --format markdown`. Do not edit: \
            a test fails when this file differs from the code. -->

            `competency validate` and `Validator` check documents with these rules. Each has a stable \
            identifier (use it in a configuration file, `--disable` and `--severity`), a default \
            severity, and examples: documents in which it finds something and documents in which it \
            finds nothing. A `↓` in an example marks the element a finding points at (the line and \
            column of its start tag). The examples are run as tests. How to configure rules is in \
            [Configuration.md](Configuration.md).

            | rule | default severity | checks |
            |---|---|---|

            """
        for rule in rules {
            page += "| [`\(rule.identifier)`](#\(rule.identifier)) | \(rule.defaultSeverity) | \(escapeCell(rule.summary)) |\n"
        }
        for rule in rules { page += "\n" + section(rule) }
        return page
    }

    /// One rule's section of the catalogue page: name, severity, rationale and examples.
    public static func section(_ rule: RuleDescription) -> String {
        var text = "## \(rule.identifier)\n\n"
        text += "**\(rule.name)** · default severity: **\(rule.defaultSeverity)**\n\n"
        text += rule.summary + "\n\n" + rule.rationale + "\n"
        text += examples("Triggering examples", rule.triggeringExamples)
        text += examples("Non-triggering examples", rule.nonTriggeringExamples)
        return text
    }

    private static func examples(_ title: String, _ examples: [RuleExample]) -> String {
        guard !examples.isEmpty else { return "" }
        var text = "\n### \(title)\n"
        for example in examples {
            if let roster = example.roster {
                text += "\n```xml\n" + ensureNewline(roster) + "```\n"
                text += "\n<details><summary>checked against this framework</summary>\n\n```xml\n"
                    + ensureNewline(example.framework) + "```\n\n</details>\n"
            } else {
                text += "\n```xml\n" + ensureNewline(example.framework) + "```\n"
            }
        }
        return text
    }

    private static func ensureNewline(_ text: String) -> String { text.hasSuffix("\n") ? text : text + "\n" }

    private static func escapeCell(_ text: String) -> String { text.replacingOccurrences("|", "\\|") }
}

extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }

    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}

extension RuleDocumentation {
    /// The catalogue as a JSON array of `{"identifier","name","summary","rationale","defaultSeverity"}`.
    public static func json(_ rules: [RuleDescription] = RuleCatalog.descriptions) -> String {
        struct Entry: Encodable {
            var identifier, name, summary, rationale: String
            var defaultSeverity: DiagnosticSeverity
        }
        return encodeJSON(
            rules.map {
                Entry(identifier: $0.identifier, name: $0.name, summary: $0.summary, rationale: $0.rationale, defaultSeverity: $0.defaultSeverity)
            })
    }
}
