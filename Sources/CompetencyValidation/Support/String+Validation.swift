extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Without leading and trailing white space.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    /// Whether the text is empty or only white space.
    var isBlank: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

    /// Lowercased, with runs of white space collapsed to one space and the ends trimmed:
    /// the form in which two texts count as the same.
    var normalizedForComparison: String {
        if let ascii = asciiNormalized { return ascii }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
    }
}

extension String {
    /// ``normalizedForComparison`` for ASCII text, byte by byte; `nil` for other text.
    private var asciiNormalized: String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            guard byte < 0x80 else { return nil }
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                bytes.append(0x20)
                pendingSpace = false
            }
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
