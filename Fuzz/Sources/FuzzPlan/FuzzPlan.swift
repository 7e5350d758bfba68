// Planning on a framework and a roster, as `competency plan` does it: the input is split on
// its first 0x00 byte into a framework and a roster; with no 0x00, the whole input is the
// roster and the framework is Fixtures/assignment/framework.xml. When both read (and the
// framework validates, as `PlanningInput.load` demands), every person the roster check
// does not skip is evaluated and planned.
//
// A thrown `DiagnosticError` is the expected answer to bad input; only crashes, hangs,
// leaks and sanitizer reports are findings.
import CFuzzerDriver
import CompetencyAssignment
import CompetencyDiagnostics
import CompetencyKit
import CompetencyModel
import Foundation

enum Bundled {
    /// The framework used when the input has no 0x00 byte, read once. An array, not `Data`:
    /// LeakSanitizer cannot follow the tagged pointer of a `Data` held in a global, and
    /// reports its bytes as leaked at exit.
    static let framework: [UInt8] = {
        let url = URL(fileURLWithPath: #filePath)  // Fuzz/Sources/FuzzPlan/FuzzPlan.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/assignment/framework.xml")
        guard let data = FileManager.default.contents(atPath: url.path) else { fatalError("FuzzPlan: cannot read \(url.path)") }
        return [UInt8](data)
    }()
}

// libFuzzer's driver, with the process's arguments (`-max_total_time=`, corpus folders...).
exit(competencykit_fuzzer_main(CommandLine.argc, CommandLine.unsafeArgv))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    let framework: Data
    let roster: Data
    if let zero = input.firstIndex(of: 0) {
        framework = input[input.startIndex..<zero]
        roster = input[(zero + 1)...]
    } else {
        framework = Data(Bundled.framework)
        roster = input
    }
    guard
        let planning = try? PlanningInput.load(
            framework: .data(Data(framework), name: "framework.xml"), roster: .data(Data(roster), name: "roster.xml"),
            lenient: true)
    else { return 0 }
    var session = AssignmentSession(assigner: planning.assigner)
    let skipped = planning.skipped
    _ = try? planning.rosterSource.streamRoster { person, _ in
        guard !skipped.contains(person.id) else { return true }
        _ = session.evaluate(person)
        _ = session.plan(person)
        return true
    }
    return 0
}
