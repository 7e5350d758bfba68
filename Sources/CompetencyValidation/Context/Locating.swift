import CompetencyModel
import CompetencyDiagnostics

/// Something that can say where a subject was written.
public protocol Locating {
    /// Where the `occurrence`-th entity named `subject` was written (0 for the first); the
    /// first location when there are fewer; `nil` for a model built in code.
    func location(of subject: Subject, occurrence: Int) -> SourceLocation?
}

extension Locating {
    /// A note pointing at `subject`.
    func note(_ message: String, about subject: Subject, occurrence: Int = 0) -> Diagnostic.Note {
        Diagnostic.Note(message: message, location: location(of: subject, occurrence: occurrence), subject: subject)
    }
}

extension SourceMap {
    func location(of subject: Subject, occurrence: Int) -> SourceLocation? {
        let all = locations(of: subject)
        return occurrence < all.count ? all[occurrence] : all.first
    }
}
