import ArgumentParser
import CompetencyKit
import Foundation

/// A loaded framework and where its entities were written.
typealias LoadedFramework = (framework: Framework, sourceMap: SourceMap, format: InterchangeFormat)

/// Loads frameworks in any importable format, each on its own thread (two versions read in
/// about the time of one on two cores), then prints what loading found, in order.
func loadFrameworks(_ sources: [DocumentSource]) throws -> [LoadedFramework] {
    final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<DocumentLoader.Loaded, DiagnosticError>?]
        init(_ count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: Result<DocumentLoader.Loaded, DiagnosticError>) {
            lock.withLock { results[index] = result }
        }
        var all: [Result<DocumentLoader.Loaded, DiagnosticError>?] { lock.withLock { results } }
    }
    let slots = Slots(sources.count)
    DispatchQueue.concurrentPerform(iterations: sources.count) { index in
        do throws(DiagnosticError) {
            slots.set(index, .success(try DocumentLoader().load([sources[index]])))
        } catch {
            slots.set(index, .failure(error))
        }
    }
    return try zip(sources, slots.all).map { source, slot in
        guard let slot else { throw Console.fail(DiagnosticError(.unreadable(source.name))) }
        let loaded: DocumentLoader.Loaded
        switch slot {
        case .success(let value): loaded = value
        case .failure(let error): throw Console.fail(error)
        }
        Console.report(loaded.parsed.diagnostics)
        guard case .framework(let framework) = loaded.parsed.value else {
            throw Console.fail(DiagnosticError(.wrongKind(found: loaded.parsed.value.kindName, expected: "a framework", file: source.name)))
        }
        return (framework, loaded.parsed.sourceMap, loaded.format)
    }
}

extension Competency {
    /// `competency diff`: what changed between two versions of a framework.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed between two versions of a framework, how much it matters, and the version it calls for.",
            discussion: """
                Both versions may be in any importable format (see 'competency convert'). Entities are \
                matched by ID, then by uri, then by lineage (the replaces attribute). Each change is major \
                (it breaks records or asks more of people), minor (an addition, or asks less) or patch \
                (text only); the diff's impact is the highest. See Documentation/Evolution.md.

                With --roster, the roster (native XML, recorded against OLD) is migrated to NEW and every \
                person is planned against both versions: who now needs training, who now meets their \
                requirements, who becomes unsatisfiable, and the training hours added or saved, per unit \
                and overall. --format csv then writes one row per person; json adds a "people" section.

                Without files, the bundled sample's two versions are compared.

                Exit status: 0 compared, 1 --check-version found the declared version too low, \
                2 unusable arguments or unreadable input.
                """)

        @Argument(help: "The old version.")
        var old: String?

        @Argument(help: "The new version.")
        var new: String?

        @Option(help: "Output format: text, markdown, html or json (csv with --roster: one row per person).")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @OptionGroup var excel: ExcelCSVOption

        @OptionGroup var language: LanguageOptions

        @Flag(name: .customLong("check-version"), help: "Fail (status 1) when NEW's declared version is lower than its changes call for.")
        var checkVersion = false

        @Option(help: "A roster recorded against OLD: show the impact on its people.")
        var roster: String?

        @Option(name: .customLong("as-of"), help: ArgumentHelp("Plan people on this date (YYYY-MM-DD) instead of the roster's.", valueName: "date"))
        var asOf: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown, html, json, csv
        }

        func validate() throws {
            if (old == nil) != (new == nil) { throw ValidationError("give both versions, OLD and NEW, or neither for the bundled sample") }
            if let asOf, ISODate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date of the form YYYY-MM-DD") }
            if asOf != nil && roster == nil { throw ValidationError("--as-of needs --roster") }
            if format == .csv && roster == nil { throw ValidationError("--format csv is the per-person table of --roster; give a roster") }
            try excel.check(isCSV: format == .csv)
        }

        func run() throws {
            let sources: (DocumentSource, DocumentSource)
            if let old, let new {
                sources = (try openSource(old), try openSource(new))
            } else {
                Console.announceSample("framework, versions 1 and 2")
                sources = (try .framework(nil), .sampleVersion2)
            }
            let loaded = try loadFrameworks([sources.0, sources.1])
            let (before, after) = (loaded[0], loaded[1])
            let diff = FrameworkDiff(old: before.framework, oldSourceMap: before.sourceMap, new: after.framework, newSourceMap: after.sourceMap)
            var people: (impact: PeopleImpact, rows: [PeopleImpact.Person])?
            let stream = try Output(path: output)
            if let roster {
                let evolution = RosterEvolution(from: before.framework, to: after.framework)
                var rows: [PeopleImpact.Person] = []
                if format == .csv { stream.write(excel.preamble + Data(PeopleImpact.csvHeader.utf8)) }
                let csv = format == .csv
                let rosterSource = try openSource(roster)
                let result = try reporting { () throws(DiagnosticError) in
                    try evolution.peopleImpact(rosterSource, asOf: asOf.flatMap(ISODate.init)) { row in
                        if csv { stream.write(PeopleImpact.csv(row)) } else if format == .json { rows.append(row) }
                    }
                }
                Console.report(result.diagnostics)
                people = (result.impact, rows)
            }
            if let diffFormat = DiffFormat(rawValue: format.rawValue) {
                let words = language.chosen(documentLanguage: after.framework.language)
                stream.write(diff.rendered(diffFormat, people: people?.impact, persons: people?.rows ?? [], words: words))
            }
            try stream.finish()
            if checkVersion {
                var location: SourceLocation?
                if after.format == .xml, let data = try? sources.1.read() {
                    location = FrameworkDiff.versionAttributeLocation(in: String(decoding: data, as: UTF8.self), file: sources.1.name)
                }
                if let problem = diff.versionCheck(versionLocation: location) {
                    Console.report([problem])
                    throw Exit.findings
                }
            }
        }
    }
}
