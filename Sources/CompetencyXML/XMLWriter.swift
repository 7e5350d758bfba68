public import CompetencyModel
public import Foundation

/// Writes model values as CompetencyKit XML.
///
/// Output is deterministic and pretty-printed: UTF-8, two-space indentation, attributes and
/// child elements in the order of FORMAT.md, text variants in their stored order. Content of
/// other namespaces is written back where it stood. Reading the output gives back a value
/// equal to the one written.
public struct XMLWriter: Sendable {
    public init() {}

    /// Writes any of the three document kinds.
    public func write(_ document: CompetencyDocument) -> Data {
        switch document {
        case .framework(let framework): write(framework)
        case .roster(let roster): write(roster)
        case .plan(let plan): write(plan)
        }
    }

    public func write(_ framework: Framework) -> Data {
        var output = XMLOutput(sink: nil)
        output.writeFramework(framework)
        return Data(output.bytes)
    }

    public func write(_ roster: Roster) -> Data {
        var output = XMLOutput(sink: nil)
        output.writeRoster(roster)
        return Data(output.bytes)
    }

    public func write(_ plan: Plan) -> Data {
        var output = XMLOutput(sink: nil)
        output.writePlan(plan)
        return Data(output.bytes)
    }

    /// Writes a document to a file in slices, so large rosters never sit in memory twice.
    public func write(_ document: CompetencyDocument, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var failure: (any Error)?
        var output = XMLOutput { bytes in
            guard failure == nil else { return }
            do { try handle.write(contentsOf: bytes) } catch { failure = error }
        }
        switch document {
        case .framework(let framework): output.writeFramework(framework)
        case .roster(let roster): output.writeRoster(roster)
        case .plan(let plan): output.writePlan(plan)
        }
        output.flush()
        if let failure { throw failure }
    }
}

/// The byte-level writer. Not public: callers use ``XMLWriter``.
struct XMLOutput {
    private(set) var bytes: [UInt8] = []
    private let sink: (([UInt8]) -> Void)?
    private var depth = 0
    private var language = ""
    /// Prefix → namespace bindings in force (declared on the root).
    private var rootBindings: [String: String] = [:]
    /// Namespace → prefix, for attributes written on vocabulary elements.
    private var prefixForNamespace: [String: String] = [:]

    init(sink: (([UInt8]) -> Void)?) {
        self.sink = sink
        bytes.reserveCapacity(sink == nil ? 1 << 16 : 1 << 21)
    }

    mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func maybeFlush() {
        if sink != nil, bytes.count >= 1 << 20 { flush() }
    }

    // MARK: Low level

    private mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func indent() {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func escaped(_ text: String, attribute: Bool) {
        var text = text
        text.withUTF8 { buffer in
            var start = 0
            for index in 0..<buffer.count {
                let byte = buffer[index]
                let replacement: StaticString
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where attribute: replacement = "&quot;"
                case 0x0A where attribute: replacement = "&#10;"
                case 0x09 where attribute: replacement = "&#9;"
                case 0x0D: replacement = "&#13;"
                default: continue
                }
                if index > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index])) }
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                start = index + 1
            }
            if start < buffer.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...])) }
        }
    }

    /// `<name` on a new line.
    private mutating func open(_ name: StaticString) {
        indent()
        bytes.append(UInt8(ascii: "<"))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func attribute(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        bytes.append(0x20)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "="))
        bytes.append(UInt8(ascii: "\""))
        escaped(value, attribute: true)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes attributes of other namespaces on a vocabulary element. A namespace that the
    /// root does not declare is declared on the element itself.
    private mutating func foreignAttributes(_ attributes: [ForeignAttribute]) {
        guard !attributes.isEmpty else { return }
        var local: [String: String] = [:]
        for attribute in attributes {
            let name: String
            if attribute.namespace.isEmpty {
                name = attribute.name
            } else if attribute.namespace == xmlNamespace {
                name = "xml:\(attribute.name)"
            } else if let prefix = attribute.prefix, (local[prefix] ?? rootBindings[prefix]) == attribute.namespace {
                name = "\(prefix):\(attribute.name)"
            } else if let prefix = prefixForNamespace[attribute.namespace], local[prefix] == nil {
                name = "\(prefix):\(attribute.name)"
            } else {
                var prefix = attribute.prefix ?? "ns"
                if rootBindings[prefix] != nil || (local[prefix] != nil && local[prefix] != attribute.namespace) {
                    var counter = 1
                    while rootBindings["\(prefix)\(counter)"] != nil || local["\(prefix)\(counter)"] != nil { counter += 1 }
                    prefix = "\(prefix)\(counter)"
                }
                if local[prefix] == nil {
                    local[prefix] = attribute.namespace
                    raw(" xmlns:\(prefix)=\"")
                    escaped(attribute.namespace, attribute: true)
                    bytes.append(UInt8(ascii: "\""))
                }
                name = "\(prefix):\(attribute.name)"
            }
            bytes.append(0x20)
            raw(name)
            bytes.append(UInt8(ascii: "="))
            bytes.append(UInt8(ascii: "\""))
            escaped(attribute.value, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Ends a start tag whose element has children; pair with ``close(_:)``.
    private mutating func openEnd() {
        bytes.append(UInt8(ascii: ">"))
        depth += 1
    }

    private mutating func emptyEnd() {
        bytes.append(UInt8(ascii: "/"))
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func close(_ name: StaticString) {
        depth -= 1
        indent()
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: ">"))
    }

    /// Ends the start tag of an entity with `extensions`: empty when there is nothing inside.
    /// Returns whether the element was left open.
    private mutating func endStartTag(hasChildren: Bool, _ extensions: Extensions) -> Bool {
        foreignAttributes(extensions.attributes)
        if hasChildren || !extensions.elements.isEmpty {
            openEnd()
            return true
        }
        emptyEnd()
        return false
    }

    private mutating func text(_ name: StaticString, _ text: LocalizedText, placer: inout Placer) {
        for variant in text.variants {
            placer.before(&self)
            open(name)
            if variant.language != language {
                raw(" xml:lang=\"")
                escaped(variant.language, attribute: true)
                bytes.append(UInt8(ascii: "\""))
            }
            foreignAttributes(variant.foreignAttributes)
            bytes.append(UInt8(ascii: ">"))
            escaped(variant.value, attribute: false)
            bytes.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "/")])
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: ">"))
        }
    }

    private mutating func texts(_ name: StaticString, _ list: [LocalizedText], placer: inout Placer) {
        for item in list { text(name, item, placer: &placer) }
    }

    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    // MARK: Namespaces

    /// Collects the namespaces of foreign content and binds each to a prefix on the root.
    private mutating func bindNamespaces(_ visit: ((Extensions) -> Void) -> Void) -> [(String, String)] {
        var order: [(String, String)] = []
        var bindings: [String: String] = [:]
        var namespaces: [String: String] = [:]
        func bind(_ namespace: String, preferred: String?) {
            guard !namespace.isEmpty, namespace != xmlNamespace, namespaces[namespace] == nil else { return }
            var prefix = preferred ?? "ns"
            if prefix == "xml" || prefix.hasPrefix("xmlns") || prefix.isEmpty { prefix = "ns" }
            if bindings[prefix] != nil || preferred == nil {
                var counter = 1
                while bindings["\(prefix)\(counter)"] != nil { counter += 1 }
                prefix = "\(prefix)\(counter)"
            }
            bindings[prefix] = namespace
            namespaces[namespace] = prefix
            order.append((prefix, namespace))
        }
        func walk(_ element: ForeignElement) {
            if let prefix = element.prefix { bind(element.namespace, preferred: prefix) }
            for attribute in element.attributes { bind(attribute.namespace, preferred: attribute.prefix) }
            for child in element.children { if case .element(let nested) = child { walk(nested) } }
        }
        visit { extensions in
            for attribute in extensions.attributes { bind(attribute.namespace, preferred: attribute.prefix) }
            for placed in extensions.elements { walk(placed.element) }
        }
        rootBindings = bindings
        prefixForNamespace = namespaces
        return order
    }

    private mutating func rootStart(
        _ name: StaticString, language: String?, namespaces: [(String, String)]
    ) {
        raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        bytes.append(0x0A)
        bytes.append(UInt8(ascii: "<"))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        attribute("xmlns", competencyNamespace)
        for (prefix, namespace) in namespaces {
            raw(" xmlns:\(prefix)=\"")
            escaped(namespace, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        if let language {
            raw(" xml:lang=\"")
            escaped(language, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        self.language = language ?? ""
    }

    private mutating func rootEnd(_ name: StaticString, open: Bool) {
        if open { close(name) }
        bytes.append(0x0A)
    }

    /// Writes a foreign element with its subtree, declaring namespaces locally where the
    /// bindings in scope do not already cover them.
    mutating func writeForeign(_ element: ForeignElement, scope: [String: String], defaultNamespace: String) {
        indent()
        writeForeignInline(element, scope: scope, defaultNamespace: defaultNamespace)
    }

    private mutating func writeForeignInline(
        _ element: ForeignElement, scope: [String: String], defaultNamespace: String
    ) {
        var scope = scope
        var defaultNamespace = defaultNamespace
        var declarations: [(String, String)] = []
        let qualified: String
        if let prefix = element.prefix {
            if scope[prefix] != element.namespace {
                scope[prefix] = element.namespace
                declarations.append(("xmlns:\(prefix)", element.namespace))
            }
            qualified = "\(prefix):\(element.name)"
        } else {
            if defaultNamespace != element.namespace {
                defaultNamespace = element.namespace
                declarations.append(("xmlns", element.namespace))
            }
            qualified = element.name
        }
        var attributeNames: [String] = []
        for attribute in element.attributes {
            if attribute.namespace.isEmpty {
                attributeNames.append(attribute.name)
            } else if attribute.namespace == xmlNamespace {
                attributeNames.append("xml:\(attribute.name)")
            } else if let prefix = attribute.prefix {
                if scope[prefix] != attribute.namespace {
                    scope[prefix] = attribute.namespace
                    declarations.append(("xmlns:\(prefix)", attribute.namespace))
                }
                attributeNames.append("\(prefix):\(attribute.name)")
            } else {
                let prefix = prefixForNamespace[attribute.namespace] ?? "ns0"
                if scope[prefix] != attribute.namespace {
                    scope[prefix] = attribute.namespace
                    declarations.append(("xmlns:\(prefix)", attribute.namespace))
                }
                attributeNames.append("\(prefix):\(attribute.name)")
            }
        }
        bytes.append(UInt8(ascii: "<"))
        raw(qualified)
        for (name, value) in declarations {
            bytes.append(0x20)
            raw(name)
            raw("=\"")
            escaped(value, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        for (attribute, name) in zip(element.attributes, attributeNames) {
            bytes.append(0x20)
            raw(name)
            raw("=\"")
            escaped(attribute.value, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        if element.children.isEmpty {
            emptyEnd()
            return
        }
        bytes.append(UInt8(ascii: ">"))
        // Foreign content keeps its own whitespace: children are written exactly as read.
        for child in element.children {
            switch child {
            case .text(let text): escaped(text, attribute: false)
            case .element(let nested):
                writeForeignInline(nested, scope: scope, defaultNamespace: defaultNamespace)
            }
        }
        raw("</\(qualified)>")
    }

    /// Emits foreign elements at the positions they held among an entity's own children.
    struct Placer {
        let elements: [Extensions.Placed]
        var next = 0
        var written = 0

        init(_ extensions: Extensions) { elements = extensions.elements }

        /// Call before writing each of the entity's own child elements.
        mutating func before(_ output: inout XMLOutput) {
            while next < elements.count, elements[next].position <= written {
                output.writeForeign(elements[next].element, scope: output.rootBindings, defaultNamespace: competencyNamespace)
                next += 1
            }
            written += 1
        }

        /// Call after the entity's last child element.
        mutating func finish(_ output: inout XMLOutput) {
            while next < elements.count {
                output.writeForeign(elements[next].element, scope: output.rootBindings, defaultNamespace: competencyNamespace)
                next += 1
            }
        }
    }

    // MARK: Framework

    mutating func writeFramework(_ framework: Framework) {
        let namespaces = bindNamespaces { visit in
            visit(framework.extensions)
            for scale in framework.scales {
                visit(scale.extensions)
                for level in scale.levels { visit(level.extensions) }
            }
            func visitCompetency(_ competency: Competency) {
                visit(competency.extensions)
                for descriptor in competency.descriptors { visit(descriptor.extensions) }
                for relation in competency.relations { visit(relation.extensions) }
                for match in competency.matches { visit(match.extensions) }
                for child in competency.children { visitCompetency(child) }
            }
            for domain in framework.domains {
                visit(domain.extensions)
                for item in domain.competencies { visitCompetency(item) }
            }
            for position in framework.positions {
                visit(position.extensions)
                for requirement in position.requirements { visit(requirement.extensions) }
            }
            for module in framework.modules {
                visit(module.extensions)
                for teaching in module.teaches { visit(teaching.extensions) }
                for prerequisite in module.prerequisites { visit(prerequisite.extensions) }
            }
            for rule in framework.rules {
                visit(rule.extensions)
                for requirement in rule.requirements { visit(requirement.extensions) }
                func visitPredicate(_ predicate: RulePredicate) {
                    switch predicate {
                    case .all(let list), .any(let list): list.forEach(visitPredicate)
                    case .not(let inner): visitPredicate(inner)
                    case .annotated(let inner, let extensions):
                        visit(extensions)
                        visitPredicate(inner)
                    default: break
                    }
                }
                visit(rule.appliesToExtensions)
                visit(rule.exemptIfExtensions)
                visitPredicate(rule.appliesTo)
                if let exempt = rule.exemptIf { visitPredicate(exempt) }
            }
        }
        rootStart("framework", language: framework.language, namespaces: namespaces)
        attribute("id", framework.id.rawValue)
        attribute("uri", framework.uri)
        attribute("version", framework.version)
        attribute("status", framework.status?.rawValue)
        attribute("issued", framework.issued?.description)
        let hasChildren =
            !framework.title.isEmpty || !framework.description.isEmpty || !framework.publisher.isEmpty
            || !framework.scales.isEmpty || !framework.domains.isEmpty || !framework.positions.isEmpty
            || !framework.modules.isEmpty || !framework.rules.isEmpty
        let isOpen = endStartTag(hasChildren: hasChildren, framework.extensions)
        var placer = Placer(framework.extensions)
        text("title", framework.title, placer: &placer)
        text("description", framework.description, placer: &placer)
        text("publisher", framework.publisher, placer: &placer)
        for scale in framework.scales {
            placer.before(&self)
            write(scale)
        }
        for domain in framework.domains {
            placer.before(&self)
            write(domain)
        }
        for position in framework.positions {
            placer.before(&self)
            write(position)
        }
        for module in framework.modules {
            placer.before(&self)
            write(module)
        }
        for rule in framework.rules {
            placer.before(&self)
            write(rule)
        }
        placer.finish(&self)
        rootEnd("framework", open: isOpen)
    }

    private mutating func write(_ scale: Scale) {
        open("scale")
        attribute("id", scale.id.rawValue)
        attribute("uri", scale.uri)
        attribute("default", scale.defaultLevel?.rawValue)
        attribute("proficient", scale.proficientLevel?.rawValue)
        let isOpen = endStartTag(
            hasChildren: !scale.title.isEmpty || !scale.description.isEmpty || !scale.levels.isEmpty, scale.extensions)
        var placer = Placer(scale.extensions)
        text("title", scale.title, placer: &placer)
        text("description", scale.description, placer: &placer)
        for level in scale.levels {
            placer.before(&self)
            open("level")
            attribute("id", level.id.rawValue)
            attribute("uri", level.uri)
            attribute("rank", String(level.rank))
            attribute("band", level.band?.rawValue)
            let levelOpen = endStartTag(
                hasChildren: !level.label.isEmpty || !level.description.isEmpty, level.extensions)
            var inner = Placer(level.extensions)
            text("label", level.label, placer: &inner)
            text("description", level.description, placer: &inner)
            inner.finish(&self)
            if levelOpen { close("level") }
        }
        placer.finish(&self)
        if isOpen { close("scale") }
    }

    private mutating func write(_ domain: Domain) {
        open("domain")
        attribute("id", domain.id.rawValue)
        attribute("uri", domain.uri)
        attribute("code", domain.code)
        let isOpen = endStartTag(
            hasChildren: !domain.title.isEmpty || !domain.description.isEmpty || !domain.competencies.isEmpty,
            domain.extensions)
        var placer = Placer(domain.extensions)
        text("title", domain.title, placer: &placer)
        text("description", domain.description, placer: &placer)
        for competency in domain.competencies {
            placer.before(&self)
            write(competency)
        }
        placer.finish(&self)
        if isOpen { close("domain") }
    }

    private mutating func write(_ competency: Competency) {
        open("competency")
        attribute("id", competency.id.rawValue)
        attribute("uri", competency.uri)
        attribute("code", competency.code)
        attribute("status", competency.status?.rawValue)
        attribute("scale", competency.scale?.rawValue)
        attribute("levels", competency.levels.map { $0.map(\.rawValue).joined(separator: " ") })
        let hasChildren =
            !competency.title.isEmpty || !competency.statement.isEmpty || !competency.description.isEmpty
            || !competency.descriptors.isEmpty || !competency.relations.isEmpty || !competency.matches.isEmpty
            || !competency.children.isEmpty
        let isOpen = endStartTag(hasChildren: hasChildren, competency.extensions)
        var placer = Placer(competency.extensions)
        text("title", competency.title, placer: &placer)
        text("statement", competency.statement, placer: &placer)
        text("description", competency.description, placer: &placer)
        for descriptor in competency.descriptors {
            placer.before(&self)
            open("descriptor")
            attribute("level", descriptor.level.rawValue)
            let hasText =
                !descriptor.text.isEmpty || !descriptor.knowledge.isEmpty || !descriptor.skills.isEmpty
                || !descriptor.attitudes.isEmpty || !descriptor.examples.isEmpty
            let descriptorOpen = endStartTag(hasChildren: hasText, descriptor.extensions)
            var inner = Placer(descriptor.extensions)
            text("text", descriptor.text, placer: &inner)
            texts("knowledge", descriptor.knowledge, placer: &inner)
            texts("skill", descriptor.skills, placer: &inner)
            texts("attitude", descriptor.attitudes, placer: &inner)
            texts("example", descriptor.examples, placer: &inner)
            inner.finish(&self)
            if descriptorOpen { close("descriptor") }
        }
        for relation in competency.relations {
            placer.before(&self)
            open("relation")
            attribute("type", relation.type.rawValue)
            attribute("target", relation.target.rawValue)
            leafEnd("relation", relation.extensions)
        }
        for match in competency.matches {
            placer.before(&self)
            open("match")
            attribute("type", match.type.rawValue)
            attribute("uri", match.uri)
            leafEnd("match", match.extensions)
        }
        for child in competency.children {
            placer.before(&self)
            write(child)
        }
        placer.finish(&self)
        if isOpen { close("competency") }
    }

    /// Ends an element that has no vocabulary children, writing its foreign ones if any.
    private mutating func leafEnd(_ name: StaticString, _ extensions: Extensions) {
        if endStartTag(hasChildren: false, extensions) {
            var placer = Placer(extensions)
            placer.finish(&self)
            close(name)
        }
    }

    private mutating func write(_ requirement: Requirement) {
        open("requirement")
        switch requirement.target {
        case .competency(let id): attribute("competency", id.rawValue)
        case .domain(let id): attribute("domain", id.rawValue)
        }
        attribute("level", requirement.level.rawValue)
        attribute("importance", requirement.importance?.rawValue)
        attribute("by", requirement.by?.description)
        leafEnd("requirement", requirement.extensions)
    }

    private mutating func write(_ position: Position) {
        open("position")
        attribute("id", position.id.rawValue)
        attribute("uri", position.uri)
        attribute("family", position.family)
        attribute("extends", position.extends?.rawValue)
        let isOpen = endStartTag(
            hasChildren: !position.title.isEmpty || !position.description.isEmpty || !position.requirements.isEmpty,
            position.extensions)
        var placer = Placer(position.extensions)
        text("title", position.title, placer: &placer)
        text("description", position.description, placer: &placer)
        for requirement in position.requirements {
            placer.before(&self)
            write(requirement)
        }
        placer.finish(&self)
        if isOpen { close("position") }
    }

    private mutating func write(_ module: TrainingModule) {
        open("module")
        attribute("id", module.id.rawValue)
        attribute("uri", module.uri)
        attribute("hours", XMLOutput.number(module.hours))
        attribute("delivery", module.delivery)
        let isOpen = endStartTag(
            hasChildren: !module.title.isEmpty || !module.description.isEmpty || !module.teaches.isEmpty
                || !module.prerequisites.isEmpty, module.extensions)
        var placer = Placer(module.extensions)
        text("title", module.title, placer: &placer)
        text("description", module.description, placer: &placer)
        for teaching in module.teaches {
            placer.before(&self)
            open("teaches")
            attribute("competency", teaching.competency.rawValue)
            attribute("level", teaching.level.rawValue)
            leafEnd("teaches", teaching.extensions)
        }
        for prerequisite in module.prerequisites {
            placer.before(&self)
            open("prerequisite")
            attribute("module", prerequisite.module.rawValue)
            leafEnd("prerequisite", prerequisite.extensions)
        }
        placer.finish(&self)
        if isOpen { close("module") }
    }

    private mutating func write(_ rule: AssignmentRule) {
        open("rule")
        attribute("id", rule.id.rawValue)
        attribute("uri", rule.uri)
        attribute("priority", rule.priority.map(String.init))
        attribute("effective", rule.effective?.description)
        attribute("expires", rule.expires?.description)
        _ = endStartTag(hasChildren: true, rule.extensions)
        var placer = Placer(rule.extensions)
        text("title", rule.title, placer: &placer)
        text("description", rule.description, placer: &placer)
        placer.before(&self)
        open("applies-to")
        foreignAttributes(rule.appliesToExtensions.attributes)
        openEnd()
        var appliesPlacer = Placer(rule.appliesToExtensions)
        appliesPlacer.before(&self)
        write(rule.appliesTo)
        appliesPlacer.finish(&self)
        close("applies-to")
        for requirement in rule.requirements {
            placer.before(&self)
            write(requirement)
        }
        if let exempt = rule.exemptIf {
            placer.before(&self)
            open("exempt-if")
            foreignAttributes(rule.exemptIfExtensions.attributes)
            openEnd()
            var exemptPlacer = Placer(rule.exemptIfExtensions)
            exemptPlacer.before(&self)
            write(exempt)
            exemptPlacer.finish(&self)
            close("exempt-if")
        }
        placer.finish(&self)
        close("rule")
    }

    private mutating func write(_ predicate: RulePredicate, extensions: Extensions = .none) {
        switch predicate {
        case .always:
            open("always")
            predicateEnd("always", extensions, operands: [])
        case .all(let operands):
            open("all")
            predicateEnd("all", extensions, operands: operands)
        case .any(let operands):
            open("any")
            predicateEnd("any", extensions, operands: operands)
        case .not(let operand):
            open("not")
            predicateEnd("not", extensions, operands: [operand])
        case .position(let id):
            open("position")
            attribute("ref", id.rawValue)
            predicateEnd("position", extensions, operands: [])
        case .positionFamily(let family):
            open("position")
            attribute("family", family)
            predicateEnd("position", extensions, operands: [])
        case .unit(let id, let descendants):
            open("unit")
            attribute("ref", id.rawValue)
            attribute("descendants", descendants ? "true" : nil)
            predicateEnd("unit", extensions, operands: [])
        case .attribute(let name, let value):
            open("attribute")
            attribute("name", name)
            attribute("value", value)
            predicateEnd("attribute", extensions, operands: [])
        case .certificate(let kind):
            open("certificate")
            attribute("kind", kind)
            predicateEnd("certificate", extensions, operands: [])
        case .level(let competency, let atLeast):
            open("level")
            attribute("competency", competency.rawValue)
            attribute("at-least", atLeast.rawValue)
            predicateEnd("level", extensions, operands: [])
        case .annotated(let inner, let more):
            let merged = Extensions(
                attributes: extensions.attributes + more.attributes, elements: extensions.elements + more.elements)
            write(inner, extensions: merged)
        }
    }

    private mutating func predicateEnd(_ name: StaticString, _ extensions: Extensions, operands: [RulePredicate]) {
        guard endStartTag(hasChildren: !operands.isEmpty, extensions) else { return }
        var placer = Placer(extensions)
        for operand in operands {
            placer.before(&self)
            write(operand)
        }
        placer.finish(&self)
        close(name)
    }

    // MARK: Roster

    mutating func writeRoster(_ roster: Roster) {
        let namespaces = bindNamespaces { visit in
            visit(roster.extensions)
            func visitUnit(_ unit: OrgUnit) {
                visit(unit.extensions)
                unit.units.forEach(visitUnit)
            }
            roster.units.forEach(visitUnit)
            for person in roster.people {
                visit(person.extensions)
                for attribute in person.attributes { visit(attribute.extensions) }
                for assessment in person.assessments { visit(assessment.extensions) }
                for certificate in person.certificates {
                    visit(certificate.extensions)
                    for coverage in certificate.covers { visit(coverage.extensions) }
                }
                for completion in person.completions { visit(completion.extensions) }
            }
        }
        rootStart("roster", language: roster.language, namespaces: namespaces)
        attribute("framework", roster.framework?.rawValue)
        attribute("uri", roster.uri)
        attribute("as-of", roster.asOf?.description)
        let isOpen = endStartTag(
            hasChildren: !roster.title.isEmpty || !roster.units.isEmpty || !roster.people.isEmpty, roster.extensions)
        var placer = Placer(roster.extensions)
        text("title", roster.title, placer: &placer)
        for unit in roster.units {
            placer.before(&self)
            write(unit)
        }
        for person in roster.people {
            placer.before(&self)
            write(person)
            maybeFlush()
        }
        placer.finish(&self)
        rootEnd("roster", open: isOpen)
    }

    private mutating func write(_ unit: OrgUnit) {
        open("unit")
        attribute("id", unit.id.rawValue)
        attribute("uri", unit.uri)
        let isOpen = endStartTag(hasChildren: !unit.title.isEmpty || !unit.units.isEmpty, unit.extensions)
        var placer = Placer(unit.extensions)
        text("title", unit.title, placer: &placer)
        for child in unit.units {
            placer.before(&self)
            write(child)
        }
        placer.finish(&self)
        if isOpen { close("unit") }
    }

    private mutating func write(_ person: Person) {
        open("person")
        attribute("id", person.id.rawValue)
        attribute("uri", person.uri)
        attribute("unit", person.unit?.rawValue)
        attribute("position", person.position?.rawValue)
        let hasChildren =
            !person.name.isEmpty || !person.attributes.isEmpty || !person.assessments.isEmpty
            || !person.certificates.isEmpty || !person.completions.isEmpty
        let isOpen = endStartTag(hasChildren: hasChildren, person.extensions)
        var placer = Placer(person.extensions)
        text("name", person.name, placer: &placer)
        for item in person.attributes {
            placer.before(&self)
            open("attribute")
            attribute("name", item.name)
            attribute("value", item.value)
            leafEnd("attribute", item.extensions)
        }
        for assessment in person.assessments {
            placer.before(&self)
            open("assessment")
            attribute("competency", assessment.competency.rawValue)
            attribute("level", assessment.level.rawValue)
            attribute("date", assessment.date?.description)
            attribute("method", assessment.method?.rawValue)
            leafEnd("assessment", assessment.extensions)
        }
        for certificate in person.certificates {
            placer.before(&self)
            open("certificate")
            attribute("id", certificate.id?.rawValue)
            attribute("uri", certificate.uri)
            attribute("kind", certificate.kind)
            attribute("issued", certificate.issued?.description)
            attribute("expires", certificate.expires?.description)
            let certificateOpen = endStartTag(
                hasChildren: !certificate.title.isEmpty || !certificate.covers.isEmpty, certificate.extensions)
            var inner = Placer(certificate.extensions)
            text("title", certificate.title, placer: &inner)
            for coverage in certificate.covers {
                inner.before(&self)
                open("covers")
                attribute("competency", coverage.competency.rawValue)
                attribute("level", coverage.level.rawValue)
                leafEnd("covers", coverage.extensions)
            }
            inner.finish(&self)
            if certificateOpen { close("certificate") }
        }
        for completion in person.completions {
            placer.before(&self)
            open("completion")
            attribute("module", completion.module.rawValue)
            attribute("date", completion.date?.description)
            leafEnd("completion", completion.extensions)
        }
        placer.finish(&self)
        if isOpen { close("person") }
    }

    // MARK: Plan

    mutating func writePlan(_ plan: Plan) {
        let namespaces = bindNamespaces { visit in
            visit(plan.extensions)
            for person in plan.people {
                visit(person.extensions)
                for need in person.needs { visit(need.extensions) }
                for assignment in person.assignments { visit(assignment.extensions) }
                for unmet in person.unmet { visit(unmet.extensions) }
            }
        }
        rootStart("plan", language: nil, namespaces: namespaces)
        attribute("framework", plan.framework?.rawValue)
        attribute("version", plan.version)
        attribute("as-of", plan.asOf?.description)
        let isOpen = endStartTag(hasChildren: !plan.people.isEmpty, plan.extensions)
        var placer = Placer(plan.extensions)
        for person in plan.people {
            placer.before(&self)
            write(person)
            maybeFlush()
        }
        placer.finish(&self)
        rootEnd("plan", open: isOpen)
    }

    private mutating func write(_ person: PersonPlan) {
        open("person")
        attribute("id", person.person.rawValue)
        attribute("status", person.status.rawValue)
        let isOpen = endStartTag(
            hasChildren: !person.needs.isEmpty || !person.assignments.isEmpty || !person.unmet.isEmpty,
            person.extensions)
        var placer = Placer(person.extensions)
        for need in person.needs {
            placer.before(&self)
            open("need")
            attribute("competency", need.competency.rawValue)
            attribute("attained", need.attained?.rawValue)
            attribute("required", need.required.rawValue)
            attribute("by", need.by?.description)
            let needOpen = endStartTag(hasChildren: !need.because.isEmpty, need.extensions)
            var inner = Placer(need.extensions)
            for cause in need.because {
                inner.before(&self)
                open("because")
                switch cause {
                case .rule(let id): attribute("rule", id.rawValue)
                case .position(let id): attribute("position", id.rawValue)
                }
                emptyEnd()
            }
            inner.finish(&self)
            if needOpen { close("need") }
        }
        for assignment in person.assignments {
            placer.before(&self)
            open("assign")
            attribute("module", assignment.module.rawValue)
            attribute("order", String(assignment.order))
            leafEnd("assign", assignment.extensions)
        }
        for unmet in person.unmet {
            placer.before(&self)
            open("unmet")
            attribute("competency", unmet.competency.rawValue)
            attribute("required", unmet.required.rawValue)
            attribute("reason", unmet.reason.rawValue)
            leafEnd("unmet", unmet.extensions)
        }
        placer.finish(&self)
        if isOpen { close("person") }
    }
}
