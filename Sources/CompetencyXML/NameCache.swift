/// Maps C strings handed over by the parser to vocabulary names.
///
/// libxml2 interns names in its dictionary, so the same name arrives at the same address
/// again and again; the cache keys on the address and checks the bytes, so a reused
/// address can never yield a wrong name.
struct NameCache<Value> {
    private var byAddress: [UnsafeRawPointer: (value: Value?, bytes: [UInt8])] = [:]
    private let byBytes: [[UInt8]: Value]

    init(_ names: [(String, Value)]) {
        var table: [[UInt8]: Value] = [:]
        for (name, value) in names { table[Array(name.utf8)] = value }
        byBytes = table
    }

    mutating func resolve(_ pointer: UnsafePointer<UInt8>) -> Value? {
        let key = UnsafeRawPointer(pointer)
        if let cached = byAddress[key], NameCache.matches(pointer, cached.bytes) { return cached.value }
        var length = 0
        while pointer[length] != 0 { length += 1 }
        let bytes = Array(UnsafeBufferPointer(start: pointer, count: length))
        let value = byBytes[bytes]
        if byAddress.count < 4096 { byAddress[key] = (value, bytes) }
        return value
    }

    private static func matches(_ pointer: UnsafePointer<UInt8>, _ bytes: [UInt8]) -> Bool {
        for index in bytes.indices where pointer[index] != bytes[index] { return false }
        return pointer[bytes.count] == 0
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
