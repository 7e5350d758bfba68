import ArgumentParser
import CompetencyKit
import Foundation

extension Competency {
    /// `competency rules`: the rule catalogue.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the validation rules.",
            discussion: """
                Prints each rule's identifier, default severity and what it checks. Name a rule to \
                see its rationale and examples. `--format markdown` writes the catalogue page; \
                regenerate the documentation with:

                  competency rules --format markdown > Documentation/Rules.md
                """
        )

        enum Format: String, CaseIterable, ExpressibleByArgument {
            case text, markdown, json
        }

        @Argument(help: "A rule to describe in full (for example duplicate-id).")
        var rule: String?

        @Option(help: "Output format: text, markdown or json.")
        var format: Format = .text

        func run() throws {
            var rules = RuleCatalog.descriptions
            if let rule {
                guard let found = RuleCatalog.rule(rule) else {
                    let hint = RuleCatalog.nearestIdentifier(to: rule).map { " Did you mean '\($0)'?" } ?? ""
                    throw ValidationError("There is no rule '\(rule)'.\(hint) Run 'competency rules' for the list.")
                }
                rules = [found.description]
            }
            let output: String
            switch (format, rule) {
            case (.text, nil): output = RuleDocumentation.text(rules)
            case (.text, _?), (.markdown, _?): output = rules.map(RuleDocumentation.section).joined(separator: "\n")
            case (.markdown, nil): output = RuleDocumentation.markdown(rules)
            case (.json, _): output = RuleDocumentation.json(rules)
            }
            try emit(Data(output.utf8), to: nil)
        }
    }
}
