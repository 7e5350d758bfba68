import ArgumentParser
import CompetencyKit
import Foundation

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert frameworks and rosters between the native XML and JSON and other formats.",
        discussion: """
            Input formats: xml and json (the native vocabulary and its JSON form), case (1EdTech CASE \
            1.0/1.1 JSON), medbiq (MedBiquitous Competency Framework XML; give the framework first, \
            then Competency Object files or folders and, optionally, a Performance Framework), ctdl \
            (CTDL-ASN JSON-LD), esco (ESCO v1.2 CSV files), sfia (SFIA CSV files) and csv (a roster in \
            long form). The format is detected from the content, not the file name, unless --from names it.

            Output formats: xml, json, case, medbiq (several files: give -o FOLDER) and csv (a \
            framework as a flat table, or a roster in long form).

            Everything that could not be carried over is listed on standard error; --strict makes \
            any loss an error (status 1) and writes nothing. Converting XML → JSON → XML gives back \
            an equal document.
            """)

    @Argument(help: "The documents to convert. Omit them to convert the bundled sample framework.")
    var inputs: [String] = []

    @Option(name: .customLong("from"), help: ArgumentHelp("Input format: auto, xml, json, case, medbiq, ctdl, esco, sfia or csv.", valueName: "format"))
    var source: ConvertSource = .auto

    @Option(name: .customLong("to"), help: ArgumentHelp("Output format: xml, json, case, medbiq or csv.", valueName: "format"))
    var target: ConvertTarget

    @Option(name: .shortAndLong, help: "Write to this file (a folder for medbiq) instead of standard output.")
    var output: String?

    @Flag(help: "Treat anything that could not be carried over as an error.")
    var strict = false

    func run() throws {
        var (document, sourceMap, label, report) = try load()
        let exported: Exported
        switch (target, document) {
        case (.xml, _):
            exported = Exported(files: [(name: "", data: XMLWriter().write(document))])
        case (.json, _):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            exported = Exported(files: [(name: "", data: try encoder.encode(document) + Data("\n".utf8))])
        case (.case, .framework(let framework)):
            exported = CASEExporter().export(framework, sourceMap: sourceMap)
        case (.medbiq, .framework(let framework)):
            exported = MedBiqExporter().export(framework, sourceMap: sourceMap)
        case (.csv, .framework(let framework)):
            exported = FrameworkCSV().export(framework, sourceMap: sourceMap)
        case (.csv, .roster(let roster)):
            exported = RosterCSV().export(roster, sourceMap: sourceMap)
        default:
            printError("\(label): error: \(document.kindName) cannot be written as \(target.rawValue); \(target.rawValue) holds frameworks\(target == .csv ? " and rosters" : "")")
            throw Exit.unusable
        }
        report.merge(exported.report)
        printReport(report, label: label)
        if strict, report.hasLosses {
            printError("error: \(report.losses.count == 1 ? "1 kind" : "\(report.losses.count) kinds") of content could not be carried over, and --strict is set; nothing was written")
            throw Exit.findings
        }
        if exported.files.count > 1 {
            guard let output, output != "-" else {
                printError("error: \(target.rawValue) output is \(exported.files.count) files; give a folder with -o FOLDER")
                throw Exit.unusable
            }
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                printError("\(output): error: cannot create the output folder: \(error.localizedDescription)")
                throw Exit.unusable
            }
            for file in exported.files {
                try emit(file.data, to: URL(fileURLWithPath: output).appendingPathComponent(file.name).path)
            }
        } else {
            try emit(exported.data, to: output)
        }
    }

    // MARK: Reading

    private func load() throws -> (CompetencyDocument, SourceMap, String, LossReport) {
        guard let first = inputs.first else {
            announceSample("framework")
            let source = InputSource.framework(nil)
            let parsed = try source.readXML()
            return (parsed.value, parsed.sourceMap, source.label, LossReport())
        }
        var format = source
        if format == .auto {
            let bytes = try InputSource.file(first).data()
            guard let detected = FormatDetector.detect(bytes) else {
                printError("\(first): error: the format cannot be told from the content; \(FormatDetector.expectation). Name it with --from")
                throw Exit.unusable
            }
            format = ConvertSource(rawValue: detected.rawValue) ?? .auto
        }
        let single = [ConvertSource.xml, .json, .case, .ctdl, .csv]
        if single.contains(format), inputs.count > 1 {
            printError("error: \(format.rawValue) input is one file; \(inputs.count) were given")
            throw Exit.unusable
        }
        switch format {
        case .auto, .xml:
            let source = InputSource.file(first)
            let parsed = try source.readXML()
            return (parsed.value, parsed.sourceMap, first, LossReport())
        case .json:
            let bytes = try InputSource.file(first).data()
            do {
                return (try JSONDecoder().decode(CompetencyDocument.self, from: bytes), SourceMap(), first, LossReport())
            } catch {
                printError("\(first): error: the JSON is not a CompetencyKit document: \(describe(error))")
                throw Exit.findings
            }
        case .case:
            let file = try url(first)
            let result = try interchange { () throws(InterchangeError) in try CASEImporter().importFramework(contentsOf: file) }
            return (.framework(result.value), result.sourceMap, first, result.report)
        case .ctdl:
            let file = try url(first)
            let result = try interchange { () throws(InterchangeError) in try CTDLImporter().importFramework(contentsOf: file) }
            return (.framework(result.value), result.sourceMap, first, result.report)
        case .medbiq:
            let file = try url(first)
            let others = try inputs.dropFirst().map { try url($0, allowFolder: true) }
            let result = try interchange { () throws(InterchangeError) in
                try MedBiqImporter().importFramework(contentsOf: file, including: others)
            }
            return (.framework(result.value), result.sourceMap, first, result.report)
        case .esco:
            let urls = try inputs.map { try url($0) }
            let result = try interchange { () throws(InterchangeError) in try ESCOImporter().importFramework(contentsOf: urls) }
            return (.framework(result.value), result.sourceMap, first, result.report)
        case .sfia:
            let urls = try inputs.map { try url($0) }
            let result = try interchange { () throws(InterchangeError) in try SFIAImporter().importFramework(contentsOf: urls) }
            return (.framework(result.value), result.sourceMap, first, result.report)
        case .csv:
            let bytes = try InputSource.file(first).data()
            let result = try interchange { () throws(InterchangeError) in try RosterCSV().importRoster(bytes, file: first) }
            return (.roster(result.value), result.sourceMap, first, result.report)
        }
    }

    /// A file URL, or exits with status 2 when the path names no file (or a folder, unless allowed).
    private func url(_ path: String, allowFolder: Bool = false) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            printError("\(path): error: no such file; check the path")
            throw Exit.unusable
        }
        if isDirectory.boolValue, !allowFolder {
            printError("\(path): error: this is a folder; give a file")
            throw Exit.unusable
        }
        return URL(fileURLWithPath: path)
    }

    /// Runs an import, printing its diagnostics; errors exit with 1, unreadable input with 2.
    private func interchange<T>(_ body: () throws(InterchangeError) -> Imported<T>) throws -> Imported<T> {
        do {
            let result = try body()
            for diagnostic in result.diagnostics { printError(diagnostic.description) }
            return result
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw error.diagnostics.contains { $0.code == "io" } ? Exit.unusable : Exit.findings
        }
    }

    private func printReport(_ report: LossReport, label: String) {
        for entry in report.entries {
            let place = entry.locations.first.map { "\($0)" } ?? label
            let severity = entry.category == .fixUp ? "note" : (strict ? "error" : "warning")
            let verb = entry.category == .fixUp ? "repaired" : "not carried over"
            var line = "\(place): \(severity): \(verb) (\(entry.count)×): \(entry.message) [\(entry.kind)]"
            if let first = entry.locations.first {
                var others: [SourceLocation] = []
                for location in entry.locations.dropFirst() where location != first && !others.contains(location) { others.append(location) }
                if !others.isEmpty {
                    let shown = others.prefix(3).map { $0.file == first.file ? "\($0.line):\($0.column)" : "\($0)" }
                    line += "; also at " + shown.joined(separator: ", ") + (others.count > 3 || entry.count > entry.locations.count ? ", …" : "")
                }
            }
            printError(line)
        }
    }

    private func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return error.localizedDescription }
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        @unknown default:
            return error.localizedDescription
        }
    }
}

enum ConvertSource: String, ExpressibleByArgument, CaseIterable {
    case auto, xml, json, `case`, medbiq, ctdl, esco, sfia, csv
}

enum ConvertTarget: String, ExpressibleByArgument, CaseIterable {
    case xml, json, `case`, medbiq, csv
}
