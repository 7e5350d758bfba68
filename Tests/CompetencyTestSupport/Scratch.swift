import Foundation

/// Fresh folders in the temporary directory for tests to write into. Every folder made here
/// is removed, with everything in it, when the test process exits, so a test that forgets to
/// remove its folder (or stops early) leaves nothing behind. A test may still remove its
/// folder sooner itself.
public enum Scratch {
    /// Makes a new, empty folder named `prefix-UUID` in the temporary directory and returns
    /// it. The folder is removed when the test process exits.
    public static func folder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        scratchFolders.add(folder)
        return folder
    }
}

/// The folders `Scratch` has made, to be removed at exit. It is a global because the exit
/// handler is a C function, which cannot capture anything.
private let scratchFolders = ScratchFolders()

/// A list of folders, shared by tests running at the same time and guarded by a lock.
private final class ScratchFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var folders: [URL] = []
    private var handlerInstalled = false

    /// Adds `folder` to the list; the first call also installs the exit handler that removes
    /// every folder on the list.
    func add(_ folder: URL) {
        lock.lock()
        defer { lock.unlock() }
        if !handlerInstalled {
            handlerInstalled = true
            atexit { scratchFolders.removeAll() }
        }
        folders.append(folder)
    }

    /// Removes every folder on the list (those already gone are skipped) and empties it.
    func removeAll() {
        lock.lock()
        let taken = folders
        folders = []
        lock.unlock()
        for folder in taken { try? FileManager.default.removeItem(at: folder) }
    }
}
