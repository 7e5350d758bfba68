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

        @OptionGroup var language: LanguageOptions

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func run() throws {
            let sources: [DocumentSource]
            if let file {
                sources = [try openSource(file)]
            } else {
                Console.announceSample("(framework and roster)")
                sources = [try .framework(nil), try .roster(nil)]
            }
            let summaries = try sources.map { source in
                // A roster's people (native XML, or CSV whose people's rows stand together)
                // are counted as they are read, never held: memory stays bounded whatever the
                // size of the roster. Other formats are read whole.
                var tally = DocumentSummary.PeopleTally()
                let parsed = try reporting { () throws(DiagnosticError) in
                    if let head = try? source.prefix(8192) {
                        switch FormatDetector.detect(head) {
                        case .xml:
                            return try source.readXML(options: XMLReader.Options(recordLocations: false)) { person, _ in
                                tally.add(person)
                                return true
                            }
                        case .csv:
                            let streamed = try source.streamRosterCSV { person, _ in
                                tally.add(person)
                                return true
                            }
                            if let streamed { return streamed.map(CompetencyDocument.roster) }
                            tally = DocumentSummary.PeopleTally()
                        default: break
                        }
                    }
                    return try source.readDocument().parsed
                }
                Console.report(parsed.diagnostics)
                if case .roster(let roster) = parsed.value, tally.people > 0 || roster.people.isEmpty {
                    return DocumentSummary(roster: roster, people: tally, file: source.name, language: language.language)
                }
                return DocumentSummary(parsed.value, file: source.name, language: language.language)
            }
            switch format {
            case .text:
                let words = language.chosen(documentLanguage: nil) ?? .standard()
                try emit(Data(summaries.map { $0.text(words) }.joined(separator: "\n").utf8), to: nil)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try emit(try encoder.encode(summaries) + Data("\n".utf8), to: nil)
            }
        }
    }
}
