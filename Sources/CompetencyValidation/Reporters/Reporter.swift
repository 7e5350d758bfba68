/// What a reporter renders: the findings, the rules that could have produced them, the
/// text of the files they point into, and who produced them.
public struct Report: Sendable {
    /// The tool named in machine-readable reports.
    public struct Tool: Hashable, Sendable {
        public var name: String
        public var version: String
        public var informationURI: String?
        public init(name: String, version: String, informationURI: String? = nil) {
            self.name = name
            self.version = version
            self.informationURI = informationURI
        }
    }

    public var diagnostics: [Diagnostic]
    /// The rules that ran (SARIF lists them).
    public var rules: [RuleDescription]
    /// The text of each file, by the path diagnostics give, for source lines and carets.
    public var sources: [String: String]
    public var tool: Tool

    public init(
        diagnostics: [Diagnostic], rules: [RuleDescription] = RuleCatalog.descriptions, sources: [String: String] = [:],
        tool: Tool = Tool(name: "competency", version: "0.1.0")
    ) {
        self.diagnostics = diagnostics
        self.rules = rules
        self.sources = sources
        self.tool = tool
    }
}

/// Renders a report as text.
public protocol Reporter: Sendable {
    /// The whole output, ending with a newline.
    func render(_ report: Report) -> String
}

/// The output formats, chosen by identifier.
public enum ReportFormat: String, Hashable, Sendable, CaseIterable, Codable {
    /// Like a compiler: `file:line:col: error: message [rule-id]`, the source line and a caret.
    case text
    /// One JSON object: diagnostics and counts.
    case json
    /// SARIF 2.1.0, for code-scanning services.
    case sarif

    /// The reporter for this format. `colour` applies to text only; pass `true` only when
    /// the output goes to a terminal.
    public func reporter(colour: Bool = false) -> any Reporter {
        switch self {
        case .text: TextReporter(colour: colour)
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        }
    }
}
