import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// `-o` never destroys its target: a regular file is replaced only when the run succeeds,
/// and anything else is written as it is.
@Suite struct OutputSafetyTests {
    static func folder() throws -> URL {
        try Scratch.folder("ck-output")
    }

    static func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static func kind(_ path: String) throws -> FileAttributeType? {
        try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
    }

    static var coverage: String {
        get throws { try Tool.run(["coverage"]).stdout }
    }

    /// A character device of this test's own, in a temporary folder, so that a regression
    /// in the writer could never replace a device the machine uses (`/dev/null`, `/dev/full`).
    static func privateDevice(_ name: String, major: UInt32, minor: UInt32) throws -> String? {
        let path = try folder().appendingPathComponent(name).path
        // Linux's encoding of a device number, for majors under 4,096 and minors under 256.
        let device = dev_t((major & 0xFFF) << 8 | (minor & 0xFF))
        return mknod(path, S_IFCHR | 0o666, device) == 0 ? path : nil
    }

    /// Whether this process may make device nodes (root, outside a restricted container).
    static let canMakeDevices: Bool = (try? privateDevice("probe", major: 1, minor: 3)) != nil

    @Test(.enabled(if: canMakeDevices, "this process may not make device nodes (mknod): the device cases cannot run"))
    func aDeviceIsWrittenNeverReplaced() throws {
        let null = try #require(try Self.privateDevice("null", major: 1, minor: 3))
        #expect(try Self.kind(null) == .typeCharacterSpecial)
        let run = try Tool.run(["plan", "-o", null])
        #expect(run.status == 0)
        #expect(try Self.kind(null) == .typeCharacterSpecial)
    }

    @Test func aFIFOsReaderReceivesTheOutput() throws {
        let folder = try Self.folder()
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = LockedData()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: fifo) { received.set(handle.readDataToEndOfFile()) }
        }
        reader.start()
        let run = try Tool.run(["coverage", "-o", fifo])
        while !received.isSet { usleep(10_000) }
        #expect(run.status == 0)
        #expect(String(decoding: received.value, as: UTF8.self) == (try Self.coverage))
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func aSymbolicLinkStaysAndItsFileIsReplaced() throws {
        let folder = try Self.folder()
        let target = folder.appendingPathComponent("target.txt")
        let link = folder.appendingPathComponent("link.txt")
        try "old\n".write(to: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.txt")
        #expect(try Tool.run(["coverage", "-o", link.path]).status == 0)
        #expect(try Self.kind(link.path) == .typeSymbolicLink)
        #expect(try String(contentsOf: target, encoding: .utf8) == (try Self.coverage))
        #expect(try Self.entries(folder) == ["link.txt", "target.txt"])
    }

    @Test func everyHardLinkSeesTheNewContent() throws {
        let folder = try Self.folder()
        let first = folder.appendingPathComponent("a.txt")
        let second = folder.appendingPathComponent("b.txt")
        try "old\n".write(to: first, atomically: false, encoding: .utf8)
        try FileManager.default.linkItem(at: first, to: second)
        #expect(try Tool.run(["coverage", "-o", first.path]).status == 0)
        #expect(try String(contentsOf: second, encoding: .utf8) == (try Self.coverage))
        #expect(try FileManager.default.attributesOfItem(atPath: first.path)[.referenceCount] as? Int == 2)
        #expect(try Self.entries(folder) == ["a.txt", "b.txt"])
    }

    @Test func aPrivateFileStaysPrivate() throws {
        let folder = try Self.folder()
        let file = folder.appendingPathComponent("plans.txt")
        try "old\n".write(to: file, atomically: false, encoding: .utf8)
        #expect(chmod(file.path, 0o600) == 0)
        #expect(try Tool.run(["plan", "-o", file.path]).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func aReadOnlyFileIsRefusedAndKept() throws {
        let folder = try Self.folder()
        let file = folder.appendingPathComponent("read-only.txt")
        try "old\n".write(to: file, atomically: false, encoding: .utf8)
        #expect(chmod(file.path, 0o444) == 0)
        let run = try Tool.run(["coverage", "-o", file.path])
        #expect(run.status == 2)
        #expect(
            run.stderr.hasSuffix(
                "\(file.path): error: cannot write the output: the file is read-only; make it writable or choose another output [io.unwritable]\n"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "old\n")
    }

    @Test func aRunMayWriteOverItsOwnInput() throws {
        let folder = try Self.folder()
        let roster = folder.appendingPathComponent("roster.xml")
        try FileManager.default.copyItem(at: Fixtures.url("sample/roster.xml"), to: roster)
        let expected = try Tool.run(["plan", "--roster", roster.path]).stdout
        let run = try Tool.run(["plan", "--roster", roster.path, "-o", roster.path])
        #expect(run.status == 0)
        #expect(try String(contentsOf: roster, encoding: .utf8) == expected)
        #expect(try Self.entries(folder) == ["roster.xml"])
    }

    @Test func aFailedRunLeavesTheTargetAsItWas() throws {
        let folder = try Self.folder()
        let file = folder.appendingPathComponent("plan.json")
        try "previous\n".write(to: file, atomically: false, encoding: .utf8)
        let run = try Tool.run(["plan", "--format", "json", "--framework", "Fixtures/validation/draft.xml", "-o", file.path])
        #expect(run.status == 1)
        let missing = try Tool.run(["plan", "--format", "json", "--person", "nobody", "-o", file.path])
        #expect(missing.status == 1)
        #expect(try String(contentsOf: file, encoding: .utf8) == "previous\n")
        #expect(try Self.entries(folder) == ["plan.json"])
    }

    @Test func writeErrorsAreReportedNotTrapped() throws {
        let shell = URL(fileURLWithPath: "/bin/sh")
        let binary = Tool.binary.path
        let noSpace = try Tool.run(["-c", "exec '\(binary)' rules > /dev/full"], executable: shell)
        #expect(noSpace.status == 2)
        #expect(noSpace.stderr == "standard output: error: cannot write the output: No space left on device [io.unwritable]\n")
        let closed = try Tool.run(["-c", "exec '\(binary)' rules >&-"], executable: shell)
        #expect(closed.status == 2)
        #expect(closed.stderr == "standard output: error: cannot write the output: Bad file descriptor [io.unwritable]\n")
    }

    @Test(.enabled(if: canMakeDevices, "this process may not make device nodes (mknod): the device cases cannot run"))
    func aFullDeviceGivenToOIsReportedAndKept() throws {
        let full = try #require(try Self.privateDevice("full", major: 1, minor: 7))
        let toFile = try Tool.run(["coverage", "-o", full])
        #expect(toFile.status == 2)
        #expect(toFile.stderr.hasSuffix("\(full): error: cannot write the output: No space left on device [io.unwritable]\n"))
        #expect(try Self.kind(full) == .typeCharacterSpecial)
    }

    /// Until the commit, nothing is visible beside the target, and the target is untouched.
    @Test func anUncommittedOutputLeavesNothingBehind() throws {
        let folder = try Self.folder()
        let target = folder.appendingPathComponent("out.txt")
        try "old\n".write(to: target, atomically: false, encoding: .utf8)
        let output = try OutputFile(path: target.path)
        try output.write(String(repeating: "new\n", count: 50_000))
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        #if os(Linux)
            #expect(try Self.entries(folder) == ["out.txt"])
        #endif
        output.discard()
        #expect(try Self.entries(folder) == ["out.txt"])
        let again = try OutputFile(path: target.path)
        try again.write("new\n")
        try again.commit()
        #expect(try String(contentsOf: target, encoding: .utf8) == "new\n")
        #expect(try Self.entries(folder) == ["out.txt"])
    }
}

/// SIGINT and SIGTERM end a run by the signal, with the target as it was and no temporary
/// file beside it, on file systems with unnamed temporary files and without
/// (`COMPETENCY_TEMPORARY_FILES=hidden` makes the tool use hidden, named ones).
@Suite struct StopSignalTests {
    /// A roster of `count` people on the sample framework, large enough that converting it
    /// takes a while.
    static func largeRoster(_ count: Int) -> String {
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        text += #"<roster xmlns="urn:competencykit:1" framework="na-digital" as-of="2026-01-15">"# + "\n"
        text += #"  <unit id="U"><title>Unit</title></unit>"# + "\n"
        for index in 0..<count {
            text += #"  <person id="p\#(index)" unit="U"><name>Person \#(index)</name>"#
            text += #"<assessment competency="C1.1" level="L2" date="2025-10-13" method="self"/>"#
            text += #"<assessment competency="C2.3" level="L1" date="2025-11-02" method="test"/></person>"# + "\n"
        }
        return text + "</roster>\n"
    }

    static let roster = largeRoster(60_000)

    /// Starts `convert ROSTER --to json -o out.json`, waits until its temporary file exists
    /// (when it is named) or a moment has passed, sends `signal`, and returns how it ended.
    func interrupt(with signal: Int32, hidden: Bool) throws -> (process: Process, folder: URL) {
        let folder = try OutputSafetyTests.folder()
        let input = folder.appendingPathComponent("roster.xml")
        try Self.roster.write(to: input, atomically: false, encoding: .utf8)
        let target = folder.appendingPathComponent("out.json")
        try "old\n".write(to: target, atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = Tool.binary
        process.arguments = ["convert", input.path, "--to", "json", "-o", target.path]
        var environment = ProcessInfo.processInfo.environment
        if hidden { environment["COMPETENCY_TEMPORARY_FILES"] = "hidden" }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let started = Date()
        // With named temporaries, wait until the output is open; the run takes seconds.
        while hidden, process.isRunning, Date().timeIntervalSince(started) < 30,
            !(try OutputSafetyTests.entries(folder).contains { $0.hasPrefix(".out.json.") })
        {
            usleep(1_000)
        }
        if !hidden { usleep(300_000) }
        #expect(process.isRunning, "the conversion ended before it could be interrupted")
        kill(process.processIdentifier, signal)
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // A signal ends the run silently.
        #expect(String(decoding: message, as: UTF8.self) == "")
        return (process, folder)
    }

    @Test(arguments: [SIGTERM, SIGINT], [true, false])
    func aStoppedRunLeavesTheTargetAndNothingElse(signal: Int32, hidden: Bool) throws {
        let (process, folder) = try interrupt(with: signal, hidden: hidden)
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try OutputSafetyTests.entries(folder) == ["out.json", "roster.xml"])
        #expect(try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8) == "old\n")
    }
}

/// The library's part: `removeTemporaryFiles()` removes the hidden file of every open output.
@Suite(.serialized) struct TemporaryFileRemovalTests {
    @Test func removingTemporaryFilesLeavesTheTargetAsItWas() throws {
        let folder = try OutputSafetyTests.folder()
        let target = folder.appendingPathComponent("out.txt")
        try "old\n".write(to: target, atomically: false, encoding: .utf8)
        let output = try OutputFile(path: target.path, temporary: .hidden)
        try output.write(String(repeating: "new\n", count: 50_000))
        let during = try OutputSafetyTests.entries(folder)
        #expect(during.count == 2)
        #expect(during.contains { $0.hasPrefix(".out.txt.") })
        OutputFile.removeTemporaryFiles()
        #expect(try OutputSafetyTests.entries(folder) == ["out.txt"])
        #expect(throws: DiagnosticError.self) { try output.commit() }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        #expect(try OutputSafetyTests.entries(folder) == ["out.txt"])
    }

    @Test func aHiddenTemporaryIsRenamedOverTheTargetAtTheCommit() throws {
        let folder = try OutputSafetyTests.folder()
        let target = folder.appendingPathComponent("out.txt")
        let output = try OutputFile(path: target.path, temporary: .hidden)
        try output.write("new\n")
        try output.commit()
        OutputFile.removeTemporaryFiles()
        #expect(try String(contentsOf: target, encoding: .utf8) == "new\n")
        #expect(try OutputSafetyTests.entries(folder) == ["out.txt"])
    }
}

/// Bytes handed from a reader thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
}
