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
/// A start tag cannot hold a `<` (libxml2 stops at one in an attribute value), so each tag
/// lies between its `<` and the next one, and it needs at least 5 bytes per attribute (a
/// space, a name, `=` and two quotes). Only a span from one `<` to the next that is long
/// enough to hold more than the limit, or that runs past the end of the bytes given, is
/// looked at byte by byte: `=` outside quoted values is counted up to the tag's `>`. The
/// others are stepped over with `memchr`, so almost every byte is looked at once, by the C
/// library. End tags, comments, processing instructions and declarations hold no
/// attributes; CDATA sections and comments are not told apart from text: a long fake start
/// tag in one, with more `=` than the limit, would be refused too, which no real document has.
package struct AttributeGuard {
    package let limit: Int
    /// A span shorter than this cannot hold a start tag with more than ``limit`` attributes.
    private let longSpan: Int
    /// The line at the start of the next bytes.
    private var line = 1
    /// A start tag that began in earlier bytes and has not ended.
    private var open: Tag?

    /// A start tag being counted byte by byte.
    private struct Tag {
        /// The line of its `<`.
        var line: Int
        /// Whether the byte after `<` is known to open a start tag (it came in the same bytes).
        var decided = true
        var count = 0
        var quote: UInt8 = 0
    }

    private enum Outcome { case ended, tooMany, unfinished }

    package init(limit: Int) {
        self.limit = limit
        longSpan = limit < Int.max / 5 - 1 ? 5 * (max(limit, 0) + 1) : Int.max
    }

    /// The line of the start tag that goes past the limit, if one does in `bytes`.
    package mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return nil }
        let end = base + bytes.count
        let lineAtStart = line
        let lessThan = Int32(UInt8(ascii: "<"))
        func next(after cursor: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
            cursor < end ? memchr(cursor, lessThan, end - cursor).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } : nil
        }
        var tagOpen = next(after: base)
        // A tag carried over from earlier bytes is counted up to its `>`, or to the next `<`.
        if var tag = open {
            open = nil
            if tag.decided || !Self.opensMarkup(base.pointee) {
                tag.decided = true
                switch count(&tag, from: base, to: tagOpen ?? end) {
                case .tooMany: return tag.line
                case .unfinished where tagOpen == nil:
                    open = tag
                    line = lineAtStart + Self.lineFeeds(from: base, to: end)
                    return nil
                default: break
                }
            }
        }
        while let start = tagOpen {
            let first = start + 1
            guard first < end else {
                // The next bytes say whether this opens a start tag.
                open = Tag(line: lineAtStart + Self.lineFeeds(from: base, to: start), decided: false)
                break
            }
            let following = next(after: first)
            if !Self.opensMarkup(first.pointee), following.map({ $0 - start >= longSpan }) ?? true {
                var tag = Tag(line: 0)
                switch count(&tag, from: first, to: following ?? end) {
                case .tooMany: return lineAtStart + Self.lineFeeds(from: base, to: start)
                case .unfinished where following == nil:
                    tag.line = lineAtStart + Self.lineFeeds(from: base, to: start)
                    open = tag
                default: break
                }
            }
            tagOpen = following
        }
        line = lineAtStart + Self.lineFeeds(from: base, to: end)
        return nil
    }

    /// Whether the byte after `<` opens something other than a start tag: an end tag, a
    /// comment, a declaration or a processing instruction.
    private static func opensMarkup(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "/")
    }

    /// Counts the attributes of `tag` in `start..<end`: `=` outside quoted values, up to `>`.
    private func count(_ tag: inout Tag, from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> Outcome {
        var cursor = start
        var quote = tag.quote
        var count = tag.count
        defer {
            tag.quote = quote
            tag.count = count
        }
        while cursor < end {
            let byte = cursor.pointee
            cursor += 1
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: ">") {
                return .ended
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: "=") {
                count += 1
                if count > limit { return .tooMany }
            }
        }
        return .unfinished
    }

    /// The number of LF bytes from `start` up to `end`, 32 bytes at a time.
    package static func lineFeeds(from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> Int {
        var feeds = 0
        var cursor = start
        let lineFeed = SIMD32<UInt8>(repeating: 0x0A)
        while end - cursor >= 32 {
            // Each lane counts up to 255 before the counts are added up.
            var lanes = SIMD32<UInt8>()
            var rounds = 0
            while rounds < 255, end - cursor >= 32 {
                let block = UnsafeRawPointer(cursor).loadUnaligned(as: SIMD32<UInt8>.self)
                // A lane of the mask is all ones where the byte is an LF: subtracting it adds one.
                lanes &-= unsafeBitCast(block .== lineFeed, to: SIMD32<UInt8>.self)
                cursor += 32
                rounds += 1
            }
            feeds += Int(SIMD32<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while cursor < end {
            feeds &+= cursor.pointee == 0x0A ? 1 : 0
            cursor += 1
        }
        return feeds
    }
}
