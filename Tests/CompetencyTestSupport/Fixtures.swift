import Foundation

/// The package's own files, found from this file's place in it (`Tests/CompetencyTestSupport/`).
public enum Fixtures {
    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `Fixtures/`.
    public static let root = packageRoot.appendingPathComponent("Fixtures")

    /// A file under `Fixtures/`, for example `url("sample/framework.xml")`.
    public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// The bytes of a file under `Fixtures/`.
    public static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    /// A file anywhere in the package, for example `packageURL("Documentation/Rules.md")`.
    public static func packageURL(_ path: String) -> URL { packageRoot.appendingPathComponent(path) }
}

/// `../shared/external`: third-party files beside the repository that are never copied into
/// it. Tests that read them skip, saying so, when they are absent.
public enum External {
    public static let root = Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/external")

    /// A file or folder under `../shared/external`.
    public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Whether `path` exists under `../shared/external`.
    public static func has(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }
}
