import CompetencyModel
import CompetencyDiagnostics
import CompetencyXML
import Foundation
import Testing

/// Reads `xml`, expecting failure, and returns the diagnostics.
func readFailure(_ xml: String, file: String? = "test.xml", options: XMLReader.Options = .init()) -> [Diagnostic] {
    readFailure(Data(xml.utf8), file: file, options: options)
}

func readFailure(_ data: Data, file: String? = "test.xml", options: XMLReader.Options = .init()) -> [Diagnostic] {
    do {
        _ = try XMLReader(options: options).read(data, file: file)
        Issue.record("expected the document to be refused")
        return []
    } catch {
        return error.diagnostics
    }
}
