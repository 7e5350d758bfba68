import CompetencyModel

/// Compiler-style text: `file:line:col: error: message [domain.code]`, then the source
/// line and a caret under the column; fix-its and notes follow as `note:` lines.
public struct TextReporter: Reporter {
    /// Whether to use ANSI colours (only for a terminal).
    public var colour: Bool
    /// Whether to end with the counts line (`2 errors, 1 warning, 0 notes`).
    public var counts: Bool

    public init(colour: Bool = false, counts: Bool = true) {
        self.colour = colour
        self.counts = counts
    }

    public func render(_ report: Report) -> String {
        var lines = SourceLines(report.sources)
        var output = ""
        for diagnostic in report.diagnostics {
            let label = diagnostic.severity.rawValue + ":"
            output += header(diagnostic.location, subject: diagnostic.subject)
                + paint(label, severityStyle(diagnostic.severity)) + " "
                + paint("\(diagnostic.message) [\(diagnostic.id)]", "1") + "\n"
            output += snippet(diagnostic.location, &lines)
            for fix in diagnostic.fixIts {
                output += header(diagnostic.location, subject: diagnostic.subject) + paint("note:", "1;36") + " " + fix.message + "\n"
            }
            for note in diagnostic.notes {
                output += header(note.location, subject: note.subject) + paint("note:", "1;36") + " " + note.message + "\n"
                output += snippet(note.location, &lines)
            }
        }
        if counts && !report.diagnostics.isEmpty {
            var parts = [(DiagnosticSeverity.error, "error"), (.warning, "warning"), (.note, "note")].map { severity, noun in
                let count = report.diagnostics.count(of: severity)
                return "\(count) \(noun)\(count == 1 ? "" : "s")"
            }
            let remarks = report.diagnostics.count(of: .remark)
            if remarks > 0 { parts.append("\(remarks) remark\(remarks == 1 ? "" : "s")") }
            output += parts.joined(separator: ", ") + "\n"
        }
        return output
    }

    private func header(_ location: SourceLocation?, subject: Subject?) -> String {
        if let location { return paint("\(location):", "1") + " " }
        if let subject { return paint("\(subject):", "1") + " " }
        return ""
    }

    private func snippet(_ location: SourceLocation?, _ lines: inout SourceLines) -> String {
        guard let location, let file = location.file, let line = lines.line(location.line, of: file) else { return "" }
        var caret = ""
        for scalar in line.unicodeScalars.prefix(max(0, location.column - 1)) {
            caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        return line + "\n" + caret + paint("^", "1;32") + "\n"
    }

    private func severityStyle(_ severity: DiagnosticSeverity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;35"
        case .note, .remark: "1;36"
        }
    }

    private func paint(_ text: String, _ style: String) -> String {
        colour ? "\u{1B}[\(style)m\(text)\u{1B}[0m" : text
    }
}
