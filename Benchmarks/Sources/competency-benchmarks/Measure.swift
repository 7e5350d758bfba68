import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Seconds on a monotonic clock.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// What one finished child process used, from `wait4`.
struct ProcessOutcome {
    /// Exit code, or -signal when killed by a signal.
    var status: Int32
    /// From just before `posix_spawn` to the return of `wait4`.
    var wallSeconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    /// `ru_maxrss` in KiB; see ``spawn(_:_:)`` for why it is not the child's own peak.
    var maxRSSKiB: Int
    var output: String

    var cpuSeconds: Double { userSeconds + systemSeconds }
}

enum SpawnError: Error, CustomStringConvertible {
    case failed(String, Int32)
    var description: String {
        switch self {
        case .failed(let path, let code): "cannot start \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// Runs `executable` with `arguments` in a new process, collects its standard output, and
/// waits for it with `wait4`, which gives the CPU time of that one child (and of the children
/// it waited for).
///
/// Its `ru_maxrss` is not the child's own peak: glibc's `posix_spawn` runs the child in this
/// process's memory until `exec` (`CLONE_VM | CLONE_VFORK`), and Linux folds the high-water
/// mark of that memory into the child's `ru_maxrss` at `exec`. Peak memory therefore comes from
/// the child itself (`VmHWM`) or from a launcher that forks (GNU time).
func spawn(_ executable: String, _ arguments: [String]) throws -> ProcessOutcome {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { throw SpawnError.failed(executable, errno) }
    #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
    #else
        var actions: posix_spawn_file_actions_t?
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    posix_spawn_file_actions_addclose(&actions, pipeEnds[1])

    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }

    var pid: pid_t = 0
    let start = now()
    let code = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    close(pipeEnds[1])
    guard code == 0 else {
        close(pipeEnds[0])
        throw SpawnError.failed(executable, code)
    }
    var output = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
        if count > 0 {
            output.append(contentsOf: buffer[0..<count])
        } else if count == 0 || errno != EINTR {
            break
        }
    }
    close(pipeEnds[0])
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let end = now()
    let signal = status & 0x7F
    #if canImport(Darwin)
        let rssKiB = Int(usage.ru_maxrss) / 1024  // bytes on Apple platforms
    #else
        let rssKiB = Int(usage.ru_maxrss)  // KiB on Linux
    #endif
    return ProcessOutcome(
        status: signal == 0 ? (status >> 8) & 0xFF : -signal,
        wallSeconds: end - start,
        userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
        systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
        maxRSSKiB: rssKiB,
        output: String(decoding: output, as: UTF8.self))
}

/// Finds a program on `PATH`.
func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}

// MARK: The machine

enum Machine {
    /// `/proc/loadavg`'s first three numbers.
    static func loadAverage() -> [Double] {
        var values = [Double](repeating: 0, count: 3)
        guard getloadavg(&values, 3) == 3 else { return [] }
        return values
    }

    static func loadText() -> String {
        loadAverage().map { String(format: "%.2f", $0) }.joined(separator: " ")
    }

    /// Processes ready to run right now, this one excluded (Linux: `/proc/stat` procs_running).
    static func otherRunnable() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("procs_running ") {
            return Int(line.split(separator: " ").last ?? "").map { max(0, $0 - 1) }
        }
        return nil
    }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    static var memoryGiB: Double { Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30) }

    static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        return "unknown CPU"
    }

    static var system: String {
        var name = utsname()
        uname(&name)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(name.sysname)) \(field(name.release)) \(field(name.machine))"
    }

    static var swiftVersion: String {
        #if compiler(>=6.5)
            "6.5 or later"
        #elseif compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #elseif compiler(>=6.1)
            "6.1"
        #else
            "6.0"
        #endif
    }

    /// This process's own peak resident set size in KiB (`VmHWM` on Linux).
    static func peakRSSKiB() -> Int {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                if let value = line.split(separator: " ").dropFirst().first(where: { !$0.isEmpty }), let kib = Int(value) {
                    return kib
                }
            }
        }
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        #if canImport(Darwin)
            return Int(usage.ru_maxrss) / 1024
        #else
            return Int(usage.ru_maxrss)
        #endif
    }
}
