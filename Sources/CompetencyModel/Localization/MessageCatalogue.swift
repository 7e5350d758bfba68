/// The tool's and the renderers' own words in one language: headings, statuses, explanations,
/// and the patterns for dates and numbers.
///
/// Messages are templates keyed by a dotted name (`plan.heading`, `status.exempt`) with
/// `{name}` placeholders. CompetencyKit bundles English and Vietnamese (``bundled``). Another
/// language is added by building a catalogue with the same keys, in code or by decoding one
/// from JSON (`{"language": "fr", "messages": {"plan.heading": "…"}}`), and passing it to
/// ``Localizer/init(language:documentLanguage:catalogues:)``; a key it lacks falls back to
/// English. ``keys`` lists every key the bundled English catalogue defines.
public struct MessageCatalogue: Hashable, Sendable, Codable {
    /// The catalogue's language, a BCP 47 tag.
    public var language: String
    /// Templates by key.
    public var messages: [String: String]

    public init(language: String, messages: [String: String]) {
        self.language = language
        self.messages = messages
    }

    /// English, the fallback for every other language.
    public static let english = MessageCatalogue(language: "en", messages: BundledMessages.merged(\.english))
    /// Vietnamese.
    public static let vietnamese = MessageCatalogue(language: "vi", messages: BundledMessages.merged(\.vietnamese))
    /// The catalogues CompetencyKit ships: English and Vietnamese.
    public static let bundled: [MessageCatalogue] = [english, vietnamese]

    /// Every key of the English catalogue, sorted: what a new language should translate.
    public static var keys: [String] { english.messages.keys.sorted() }

    /// This catalogue with `other`'s messages taking precedence, in `other`'s language.
    public func merging(_ other: MessageCatalogue) -> MessageCatalogue {
        MessageCatalogue(language: other.language, messages: messages.merging(other.messages) { _, new in new })
    }

    /// The catalogue for `language` in `catalogues`: an exact tag first, then the primary subtag
    /// (`vi` for `vi-VN`), compared without regard to case.
    static func find(_ language: String, in catalogues: [MessageCatalogue]) -> MessageCatalogue? {
        let wanted = language.lowercased()
        if let exact = catalogues.first(where: { $0.language.lowercased() == wanted }) { return exact }
        guard let primary = primarySubtag(wanted) else { return nil }
        return catalogues.first { $0.language.lowercased() == primary }
    }

    static func primarySubtag(_ language: String) -> String? {
        guard let dash = language.firstIndex(where: { $0 == "-" || $0 == "_" }) else { return nil }
        return String(language[..<dash]).lowercased()
    }

    /// `template` with each `{name}` replaced by `arguments[name]`; an unknown placeholder is
    /// kept as written, and so is everything from a `{` that is never closed.
    package static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty else { return template }
        var copy = template
        return copy.withUTF8 { bytes in
            guard bytes.contains(UInt8(ascii: "{")) else { return template }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            MessageTemplate.scan(bytes) { piece in
                switch piece {
                case .text(let range): out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
                case .placeholder(let name, let whole):
                    if let value = arguments[String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self)] {
                        out.append(contentsOf: value.utf8)
                    } else {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[whole]))
                    }
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// A message whose `{name}` placeholders were found once, for renderers that fill the same
/// message for every person: filling it only appends its pieces. Placeholders not among the
/// template's argument names are kept as written, as ``Localizer/message(_:_:)`` keeps them.
package struct MessageTemplate: Sendable {
    package enum Piece: Sendable {
        case text(String)
        case argument(Int)
    }

    /// Where a template's pieces lie in its UTF-8 bytes.
    enum Span {
        case text(Range<Int>)
        /// The name between the braces, and the whole placeholder with its braces.
        case placeholder(name: Range<Int>, whole: Range<Int>)
    }

    package let pieces: [Piece]

    /// The message for `key` in `words`, with the placeholders named in `arguments`, in the
    /// order that ``fill(_:)`` takes their values.
    package init(_ words: Localizer, _ key: String, arguments: [String]) {
        self.init(template: words.message(key), arguments: arguments)
    }

    package init(template: String, arguments: [String]) {
        let bytes = Array(template.utf8)
        var pieces: [Piece] = []
        var pending: [UInt8] = []
        Self.scan(bytes[...]) { span in
            switch span {
            case .text(let range): pending += bytes[range]
            case .placeholder(let name, let whole):
                if let index = arguments.firstIndex(of: String(decoding: bytes[name], as: UTF8.self)) {
                    if !pending.isEmpty { pieces.append(.text(String(decoding: pending, as: UTF8.self))) }
                    pending.removeAll(keepingCapacity: true)
                    pieces.append(.argument(index))
                } else {
                    pending += bytes[whole]
                }
            }
        }
        if !pending.isEmpty { pieces.append(.text(String(decoding: pending, as: UTF8.self))) }
        self.pieces = pieces
    }

    /// The template with its arguments' `values`, in the order the initializer named them; a
    /// missing value leaves its placeholder empty.
    package func fill(_ values: String...) -> String {
        var out = ""
        write(values, into: &out)
        return out
    }

    /// Appends the filled template to `out`.
    package func write(_ values: [String], into out: inout String) {
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .argument(let index): if index < values.count { out += values[index] }
            }
        }
    }

    /// Calls `body` with the text runs and placeholders of a template's bytes, in order. An
    /// unclosed `{` and everything after it is text.
    static func scan<Bytes: Collection>(_ bytes: Bytes, _ body: (Span) -> Void) where Bytes.Element == UInt8, Bytes.Index == Int {
        var start = bytes.startIndex
        var position = start
        while position < bytes.endIndex {
            guard bytes[position] == UInt8(ascii: "{"),
                let close = bytes[position...].firstIndex(of: UInt8(ascii: "}"))
            else {
                position += 1
                continue
            }
            if start < position { body(.text(start..<position)) }
            body(.placeholder(name: (position + 1)..<close, whole: position..<(close + 1)))
            position = close + 1
            start = position
        }
        if start < bytes.endIndex { body(.text(start..<bytes.endIndex)) }
    }
}

/// One area's messages in the bundled languages. Each area of CompetencyKit keeps its words in a
/// file of its own (`Messages+Common.swift`, `Messages+Plan.swift`, …).
struct MessageSection: Sendable {
    var english: [String: String]
    var vietnamese: [String: String]
}

enum BundledMessages {
    /// Every section; a new area adds its section here.
    static let sections: [MessageSection] = [common, plan, coverage, spreadsheet, show, report, diff]

    static func merged(_ language: KeyPath<MessageSection, [String: String]>) -> [String: String] {
        var all: [String: String] = [:]
        for section in sections {
            all.merge(section[keyPath: language]) { first, _ in first }
        }
        return all
    }
}
