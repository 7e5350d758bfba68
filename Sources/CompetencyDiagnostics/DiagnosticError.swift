public import CompetencyModel
public import Foundation

/// Reading, importing, exporting or loading failed; ``diagnostics`` says why, located.
///
/// Its `description` and `localizedDescription` are the diagnostics in their text form,
/// one per line: `file:line:column: error: message [id]`.
public struct DiagnosticError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// Every problem found, in document order; at least one is an error.
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// A failure with one error.
    public init(_ id: DiagnosticID, _ message: String, at location: SourceLocation?) {
        diagnostics = [.error(id, message, at: location)]
    }

    public init(_ diagnostic: Diagnostic) { diagnostics = [diagnostic] }

    /// Whether the input could not be read at all (a missing file, say), as opposed to
    /// being read and found wrong. The tool exits with status 2 for the first, 1 for the second.
    public var isUnusable: Bool { diagnostics.hasUnusableInput }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

    public var errorDescription: String? { description }
}

/// The reader's error before the diagnostic vocabulary was unified.
@available(*, deprecated, renamed: "DiagnosticError")
public typealias XMLReadError = DiagnosticError

/// The importers' error before the diagnostic vocabulary was unified.
@available(*, deprecated, renamed: "DiagnosticError")
public typealias InterchangeError = DiagnosticError
