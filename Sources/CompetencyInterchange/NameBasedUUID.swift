/// Name-based UUIDs (RFC 9562 version 5, SHA-1), so that exports give the same
/// identifiers every time.
enum NameBasedUUID {
    /// The namespace of CompetencyKit's derived identifiers: UUIDv5(URL namespace, "urn:competencykit:1").
    static let competencyKitNamespace: [UInt8] = make(namespace: urlNamespace, name: "urn:competencykit:1")

    /// RFC 9562's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    static let urlNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    /// The lowercase text form of UUIDv5(namespace, name).
    static func string(namespace: [UInt8] = competencyKitNamespace, name: String) -> String {
        format(make(namespace: namespace, name: name))
    }

    static func make(namespace: [UInt8], name: String) -> [UInt8] {
        var bytes = Array(SHA1.hash(namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }

    static func format(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` is a UUID of versions 1–5 in lowercase, as the CASE schema requires.
    static func isCASEUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 8, 13, 18, 23: if byte != UInt8(ascii: "-") { return false }
            case 14: if !(UInt8(ascii: "1")...UInt8(ascii: "5")).contains(byte) { return false }
            case 19: if ![UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(byte) { return false }
            default:
                if !((UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)) {
                    return false
                }
            }
        }
        return true
    }
}

/// SHA-1, only for name-based UUIDs (not for security). The schedule and the state live in
/// locals and one stack buffer: exports and imports hash a name per association.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        // The message, a 1 bit, zeros to 56 mod 64, and the length in bits: whole blocks.
        let blocks = (message.count + 8) / 64 + 1
        var data = [UInt8](repeating: 0, count: blocks * 64)
        data.withUnsafeMutableBufferPointer { out in
            for index in message.indices { out[index] = message[index] }
            out[message.count] = 0x80
            let bitLength = UInt64(message.count) &* 8
            for index in 0..<8 { out[out.count - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * index)) }
        }
        var h0: UInt32 = 0x6745_2301, h1: UInt32 = 0xEFCD_AB89, h2: UInt32 = 0x98BA_DCFE, h3: UInt32 = 0x1032_5476, h4: UInt32 = 0xC3D2_E1F0
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            data.withUnsafeBufferPointer { bytes in
                for chunk in stride(from: 0, to: bytes.count, by: 64) {
                    for index in 0..<16 {
                        let base = chunk + index * 4
                        w[index] = UInt32(bytes[base]) << 24 | UInt32(bytes[base + 1]) << 16 | UInt32(bytes[base + 2]) << 8 | UInt32(bytes[base + 3])
                    }
                    for index in 16..<80 {
                        let value = w[index - 3] ^ w[index - 8] ^ w[index - 14] ^ w[index - 16]
                        w[index] = (value << 1) | (value >> 31)
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4
                    @inline(__always) func round(_ f: UInt32, _ k: UInt32, _ word: UInt32) {
                        let temp = ((a << 5) | (a >> 27)) &+ f &+ e &+ k &+ word
                        e = d
                        d = c
                        c = (b << 30) | (b >> 2)
                        b = a
                        a = temp
                    }
                    for index in 0..<20 { round((b & c) | (~b & d), 0x5A82_7999, w[index]) }
                    for index in 20..<40 { round(b ^ c ^ d, 0x6ED9_EBA1, w[index]) }
                    for index in 40..<60 { round((b & c) | (b & d) | (c & d), 0x8F1B_BCDC, w[index]) }
                    for index in 60..<80 { round(b ^ c ^ d, 0xCA62_C1D6, w[index]) }
                    h0 = h0 &+ a
                    h1 = h1 &+ b
                    h2 = h2 &+ c
                    h3 = h3 &+ d
                    h4 = h4 &+ e
                }
            }
        }
        var digest = [UInt8](repeating: 0, count: 20)
        for (index, word) in [h0, h1, h2, h3, h4].enumerated() {
            for byte in 0..<4 { digest[index * 4 + byte] = UInt8(truncatingIfNeeded: word >> UInt32(24 - byte * 8)) }
        }
        return digest
    }
}
