public import CompetencyModel
import CompetencyDiagnostics
import Foundation

/// Writes a framework as CTDL-ASN JSON-LD: one `ceasn:CompetencyFramework` node and a
/// `ceasn:Competency` node per domain and competency, in an `@graph`.
///
/// Domains are the framework's top children (`ceasn:hasTopChild`, `ceasn:isTopChildOf`);
/// nesting is `ceasn:hasChild` / `ceasn:isChildOf` in order; matches become alignments
/// (`exactAlignment`, `majorAlignment` for close, `broadAlignment`, `narrowAlignment`,
/// `minorAlignment` for related). Texts are language maps, so every language travels. A
/// framework read from CTDL-ASN keeps each node as read (see `CTDLImporter`): an unedited
/// node is written back as it was, an edited one with its edited fields over the rest.
/// Relations, scales, descriptors, positions, modules and rules have no place and are
/// reported. The output is deterministic.
public struct CTDLExporter: Sendable {
    public init() {}

    public func export(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> Exported {
        var run = CTDLExportRun(framework: framework, sourceMap: sourceMap)
        let data = JSONWriter.write(run.document())
        return Exported(files: [(name: "\(framework.id).ctdl.json", data: data)], report: run.report)
    }

    /// The document `framework` becomes, as a value.
    static func document(_ framework: Framework) -> JSONWriter.Value {
        var run = CTDLExportRun(framework: framework, sourceMap: SourceMap())
        return run.document()
    }

    /// The JSON-LD context written when the framework brings none.
    static let context = "https://credreg.net/ctdlasn/schema/context/json"
}

/// The extension content the CTDL-ASN importer keeps, in `urn:competencykit:interchange:ctdl`.
enum CTDLSnapshot {
    static let format = "ctdl"
    static let node = "json"
    static let order = "order"
    static let digest = "digest"
    static let context = "context"
    static let package = "package"
    static let others = "nodes"
    static let names: Set<String> = [node, order, digest, context, package, others]

    static func json(_ name: String, in extensions: Extensions) -> JSONWriter.Value? {
        guard let text = SourceExtension.attribute(name, of: format, in: extensions),
            let value = try? JSONParser.parse(Data(text.utf8), file: nil)
        else { return nil }
        return JSONWriter.Value(value)
    }

    static func set(_ name: String, _ value: JSONWriter.Value, in extensions: inout Extensions) {
        SourceExtension.set(name, JSONWriter.compact(value), of: format, in: &extensions)
    }

    static func order(in extensions: Extensions) -> Int? {
        SourceExtension.attribute(order, of: format, in: extensions).flatMap { Int($0) }
    }

    static func isUnchanged(_ extensions: Extensions, digest value: String) -> Bool {
        SourceExtension.attribute(digest, of: format, in: extensions) == value
    }

    /// What a node maps to: the entity's own fields, its matches and its children's IDs.
    static func digest(_ competency: Competency) -> String {
        CASESnapshot.hash([
            CASESnapshot.digest(competency), CASESnapshot.hash(competency.matches.map { "\($0.type.rawValue) \($0.uri)" }),
            competency.children.map(\.id.rawValue).joined(separator: " "),
        ])
    }

    static func digest(_ domain: Domain) -> String {
        CASESnapshot.hash([CASESnapshot.digest(domain), domain.competencies.map(\.id.rawValue).joined(separator: " ")])
    }

    static func digest(_ framework: Framework) -> String {
        CASESnapshot.hash([CASESnapshot.digest(framework), framework.domains.map(\.id.rawValue).joined(separator: " ")])
    }

    static func forEachExtensions(_ framework: inout Framework, _ body: (inout Extensions) -> Void) {
        SourceExtension.forEachExtensions(&framework, links: false, body)
    }

    static func remove(_ removed: Set<String>, from extensions: inout Extensions) {
        SourceExtension.remove(removed, of: format, from: &extensions)
    }

    static func identifier(_ value: JSONWriter.Value) -> String? {
        guard case .string(let text)? = value.members.first(where: { $0.0 == "@id" })?.1 else { return nil }
        return text
    }

    static func identifier(_ value: JSONValue) -> String? {
        guard case .string(let text)? = value.members.first(where: { $0.key == "@id" })?.value.kind else { return nil }
        return text
    }

    /// Drops what the exporter writes the same without it, as `CASESnapshot.prune(_:)` does:
    /// a document CompetencyKit wrote reads back with nothing kept.
    static func prune(_ framework: inout Framework) {
        var stripped = framework
        forEachExtensions(&stripped) { remove(names, from: &$0) }
        let written = CTDLExporter.document(stripped).members
        let graph = written.first { $0.0 == "@graph" }?.1.arrayValues ?? []
        var byID: [String: JSONWriter.Value] = [:]
        for value in graph {
            if let id = identifier(value) { byID[id] = value }
        }
        var read: [(Int, String)] = []
        var complete = json(others, in: framework.extensions) == nil && json(package, in: framework.extensions) == nil
        // Each kept node, parsed once for both walks (they visit in the same order).
        var kept: [JSONValue?] = []
        forEachExtensions(&framework) { extensions in
            let value = SourceExtension.attribute(node, of: format, in: extensions).flatMap { try? JSONParser.parse(Data($0.utf8), file: nil) }
            kept.append(value)
            if let value, let place = order(in: extensions), let id = identifier(value) {
                read.append((place, id))
            } else {
                complete = false
            }
        }
        let inOrder = complete && read.sorted { $0.0 < $1.0 }.map(\.1) == graph.compactMap(identifier)
        let writtenContext = written.first { $0.0 == "@context" }?.1
        var visit = 0
        forEachExtensions(&framework) { extensions in
            let value = kept[visit]
            visit += 1
            if let value, let id = identifier(value), CASESnapshot.same(value, byID[id]) {
                remove([node, digest], from: &extensions)
            }
            if inOrder { remove([order], from: &extensions) }
        }
        if CASESnapshot.same(json(context, in: framework.extensions), writtenContext) { remove([context], from: &framework.extensions) }
    }
}

private struct CTDLExportRun {
    typealias Value = JSONWriter.Value

    let framework: Framework
    let sourceMap: SourceMap
    let fid: String
    var report = LossReport(domain: "ctdl")
    var nodes: [(order: Int?, value: Value)] = []

    init(framework: Framework, sourceMap: SourceMap) {
        self.framework = framework
        self.sourceMap = sourceMap
        fid = framework.id.rawValue
    }

    /// A language map of every variant; a text without a language takes the framework's.
    func languageMap(_ text: LocalizedText) -> Value? {
        guard !text.isEmpty else { return nil }
        var members: [(String, Value)] = []
        for variant in text.variants {
            let language = variant.language.isEmpty ? (framework.language ?? "en") : variant.language
            if !members.contains(where: { $0.0 == language }) { members.append((language, .string(variant.value))) }
        }
        return .object(members)
    }

    func uri(_ uri: String?, kind: String, id: String) -> String { uri ?? CASEConvention.urn(fid, kind, id) }

    /// The node to write: the kept one while unedited, else the computed members over it.
    func node(_ computed: [(String, Value)], extensions: Extensions, digest: String) -> Value {
        let kept = CTDLSnapshot.json(CTDLSnapshot.node, in: extensions)
        guard let kept else { return .object(computed) }
        if CTDLSnapshot.isUnchanged(extensions, digest: digest) { return kept }
        var result: [(String, Value)] = []
        var written: Set<String> = []
        for (key, value) in kept.members {
            if let replacement = computed.first(where: { $0.0 == key }) {
                result.append(replacement)
            } else if !Self.mapped.contains(key) {
                result.append((key, value))
            }
            written.insert(key)
        }
        for member in computed where !written.contains(member.0) { result.append(member) }
        return .object(result)
    }

    /// The members the exporter writes from the model.
    static let mapped: Set<String> = [
        "@id", "@type", "ceasn:name", "ceasn:description", "ceasn:publisherName", "ceasn:inLanguage", "ceasn:versionCode",
        "ceasn:dateValidFrom", "ceasn:hasTopChild", "ceasn:competencyLabel", "ceasn:competencyText", "ceasn:comment",
        "ceasn:codedNotation", "ceasn:hasChild", "ceasn:isChildOf", "ceasn:isTopChildOf", "ceasn:isPartOf", "ceasn:exactAlignment",
        "ceasn:majorAlignment", "ceasn:broadAlignment", "ceasn:narrowAlignment", "ceasn:minorAlignment",
    ]

    mutating func document() -> Value {
        let frameworkURI = framework.uri ?? CASEConvention.documentURN(fid)
        var top: [Value] = []
        for domain in framework.domains { top.append(.string(uri(domain.uri, kind: "domain", id: domain.id.rawValue))) }
        var computed: [(String, Value)] = [("@id", .string(frameworkURI)), ("@type", .string("ceasn:CompetencyFramework"))]
        if let name = languageMap(framework.title) { computed.append(("ceasn:name", name)) }
        if let description = languageMap(framework.description) { computed.append(("ceasn:description", description)) }
        if let publisher = languageMap(framework.publisher) { computed.append(("ceasn:publisherName", publisher)) }
        if let language = framework.language, !language.isEmpty { computed.append(("ceasn:inLanguage", .array([.string(language)]))) }
        if let version = SourceExtension.attribute("version", of: CTDLSnapshot.format, in: framework.extensions) ?? framework.version {
            computed.append(("ceasn:versionCode", .string(version)))
        }
        if let issued = framework.issued { computed.append(("ceasn:dateValidFrom", .string(issued.description))) }
        if !top.isEmpty { computed.append(("ceasn:hasTopChild", .array(top))) }
        nodes.append((CTDLSnapshot.order(in: framework.extensions), node(computed, extensions: framework.extensions, digest: CTDLSnapshot.digest(framework))))
        extensions(framework.extensions, at: .framework(framework.id))
        for domain in framework.domains { write(domain, framework: frameworkURI) }
        if case .array(let pairs)? = CTDLSnapshot.json(CTDLSnapshot.others, in: framework.extensions) {
            for pair in pairs {
                guard case .array(let parts) = pair, parts.count == 2, case .number(let number) = parts[0] else { continue }
                nodes.append((Int(number), parts[1]))
            }
        }
        reportUnmapped()
        let graph = nodes.enumerated().sorted { ($0.element.order ?? Int.max, $0.offset) < ($1.element.order ?? Int.max, $1.offset) }
            .map(\.element.value)
        var document: [(String, Value)] = [
            ("@context", CTDLSnapshot.json(CTDLSnapshot.context, in: framework.extensions) ?? .string(CTDLExporter.context)),
            ("@graph", .array(graph)),
        ]
        document += CTDLSnapshot.json(CTDLSnapshot.package, in: framework.extensions)?.members ?? []
        return .object(document)
    }

    mutating func write(_ domain: Domain, framework frameworkURI: String) {
        let id = uri(domain.uri, kind: "domain", id: domain.id.rawValue)
        var computed: [(String, Value)] = [("@id", .string(id)), ("@type", .string("ceasn:Competency"))]
        if let text = languageMap(domain.title) { computed.append(("ceasn:competencyText", text)) }
        if let comment = languageMap(domain.description) { computed.append(("ceasn:comment", comment)) }
        if let code = domain.code { computed.append(("ceasn:codedNotation", .string(code))) }
        let children = domain.competencies.map { Value.string(uri($0.uri, kind: "competency", id: $0.id.rawValue)) }
        if !children.isEmpty { computed.append(("ceasn:hasChild", .array(children))) }
        computed.append(("ceasn:isTopChildOf", .string(frameworkURI)))
        computed.append(("ceasn:isPartOf", .string(frameworkURI)))
        nodes.append((CTDLSnapshot.order(in: domain.extensions), node(computed, extensions: domain.extensions, digest: CTDLSnapshot.digest(domain))))
        extensions(domain.extensions, at: .domain(domain.id))
        for competency in domain.competencies { write(competency, parent: id, framework: frameworkURI) }
    }

    mutating func write(_ competency: Competency, parent: String, framework frameworkURI: String) {
        let subject = Subject.competency(competency.id)
        let id = uri(competency.uri, kind: "competency", id: competency.id.rawValue)
        var computed: [(String, Value)] = [("@id", .string(id)), ("@type", .string("ceasn:Competency"))]
        // With a statement, the title is the label; without, the title is the text.
        if competency.statement.isEmpty {
            if let text = languageMap(competency.title) { computed.append(("ceasn:competencyText", text)) }
        } else {
            if let label = languageMap(competency.title) { computed.append(("ceasn:competencyLabel", label)) }
            if let text = languageMap(competency.statement) { computed.append(("ceasn:competencyText", text)) }
        }
        if let comment = languageMap(competency.description) { computed.append(("ceasn:comment", comment)) }
        if let code = competency.code { computed.append(("ceasn:codedNotation", .string(code))) }
        let children = competency.children.map { Value.string(uri($0.uri, kind: "competency", id: $0.id.rawValue)) }
        if !children.isEmpty { computed.append(("ceasn:hasChild", .array(children))) }
        computed.append(("ceasn:isChildOf", .string(parent)))
        computed.append(("ceasn:isPartOf", .string(frameworkURI)))
        let alignments: [(Match.Kind, String)] = [
            (.exact, "ceasn:exactAlignment"), (.close, "ceasn:majorAlignment"), (.broad, "ceasn:broadAlignment"),
            (.narrow, "ceasn:narrowAlignment"), (.related, "ceasn:minorAlignment"),
        ]
        for (kind, key) in alignments {
            let targets = competency.matches.filter { $0.type == kind }.map { Value.string($0.uri) }
            if !targets.isEmpty { computed.append((key, .array(targets))) }
        }
        nodes.append((CTDLSnapshot.order(in: competency.extensions), node(computed, extensions: competency.extensions, digest: CTDLSnapshot.digest(competency))))
        extensions(competency.extensions, at: subject)
        for (index, _) in competency.relations.enumerated() {
            report.loss("relation", "relations: CTDL-ASN has no place for them", at: sourceMap.location(of: .relation(competency.id, index: index)))
        }
        if !competency.descriptors.isEmpty {
            report.loss("descriptor", "level descriptors: CTDL-ASN competencies have none", at: sourceMap.location(of: subject), count: competency.descriptors.count)
        }
        for child in competency.children { write(child, parent: id, framework: frameworkURI) }
    }

    mutating func extensions(_ extensions: Extensions, at subject: Subject) {
        let other = SourceExtension.removing(CTDLSnapshot.format, from: extensions)
        guard !other.isEmpty else { return }
        report.loss(
            "extension", "content of other namespaces: CTDL-ASN has no place for it", at: sourceMap.location(of: subject),
            count: other.attributes.count + other.elements.count)
    }

    mutating func reportUnmapped() {
        for scale in framework.scales {
            report.loss("scale", "scales: CTDL-ASN has no place for them", at: sourceMap.location(of: .scale(scale.id)))
        }
        report.lossOfPlanningParts(of: framework, sourceMap: sourceMap, reason: "CTDL-ASN has no place for them")
    }
}
