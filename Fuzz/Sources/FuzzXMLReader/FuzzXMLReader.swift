// The native XML reader, on any kind of document, strict and recovering. What reads is
// validated, and written back with `XMLWriter` and read again: the value read back must
// equal the value written, or the target traps (a round-trip finding). A recovering read
// that reported errors gave an incomplete document (`XMLReader.Options.recover`), with
// placeholders such as empty IDs that a strict read refuses: it is written and read back
// (recovering) too, but not compared.
//
// A thrown `DiagnosticError` is the expected answer to bad input; only crashes, hangs,
// leaks, sanitizer reports and round-trip mismatches are findings.
import CFuzzerDriver
import CompetencyDiagnostics
import CompetencyModel
import CompetencyValidation
import CompetencyXML
import Foundation

// libFuzzer's driver, with the process's arguments (`-max_total_time=`, corpus folders...).
exit(competencykit_fuzzer_main(CommandLine.argc, CommandLine.unsafeArgv))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    check(input, reader: XMLReader())
    check(input, reader: XMLReader(options: XMLReader.Options(recover: true)))
    return 0
}

private func check(_ input: Data, reader: XMLReader) {
    guard let parsed = try? reader.read(input, file: "fuzz.xml") else { return }
    let validator = Validator()
    switch parsed.value {
    case .framework(let framework):
        _ = validator.validate(framework, sourceMap: parsed.sourceMap)
    case .roster(let roster):
        _ = validator.validate(roster, sourceMap: parsed.sourceMap, framework: nil)
    case .plan:
        break
    }
    if parsed.diagnostics.contains(where: { $0.severity == .error }) {
        let written = XMLWriter().write(parsed.value)
        _ = try? XMLReader(options: XMLReader.Options(recover: true)).read(written, file: "round-trip.xml")
    } else {
        roundTrip(parsed.value)
    }
}

/// Writes `document`, reads it back strictly, and traps unless the two are equal.
private func roundTrip(_ document: CompetencyDocument) {
    let written = XMLWriter().write(document)
    let readBack: CompetencyDocument
    do {
        readBack = try XMLReader().read(written, file: "round-trip.xml").value
    } catch {
        fatalError(
            "round trip: what XMLWriter wrote for \(document.kindName) does not read back: \(error)\n"
                + String(decoding: written, as: UTF8.self))
    }
    guard readBack == document else {
        fatalError(
            "round trip: \(document.kindName) read back differs from what was written\nwritten: \(document)\n"
                + "read back: \(readBack)\n" + String(decoding: written, as: UTF8.self))
    }
}
