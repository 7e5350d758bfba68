import CompetencyModel

// Content of other namespaces: prefixes bound on the root, foreign attributes on vocabulary
// elements, foreign elements and their places among an entity's own children.
extension XMLOutput {
    /// Writes attributes of other namespaces on a vocabulary element. A namespace that the
    /// root does not declare is declared on the element itself.
    mutating func foreignAttributes(_ attributes: [ForeignAttribute]) {
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

    /// Collects the namespaces of foreign content and binds each to a prefix on the root.
    /// Each namespace `extensions` uses with the prefix it prefers, in the order the writer
    /// binds them: its attributes, then its elements depth first.
    static func namespaceUses(in extensions: Extensions, _ use: (_ namespace: String, _ preferred: String?) -> Void) {
        func walk(_ element: ForeignElement) {
            if let prefix = element.prefix { use(element.namespace, prefix) }
            for attribute in element.attributes { use(attribute.namespace, attribute.prefix) }
            for child in element.children { if case .element(let nested) = child { walk(nested) } }
        }
        for attribute in extensions.attributes { use(attribute.namespace, attribute.prefix) }
        for placed in extensions.elements { walk(placed.element) }
    }

    mutating func bindNamespaces(_ visit: ((Extensions) -> Void) -> Void) -> [(String, String)] {
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
        visit { extensions in Self.namespaceUses(in: extensions, bind) }
        rootBindings = bindings
        prefixForNamespace = namespaces
        return order
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
}
