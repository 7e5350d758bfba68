import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// Inputs that can be read only once (a FIFO, as `<(command)` gives, or standard input) are
/// read once, whole; devices that never end are refused from their first bytes.
@Suite struct StreamInputTests {
    /// Runs the tool with `arguments`, where `FIFO` stands for a FIFO that a thread fills with `text`.
    static func run(_ arguments: [String], feeding text: String) throws -> Tool.Result {
        let folder = try OutputSafetyTests.folder()
        let fifo = folder.appendingPathComponent("input").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(text.utf8))
                try? handle.close()
            }
        }
        writer.start()
        return try Tool.run(arguments.map { $0 == "FIFO" ? fifo : $0 })
    }

    static func sample(_ name: String) throws -> String {
        try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Fixtures/sample/\(name)"), encoding: .utf8)
    }

    @Test func aFIFOConvertsLikeTheFileItCarries() throws {
        let viaFIFO = try Self.run(["convert", "FIFO", "--to", "json"], feeding: try Self.sample("roster.xml"))
        let viaFile = try Tool.run(["convert", "Fixtures/sample/roster.xml", "--to", "json"])
        #expect(viaFIFO.status == 0)
        #expect(viaFIFO.stderr == "")
        #expect(viaFIFO.stdout == viaFile.stdout)
    }

    @Test func aFIFORosterValidatesLikeTheFile() throws {
        let result = try Self.run(["validate", "FIFO", "--framework", "Fixtures/sample/framework.xml"], feeding: try Self.sample("roster.xml"))
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix(": no problems found\n"))
    }

    @Test func aFIFOFrameworkShowsLikeTheFile() throws {
        let viaFIFO = try Self.run(["show", "FIFO"], feeding: try Self.sample("framework.xml"))
        let viaFile = try Tool.run(["show", "Fixtures/sample/framework.xml"])
        #expect(viaFIFO.status == 0)
        let name = "Fixtures/sample/framework.xml"
        #expect(viaFIFO.stdout.split(separator: "\n").dropFirst() == viaFile.stdout.split(separator: "\n").dropFirst())
        #expect(viaFile.stdout.hasPrefix("\(name): framework na-digital"))
    }

    @Test(arguments: ["show", "convert", "validate"])
    func deviceOfNULBytesIsRefusedAtOnce(verb: String) throws {
        let result = try Tool.run(verb == "convert" ? [verb, "/dev/zero", "--to", "json"] : [verb, "/dev/zero"])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "/dev/zero: error: this is binary data, not a document (a NUL byte at offset 0); give a framework, roster or plan file [io.not-a-document]\n"
        )
    }

    @Test func randomBytesAreRefusedNotReadForever() throws {
        let result = try Tool.run(["show", "/dev/urandom"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("/dev/urandom: error: this is binary data, not a document (a NUL byte at offset "))
        #expect(result.stderr.hasSuffix("); give a framework, roster or plan file [io.not-a-document]\n"))
    }

    @Test func aFileOfNULBytesIsRefusedByTheReader() throws {
        let file = try Tool.temporaryFile("zeros.xml", String(repeating: "\u{0}", count: 4096))
        let result = try Tool.run(["show", file.path])
        #expect(result.status == 1)
        // The excerpt under the message shows the bytes escaped.
        #expect(
            result.stderr.hasPrefix(
                "\(file.path):1:1: error: this is not an XML document: it starts with NUL bytes (a binary file, or a device such as /dev/zero) [xml.syntax]\n\\u{0}\\u{0}"))
    }

    @Test func binaryOffsetTellsWideTextFromBinary() {
        #expect(DocumentSource.binaryOffset(Data("<roster/>".utf8)) == nil)
        #expect(DocumentSource.binaryOffset(Data([0x00, 0x3C, 0x00, 0x72])) == nil)
        #expect(DocumentSource.binaryOffset(Data([0x3C, 0x00, 0x00, 0x00, 0x72, 0, 0, 0])) == nil)
        #expect(DocumentSource.binaryOffset(Data([0xFF, 0xFE, 0x3C, 0x00])) == nil)
        #expect(DocumentSource.binaryOffset(Data([0x00, 0x00, 0x00, 0x00])) == 0)
        #expect(DocumentSource.binaryOffset(Data([0x3C, 0x72, 0x00, 0x01])) == 2)
    }
}
