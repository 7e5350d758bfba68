public import CompetencyModel

/// A value read from a document, native or foreign: the value, where each of its entities
/// was written, what did not stop reading, and, for conversions, what was lost or repaired.
///
/// The XML reader and every importer return one. ``diagnostics`` holds findings that did
/// not stop reading: warnings, and, when the reader was asked to recover (see
/// `XMLReader.Options.recover`), the errors it recovered from. ``report`` is empty for
/// native documents; an importer records in it what the native model has no place for,
/// and what it repaired.
public struct Parsed<Value: Sendable>: Sendable {
    public var value: Value
    public var sourceMap: SourceMap
    /// Findings that did not stop reading, in document order.
    public var diagnostics: [Diagnostic]
    /// What a conversion lost or repaired.
    public var report: LossReport

    public init(value: Value, sourceMap: SourceMap = SourceMap(), diagnostics: [Diagnostic] = [], report: LossReport = LossReport()) {
        self.value = value
        self.sourceMap = sourceMap
        self.diagnostics = diagnostics
        self.report = report
    }

    /// The same reading with another value (one kind of document taken out of any kind).
    public func map<Other: Sendable>(_ transform: (Value) throws -> Other) rethrows -> Parsed<Other> {
        Parsed<Other>(value: try transform(value), sourceMap: sourceMap, diagnostics: diagnostics, report: report)
    }

    /// The findings that did not stop reading.
    @available(*, deprecated, renamed: "diagnostics")
    public var warnings: [Diagnostic] { diagnostics }
}

extension Parsed: Equatable where Value: Equatable {}

/// The importers' result type before it became one with the reader's.
@available(*, deprecated, renamed: "Parsed")
public typealias Imported<Value: Sendable> = Parsed<Value>
