import CompetencyModel
import Foundation

/// What a CASE package holds beyond the native model, kept as extension attributes in the
/// namespace `urn:competencykit:interchange:case` (prefix `case`) so that CASE → native →
/// CASE gives the package back.
///
/// Each entity read from CASE keeps its own CASE object as read (`case:json`), its place in
/// its array (`case:order`), and a digest of the native fields mapped from it
/// (`case:digest`). The exporter writes the kept object again while the entity's mapped
/// fields still have that digest; when they were edited, it writes the edited fields and
/// keeps the object's other members. Associations travel with the entity that carries their
/// meaning: `isChildOf` with the child (`case:parent`), the others with the relation or
/// match they became (`case:association`), and those the model has no place for
/// (`exemplar`, ends outside the package, associations of top-level items) with the item
/// at their origin (`case:associations`). The framework keeps `CFDefinitions`, `CFRubrics`
/// (with a digest of the scales and descriptors) and any other package member.
enum CASESnapshot {
    static let format = "case"

    static let node = "json"
    static let order = "order"
    static let digest = "digest"
    static let identity = "identity"
    static let parent = "parent"
    static let parentDigest = "parent-digest"
    static let association = "association"
    static let associations = "associations"
    static let rubrics = "rubrics"
    static let rubricsDigest = "rubrics-digest"
    static let definitions = "definitions"
    static let package = "package"

    // MARK: Reading back

    static func attribute(_ name: String, in extensions: Extensions) -> String? {
        SourceExtension.attribute(name, of: format, in: extensions)
    }

    static func set(_ name: String, _ value: String, in extensions: inout Extensions) {
        SourceExtension.set(name, value, of: format, in: &extensions)
    }

    /// The JSON kept under `name`, parsed.
    static func json(_ name: String, in extensions: Extensions) -> JSONWriter.Value? { parsed(name, in: extensions).map(JSONWriter.Value.init) }

    /// The JSON kept under `name`, as read.
    static func parsed(_ name: String, in extensions: Extensions) -> JSONValue? {
        guard let text = attribute(name, in: extensions) else { return nil }
        return try? JSONParser.parse(Data(text.utf8), file: nil)
    }

    /// The values the CASE importer has just kept texts of, so that ``prune(_:read:)`` need
    /// not parse those texts again: the `CFDocument`, and the `CFItems` and
    /// `CFAssociations` by their places (`case:order`).
    struct Read {
        var document: JSONValue
        var items: [JSONValue]
        var associations: [JSONValue]

        /// The value of the text kept under `name`, read from the package when the importer
        /// wrote it from there (the framework's document, an item or association by its
        /// place, a parent link `[place,association]`), else parsed.
        func json(_ name: String, in extensions: Extensions, isFramework: Bool) -> JSONValue? {
            guard let text = CASESnapshot.attribute(name, in: extensions) else { return nil }
            switch name {
            case node where isFramework: return document
            case node, association:
                if let place = CASESnapshot.order(in: extensions) {
                    let values = name == node ? items : associations
                    if values.indices.contains(place) { return values[place] }
                }
            case parent:
                let digits = text.utf8.dropFirst().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                if text.utf8.first == UInt8(ascii: "["), let place = Int(String(decoding: digits, as: UTF8.self)), associations.indices.contains(place) {
                    return JSONValue(.array([JSONValue(.number(String(place))), associations[place]]))
                }
            default: break
            }
            return CASESnapshot.parsed(name, in: extensions)
        }
    }

    /// The place kept under `name`, for sorting.
    static func order(_ name: String = order, in extensions: Extensions) -> Int? { attribute(name, in: extensions).flatMap { Int($0) } }

    /// Associations kept under `case:associations`: each with its place.
    static func associations(in extensions: Extensions) -> [(order: Int, value: JSONWriter.Value)] {
        guard case .array(let pairs)? = json(associations, in: extensions) else { return [] }
        return pairs.compactMap { pair in
            guard case .array(let parts) = pair, parts.count == 2, case .number(let number) = parts[0], let order = Int(number) else {
                return nil
            }
            return (order, parts[1])
        }
    }

    /// Keeps `values` (with their places) as `case:associations`.
    static func keep(associations values: [(order: Int, value: JSONValue)], in extensions: inout Extensions) {
        guard !values.isEmpty else { return }
        let list = JSONWriter.Value.array(values.map { .array([.int($0.order), JSONWriter.Value($0.value)]) })
        set(associations, JSONWriter.compact(list), in: &extensions)
    }

    // MARK: Digests

    /// A digest of native values: the 64-bit FNV-1a hash of their canonical JSON, in hex. It
    /// only tells whether mapped fields changed since the import, so it need not resist
    /// forgery.
    static func hash<Value: Encodable>(_ value: Value) -> String { encodedHash(value) }

    static func encodedHash<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data()
        return data.withUnsafeBytes { hash(bytes: $0) }
    }

    /// ``hash(_:)`` of an array of strings, the same bytes hashed without `JSONEncoder`
    /// when it can be (see ``EncoderBytes``).
    static func hash(_ strings: [String]) -> String {
        var out = EncoderBytes()
        out.array(strings) { $0.string($1) }
        return out.failed ? encodedHash(strings) : out.digest
    }

    /// The bytes `JSONEncoder` with `.sortedKeys` writes, for the values whose strings have
    /// no character it escapes but `/` (written `\/`), hashed as they are made rather than
    /// kept: it copies everything else, non-ASCII included. A string with a quote, a
    /// backslash or a control character sets `failed`, and the caller asks `JSONEncoder`
    /// instead. Members are written in the order given, which the callers give sorted.
    struct EncoderBytes {
        /// The 64-bit FNV-1a state of the bytes so far.
        private var state: UInt64 = 0xcbf2_9ce4_8422_2325
        private var last: UInt8 = 0
        var failed = false

        mutating func append(_ byte: UInt8) {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            last = byte
        }

        /// The hash of the bytes so far, as ``CASESnapshot`` writes digests.
        var digest: String { CASESnapshot.hex(state) }

        mutating func string(_ text: String) {
            append(UInt8(ascii: "\""))
            contents(text)
            append(UInt8(ascii: "\""))
        }

        /// The inside of a string: `text` with `/` escaped.
        mutating func contents(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                guard let lastByte = bytes.last else { return }
                // The state stays in a register over the text; most bytes are letters and
                // digits, told by one comparison.
                var hash = state
                for byte in bytes {
                    if byte >= 0x30 && byte != 0x5C {
                        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                        continue
                    }
                    switch byte {
                    case UInt8(ascii: "/"):
                        hash = (hash ^ UInt64(UInt8(ascii: "\\"))) &* 0x0000_0100_0000_01b3
                        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                    case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"): failed = true
                    default: hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                    }
                }
                state = hash
                last = lastByte
            }
        }

        mutating func raw(_ text: StaticString) {
            text.withUTF8Buffer { for byte in $0 { append(byte) } }
        }

        mutating func array<Element>(_ values: [Element], _ element: (inout EncoderBytes, Element) -> Void) {
            append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { append(UInt8(ascii: ",")) }
                element(&self, value)
            }
            append(UInt8(ascii: "]"))
        }

        /// An object member: `"key":` with a comma before all but the first.
        mutating func key(_ key: StaticString) {
            if last != UInt8(ascii: "{") { append(UInt8(ascii: ",")) }
            append(UInt8(ascii: "\""))
            raw(key)
            raw("\":")
        }

        /// A `LocalizedText`: its variants, each `{"language":…,"value":…}`; one with
        /// foreign attributes is left to `JSONEncoder`.
        mutating func text(_ text: LocalizedText) {
            array(text.variants) { out, variant in
                if !variant.foreignAttributes.isEmpty { out.failed = true }
                out.append(UInt8(ascii: "{"))
                out.key("language")
                out.string(variant.language)
                out.key("value")
                out.string(variant.value)
                out.append(UInt8(ascii: "}"))
            }
        }

        /// What `JSONEncoder` writes for `competency` with its descriptors, relations, matches,
        /// children and extensions emptied (`digest(_:)` of a competency), without emptying
        /// them: the members in sorted order, those four written empty, the nil ones and an
        /// empty `replaces` left out.
        mutating func strippedCompetency(_ competency: Competency) {
            append(UInt8(ascii: "{"))
            key("children")
            raw("[]")
            if let code = competency.code {
                key("code")
                string(code)
            }
            key("description")
            text(competency.description)
            key("descriptors")
            raw("[]")
            key("extensions")
            raw("{}")
            key("id")
            string(competency.id.rawValue)
            if let levels = competency.levels {
                // An empty list that is not nil: left to `JSONEncoder`.
                if levels.isEmpty { failed = true }
                key("levels")
                array(levels) { $0.string($1.rawValue) }
            }
            key("matches")
            raw("[]")
            key("relations")
            raw("[]")
            // A list of identifiers is not written when empty (see CompetencyModel's Coding.swift).
            if !competency.replaces.isEmpty {
                key("replaces")
                array(competency.replaces) { $0.string($1.rawValue) }
            }
            if let scale = competency.scale {
                key("scale")
                string(scale.rawValue)
            }
            key("statement")
            text(competency.statement)
            if let status = competency.status {
                key("status")
                string(status.rawValue)
            }
            key("title")
            text(competency.title)
            if let uri = competency.uri {
                key("uri")
                string(uri)
            }
            append(UInt8(ascii: "}"))
        }
    }

    /// The 64-bit FNV-1a hash of `bytes`, as 16 hexadecimal digits.
    private static func hash(bytes: UnsafeRawBufferPointer) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hex(hash)
    }

    /// `hash` as 16 lower-case hexadecimal digits.
    static func hex(_ hash: UInt64) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 16) { buffer in
            digits.withUTF8Buffer { digits in
                for index in 0..<16 { buffer[index] = digits[Int((hash >> UInt64(60 - 4 * index)) & 0xF)] }
            }
            return 16
        }
    }

    static func digest(_ framework: Framework) -> String {
        var copy = framework
        copy.domains = []
        copy.scales = []
        copy.positions = []
        copy.modules = []
        copy.rules = []
        copy.extensions = .none
        return hash(copy)
    }

    static func digest(_ domain: Domain) -> String {
        var copy = domain
        copy.competencies = []
        copy.extensions = .none
        return hash(copy)
    }

    static func digest(_ competency: Competency) -> String {
        var out = EncoderBytes()
        out.strippedCompetency(competency)
        guard out.failed else { return out.digest }
        var copy = competency
        copy.children = []
        copy.relations = []
        copy.matches = []
        copy.descriptors = []
        copy.extensions = .none
        return hash(copy)
    }

    static func digest(_ relation: Relation) -> String { hash([relation.type.rawValue, relation.target.rawValue]) }

    static func digest(_ match: Match) -> String { hash([match.type.rawValue, match.uri]) }

    /// The identity of an entity: its ID and URI.
    static func identity(id: String, uri: String?) -> String { hash([id, uri ?? ""]) }

    /// Where an item stands: its parent's ID and its place among the parent's children.
    static func place(parent: String, index: Int) -> String { hash([parent, String(index)]) }

    /// The scales and every competency's scale and descriptors: what `CFRubrics` maps to.
    static func rubricsDigest(_ framework: Framework) -> String {
        struct Part: Encodable {
            var id: String
            var scale: String?
            var descriptors: [Descriptor]
        }
        var parts: [Part] = []
        func collect(_ competency: Competency) {
            if competency.scale != nil || !competency.descriptors.isEmpty {
                parts.append(Part(id: competency.id.rawValue, scale: competency.scale?.rawValue, descriptors: competency.descriptors))
            }
            competency.children.forEach(collect)
        }
        framework.domains.forEach { $0.competencies.forEach(collect) }
        struct Whole: Encodable {
            var scales: [Scale]
            var parts: [Part]
        }
        return hash(Whole(scales: framework.scales, parts: parts))
    }
}

// MARK: Keeping only what the exporter cannot rebuild

extension CASESnapshot {
    /// The attributes that keep CASE content (not `case:version`, which says what the
    /// version was before it was made semantic).
    static let names: Set<String> = [
        node, order, digest, identity, parent, parentDigest, association, associations, rubrics, rubricsDigest, definitions, package,
    ]

    static func forEachExtensions(_ framework: inout Framework, _ body: (inout Extensions) -> Void) {
        SourceExtension.forEachExtensions(&framework, links: true, body)
    }

    static func remove(_ removed: Set<String>, from extensions: inout Extensions) {
        SourceExtension.remove(removed, of: format, from: &extensions)
    }

    /// Equal up to the order of object members, numbers by value.
    static func same(_ lhs: JSONWriter.Value?, _ rhs: JSONWriter.Value?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (.string(let a)?, .string(let b)?): return a == b
        case (.bool(let a)?, .bool(let b)?): return a == b
        case (.null?, .null?): return true
        case (.int(let a)?, .int(let b)?): return a == b
        case (.number(let a)?, .int(let b)?), (.int(let b)?, .number(let a)?): return Int(a) == b
        case (.number(let a)?, .number(let b)?): return a == b || (Double(a) != nil && Double(a) == Double(b))
        case (.array(let a)?, .array(let b)?): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.object(let a)?, .object(let b)?):
            guard a.count == b.count else { return false }
            if a.count <= 16 {
                // Few members: looked for one by one rather than hashed.
                return a.allSatisfy { member in b.first { $0.0 == member.0 }.map { same(member.1, $0.1) } ?? false }
            }
            var other: [String: JSONWriter.Value] = [:]
            for (key, value) in b { other[key] = value }
            return a.allSatisfy { member in other[member.0].map { same(member.1, $0) } ?? false }
        default: return false
        }
    }

    /// ``same(_:_:)-(JSONWriter.Value?,_)`` of a value read, compared as it stands: the same
    /// answer as converting it to a ``JSONWriter/Value`` first, without building one.
    static func same(_ lhs: JSONValue?, _ rhs: JSONWriter.Value?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (let read?, let written?): return same(read, written)
        default: return false
        }
    }

    static func same(_ read: JSONValue, _ written: JSONWriter.Value) -> Bool {
        switch (read.kind, written) {
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.number(let a), .int(let b)): return Int(a) == b
        case (.number(let a), .number(let b)): return a == b || (Double(a) != nil && Double(a) == Double(b))
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.object(let a), .object(let b)): return same(members: a, b)
        default: return false
        }
    }

    /// Objects compare member by member, whatever their order.
    static func same(members a: [(key: String, value: JSONValue)], _ b: [(String, JSONWriter.Value)]) -> Bool {
        guard a.count == b.count else { return false }
        if a.count <= 16 {
            // Few members: looked for one by one rather than hashed.
            return a.allSatisfy { member in
                let length = member.key.utf8.count
                return b.first { $0.0.utf8.count == length && $0.0 == member.key }.map { same(member.value, $0.1) } ?? false
            }
        }
        var other: [String: JSONWriter.Value] = [:]
        for (key, value) in b { other[key] = value }
        return a.allSatisfy { member in other[member.key].map { same(member.value, $0) } ?? false }
    }

    /// Drops what the exporter writes the same without it: each kept object that the
    /// framework without kept content exports identically, and the places when the arrays
    /// come out in the order they were read. A package CompetencyKit wrote reads back with
    /// nothing kept.
    ///
    /// `read` gives the values of the kept texts without parsing them; only the importer,
    /// which has just written the texts from those values, passes it.
    static func prune(_ framework: inout Framework, read: Read? = nil) {
        var stripped = framework
        forEachExtensions(&stripped) { remove(names, from: &$0) }
        let exported = CASEExporter.package(stripped).members
        func member(_ key: String) -> JSONWriter.Value? { exported.first { $0.0 == key }?.1 }
        func byIdentifier(_ values: [JSONWriter.Value]) -> [String: JSONWriter.Value] {
            var result: [String: JSONWriter.Value] = [:]
            for value in values {
                if let identifier = identifierOf(value) { result[identifier] = value }
            }
            return result
        }
        let items = byIdentifier(member("CFItems")?.arrayValues ?? [])
        let associations = byIdentifier(member("CFAssociations")?.arrayValues ?? [])

        // The order read, from the kept places, against the order written.
        var readItems: [(Int, String)] = []
        var readAssociations: [(Int, String)] = []
        var complete = true
        // What each entity keeps, parsed once for both walks (they visit in the same order).
        var kept: [(node: JSONValue?, association: JSONValue?, parent: JSONValue?)] = []
        forEachExtensions(&framework) { extensions in
            let place = CASESnapshot.order(in: extensions)
            func value(_ name: String) -> JSONValue? {
                read.map { $0.json(name, in: extensions, isFramework: kept.isEmpty) } ?? parsed(name, in: extensions)
            }
            let keptNode = value(node)
            let keptAssociation = value(association)
            let keptParent = value(parent)
            kept.append((keptNode, keptAssociation, keptParent))
            if let node = keptNode, attribute(association, in: extensions) == nil, let place, let id = identifierOf(node) {
                readItems.append((place, id))
            }
            if let value = keptAssociation, let place, let id = identifierOf(value) { readAssociations.append((place, id)) }
            if case .array(let pair)? = keptParent?.kind, pair.count == 2, case .number(let number) = pair[0].kind,
                let place = Int(number), let id = identifierOf(pair[1])
            {
                readAssociations.append((place, id))
            }
            if !CASESnapshot.associations(in: extensions).isEmpty { complete = false }
        }
        func inOrder(_ read: [(Int, String)], _ written: [JSONWriter.Value]) -> Bool {
            complete && read.sorted { $0.0 < $1.0 }.map(\.1) == written.compactMap(identifierOf)
        }
        let itemsInOrder = inOrder(readItems, member("CFItems")?.arrayValues ?? [])
        let associationsInOrder = inOrder(readAssociations, member("CFAssociations")?.arrayValues ?? [])

        var visit = 0
        forEachExtensions(&framework) { extensions in
            let (keptNode, keptAssociation, keptParent) = kept[visit]
            let isFramework = visit == 0
            visit += 1
            if isFramework {
                if same(keptNode, member("CFDocument")) { remove([node, digest], from: &extensions) }
                if same(json(definitions, in: extensions), member("CFDefinitions")) { remove([definitions], from: &extensions) }
                if same(json(rubrics, in: extensions), member("CFRubrics")) { remove([rubrics, rubricsDigest], from: &extensions) }
                return
            }
            if let value = keptAssociation {
                if let id = identifierOf(value), same(value, associations[id]) { remove([association, digest], from: &extensions) }
                if associationsInOrder { remove([order], from: &extensions) }
                return
            }
            if let value = keptNode {
                if let id = identifierOf(value), same(value, items[id]) { remove([node, identity, digest], from: &extensions) }
                if itemsInOrder { remove([order], from: &extensions) }
            }
            if case .array(let pair)? = keptParent?.kind, pair.count == 2, let id = identifierOf(pair[1]) {
                if same(pair[1], associations[id]) {
                    remove([parent, parentDigest], from: &extensions)
                } else if associationsInOrder {
                    // `[null,association]`, as `JSONWriter.compact` writes that array.
                    set(parent, "[null," + JSONWriter.compact(pair[1]) + "]", in: &extensions)
                }
            }
        }
    }

    static func identifierOf(_ value: JSONWriter.Value) -> String? {
        guard case .string(let text)? = value.members.first(where: { $0.0 == "identifier" })?.1 else { return nil }
        return text
    }

    static func identifierOf(_ value: JSONValue) -> String? {
        guard case .string(let text)? = value.members.first(where: { $0.key == "identifier" })?.value.kind else { return nil }
        return text
    }
}
