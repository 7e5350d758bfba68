public import CompetencyModel
import CompetencyDiagnostics
import Foundation

/// Writes a framework as a 1EdTech CASE 1.0 CFPackage (JSON) that validates against the
/// official schema.
///
/// Domains become top-level CFItems, competencies nested CFItems linked by `isChildOf` with
/// `sequenceNumber`; relations and matches become associations; scales and descriptors
/// become rubrics. The output is deterministic: identifiers are name-based UUIDs and the
/// only date written is the framework's `issued` date. Positions, modules, rules,
/// translations and extensions have no place in CASE and are listed in the report.
public struct CASEExporter: Sendable {
    /// The language of the package's texts; the framework's own when `nil`. A CASE package
    /// holds one language: the texts in other languages go into each object's `extensions`
    /// member, under ``translationsKey``, which the importer reads back.
    public var language: String?
    /// Whether texts in other languages go into the objects' `extensions` (CASE 1.1). When
    /// false, they are left out and reported, and the package validates against the CASE 1.0
    /// schema, which allows no `extensions`.
    public var keepsTranslations: Bool

    public init(language: String? = nil, keepsTranslations: Bool = true) {
        self.language = language
        self.keepsTranslations = keepsTranslations
    }

    /// The member of a CASE object's `extensions` that holds its texts in other languages:
    /// `{"vi": {"fullStatement": "…", "notes": "…"}}`.
    public static let translationsKey = "urn:competencykit:1:translations"

    public func export(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> Exported {
        var run = CASEExportRun(framework: framework, sourceMap: sourceMap, language: language)
        run.keepsTranslations = keepsTranslations
        let data = JSONWriter.write(run.package())
        return Exported(files: [(name: "\(framework.id).case.json", data: data)], report: run.report)
    }

    /// The package `framework` becomes, as a value.
    static func package(_ framework: Framework) -> JSONWriter.Value {
        var run = CASEExportRun(framework: framework, sourceMap: SourceMap())
        return run.package()
    }

    /// Every member the exporter can write in a CFDocument, a CFItem and a CFAssociation from
    /// the model alone (nothing kept from a read package). An object read with another member
    /// cannot be written the same again, which lets the importer skip comparing it.
    static let documentMembers: Set<String> = [
        "identifier", "uri", "creator", "title", "lastChangeDateTime", "publisher", "description", "language", "version",
        "adoptionStatus", "statusStartDate", "extensions",
    ]
    static let itemMembers: Set<String> = [
        "identifier", "fullStatement", "abbreviatedStatement", "CFItemType", "uri", "humanCodingScheme", "notes", "educationLevel",
        "lastChangeDateTime", "extensions",
    ]
    static let associationMembers: Set<String> = [
        "identifier", "associationType", "sequenceNumber", "uri", "originNodeURI", "destinationNodeURI", "CFAssociationGroupingURI",
        "lastChangeDateTime",
    ]

    /// The identifier of the `number`th association the exporter writes anew (from 1).
    static func associationIdentifier(framework: String, number: Int) -> String {
        NameBasedUUID.string(name: "\(framework)/association/\(number)")
    }
}

private struct CASEExportRun {
    typealias Value = JSONWriter.Value

    let framework: Framework
    let sourceMap: SourceMap
    let language: String?
    let fid: String
    /// `lastChangeDateTime` for what is written anew: derived from the framework's `issued`
    /// date (reported), or left out when it has none.
    let changed: String?
    var report = LossReport(domain: "case")
    /// Items and associations with their place in the package they were read from, if any.
    var items: [(order: Int?, value: Value)] = []
    var associations: [(order: Int?, value: Value)] = []
    var usedGroupings: [CASEConvention.Grouping] = []
    /// Each competency's link (title, identifier, uri), by ID.
    var links: [String: Value] = [:]
    var levelRanks: [String: (rank: Int, label: String?)] = [:]
    var associationCount = 0

    /// Texts in other languages than the package's, met since the last object was finished.
    var translations: [(language: String, field: String, value: String)] = []
    var keepsTranslations = true

    init(framework: Framework, sourceMap: SourceMap, language: String? = nil) {
        self.framework = framework
        self.sourceMap = sourceMap
        fid = framework.id.rawValue
        self.language = language ?? framework.language ?? framework.title.variants.first?.language
        changed = framework.issued.map { "\($0)T00:00:00+00:00" }
    }

    /// `lastChangeDateTime` as a member, for what is written anew; reported as derived, or
    /// as missing when the framework has no date to derive it from.
    mutating func changedMember(at subject: Subject) -> [(String, Value)] {
        if let changed {
            report.fixUp(
                "derived-change-date", "lastChangeDateTime, which CASE requires, derived from the framework's issued date",
                at: sourceMap.location(of: subject))
            return [("lastChangeDateTime", .string(changed))]
        }
        report.loss(
            "no-change-date", "lastChangeDateTime, which CASE requires, left out: the framework has no issued date to derive it from",
            at: sourceMap.location(of: subject))
        return []
    }

    /// What to write for an entity read from CASE: the kept object while its mapped fields
    /// are `unchanged`; else the kept object with the `mapped` members replaced by the
    /// `computed` ones (a mapped member the model no longer has is left out). Without a kept
    /// object, the computed one.
    static func merge(_ computed: [(String, Value)], kept: Value?, unchanged: Bool, mapped: Set<String>) -> Value {
        guard let kept, case .object(let members) = kept else { return .object(computed) }
        if unchanged { return kept }
        var result: [(String, Value)] = []
        var written: Set<String> = []
        for (key, value) in members {
            if mapped.contains(key) {
                if let replacement = computed.first(where: { $0.0 == key }) {
                    result.append(replacement)
                    written.insert(key)
                }
            } else {
                result.append((key, value))
                written.insert(key)
            }
        }
        for member in computed where !written.contains(member.0) { result.append(member) }
        return .object(result)
    }

    /// The string member `key` of a kept object.
    static func string(_ key: String, of value: Value?) -> String? {
        guard let value, case .string(let text)? = value.members.first(where: { $0.0 == key })?.1 else { return nil }
        return text
    }

    /// The associations kept with an entity, written where they stood.
    mutating func keptAssociations(_ extensions: Extensions) {
        for (order, value) in CASESnapshot.associations(in: extensions) { associations.append((order, value)) }
    }

    // MARK: Text

    /// The text in the package's language (else the first). The other variants are kept for
    /// the `extensions` of the object being written, under the CASE member name `field`.
    mutating func text(_ text: LocalizedText, at subject: Subject, field: String) -> String? {
        guard !text.isEmpty else { return nil }
        let chosen = text.variants.firstIndex { $0.language == (language ?? "") } ?? 0
        if !keepsTranslations, text.variants.count > 1 {
            report.loss(
                "translation", "texts in other languages than the package's: CASE 1.0 holds one language",
                at: sourceMap.location(of: subject), count: text.variants.count - 1)
            return text.variants[chosen].value
        }
        for (index, variant) in text.variants.enumerated() where index != chosen {
            translations.append((variant.language, field, variant.value))
        }
        return text.variants[chosen].value
    }

    /// `object` with the texts in other languages met since the last call in its `extensions`.
    mutating func withTranslations(_ object: [(String, Value)]) -> [(String, Value)] {
        guard !translations.isEmpty else { return object }
        var byLanguage: [(String, [(String, Value)])] = []
        for entry in translations {
            if let index = byLanguage.firstIndex(where: { $0.0 == entry.language }) {
                byLanguage[index].1.append((entry.field, .string(entry.value)))
            } else {
                byLanguage.append((entry.language, [(entry.field, .string(entry.value))]))
            }
        }
        translations = []
        return object + [("extensions", .object([(CASEExporter.translationsKey, .object(byLanguage.map { ($0.0, .object($0.1)) }))]))]
    }

    mutating func extensions(_ extensions: Extensions, at subject: Subject) {
        let extensions = SourceExtension.removing(CASESnapshot.format, from: extensions)
        guard !extensions.isEmpty else { return }
        report.loss(
            "extension", "content of other namespaces: CASE has no place for it", at: sourceMap.location(of: subject),
            count: extensions.attributes.count + extensions.elements.count)
    }

    /// An entity with its own URI travels under that URI, and the importer rebuilds its ID
    /// from the code or the identifier: report when that gives another ID.
    mutating func checkID(_ id: String, uri: String?, identifier: String, code: String?, prefix: String, at subject: Subject) {
        guard uri != nil else { return }
        let derived = code.flatMap { IdentifierSyntax.isValidToken($0) ? $0 : nil } ?? CASEConvention.lastSegment(uri)
            ?? Text.token(identifier.split(separator: "/").last.map(String.init) ?? identifier, prefix: prefix)
        if derived != id {
            report.loss(
                "id", "IDs of entities that have a URI: CASE carries the URI, and reading it back rebuilds the ID from the code or identifier",
                at: sourceMap.location(of: subject))
        }
    }

    // MARK: Package

    mutating func package() -> Value {
        let documentURI = framework.uri ?? CASEConvention.documentURN(fid)
        let documentID = CASEConvention.identifier(uri: framework.uri, framework: fid, kind: "framework", id: fid)
        let title = text(framework.title, at: .framework(framework.id), field: "title") ?? fid
        let keptDocument = CASESnapshot.json(CASESnapshot.node, in: framework.extensions)
        let documentUnchanged = CASESnapshot.attribute(CASESnapshot.digest, in: framework.extensions) == CASESnapshot.digest(framework)
        var document: [(String, Value)] = [
            ("identifier", .string(documentID)),
            ("uri", .string(documentURI)),
            ("creator", .string(text(framework.publisher, at: .framework(framework.id), field: "publisher") ?? "")),
            ("title", .string(title)),
        ]
        if keptDocument == nil { document += changedMember(at: .framework(framework.id)) }
        if let publisher = framework.publisher.value(preferring: language) { document.append(("publisher", .string(publisher))) }
        if let description = text(framework.description, at: .framework(framework.id), field: "description") {
            document.append(("description", .string(description)))
        }
        if let language, !language.isEmpty { document.append(("language", .string(language))) }
        if let version = SourceExtension.attribute("version", of: "case", in: framework.extensions) ?? framework.version {
            document.append(("version", .string(version)))
        }
        if let status = framework.status, let text = CASEConvention.statusToCASE[status] {
            document.append(("adoptionStatus", .string(text)))
        }
        if let issued = framework.issued { document.append(("statusStartDate", .string(issued.description))) }
        document = withTranslations(document)
        extensions(framework.extensions, at: .framework(framework.id))
        if keptDocument == nil {
            checkID(fid, uri: framework.uri, identifier: documentID, code: nil, prefix: "case-", at: .framework(framework.id))
        }
        let documentValue = Self.merge(
            document, kept: keptDocument, unchanged: documentUnchanged,
            mapped: Set(["identifier", "uri", "title", "publisher", "description", "language", "version", "adoptionStatus", "statusStartDate"])
                // The publisher is read from `creator` only when there is no `publisher`.
                .union(Self.string("publisher", of: keptDocument) == nil ? ["creator"] : []))
        let documentLink: Value = .object([
            ("title", .string(Self.string("title", of: documentValue) ?? title)),
            ("identifier", .string(Self.string("identifier", of: documentValue) ?? documentID)),
            ("uri", .string(Self.string("uri", of: documentValue) ?? documentURI)),
        ])
        keptAssociations(framework.extensions)

        for scale in framework.scales {
            for level in scale.levels { levelRanks[level.id.rawValue] = (level.rank, level.label.value(preferring: language)) }
        }
        for (index, domain) in framework.domains.enumerated() {
            writeDomain(domain, parent: documentLink, sequence: index + 1, place: CASESnapshot.place(parent: fid, index: index))
        }
        // Relations come after every item exists, so that targets have links.
        for domain in framework.domains {
            for competency in domain.competencies { writeRelations(competency) }
        }
        let keptRubrics = CASESnapshot.json(CASESnapshot.rubrics, in: framework.extensions)
        let rubrics: Value?
        if let keptRubrics, CASESnapshot.attribute(CASESnapshot.rubricsDigest, in: framework.extensions) == CASESnapshot.rubricsDigest(framework) {
            rubrics = keptRubrics
        } else {
            if keptRubrics != nil {
                report.loss(
                    "rubrics-rebuilt", "CFRubrics content beyond the scales and descriptors: they were edited, and the rubrics are written from them",
                    at: sourceMap.location(of: .framework(framework.id)))
            }
            let written = writeRubrics()
            rubrics = written.isEmpty ? nil : .array(written)
        }
        reportUnmapped()

        func sorted(_ entries: [(order: Int?, value: Value)]) -> [Value] {
            entries.enumerated().sorted { lhs, rhs in
                (lhs.element.order ?? Int.max, lhs.offset) < (rhs.element.order ?? Int.max, rhs.offset)
            }.map(\.element.value)
        }
        var package: [(String, Value)] = [
            ("CFDocument", documentValue),
            ("CFItems", .array(sorted(items))),
            ("CFAssociations", .array(sorted(associations))),
        ]
        var definitions = CASESnapshot.json(CASESnapshot.definitions, in: framework.extensions)?.members ?? []
        let kept = definitions.first { $0.0 == "CFAssociationGroupings" }.map { Set(($0.1.arrayValues).compactMap { Self.string("uri", of: $0) }) } ?? []
        var groupings: [Value] = CASEConvention.Grouping.allCases.filter { usedGroupings.contains($0) && !kept.contains($0.uri) }.map { grouping in
            .object(
                [("identifier", .string(grouping.identifier)), ("uri", .string(grouping.uri)), ("title", .string(grouping.title))]
                    + changedMember(at: .framework(framework.id)))
        }
        if !groupings.isEmpty {
            if let index = definitions.firstIndex(where: { $0.0 == "CFAssociationGroupings" }) {
                groupings = definitions[index].1.arrayValues + groupings
                definitions[index].1 = .array(groupings)
            } else {
                definitions.append(("CFAssociationGroupings", .array(groupings)))
            }
        }
        if CASESnapshot.attribute(CASESnapshot.definitions, in: framework.extensions) != nil || !definitions.isEmpty {
            package.append(("CFDefinitions", .object(definitions)))
        }
        if let rubrics { package.append(("CFRubrics", rubrics)) }
        package += CASESnapshot.json(CASESnapshot.package, in: framework.extensions)?.members ?? []
        return .object(package)
    }

    // MARK: Items

    /// The identity to write for an entity: the kept identifier and URI while its ID and URI
    /// are those it was read with, else the computed ones.
    func identity(_ extensions: Extensions, id: String, uri: String?, computed: (identifier: String, uri: String)) -> (identifier: String, uri: String, kept: Value?) {
        let kept = CASESnapshot.json(CASESnapshot.node, in: extensions)
        guard let kept, CASESnapshot.attribute(CASESnapshot.identity, in: extensions) == CASESnapshot.identity(id: id, uri: uri),
            let identifier = Self.string("identifier", of: kept)
        else { return (computed.identifier, computed.uri, kept) }
        return (identifier, Self.string("uri", of: kept) ?? computed.uri, kept)
    }

    /// Writes the item, its `isChildOf` link (kept while it stands where it was read) and
    /// the associations kept with it.
    mutating func writeItem(_ computed: [(String, Value)], extensions: Extensions, digest: () -> String, mapped: Set<String>, link: Value, parent: Value, sequence: Int, place: String, at subject: Subject) {
        let kept = CASESnapshot.json(CASESnapshot.node, in: extensions)
        // The digest only matters for what was kept.
        let unchanged = kept != nil && CASESnapshot.attribute(CASESnapshot.digest, in: extensions) == digest()
        var computed = computed
        if kept == nil { computed += changedMember(at: subject) }
        items.append((CASESnapshot.order(in: extensions), Self.merge(computed, kept: kept, unchanged: unchanged, mapped: mapped)))
        var keptParent: (order: Int?, value: Value)?
        if case .array(let pair)? = CASESnapshot.json(CASESnapshot.parent, in: extensions), pair.count == 2,
            CASESnapshot.attribute(CASESnapshot.parentDigest, in: extensions) == place
        {
            if case .number(let number) = pair[0] { keptParent = (Int(number), pair[1]) } else { keptParent = (nil, pair[1]) }
        }
        addAssociation("isChildOf", origin: link, destination: parent, sequence: sequence, keptValue: keptParent, at: subject)
        keptAssociations(extensions)
    }

    mutating func writeDomain(_ domain: Domain, parent: Value, sequence: Int, place: String) {
        let subject = Subject.domain(domain.id)
        let (identifier, uri, kept) = identity(
            domain.extensions, id: domain.id.rawValue, uri: domain.uri,
            computed: (
                CASEConvention.identifier(uri: domain.uri, framework: fid, kind: "domain", id: domain.id.rawValue),
                domain.uri ?? CASEConvention.urn(fid, "domain", domain.id.rawValue)
            ))
        let title = text(domain.title, at: subject, field: "fullStatement") ?? ""
        if kept == nil { checkID(domain.id.rawValue, uri: domain.uri, identifier: identifier, code: domain.code, prefix: "i-", at: subject) }
        var item: [(String, Value)] = [
            ("identifier", .string(identifier)), ("fullStatement", .string(title)), ("CFItemType", .string("Domain")),
            ("uri", .string(uri)),
        ]
        if let code = domain.code { item.append(("humanCodingScheme", .string(code))) }
        if let description = text(domain.description, at: subject, field: "notes") { item.append(("notes", .string(description))) }
        item = withTranslations(item)
        extensions(domain.extensions, at: subject)
        let link: Value = .object([("title", .string(title.isEmpty ? domain.id.rawValue : title)), ("identifier", .string(identifier)), ("uri", .string(uri))])
        writeItem(
            item, extensions: domain.extensions, digest: { CASESnapshot.digest(domain) },
            mapped: ["identifier", "uri", "fullStatement", "humanCodingScheme", "notes"], link: link, parent: parent, sequence: sequence,
            place: place, at: subject)
        writeLineage(domain.replaces.map(\.rawValue), kind: "domain", successor: link, at: subject)
        for (index, competency) in domain.competencies.enumerated() {
            writeCompetency(competency, parent: link, sequence: index + 1, place: CASESnapshot.place(parent: domain.id.rawValue, index: index))
        }
    }

    mutating func writeCompetency(_ competency: Competency, parent: Value, sequence: Int, place: String) {
        let subject = Subject.competency(competency.id)
        let (identifier, uri, kept) = identity(
            competency.extensions, id: competency.id.rawValue, uri: competency.uri,
            computed: (
                CASEConvention.identifier(uri: competency.uri, framework: fid, kind: "competency", id: competency.id.rawValue),
                competency.uri ?? CASEConvention.urn(fid, "competency", competency.id.rawValue)
            ))
        // With a statement, the title is the abbreviated statement.
        let title = text(competency.title, at: subject, field: competency.statement.isEmpty ? "fullStatement" : "abbreviatedStatement")
        let statement = text(competency.statement, at: subject, field: "fullStatement")
        if kept == nil {
            checkID(competency.id.rawValue, uri: competency.uri, identifier: identifier, code: competency.code, prefix: "i-", at: subject)
        }
        var item: [(String, Value)] = [("identifier", .string(identifier)), ("fullStatement", .string(statement ?? title ?? ""))]
        if statement != nil, let title { item.append(("abbreviatedStatement", .string(title))) }
        item.append(("CFItemType", .string("Competency")))
        item.append(("uri", .string(uri)))
        if let code = competency.code { item.append(("humanCodingScheme", .string(code))) }
        if let description = text(competency.description, at: subject, field: "notes") { item.append(("notes", .string(description))) }
        if let levels = competency.levels, !levels.isEmpty {
            item.append(("educationLevel", .array(levels.map { .string($0.rawValue) })))
        }
        if competency.status != nil, kept == nil {
            report.loss(
                "competency-status", "the status of competencies: a CASE 1.0 CFItem has no adoptionStatus",
                at: sourceMap.location(of: subject))
        }
        if statement != nil, title == nil {
            report.loss(
                "competency-statement-without-title", "a statement without a title reads back as the title",
                at: sourceMap.location(of: subject))
        }
        item = withTranslations(item)
        extensions(competency.extensions, at: subject)
        let link: Value = .object([
            ("title", .string(title ?? statement ?? competency.id.rawValue)), ("identifier", .string(identifier)), ("uri", .string(uri)),
        ])
        links[competency.id.rawValue] = link
        writeItem(
            item, extensions: competency.extensions, digest: { CASESnapshot.digest(competency) },
            // Education levels that name no level (grades) are not read into the model.
            mapped: Set(["identifier", "uri", "fullStatement", "abbreviatedStatement", "humanCodingScheme", "notes"])
                .union(competency.levels == nil ? [] : ["educationLevel"]), link: link,
            parent: parent, sequence: sequence, place: place, at: subject)
        for (index, child) in competency.children.enumerated() {
            writeCompetency(child, parent: link, sequence: index + 1, place: CASESnapshot.place(parent: competency.id.rawValue, index: index))
        }
    }

    // MARK: Associations

    mutating func addAssociation(
        _ type: String, origin: Value, destination: Value, sequence: Int? = nil, grouping: CASEConvention.Grouping? = nil,
        kept: Extensions = .none, digest: () -> String = { "" }, keptValue: (order: Int?, value: Value)? = nil, at subject: Subject
    ) {
        // Numbered whether written anew or as kept, so that the names of the others stay.
        associationCount += 1
        if let keptValue {
            associations.append(keptValue)
            return
        }
        if let value = CASESnapshot.json(CASESnapshot.association, in: kept), CASESnapshot.attribute(CASESnapshot.digest, in: kept) == digest() {
            associations.append((CASESnapshot.order(in: kept), value))
            return
        }
        let identifier = CASEExporter.associationIdentifier(framework: fid, number: associationCount)
        var association: [(String, Value)] = [
            ("identifier", .string(identifier)), ("associationType", .string(type)),
        ]
        if let sequence { association.append(("sequenceNumber", .int(sequence))) }
        association.append(("uri", .string("urn:uuid:\(identifier)")))
        association.append(("originNodeURI", origin))
        association.append(("destinationNodeURI", destination))
        if let grouping {
            if !usedGroupings.contains(grouping) { usedGroupings.append(grouping) }
            association.append(
                ("CFAssociationGroupingURI", .object([
                    ("title", .string(grouping.title)), ("identifier", .string(grouping.identifier)), ("uri", .string(grouping.uri)),
                ])))
        }
        association += changedMember(at: subject)
        associations.append((nil, .object(association)))
    }

    /// Lineage as `replacedBy` associations from the earlier version's items (named by their
    /// CompetencyKit URNs, outside the package) to `successor`; the importer reads them back
    /// into `replaces`. An ID the package still has cannot be told from a relation, so it is
    /// reported instead.
    mutating func writeLineage(_ ids: [String], kind: String, successor: Value, at subject: Subject) {
        for old in ids {
            let present = kind == "domain" ? framework.domains.contains { $0.id.rawValue == old } : links[old] != nil
            guard !present else {
                report.loss("lineage-to-present-id", "lineage naming an ID the package still has", at: sourceMap.location(of: subject))
                continue
            }
            let origin: Value = .object([
                ("title", .string(old)), ("identifier", .string(CASEConvention.identifier(uri: nil, framework: fid, kind: kind, id: old))),
                ("uri", .string(CASEConvention.urn(fid, kind, old))),
            ])
            addAssociation("replacedBy", origin: origin, destination: successor, at: subject)
        }
    }

    mutating func writeRelations(_ competency: Competency) {
        guard let link = links[competency.id.rawValue] else { return }
        writeLineage(competency.replaces.map(\.rawValue), kind: "competency", successor: link, at: .competency(competency.id))
        for (index, relation) in competency.relations.enumerated() {
            guard let target = links[relation.target.rawValue] else {
                report.loss(
                    "dangling-relation", "relations to a competency that does not exist",
                    at: sourceMap.location(of: .relation(competency.id, index: index)))
                continue
            }
            let subject = Subject.relation(competency.id, index: index)
            let kept = relation.extensions
            let digest = { CASESnapshot.digest(relation) }
            switch relation.type {
            case .requires: addAssociation("precedes", origin: target, destination: link, kept: kept, digest: digest, at: subject)
            case .related: addAssociation("isRelatedTo", origin: link, destination: target, kept: kept, digest: digest, at: subject)
            case .replacedBy: addAssociation("replacedBy", origin: link, destination: target, kept: kept, digest: digest, at: subject)
            case .replaces:
                addAssociation("replacedBy", origin: target, destination: link, grouping: .replaces, kept: kept, digest: digest, at: subject)
            case .broader:
                addAssociation("isRelatedTo", origin: link, destination: target, grouping: .broader, kept: kept, digest: digest, at: subject)
            case .narrower:
                addAssociation("isRelatedTo", origin: link, destination: target, grouping: .narrower, kept: kept, digest: digest, at: subject)
            }
            if !relation.extensions.isEmpty { extensions(relation.extensions, at: .relation(competency.id, index: index)) }
        }
        for (index, match) in competency.matches.enumerated() {
            let destination: Value = .object([("title", .string(match.uri)), ("identifier", .string(match.uri)), ("uri", .string(match.uri))])
            let subject = Subject.match(competency.id, index: index)
            let kept = match.extensions
            let digest = { CASESnapshot.digest(match) }
            let grouping: CASEConvention.Grouping? =
                switch match.type {
                case .exact: nil
                case .close: .closeMatch
                case .broad: .broadMatch
                case .narrow: .narrowMatch
                case .related: .relatedMatch
                }
            addAssociation(
                match.type == .exact ? "exactMatchOf" : "isRelatedTo", origin: link, destination: destination, grouping: grouping,
                kept: kept, digest: digest, at: subject)
            if !match.extensions.isEmpty { extensions(match.extensions, at: .match(competency.id, index: index)) }
        }
        for child in competency.children { writeRelations(child) }
    }

    // MARK: Rubrics

    mutating func writeRubrics() -> [Value] {
        var rubrics: [Value] = []
        var byScale: [String: [Competency]] = [:]
        func collect(_ competency: Competency) {
            if !competency.descriptors.isEmpty {
                let scale = competency.scale?.rawValue ?? framework.scales.first?.id.rawValue ?? ""
                byScale[scale, default: []].append(competency)
            }
            competency.children.forEach(collect)
        }
        framework.domains.forEach { $0.competencies.forEach(collect) }
        for scale in framework.scales {
            let subject = Subject.scale(scale.id)
            let sid = scale.id.rawValue
            let rubricID = CASEConvention.identifier(uri: scale.uri, framework: fid, kind: "scale", id: sid)
            var rubric: [(String, Value)] = [
                ("identifier", .string(rubricID)), ("uri", .string(scale.uri ?? CASEConvention.urn(fid, "scale", sid))),
            ]
            checkID(sid, uri: scale.uri, identifier: rubricID, code: nil, prefix: "scale-", at: subject)
            if let title = text(scale.title, at: subject, field: "title") { rubric.append(("title", .string(title))) }
            if let description = text(scale.description, at: subject, field: "description") { rubric.append(("description", .string(description))) }
            rubric = withTranslations(rubric)
            // One date for the whole rubric, reported once.
            let stamp = changedMember(at: subject)
            rubric += stamp
            extensions(scale.extensions, at: subject)
            var criteria: [Value] = []
            // The scale itself: one criterion per band, holding its levels.
            var bands: [(String?, [Level])] = []
            for level in scale.levels {
                if let index = bands.firstIndex(where: { $0.0 == level.band?.rawValue }) {
                    bands[index].1.append(level)
                } else {
                    bands.append((level.band?.rawValue, [level]))
                }
            }
            for (position, band) in bands.enumerated() {
                let criterionID = NameBasedUUID.string(name: "\(fid)/scale/\(sid)/band/\(band.0 ?? "")")
                var criterion: [(String, Value)] = [("identifier", .string(criterionID)), ("uri", .string("urn:uuid:\(criterionID)"))]
                if let name = band.0 { criterion.append(("category", .string(name))) }
                criterion.append(("position", .int(position + 1)))
                criterion.append(("rubricId", .string(rubricID)))
                criterion += stamp
                var levels: [Value] = []
                for level in band.1 {
                    let levelSubject = Subject.level(scale.id, level.id)
                    let levelID = CASEConvention.identifier(uri: level.uri, framework: fid, kind: "level", id: level.id.rawValue)
                    var entry: [(String, Value)] = [
                        ("identifier", .string(levelID)), ("uri", .string(level.uri ?? CASEConvention.urn(fid, "level", level.id.rawValue))),
                    ]
                    if let description = text(level.description, at: levelSubject, field: "description") { entry.append(("description", .string(description))) }
                    if let label = text(level.label, at: levelSubject, field: "quality") { entry.append(("quality", .string(label))) }
                    checkID(
                        level.id.rawValue, uri: level.uri, identifier: levelID, code: level.label.value(preferring: language).map { Text.token($0, prefix: "L") },
                        prefix: "L", at: levelSubject)
                    entry.append(("score", .int(level.rank)))
                    entry.append(("position", .int(level.rank)))
                    entry.append(("rubricCriterionId", .string(criterionID)))
                    entry += stamp
                    levels.append(.object(withTranslations(entry)))
                    extensions(level.extensions, at: levelSubject)
                }
                criterion.append(("CFRubricCriterionLevels", .array(levels)))
                criteria.append(.object(criterion))
            }
            // The default and proficient marks: a criterion each, naming its level.
            var position = bands.count
            for (category, mark) in [(CASEConvention.defaultLevelCategory, scale.defaultLevel), (CASEConvention.proficientLevelCategory, scale.proficientLevel)] {
                guard let mark else { continue }
                guard let level = scale.level(mark) else {
                    report.loss("dangling-level", "default or proficient marks naming a level the scale does not have", at: sourceMap.location(of: subject))
                    continue
                }
                position += 1
                let criterionID = NameBasedUUID.string(name: "\(fid)/scale/\(sid)/\(category)")
                let levelID = NameBasedUUID.string(name: "\(fid)/scale/\(sid)/\(category)/level")
                var entry: [(String, Value)] = [
                    ("identifier", .string(levelID)), ("uri", .string(level.uri ?? CASEConvention.urn(fid, "level", level.id.rawValue))),
                ]
                if let label = level.label.value(preferring: language) { entry.append(("quality", .string(label))) }
                entry += [("position", .int(level.rank)), ("rubricCriterionId", .string(criterionID))] + stamp
                criteria.append(
                    .object([
                        ("identifier", .string(criterionID)), ("uri", .string("urn:uuid:\(criterionID)")), ("category", .string(category)),
                        ("position", .int(position)), ("rubricId", .string(rubricID)),
                    ] + stamp + [("CFRubricCriterionLevels", .array([.object(entry)]))]))
            }
            // The descriptors: per competency, one criterion per part of a descriptor.
            for competency in byScale[sid] ?? [] {
                guard let link = links[competency.id.rawValue] else { continue }
                let cid = competency.id.rawValue
                for aspect in CASEConvention.descriptorAspects {
                    var levels: [Value] = []
                    let criterionID = NameBasedUUID.string(name: "\(fid)/descriptors/\(cid)/\(aspect)")
                    for (index, descriptor) in competency.descriptors.enumerated() {
                        let subject = Subject.descriptor(competency.id, index: index)
                        let texts: [LocalizedText]
                        switch aspect {
                        case "descriptor": texts = [descriptor.text]
                        case "knowledge": texts = descriptor.knowledge
                        case "skill": texts = descriptor.skills
                        case "attitude": texts = descriptor.attitudes
                        default: texts = descriptor.examples
                        }
                        if aspect == "descriptor" { extensions(descriptor.extensions, at: subject) }
                        for (number, value) in texts.enumerated() {
                            let entryID = NameBasedUUID.string(name: "\(fid)/descriptors/\(cid)/\(aspect)/\(index)/\(number)")
                            var entry: [(String, Value)] = [("identifier", .string(entryID)), ("uri", .string("urn:uuid:\(entryID)"))]
                            if let description = text(value, at: subject, field: "description") { entry.append(("description", .string(description))) }
                            let rank = levelRanks[descriptor.level.rawValue]
                            entry.append(("quality", .string(rank?.label ?? descriptor.level.rawValue)))
                            if let rank { entry.append(("position", .int(rank.rank))) }
                            entry.append(("rubricCriterionId", .string(criterionID)))
                            entry += stamp
                            levels.append(.object(withTranslations(entry)))
                        }
                    }
                    guard !levels.isEmpty else { continue }
                    position += 1
                    criteria.append(
                        .object([
                            ("identifier", .string(criterionID)), ("uri", .string("urn:uuid:\(criterionID)")),
                            ("category", .string(aspect)), ("CFItemURI", link), ("position", .int(position)),
                            ("rubricId", .string(rubricID)),
                        ] + stamp + [("CFRubricCriterionLevels", .array(levels))]))
                }
            }
            rubric.append(("CFRubricCriteria", .array(criteria)))
            rubrics.append(.object(rubric))
        }
        return rubrics
    }

    // MARK: What CASE cannot hold

    mutating func reportUnmapped() {
        for scale in framework.scales {
            for level in scale.levels where !level.replaces.isEmpty {
                report.loss("level-lineage", "the lineage (replaces) of levels", at: sourceMap.location(of: .level(scale.id, level.id)))
            }
        }
        report.lossOfPlanningParts(of: framework, sourceMap: sourceMap, reason: "CASE has no place for them")
    }
}
