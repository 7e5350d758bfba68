// import-benchmarks: each importer of the `competency` tool on a generated input of a given
// size, against `competency show` on a native framework of the same size.
// See Documentation/Performance.md, "Imports at 100 MB".
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "generate" {
    guard arguments.count == 4, let format = arguments.dropFirst().first, let size = Double(arguments[2]) else {
        FileHandle.standardError.write(Data("usage: import-benchmarks generate FORMAT SIZE_MB FILE\n".utf8))
        exit(2)
    }
    let url = URL(fileURLWithPath: arguments[3])
    let bytes = Int(size * 1_000_000)
    let count: Int
    switch format {
    case "case": count = try Inputs.writeCASE(to: url, bytes: bytes)
    case "esco":
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        count = try Inputs.writeESCO(to: url, bytes: bytes)
    case "sfia": count = try Inputs.writeSFIA(to: url, bytes: bytes)
    case "roster-csv": count = try Inputs.writeRosterCSV(to: url, bytes: bytes)
    case "xapi":
        count = try Inputs.writeXAPI(statements: url, roster: url.deletingPathExtension().appendingPathExtension("roster.xml"), people: 10_000, bytes: bytes)
    default:
        FileHandle.standardError.write(Data("unknown format '\(format)'\n".utf8))
        exit(2)
    }
    print("\(url.path): \(count) records")
    exit(0)
}
