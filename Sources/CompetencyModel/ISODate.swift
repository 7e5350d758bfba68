/// A calendar date without time or zone, written `YYYY-MM-DD` (xs:date).
public struct ISODate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date, or returns `nil` when the day does not exist in that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= ISODate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; returns `nil` for anything else, including impossible dates.
    public init?(_ text: some StringProtocol) {
        self.init(String(text))
    }

    /// Parses `YYYY-MM-DD`; returns `nil` for anything else, including impossible dates.
    ///
    /// Not generic, so that readers in other modules call compiled, specialised code: dates are
    /// parsed for every dated record of a roster.
    public init?(_ text: String) {
        guard text.utf8.count == 10 else { return nil }
        var text = text
        guard let fields = text.withUTF8({ Self.fields(of: $0) }) else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The fields of `YYYY-MM-DD` in exactly ten bytes, or `nil`.
    private static func fields(of bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return (year, month, day)
    }

    public var description: String {
        guard Self.hasUsualFields(year, month, day) else {
            func pad(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            Self.writeUsual(year, month, day) { offset, byte in buffer[offset] = byte }
            return 10
        }
    }

    /// Whether every field fits its width: four digits of year, two of month and day.
    private static func hasUsualFields(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        (0...9999).contains(year) && (0...99).contains(month) && (0...99).contains(day)
    }

    /// The ten bytes of a date with usual fields, in order.
    @inline(__always)
    private static func writeUsual(_ year: Int, _ month: Int, _ day: Int, _ put: (Int, UInt8) -> Void) {
        let zero = UInt8(ascii: "0")
        put(0, zero + UInt8(year / 1000))
        put(1, zero + UInt8(year / 100 % 10))
        put(2, zero + UInt8(year / 10 % 10))
        put(3, zero + UInt8(year % 10))
        put(4, UInt8(ascii: "-"))
        put(5, zero + UInt8(month / 10))
        put(6, zero + UInt8(month % 10))
        put(7, UInt8(ascii: "-"))
        put(8, zero + UInt8(day / 10))
        put(9, zero + UInt8(day % 10))
    }

    /// Appends ``description`` as UTF-8, without building the string for the usual dates.
    package func appendDescription(to out: inout [UInt8]) {
        guard Self.hasUsualFields(year, month, day) else {
            out.append(contentsOf: description.utf8)
            return
        }
        Self.writeUsual(year, month, day) { _, byte in out.append(byte) }
    }

    public static func < (lhs: ISODate, rhs: ISODate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = ISODate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
