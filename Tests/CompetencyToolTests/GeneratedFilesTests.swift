import CompetencyTestSupport
import Foundation
import Testing

/// The package's generated files must be exactly what their generators write now. Each is
/// regenerated into a temporary folder (or in memory) and compared byte for byte; a failure
/// names the stale file and the command that regenerates it. Running this test with
/// `COMPETENCYKIT_REGENERATE=1` rewrites the stale files instead.
@Suite struct GeneratedFilesTests {
    struct Generated {
        /// The file, from the package root.
        var path: String
        /// The command, run from the package root, that regenerates it.
        var command: String
        /// What the generator writes now.
        var expected: Data
    }

    static func generated() throws -> [Generated] {
        let folder = try Scratch.folder("ck-generated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let embed = "Scripts/embed-resources.sh"
        let script = try Tool.run(
            ["bash", Fixtures.packageURL(embed).path, folder.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        try #require(script.status == 0, "\(embed) failed: \(script.stderr)")
        let rules = try Tool.run(["rules", "--format", "markdown"])
        try #require(rules.status == 0, "competency rules failed: \(rules.stderr)")
        let embedded = try ["Sources/competency/generated/BundledSample.swift", "Sources/CompetencyXML/generated/EmbeddedSchema.swift"]
            .map { Generated(path: $0, command: embed, expected: try Data(contentsOf: folder.appendingPathComponent($0))) }
        let rulesPage = "Documentation/Rules.md"
        return embedded + [
            Generated(
                path: rulesPage, command: "swift run competency rules --format markdown > \(rulesPage)",
                expected: Data(rules.stdout.utf8)),
        ]
    }

    @Test func generatedFilesAreUpToDate() throws {
        let regenerate = ProcessInfo.processInfo.environment["COMPETENCYKIT_REGENERATE"] == "1"
        for file in try Self.generated() {
            let url = Fixtures.packageURL(file.path)
            if regenerate && (try? Data(contentsOf: url)) != file.expected { try file.expected.write(to: url) }
            let actual = try? Data(contentsOf: url)
            #expect(
                actual == file.expected,
                "\(file.path) is stale\(Self.firstDifference(actual, file.expected)): run `\(file.command)`")
        }
    }

    /// Where `actual` first differs from `expected`, as " (from line N)", or " (missing)".
    static func firstDifference(_ actual: Data?, _ expected: Data) -> String {
        guard let actual else { return " (missing)" }
        let old = actual.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let new = expected.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        return " (from line \(line + 1))"
    }
}
