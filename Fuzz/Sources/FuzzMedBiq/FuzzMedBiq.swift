// A MedBiquitous Competency Framework document with the Competency Objects and Performance
// Frameworks beside it, imported from memory. The input is split on its 0x00 bytes: the
// first part is the framework, each further part one more document (no 0x00: the framework
// alone). A thrown `DiagnosticError` is the expected answer to bad input; only crashes,
// hangs, leaks and sanitizer reports are findings.
import CFuzzerDriver
import CompetencyDiagnostics
import CompetencyInterchange
import Foundation

// libFuzzer's driver, with the process's arguments (`-max_total_time=`, corpus folders...).
exit(competencykit_fuzzer_main(CommandLine.argc, CommandLine.unsafeArgv))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
    let documents = parts.dropFirst().enumerated().map { (data: $0.element, file: String?("document-\($0.offset).xml")) }
    _ = try? MedBiqImporter().importFramework(parts.first ?? Data(), file: "fuzz.xml", documents: documents)
    return 0
}
