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
    /// It hashes the bytes of the three strings it names as they are made, and builds them
    /// only for a text that `JSONEncoder` would escape.
    static func digest(_ competency: Competency) -> String {
        var matches = CASESnapshot.EncoderBytes()
        matches.append(UInt8(ascii: "["))
        for (index, match) in competency.matches.enumerated() {
            if index > 0 { matches.append(UInt8(ascii: ",")) }
            matches.append(UInt8(ascii: "\""))
            matches.contents(match.type.rawValue)
            matches.append(UInt8(ascii: " "))
            matches.contents(match.uri)
            matches.append(UInt8(ascii: "\""))
        }
        matches.append(UInt8(ascii: "]"))
        var out = CASESnapshot.EncoderBytes()
        out.append(UInt8(ascii: "["))
        out.string(CASESnapshot.digest(competency))
        out.append(UInt8(ascii: ","))
        out.string(matches.failed ? CASESnapshot.hash(competency.matches.map { "\($0.type.rawValue) \($0.uri)" }) : matches.digest)
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        for (index, child) in competency.children.enumerated() {
            if index > 0 { out.append(UInt8(ascii: " ")) }
            out.contents(child.id.rawValue)
        }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: "]"))
        guard out.failed else { return out.digest }
        return CASESnapshot.hash([
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

    static func identifier(_ value: JSONValue) -> String? {
        guard case .string(let text)? = value.members.first(where: { $0.key == "@id" })?.value.kind else { return nil }
        return text
    }
}

/// The members the exporter computes from the model for each node, before any kept node is
/// laid under them. The importer asks it too, to tell which nodes it need not keep.
struct CTDLNodeMembers {
    typealias Value = JSONWriter.Value

    let language: String?
    let fid: String

    init(_ framework: Framework) {
        language = framework.language
        fid = framework.id.rawValue
    }

    /// A language map of every variant; a text without a language takes the framework's.
    func languageMap(_ text: LocalizedText) -> Value? {
        guard !text.isEmpty else { return nil }
        var members: [(String, Value)] = []
        members.reserveCapacity(text.variants.count)
        for variant in text.variants {
            let language = variant.language.isEmpty ? (self.language ?? "en") : variant.language
            if !members.contains(where: { $0.0 == language }) { members.append((language, .string(variant.value))) }
        }
        return .object(members)
    }

    func uri(_ uri: String?, kind: String, id: String) -> String { uri ?? CASEConvention.urn(fid, kind, id) }

    func uri(of framework: Framework) -> String { framework.uri ?? CASEConvention.documentURN(fid) }

    func uri(of domain: Domain) -> String { uri(domain.uri, kind: "domain", id: domain.id.rawValue) }

    func uri(of competency: Competency) -> String { uri(competency.uri, kind: "competency", id: competency.id.rawValue) }

    func framework(_ framework: Framework, uri frameworkURI: String) -> [(String, Value)] {
        var computed: [(String, Value)] = [("@id", .string(frameworkURI)), ("@type", .string("ceasn:CompetencyFramework"))]
        if let name = languageMap(framework.title) { computed.append(("ceasn:name", name)) }
        if let description = languageMap(framework.description) { computed.append(("ceasn:description", description)) }
        if let publisher = languageMap(framework.publisher) { computed.append(("ceasn:publisherName", publisher)) }
        if let language = framework.language, !language.isEmpty { computed.append(("ceasn:inLanguage", .array([.string(language)]))) }
        if let version = SourceExtension.attribute("version", of: CTDLSnapshot.format, in: framework.extensions) ?? framework.version {
            computed.append(("ceasn:versionCode", .string(version)))
        }
        if let issued = framework.issued { computed.append(("ceasn:dateValidFrom", .string(issued.description))) }
        if !framework.domains.isEmpty { computed.append(("ceasn:hasTopChild", .array(framework.domains.map { .string(uri(of: $0)) }))) }
        return computed
    }

    func domain(_ domain: Domain, uri id: String, framework frameworkURI: String) -> [(String, Value)] {
        var computed: [(String, Value)] = [("@id", .string(id)), ("@type", .string("ceasn:Competency"))]
        if let text = languageMap(domain.title) { computed.append(("ceasn:competencyText", text)) }
        if let comment = languageMap(domain.description) { computed.append(("ceasn:comment", comment)) }
        if let code = domain.code { computed.append(("ceasn:codedNotation", .string(code))) }
        if !domain.competencies.isEmpty { computed.append(("ceasn:hasChild", .array(domain.competencies.map { .string(uri(of: $0)) }))) }
        computed.append(("ceasn:isTopChildOf", .string(frameworkURI)))
        computed.append(("ceasn:isPartOf", .string(frameworkURI)))
        return computed
    }

    static let alignments: [(Match.Kind, String)] = [
        (.exact, "ceasn:exactAlignment"), (.close, "ceasn:majorAlignment"), (.broad, "ceasn:broadAlignment"),
        (.narrow, "ceasn:narrowAlignment"), (.related, "ceasn:minorAlignment"),
    ]

    func competency(_ competency: Competency, uri id: String, parent: String, framework frameworkURI: String) -> [(String, Value)] {
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
        if !competency.children.isEmpty { computed.append(("ceasn:hasChild", .array(competency.children.map { .string(uri(of: $0)) }))) }
        computed.append(("ceasn:isChildOf", .string(parent)))
        computed.append(("ceasn:isPartOf", .string(frameworkURI)))
        if !competency.matches.isEmpty {
            for (kind, key) in Self.alignments {
                let targets = competency.matches.filter { $0.type == kind }.map { Value.string($0.uri) }
                if !targets.isEmpty { computed.append((key, .array(targets))) }
            }
        }
        return computed
    }
}

private struct CTDLExportRun {
    typealias Value = JSONWriter.Value

    let framework: Framework
    let sourceMap: SourceMap
    let members: CTDLNodeMembers
    var report = LossReport(domain: "ctdl")
    var nodes: [(order: Int?, value: Value)] = []

    init(framework: Framework, sourceMap: SourceMap) {
        self.framework = framework
        self.sourceMap = sourceMap
        members = CTDLNodeMembers(framework)
    }

    /// The node to write: the kept one while unedited, else the computed members over it.
    func node(_ computed: [(String, Value)], extensions: Extensions, digest: () -> String) -> Value {
        let kept = CTDLSnapshot.json(CTDLSnapshot.node, in: extensions)
        guard let kept else { return .object(computed) }
        if CTDLSnapshot.isUnchanged(extensions, digest: digest()) { return kept }
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
        let frameworkURI = members.uri(of: framework)
        let computed = members.framework(framework, uri: frameworkURI)
        nodes.append((CTDLSnapshot.order(in: framework.extensions), node(computed, extensions: framework.extensions, digest: { CTDLSnapshot.digest(framework) })))
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
        let id = members.uri(of: domain)
        let computed = members.domain(domain, uri: id, framework: frameworkURI)
        nodes.append((CTDLSnapshot.order(in: domain.extensions), node(computed, extensions: domain.extensions, digest: { CTDLSnapshot.digest(domain) })))
        extensions(domain.extensions, at: .domain(domain.id))
        for competency in domain.competencies { write(competency, parent: id, framework: frameworkURI) }
    }

    mutating func write(_ competency: Competency, parent: String, framework frameworkURI: String) {
        let subject = Subject.competency(competency.id)
        let id = members.uri(of: competency)
        let computed = members.competency(competency, uri: id, parent: parent, framework: frameworkURI)
        nodes.append((CTDLSnapshot.order(in: competency.extensions), node(computed, extensions: competency.extensions, digest: { CTDLSnapshot.digest(competency) })))
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
