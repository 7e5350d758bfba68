import CompetencyModel
import CompetencyDiagnostics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an element means where it stands. The same name can mean different things
/// (`position` in a framework, in a predicate, in a `because`).
enum Role: Equatable {
    case framework, roster, plan
    case text(ElementName)
    case scale, level, domain, competency, descriptor, relation, match
    case position, requirement, module, teaches, prerequisite, rule
    case appliesTo, exemptIf
    case predicate(ElementName)
    case unit, person, personAttribute, assessment, certificate, covers, completion
    case planPerson, need, because, assign, unmet
    /// An element of another namespace, kept verbatim.
    case foreign
    /// An element that was reported as an error; its content is skipped.
    case skipped

    /// The vocabulary attributes this element may carry.
    var allowedAttributes: AttributeSet {
        switch self {
        case .framework: .framework
        case .roster: .roster
        case .plan: .plan
        case .scale: .scale
        case .level: .level
        case .domain: .domain
        case .competency: .competency
        case .descriptor: .descriptor
        case .relation: .relation
        case .match: .match
        case .position: .position
        case .requirement: .requirement
        case .module: .module
        case .teaches, .covers: .competencyLevel
        case .prerequisite: .prerequisite
        case .rule: .rule
        case .predicate(.position): .positionCondition
        case .predicate(.unit): .unitCondition
        case .predicate(.attribute), .personAttribute: .nameValue
        case .predicate(.certificate): .certificateCondition
        case .predicate(.level): .levelCondition
        case .unit: .unit
        case .person: .person
        case .assessment: .assessment
        case .certificate: .certificate
        case .completion: .completion
        case .planPerson: .planPerson
        case .need: .need
        case .because: .because
        case .assign: .assign
        case .unmet: .unmet
        case .text, .appliesTo, .exemptIf, .predicate, .foreign, .skipped: .none
        }
    }

    /// The role of a vocabulary child element named `name` inside an element of this role.
    func child(_ name: ElementName) -> Role? {
        switch (self, name) {
        case (.framework, .title), (.framework, .description), (.framework, .publisher): .text(name)
        case (.framework, .scale): .scale
        case (.framework, .domain): .domain
        case (.framework, .position): .position
        case (.framework, .module): .module
        case (.framework, .rule): .rule
        case (.scale, .title), (.scale, .description): .text(name)
        case (.scale, .level): .level
        case (.level, .label), (.level, .description): .text(name)
        case (.domain, .title), (.domain, .description): .text(name)
        case (.domain, .competency): .competency
        case (.competency, .title), (.competency, .statement), (.competency, .description): .text(name)
        case (.competency, .descriptor): .descriptor
        case (.competency, .relation): .relation
        case (.competency, .match): .match
        case (.competency, .competency): .competency
        case (.descriptor, .text), (.descriptor, .knowledge), (.descriptor, .skill), (.descriptor, .attitude),
            (.descriptor, .example):
            .text(name)
        case (.position, .title), (.position, .description): .text(name)
        case (.position, .requirement): .requirement
        case (.module, .title), (.module, .description): .text(name)
        case (.module, .teaches): .teaches
        case (.module, .prerequisite): .prerequisite
        case (.rule, .title), (.rule, .description): .text(name)
        case (.rule, .appliesTo): .appliesTo
        case (.rule, .requirement): .requirement
        case (.rule, .exemptIf): .exemptIf
        case (.appliesTo, _), (.exemptIf, _), (.predicate(.all), _), (.predicate(.any), _), (.predicate(.not), _):
            Role.predicateNames.contains(name) ? .predicate(name) : nil
        case (.roster, .title): .text(name)
        case (.roster, .unit): .unit
        case (.roster, .person): .person
        case (.unit, .title): .text(name)
        case (.unit, .unit): .unit
        case (.person, .name): .text(name)
        case (.person, .attribute): .personAttribute
        case (.person, .assessment): .assessment
        case (.person, .certificate): .certificate
        case (.person, .completion): .completion
        case (.certificate, .title): .text(name)
        case (.certificate, .covers): .covers
        case (.certificate, .credential): .text(name)
        case (.plan, .person): .planPerson
        case (.planPerson, .need): .need
        case (.planPerson, .assign): .assign
        case (.planPerson, .unmet): .unmet
        case (.need, .because): .because
        default: nil
        }
    }

    static let predicateNames: Set<ElementName> = [
        .always, .all, .any, .not, .position, .unit, .attribute, .certificate, .level,
    ]

    /// The vocabulary children allowed here, for error messages.
    var allowedChildren: [String] {
        ElementName.allCases.filter { child($0) != nil }.map(\.rawValue)
    }
}

/// A set of vocabulary attributes as a bit mask: membership costs no allocation.
struct AttributeSet {
    var bits: UInt64

    init(_ names: [AttributeName]) { bits = names.reduce(0) { $0 | (1 << UInt64($1.rawValue)) } }

    func contains(_ name: AttributeName) -> Bool { bits & (1 << UInt64(name.rawValue)) != 0 }

    var names: [AttributeName] { AttributeName.allCases.filter(contains) }

    static let none = AttributeSet([])
    static let framework = AttributeSet([.id, .uri, .version, .status, .issued])
    static let roster = AttributeSet([.framework, .asOf, .uri])
    static let plan = AttributeSet([.framework, .version, .asOf])
    static let scale = AttributeSet([.id, .uri, .default, .proficient])
    static let level = AttributeSet([.id, .uri, .rank, .band, .replaces])
    static let domain = AttributeSet([.id, .uri, .code, .replaces])
    static let competency = AttributeSet([.id, .uri, .code, .status, .scale, .levels, .replaces])
    static let descriptor = AttributeSet([.level])
    static let relation = AttributeSet([.type, .target])
    static let match = AttributeSet([.type, .uri])
    static let position = AttributeSet([.id, .uri, .family, .extends, .replaces])
    static let requirement = AttributeSet([.competency, .domain, .level, .importance, .by])
    static let module = AttributeSet([.id, .uri, .hours, .delivery, .replaces])
    static let competencyLevel = AttributeSet([.competency, .level])
    static let prerequisite = AttributeSet([.module])
    static let rule = AttributeSet([.id, .uri, .priority, .effective, .expires, .replaces])
    static let positionCondition = AttributeSet([.ref, .family])
    static let unitCondition = AttributeSet([.ref, .descendants])
    static let nameValue = AttributeSet([.name, .value])
    static let certificateCondition = AttributeSet([.kind])
    static let levelCondition = AttributeSet([.competency, .atLeast])
    static let unit = AttributeSet([.id, .uri])
    static let person = AttributeSet([.id, .uri, .unit, .position])
    static let assessment = AttributeSet([.competency, .level, .date, .method])
    static let certificate = AttributeSet([.id, .uri, .kind, .issued, .expires])
    static let completion = AttributeSet([.module, .date])
    static let planPerson = AttributeSet([.id, .status])
    static let need = AttributeSet([.competency, .attained, .required, .by])
    static let because = AttributeSet([.rule, .position, .sets])
    static let assign = AttributeSet([.module, .order, .closes])
    static let unmet = AttributeSet([.competency, .required, .reached, .reason])
}

/// A value built from a closed element, waiting for its parent to close.
enum Built {
    case text(ElementName, language: String, value: String, location: SourceLocation, foreign: [ForeignAttribute])
    case scale(Scale)
    case level(Level)
    case domain(Domain)
    case competency(Competency)
    case descriptor(Descriptor, SourceLocation)
    case relation(Relation, SourceLocation)
    case match(Match, SourceLocation)
    case position(Position)
    case requirement(Requirement, SourceLocation)
    case module(TrainingModule)
    case teaches(Teaching, SourceLocation)
    case prerequisite(Prerequisite, SourceLocation)
    case rule(AssignmentRule)
    case predicate(RulePredicate, SourceLocation)
    case appliesTo(RulePredicate?, Extensions, SourceLocation)
    case exemptIf(RulePredicate?, Extensions, SourceLocation)
    case unit(OrgUnit)
    case personAttribute(PersonAttribute, SourceLocation)
    case assessment(Assessment, SourceLocation)
    case certificate(Certificate, SourceLocation)
    case covers(Coverage)
    case completion(Completion, SourceLocation)
    case need(Need)
    /// A `<because>`, with whether it set the need's level and its deadline (`sets`).
    case because(Need.Cause, setsLevel: Bool, setsDeadline: Bool)
    case assign(ModuleAssignment)
    case unmet(UnmetNeed)
    /// What ``Frame/drainChildren(_:)`` leaves in a slot it moved a child out of.
    case drained
}

/// One open element. Frames are reused from depth to depth, so an element costs no
/// allocation of its own beyond the values it produces.
///
/// The frames, the builder and the driver are used by one parser on one thread, and every
/// access to their properties is a short read or write with no overlapping access, so their
/// stored properties skip the runtime exclusivity check (`@exclusivity(unchecked)`): it took
/// about an eighth of the reading time (the check, its access set and thread-local lookup).
final class Frame {
    @exclusivity(unchecked) var role: Role = .skipped
    @exclusivity(unchecked) var name = ""
    @exclusivity(unchecked) var location = SourceLocation(line: 1, column: 1)
    @exclusivity(unchecked) var language = ""
    /// The vocabulary attributes' values, indexed by ``AttributeName/index``. A fixed buffer
    /// owned by the frame: writing to it needs no exclusivity check or copy.
    let attributes: UnsafeMutablePointer<String?> = {
        let buffer = UnsafeMutablePointer<String?>.allocate(capacity: AttributeName.allCases.count)
        buffer.initialize(repeating: nil, count: AttributeName.allCases.count)
        return buffer
    }()
    @exclusivity(unchecked) var setAttributes: [Int] = []

    deinit {
        attributes.deinitialize(count: AttributeName.allCases.count)
        attributes.deallocate()
    }
    @exclusivity(unchecked) var foreignAttributes: [ForeignAttribute] = []
    @exclusivity(unchecked) var text: [UInt8] = []
    @exclusivity(unchecked) var children: [Built] = []
    @exclusivity(unchecked) var placedForeign: [Extensions.Placed] = []
    /// The native child elements opened so far; a foreign element placed now takes this
    /// count as its ``Extensions/Placed/position``.
    @exclusivity(unchecked) var nativeChildren = 0
    /// For each entry of ``children``, its place among the native child elements (persons of
    /// a roster, kept elsewhere, take a place but have no entry).
    @exclusivity(unchecked) var childPlaces: [Int] = []
    /// The places of the children that the element's builder dropped (recovery: a second
    /// `<title>` in one language, a second `<applies-to>`), in the order they were dropped.
    @exclusivity(unchecked) var droppedPlaces: [Int] = []
    /// For foreign elements: the element being assembled.
    @exclusivity(unchecked) var foreign = ForeignElement(namespace: "", name: "")

    /// Empties the frame for the next element. Only what holds something is written: most
    /// elements are leaves, and a write to a class property costs a store and a release.
    func reset() {
        if !setAttributes.isEmpty {
            for index in setAttributes { attributes[index] = nil }
            setAttributes.removeAll(keepingCapacity: true)
        }
        if !foreignAttributes.isEmpty { foreignAttributes = [] }
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        if !children.isEmpty { children.removeAll(keepingCapacity: true) }
        if !placedForeign.isEmpty { placedForeign = [] }
        if nativeChildren != 0 { nativeChildren = 0 }
        if !childPlaces.isEmpty { childPlaces.removeAll(keepingCapacity: true) }
        if !droppedPlaces.isEmpty { droppedPlaces = [] }
    }

    subscript(_ name: AttributeName) -> String? { attributes[name.index] }

    /// Hands every child to `body` in order, with its index, moving it out of the frame rather
    /// than copying it (a copy retains every reference the value holds, and the frame's own
    /// copy is released again when it is reset). Leaves ``children`` empty, with its capacity.
    /// `body` may use the frame, but never sees its children.
    func drainChildren(_ body: (Int, consuming Built) -> Void) {
        guard !children.isEmpty else { return }
        var taken: [Built] = []
        swap(&taken, &children)
        taken.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                body(index, buffer.moveElement(from: index))
                buffer.initializeElement(at: index, to: .drained)
            }
        }
        taken.removeAll(keepingCapacity: true)
        children = taken
    }

    /// Marks `children[index]` as dropped: it is not written back, so the foreign elements
    /// after it move one place down.
    func dropChild(_ index: Int) {
        guard childPlaces.indices.contains(index) else { return }
        droppedPlaces.append(childPlaces[index])
    }

    /// The foreign content, with the positions of the foreign elements counted among the
    /// native children that were kept.
    var extensions: Extensions {
        guard !foreignAttributes.isEmpty || !placedForeign.isEmpty else { return .none }
        guard !droppedPlaces.isEmpty, !placedForeign.isEmpty else {
            return Extensions(attributes: foreignAttributes, elements: placedForeign)
        }
        // Positions never decrease along `placedForeign`, so one pass over the sorted drops
        // counts those before each element.
        let dropped = droppedPlaces.sorted()
        var before = 0
        var elements = placedForeign
        for index in elements.indices {
            while before < dropped.count, dropped[before] < elements[index].position { before += 1 }
            elements[index].position -= before
        }
        return Extensions(attributes: foreignAttributes, elements: elements)
    }
}

/// Turns parser events into model values, checking the vocabulary as it goes.
///
/// This file holds the builder's state, its frames, the parser callbacks (`start`,
/// `characters`, `end`), diagnostics and the dispatch (`build`) that hands each closed
/// element to one method per construct. Those live in the file of their aspect:
///
/// - `DocumentBuilder+Attributes.swift`: attribute values (required, dates, whole numbers,
///   enumerations) and text elements;
/// - `DocumentBuilder+Framework.swift`: `<framework>`, scales and levels, domains,
///   competencies with their descriptors, relations and matches;
/// - `DocumentBuilder+Positions.swift`: positions, requirements, modules and rules;
/// - `DocumentBuilder+Predicates.swift`: `<applies-to>`, `<exempt-if>` and the conditions in them;
/// - `DocumentBuilder+Roster.swift`: `<roster>`, units, people and their records;
/// - `DocumentBuilder+Plan.swift`: `<plan>` and each person's needs, assignments and unmet needs.
final class DocumentBuilder: SAXEventHandler {

    struct Limits {
        var maxDepth: Int
        var maxTextBytes: Int
        var maxErrors: Int
    }

    let limits: Limits
    let file: String?
    let recordLocations: Bool
    /// Receives each person of a roster as it closes, instead of keeping it.
    @exclusivity(unchecked) var personSink: ((Person, SourceLocation) -> Bool)?
    /// Whether a streamed person's own locations are kept in ``personSourceMap`` for the sink.
    @exclusivity(unchecked) var locatesStreamedRecords = false
    /// The locations of the person being handed to ``personSink`` (with ``locatesStreamedRecords``).
    @exclusivity(unchecked) var personSourceMap = SourceMap()

    @exclusivity(unchecked) private(set) var diagnostics: [Diagnostic] = []
    @exclusivity(unchecked) private(set) var errorCount = 0
    @exclusivity(unchecked) private(set) var shouldStop = false
    /// Whether reading stopped because there were too many errors: what was built is incomplete.
    @exclusivity(unchecked) private(set) var stoppedOnErrors = false
    @exclusivity(unchecked) var sourceMap = SourceMap()

    @exclusivity(unchecked) private(set) var framework: Framework?
    @exclusivity(unchecked) private(set) var roster: Roster?
    @exclusivity(unchecked) private(set) var plan: Plan?
    @exclusivity(unchecked) private(set) var sawRoot = false
    /// The people of a roster, kept until it closes (unless streamed to ``personSink``).
    @exclusivity(unchecked) var people: [Person] = []
    /// The people of a plan, kept until it closes.
    @exclusivity(unchecked) var planPeople: [PersonPlan] = []

    @exclusivity(unchecked) private(set) var frames: [Frame] = []
    @exclusivity(unchecked) private var depth = 0
    @exclusivity(unchecked) private var elementNames = NameCache(ElementName.allCases.map { ($0.rawValue, $0) })
    @exclusivity(unchecked) private var attributeNames = NameCache(AttributeName.allCases.map { ($0.name, $0) })
    @exclusivity(unchecked) private var ourNamespaceAddress: UnsafeRawPointer?
    @exclusivity(unchecked) private var xmlNamespaceAddress: UnsafeRawPointer?
    private let ourNamespaceBytes = Array(competencyNamespace.utf8)
    private let xmlNamespaceBytes = Array(xmlNamespace.utf8)
    private let langBytes = Array("lang".utf8)

    init(file: String?, limits: Limits, recordLocations: Bool) {
        self.file = file
        self.limits = limits
        self.recordLocations = recordLocations
    }

    var openElement: OpenElement? {
        depth > 0 ? OpenElement(name: frames[depth - 1].name, location: frames[depth - 1].location) : nil
    }

    // MARK: Diagnostics

    func report(
        _ kind: ReadKind, _ message: String, at location: SourceLocation?, code: String? = nil, fixIts: [Diagnostic.FixIt] = []
    ) {
        var diagnostic = Diagnostic.reading(kind, message, at: location, code: code)
        diagnostic.fixIts = fixIts
        diagnostics.append(diagnostic)
        errorCount += 1
        if errorCount >= limits.maxErrors {
            diagnostics.append(
                Diagnostic.reading(.limit, "too many errors (\(errorCount)); reading stopped here", at: location, code: "too-many-errors"))
            stoppedOnErrors = true
            shouldStop = true
        }
    }

    func stop() { shouldStop = true }

    func record(_ subject: Subject, _ location: SourceLocation) {
        if recordLocations { sourceMap.record(subject, at: location) }
    }

    // MARK: Events

    private func isOurNamespace(_ uri: UnsafePointer<UInt8>?) -> Bool {
        guard let uri else { return false }
        if UnsafeRawPointer(uri) == ourNamespaceAddress { return true }
        if cStringEquals(uri, ourNamespaceBytes) {
            ourNamespaceAddress = UnsafeRawPointer(uri)
            return true
        }
        return false
    }

    private func isXMLNamespace(_ uri: UnsafePointer<UInt8>?) -> Bool {
        guard let uri else { return false }
        if UnsafeRawPointer(uri) == xmlNamespaceAddress { return true }
        if cStringEquals(uri, xmlNamespaceBytes) {
            xmlNamespaceAddress = UnsafeRawPointer(uri)
            return true
        }
        return false
    }

    func start(
        localname: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
        attributes: UnsafeBufferPointer<UnsafePointer<UInt8>?>, location: SourceLocation
    ) {
        if depth >= limits.maxDepth {
            report(
                .limit,
                "elements are nested more than \(limits.maxDepth) deep; no competency document needs this, so reading stopped",
                at: location, code: "too-deep")
            shouldStop = true
            return
        }
        if frames.count == depth { frames.append(Frame()) }
        let frame = frames[depth]
        frame.reset()
        frame.location = location
        let parent: Frame? = depth > 0 ? frames[depth - 1] : nil
        depth += 1
        frame.language = parent?.language ?? ""

        let ours = isOurNamespace(uri)
        let name = ours ? elementNames.resolve(localname) : nil

        // Decide the role.
        if let parent {
            if parent.role == .foreign || parent.role == .skipped {
                frame.role = parent.role
            } else if case .text = parent.role {
                frame.role = .skipped
                report(
                    .schema,
                    "element <\(String(cString: localname))> is not allowed inside <\(parent.name)>, which holds text only",
                    at: location, code: "unexpected-element")
            } else if !ours {
                frame.role = .foreign
            } else if let name, let role = parent.role.child(name) {
                frame.role = role
            } else {
                frame.role = .skipped
                let allowed = parent.role.allowedChildren
                let expectation =
                    allowed.isEmpty
                    ? "<\(parent.name)> has no child elements in this vocabulary"
                    : "expected one of " + allowed.map { "<\($0)>" }.joined(separator: ", ")
                let given = String(cString: localname)
                let suggestion = ours ? Suggestion.nearest(to: given, among: allowed) : nil
                report(
                    .schema, "unexpected element <\(given)> inside <\(parent.name)>; \(expectation)",
                    at: location, code: "unexpected-element",
                    fixIts: suggestion.map { [Diagnostic.FixIt(message: "did you mean <\($0)>?", replacement: $0, original: given)] } ?? [])
            }
        } else {
            sawRoot = true
            switch name {
            case .framework?: frame.role = .framework
            case .roster?: frame.role = .roster
            case .plan?: frame.role = .plan
            default:
                frame.role = .skipped
                let given = String(cString: localname)
                let hint =
                    !ours && ["framework", "roster", "plan"].contains(given)
                    ? "; add xmlns=\"\(competencyNamespace)\" to it"
                    : "; expected <framework>, <roster> or <plan> in namespace \(competencyNamespace)"
                report(.schema, "the root element <\(given)> is not a CompetencyKit document\(hint)", at: location, code: "unknown-root")
                shouldStop = true
            }
        }

        if frame.role == .foreign {
            let namespace = cString(uri) ?? ""
            frame.name = String(cString: localname)
            frame.foreign = ForeignElement(namespace: namespace, prefix: cString(prefix), name: frame.name)
            var index = 0
            while index + 4 < attributes.count {
                if let attributeName = attributes[index] {
                    let value = attributeValue(attributes[index + 3], attributes[index + 4])
                    frame.foreign.attributes.append(
                        ForeignAttribute(
                            namespace: cString(attributes[index + 2]) ?? "", prefix: cString(attributes[index + 1]),
                            name: String(cString: attributeName), value: value))
                }
                index += 5
            }
            return
        }
        frame.name = name?.rawValue ?? String(cString: localname)
        if frame.role == .skipped { return }

        // Attributes.
        let allowed = frame.role.allowedAttributes
        var index = 0
        while index + 4 < attributes.count {
            defer { index += 5 }
            guard let attributeLocal = attributes[index] else { continue }
            let attributeURI = attributes[index + 2]
            if attributeURI == nil {
                guard let attribute = attributeNames.resolve(attributeLocal), allowed.contains(attribute) else {
                    let names = allowed.names.map(\.name).sorted().joined(separator: ", ")
                    report(
                        .schema,
                        "unknown attribute '\(String(cString: attributeLocal))' on <\(frame.name)>"
                            + (names.isEmpty ? "; it takes no attributes" : "; allowed: \(names)"),
                        at: location, code: "unknown-attribute")
                    continue
                }
                let slot = attribute.index
                frame.attributes[slot] = attributeValue(attributes[index + 3], attributes[index + 4])
                frame.setAttributes.append(slot)
            } else if isXMLNamespace(attributeURI), cStringEquals(attributeLocal, langBytes) {
                frame.language = attributeValue(attributes[index + 3], attributes[index + 4])
            } else {
                frame.foreignAttributes.append(
                    ForeignAttribute(
                        namespace: cString(attributeURI) ?? "", prefix: cString(attributes[index + 1]),
                        name: String(cString: attributeLocal),
                        value: attributeValue(attributes[index + 3], attributes[index + 4])))
            }
        }
        // A skipped element (recovery) is not kept, so it takes no place among its siblings.
        if let parent, parent.role != .foreign, frame.role != .skipped { parent.nativeChildren += 1 }
        recordStart(frame, parent: parent)
    }

    private func attributeValue(_ start: UnsafePointer<UInt8>?, _ end: UnsafePointer<UInt8>?) -> String {
        guard let start, let end, end > start else { return "" }
        let bytes = UnsafeBufferPointer(start: start, count: end - start)
        let value = String(decoding: bytes, as: UTF8.self)
        // Only values that still hold a reference (libxml2 leaves `&` as `&#38;`) need decoding.
        return memchr(start, 0x26, end - start) == nil ? value : decodeReferences(value)
    }

    private func recordStart(_ frame: Frame, parent: Frame?) {
        guard recordLocations else { return }
        let id = frame[.id] ?? ""
        switch frame.role {
        case .framework: record(.framework(Framework.ID(id)), frame.location)
        case .roster: record(.roster, frame.location)
        case .plan: record(.plan, frame.location)
        case .scale: record(.scale(Scale.ID(id)), frame.location)
        case .level: record(.level(Scale.ID(parent?[.id] ?? ""), Level.ID(id)), frame.location)
        case .domain: record(.domain(Domain.ID(id)), frame.location)
        case .competency: record(.competency(Competency.ID(id)), frame.location)
        case .position: record(.position(Position.ID(id)), frame.location)
        case .module: record(.module(TrainingModule.ID(id)), frame.location)
        case .rule: record(.rule(AssignmentRule.ID(id)), frame.location)
        case .unit: record(.unit(OrgUnit.ID(id)), frame.location)
        case .person where personSink == nil: record(.person(Person.ID(id)), frame.location)
        case .planPerson: record(.personPlan(Person.ID(id)), frame.location)
        default: break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard depth > 0 else { return }
        let frame = frames[depth - 1]
        switch frame.role {
        case .text:
            if frame.text.count + bytes.count > limits.maxTextBytes {
                report(
                    .limit,
                    "the text of <\(frame.name)> is longer than \(limits.maxTextBytes) bytes; reading stopped",
                    at: frame.location, code: "text-too-long")
                shouldStop = true
                return
            }
            frame.text.append(contentsOf: bytes)
        case .foreign:
            if frame.text.count + bytes.count > limits.maxTextBytes {
                report(
                    .limit, "the text of <\(frame.name)> is longer than \(limits.maxTextBytes) bytes; reading stopped",
                    at: frame.location, code: "text-too-long")
                shouldStop = true
                return
            }
            frame.text.append(contentsOf: bytes)
        case .skipped:
            break
        default:
            if bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) {
                if frame.text.isEmpty {
                    frame.text.append(1)
                    report(
                        .schema,
                        "text is not allowed directly inside <\(frame.name)>; put it in a child element such as <title> or <description>",
                        at: frame.location, code: "unexpected-text")
                }
            }
        }
    }

    func end() {
        guard depth > 0 else { return }
        depth -= 1
        let frame = frames[depth]
        let parent: Frame? = depth > 0 ? frames[depth - 1] : nil
        switch frame.role {
        case .skipped:
            return
        case .foreign:
            flushForeignText(frame)
            let element = frame.foreign
            frame.foreign = ForeignElement(namespace: "", name: "")
            guard let parent else { return }
            if parent.role == .foreign {
                flushForeignText(parent)
                parent.foreign.children.append(.element(element))
            } else if parent.role != .skipped {
                parent.placedForeign.append(Extensions.Placed(position: parent.nativeChildren, element: element))
            }
            return
        default:
            break
        }
        guard let built = build(frame, parent: parent) else {
            // A `<because>` that names neither a rule nor a position is dropped: it takes no
            // place among its siblings. (Persons and roots build to nothing but are kept.)
            if frame.role == .because, let parent { parent.nativeChildren -= 1 }
            return
        }
        guard let parent else { return }
        parent.children.append(consume built)
        parent.childPlaces.append(parent.nativeChildren - 1)
    }

    private func flushForeignText(_ frame: Frame) {
        guard !frame.text.isEmpty else { return }
        frame.foreign.children.append(.text(String(decoding: frame.text, as: UTF8.self)))
        frame.text.removeAll(keepingCapacity: true)
    }

    // MARK: Building

    /// Builds the value of a closed element from its attributes and its children's values.
    /// One method per construct, in the file of its aspect (see the type's documentation).
    private func build(_ frame: Frame, parent: Frame?) -> Built? {
        switch frame.role {
        case .text(let name): return buildText(name, frame)
        case .framework: framework = buildFramework(frame)
        case .roster: roster = buildRoster(frame)
        case .plan: plan = buildPlan(frame)
        case .scale: return buildScale(frame)
        case .level: return buildLevel(frame)
        case .domain: return buildDomain(frame)
        case .competency: return buildCompetency(frame)
        case .descriptor: return buildDescriptor(frame)
        case .relation: return buildRelation(frame)
        case .match: return buildMatch(frame)
        case .position: return buildPosition(frame)
        case .requirement: return buildRequirement(frame)
        case .module: return buildModule(frame)
        case .teaches: return buildTeaching(frame)
        case .prerequisite: return buildPrerequisite(frame)
        case .rule: return buildRule(frame)
        case .appliesTo, .exemptIf: return buildAppliesToOrExemptIf(frame)
        case .predicate(let name): return buildCondition(name, frame)
        case .unit: return buildUnit(frame)
        case .person: closePerson(frame)
        case .personAttribute: return buildPersonAttribute(frame)
        case .assessment: return buildAssessment(frame)
        case .certificate: return buildCertificate(frame)
        case .covers: return buildCoverage(frame)
        case .completion: return buildCompletion(frame)
        case .planPerson: closePersonPlan(frame)
        case .need: return buildNeed(frame)
        case .because: return buildCause(frame)
        case .assign: return buildAssignment(frame)
        case .unmet: return buildUnmet(frame)
        case .foreign, .skipped: break
        }
        return nil
    }

    /// The roots seen, for the reader's checks.
    var rootDocument: CompetencyDocument? {
        if let framework { return .framework(framework) }
        if let roster { return .roster(roster) }
        if let plan { return .plan(plan) }
        return nil
    }
}
