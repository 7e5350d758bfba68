public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// Reads a CTDL-ASN competency framework in JSON-LD (a Credential Engine or CaSS export).
///
/// The `ceasn:CompetencyFramework` becomes the framework; its top children
/// (`ceasn:hasTopChild`, `ceasn:isTopChildOf`) become domains and `ceasn:hasChild` /
/// `ceasn:isChildOf` give nesting and order below them. Alignments (`exactAlignment`,
/// `majorAlignment`, `broadAlignment`, `narrowAlignment`, `minorAlignment`) become matches.
/// Language maps become localized texts. Everything else is reported.
public struct CTDLImporter: Sendable {
    public init() {}

    public func importFramework(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<Framework> {
        var (root, repairs) = try JSONParser.parseRecordingRepairs(data, file: file)
        // The graph is taken out of the document, so that the import holds it alone and frees
        // each node once its entity is built.
        var graph: [JSONValue]
        if case .object(var members) = root.kind, let place = members.firstIndex(where: { $0.key == "@graph" }),
            case .array(let nodes) = members[place].value.kind
        {
            graph = nodes
            members[place].value.kind = .null
            root.kind = .object(members)
        } else {
            graph = root.array ?? [root]
        }
        guard let frameworkIndex = graph.firstIndex(where: { Self.hasType($0, "ceasn:CompetencyFramework") }) else {
            throw DiagnosticError(
                "not-ctdl", "this is not a CTDL-ASN framework: no node has the type ceasn:CompetencyFramework", at: root.location(file: file))
        }
        let frameworkNode = graph[frameworkIndex]
        var run = CTDLImportRun(file: file, graph: consume graph)
        for location in repairs { run.report.fixUp("control-character", CASEImporter.controlRepair, at: location) }
        // The kept nodes are copied from the text while it is at hand.
        var parsed = try JSONParser.withText(data) { text in
            Result { () throws(DiagnosticError) -> Parsed<Framework> in
                run.text = text
                defer { run.text = nil }
                return try run.read(framework: frameworkNode, at: frameworkIndex)
            }
        }.get()
        // The document around the graph, for the exporter; a context the exporter writes
        // anyway is not kept.
        if let context = root["@context"], !CASESnapshot.same(context, .string(CTDLExporter.context)) {
            CTDLSnapshot.set(CTDLSnapshot.context, JSONWriter.Value(context), in: &parsed.value.extensions)
        }
        let others = root.members.filter { $0.key != "@context" && $0.key != "@graph" }
        let hasPackage = root["@graph"] != nil && !others.isEmpty
        if hasPackage {
            CTDLSnapshot.set(CTDLSnapshot.package, .object(others.map { ($0.key, JSONWriter.Value($0.value)) }), in: &parsed.value.extensions)
        }
        // Places are kept only when the graph was not in the order the exporter writes it.
        if run.inOrder, run.otherNodes.isEmpty, !hasPackage {
            CTDLSnapshot.forEachExtensions(&parsed.value) { CTDLSnapshot.remove([CTDLSnapshot.order], from: &$0) }
        }
        return parsed
    }

    public func importFramework(contentsOf url: URL) throws(DiagnosticError) -> Parsed<Framework> {
        try importFramework(try InputFile.read(url), file: url.path)
    }

    /// Whether `node`'s `@type` is `type` or a list holding it, without gathering the list.
    static func hasType(_ node: JSONValue, _ type: String) -> Bool {
        switch node["@type"]?.kind {
        case .string(let single)?: return single == type
        case .array(let items)?: return items.contains { $0.string == type }
        default: return false
        }
    }
}

/// One import: the graph's competency nodes are found by index, so that each `@id` is hashed
/// once. Each entity keeps its node as read, its place and the digest of what it mapped to,
/// unless the exporter would write that node the same from the model alone; the importer
/// compares as it builds, so that a document CompetencyKit wrote reads back with nothing kept.
private struct CTDLImportRun {
    let file: String?
    /// The graph's nodes; a node is set to null once its entity is built.
    var graph: [JSONValue]
    var report = LossReport(domain: "ctdl")
    var sourceMap = SourceMap()
    var language = ""
    var ids = IDAllocator()
    /// The graph index of each competency node by its `@id` (the first node with it).
    var indexOf: [String: Int] = [:]
    /// Per graph index: the `@id` of a node read as a competency, else nil.
    var uriAt: [String?]
    /// Per graph index: the ID a competency node became.
    var idAt: [String]
    var placed: [Bool]
    /// Every competency some node names in `hasChild`.
    var namedAsChild: [Bool]
    /// For each competency, the nodes that say they are its children (`isChildOf`), in
    /// `@id` order: built once, so that the import stays linear in the size of the graph.
    var claimedChildren: [[Int]]
    /// Graph nodes that are neither the framework nor read as competencies, with their places.
    var otherNodes: [(Int, JSONValue)] = []
    /// What the exporter computes for each node.
    var members = CTDLNodeMembers(Framework(id: "framework"))
    var frameworkURI = ""
    /// Whether every entity so far stood after the one before it, as its node's `@id` says.
    var inOrder = true
    var lastPlace = -1
    /// The parsed text, while `read(framework:)` runs: kept nodes are copied from it.
    var text: UnsafeBufferPointer<UInt8>?

    init(file: String?, graph: [JSONValue]) {
        self.file = file
        self.graph = graph
        uriAt = Array(repeating: nil, count: graph.count)
        idAt = Array(repeating: "", count: graph.count)
        placed = Array(repeating: false, count: graph.count)
        namedAsChild = Array(repeating: false, count: graph.count)
        claimedChildren = Array(repeating: [], count: graph.count)
    }

    func at(_ value: JSONValue) -> SourceLocation { value.location(file: file) }

    /// A language map (`{"en-us": "…"}` or `{"en": ["…", "…"]}`) or a plain string.
    func text(_ value: JSONValue?) -> LocalizedText {
        guard let value else { return LocalizedText() }
        if let plain = value.string { return LocalizedText(plain, language: language) }
        var text = LocalizedText()
        for member in value.members {
            let joined: String
            switch member.value.kind {
            case .string(let single): joined = Text.normalized(single)
            case .number(let single): joined = Text.normalized(single)
            case .array(let items):
                joined = items.compactMap(\.string).map(Text.normalized).filter { !$0.isEmpty }.joined(separator: "\n")
            default: joined = ""
            }
            guard !joined.isEmpty else { continue }
            let key = member.key.lowercased()
            if text[key] == nil { text[key] = joined }
        }
        return text
    }

    func references(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        if let single = value.string { return [single] }
        if let id = value["@id"]?.string { return [id] }
        return value.array?.compactMap { $0.string ?? $0["@id"]?.string } ?? []
    }

    /// The competency nodes among `references`, by graph index.
    func indices(_ value: JSONValue?) -> [Int] {
        references(value).compactMap { indexOf[$0] }
    }

    /// Reads the framework `node`, which stands at `frameworkOrder` in the graph.
    mutating func read(framework node: JSONValue, at frameworkOrder: Int) throws(DiagnosticError) -> Parsed<Framework> {
        let uri = node["@id"]?.string
        language = (node["ceasn:inLanguage"]?.array?.first?.string ?? node["ceasn:inLanguage"]?.string ?? "").lowercased()
        let ctid = node["ceterms:ctid"]?.string
        let frameworkID = ctid.flatMap { IdentifierSyntax.isValidToken($0) ? $0 : nil } ?? uri.map { MedBiq.id(fromURI: $0, prefix: "f-") } ?? "framework"
        var framework = Framework(id: Framework.ID(frameworkID), uri: Self.foreign(uri))
        sourceMap.record(.framework(framework.id), at: at(node))
        framework.language = language.isEmpty ? nil : language
        framework.title = text(node["ceasn:name"])
        framework.description = text(node["ceasn:description"])
        framework.publisher = text(node["ceasn:publisherName"])
        if let version = node["ceasn:versionCode"]?.string {
            framework.version = version
            framework.repairVersion(format: "ctdl", report: &report, at: at(node))
        }
        if let valid = node["ceasn:dateValidFrom"]?.string { framework.issued = ISODate(valid.prefix(10)) }
        members = CTDLNodeMembers(framework)
        frameworkURI = members.uri(of: framework)
        // What the model has no field for stays in the node, kept for the exporter.
        var competencies: [Int] = []
        // The framework is told by its place, not its @id, which it and other nodes may lack.
        for (index, value) in graph.enumerated() where index != frameworkOrder {
            let id = value["@id"]?.string
            let isCompetency = CTDLImporter.hasType(value, "ceasn:Competency")
            if id == nil, isCompetency {
                report.loss("ctdl-no-id", "competency nodes without an @id, which nothing can name: kept as written, not read as competencies", at: at(value))
            }
            guard let id, isCompetency, indexOf[id] == nil else {
                // Other nodes, and a competency given twice with the same @id, are kept as written.
                otherNodes.append((index, value))
                continue
            }
            indexOf[id] = index
            uriAt[index] = id
            competencies.append(index)
            let preferred = value["ceterms:ctid"]?.string.flatMap { IdentifierSyntax.isValidToken($0) ? $0 : nil } ?? MedBiq.id(fromURI: id, prefix: "c-")
            idAt[index] = ids.claim(preferred)
        }
        let sorted = competencies.sorted { uriAt[$0]! < uriAt[$1]! }
        // Per competency node: whether it names a parent, and whether one is in the graph.
        var namesParent = Array(repeating: false, count: graph.count)
        var parentInGraph = Array(repeating: false, count: graph.count)
        for index in sorted {
            let value = graph[index]
            for child in indices(value["ceasn:hasChild"]) { namedAsChild[child] = true }
            let named = references(value["ceasn:isChildOf"])
            namesParent[index] = !named.isEmpty
            var parents = named.compactMap { indexOf[$0] }
            parentInGraph[index] = !parents.isEmpty
            if parents.count > 1 {
                var seen: Set<Int> = []
                parents = parents.filter { seen.insert($0).inserted }
            }
            for parent in parents { claimedChildren[parent].append(index) }
        }
        // Top children: the framework's list, then any node that says it is one.
        var top = indices(node["ceasn:hasTopChild"])
        var isTop = Set(top)
        for index in sorted where !isTop.contains(index) && !namedAsChild[index] {
            let value = graph[index]
            if !namesParent[index] || value["ceasn:isTopChildOf"].map({ !references($0).isEmpty }) == true {
                top.append(index)
                isTop.insert(index)
            } else if !parentInGraph[index] {
                report.fixUp(
                    "ctdl-missing-parent", "competencies whose parent is not in the graph; they become top children",
                    at: at(value["ceasn:isChildOf"] ?? value))
                top.append(index)
                isTop.insert(index)
            }
        }
        // The framework comes first in the order the exporter writes.
        place(frameworkOrder, node: node, uri: frameworkURI)
        for index in top where !placed[index] {
            placed[index] = true
            framework.domains.append(try domain(index))
        }
        for index in sorted where !placed[index] {
            report.loss("ctdl-unreachable", "competencies not reachable from the framework's top children (a cycle): kept as written", at: at(graph[index]))
            otherNodes.append((index, graph[index]))
        }
        let digest = Self.reproduces(node, members.framework(framework, uri: frameworkURI)) ? nil : CTDLSnapshot.digest(framework)
        keep(node, order: frameworkOrder, digest: digest, in: &framework.extensions)
        if !otherNodes.isEmpty {
            let pairs = otherNodes.sorted { $0.0 < $1.0 }.map { JSONWriter.Value.array([.int($0.0), JSONWriter.Value($0.1)]) }
            CTDLSnapshot.set(CTDLSnapshot.others, .array(pairs), in: &framework.extensions)
        }
        return Parsed(value: framework, sourceMap: sourceMap, report: report)
    }

    /// A URI, unless it is a CompetencyKit URN (which only carries an ID).
    static func foreign(_ uri: String?) -> String? { uri.flatMap { CASEConvention.parse($0) == nil ? $0 : nil } }

    /// Notes where the next entity the exporter writes stood in the graph.
    mutating func place(_ index: Int, node: JSONValue, uri: String) {
        if index <= lastPlace || CTDLSnapshot.identifier(node) != uri { inOrder = false }
        lastPlace = index
    }

    /// Whether the exporter writes `node` the same from the model alone (`computed`).
    static func reproduces(_ node: JSONValue, _ computed: [(String, JSONWriter.Value)]) -> Bool {
        guard case .object(let read) = node.kind else { return false }
        return CASESnapshot.same(members: read, computed)
    }

    /// Keeps a node as read, with its place and the digest of what it mapped to; the node and
    /// digest only when the exporter would not write the node the same (`digest` is nil).
    func keep(_ node: JSONValue, order: Int, digest: String?, in extensions: inout Extensions) {
        if digest != nil {
            let compact = text.flatMap { JSONParser.compactText($0, at: node.offset) } ?? JSONWriter.compact(node)
            SourceExtension.set(CTDLSnapshot.node, compact, of: CTDLSnapshot.format, in: &extensions)
        }
        SourceExtension.set(CTDLSnapshot.order, String(order), of: CTDLSnapshot.format, in: &extensions)
        if let digest { SourceExtension.set(CTDLSnapshot.digest, digest, of: CTDLSnapshot.format, in: &extensions) }
    }

    /// Children in `hasChild` order, then those that only say `isChildOf`.
    mutating func children(of index: Int) -> [Int] {
        var result: [Int] = []
        // A child outside the graph stays in the node as read.
        let named = indices(graph[index]["ceasn:hasChild"])
        let claimed = claimedChildren[index]
        if named.isEmpty {
            result = claimed
        } else {
            var seen: Set<Int> = []
            for child in named where seen.insert(child).inserted { result.append(child) }
            for other in claimed where seen.insert(other).inserted { result.append(other) }
        }
        return result.filter { child in
            // A second parent stays in the nodes as read.
            if placed[child] { return false }
            placed[child] = true
            return true
        }
    }

    mutating func domain(_ index: Int) throws(DiagnosticError) -> Domain {
        let node = graph[index]
        let id = uriAt[index] ?? ""
        let label = text(node["ceasn:competencyLabel"])
        let statement = text(node["ceasn:competencyText"])
        var domain = Domain(
            id: Domain.ID(idAt[index]), uri: Self.foreign(id), code: node["ceasn:codedNotation"]?.string ?? node["ceasn:listID"]?.string,
            title: label.isEmpty ? statement : label, description: text(node["ceasn:comment"]))
        sourceMap.record(.domain(domain.id), at: at(node))
        let uri = members.uri(of: domain)
        place(index, node: node, uri: uri)
        // The text beside a label, categories, alignments of top children and every other
        // member stay in the node as read.
        for child in children(of: index) { domain.competencies.append(try competency(child, depth: 1, parent: uri)) }
        let digest = Self.reproduces(node, members.domain(domain, uri: uri, framework: frameworkURI)) ? nil : CTDLSnapshot.digest(domain)
        keep(node, order: index, digest: digest, in: &domain.extensions)
        graph[index] = JSONValue(.null)
        return domain
    }

    static let alignments: [(String, Match.Kind)] = [
        ("ceasn:exactAlignment", .exact), ("ceasn:majorAlignment", .close), ("ceasn:broadAlignment", .broad),
        ("ceasn:narrowAlignment", .narrow), ("ceasn:minorAlignment", .related),
    ]

    mutating func competency(_ index: Int, depth: Int, parent: String) throws(DiagnosticError) -> Competency {
        let node = graph[index]
        let id = uriAt[index] ?? ""
        let label = text(node["ceasn:competencyLabel"])
        let statement = text(node["ceasn:competencyText"])
        var competency = Competency(
            id: Competency.ID(idAt[index]), uri: Self.foreign(id), code: node["ceasn:codedNotation"]?.string ?? node["ceasn:listID"]?.string,
            title: label.isEmpty ? statement : label, statement: label.isEmpty ? LocalizedText() : statement,
            description: text(node["ceasn:comment"]))
        sourceMap.record(.competency(competency.id), at: at(node))
        for (key, kind) in Self.alignments {
            for target in references(node[key]) { competency.matches.append(Match(type: kind, uri: target)) }
        }
        let uri = members.uri(of: competency)
        place(index, node: node, uri: uri)
        for child in children(of: index) {
            guard depth < Competency.maxNestingDepth else {
                throw DiagnosticError.tooDeep(at: sourceMap.location(of: .competency(competency.id)))
            }
            competency.children.append(try self.competency(child, depth: depth + 1, parent: uri))
        }
        let computed = members.competency(competency, uri: uri, parent: parent, framework: frameworkURI)
        let digest = Self.reproduces(node, computed) ? nil : CTDLSnapshot.digest(competency)
        keep(node, order: index, digest: digest, in: &competency.extensions)
        graph[index] = JSONValue(.null)
        return competency
    }
}
