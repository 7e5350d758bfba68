import CompetencyModel

/// Compiler-style text: `file:line:col: error: message [rule-id]`, then the source line
/// and a caret under the column; notes and fix-its follow as `note:` lines.
public struct TextReporter: Reporter {
    /// Whether to use ANSI colours (only for a terminal).
    public var colour: Bool

    public init(colour: Bool = false) { self.colour = colour }

    public func render(_ report: Report) -> String {
        var lines = SourceLines(report.sources)
        var output = ""
        for diagnostic in report.diagnostics {
            let label = diagnostic.severity.rawValue + ":"
            output += header(diagnostic.location, subject: diagnostic.subject)
                + paint(label, severityStyle(diagnostic.severity)) + " "
                + paint("\(diagnostic.message) [\(diagnostic.rule)]", "1") + "\n"
            output += snippet(diagnostic.location, &lines)
            if let fix = diagnostic.fix {
                output += header(diagnostic.location, subject: diagnostic.subject) + paint("note:", "1;36") + " " + fix.message + "\n"
            }
            for note in diagnostic.notes {
                output += header(note.location, subject: note.subject) + paint("note:", "1;36") + " " + note.message + "\n"
                output += snippet(note.location, &lines)
            }
        }
        if !report.diagnostics.isEmpty {
            let counts = [(Severity.error, "error"), (.warning, "warning"), (.note, "note")].map { severity, noun in
                let count = report.diagnostics.count(of: severity)
                return "\(count) \(noun)\(count == 1 ? "" : "s")"
            }
            output += counts.joined(separator: ", ") + "\n"
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

    private func severityStyle(_ severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;35"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, _ style: String) -> String {
        colour ? "\u{1B}[\(style)m\(text)\u{1B}[0m" : text
    }
}

/// The lines of source files, split on first use.
struct SourceLines {
    private let sources: [String: String]
    private var split: [String: [Substring]] = [:]

    init(_ sources: [String: String]) { self.sources = sources }

    /// The 1-based `number`-th line of `file`, without its line break.
    mutating func line(_ number: Int, of file: String) -> String? {
        if split[file] == nil, let text = sources[file] {
            split[file] = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.last == "\r" ? line.dropLast() : line
            }
        }
        guard let lines = split[file], number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }
}
