import ArgumentParser
import CompetencyKit
import Foundation

extension Competency {
    /// `competency show`: summarise documents.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise a framework, roster or plan document.",
            discussion: "Prints counts per kind, the scales and their levels, the languages used and the status.")

        @Argument(help: "A framework, roster or plan in any format convert reads (told from the content). Omit it to summarise the bundled sample.")
        var file: String?

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func run() throws {
            let sources: [DocumentSource]
            if let file {
                sources = [.file(file)]
            } else {
                Console.announceSample("(framework and roster)")
                sources = [.framework(nil), .roster(nil)]
            }
            let summaries = try sources.map { source in
                let parsed = try reporting { () throws(DiagnosticError) in try source.readDocument().parsed }
                Console.report(parsed.diagnostics)
                return DocumentSummary(parsed.value, file: source.name)
            }
            switch format {
            case .text:
                try emit(Data(summaries.map(\.text).joined(separator: "\n").utf8), to: nil)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try emit(try encoder.encode(summaries) + Data("\n".utf8), to: nil)
            }
        }
    }
}
