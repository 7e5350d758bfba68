import ArgumentParser
import CompetencyKit
import Foundation

/// Options shared by `plan` and `coverage`.
struct PlanningOptions: ParsableArguments {
    @Option(help: "The framework, in any format convert reads. Omit it (and --roster) to use the bundled sample.")
    var framework: String?

    @Option(help: "The roster (native XML, JSON or roster CSV). Omit it (and --framework) to use the bundled sample.")
    var roster: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate on this date (YYYY-MM-DD) instead of the roster's.", valueName: "date"))
    var asOf: String?

    @Flag(help: "Skip people whose records do not match the framework or the unit tree, reporting each, instead of refusing the roster.")
    var lenient = false

    func validate() throws {
        if let asOf, ISODate(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date of the form YYYY-MM-DD")
        }
    }

    /// Loads the inputs, printing what loading found.
    func load() throws -> PlanningInput {
        if framework == nil && roster == nil {
            Console.announceSample("(framework and roster)")
        } else if framework == nil {
            Console.announceSample("framework")
        } else if roster == nil {
            Console.announceSample("roster")
        }
        let input = try reporting { () throws(DiagnosticError) in
            try PlanningInput.load(
                framework: .framework(framework), roster: .roster(roster), asOf: asOf.flatMap(ISODate.init), lenient: lenient)
        }
        Console.report(input.diagnostics)
        return input
    }
}

extension PlanningInput {
    /// Evaluates every person, showing progress on a terminal.
    func evaluateAll(_ body: @escaping (PersonEvaluation) -> Void) throws {
        let progress = isTerminal(STDERR_FILENO)
        let count = try reporting { () throws(DiagnosticError) in
            try forEachEvaluation(progress: progress ? { Console.standardError("\rplanned \($0) people") } : nil, body)
        }
        if progress && count >= 10_000 { Console.standardError("\r\u{1B}[K") }
    }
}

extension Competency {
    /// `competency plan`: who must learn what, and why.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide for each person what they must reach, why, and which modules get them there.",
            discussion: """
                Needs come from the person's position (with what it extends) and from every rule in \
                effect that selects them and does not release them. Modules are chosen for the least \
                total hours, then the fewest modules, then the smallest IDs. See Documentation/Assignment.md.

                Exit status: 0 planned, 1 the roster does not match the framework (see --lenient) or a \
                --person is not on the roster, 2 unusable arguments or unreadable input.
                """)

        @OptionGroup var input: PlanningOptions

        @Option(name: .customLong("person"), help: ArgumentHelp("Plan only this person (repeatable).", valueName: "id"))
        var people: [String] = []

        @Option(help: "Output format: text, xml, json or csv.")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @Flag(help: "For each person, show every requirement with its sources and the attained level with its source.")
        var explain = false

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, xml, json, csv
        }

        func run() throws {
            let loaded = try input.load()
            let wanted = Set(people.map { Person.ID($0) })
            var seen: Set<Person.ID> = []
            let stream = try Output(path: output)
            var first = true
            var notOptimal = 0
            if format == .xml {
                // The XML writer takes a whole plan; people are collected first.
                var plans: [PersonPlan] = []
                try loaded.evaluateAll { evaluation in
                    guard wanted.isEmpty || wanted.contains(evaluation.person) else { return }
                    seen.insert(evaluation.person)
                    if !evaluation.isProvenOptimal { notOptimal += 1 }
                    plans.append(evaluation.plan)
                }
                let plan = CompetencyKit.Plan(
                    framework: loaded.framework.id, version: loaded.framework.version, asOf: loaded.assigner.asOf,
                    people: plans)
                stream.write(XMLWriter().write(plan))
            } else {
                let renderer = PlanRenderer(
                    format: PlanTextFormat(rawValue: format.rawValue) ?? .text, explain: explain, assigner: loaded.assigner)
                stream.write(renderer.header())
                try loaded.evaluateAll { evaluation in
                    guard wanted.isEmpty || wanted.contains(evaluation.person) else { return }
                    seen.insert(evaluation.person)
                    if !evaluation.isProvenOptimal { notOptimal += 1 }
                    stream.write(renderer.render(evaluation, first: first))
                    first = false
                }
                stream.write(renderer.footer())
            }
            var findings: [Diagnostic] = []
            if notOptimal > 0 {
                findings.append(
                    .warning(
                        DiagnosticID(domain: "assignment", code: "search-limit"),
                        "for \(notOptimal) people the module search reached its limit; their selections are the best found, not proven optimal"))
            }
            let missing = wanted.subtracting(seen).sorted()
            for id in missing {
                findings.append(
                    .error(
                        DiagnosticID(domain: "assignment", code: "unknown-person"), "no person '\(id)' on the roster",
                        at: .file(loaded.rosterSource.name)))
            }
            Console.report(findings)
            if !missing.isEmpty {
                stream.discard()
                throw Exit.findings
            }
            try stream.finish()
        }
    }
}
