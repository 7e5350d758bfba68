import CompetencyDiagnostics
import CompetencyModel
public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a run's output goes, written so that a failed run never destroys what was there.
///
/// - **Standard output** (`nil` or `-`), and anything that is not a regular file (a
///   character device such as `/dev/null`, a FIFO, a socket): written straight through.
/// - **A regular file**, or a path where nothing is yet: written to a temporary file in the
///   same folder, flushed to disk, and renamed over the target only by ``commit()``, after
///   the run has succeeded. The target keeps its mode and, where permitted, its owner. A
///   symbolic link is followed: the link stays and the file it points to is replaced.
///   Until the commit the target is not touched, so a run may write over one of its own
///   inputs, and a failed or killed run leaves the previous file as it was.
/// - **A file with several hard links**: written to a temporary file as well, then copied
///   into the target at the commit, so that every link sees the new content.
///
/// On Linux the temporary file has no name until the commit (`O_TMPFILE`), so nothing is
/// left behind even when the process is killed; elsewhere, or where the file system cannot
/// do that, it is a hidden file (`.NAME.XXXXXX`) that ``discard()`` removes. A program
/// that ends on a signal calls ``removeTemporaryFiles()`` from its handler first, so that
/// SIGINT and SIGTERM leave nothing behind either.
///
/// Writes are buffered. Every failure (a full disk, a closed pipe, `/dev/full`) throws a
/// located `io.unwritable` error instead of trapping.
///
/// One `OutputFile` is used by one task at a time; its methods take a lock so that a
/// renderer's callbacks may write from whichever thread runs them.
public final class OutputFile: @unchecked Sendable {
    /// The path as given, or `nil` for standard output.
    public let path: String?
    /// The name locations show: the path, or `standard output`.
    public var name: String { path ?? "standard output" }

    private enum Mode {
        case direct(close: Bool)
        case replace(target: String, temporary: String?, hardLinked: Bool)
    }

    private let lock = NSLock()
    private var descriptor: Int32
    private let mode: Mode
    private var buffer: [UInt8] = []
    private var finished = false
    private static let capacity = 1 << 16

    /// How the temporary file of a replaced target is made.
    public enum Temporary: Sendable, Hashable {
        /// Unnamed (`O_TMPFILE`) where the system and file system allow it, hidden otherwise.
        case unnamedWherePossible
        /// Always a hidden file beside the target, as on systems without `O_TMPFILE`.
        case hidden
    }

    /// Opens `path` for writing, or standard output when it is `nil` or `-`.
    ///
    /// - Parameters:
    ///   - path: The target, or `nil` or `-` for standard output.
    ///   - temporary: How the temporary file is made when the target is a regular file.
    /// - Throws: `io.unwritable` when the folder does not exist or cannot be written, or the
    ///   target is a folder.
    public init(path: String?, temporary: Temporary = .unnamedWherePossible) throws(DiagnosticError) {
        buffer.reserveCapacity(Self.capacity)
        guard let path, path != "-" else {
            self.path = nil
            descriptor = STDOUT_FILENO
            mode = .direct(close: false)
            return
        }
        self.path = path
        // A symbolic link is followed to the file it names; a dangling one names its target.
        let target = Self.resolve(path)
        var status = stat()
        let exists = stat(target, &status) == 0
        if exists && (status.st_mode & S_IFMT) == S_IFDIR {
            throw DiagnosticError(.unwritable(path, reason: "this is a folder; give a file"))
        }
        if exists && (status.st_mode & S_IFMT) != S_IFREG {
            // A device, a FIFO or a socket: never renamed over, written as it is.
            let opened = open(target, O_WRONLY | O_CLOEXEC)
            guard opened >= 0 else { throw DiagnosticError(.unwritable(path, reason: Self.reason(errno))) }
            descriptor = opened
            mode = .direct(close: true)
            return
        }
        // Read-only by its mode (even to root, who may write anything) or to this user: refused.
        if exists && ((status.st_mode & 0o222) == 0 || access(target, W_OK) != 0) {
            throw DiagnosticError(.unwritable(path, reason: "the file is read-only; make it writable or choose another output"))
        }
        let folder = (target as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        let permissions: mode_t = exists ? status.st_mode & 0o7777 : 0o666
        var hiddenName: String?
        var opened: Int32 = -1
        #if os(Linux)
            if temporary == .unnamedWherePossible {
                opened = open(directory, linuxTemporaryFile | O_WRONLY | O_CLOEXEC, permissions)
            }
        #endif
        if opened < 0 {
            let base = (target as NSString).lastPathComponent
            var template = Array((directory + "/." + base + ".XXXXXX").utf8CString)
            opened = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard opened >= 0 else { throw DiagnosticError(.unwritable(path, reason: Self.reason(errno))) }
            let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            hiddenName = name
            // mkstemp makes the file 0600; give it what the target has, or what a new file gets.
            _ = fchmod(opened, exists ? permissions : permissions & ~Self.currentUmask())
        }
        if exists {
            _ = fchmod(opened, permissions)
            _ = fchown(opened, status.st_uid, status.st_gid)
        }
        descriptor = opened
        mode = .replace(target: target, temporary: hiddenName, hardLinked: exists && status.st_nlink > 1)
        if let hiddenName { Self.pending.add(hiddenName, for: ObjectIdentifier(self)) }
    }

    /// Whether an output to `path` would go to a temporary file that replaces the target only
    /// on ``commit()``, so that what is written can still be taken back: a regular file, or a
    /// path where nothing is yet. Standard output, devices, FIFOs and sockets are written
    /// straight through.
    public static func replacesTarget(_ path: String?) -> Bool {
        guard let path, path != "-" else { return false }
        var status = stat()
        guard stat(resolve(path), &status) == 0 else { return true }
        return (status.st_mode & S_IFMT) == S_IFREG
    }

    /// Removes the hidden temporary file of every output not yet committed or discarded.
    ///
    /// For a program's SIGINT or SIGTERM handler, called just before it ends: the targets
    /// keep what they held, and no temporary file is left beside them. It only unlinks
    /// names, so it is safe to call while other threads are writing. Unnamed temporary
    /// files need no removal: the system drops them when the process ends.
    public static func removeTemporaryFiles() {
        pending.removeAll()
    }

    /// The hidden temporary files that exist now, by output.
    private static let pending = PendingNames()

    deinit {
        if !finished { discardLocked() }
    }

    /// Appends text.
    public func write(_ text: String) throws(DiagnosticError) {
        var text = text
        let failure: DiagnosticError? = text.withUTF8 { bytes in
            do throws(DiagnosticError) { try write(UnsafeRawBufferPointer(bytes)) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Appends bytes.
    public func write(_ data: Data) throws(DiagnosticError) {
        let failure: DiagnosticError? = data.withUnsafeBytes { bytes in
            do throws(DiagnosticError) { try write(bytes) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(DiagnosticError) {
        lock.lock()
        defer { lock.unlock() }
        if bytes.count >= Self.capacity {
            try flushLocked()
            try writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.capacity { try flushLocked() }
    }

    /// Writes what is buffered and, for a file, makes it the target: the temporary file is
    /// flushed to disk and renamed over the target (or copied into it, when it has several
    /// hard links). Call it once, when the run has succeeded.
    public func commit() throws(DiagnosticError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        do throws(DiagnosticError) {
            try flushLocked()
            switch mode {
            case .direct(let close):
                finished = true
                if close, Glibc_close(descriptor) != 0 { throw failure(errno) }
            case .replace(let target, let temporary, let hardLinked):
                guard fsync(descriptor) == 0 else { throw failure(errno) }
                if hardLinked {
                    try copyIntoTarget(target)
                    discardLocked()
                } else {
                    try link(temporary: temporary, over: target)
                    finished = true
                    _ = Glibc_close(descriptor)
                }
            }
        } catch {
            discardLocked()
            throw error
        }
    }

    /// Drops the output: the target is left as it was, and no temporary file remains.
    public func discard() {
        lock.lock()
        defer { lock.unlock() }
        discardLocked()
    }

    // MARK: Internals

    private func discardLocked() {
        guard !finished else { return }
        finished = true
        buffer.removeAll()
        switch mode {
        case .direct(let close):
            if close { _ = Glibc_close(descriptor) }
        case .replace(_, let temporary, _):
            _ = Glibc_close(descriptor)
            if let temporary {
                _ = unlink(temporary)
                Self.pending.remove(ObjectIdentifier(self))
            }
        }
    }

    private func flushLocked() throws(DiagnosticError) {
        guard !buffer.isEmpty else { return }
        let failure: DiagnosticError? = buffer.withUnsafeBytes { bytes in
            do throws(DiagnosticError) { try writeAll(bytes) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(DiagnosticError) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc_write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            remaining -= written
            next += written
        }
    }

    private func link(temporary: String?, over target: String) throws(DiagnosticError) {
        if let temporary {
            guard rename(temporary, target) == 0 else { throw failure(errno) }
            Self.pending.remove(ObjectIdentifier(self))
            return
        }
        #if os(Linux)
            // Give the unnamed file a hidden name beside the target, then rename it over.
            let hidden = (target as NSString).deletingLastPathComponent.appendingPathComponentOrSelf(
                ".\((target as NSString).lastPathComponent).\(getpid()).tmp")
            _ = unlink(hidden)
            let source = "/proc/self/fd/\(descriptor)"
            // Named for the moment between the link and the rename: a signal then removes it.
            Self.pending.add(hidden, for: ObjectIdentifier(self))
            defer { Self.pending.remove(ObjectIdentifier(self)) }
            guard linkat(AT_FDCWD, source, AT_FDCWD, hidden, AT_SYMLINK_FOLLOW) == 0 else { throw failure(errno) }
            guard rename(hidden, target) == 0 else {
                let code = errno
                _ = unlink(hidden)
                throw failure(code)
            }
        #endif
    }

    private func copyIntoTarget(_ target: String) throws(DiagnosticError) {
        let output = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard output >= 0 else { throw failure(errno) }
        defer { _ = Glibc_close(output) }
        // The temporary file was opened write-only: read it back through /proc or its name.
        let input = reopenForReading()
        guard input >= 0 else { throw failure(errno) }
        defer { _ = Glibc_close(input) }
        var chunk = [UInt8](repeating: 0, count: Self.capacity)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc_read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = chunk.withUnsafeBytes { Glibc_write(output, $0.baseAddress! + offset, count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(errno)
                }
                offset += written
            }
        }
        guard fsync(output) == 0 else { throw failure(errno) }
    }

    private func reopenForReading() -> Int32 {
        if case .replace(_, let temporary?, _) = mode { return open(temporary, O_RDONLY | O_CLOEXEC) }
        return open("/proc/self/fd/\(descriptor)", O_RDONLY | O_CLOEXEC)
    }

    private func failure(_ code: Int32) -> DiagnosticError {
        DiagnosticError(.unwritable(name, reason: Self.reason(code)))
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    private static func resolve(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { return current }
            let destination = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                destination.hasPrefix("/")
                ? destination : (current as NSString).deletingLastPathComponent.appendingPathComponentOrSelf(destination)
        }
        return current
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}

/// Names of temporary files to remove if the process is stopped, guarded by a lock.
private final class PendingNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [ObjectIdentifier: String] = [:]

    func add(_ name: String, for owner: ObjectIdentifier) {
        lock.lock()
        names[owner] = name
        lock.unlock()
    }

    func remove(_ owner: ObjectIdentifier) {
        lock.lock()
        names[owner] = nil
        lock.unlock()
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for name in names.values { _ = unlink(name) }
        names.removeAll()
    }
}

extension String {
    fileprivate func appendingPathComponentOrSelf(_ component: String) -> String {
        isEmpty ? component : (self as NSString).appendingPathComponent(component)
    }
}

#if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which the C headers define as a macro Swift
    /// does not import.
    private let linuxTemporaryFile: Int32 = 0o20_200_000
#endif

// The C calls under names that do not clash with this type's own methods.
private func Glibc_write(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func Glibc_read(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, bytes, count)
}

private func Glibc_close(_ descriptor: Int32) -> Int32 { close(descriptor) }
