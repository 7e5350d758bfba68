import CompetencyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Counts the attributes of each start tag in the bytes before libxml2 sees them, so that an
/// element with a huge number of attributes is refused at once: libxml2 takes time quadratic
/// in that number (100,000 attributes on one element take about 26 s).
///
/// It follows tags, quoted attribute values, comments and processing instructions across
/// chunks; it counts `=` outside quotes in a start tag. CDATA sections are not told apart from
/// text: text that looked like a start tag with more attributes than the limit would be
/// refused too, which no real document does.
struct AttributeGuard {
    let limit: Int
    private var inTag = false
    /// In a comment, a processing instruction or a declaration: `=` and quotes do not count.
    private var inMarkup = false
    private var quote: UInt8 = 0
    private var count = 0
    private var line = 1
    private var tagLine = 1
    private var afterOpen = false

    init(limit: Int) { self.limit = limit }

    /// The line of the start tag that goes past the limit, if one does in `bytes`.
    ///
    /// The state lives in locals while scanning, text outside tags, quoted values and end tags,
    /// comments and declarations are skipped with `memchr`, and lines are counted in one pass
    /// over the chunk at the end (or up to the tag that went past the limit).
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return nil }
        let end = base + bytes.count
        let lineAtStart = line
        var inTag = self.inTag
        var inMarkup = self.inMarkup
        var quote = self.quote
        var count = self.count
        var afterOpen = self.afterOpen
        /// Where the open tag began, when it began in this chunk.
        var tagStart: UnsafePointer<UInt8>?
        var cursor = base
        while cursor < end {
            if afterOpen {
                afterOpen = false
                let byte = cursor.pointee
                if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "/") { inMarkup = true }
            }
            if !inTag {
                guard let found = memchr(cursor, Int32(UInt8(ascii: "<")), end - cursor) else { break }
                let open = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                inTag = true
                inMarkup = false
                afterOpen = true
                count = 0
                quote = 0
                tagStart = open
                cursor = open + 1
                continue
            }
            if quote != 0 || inMarkup {
                // A quoted value ends at its quote; markup at the first `>`.
                let stop = quote != 0 ? quote : UInt8(ascii: ">")
                guard let found = memchr(cursor, Int32(stop), end - cursor) else { break }
                if quote != 0 { quote = 0 } else { inTag = false }
                cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
                continue
            }
            let byte = cursor.pointee
            if byte == UInt8(ascii: ">") {
                inTag = false
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: "=") {
                count += 1
                if count > limit {
                    return tagStart.map { lineAtStart + Self.lineFeeds(from: base, to: $0) } ?? tagLine
                }
            }
            cursor += 1
        }
        if inTag, let tagStart { tagLine = lineAtStart + Self.lineFeeds(from: base, to: tagStart) }
        line = lineAtStart + Self.lineFeeds(from: base, to: end)
        self.inTag = inTag
        self.inMarkup = inMarkup
        self.quote = quote
        self.count = count
        self.afterOpen = afterOpen
        return nil
    }

    /// The number of LF bytes from `start` up to `end`.
    private static func lineFeeds(from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> Int {
        var feeds = 0
        var cursor = start
        while cursor < end {
            feeds &+= cursor.pointee == 0x0A ? 1 : 0
            cursor += 1
        }
        return feeds
    }
}
