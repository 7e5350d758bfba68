import CompetencyModel

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
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let end = bytes.count
        var index = 0
        while index < end {
            let byte = base[index]
            if byte == 0x0A { line += 1 }
            if afterOpen {
                afterOpen = false
                if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "/") { inMarkup = true }
            }
            if !inTag {
                if byte == UInt8(ascii: "<") {
                    inTag = true
                    inMarkup = false
                    afterOpen = true
                    count = 0
                    quote = 0
                    tagLine = line
                }
            } else if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: ">") {
                inTag = false
            } else if !inMarkup {
                if byte == 0x22 || byte == 0x27 {
                    quote = byte
                } else if byte == UInt8(ascii: "=") {
                    count += 1
                    if count > limit { return tagLine }
                }
            }
            index += 1
        }
        return nil
    }
}
