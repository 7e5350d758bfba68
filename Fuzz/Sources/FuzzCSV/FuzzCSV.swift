// The CSV readers: the native roster CSV, ESCO's and SFIA's. The same bytes go to all
// three. A thrown `DiagnosticError` is the expected answer to bad input; only crashes,
// hangs, leaks and sanitizer reports are findings.
import CFuzzerDriver
import CompetencyDiagnostics
import CompetencyInterchange
import Foundation

// libFuzzer's driver, with the process's arguments (`-max_total_time=`, corpus folders...).
exit(competencykit_fuzzer_main(CommandLine.argc, CommandLine.unsafeArgv))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    _ = try? RosterCSV().importRoster(input, file: "fuzz.csv")
    _ = try? ESCOImporter().importFramework([(input, "f.csv")])
    _ = try? SFIAImporter().importFramework([(input, "f.csv")])
    return 0
}
