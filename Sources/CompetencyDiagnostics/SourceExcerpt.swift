import Foundation

/// Lines of a file read without holding the file: for reports on documents too large to keep
/// in memory beside their findings.
public enum SourceExcerpt {
    /// The longest line kept, in bytes; a longer line is left out (reports show no snippet
    /// for it rather than hold it).
    public static let maximumLineBytes = 1 << 20

    /// The lines numbered `numbers` (1-based) of the file at `path`, without their line
    /// breaks, read in chunks. Lines end at LF, CRLF or a lone CR, as reports count them.
    /// Lines beyond the end, over ``maximumLineBytes``, or in a file that cannot be read are
    /// absent from the result.
    public static func lines(_ numbers: Set<Int>, ofFileAt path: String) -> [Int: String] {
        guard let last = numbers.max(), last >= 1, let handle = FileHandle(forReadingAtPath: path) else { return [:] }
        defer { try? handle.close() }
        var found: [Int: String] = [:]
        var line = 1
        var current: [UInt8] = []
        var overlong = false
        var afterCR = false
        func endLine() {
            if numbers.contains(line) && !overlong { found[line] = String(decoding: current, as: UTF8.self) }
            line += 1
            current.removeAll(keepingCapacity: true)
            overlong = false
        }
        while line <= last {
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            for byte in chunk {
                if afterCR {
                    afterCR = false
                    if byte == 0x0A { continue }
                }
                switch byte {
                case 0x0A: endLine()
                case 0x0D:
                    endLine()
                    afterCR = true
                default:
                    guard numbers.contains(line) else { continue }
                    if current.count < maximumLineBytes { current.append(byte) } else { overlong = true }
                }
                if line > last { break }
            }
        }
        if line <= last, numbers.contains(line), !overlong { found[line] = String(decoding: current, as: UTF8.self) }
        return found
    }
}
