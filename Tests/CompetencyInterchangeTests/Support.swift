import CompetencyModel
import CompetencyDiagnostics
import CompetencyTestSupport
import CompetencyXML
import Foundation

/// The bundled sample framework, and temporary folders. `Fixtures` and `External`
/// (CompetencyTestSupport) find the package's files and the third-party data beside it.
enum Paths {
    static let sample = Fixtures.url("sample/framework.xml")

    static func sampleFramework() throws -> Parsed<Framework> {
        try XMLReader().readFramework(contentsOf: sample)
    }

    static func temporaryFolder() throws -> URL {
        try Scratch.folder("ck-interchange")
    }
}

extension Framework {
    /// Every competency, depth first.
    var allCompetencies: [Competency] {
        func walk(_ competency: Competency) -> [Competency] { [competency] + competency.children.flatMap(walk) }
        return domains.flatMap { $0.competencies.flatMap(walk) }
    }
}

extension LocalizedText {
    /// Only the variant in `language`.
    func only(_ language: String) -> LocalizedText {
        LocalizedText(variants.filter { $0.language == language })
    }
}

extension Helper {
    static let hasJSONSchema = hasPython("jsonschema")
}
