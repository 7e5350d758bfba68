import CompetencyModel
import CompetencyTestSupport
import CompetencyXML
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `XMLWriter.write(_:to:)` writes into the file it is given and never renames another file
/// over it, so what the path is (a link, a file with several names, a private file) stays.
@Suite struct WriteToFileTests {
    static let framework = Framework(id: "f", title: "Written in place")

    /// A fresh folder, removed after `body`.
    private func inFolder(_ body: (URL) throws -> Void) throws {
        let folder = try Scratch.folder("write-to-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    private func readBack(_ url: URL) throws -> Framework {
        try XMLReader().readFramework(Data(contentsOf: url), file: url.path).value
    }

    @Test func aSymbolicLinkStaysALink() throws {
        try inFolder { folder in
            let target = folder.appendingPathComponent("target.xml")
            let link = folder.appendingPathComponent("link.xml")
            try Data("old".utf8).write(to: target)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
            try XMLWriter().write(.framework(Self.framework), to: link)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
            #expect(try readBack(target) == Self.framework)
        }
    }

    @Test func aHardLinkKeepsBothNamesAndAPrivateFileItsMode() throws {
        try inFolder { folder in
            let first = folder.appendingPathComponent("first.xml")
            let second = folder.appendingPathComponent("second.xml")
            try Data("old, and longer than nothing".utf8).write(to: first)
            #expect(chmod(first.path, 0o600) == 0)
            #expect(link(first.path, second.path) == 0)
            try XMLWriter().write(.framework(Self.framework), to: second)
            #expect(try readBack(first) == Self.framework)
            let attributes = try FileManager.default.attributesOfItem(atPath: first.path)
            #expect((attributes[.referenceCount] as? NSNumber)?.intValue == 2)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }

    @Test func aMissingFolderIsAPOSIXError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/framework.xml")
        #expect(throws: POSIXError(.ENOENT)) { try XMLWriter().write(.framework(Self.framework), to: url) }
    }
}
