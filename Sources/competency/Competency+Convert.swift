import ArgumentParser
import CompetencyKit
import Foundation

extension Competency {
    /// `competency convert`: move documents between formats.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert frameworks and rosters between the native XML and JSON and other formats.",
            discussion: """
                Input formats: xml and json (the native vocabulary and its JSON form), case (1EdTech CASE \
                1.0/1.1 JSON), medbiq (MedBiquitous Competency Framework XML; give the framework first, \
                then Competency Object files or folders and, optionally, a Performance Framework; \
                the framework alone is read with its folder), ctdl \
                (CTDL-ASN JSON-LD), esco (ESCO v1.2 CSV files), sfia (SFIA CSV files), moodle (the framework CSV of \
                Moodle's tool_lpimportcsv) and csv (a roster in \
                long form). The format is detected from the content, not the file name, unless --from names it.

                Output formats: xml, json, case, medbiq (several files: give -o FOLDER), ctdl (CTDL-ASN \
                JSON-LD), moodle and csv (a \
                framework as a flat table, or a roster in long form). A CASE package holds one language: \
                --language chooses it, and the texts in other languages go into each object's extensions, \
                which reading the package brings back.

                Everything that could not be carried over is listed on standard error; --strict makes \
                any loss an error (status 1) and writes nothing. Converting XML → JSON → XML gives back \
                an equal document.
                """)

        @Argument(help: "The documents to convert. Omit them to convert the bundled sample framework.")
        var inputs: [String] = []

        @Option(
            name: .customLong("from"),
            help: ArgumentHelp("Input format: auto, xml, json, case, medbiq, ctdl, esco, sfia, moodle or csv.", valueName: "format"))
        var source: Source = .auto

        @Option(name: .customLong("to"), help: ArgumentHelp("Output format: xml, json, case, medbiq, ctdl, moodle or csv.", valueName: "format"))
        var target: Target

        @Option(name: .shortAndLong, help: "Write to this file (a folder for medbiq) instead of standard output.")
        var output: String?

        @Flag(help: "Treat anything that could not be carried over as an error.")
        var strict = false

        @Option(
            help: ArgumentHelp(
                "With --to case: the language of the package's texts (default: the framework's). Texts in other languages go into each object's extensions.",
                valueName: "tag"))
        var language: String?

        @Flag(
            name: .customLong("one-language"),
            help: "With --to case: leave texts in other languages out (reported), for CASE 1.0 readers that allow no extensions.")
        var oneLanguage = false

        enum Source: String, ExpressibleByArgument, CaseIterable {
            case auto, xml, json, `case`, medbiq, ctdl, esco, sfia, moodle, csv
        }

        enum Target: String, ExpressibleByArgument, CaseIterable {
            case xml, json, `case`, medbiq, ctdl, moodle, csv
        }

        func validate() throws {
            if language != nil || oneLanguage, target != .case {
                throw ValidationError("--language and --one-language shape a CASE package; they apply only with --to case")
            }
        }

        func run() throws {
            let sources: [DocumentSource]
            if inputs.isEmpty {
                Console.announceSample("framework")
                sources = [try .framework(nil)]
            } else {
                sources = try inputs.map(openSource)
            }
            let format = source == .auto ? nil : InterchangeFormat(rawValue: source.rawValue)
            // A native roster or a roster CSV streams to XML, JSON and CSV: memory stays bounded
            // whatever its size. With --strict, what may be lost (CSV out, or a CSV roster's own
            // repairs) must be known before anything is written, so that is not streamed.
            let targetFormat = InterchangeFormat(rawValue: target.rawValue) ?? .xml
            let detected = sources.count == 1 ? (try? sources[0].prefix(4096)).flatMap(FormatDetector.detect) : nil
            if sources.count == 1, format == nil || format == detected, !(strict && (targetFormat == .csv || detected == .csv)),
                StreamingRosterExport.applies(to: sources[0], as: targetFormat)
            {
                // To a file that replaces its target only at the end, the roster is read once; a
                // roster that cannot be written in one reading is written again, reading twice.
                var stream = try Output(path: output)
                var once: (diagnostics: [Diagnostic], report: LossReport)?
                if OutputFile.replacesTarget(output) {
                    let first = stream
                    once = try reporting { () throws(DiagnosticError) in
                        try StreamingRosterExport.exportReadingOnce(sources[0], as: targetFormat) { first.write($0) }
                    }
                    if once == nil {
                        stream.discard()
                        stream = try Output(path: output)
                    }
                }
                let second = stream
                let result = try once ?? reporting { () throws(DiagnosticError) in
                    try StreamingRosterExport.export(sources[0], as: targetFormat) { second.write($0) }
                }
                Console.report(result.diagnostics)
                Console.report(result.report.diagnostics(strict: strict, file: sources[0].name))
                try stream.finish()
                return
            }
            let loaded = try reporting { () throws(DiagnosticError) in try DocumentLoader().load(sources, format: format) }
            let label = sources[0].name
            Console.report(loaded.parsed.diagnostics)
            let exported = try reporting { () throws(DiagnosticError) in
                try DocumentExporter().export(
                    loaded.parsed.value, sourceMap: loaded.parsed.sourceMap, as: InterchangeFormat(rawValue: target.rawValue) ?? .xml,
                    file: label, language: language, oneLanguage: oneLanguage)
            }
            var report = loaded.parsed.report
            report.merge(exported.report)
            Console.report(report.diagnostics(strict: strict, file: label))
            if strict, report.hasLosses {
                let kinds = report.losses.count == 1 ? "1 kind" : "\(report.losses.count) kinds"
                throw Console.fail(
                    DiagnosticError(
                        DiagnosticID(domain: "interchange", code: "strict"), "\(kinds) of content could not be carried over, and --strict is set; nothing was written",
                        at: nil))
            }
            if exported.files.count > 1 {
                guard let output, output != "-" else {
                    throw Console.fail(
                        DiagnosticError(
                            .usage("needs-folder"),
                            "\(target.rawValue) output is \(exported.files.count) files; give a folder with -o FOLDER", at: nil))
                }
                do {
                    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                } catch {
                    throw Console.fail(DiagnosticError(.unwritable(output, reason: "cannot create the folder: \(error.localizedDescription)")))
                }
                for file in exported.files {
                    try emit(file.data, to: URL(fileURLWithPath: output).appendingPathComponent(file.name).path)
                }
            } else {
                try emit(exported.data, to: output)
            }
        }
    }
}
