import ArgumentParser
import CompetencyKit
import Foundation

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a document between the native XML and JSON.",
        discussion: """
            The input format is detected from the content, not the file name. JSON is the Codable \
            form of the model; converting XML → JSON → XML gives back an equal document.
            """)

    @Argument(help: "The document to convert. Omit it to convert the bundled sample framework.")
    var file: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("Output format: xml or json.", valueName: "format"))
    var target: ConvertTarget

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let source = InputSource.framework(file)
        if file == nil { announceSample("framework") }
        let bytes = try source.data()
        let document: CompetencyDocument
        if looksLikeJSON(bytes) {
            do {
                document = try JSONDecoder().decode(CompetencyDocument.self, from: bytes)
            } catch {
                printError("\(source.label): error: the JSON is not a CompetencyKit document: \(describe(error))")
                throw Exit.findings
            }
        } else {
            document = try source.readXML().value
        }
        switch target {
        case .xml:
            try emit(XMLWriter().write(document), to: output)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try emit(try encoder.encode(document) + Data("\n".utf8), to: output)
        }
    }

    private func looksLikeJSON(_ data: Data) -> Bool {
        for byte in data.prefix(256) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: continue
            case UInt8(ascii: "{"): return true
            default: return false
            }
        }
        return false
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

enum ConvertTarget: String, ExpressibleByArgument, CaseIterable {
    case xml, json
}
