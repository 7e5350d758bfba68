import CompetencyModel

/// The findings that several parts of CompetencyKit report, each worded once here.
extension Diagnostic {
    /// `io.no-such-file`: nothing is at `path`.
    public static func noSuchFile(_ path: String) -> Diagnostic {
        .error(.io("no-such-file"), "no such file; check the path", at: start(of: path))
    }

    /// `io.is-folder`: `path` is a folder where a file was expected.
    public static func isFolder(_ path: String) -> Diagnostic {
        .error(.io("is-folder"), "this is a folder; give a file", at: start(of: path))
    }

    /// `io.unreadable`: `path` exists but cannot be read.
    public static func unreadable(_ path: String, reason: String? = nil) -> Diagnostic {
        .error(
            .io("unreadable"), "the file cannot be read" + (reason.map { ": \($0)" } ?? "; check its permissions"),
            at: start(of: path))
    }

    /// `io.unwritable`: the output at `path` cannot be written.
    public static func unwritable(_ path: String, reason: String? = nil) -> Diagnostic {
        .error(
            .io("unwritable"),
            "cannot write the output" + (reason.map { ": \($0)" } ?? "; check the folder exists and is writable"),
            at: start(of: path))
    }

    /// `document.wrong-kind`: a document of one kind where another was expected, naming both:
    /// "this is a roster; expected a framework".
    public static func wrongKind(found: String, expected: String, file: String?) -> Diagnostic {
        .error(
            DiagnosticID(domain: "document", code: "wrong-kind"), "this is \(found); expected \(expected)",
            at: SourceLocation(file: file, line: 1, column: 1))
    }

    private static func start(of path: String) -> SourceLocation { .file(path) }
}
