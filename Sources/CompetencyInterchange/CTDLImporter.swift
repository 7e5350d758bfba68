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
        let (root, repairs) = try JSONParser.parseRecordingRepairs(data, file: file)
        let graph = root["@graph"]?.array ?? root.array ?? [root]
        guard let frameworkNode = graph.first(where: { Self.types($0).contains("ceasn:CompetencyFramework") }) else {
            throw DiagnosticError(
                "not-ctdl", "this is not a CTDL-ASN framework: no node has the type ceasn:CompetencyFramework", at: root.location(file: file))
        }
        var run = CTDLImportRun(file: file)
        for location in repairs { run.report.fixUp("control-character", CASEImporter.controlRepair, at: location) }
        var parsed = try run.read(framework: frameworkNode, graph: graph)
        // The document around the graph, for the exporter.
        if let context = root["@context"] {
            CTDLSnapshot.set(CTDLSnapshot.context, JSONWriter.Value(context), in: &parsed.value.extensions)
        }
        let others = root.members.filter { $0.key != "@context" && $0.key != "@graph" }
        if root["@graph"] != nil, !others.isEmpty {
            CTDLSnapshot.set(CTDLSnapshot.package, .object(others.map { ($0.key, JSONWriter.Value($0.value)) }), in: &parsed.value.extensions)
        }
        CTDLSnapshot.prune(&parsed.value)
        return parsed
    }

    public func importFramework(contentsOf url: URL) throws(DiagnosticError) -> Parsed<Framework> {
        try importFramework(try InputFile.read(url), file: url.path)
    }

    static func types(_ node: JSONValue) -> [String] {
        if let single = node["@type"]?.string { return [single] }
        return node["@type"]?.array?.compactMap(\.string) ?? []
    }
}

private struct CTDLImportRun {
    let file: String?
    var report = LossReport(domain: "ctdl")
    var sourceMap = SourceMap()
    var language = ""
    var nodes: [String: JSONValue] = [:]
    var ids = IDAllocator()
    var idOf: [String: String] = [:]
    var placed: Set<String> = []
    /// Every competency some node names in `hasChild`.
    var namedAsChild: Set<String> = []
    /// For each competency, the nodes that say they are its children (`isChildOf`), in
    /// `@id` order: built once, so that the import stays linear in the size of the graph.
    var claimedChildren: [String: [String]] = [:]
    /// Each node's place in the graph.
    var orderOf: [String: Int] = [:]
    /// Graph nodes that are neither the framework nor read as competencies, with their places.
    var otherNodes: [(Int, JSONValue)] = []

    init(file: String?) { self.file = file }

    func at(_ value: JSONValue) -> SourceLocation { value.location(file: file) }

    /// A language map (`{"en-us": "…"}` or `{"en": ["…", "…"]}`) or a plain string.
    func text(_ value: JSONValue?) -> LocalizedText {
        guard let value else { return LocalizedText() }
        if let plain = value.string { return LocalizedText(plain, language: language) }
        var text = LocalizedText()
        for member in value.members {
            let strings = member.value.array?.compactMap(\.string) ?? member.value.string.map { [$0] } ?? []
            let joined = strings.map(Text.normalized).filter { !$0.isEmpty }.joined(separator: "\n")
            if !joined.isEmpty, text[member.key.lowercased()] == nil { text[member.key.lowercased()] = joined }
        }
        return text
    }

    func references(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        if let single = value.string { return [single] }
        if let id = value["@id"]?.string { return [id] }
        return value.array?.compactMap { $0.string ?? $0["@id"]?.string } ?? []
    }

    mutating func read(framework node: JSONValue, graph: [JSONValue]) throws(DiagnosticError) -> Parsed<Framework> {
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
        // What the model has no field for stays in the node, kept for the exporter.
        var frameworkOrder = 0
        for (index, value) in graph.enumerated() {
            if value["@id"]?.string == uri {
                frameworkOrder = index
                continue
            }
            guard CTDLImporter.types(value).contains("ceasn:Competency"), let id = value["@id"]?.string, nodes[id] == nil else {
                // Other nodes, and a competency given twice with the same @id, are kept as written.
                otherNodes.append((index, value))
                continue
            }
            nodes[id] = value
            orderOf[id] = index
            let preferred = value["ceterms:ctid"]?.string.flatMap { IdentifierSyntax.isValidToken($0) ? $0 : nil } ?? MedBiq.id(fromURI: id, prefix: "c-")
            idOf[id] = ids.claim(preferred)
        }
        let sorted = nodes.sorted(by: { $0.key < $1.key })
        for (id, value) in sorted {
            namedAsChild.formUnion(references(value["ceasn:hasChild"]))
            for parent in Set(references(value["ceasn:isChildOf"])) { claimedChildren[parent, default: []].append(id) }
        }
        // Top children: the framework's list, then any node that says it is one.
        var top = references(node["ceasn:hasTopChild"]).filter { nodes[$0] != nil }
        var isTop = Set(top)
        for (id, value) in sorted where !isTop.contains(id) && !isChildOfSomeone(id) {
            let parents = references(value["ceasn:isChildOf"])
            if parents.isEmpty || !references(value["ceasn:isTopChildOf"]).isEmpty {
                top.append(id)
                isTop.insert(id)
            } else if !parents.contains(where: { nodes[$0] != nil }) {
                report.fixUp(
                    "ctdl-missing-parent", "competencies whose parent is not in the graph; they become top children",
                    at: at(value["ceasn:isChildOf"] ?? value))
                top.append(id)
                isTop.insert(id)
            }
        }
        for id in top where !placed.contains(id) {
            placed.insert(id)
            framework.domains.append(try domain(id))
        }
        for (id, value) in sorted where !placed.contains(id) {
            report.loss("ctdl-unreachable", "competencies not reachable from the framework's top children (a cycle): kept as written", at: at(value))
            if let index = orderOf[id] { otherNodes.append((index, value)) }
        }
        keep(node, order: frameworkOrder, digest: CTDLSnapshot.digest(framework), in: &framework.extensions)
        if !otherNodes.isEmpty {
            let pairs = otherNodes.sorted { $0.0 < $1.0 }.map { JSONWriter.Value.array([.int($0.0), JSONWriter.Value($0.1)]) }
            CTDLSnapshot.set(CTDLSnapshot.others, .array(pairs), in: &framework.extensions)
        }
        return Parsed(value: framework, sourceMap: sourceMap, report: report)
    }

    func isChildOfSomeone(_ id: String) -> Bool { namedAsChild.contains(id) }

    /// A URI, unless it is a CompetencyKit URN (which only carries an ID).
    static func foreign(_ uri: String?) -> String? { uri.flatMap { CASEConvention.parse($0) == nil ? $0 : nil } }

    /// Keeps a node as read, with its place and the digest of what it mapped to.
    func keep(_ node: JSONValue, order: Int, digest: String, in extensions: inout Extensions) {
        SourceExtension.set(CTDLSnapshot.node, JSONWriter.compact(node), of: CTDLSnapshot.format, in: &extensions)
        SourceExtension.set(CTDLSnapshot.order, String(order), of: CTDLSnapshot.format, in: &extensions)
        SourceExtension.set(CTDLSnapshot.digest, digest, of: CTDLSnapshot.format, in: &extensions)
    }

    /// Children in `hasChild` order, then those that only say `isChildOf`.
    mutating func children(of id: String) -> [String] {
        guard let node = nodes[id] else { return [] }
        var result: [String] = []
        var seen: Set<String> = []
        for child in references(node["ceasn:hasChild"]) where !seen.contains(child) {
            // A child outside the graph stays in the node as read.
            if nodes[child] != nil {
                result.append(child)
                seen.insert(child)
            }
        }
        for other in claimedChildren[id] ?? [] where !seen.contains(other) {
            result.append(other)
            seen.insert(other)
        }
        return result.filter { child in
            // A second parent stays in the nodes as read.
            if placed.contains(child) { return false }
            placed.insert(child)
            return true
        }
    }

    mutating func domain(_ id: String) throws(DiagnosticError) -> Domain {
        let node = nodes[id] ?? JSONValue(.null)
        let label = text(node["ceasn:competencyLabel"])
        let statement = text(node["ceasn:competencyText"])
        var domain = Domain(
            id: Domain.ID(idOf[id] ?? id), uri: Self.foreign(id), code: node["ceasn:codedNotation"]?.string ?? node["ceasn:listID"]?.string,
            title: label.isEmpty ? statement : label, description: text(node["ceasn:comment"]))
        sourceMap.record(.domain(domain.id), at: at(node))
        // The text beside a label, categories, alignments of top children and every other
        // member stay in the node as read.
        for child in children(of: id) { domain.competencies.append(try competency(child, depth: 1)) }
        keep(node, order: orderOf[id] ?? 0, digest: CTDLSnapshot.digest(domain), in: &domain.extensions)
        return domain
    }

    mutating func competency(_ id: String, depth: Int) throws(DiagnosticError) -> Competency {
        let node = nodes[id] ?? JSONValue(.null)
        let label = text(node["ceasn:competencyLabel"])
        let statement = text(node["ceasn:competencyText"])
        var competency = Competency(
            id: Competency.ID(idOf[id] ?? id), uri: Self.foreign(id), code: node["ceasn:codedNotation"]?.string ?? node["ceasn:listID"]?.string,
            title: label.isEmpty ? statement : label, statement: label.isEmpty ? LocalizedText() : statement,
            description: text(node["ceasn:comment"]))
        sourceMap.record(.competency(competency.id), at: at(node))
        let alignments: [(String, Match.Kind)] = [
            ("ceasn:exactAlignment", .exact), ("ceasn:majorAlignment", .close), ("ceasn:broadAlignment", .broad),
            ("ceasn:narrowAlignment", .narrow), ("ceasn:minorAlignment", .related),
        ]
        for (key, kind) in alignments {
            for target in references(node[key]) { competency.matches.append(Match(type: kind, uri: target)) }
        }
        for child in children(of: id) {
            guard depth < Competency.maxNestingDepth else {
                throw DiagnosticError.tooDeep(at: sourceMap.location(of: .competency(competency.id)))
            }
            competency.children.append(try self.competency(child, depth: depth + 1))
        }
        keep(node, order: orderOf[id] ?? 0, digest: CTDLSnapshot.digest(competency), in: &competency.extensions)
        return competency
    }
}
