public import CompetencyModel
import CompetencyDiagnostics
import Foundation

/// Writes a framework as a MedBiquitous Competency Framework document and one Competency
/// Object per domain and competency, valid against the MedBiquitous XSDs.
///
/// Domains become Competency Objects with `Category term="Domain"`; nesting becomes skos
/// `narrower` relations; `related`, `broader` and `narrower` relations become skos relations,
/// `replaces` / `replaced-by` the objects' `Replaces` / `IsReplacedBy`, and `related` matches
/// skos `related` relations to the outside URI. Entities without a URI are identified by
/// `urn:competencykit:1:<framework>/<kind>/<id>`; entities with one carry their ID in a
/// second LOM identifier, so a round trip keeps IDs. Scales, descriptors, `requires`
/// relations, other matches, positions, modules and rules have no place in these two
/// document kinds and are reported.
public struct MedBiqExporter: Sendable {
    public init() {}

    public func export(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> Exported {
        var run = MedBiqExportRun(framework: framework, sourceMap: sourceMap)
        return run.write()
    }

    /// The documents written from the model alone, without the documents an import kept, by
    /// key (`framework`, `domain/<id>`, `competency/<id>`, `performance`): file name and text.
    static func documents(_ framework: Framework) -> [String: (name: String, text: String)] {
        var stripped = framework
        SourceExtension.forEachExtensions(&stripped, links: false) {
            SourceExtension.remove([MedBiqSnapshot.xml, MedBiqSnapshot.file, MedBiqSnapshot.performance], of: MedBiqSnapshot.format, from: &$0)
        }
        var run = MedBiqExportRun(framework: stripped, sourceMap: SourceMap())
        run.writesFiles = false
        _ = run.write()
        return run.documents
    }
}

private struct MedBiqExportRun {
    let framework: Framework
    let sourceMap: SourceMap
    let fid: String
    var report = LossReport(domain: "medbiq")
    var files: [(name: String, data: Data)] = []
    var names = IDAllocator()
    var entries: [String: String] = [:]
    /// What was written, by key (see ``MedBiqExporter/documents(_:)``).
    var documents: [String: (name: String, text: String)] = [:]
    /// Kept documents already written (name and text), so that one object included twice is written once.
    var written: [String: [String]] = [:]
    /// Whether ``write()`` returns the files; ``MedBiqExporter/documents(_:)`` needs only ``documents``.
    var writesFiles = true


    /// A document to write: its key, the file name it asks for, and its text.
    struct Document {
        var key: String
        var name: String
        var text: String
    }

    init(framework: Framework, sourceMap: SourceMap) {
        self.framework = framework
        self.sourceMap = sourceMap
        fid = framework.id.rawValue
    }

    // MARK: XML text

    static func escape(_ text: String, attribute: Bool = false) -> String { MedBiqSnapshot.escape(text, attribute: attribute) }

    // The pieces of the documents are appended to them in place, as bytes (see `XMLText`).

    static func langString(_ name: String, _ text: LocalizedText, indent: String, into out: inout XMLText) {
        out += indent
        out += "<lom:"
        out += name
        out += ">\n"
        for variant in text.variants {
            out += indent
            out += "  <lom:string"
            if !variant.language.isEmpty {
                out += " language=\""
                out += escape(variant.language, attribute: true)
                out += "\""
            }
            out += ">"
            out += escape(variant.value)
            out += "</lom:string>\n"
        }
        out += indent
        out += "</lom:"
        out += name
        out += ">\n"
    }

    static func identifier(_ catalog: String, _ entry: String, indent: String, into out: inout XMLText) {
        out += indent
        out += "<lom:identifier>\n"
        out += indent
        out += "  <lom:catalog>"
        out += escape(catalog)
        out += "</lom:catalog>\n"
        out += indent
        out += "  <lom:entry>"
        out += escape(entry)
        out += "</lom:entry>\n"
        out += indent
        out += "</lom:identifier>\n"
    }

    func entry(kind: String, id: String, uri: String?) -> String { uri ?? CASEConvention.urn(fid, kind, id) }

    mutating func extensions(_ extensions: Extensions, at subject: Subject) {
        guard !extensions.isEmpty else { return }
        report.loss(
            "extension", "content of other namespaces: MedBiquitous documents have no place for it", at: sourceMap.location(of: subject),
            count: extensions.attributes.count + extensions.elements.count)
    }

    // MARK: Documents

    mutating func write() -> Exported {
        // Entries first, so that relations can name their targets.
        func collect(_ competency: Competency) {
            entries[competency.id.rawValue] = entry(kind: "competency", id: competency.id.rawValue, uri: competency.uri)
            competency.children.forEach(collect)
        }
        framework.domains.forEach { $0.competencies.forEach(collect) }

        var includes = XMLText()
        var structure = XMLText()
        var links = XMLText()
        // Written straight into the document's parts, piece by piece.
        func include(_ entry: String) {
            includes += "  <Includes>\n    <Catalog>URI</Catalog>\n    <Entry>"
            includes += Self.escape(entry)
            includes += "</Entry>\n  </Includes>\n"
        }
        func relation(_ first: String, _ type: String, _ second: String, into out: inout XMLText) {
            out += "  <Relation>\n    <Reference1>\n      <Catalog>URI</Catalog>\n      <Entry>"
            out += Self.escape(first)
            out += "</Entry>\n    </Reference1>\n    <Relationship>"
            out += MedBiq.skos
            out += type
            out += "</Relationship>\n    <Reference2>\n      <Catalog>URI</Catalog>\n      <Entry>"
            out += Self.escape(second)
            out += "</Entry>\n    </Reference2>\n  </Relation>\n"
        }
        var objects: [Document] = []
        func visit(_ competency: Competency, parent: String) {
            let own = entries[competency.id.rawValue] ?? ""
            include(own)
            relation(parent, "narrower", own, into: &structure)
            let saved = report
            let text = competencyObject(competency)
            if let document = choose(
                key: "competency/\(competency.id)", id: competency.id.rawValue, extensions: competency.extensions,
                digest: { MedBiqSnapshot.objectDigest(competency) }, rebuilt: text, saved: saved, at: .competency(competency.id))
            {
                objects.append(document)
            }
            for (index, link) in competency.relations.enumerated() {
                let subject = Subject.relation(competency.id, index: index)
                guard let target = entries[link.target.rawValue] else {
                    report.loss("dangling-relation", "relations to a competency that does not exist", at: sourceMap.location(of: subject))
                    continue
                }
                switch link.type {
                case .related: relation(own, "related", target, into: &links)
                case .broader: relation(own, "broader", target, into: &links)
                case .narrower: relation(own, "narrower", target, into: &links)
                case .requires:
                    report.loss(
                        "relation-requires", "'requires' relations: MedBiquitous relations are only skos broader, narrower and related",
                        at: sourceMap.location(of: subject))
                case .replaces, .replacedBy: break  // written in the Competency Object
                }
                extensions(link.extensions, at: subject)
            }
            for (index, match) in competency.matches.enumerated() {
                let subject = Subject.match(competency.id, index: index)
                if match.type == .related {
                    relation(own, "related", match.uri, into: &links)
                } else {
                    report.loss(
                        "match-\(match.type.rawValue)", "\(match.type.rawValue) matches: MedBiquitous can only say 'related'",
                        at: sourceMap.location(of: subject))
                }
                extensions(match.extensions, at: subject)
            }
            for child in competency.children { visit(child, parent: own) }
        }
        for domain in framework.domains {
            let own = entry(kind: "domain", id: domain.id.rawValue, uri: domain.uri)
            include(own)
            let saved = report
            let text = domainObject(domain, entry: own)
            if let document = choose(
                key: "domain/\(domain.id)", id: domain.id.rawValue, extensions: domain.extensions, digest: { MedBiqSnapshot.objectDigest(domain) },
                rebuilt: text, saved: saved, at: .domain(domain.id))
            {
                objects.append(document)
            }
            for competency in domain.competencies { visit(competency, parent: own) }
        }
        reportUnmapped()

        let beforeFramework = report
        var out = XMLText("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out += "<CompetencyFramework xmlns=\"\(MedBiq.framework)\" xmlns:lom=\"\(MedBiq.lom)\">\n"
        out += "  <lom:lom>\n    <lom:general>\n"
        let frameworkEntry = framework.uri ?? CASEConvention.documentURN(fid)
        Self.identifier("URI", frameworkEntry, indent: "      ", into: &out)
        if framework.uri != nil { Self.identifier(MedBiq.idCatalog, fid, indent: "      ", into: &out) }
        Self.langString("title", framework.title.isEmpty ? LocalizedText(fid, language: framework.language ?? "") : framework.title, indent: "      ", into: &out)
        if let language = framework.language, !language.isEmpty { out += "      <lom:language>\(Self.escape(language))</lom:language>\n" }
        if !framework.description.isEmpty { Self.langString("description", framework.description, indent: "      ", into: &out) }
        out += "    </lom:general>\n"
        let version = SourceExtension.attribute("version", of: "medbiq", in: framework.extensions) ?? framework.version
        if version != nil || !framework.publisher.isEmpty {
            out += "    <lom:lifeCycle>\n"
            if let version { Self.langString("version", LocalizedText(version, language: ""), indent: "      ", into: &out) }
            if let publisher = framework.publisher.value(preferring: framework.language) {
                out += "      <lom:contribute>\n        <lom:role>\n          <lom:source>LOMv1.0</lom:source>\n          <lom:value>publisher</lom:value>\n        </lom:role>\n"
                out += "        <lom:entity>\(Self.escape("BEGIN:VCARD\\nFN:\(publisher)\\nEND:VCARD"))</lom:entity>\n      </lom:contribute>\n"
                if framework.publisher.variants.count > 1 {
                    report.loss(
                        "translation", "publisher names in other languages: a LOM contribution names one entity",
                        at: sourceMap.location(of: .framework(framework.id)), count: framework.publisher.variants.count - 1)
                }
            }
            out += "    </lom:lifeCycle>\n"
        }
        out += "  </lom:lom>\n"
        if let issued = framework.issued { out += "  <EffectiveDate>\(issued)</EffectiveDate>\n" }
        if framework.status != nil {
            report.loss("framework-status", "the framework's status", at: sourceMap.location(of: .framework(framework.id)))
        }
        extensions(SourceExtension.removing("medbiq", from: framework.extensions), at: .framework(framework.id))
        if includes.isEmpty {
            // The schema requires at least one Includes: a framework without competencies
            // includes itself.
            include(frameworkEntry)
        }
        out += includes
        out += structure
        out += links
        out += "</CompetencyFramework>\n"
        if let document = choose(
            key: "framework", id: fid, extensions: framework.extensions, digest: { [framework] in MedBiqSnapshot.frameworkDigest(framework) }, rebuilt: out.string,
            saved: beforeFramework, at: .framework(framework.id))
        {
            add(document)
        }
        objects.forEach { add($0) }

        let beforePerformance = report
        let performance = performanceFramework(frameworkEntry: frameworkEntry)
        let keptPerformance = MedBiqSnapshot.performanceDocuments(in: framework.extensions)
        if !keptPerformance.isEmpty, MedBiqSnapshot.attribute(MedBiqSnapshot.performanceDigest, in: framework.extensions) == CASESnapshot.rubricsDigest(framework) {
            report = beforePerformance
            for document in keptPerformance {
                add(Document(key: "performance", name: document.file.isEmpty ? "\(fid)-performance.xml" : document.file, text: kept(document.xml)))
            }
        } else {
            if !keptPerformance.isEmpty { edited(at: .framework(framework.id), count: keptPerformance.count) }
            if let performance { add(Document(key: "performance", name: "\(fid)-performance.xml", text: performance)) }
        }
        return Exported(files: files, report: report)
    }

    func kept(_ element: String) -> String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\(element)\n" }

    mutating func edited(at subject: Subject, count: Int = 1) {
        report.loss(
            "edited", "documents edited since they were read: written from the model, without the MedBiquitous content it has no field for",
            at: sourceMap.location(of: subject), count: count)
    }

    /// The kept document of an entity while its digest is unchanged (none when it was read
    /// without one), else the one written from the model. Keeping the document discards the
    /// losses writing it reported. The digest is computed only for an entity that keeps a
    /// document or is marked as having none: for any other, both answers are the rebuilt one.
    mutating func choose(
        key: String, id: String, extensions: Extensions, digest: () -> String, rebuilt: String, saved: LossReport, at subject: Subject
    ) -> Document? {
        let file = MedBiqSnapshot.attribute(MedBiqSnapshot.file, in: extensions) ?? "\(id).xml"
        let keptXML = MedBiqSnapshot.attribute(MedBiqSnapshot.xml, in: extensions)
        let none = MedBiqSnapshot.attribute(MedBiqSnapshot.object, in: extensions) != nil
        guard keptXML != nil || none else { return Document(key: key, name: file, text: rebuilt) }
        if MedBiqSnapshot.attribute(MedBiqSnapshot.digest, in: extensions) == digest() {
            if none {
                report = saved
                return nil
            }
            if let keptXML {
                report = saved
                return Document(key: key, name: file, text: kept(keptXML))
            }
        } else if keptXML != nil {
            edited(at: subject)
        }
        return Document(key: key, name: file, text: rebuilt)
    }

    /// Writes `document` under a file name of its own; the same document twice (an object
    /// included under two entries) once.
    mutating func add(_ document: Document) {
        // By name, then by text: hashing every text would read it all once more.
        if written[document.name, default: []].contains(document.text) { return }
        written[document.name, default: []].append(document.text)
        var stem = document.name
        var suffix = ""
        if stem.lowercased().hasSuffix(".xml") {
            suffix = String(stem.suffix(4))
            stem.removeLast(4)
        }
        let name = names.claim(stem) + suffix
        documents[document.key] = (name, document.text)
        if writesFiles { files.append((name: name, data: Data(document.text.utf8))) }
    }

    func objectHeader(entry: String, id: String, hasURI: Bool, code: String?, title: LocalizedText, descriptions: [LocalizedText]) -> XMLText {
        var out = XMLText("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", capacity: 2048)
        out += "<CompetencyObject xmlns=\"\(MedBiq.object)\" xmlns:lom=\"\(MedBiq.lom)\">\n  <lom:lom>\n    <lom:general>\n"
        Self.identifier("URI", entry, indent: "      ", into: &out)
        if hasURI { Self.identifier(MedBiq.idCatalog, id, indent: "      ", into: &out) }
        if let code { Self.identifier(MedBiq.codeCatalog, code, indent: "      ", into: &out) }
        Self.langString("title", title.isEmpty ? LocalizedText(id, language: "") : title, indent: "      ", into: &out)
        for description in descriptions { Self.langString("description", description, indent: "      ", into: &out) }
        out += "    </lom:general>\n  </lom:lom>\n"
        return out
    }

    mutating func domainObject(_ domain: Domain, entry: String) -> String {
        var out = objectHeader(
            entry: entry, id: domain.id.rawValue, hasURI: domain.uri != nil, code: domain.code, title: domain.title,
            descriptions: domain.description.isEmpty ? [] : [domain.description])
        if domain.title.isEmpty {
            report.loss("untitled", "entities without a title: the ID becomes the title", at: sourceMap.location(of: .domain(domain.id)))
        }
        extensions(SourceExtension.removing(MedBiqSnapshot.format, from: domain.extensions), at: .domain(domain.id))
        if !domain.replaces.isEmpty {
            report.loss("domain-lineage", "the lineage (replaces) of domains", at: sourceMap.location(of: .domain(domain.id)))
        }
        out += "  <Category term=\"Domain\"/>\n</CompetencyObject>\n"
        return out.string
    }

    mutating func competencyObject(_ competency: Competency) -> String {
        let subject = Subject.competency(competency.id)
        var descriptions: [LocalizedText] = []
        if !competency.statement.isEmpty || !competency.description.isEmpty { descriptions.append(competency.statement) }
        if !competency.description.isEmpty { descriptions.append(competency.description) }
        var out = objectHeader(
            entry: entries[competency.id.rawValue] ?? "", id: competency.id.rawValue, hasURI: competency.uri != nil, code: competency.code,
            title: competency.title, descriptions: descriptions)
        if competency.title.isEmpty {
            report.loss("untitled", "entities without a title: the ID becomes the title", at: sourceMap.location(of: subject))
        }
        switch competency.status {
        case .published: out += "  <Status>Active</Status>\n"
        case .retired: out += "  <Status>Retired</Status>\n"
        case .draft, .deprecated:
            report.loss("competency-status", "draft and deprecated statuses: a Competency Object is Active or Retired", at: sourceMap.location(of: subject))
        case nil: break
        }
        for (index, relation) in competency.relations.enumerated() where relation.type == .replaces || relation.type == .replacedBy {
            guard let target = entries[relation.target.rawValue] else {
                report.loss(
                    "dangling-relation", "relations to a competency that does not exist",
                    at: sourceMap.location(of: .relation(competency.id, index: index)))
                continue
            }
            out += "  <\(relation.type == .replaces ? "Replaces" : "IsReplacedBy")>\(Self.escape(target))</\(relation.type == .replaces ? "Replaces" : "IsReplacedBy")>\n"
        }
        // Lineage: Replaces naming the earlier version's object, outside this framework.
        for old in competency.replaces {
            if entries[old.rawValue] != nil {
                report.loss("lineage-to-present-id", "lineage naming an ID the framework still has", at: sourceMap.location(of: subject))
            } else {
                out += "  <Replaces>\(Self.escape(CASEConvention.urn(fid, "competency", old.rawValue)))</Replaces>\n"
            }
        }
        out += "  <Category term=\"Competency\"/>\n</CompetencyObject>\n"
        if competency.levels != nil {
            report.loss("competency-levels", "the levels a competency is defined at", at: sourceMap.location(of: subject))
        }
        if competency.scale != nil {
            report.loss("competency-scale", "the scale a competency is measured on", at: sourceMap.location(of: subject))
        }
        extensions(SourceExtension.removing(MedBiqSnapshot.format, from: competency.extensions), at: subject)
        return out.string
    }

    // MARK: Performance framework

    static func languageStrings(_ name: String, _ text: LocalizedText, indent: String) -> String {
        text.variants.filter { !$0.value.isEmpty }.map { variant in
            let language = variant.language.isEmpty ? "" : " xml:lang=\"\(escape(variant.language, attribute: true))\""
            return "\(indent)<\(name)\(language)>\(escape(variant.value))</\(name)>\n"
        }.joined()
    }

    /// Scales and descriptors as a Performance Framework: a PerformanceScale per scale, a
    /// Component per competency with descriptors, a PerformanceLevel per descriptor (score =
    /// the level's rank, label = the level's label, the text as the first indicator and
    /// knowledge, skills, attitudes and examples as indicators marked by an
    /// AdditionalInformation label). Level IDs travel as LOM identifiers.
    mutating func performanceFramework(frameworkEntry: String) -> String? {
        var scaleOf: [Level.ID: Scale] = [:]
        for scale in framework.scales { for level in scale.levels { scaleOf[level.id] = scale } }
        var components = ""
        var indicators = 0
        func indicator() -> String {
            indicators += 1
            return "        <Indicator id=\"indicator-\(indicators)\">\n"
        }
        func visit(_ competency: Competency) {
            defer { competency.children.forEach(visit) }
            guard !competency.descriptors.isEmpty else { return }
            let subject = Subject.competency(competency.id)
            let scaleID = competency.scale ?? framework.scales.first?.id
            let levels = competency.descriptors.compactMap { descriptor -> (Descriptor, Level)? in
                guard let scale = scaleOf[descriptor.level], scale.id == scaleID, let level = scale.level(descriptor.level) else { return nil }
                return (descriptor, level)
            }
            guard let scaleID, levels.count >= 2, levels.count == competency.descriptors.count else {
                report.loss(
                    "descriptor", "descriptors of competencies with fewer than two descriptors on their scale: a performance level set needs two",
                    at: sourceMap.location(of: subject), count: competency.descriptors.count)
                return
            }
            var out = "  <Component id=\"component-\(Self.escape(competency.id.rawValue, attribute: true))\">\n"
            let title = competency.title.isEmpty ? LocalizedText(competency.id.rawValue, language: "") : competency.title
            out += Self.languageStrings("Title", title, indent: "    ")
            out += "    <Competency>\n"
            for (about, type) in [(entries[competency.id.rawValue] ?? "", MedBiq.object), (frameworkEntry, MedBiq.framework)] {
                out += "      <Reference>\n        <rdf:description about=\"\(Self.escape(about, attribute: true))\"/>\n"
                out += "        <rdf:type rdf:resource=\"\(type)\"/>\n      </Reference>\n"
            }
            out += "    </Competency>\n    <PerformanceLevelSet>\n"
            out += "      <PerformanceScaleReference>\(Self.escape(scaleID.rawValue))</PerformanceScaleReference>\n"
            for (order, (descriptor, level)) in levels.enumerated() {
                out += "      <PerformanceLevel>\n        <DisplayOrder>\(order + 1)</DisplayOrder>\n"
                out += "        <Score>\n          <SingleValue>\(level.rank)</SingleValue>\n        </Score>\n"
                out += Self.languageStrings("Label", level.label, indent: "        ")
                let text = descriptor.text.isEmpty ? LocalizedText("-", language: "") : descriptor.text
                if descriptor.text.isEmpty {
                    report.loss("descriptor-without-text", "descriptors without text: an indicator needs one ('-' is written)", at: sourceMap.location(of: subject))
                }
                out += indicator() + Self.languageStrings("Description", text, indent: "          ") + "        </Indicator>\n"
                for (aspect, texts) in [("knowledge", descriptor.knowledge), ("skill", descriptor.skills), ("attitude", descriptor.attitudes), ("example", descriptor.examples)] {
                    for value in texts where !value.isEmpty {
                        out += indicator() + Self.languageStrings("Description", value, indent: "          ")
                        out += "          <AdditionalInformation>\n            <Label>\(aspect)</Label>\n            <Text>\(aspect)</Text>\n          </AdditionalInformation>\n"
                        out += "        </Indicator>\n"
                    }
                }
                out += "      </PerformanceLevel>\n"
                if !descriptor.extensions.isEmpty { extensions(descriptor.extensions, at: subject) }
            }
            out += "    </PerformanceLevelSet>\n  </Component>\n"
            components += out
        }
        framework.domains.forEach { $0.competencies.forEach(visit) }
        for scale in framework.scales {
            let subject = Subject.scale(scale.id)
            if !scale.title.isEmpty || !scale.description.isEmpty {
                report.loss("scale-text", "scale titles and descriptions: a performance scale has neither", at: sourceMap.location(of: subject))
            }
            if scale.defaultLevel != nil || scale.proficientLevel != nil {
                report.loss("scale-marks", "a scale's default and proficient levels", at: sourceMap.location(of: subject))
            }
            for level in scale.levels {
                let levelSubject = Subject.level(scale.id, level.id)
                if !level.description.isEmpty {
                    report.loss("level-description", "level descriptions: a performance scale has only its bounds", at: sourceMap.location(of: levelSubject))
                }
                if level.band != nil {
                    report.loss("level-band", "level bands", at: sourceMap.location(of: levelSubject))
                }
                if level.uri != nil { report.loss("level-uri", "level URIs", at: sourceMap.location(of: levelSubject)) }
            }
        }
        guard !components.isEmpty else {
            for scale in framework.scales {
                report.loss("scale", "scales without descriptors: a Performance Framework needs a component", at: sourceMap.location(of: .scale(scale.id)))
            }
            return nil
        }
        var out = XMLText("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out += "<PerformanceFramework xmlns=\"\(MedBiq.performance)\" xmlns:lom=\"\(MedBiq.lom)\" xmlns:rdf=\"\(MedBiq.rdf)\">\n"
        out += "  <lom:lom>\n    <lom:general>\n"
        Self.identifier("URI", frameworkEntry + (frameworkEntry.hasPrefix("urn:") ? ":performance" : "/performance"), indent: "      ", into: &out)
        for scale in framework.scales {
            for level in scale.levels {
                Self.identifier(MedBiq.levelCatalog, "\(scale.id) \(level.rank) \(level.id)", indent: "      ", into: &out)
            }
        }
        Self.langString("title", framework.title.isEmpty ? LocalizedText(fid, language: "") : framework.title, indent: "      ", into: &out)
        out += "    </lom:general>\n  </lom:lom>\n"
        for scale in framework.scales where !scale.levels.isEmpty {
            let ranks = scale.levels.map(\.rank)
            out += "  <PerformanceScale id=\"\(Self.escape(scale.id.rawValue, attribute: true))\">\n"
            out += "    <LeastCompetent>\(ranks.min() ?? 0)</LeastCompetent>\n    <MostCompetent>\(ranks.max() ?? 0)</MostCompetent>\n"
            out += "  </PerformanceScale>\n"
        }
        out += components
        out += "</PerformanceFramework>\n"
        return out.string
    }

    mutating func reportUnmapped() {
        for scale in framework.scales {
            for level in scale.levels where !level.replaces.isEmpty {
                report.loss("level-lineage", "the lineage (replaces) of levels", at: sourceMap.location(of: .level(scale.id, level.id)))
            }
        }
        report.lossOfPlanningParts(of: framework, sourceMap: sourceMap, reason: "MedBiquitous has no place for them")
    }
}

/// A document being written, as UTF-8 bytes: appending a string copies its bytes, which
/// costs a fraction of growing a `String` piece by piece (a Competency Object is written
/// from some ninety pieces).
struct XMLText {
    private(set) var bytes: [UInt8] = []

    init(_ start: String = "", capacity: Int = 0) {
        bytes.reserveCapacity(Swift.max(capacity, start.utf8.count))
        bytes.append(contentsOf: start.utf8)
    }

    static func += (text: inout XMLText, piece: String) { text.bytes.append(contentsOf: piece.utf8) }
    static func += (text: inout XMLText, piece: XMLText) { text.bytes.append(contentsOf: piece.bytes) }

    var isEmpty: Bool { bytes.isEmpty }
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
