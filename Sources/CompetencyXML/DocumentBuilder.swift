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
    static let level = AttributeSet([.id, .uri, .rank, .band])
    static let domain = AttributeSet([.id, .uri, .code])
    static let competency = AttributeSet([.id, .uri, .code, .status, .scale, .levels])
    static let descriptor = AttributeSet([.level])
    static let relation = AttributeSet([.type, .target])
    static let match = AttributeSet([.type, .uri])
    static let position = AttributeSet([.id, .uri, .family, .extends])
    static let requirement = AttributeSet([.competency, .domain, .level, .importance, .by])
    static let module = AttributeSet([.id, .uri, .hours, .delivery])
    static let competencyLevel = AttributeSet([.competency, .level])
    static let prerequisite = AttributeSet([.module])
    static let rule = AttributeSet([.id, .uri, .priority, .effective, .expires])
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
    static let because = AttributeSet([.rule, .position])
    static let assign = AttributeSet([.module, .order])
    static let unmet = AttributeSet([.competency, .required, .reason])
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
    case because(Need.Cause)
    case assign(ModuleAssignment)
    case unmet(UnmetNeed)
}

/// One open element. Frames are reused from depth to depth, so an element costs no
/// allocation of its own beyond the values it produces.
final class Frame {
    var role: Role = .skipped
    var name = ""
    var location = SourceLocation(line: 1, column: 1)
    var language = ""
    /// The vocabulary attributes' values, indexed by ``AttributeName/index``. A fixed buffer
    /// owned by the frame: writing to it needs no exclusivity check or copy.
    let attributes: UnsafeMutablePointer<String?> = {
        let buffer = UnsafeMutablePointer<String?>.allocate(capacity: AttributeName.allCases.count)
        buffer.initialize(repeating: nil, count: AttributeName.allCases.count)
        return buffer
    }()
    var setAttributes: [Int] = []

    deinit {
        attributes.deinitialize(count: AttributeName.allCases.count)
        attributes.deallocate()
    }
    var foreignAttributes: [ForeignAttribute] = []
    var text: [UInt8] = []
    var children: [Built] = []
    var placedForeign: [Extensions.Placed] = []
    var nativeChildren = 0
    /// For foreign elements: the element being assembled.
    var foreign = ForeignElement(namespace: "", name: "")

    func reset() {
        for index in setAttributes { attributes[index] = nil }
        setAttributes.removeAll(keepingCapacity: true)
        if !foreignAttributes.isEmpty { foreignAttributes = [] }
        text.removeAll(keepingCapacity: true)
        children.removeAll(keepingCapacity: true)
        if !placedForeign.isEmpty { placedForeign = [] }
        nativeChildren = 0
    }

    subscript(_ name: AttributeName) -> String? { attributes[name.index] }

    var extensions: Extensions {
        foreignAttributes.isEmpty && placedForeign.isEmpty
            ? .none : Extensions(attributes: foreignAttributes, elements: placedForeign)
    }
}

/// Turns parser events into model values, checking the vocabulary as it goes.
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
    var personSink: ((Person, SourceLocation) -> Bool)?

    private(set) var diagnostics: [Diagnostic] = []
    private(set) var errorCount = 0
    private(set) var shouldStop = false
    /// Whether reading stopped because there were too many errors: what was built is incomplete.
    private(set) var stoppedOnErrors = false
    var sourceMap = SourceMap()

    private(set) var framework: Framework?
    private(set) var roster: Roster?
    private(set) var plan: Plan?
    private(set) var sawRoot = false
    private var people: [Person] = []
    private var planPeople: [PersonPlan] = []

    private var frames: [Frame] = []
    private var depth = 0
    private var elementNames = NameCache(ElementName.allCases.map { ($0.rawValue, $0) })
    private var attributeNames = NameCache(AttributeName.allCases.map { ($0.name, $0) })
    private var ourNamespaceAddress: UnsafeRawPointer?
    private var xmlNamespaceAddress: UnsafeRawPointer?
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

    func report(_ kind: ReadKind, _ message: String, at location: SourceLocation?, code: String? = nil) {
        diagnostics.append(Diagnostic.reading(kind, message, at: location, code: code))
        errorCount += 1
        if errorCount >= limits.maxErrors {
            diagnostics.append(
                Diagnostic.reading(.limit, "too many errors (\(errorCount)); reading stopped here", at: location, code: "too-many-errors"))
            stoppedOnErrors = true
            shouldStop = true
        }
    }

    func stop() { shouldStop = true }

    private func record(_ subject: Subject, _ location: SourceLocation) {
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
                report(
                    .schema, "unexpected element <\(String(cString: localname))> inside <\(parent.name)>; \(expectation)",
                    at: location, code: "unexpected-element")
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
        if let parent, parent.role != .foreign { parent.nativeChildren += 1 }
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
                    at: frame.location)
                shouldStop = true
                return
            }
            frame.text.append(contentsOf: bytes)
        case .foreign:
            if frame.text.count + bytes.count > limits.maxTextBytes {
                report(
                    .limit, "the text of <\(frame.name)> is longer than \(limits.maxTextBytes) bytes; reading stopped",
                    at: frame.location)
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
                        at: frame.location)
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
        guard let built = build(frame, parent: parent) else { return }
        parent?.children.append(built)
    }

    private func flushForeignText(_ frame: Frame) {
        guard !frame.text.isEmpty else { return }
        frame.foreign.children.append(.text(String(decoding: frame.text, as: UTF8.self)))
        frame.text.removeAll(keepingCapacity: true)
    }

    // MARK: Attribute helpers

    private func required(_ frame: Frame, _ name: AttributeName) -> String {
        if let value = frame[name] { return value }
        report(.schema, "<\(frame.name)> needs the attribute '\(name.name)'", at: frame.location, code: "missing-attribute")
        return ""
    }

    private func date(_ frame: Frame, _ name: AttributeName) -> ISODate? {
        guard let text = frame[name] else { return nil }
        if let date = ISODate(text) { return date }
        report(
            .schema, "'\(text)' in \(name.name) on <\(frame.name)> is not a date; write YYYY-MM-DD",
            at: frame.location, code: "invalid-date")
        return nil
    }

    private func requiredDate(_ frame: Frame, _ name: AttributeName) -> ISODate? {
        if frame[name] == nil {
            report(.schema, "<\(frame.name)> needs the attribute '\(name.name)'", at: frame.location, code: "missing-attribute")
            return nil
        }
        return date(frame, name)
    }

    private func integer(_ frame: Frame, _ name: AttributeName) -> Int? {
        guard let text = frame[name] else { return nil }
        if let value = Int(text.trimmingSpaces) { return value }
        report(
            .schema, "'\(text)' in \(name.name) on <\(frame.name)> is not a whole number", at: frame.location,
            code: "invalid-number")
        return nil
    }

    private func enumeration<T: RawRepresentable & CaseIterable>(_ frame: Frame, _ name: AttributeName, _: T.Type)
        -> T? where T.RawValue == String
    {
        guard let text = frame[name] else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        report(
            .schema, "'\(text)' is not a valid \(name.name) on <\(frame.name)>; use one of \(allowed)",
            at: frame.location, code: "invalid-value")
        return nil
    }

    // MARK: Text helpers

    private func add(_ language: String, _ value: String, _ foreign: [ForeignAttribute], to text: inout LocalizedText, in frame: Frame, element: ElementName, at location: SourceLocation) {
        if text[language] != nil {
            let shown = language.isEmpty ? "with no language" : "in language '\(language)'"
            report(
                .schema, "<\(frame.name)> has a second <\(element.rawValue)> \(shown); give each translation its own xml:lang",
                at: location, code: "duplicate-translation")
            return
        }
        text.variants.append(LocalizedText.Variant(language: language, value: value, foreignAttributes: foreign))
    }

    /// Repeatable texts: a new item starts when a language repeats within the current one.
    private func append(_ language: String, _ value: String, _ foreign: [ForeignAttribute], to list: inout [LocalizedText]) {
        let variant = LocalizedText.Variant(language: language, value: value, foreignAttributes: foreign)
        if let last = list.indices.last, list[last][language] == nil {
            list[last].variants.append(variant)
        } else {
            list.append(LocalizedText([variant]))
        }
    }

    // MARK: Building

    private func build(_ frame: Frame, parent: Frame?) -> Built? {
        switch frame.role {
        case .text(let name):
            let value = String(decoding: frame.text, as: UTF8.self)
            return .text(name, language: frame.language, value: value, location: frame.location, foreign: frame.foreignAttributes)
        case .framework:
            framework = buildFramework(frame)
            return nil
        case .roster:
            roster = buildRoster(frame)
            return nil
        case .plan:
            plan = buildPlan(frame)
            return nil
        case .scale:
            var scale = Scale(
                id: Scale.ID(required(frame, .id)), uri: frame[.uri], defaultLevel: frame[.default].map { Level.ID($0) },
                proficientLevel: frame[.proficient].map { Level.ID($0) })
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &scale.title, in: frame, element: .title, at: location)
                case .text(.description, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &scale.description, in: frame, element: .description, at: location)
                case .level(let level): scale.levels.append(level)
                default: break
                }
            }
            scale.extensions = frame.extensions
            return .scale(scale)
        case .level:
            let rankText = required(frame, .rank)
            var rank = 0
            if !rankText.isEmpty {
                if let value = Int(rankText.trimmingSpaces) {
                    rank = value
                } else {
                    report(.schema, "'\(rankText)' in rank on <level> is not a whole number", at: frame.location)
                }
            }
            var level = Level(
                id: Level.ID(required(frame, .id)), uri: frame[.uri], rank: rank, band: frame[.band].map { Band.ID($0) })
            for child in frame.children {
                switch child {
                case .text(.label, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &level.label, in: frame, element: .label, at: location)
                case .text(.description, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &level.description, in: frame, element: .description, at: location)
                default: break
                }
            }
            level.extensions = frame.extensions
            return .level(level)
        case .domain:
            var domain = Domain(id: Domain.ID(required(frame, .id)), uri: frame[.uri], code: frame[.code])
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &domain.title, in: frame, element: .title, at: location)
                case .text(.description, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &domain.description, in: frame, element: .description, at: location)
                case .competency(let competency): domain.competencies.append(competency)
                default: break
                }
            }
            domain.extensions = frame.extensions
            return .domain(domain)
        case .competency:
            let id = Competency.ID(required(frame, .id))
            var competency = Competency(
                id: id, uri: frame[.uri], code: frame[.code], status: enumeration(frame, .status, LifecycleStatus.self),
                scale: frame[.scale].map { Scale.ID($0) },
                levels: frame[.levels].map { $0.split(whereSeparator: \.isWhitespace).map { Level.ID(String($0)) } })
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &competency.title, in: frame, element: .title, at: location)
                case .text(.statement, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &competency.statement, in: frame, element: .statement, at: location)
                case .text(.description, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &competency.description, in: frame, element: .description, at: location)
                case .descriptor(let descriptor, let location):
                    record(.descriptor(id, index: competency.descriptors.count), location)
                    competency.descriptors.append(descriptor)
                case .relation(let relation, let location):
                    record(.relation(id, index: competency.relations.count), location)
                    competency.relations.append(relation)
                case .match(let match, let location):
                    record(.match(id, index: competency.matches.count), location)
                    competency.matches.append(match)
                case .competency(let child): competency.children.append(child)
                default: break
                }
            }
            competency.extensions = frame.extensions
            return .competency(competency)
        case .descriptor:
            var descriptor = Descriptor(level: Level.ID(required(frame, .level)))
            for child in frame.children {
                guard case .text(let name, let language, let value, let location, let foreign) = child else { continue }
                switch name {
                case .text: add(language, value, foreign, to: &descriptor.text, in: frame, element: .text, at: location)
                case .knowledge: append(language, value, foreign, to: &descriptor.knowledge)
                case .skill: append(language, value, foreign, to: &descriptor.skills)
                case .attitude: append(language, value, foreign, to: &descriptor.attitudes)
                case .example: append(language, value, foreign, to: &descriptor.examples)
                default: break
                }
            }
            descriptor.extensions = frame.extensions
            return .descriptor(descriptor, frame.location)
        case .relation:
            let type = required(frame, .type).isEmpty ? nil : enumeration(frame, .type, Relation.Kind.self)
            let relation = Relation(
                type: type ?? .related, target: Competency.ID(required(frame, .target)), extensions: frame.extensions)
            return .relation(relation, frame.location)
        case .match:
            let type = required(frame, .type).isEmpty ? nil : enumeration(frame, .type, Match.Kind.self)
            return .match(Match(type: type ?? .related, uri: required(frame, .uri), extensions: frame.extensions), frame.location)
        case .position:
            let id = Position.ID(required(frame, .id))
            var position = Position(
                id: id, uri: frame[.uri], family: frame[.family], extends: frame[.extends].map { Position.ID($0) })
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &position.title, in: frame, element: .title, at: location)
                case .text(.description, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &position.description, in: frame, element: .description, at: location)
                case .requirement(let requirement, let location):
                    record(.requirement(.position(id), index: position.requirements.count), location)
                    position.requirements.append(requirement)
                default: break
                }
            }
            position.extensions = frame.extensions
            return .position(position)
        case .requirement:
            let target: Requirement.Target
            switch (frame[.competency], frame[.domain]) {
            case (let competency?, nil): target = .competency(Competency.ID(competency))
            case (nil, let domain?): target = .domain(Domain.ID(domain))
            case (_?, _?):
                report(
                    .schema, "<requirement> names both a competency and a domain; give exactly one", at: frame.location)
                target = .competency(Competency.ID(frame[.competency] ?? ""))
            case (nil, nil):
                report(
                    .schema, "<requirement> needs a 'competency' or a 'domain' attribute", at: frame.location)
                target = .competency("")
            }
            let requirement = Requirement(
                target, level: Level.ID(required(frame, .level)),
                importance: enumeration(frame, .importance, Requirement.Importance.self), by: date(frame, .by),
                extensions: frame.extensions)
            return .requirement(requirement, frame.location)
        case .module:
            let id = TrainingModule.ID(required(frame, .id))
            let hoursText = required(frame, .hours)
            var hours = 0.0
            if !hoursText.isEmpty {
                if let value = Double(hoursText.trimmingSpaces), value >= 0, value.isFinite {
                    hours = value
                } else {
                    report(
                        .schema, "'\(hoursText)' in hours on <module> is not a number of hours (0 or more)",
                        at: frame.location)
                }
            }
            var module = TrainingModule(id: id, uri: frame[.uri], hours: hours, delivery: frame[.delivery])
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &module.title, in: frame, element: .title, at: location)
                case .text(.description, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &module.description, in: frame, element: .description, at: location)
                case .teaches(let teaching, let location):
                    record(.teaches(id, index: module.teaches.count), location)
                    module.teaches.append(teaching)
                case .prerequisite(let prerequisite, let location):
                    record(.prerequisite(id, index: module.prerequisites.count), location)
                    module.prerequisites.append(prerequisite)
                default: break
                }
            }
            module.extensions = frame.extensions
            return .module(module)
        case .teaches:
            return .teaches(
                Teaching(
                    competency: Competency.ID(required(frame, .competency)), level: Level.ID(required(frame, .level)),
                    extensions: frame.extensions), frame.location)
        case .prerequisite:
            return .prerequisite(
                Prerequisite(module: TrainingModule.ID(required(frame, .module)), extensions: frame.extensions),
                frame.location)
        case .rule:
            let id = AssignmentRule.ID(required(frame, .id))
            var rule = AssignmentRule(
                id: id, uri: frame[.uri], priority: integer(frame, .priority), effective: date(frame, .effective),
                expires: date(frame, .expires))
            var sawAppliesTo = false
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &rule.title, in: frame, element: .title, at: location)
                case .text(.description, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &rule.description, in: frame, element: .description, at: location)
                case .appliesTo(let predicate, let extensions, let location):
                    if sawAppliesTo {
                        report(.schema, "<rule> has a second <applies-to>; combine them with <all> or <any>", at: location)
                    }
                    sawAppliesTo = true
                    rule.appliesTo = predicate ?? .always
                    rule.appliesToExtensions = extensions
                case .exemptIf(let predicate, let extensions, let location):
                    if rule.exemptIf != nil {
                        report(.schema, "<rule> has a second <exempt-if>; combine them with <any>", at: location)
                    }
                    rule.exemptIf = predicate
                    rule.exemptIfExtensions = extensions
                case .requirement(let requirement, let location):
                    record(.requirement(.rule(id), index: rule.requirements.count), location)
                    rule.requirements.append(requirement)
                default: break
                }
            }
            if !sawAppliesTo {
                report(
                    .schema, "<rule> needs an <applies-to>; write <applies-to><always/></applies-to> to select everyone",
                    at: frame.location)
            }
            rule.extensions = frame.extensions
            return .rule(rule)
        case .appliesTo, .exemptIf:
            let predicate = singlePredicate(frame)
            return frame.role == .appliesTo
                ? .appliesTo(predicate, frame.extensions, frame.location)
                : .exemptIf(predicate, frame.extensions, frame.location)
        case .predicate(let name):
            let predicate = buildPredicate(name, frame)
            let extensions = frame.extensions
            return .predicate(extensions.isEmpty ? predicate : .annotated(predicate, extensions), frame.location)
        case .unit:
            var unit = OrgUnit(id: OrgUnit.ID(required(frame, .id)), uri: frame[.uri])
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &unit.title, in: frame, element: .title, at: location)
                case .unit(let child): unit.units.append(child)
                default: break
                }
            }
            unit.extensions = frame.extensions
            return .unit(unit)
        case .person:
            let person = buildPerson(frame)
            if let personSink {
                if !personSink(person, frame.location) { shouldStop = true }
            } else {
                people.append(person)
            }
            return nil
        case .personAttribute:
            return .personAttribute(
                PersonAttribute(name: required(frame, .name), value: required(frame, .value), extensions: frame.extensions),
                frame.location)
        case .assessment:
            return .assessment(
                Assessment(
                    competency: Competency.ID(required(frame, .competency)), level: Level.ID(required(frame, .level)),
                    date: date(frame, .date), method: enumeration(frame, .method, Assessment.Method.self),
                    extensions: frame.extensions), frame.location)
        case .certificate:
            var certificate = Certificate(
                id: frame[.id].map { Certificate.ID($0) }, uri: frame[.uri], kind: required(frame, .kind),
                issued: date(frame, .issued), expires: date(frame, .expires))
            for child in frame.children {
                switch child {
                case .text(.title, let language, let value, let location, let foreign):
                    add(language, value, foreign, to: &certificate.title, in: frame, element: .title, at: location)
                case .covers(let coverage): certificate.covers.append(coverage)
                default: break
                }
            }
            certificate.extensions = frame.extensions
            return .certificate(certificate, frame.location)
        case .covers:
            return .covers(
                Coverage(
                    competency: Competency.ID(required(frame, .competency)), level: Level.ID(required(frame, .level)),
                    extensions: frame.extensions))
        case .completion:
            return .completion(
                Completion(
                    module: TrainingModule.ID(required(frame, .module)), date: date(frame, .date),
                    extensions: frame.extensions), frame.location)
        case .planPerson:
            let statusText = required(frame, .status)
            var status = PersonPlan.Status.compliant
            if !statusText.isEmpty { status = enumeration(frame, .status, PersonPlan.Status.self) ?? .compliant }
            var personPlan = PersonPlan(person: Person.ID(required(frame, .id)), status: status)
            for child in frame.children {
                switch child {
                case .need(let need): personPlan.needs.append(need)
                case .assign(let assignment): personPlan.assignments.append(assignment)
                case .unmet(let unmet): personPlan.unmet.append(unmet)
                default: break
                }
            }
            personPlan.extensions = frame.extensions
            planPeople.append(personPlan)
            return nil
        case .need:
            var need = Need(
                competency: Competency.ID(required(frame, .competency)), attained: frame[.attained].map { Level.ID($0) },
                required: Level.ID(required(frame, .required)), by: date(frame, .by))
            for child in frame.children {
                if case .because(let cause) = child { need.because.append(cause) }
            }
            need.extensions = frame.extensions
            return .need(need)
        case .because:
            switch (frame[.rule], frame[.position]) {
            case (let rule?, nil): return .because(.rule(AssignmentRule.ID(rule)))
            case (nil, let position?): return .because(.position(Position.ID(position)))
            default:
                report(.schema, "<because> needs exactly one of 'rule' or 'position'", at: frame.location)
                return nil
            }
        case .assign:
            let order = integer(frame, .order)
            if frame[.order] == nil { report(.schema, "<assign> needs the attribute 'order'", at: frame.location) }
            return .assign(
                ModuleAssignment(
                    module: TrainingModule.ID(required(frame, .module)), order: order ?? 0, extensions: frame.extensions))
        case .unmet:
            return .unmet(
                UnmetNeed(
                    competency: Competency.ID(required(frame, .competency)),
                    required: Level.ID(required(frame, .required)),
                    reason: UnmetNeed.Reason(rawValue: required(frame, .reason)), extensions: frame.extensions))
        case .foreign, .skipped:
            return nil
        }
    }

    private func singlePredicate(_ frame: Frame) -> RulePredicate? {
        var predicates: [RulePredicate] = []
        for child in frame.children { if case .predicate(let predicate, _) = child { predicates.append(predicate) } }
        if predicates.count != 1 {
            report(
                .schema,
                predicates.isEmpty
                    ? "<\(frame.name)> needs one condition, such as <always/> or <position ref=\"…\"/>"
                    : "<\(frame.name)> holds \(predicates.count) conditions; wrap them in <all> or <any>",
                at: frame.location)
        }
        return predicates.count == 1 ? predicates[0] : (predicates.isEmpty ? nil : .all(predicates))
    }

    private func buildPredicate(_ name: ElementName, _ frame: Frame) -> RulePredicate {
        var operands: [RulePredicate] = []
        for child in frame.children { if case .predicate(let predicate, _) = child { operands.append(predicate) } }
        switch name {
        case .always: return .always
        case .all, .any:
            if operands.isEmpty {
                report(.schema, "<\(frame.name)> needs at least one condition inside it", at: frame.location)
            }
            return name == .all ? .all(operands) : .any(operands)
        case .not:
            if operands.count != 1 {
                report(.schema, "<not> holds exactly one condition; it has \(operands.count)", at: frame.location)
            }
            return .not(operands.first ?? .always)
        case .position:
            switch (frame[.ref], frame[.family]) {
            case (let ref?, nil): return .position(Position.ID(ref))
            case (nil, let family?): return .positionFamily(family)
            default:
                report(.schema, "<position> in a condition needs exactly one of 'ref' or 'family'", at: frame.location)
                return .position(Position.ID(frame[.ref] ?? ""))
            }
        case .unit:
            var descendants = false
            if let text = frame[.descendants] {
                switch text {
                case "true", "1": descendants = true
                case "false", "0": descendants = false
                default:
                    report(.schema, "'\(text)' in descendants on <unit> is not 'true' or 'false'", at: frame.location)
                }
            }
            return .unit(OrgUnit.ID(required(frame, .ref)), descendants: descendants)
        case .attribute: return .attribute(name: required(frame, .name), value: required(frame, .value))
        case .certificate: return .certificate(kind: required(frame, .kind))
        case .level:
            return .level(
                competency: Competency.ID(required(frame, .competency)), atLeast: Level.ID(required(frame, .atLeast)))
        default: return .always
        }
    }

    private func buildFramework(_ frame: Frame) -> Framework {
        var framework = Framework(
            id: Framework.ID(required(frame, .id)), uri: frame[.uri], version: frame[.version],
            status: enumeration(frame, .status, LifecycleStatus.self), issued: date(frame, .issued),
            language: frame.language.isEmpty ? nil : frame.language)
        for child in frame.children {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &framework.title, in: frame, element: .title, at: location)
            case .text(.description, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &framework.description, in: frame, element: .description, at: location)
            case .text(.publisher, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &framework.publisher, in: frame, element: .publisher, at: location)
            case .scale(let scale): framework.scales.append(scale)
            case .domain(let domain): framework.domains.append(domain)
            case .position(let position): framework.positions.append(position)
            case .module(let module): framework.modules.append(module)
            case .rule(let rule): framework.rules.append(rule)
            default: break
            }
        }
        framework.extensions = frame.extensions
        return framework
    }

    private func buildRoster(_ frame: Frame) -> Roster {
        var roster = Roster(
            framework: frame[.framework].map { Framework.ID($0) }, uri: frame[.uri], asOf: date(frame, .asOf),
            language: frame.language.isEmpty ? nil : frame.language)
        for child in frame.children {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &roster.title, in: frame, element: .title, at: location)
            case .unit(let unit): roster.units.append(unit)
            default: break
            }
        }
        roster.people = people
        people = []
        roster.extensions = frame.extensions
        return roster
    }

    private func buildPlan(_ frame: Frame) -> Plan {
        var plan = Plan(
            framework: frame[.framework].map { Framework.ID($0) }, version: frame[.version], asOf: date(frame, .asOf))
        plan.people = planPeople
        planPeople = []
        plan.extensions = frame.extensions
        return plan
    }

    private func buildPerson(_ frame: Frame) -> Person {
        let id = Person.ID(required(frame, .id))
        // Streamed people are handed over with their location and not kept, so neither are
        // their locations: memory stays bounded by one person.
        let keep = personSink == nil
        var person = Person(
            id: id, uri: frame[.uri], unit: frame[.unit].map { OrgUnit.ID($0) },
            position: frame[.position].map { Position.ID($0) })
        for child in frame.children {
            switch child {
            case .text(.name, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &person.name, in: frame, element: .name, at: location)
            case .personAttribute(let attribute, let location):
                if keep { record(.attribute(id, index: person.attributes.count), location) }
                person.attributes.append(attribute)
            case .assessment(let assessment, let location):
                if keep { record(.assessment(id, index: person.assessments.count), location) }
                person.assessments.append(assessment)
            case .certificate(let certificate, let location):
                if keep { record(.certificate(id, index: person.certificates.count), location) }
                person.certificates.append(certificate)
            case .completion(let completion, let location):
                if keep { record(.completion(id, index: person.completions.count), location) }
                person.completions.append(completion)
            default: break
            }
        }
        person.extensions = frame.extensions
        return person
    }

    /// The roots seen, for the reader's checks.
    var rootDocument: CompetencyDocument? {
        if let framework { return .framework(framework) }
        if let roster { return .roster(roster) }
        if let plan { return .plan(plan) }
        return nil
    }
}

extension String {
    var trimmingSpaces: Substring {
        var view = self[...]
        while view.first?.isWhitespace == true { view = view.dropFirst() }
        while view.last?.isWhitespace == true { view = view.dropLast() }
        return view
    }
}
