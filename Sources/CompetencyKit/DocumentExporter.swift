import CompetencyModel
import CompetencyDiagnostics
public import CompetencyInterchange
import CompetencyXML
import Foundation

/// Writes a native document in an export format: the one writing path of `competency convert`.
public struct DocumentExporter: Sendable {
    public init() {}

    /// The files `document` becomes in `format`, and what could not be carried over.
    /// `language` chooses the language of a CASE package's texts (the framework's when `nil`);
    /// `oneLanguage` leaves the other languages out instead of keeping them in extensions.
    ///
    /// - Throws: `usage.cannot-export` when the format cannot hold this kind of document
    ///   (a roster as CASE, say) or cannot be written at all.
    public func export(
        _ document: CompetencyDocument, sourceMap: SourceMap = SourceMap(), as format: InterchangeFormat, file: String? = nil,
        language: String? = nil, oneLanguage: Bool = false
    )
        throws(DiagnosticError) -> Exported
    {
        switch (format, document) {
        case (.xml, _):
            return Exported(files: [(name: "", data: XMLWriter().write(document))])
        case (.json, _):
            do {
                return Exported(files: [(name: "", data: try JSONExport.encoder().encode(document) + Data("\n".utf8))])
            } catch {
                throw DiagnosticError(.usage("cannot-export"), "the document cannot be encoded as JSON: \(error)", at: nil)
            }
        case (.case, .framework(let framework)):
            return CASEExporter(language: language, keepsTranslations: !oneLanguage).export(framework, sourceMap: sourceMap)
        case (.moodle, .framework(let framework)):
            return MoodleCSV().export(framework, sourceMap: sourceMap)
        case (.ctdl, .framework(let framework)):
            return CTDLExporter().export(framework, sourceMap: sourceMap)
        case (.medbiq, .framework(let framework)):
            return MedBiqExporter().export(framework, sourceMap: sourceMap)
        case (.csv, .framework(let framework)):
            return FrameworkCSV().export(framework, sourceMap: sourceMap)
        case (.csv, .roster(let roster)):
            return RosterCSV().export(roster, sourceMap: sourceMap)
        default:
            let holds = format.canExport ? "; \(format.rawValue) holds frameworks\(format == .csv ? " and rosters" : "")" : "; it is an import format only"
            throw DiagnosticError(
                .usage("cannot-export"), "\(document.kindName) cannot be written as \(format.rawValue)\(holds)", at: file.map(SourceLocation.file))
        }
    }
}
