import Foundation

extension External {
    /// Moodle's own example for `tool_lpimportcsv` (`admin/tool/lpimportcsv/tests/fixtures/example.csv`
    /// in moodle/moodle, the OECD competency framework), when it is on this machine:
    /// `moodle/example.csv` under `../shared/external`, else the file that the environment
    /// variable `COMPETENCYKIT_MOODLE_EXAMPLE` names. It is third-party data, never part of
    /// the package.
    public static var moodleExample: URL? {
        if has("moodle/example.csv") { return url("moodle/example.csv") }
        guard let path = ProcessInfo.processInfo.environment["COMPETENCYKIT_MOODLE_EXAMPLE"], !path.isEmpty,
            FileManager.default.fileExists(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }

    /// Why a test of Moodle's example is skipped.
    public static let moodleExampleAbsent =
        "Moodle's example.csv (the OECD framework) is absent: put it at ../shared/external/moodle/example.csv or name it in COMPETENCYKIT_MOODLE_EXAMPLE"
}
