/// Where the byte-level escapers (``Escaping``) write UTF-8: an array of bytes, or a buffer
/// of the caller's that appends without `Array`'s per-call bookkeeping.
package protocol ByteSink: ~Copyable {
    mutating func appendByte(_ byte: UInt8)
    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
    package mutating func appendByte(_ byte: UInt8) { append(byte) }
    package mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

extension ByteSink where Self: ~Copyable {
    /// Appends the bytes of a literal.
    @inline(__always)
    package mutating func appendLiteral(_ text: StaticString) {
        text.withUTF8Buffer { appendBytes($0) }
    }
}
