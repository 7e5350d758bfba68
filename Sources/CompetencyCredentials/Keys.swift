import Crypto
import _CryptoExtras
public import Foundation

/// A signing algorithm of a VC-JWT, as its JOSE `alg` names it.
public enum SigningAlgorithm: String, Hashable, Sendable, CaseIterable {
    /// RSASSA-PKCS1-v1_5 with SHA-256: the minimum Open Badges 3.0 requires.
    case rs256 = "RS256"
    /// Ed25519.
    case edDSA = "EdDSA"
}

/// Why a key could not be read, made or used.
public struct KeyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A public key that verifies credentials: an RSA key (`kty` `RSA`) or an Ed25519 key
/// (`kty` `OKP`, `crv` `Ed25519`), read from and written as a JWK (RFC 7517).
public struct VerificationKey: Sendable {
    enum Material: Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case ed25519(Immutable<Curve25519.Signing.PublicKey>)
    }

    let material: Material
    /// The key's `kid`: its own when the JWK names one, else its RFC 7638 thumbprint URI.
    public let keyID: String
    /// The algorithm the key signs with.
    public var algorithm: SigningAlgorithm {
        switch material {
        case .rsa: .rs256
        case .ed25519: .edDSA
        }
    }

    /// Reads a public JWK. A JWK that holds a private part (`d`) is refused, so that a
    /// private key is never taken for a public one and passed around.
    public init(jwk: JSON) throws(KeyError) {
        if jwk["d"] != nil {
            throw KeyError("the JWK holds a private key ('d'); give the public key (KEY.public.jwk)")
        }
        let material = try Self.material(of: jwk)
        self.material = material
        self.keyID = jwk["kid"]?.string ?? Self.thumbprintURI(of: material)
    }

    init(material: Material, keyID: String) {
        self.material = material
        self.keyID = keyID
    }

    static func material(of jwk: JSON) throws(KeyError) -> Material {
        switch jwk["kty"]?.string {
        case "RSA":
            guard let n = jwk["n"]?.string.flatMap(Base64URL.decode), let e = jwk["e"]?.string.flatMap(Base64URL.decode)
            else { throw KeyError("the RSA JWK needs 'n' and 'e' in base64url") }
            do {
                let key = try _RSA.Signing.PublicKey(n: n, e: e)
                guard key.keySizeInBits >= 2048 else { throw KeyError("the RSA key has \(key.keySizeInBits) bits; at least 2048 are required") }
                return .rsa(key)
            } catch let error as KeyError {
                throw error
            } catch {
                throw KeyError("the RSA JWK is not a usable key")
            }
        case "OKP":
            guard jwk["crv"]?.string == "Ed25519" else { throw KeyError("the OKP JWK must have 'crv' Ed25519") }
            guard let x = jwk["x"]?.string.flatMap(Base64URL.decode),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x)
            else { throw KeyError("the Ed25519 JWK needs 'x': 32 bytes in base64url") }
            return .ed25519(Immutable(key))
        case let other?:
            throw KeyError("key type '\(other)' is not supported; use an RSA (RS256) or Ed25519 (EdDSA) key")
        case nil:
            throw KeyError("the JWK has no 'kty'")
        }
    }

    /// The public JWK: members in RFC 7638 order, then `kid`, `alg` and `use`.
    public var jwk: JSON {
        var members = Self.thumbprintMembers(of: material)
        members.append(JSON.Member("kid", .string(keyID)))
        members.append(JSON.Member("alg", .string(algorithm.rawValue)))
        members.append(JSON.Member("use", .string("sig")))
        return .object(members)
    }

    static func thumbprintMembers(of material: Material) -> [JSON.Member] {
        switch material {
        case .rsa(let key):
            let primitives = try? key.getKeyPrimitives()
            return [
                JSON.Member("e", .string(Base64URL.encode(primitives?.publicExponent ?? Data()))),
                JSON.Member("kty", .string("RSA")),
                JSON.Member("n", .string(Base64URL.encode(primitives?.modulus ?? Data()))),
            ]
        case .ed25519(let box):
            let key = box.value
            return [
                JSON.Member("crv", .string("Ed25519")), JSON.Member("kty", .string("OKP")),
                JSON.Member("x", .string(Base64URL.encode(key.rawRepresentation))),
            ]
        }
    }

    /// The RFC 9278 URI of the key's RFC 7638 SHA-256 thumbprint.
    static func thumbprintURI(of material: Material) -> String {
        let canonical = JSON.object(thumbprintMembers(of: material)).serialized
        return "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + Base64URL.encode(Data(SHA256.hash(data: Data(canonical.utf8))))
    }

    /// Whether `signature` is this key's signature of `message` under `algorithm`. An
    /// algorithm that is not the key's never verifies.
    func isValid(signature: Data, for message: some DataProtocol, algorithm: SigningAlgorithm) -> Bool {
        switch (material, algorithm) {
        case (.rsa(let key), .rs256):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: Data(message)),
                padding: .insecurePKCS1v1_5)
        case (.ed25519(let key), .edDSA):
            return key.value.isValidSignature(signature, for: Data(message))
        default:
            return false
        }
    }
}

/// A private key that signs credentials, read from and written as a private JWK.
///
/// Its private part is never printed or written anywhere but the key file: its
/// `description` names only the algorithm and the `kid`.
public struct SigningKey: Sendable, CustomStringConvertible {
    enum Material: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Immutable<Curve25519.Signing.PrivateKey>)
    }

    let material: Material
    /// The public half.
    public let publicKey: VerificationKey

    public var algorithm: SigningAlgorithm { publicKey.algorithm }
    public var keyID: String { publicKey.keyID }
    public var description: String { "\(algorithm.rawValue) signing key \(keyID)" }

    /// Makes a new key: RSA 2048 bits for RS256, Ed25519 for EdDSA.
    public static func generate(_ algorithm: SigningAlgorithm) throws(KeyError) -> SigningKey {
        switch algorithm {
        case .rs256:
            guard let key = try? _RSA.Signing.PrivateKey(keySize: .bits2048) else { throw KeyError("could not make an RSA key") }
            return SigningKey(material: .rsa(key), keyID: nil)
        case .edDSA:
            return SigningKey(material: .ed25519(Immutable(Curve25519.Signing.PrivateKey())), keyID: nil)
        }
    }

    init(material: Material, keyID: String?) {
        self.material = material
        let publicMaterial: VerificationKey.Material
        switch material {
        case .rsa(let key): publicMaterial = .rsa(key.publicKey)
        case .ed25519(let key): publicMaterial = .ed25519(Immutable(key.value.publicKey))
        }
        publicKey = VerificationKey(
            material: publicMaterial, keyID: keyID ?? VerificationKey.thumbprintURI(of: publicMaterial))
    }

    /// Reads a private JWK (RSA with `n`, `e`, `d`, `p`, `q`; or OKP Ed25519 with `x`, `d`).
    public init(jwk: JSON) throws(KeyError) {
        guard let d = jwk["d"]?.string.flatMap(Base64URL.decode) else {
            throw KeyError("the JWK has no private part ('d'); give the private key that keygen wrote")
        }
        let material: Material
        switch try VerificationKey.material(of: jwk) {
        case .rsa:
            guard let n = jwk["n"]?.string.flatMap(Base64URL.decode), let e = jwk["e"]?.string.flatMap(Base64URL.decode),
                let p = jwk["p"]?.string.flatMap(Base64URL.decode), let q = jwk["q"]?.string.flatMap(Base64URL.decode),
                let key = try? _RSA.Signing.PrivateKey(n: n, e: e, d: d, p: p, q: q)
            else { throw KeyError("the RSA private JWK needs 'n', 'e', 'd', 'p' and 'q'") }
            material = .rsa(key)
        case .ed25519(let stated):
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: d),
                key.publicKey.rawRepresentation == stated.value.rawRepresentation
            else { throw KeyError("the Ed25519 private JWK's 'd' does not belong to its 'x'") }
            material = .ed25519(Immutable(key))
        }
        self.init(material: material, keyID: jwk["kid"]?.string)
    }

    /// The private JWK, to be kept in a file only its owner can read.
    public var privateJWK: JSON {
        guard case .object(var members) = publicKey.jwk else { return publicKey.jwk }
        switch material {
        case .ed25519(let key):
            members.insert(JSON.Member("d", .string(Base64URL.encode(key.value.rawRepresentation))), at: 3)
        case .rsa(let key):
            let parts = DER.rsaPrivateKeyIntegers(key.derRepresentation)
            let names = ["d", "p", "q", "dp", "dq", "qi"]
            for (offset, name) in names.enumerated() where offset + 3 < parts.count {
                members.insert(JSON.Member(name, .string(Base64URL.encode(parts[offset + 3]))), at: 3 + offset)
            }
        }
        return .object(members)
    }

    /// Signs `message` with the key's algorithm.
    func sign(_ message: some DataProtocol) throws(KeyError) -> Data {
        switch material {
        case .rsa(let key):
            guard let signature = try? key.signature(for: SHA256.hash(data: Data(message)), padding: .insecurePKCS1v1_5)
            else { throw KeyError("RSA signing failed") }
            return signature.rawRepresentation
        case .ed25519(let key):
            guard let signature = try? key.value.signature(for: Data(message)) else { throw KeyError("Ed25519 signing failed") }
            return signature
        }
    }
}

/// base64url without padding (RFC 7515 §2).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// Encodes bytes.
    public static func encode(_ data: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        encode(data, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoding of `data` to `out`.
    static func encode(_ data: some Collection<UInt8>, into out: inout [UInt8]) {
        if let done: Void = data.withContiguousStorageIfAvailable({ encode(buffer: $0, into: &out) }) { return done }
        let copy = Array(data)
        copy.withUnsafeBufferPointer { encode(buffer: $0, into: &out) }
    }

    private static func encode(buffer input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let count = input.count
        let start = out.count
        let length = count / 3 * 4 + [0, 2, 3][count % 3]
        out.append(contentsOf: repeatElement(0, count: length))
        alphabet.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { output in
                var write = start
                var read = 0
                while read + 3 <= count {
                    let chunk = UInt32(input[read]) << 16 | UInt32(input[read + 1]) << 8 | UInt32(input[read + 2])
                    output[write] = table[Int(chunk >> 18 & 63)]
                    output[write + 1] = table[Int(chunk >> 12 & 63)]
                    output[write + 2] = table[Int(chunk >> 6 & 63)]
                    output[write + 3] = table[Int(chunk & 63)]
                    read += 3
                    write += 4
                }
                let rest = count - read
                if rest > 0 {
                    let chunk = UInt32(input[read]) << 16 | (rest == 2 ? UInt32(input[read + 1]) << 8 : 0)
                    output[write] = table[Int(chunk >> 18 & 63)]
                    output[write + 1] = table[Int(chunk >> 12 & 63)]
                    if rest == 2 { output[write + 2] = table[Int(chunk >> 6 & 63)] }
                }
            }
        }
    }

    /// Decodes unpadded base64url; `nil` for any other character, padding or a dangling digit.
    public static func decode(_ text: some StringProtocol) -> Data? {
        var text = String(text)
        return text.withUTF8 { decode(bytes: $0) }
    }

    static func decode(bytes input: UnsafeBufferPointer<UInt8>) -> Data? {
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 4 + 1)
        var accumulator: UInt32 = 0
        var bits: UInt32 = 0
        var valid = true
        values.withUnsafeBufferPointer { table in
            for byte in input {
                let value = table[Int(byte)]
                guard value >= 0 else {
                    valid = false
                    return
                }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    out.append(UInt8(truncatingIfNeeded: accumulator >> bits))
                }
            }
        }
        // A canonical encoding leaves 0, 2 or 4 unused bits, all zero.
        guard valid, bits != 6, accumulator & ((1 << bits) - 1) == 0 else { return nil }
        return Data(out)
    }
}

/// The few DER shapes a private RSA key comes in.
enum DER {
    /// The integers of a PKCS #1 `RSAPrivateKey` (version, n, e, d, p, q, dp, dq, qi), also
    /// when it is wrapped in PKCS #8; leading zero bytes removed. Empty when the bytes are
    /// neither.
    static func rsaPrivateKeyIntegers(_ der: Data) -> [Data] {
        let bytes = [UInt8](der)
        guard let (tag, body) = element(bytes, at: 0), tag == 0x30 else { return [] }
        var items: [(tag: UInt8, content: Range<Int>)] = []
        var offset = body.lowerBound
        while offset < body.upperBound, let (tag, content) = element(bytes, at: offset) {
            items.append((tag, content))
            offset = content.upperBound
        }
        // PKCS #8: version, algorithm, OCTET STRING holding the PKCS #1 key.
        if items.count >= 3, items[1].tag == 0x30, items[2].tag == 0x04 {
            return rsaPrivateKeyIntegers(Data(bytes[items[2].content]))
        }
        return items.filter { $0.tag == 0x02 }.map { item in
            var slice = bytes[item.content]
            while slice.count > 1, slice.first == 0 { slice = slice.dropFirst() }
            return Data(slice)
        }
    }

    /// The tag and content range of the element at `offset`.
    private static func element(_ bytes: [UInt8], at offset: Int) -> (UInt8, Range<Int>)? {
        guard offset + 2 <= bytes.count else { return nil }
        let tag = bytes[offset]
        var length = Int(bytes[offset + 1])
        var start = offset + 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, start + count <= bytes.count else { return nil }
            length = 0
            for byte in bytes[start..<start + count] { length = length << 8 | Int(byte) }
            start += count
        }
        guard start + length <= bytes.count else { return nil }
        return (tag, start..<start + length)
    }
}

/// A key of swift-crypto that is not marked `Sendable` but is never mutated after it is made.
struct Immutable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
