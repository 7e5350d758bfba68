import ArgumentParser
import CompetencyKit
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Decide for each person what they must reach, why, and which modules get them there.",
        discussion: """
            Needs come from the person's position (with what it extends) and from every rule in \
            effect that selects them and does not release them. Modules are chosen for the least \
            total hours, then the fewest modules, then the smallest IDs. See Documentation/Assignment.md.

            Exit status: 0 planned, 1 the roster does not match the framework (see --lenient) or a \
            --person is not on the roster, 2 unusable arguments or unreadable input.
            """)

    @OptionGroup var input: AssignmentOptions

    @Option(name: .customLong("person"), help: ArgumentHelp("Plan only this person (repeatable).", valueName: "id"))
    var people: [String] = []

    @Option(help: "Output format: text, xml, json or csv.")
    var format: PlanFormat = .text

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(help: "For each person, show every requirement with its sources and the attained level with its source.")
    var explain = false

    func run() throws {
        let loaded = try AssignmentInput.load(input)
        let wanted = Set(people.map { Person.ID($0) })
        var seen: Set<Person.ID> = []
        let stream = try OutputStream(path: output)
        var first = true
        var notOptimal = 0
        if format == .xml {
            // The XML writer takes a whole plan; people are collected first.
            var plans: [PersonPlan] = []
            _ = try loaded.forEachEvaluation { evaluation in
                guard wanted.isEmpty || wanted.contains(evaluation.person) else { return }
                seen.insert(evaluation.person)
                if !evaluation.isProvenOptimal { notOptimal += 1 }
                plans.append(evaluation.plan)
            }
            let plan = Plan(
                framework: loaded.framework.id, version: loaded.framework.version, asOf: loaded.assigner.asOf,
                people: plans)
            stream.write(XMLWriter().write(plan))
        } else {
            let renderer = PlanRenderer(
                format: PlanTextFormat(rawValue: format.rawValue) ?? .text, explain: explain, assigner: loaded.assigner)
            stream.write(renderer.header())
            _ = try loaded.forEachEvaluation { evaluation in
                guard wanted.isEmpty || wanted.contains(evaluation.person) else { return }
                seen.insert(evaluation.person)
                if !evaluation.isProvenOptimal { notOptimal += 1 }
                stream.write(renderer.render(evaluation, first: first))
                first = false
            }
            stream.write(renderer.footer())
        }
        stream.close()
        if notOptimal > 0 {
            printError(
                "warning: for \(notOptimal) people the module search reached its limit; their selections are the best found, not proven optimal")
        }
        let missing = wanted.subtracting(seen).sorted()
        for id in missing { printError("\(loaded.rosterSource.label): error: no person '\(id)' on the roster") }
        if !missing.isEmpty { throw Exit.findings }
    }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, xml, json, csv
}
