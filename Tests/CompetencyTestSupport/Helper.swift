import Foundation

/// Runs a helper program (python3, say), for checks made with independent implementations.
public enum Helper {
    /// The program's exit status and its output (standard output and error together), or
    /// `nil` when it cannot be started.
    public static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether `python3` can import `module`.
    public static func hasPython(_ module: String) -> Bool { run("python3", ["-c", "import \(module)"])?.status == 0 }
}
