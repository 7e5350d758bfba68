import ArgumentParser
import CompetencyCredentials
import CompetencyKit
import CompetencyXLSX
import Foundation

/// Options shared by `plan` and `coverage`.
struct PlanningOptions: ParsableArguments {
    @Option(help: "The framework, in any format convert reads. Omit it (and --roster) to use the bundled sample.")
    var framework: String?

    @Option(help: "The roster (native XML, JSON or roster CSV). Omit it (and --framework) to use the bundled sample. coverage takes several, to show progress from one to the next.")
    var roster: [String] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate on this date (YYYY-MM-DD) instead of the roster's. coverage takes several, to show progress over time.", valueName: "date"))
    var asOf: [String] = []

    @Flag(help: "Skip people whose records do not match the framework or the unit tree, reporting each, instead of refusing the roster.")
    var lenient = false

    @Option(help: ArgumentHelp("Evaluate people on this many threads; the output is the same for any number. Default: one per core.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 || jobs > 256 {
            throw ValidationError("--jobs \(jobs) is not between 1 and 256")
        }
        for asOf in asOf where ISODate(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date of the form YYYY-MM-DD")
        }
    }

    /// Loads the inputs, printing what loading found; one roster and one date only.
    func load(checking: PlanningInput.RosterChecking = .beforeEvaluating) throws -> PlanningInput {
        if roster.count > 1 || asOf.count > 1 {
            throw ValidationError("give one --roster and one --as-of (only coverage compares several)")
        }
        return try load(roster: roster.first, asOf: asOf.first.flatMap(ISODate.init), checking: checking)
    }

    /// Loads the framework and `roster` (the sample's when `nil`) to evaluate on `asOf` (the
    /// roster's own date when `nil`), printing what loading found.
    func load(roster: String?, asOf: ISODate?, checking: PlanningInput.RosterChecking = .beforeEvaluating) throws -> PlanningInput {
        if !Console.readingAgain {
            if framework == nil && roster == nil {
                Console.announceSample("(framework and roster)")
            } else if framework == nil {
                Console.announceSample("framework")
            } else if roster == nil {
                Console.announceSample("roster")
            }
        }
        let (frameworkSource, rosterSource) = (try DocumentSource.framework(framework), try DocumentSource.roster(roster))
        let input = try reporting { () throws(DiagnosticError) in
            try PlanningInput.load(framework: frameworkSource, roster: rosterSource, asOf: asOf, lenient: lenient, checking: checking)
        }
        Console.reportOnce(input.diagnostics)
        return input
    }

    /// Runs a verb's work, reading each roster once when `once` (its output can be taken back
    /// until the run succeeds): people are checked as they are evaluated. A roster that
    /// cannot be planned in one reading (it writes units after its people) makes `work` throw
    /// `ReadAgain`; it then runs again, checking each roster before evaluating it, and what
    /// the first attempt reported is not reported twice.
    func readingOnce(_ once: Bool, _ work: (PlanningInput.RosterChecking) throws -> Void) throws {
        guard once else { return try work(.beforeEvaluating) }
        do {
            try work(.whileEvaluating)
        } catch is ReadAgain {
            Console.readingAgain = true
            try work(.beforeEvaluating)
        }
    }
}

/// A roster checked while evaluating needs a reading of its own first; see
/// `PlanningOptions.readingOnce(_:_:)`.
struct ReadAgain: Error {}

/// `--language`, shared by the verbs whose output has words and titles for people.
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The language of titles, labels, dates and the tool's words (en, vi). Without it, plan and coverage use the document's language; the other verbs write English words and ISO dates, with titles in the document's language.", valueName: "tag"))
    var language: String?

    func validate() throws {
        if let language, !Localizer.isSupported(language) {
            throw ValidationError(
                "--language '\(language)' is not a language the tool has words for; available: \(MessageCatalogue.bundled.map(\.language).joined(separator: ", "))")
        }
    }

    /// The localizer for the chosen language, falling back to `documentLanguage`.
    func localizer(documentLanguage: String?) -> Localizer {
        Localizer(language: language, documentLanguage: documentLanguage)
    }

    /// The localizer for the chosen language, or `nil` when none was given: the verbs that
    /// existed before `--language` then write exactly what they wrote without it.
    func chosen(documentLanguage: String?) -> Localizer? {
        language.map { Localizer(language: $0, documentLanguage: documentLanguage) }
    }
}

/// How `plan` and `coverage` judge certificates backed by a credential.
struct CredentialTrustOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An issuer's public key (JWK or JWK Set) whose certificate credentials count (repeatable). A certificate backed by a credential counts only when the credential verifies with one of these.", valueName: "file"))
    var trust: [String] = []

    @Option(name: .customLong("identity-attribute"), help: ArgumentHelp("The person attribute a certificate credential's identity hash must match.", valueName: "name"))
    var identityAttribute: String?
}

extension PlanningInput {
    /// Evaluates every person on the options' `jobs` threads, applying `transform` there, and
    /// gives the results to `body` in document order, showing progress on a terminal.
    /// Certificates backed by a credential count only when it verifies (see `--trust`); each
    /// that does not is reported once evaluation ends.
    /// `reading`, when given, sees each person as read, in the order their results arrive.
    func evaluateAll<Result: Sendable>(
        _ options: PlanningOptions, trust: CredentialTrustOptions, reading: ((Person) -> Void)? = nil,
        transform: @escaping @Sendable (PersonEvaluation) -> Result, _ body: @escaping (Result) -> Void
    ) throws {
        try evaluateAll(options, trust: trust, also: [], reading: reading, transform: { evaluation, _ in transform(evaluation) }, body)
    }

    /// ``evaluateAll(_:trust:reading:transform:_:)`` with each person evaluated by `others` as well (the
    /// same framework on other dates), in one reading of the roster.
    func evaluateAll<Result: Sendable>(
        _ options: PlanningOptions, trust: CredentialTrustOptions, also others: [Assigner], reading: ((Person) -> Void)? = nil,
        transform: @escaping @Sendable (PersonEvaluation, [PersonEvaluation]) -> Result, _ body: @escaping (Result) -> Void
    ) throws {
        try evaluateAll(options, trust: trust, also: others, reading: reading, transformEach: { transform($1, $2) }, body)
    }

    /// ``evaluateAll(_:trust:reading:transform:_:)`` with a transform that also gets the person.
    func evaluateAll<Result: Sendable>(
        _ options: PlanningOptions, trust: CredentialTrustOptions,
        transformPerson: @escaping @Sendable (Person, PersonEvaluation) -> Result, _ body: @escaping (Result) -> Void
    ) throws {
        try evaluateAll(options, trust: trust, also: [], reading: nil, transformEach: { person, evaluation, _ in transformPerson(person, evaluation) }, body)
    }

    /// The general form: `transformEach` gets the person, their evaluation, and their
    /// evaluations on the other dates.
    func evaluateAll<Result: Sendable>(
        _ options: PlanningOptions, trust: CredentialTrustOptions, also others: [Assigner], reading: ((Person) -> Void)?,
        transformEach: @escaping @Sendable (Person, PersonEvaluation, [PersonEvaluation]) -> Result,
        _ body: @escaping (Result) -> Void
    ) throws {
        let trusted = try trust.trust.flatMap(trustedKeys(in:))
        let check = CertificateCredentialCheck(
            verifier: CredentialVerifier(keys: trusted, asOf: assigner.asOf),
            folder: rosterSource.path.map { ($0 as NSString).deletingLastPathComponent }.flatMap { $0.isEmpty ? nil : $0 } ?? ".",
            framework: framework, identityAttribute: trust.identityAttribute)
        var warnings: [Diagnostic] = []
        // Progress on a terminal only, and only once a run has taken 2 seconds.
        var meter = isTerminal(STDERR_FILENO) ? ProgressMeter(total: peopleCount.map { $0 - skipped.count }, roster: rosterSource) : nil
        let summary: PlanningInput.EvaluationSummary
        do throws(DiagnosticError) {
            summary = try forEachEvaluation(
                also: others, workers: options.jobs, progress: meter == nil ? nil : { meter?.update($0) },
                prepare: { person, location in
                    meter?.reading(at: location)
                    let (checked, found) = check.check(person, at: location)
                    warnings += found
                    reading?(checked)
                    return checked
                }, transformEach: transformEach, body)
        } catch {
            meter?.clear()
            if error.diagnostics.contains(where: { $0.id == PlanningInput.unitsAfterPeople }) { throw ReadAgain() }
            throw Console.fail(error)
        }
        meter?.clear()
        Console.reportOnce(summary.diagnostics + warnings)
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
        @OptionGroup var trust: CredentialTrustOptions

        @Option(name: .customLong("person"), help: ArgumentHelp("Plan only this person (repeatable).", valueName: "id"))
        var people: [String] = []

        @Option(help: ArgumentHelp("Plan only the people of this unit (repeatable).", valueName: "id"))
        var unit: [String] = []

        @Flag(help: "With --unit, also plan the people of the units within it.")
        var descendants = false

        @OptionGroup var language: LanguageOptions

        @Option(help: "Output format: text, markdown, html (letters per person), xml, json, csv or xlsx (a workbook; see Documentation/Spreadsheets.md).")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        @OptionGroup var excel: ExcelCSVOption

        @Flag(help: "For each person, add every source of each need, the attained levels and their sources, the requirements already met and the rules that select them.")
        var explain = false

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown, html, xml, json, csv, xlsx
        }

        func validate() throws {
            if descendants && unit.isEmpty { throw ValidationError("--descendants needs --unit") }
            try excel.check(isCSV: format == .csv)
            if format == .xlsx { try refuseBinaryOnTerminal(output) }
        }

        func run() throws {
            // Read once when the output can be taken back: a mismatching roster is then
            // refused at the end, and the file it would have replaced is left as it was.
            try input.readingOnce(OutputFile.replacesTarget(output)) { checking in try plan(checking: checking) }
        }

        private func plan(checking: PlanningInput.RosterChecking) throws {
            let loaded = try input.load(checking: checking)
            let wantedPeople = Set(people.map { Person.ID($0) })
            let wantedUnits = try units(in: loaded)
            let selecting = !wantedPeople.isEmpty || !wantedUnits.isEmpty
            let isWanted: @Sendable (Person.ID, OrgUnit.ID?) -> Bool = { person, unit in
                !selecting || wantedPeople.contains(person) || unit.map(wantedUnits.contains) == true
            }
            let wanted = wantedPeople
            var seen: Set<Person.ID> = []
            let stream = try Output(path: output)
            stream.write(excel.preamble)
            var first = true
            var notOptimal = 0
            if format == .xlsx {
                try withScratchFolder { scratch in
                    let localizer = language.localizer(documentLanguage: loaded.framework.language ?? loaded.roster.language)
                    let layout = PlanWorkbook(assigner: loaded.assigner, units: loaded.roster.units, localizer: localizer)
                    let writer = try reporting { () throws(DiagnosticError) in try PlanWorkbookWriter(layout, scratch: scratch) }
                    var names = NameQueue()
                    var failure: DiagnosticError?
                    try loaded.evaluateAll(input, trust: trust, reading: { names.push($0) }) { evaluation in
                        let shown = isWanted(evaluation.person, evaluation.unit)
                        return (evaluation.person, evaluation.isProvenOptimal, shown ? layout.rows(for: evaluation) : nil)
                    } _: { person, isProvenOptimal, rows in
                        let name = names.pop(person)
                        guard let rows, failure == nil else { return }
                        seen.insert(person)
                        if !isProvenOptimal { notOptimal += 1 }
                        do throws(DiagnosticError) { try writer.add(rows, name: name) } catch { failure = error }
                    }
                    if let failure {
                        writer.discard()
                        stream.discard()
                        throw Console.fail(failure)
                    }
                    if wanted.isSubset(of: seen) {
                        try reporting { () throws(DiagnosticError) in try writer.finish { stream.write($0) } }
                    } else {
                        writer.discard()
                    }
                }
            } else if format == .xml {
                // Written person by person as plans are made, never held whole.
                var writer = XMLWriter.StreamingPlan(
                    header: CompetencyKit.Plan(
                        framework: loaded.framework.id, version: loaded.framework.version, asOf: loaded.assigner.asOf)
                ) { stream.write(Data($0)) }
                try loaded.evaluateAll(input, trust: trust, transform: { $0 }) { evaluation in
                    guard isWanted(evaluation.person, evaluation.unit) else { return }
                    seen.insert(evaluation.person)
                    if !evaluation.isProvenOptimal { notOptimal += 1 }
                    writer.add(evaluation.plan)
                }
                writer.finish()
            } else {
                let renderer = PlanRenderer(
                    format: PlanTextFormat(rawValue: format.rawValue) ?? .text, explain: explain, assigner: loaded.assigner,
                    localizer: language.localizer(documentLanguage: loaded.framework.language ?? loaded.roster.language),
                    units: loaded.roster.units)
                stream.write(renderer.header())
                // Each person is rendered on the thread that evaluated them; here they are
                // only written, in document order.
                try loaded.evaluateAll(input, trust: trust) { person, evaluation in
                    let shown = isWanted(evaluation.person, evaluation.unit)
                    return (evaluation.person, evaluation.isProvenOptimal, shown ? renderer.bodyUTF8(evaluation, person: person) : nil)
                } _: { person, isProvenOptimal, text in
                    guard let text else { return }
                    seen.insert(person)
                    if !isProvenOptimal { notOptimal += 1 }
                    stream.write(renderer.separator(first: first))
                    stream.write(text)
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
            findings += unknownPeople(missing, roster: loaded.rosterSource)
            Console.report(findings)
            if !missing.isEmpty {
                stream.discard()
                throw Exit.findings
            }
            try stream.finish()
        }

        /// The units whose people are planned: each `--unit`, with `--descendants` the units
        /// within it too. An unknown unit is an error naming the nearest known one.
        private func units(in loaded: PlanningInput) throws -> Set<OrgUnit.ID> {
            guard !unit.isEmpty else { return [] }
            let index = RosterIndex(loaded.roster)
            var chosen: Set<OrgUnit.ID> = []
            var problems: [Diagnostic] = []
            for name in unit {
                let id = OrgUnit.ID(name)
                guard index.unit(id) != nil else {
                    let nearest = Suggestion.nearest(to: name, among: index.allUnits.map(\.id.rawValue))
                    problems.append(
                        .error(
                            DiagnosticID(domain: "assignment", code: "unknown-unit"),
                            "no unit '\(name)' in the roster's unit tree" + (nearest.map { "; did you mean '\($0)'?" } ?? ""),
                            at: .file(loaded.rosterSource.name)))
                    continue
                }
                chosen.insert(id)
                if descendants { chosen.formUnion(index.descendants(of: id)) }
            }
            if !problems.isEmpty {
                Console.report(problems)
                throw Exit.findings
            }
            return chosen
        }
    }
}

/// The progress line of a long run on a terminal: people done, people per second and the
/// time left, on standard error. Silent for the first 2 seconds, so short runs show nothing.
///
/// When the number of people is not known (the roster is read once, checked while it is
/// evaluated), it is estimated from how far into the roster file reading has come, in lines.
struct ProgressMeter {
    let start = Date()
    private var total: Int?
    private let roster: DocumentSource
    private var lines: Int?
    private var line = 0
    private var shown = false

    init(total: Int?, roster: DocumentSource) {
        self.total = total
        self.roster = roster
    }

    /// Notes the place of the person just read, for the estimate.
    mutating func reading(at location: SourceLocation) { line = location.line }

    mutating func update(_ done: Int) {
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed >= 2, done > 0 else { return }
        var estimated = total
        if estimated == nil {
            if lines == nil { lines = roster.path.flatMap(Self.countLines) ?? 0 }
            if let lines, lines > 0, line > 0 { estimated = max(done, Int(Double(done) * Double(lines) / Double(line))) }
        }
        let rate = Double(done) / elapsed
        var text = "\r\u{1B}[Kplanned \(done.formatted())"
        if let estimated {
            let left = rate > 0 ? Double(max(0, estimated - done)) / rate : 0
            text += " of \(total == nil ? "about " : "")\(estimated.formatted()) people, \(Int(rate).formatted()) people/s, \(Self.duration(left)) left"
        } else {
            text += " people, \(Int(rate).formatted()) people/s"
        }
        Console.standardError(text)
        shown = true
    }

    func clear() { if shown { Console.standardError("\r\u{1B}[K") } }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole >= 60 ? "\(whole / 60) min \(whole % 60) s" : "\(whole) s"
    }

    /// The number of lines of the file at `path`, read in blocks; `nil` when it cannot be read.
    static func countLines(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var count = 0
        while let block = try? handle.read(upToCount: 1 << 20), !block.isEmpty {
            block.withUnsafeBytes { bytes in
                for byte in bytes where byte == 0x0A { count += 1 }
            }
        }
        return count + 1
    }
}

/// An `assignment.unknown-person` error for each `--person` the roster does not hold.
func unknownPeople(_ missing: [Person.ID], roster: DocumentSource) -> [Diagnostic] {
    missing.map { id in
        .error(DiagnosticID(domain: "assignment", code: "unknown-person"), "no person '\(id)' on the roster", at: .file(roster.name))
    }
}
