/// Maps C strings handed over by the parser to vocabulary names.
///
/// libxml2 interns names in its dictionary, so the same name arrives at the same address
/// again and again; the cache keys on the address. A hit is only confirmed by the
/// terminating NUL at the length stored with it, not by comparing the bytes: the answer is
/// right because the dictionary keeps each interned name, unchanged, at its address for the
/// whole parse, and a cache lives in one builder, which serves one parse. A miss looks the
/// bytes up by value and remembers the address (up to 192 of the 256 slots).
struct NameCache<Value> {
    private struct Slot {
        var key: UnsafeRawPointer?
        var value: Value?
        var length: Int
    }

    /// Open addressing on the address; 256 slots, far more than the vocabulary's names.
    private var slots: [Slot]
    private let byBytes: [[UInt8]: Value]
    private var filled = 0

    init(_ names: [(String, Value)]) {
        var table: [[UInt8]: Value] = [:]
        for (name, value) in names { table[Array(name.utf8)] = value }
        byBytes = table
        slots = Array(repeating: Slot(key: nil, value: nil, length: 0), count: 256)
    }

    mutating func resolve(_ pointer: UnsafePointer<UInt8>) -> Value? {
        let key = UnsafeRawPointer(pointer)
        var index = (Int(bitPattern: key) >> 3) & 255
        for _ in 0..<slots.count {
            guard let stored = slots[index].key else { break }
            // A hit is confirmed by the terminating NUL at the stored length (libxml2's
            // dictionary keeps interned names alive for the whole parse).
            if stored == key, pointer[slots[index].length] == 0 { return slots[index].value }
            index = (index + 1) & 255
        }
        var length = 0
        while pointer[length] != 0 { length += 1 }
        let value = byBytes[Array(UnsafeBufferPointer(start: pointer, count: length))]
        if filled < 192, slots[index].key == nil {
            slots[index] = Slot(key: key, value: value, length: length)
            filled += 1
        }
        return value
    }
}

func cString(_ pointer: UnsafePointer<UInt8>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
}

func cStringEquals(_ pointer: UnsafePointer<UInt8>, _ bytes: [UInt8]) -> Bool {
    for index in bytes.indices where pointer[index] != bytes[index] { return false }
    return pointer[bytes.count] == 0
}

/// Decodes the character and predefined entity references that libxml2 leaves in attribute
/// values when it does not substitute entities (`&#38;` for `&`).
func decodeReferences(_ text: String) -> String {
    guard text.utf8.contains(0x26) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var index = text.startIndex
    while index < text.endIndex {
        let character = text[index]
        guard character == "&", let semicolon = text[index...].firstIndex(of: ";") else {
            result.append(character)
            index = text.index(after: index)
            continue
        }
        let name = text[text.index(after: index)..<semicolon]
        var replacement: String?
        switch name {
        case "amp": replacement = "&"
        case "lt": replacement = "<"
        case "gt": replacement = ">"
        case "quot": replacement = "\""
        case "apos": replacement = "'"
        default:
            if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                replacement = String(Character(scalar))
            } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                replacement = String(Character(scalar))
            }
        }
        if let replacement {
            result += replacement
            index = text.index(after: semicolon)
        } else {
            result.append(character)
            index = text.index(after: index)
        }
    }
    return result
}
