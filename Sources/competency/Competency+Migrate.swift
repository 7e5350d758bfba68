import ArgumentParser
import CompetencyKit
import Foundation

extension Competency {
    /// `competency migrate`: move a roster's records to a new version of its framework.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite a roster's assessments, certificate coverage and completions to a new version of its framework.",
            discussion: """
                Records follow exact ID matches and lineage (the replaces attribute): a split copies a \
                record to every successor, a merge keeps the highest level; levels map by ID, then by \
                lineage, then by rank. Every record that cannot be carried is reported with its file:line \
                and left out; --strict writes nothing when anything would be lost. The roster (native \
                XML) is streamed, in bounded memory. See Documentation/Evolution.md.

                Exit status: 0 migrated (losses are warnings), 1 --strict and something would be lost, \
                2 unusable arguments or unreadable input.
                """)

        @Argument(help: "The roster recorded against the old version (native XML).")
        var roster: String

        @Option(help: "The old version of the framework (any importable format).")
        var from: String

        @Option(help: "The new version of the framework (any importable format).")
        var to: String

        @Option(name: .shortAndLong, help: "Write the migrated roster to this file (standard output when omitted or '-').")
        var output: String?

        @Flag(help: "Write nothing, and exit with status 1, when any record cannot be carried.")
        var strict = false

        @OptionGroup var language: LanguageOptions

        func run() throws {
            let loaded = try loadFrameworks([try openSource(from), try openSource(to)])
            let (before, after) = (loaded[0], loaded[1])
            let evolution = RosterEvolution(from: before.framework, to: after.framework)
            let stream = try Output(path: output)
            let summary: RosterEvolution.Summary
            let rosterSource = try openSource(roster)
            do {
                summary = try evolution.migrate(rosterSource, strict: strict) { stream.write($0) }
            } catch {
                stream.discard()
                throw Console.fail(error)
            }
            Console.report(summary.diagnostics)
            try stream.finish()
            let lost = summary.diagnostics.filter { $0.severity >= .warning }.count
            let words = language.chosen(documentLanguage: nil) ?? .standard()
            Console.error(
                words.message(
                    "migrate.summary",
                    [
                        "people": words.count(summary.people, "migrate.count.people"), "old": before.framework.id.rawValue,
                        "oldVersion": before.framework.version ?? "", "new": after.framework.id.rawValue,
                        "newVersion": after.framework.version ?? "", "lost": words.count(lost, "migrate.count.records"),
                    ]))
        }
    }
}
