import CompetencyModel

/// Compiler-style text: `file:line:col: error: message [domain.code]`, then the source
/// line and a caret under the column; fix-its and notes follow as `note:` lines.
public struct TextReporter: Reporter {
    /// Whether to use ANSI colours (only for a terminal).
    public var colour: Bool
    /// Whether to end with the counts line (`2 errors, 1 warning, 0 notes`).
    public var counts: Bool
    /// The language of the report's own words: severities, the `note:` labels and the counts
    /// line. Diagnostic messages stay as written (English), and IDs never change.
    public var words: Localizer

    public init(colour: Bool = false, counts: Bool = true, words: Localizer = .standard()) {
        self.colour = colour
        self.counts = counts
        self.words = words
    }

    public func render(_ report: Report) -> String {
        var lines = SourceLines(report.sources, excerpts: report.excerpts)
        var output = ""
        for diagnostic in report.diagnostics {
            let label = words.message("report.severity.\(diagnostic.severity.rawValue)") + ":"
            output += header(diagnostic.location, subject: diagnostic.subject)
                + paint(label, severityStyle(diagnostic.severity)) + " "
                + paint("\(Self.escapingControls(diagnostic.message)) [\(diagnostic.id)]", "1") + "\n"
            output += snippet(diagnostic.location, &lines)
            for fix in diagnostic.fixIts {
                output += header(diagnostic.location, subject: diagnostic.subject) + paint(fixLabel, "1;36") + " "
                    + Self.escapingControls(fix.message) + "\n"
            }
            for note in diagnostic.notes {
                output += header(note.location, subject: note.subject) + paint(noteLabel, "1;36") + " "
                    + Self.escapingControls(note.message) + "\n"
                output += snippet(note.location, &lines)
            }
        }
        if counts && !report.diagnostics.isEmpty {
            var parts = [DiagnosticSeverity.error, .warning, .note].map { severity in
                words.count(report.diagnostics.count(of: severity), "report.count.\(severity.rawValue)")
            }
            let remarks = report.diagnostics.count(of: .remark)
            if remarks > 0 { parts.append(words.count(remarks, "report.count.remark")) }
            output += parts.joined(separator: ", ") + "\n"
        }
        return output
    }

    private var fixLabel: String { words.message("report.label.fix") + ":" }
    private var noteLabel: String { words.message("report.label.note") + ":" }

    private func header(_ location: SourceLocation?, subject: Subject?) -> String {
        if let location { return paint("\(location):", "1") + " " }
        if let subject { return paint("\(subject):", "1") + " " }
        return ""
    }

    /// `text` with control characters (but tabs) shown as `\u{1B}`, so that a message
    /// quoting hostile input cannot drive the terminal.
    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    /// The most characters of a source line shown around the column.
    static let snippetWidth = 200

    private func snippet(_ location: SourceLocation?, _ lines: inout SourceLines) -> String {
        guard let location, let file = location.file, let line = lines.line(location.line, of: file) else { return "" }
        let (shown, caretOffset) = Self.excerpt(line, column: location.column)
        return shown + "\n" + caretOffset + paint("^", "1;32") + "\n"
    }

    /// At most ``snippetWidth`` characters of `line` around `column`, with `…` where it is
    /// cut, control characters shown escaped (`\u{1B}`), and the blanks (tabs kept) that put a
    /// caret under the column.
    static func excerpt(_ line: String, column: Int) -> (text: String, caret: String) {
        let scalars = Array(line.unicodeScalars)
        let target = min(max(0, column - 1), scalars.count)
        var start = 0
        var end = scalars.count
        if scalars.count > snippetWidth {
            start = max(0, min(target - snippetWidth / 2, scalars.count - snippetWidth))
            end = min(scalars.count, start + snippetWidth)
        }
        var text = String.UnicodeScalarView()
        var caret = String.UnicodeScalarView()
        if start > 0 {
            text.append("…")
            caret.append(" ")
        }
        for index in start..<end {
            let scalar = scalars[index]
            let shown: String.UnicodeScalarView
            if isControl(scalar) {
                shown = "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars
            } else {
                shown = String(scalar).unicodeScalars
            }
            text.append(contentsOf: shown)
            if index < target {
                for character in shown { caret.append(character == "\t" ? "\t" : " ") }
            }
        }
        if end < scalars.count { text.append("…") }
        return (String(text), String(caret))
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
