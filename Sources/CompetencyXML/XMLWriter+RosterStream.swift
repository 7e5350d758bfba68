public import CompetencyModel
public import Foundation

/// Writes a roster person by person, so that a roster of any size is rewritten in bounded
/// memory: ``start()`` gives the root element with the title and the unit tree, each
/// ``write(_:)`` one person, ``finish()`` the end of the document. The bytes are those
/// ``XMLWriter/write(_:)-(Roster)`` writes for the same roster.
///
/// The namespaces of the people's foreign content are declared on the root, so they must be
/// known first: collect them with ``ForeignNamespaces`` in an earlier pass.
public struct RosterStreamWriter: Sendable {
    /// The first prefix each foreign namespace of the people is written with, in the order
    /// met: what the root element must declare.
    public struct ForeignNamespaces: Hashable, Sendable {
        fileprivate var first: [ForeignAttribute] = []
        private var seen: Set<String> = []

        public init() {}

        /// Notes the namespaces of `person`'s foreign content and that of its records.
        public mutating func add(_ person: Person) {
            XMLOutput.visitNamespaces(of: person) { extensions in
                guard !extensions.isEmpty else { return }
                XMLOutput.namespaceUses(in: extensions) { namespace, prefix in
                    guard !namespace.isEmpty, seen.insert(namespace).inserted else { return }
                    first.append(ForeignAttribute(namespace: namespace, prefix: prefix, name: "x", value: ""))
                }
            }
        }
    }

    private let header: Roster
    private let hasPeople: Bool
    private let namespaces: ForeignNamespaces
    private var state = State()

    private struct State: Sendable {
        var bindings: [String: String] = [:]
        var prefixes: [String: String] = [:]
        var language = ""
        var placer: XMLOutput.Placer = XMLOutput.Placer(Extensions())
        var isOpen = false
    }

    /// - Parameters:
    ///   - header: the roster's title, units and other fields; its people are ignored.
    ///   - hasPeople: whether any person will be written (an empty roster closes at once).
    ///   - namespaces: the foreign namespaces of the people to be written.
    public init(header: Roster, hasPeople: Bool, namespaces: ForeignNamespaces = ForeignNamespaces()) {
        var header = header
        header.people = []
        self.header = header
        self.hasPeople = hasPeople
        self.namespaces = namespaces
    }

    /// The XML declaration, the root start tag, the title and the unit tree.
    public mutating func start() -> Data {
        var output = XMLOutput(sink: nil)
        let people = Extensions(attributes: namespaces.first)
        let begun = output.beginRoster(header, hasPeople: hasPeople) { visit in visit(people) }
        state.placer = begun.placer
        state.isOpen = begun.isOpen
        state.bindings = output.rootBindings
        state.prefixes = output.prefixForNamespace
        state.language = output.language
        return Data(output.bytes)
    }

    /// One person, as the roster's next child.
    public mutating func write(_ person: Person) -> Data {
        var bytes: [UInt8] = []
        write(person, appendingTo: &bytes)
        return Data(bytes)
    }

    /// One person, as the roster's next child, appended to `bytes`: the bytes of
    /// ``write(_:)``, without a buffer of their own for each person.
    public mutating func write(_ person: Person, appendingTo bytes: inout [UInt8]) {
        var output = continuing(taking: &bytes)
        state.placer.before(&output)
        output.write(person)
        swap(&bytes, &output.bytes)
    }

    /// The foreign content left after the people, and the end of the root element.
    public mutating func finish() -> Data {
        var output = continuing()
        state.placer.finish(&output)
        output.rootEnd("roster", open: state.isOpen)
        return Data(output.bytes)
    }

    /// An output that goes on inside the root element; with `bytes`, it writes after them (and
    /// takes them, leaving `bytes` empty).
    private func continuing(taking bytes: inout [UInt8]) -> XMLOutput {
        var output = XMLOutput(taking: &bytes)
        output.rootBindings = state.bindings
        output.prefixForNamespace = state.prefixes
        output.language = state.language
        output.depth = 1
        return output
    }

    private func continuing() -> XMLOutput {
        var output = XMLOutput(sink: nil)
        output.rootBindings = state.bindings
        output.prefixForNamespace = state.prefixes
        output.language = state.language
        output.depth = 1
        return output
    }
}
