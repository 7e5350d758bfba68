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
    public init() {}

    public func export(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> Exported {
        var run = CASEExportRun(framework: framework, sourceMap: sourceMap)
        let data = run.write()
        return Exported(files: [(name: "\(framework.id).case.json", data: data)], report: run.report)
    }
}

private struct CASEExportRun {
    typealias Value = JSONWriter.Value

    let framework: Framework
    let sourceMap: SourceMap
    let language: String?
    let fid: String
    let changed: String
    var report = LossReport(domain: "case")
    var items: [Value] = []
    var associations: [Value] = []
    var usedGroupings: [CASEConvention.Grouping] = []
    /// Each competency's link (title, identifier, uri), by ID.
    var links: [String: Value] = [:]
    var levelRanks: [String: (rank: Int, label: String?)] = [:]
    var associationCount = 0

    init(framework: Framework, sourceMap: SourceMap) {
        self.framework = framework
        self.sourceMap = sourceMap
        fid = framework.id.rawValue
        language = framework.language ?? framework.title.variants.first?.language
        if let issued = framework.issued {
            changed = "\(issued)T00:00:00+00:00"
        } else {
            changed = "1970-01-01T00:00:00+00:00"
        }
    }

    // MARK: Text

    /// The text in the document's language; every other variant is reported.
    mutating func text(_ text: LocalizedText, at subject: Subject) -> String? {
        guard !text.isEmpty else { return nil }
        let chosen = text.value(preferring: language)
        let others = text.variants.count - 1
        if others > 0 {
            report.loss(
                "translation", "texts in other languages than the document's: a CASE package holds one language",
                at: sourceMap.location(of: subject), count: others)
        }
        return chosen
    }

    mutating func extensions(_ extensions: Extensions, at subject: Subject) {
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

    mutating func write() -> Data {
        let documentURI = framework.uri ?? CASEConvention.documentURN(fid)
        let documentID = CASEConvention.identifier(uri: framework.uri, framework: fid, kind: "framework", id: fid)
        let title = text(framework.title, at: .framework(framework.id)) ?? fid
        var document: [(String, Value)] = [
            ("identifier", .string(documentID)),
            ("uri", .string(documentURI)),
            ("creator", .string(text(framework.publisher, at: .framework(framework.id)) ?? "")),
            ("title", .string(title)),
            ("lastChangeDateTime", .string(changed)),
        ]
        if let publisher = framework.publisher.value(preferring: language) { document.append(("publisher", .string(publisher))) }
        if let description = text(framework.description, at: .framework(framework.id)) {
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
        extensions(SourceExtension.removing("case", from: framework.extensions), at: .framework(framework.id))
        checkID(fid, uri: framework.uri, identifier: documentID, code: nil, prefix: "case-", at: .framework(framework.id))
        let documentLink: Value = .object([("title", .string(title)), ("identifier", .string(documentID)), ("uri", .string(documentURI))])

        for scale in framework.scales {
            for level in scale.levels { levelRanks[level.id.rawValue] = (level.rank, level.label.value(preferring: language)) }
        }
        for (index, domain) in framework.domains.enumerated() {
            writeDomain(domain, parent: documentLink, sequence: index + 1)
        }
        // Relations come after every item exists, so that targets have links.
        for domain in framework.domains {
            for competency in domain.competencies { writeRelations(competency) }
        }
        let rubrics = writeRubrics()
        reportUnmapped()

        var package: [(String, Value)] = [
            ("CFDocument", .object(document)),
            ("CFItems", .array(items)),
            ("CFAssociations", .array(associations)),
        ]
        if !usedGroupings.isEmpty {
            let groupings: [Value] = CASEConvention.Grouping.allCases.filter { usedGroupings.contains($0) }.map { grouping in
                .object([
                    ("identifier", .string(grouping.identifier)), ("uri", .string(grouping.uri)),
                    ("title", .string(grouping.title)), ("lastChangeDateTime", .string(changed)),
                ])
            }
            package.append(("CFDefinitions", .object([("CFAssociationGroupings", .array(groupings))])))
        }
        if !rubrics.isEmpty { package.append(("CFRubrics", .array(rubrics))) }
        return JSONWriter.write(.object(package))
    }

    // MARK: Items

    mutating func writeDomain(_ domain: Domain, parent: Value, sequence: Int) {
        let subject = Subject.domain(domain.id)
        let uri = domain.uri ?? CASEConvention.urn(fid, "domain", domain.id.rawValue)
        let identifier = CASEConvention.identifier(uri: domain.uri, framework: fid, kind: "domain", id: domain.id.rawValue)
        let title = text(domain.title, at: subject) ?? ""
        checkID(domain.id.rawValue, uri: domain.uri, identifier: identifier, code: domain.code, prefix: "i-", at: subject)
        var item: [(String, Value)] = [
            ("identifier", .string(identifier)), ("fullStatement", .string(title)), ("CFItemType", .string("Domain")),
            ("uri", .string(uri)),
        ]
        if let code = domain.code { item.append(("humanCodingScheme", .string(code))) }
        if let description = text(domain.description, at: subject) { item.append(("notes", .string(description))) }
        item.append(("lastChangeDateTime", .string(changed)))
        items.append(.object(item))
        extensions(domain.extensions, at: subject)
        let link: Value = .object([("title", .string(title.isEmpty ? domain.id.rawValue : title)), ("identifier", .string(identifier)), ("uri", .string(uri))])
        addAssociation("isChildOf", origin: link, destination: parent, sequence: sequence)
        for (index, competency) in domain.competencies.enumerated() {
            writeCompetency(competency, parent: link, sequence: index + 1)
        }
    }

    mutating func writeCompetency(_ competency: Competency, parent: Value, sequence: Int) {
        let subject = Subject.competency(competency.id)
        let uri = competency.uri ?? CASEConvention.urn(fid, "competency", competency.id.rawValue)
        let identifier = CASEConvention.identifier(
            uri: competency.uri, framework: fid, kind: "competency", id: competency.id.rawValue)
        let title = text(competency.title, at: subject)
        let statement = text(competency.statement, at: subject)
        checkID(competency.id.rawValue, uri: competency.uri, identifier: identifier, code: competency.code, prefix: "i-", at: subject)
        var item: [(String, Value)] = [("identifier", .string(identifier)), ("fullStatement", .string(statement ?? title ?? ""))]
        if statement != nil, let title { item.append(("abbreviatedStatement", .string(title))) }
        item.append(("CFItemType", .string("Competency")))
        item.append(("uri", .string(uri)))
        if let code = competency.code { item.append(("humanCodingScheme", .string(code))) }
        if let description = text(competency.description, at: subject) { item.append(("notes", .string(description))) }
        if let levels = competency.levels, !levels.isEmpty {
            item.append(("educationLevel", .array(levels.map { .string($0.rawValue) })))
        }
        item.append(("lastChangeDateTime", .string(changed)))
        items.append(.object(item))
        if competency.status != nil {
            report.loss(
                "competency-status", "the status of competencies: a CASE 1.0 CFItem has no adoptionStatus",
                at: sourceMap.location(of: subject))
        }
        if statement != nil, title == nil {
            report.loss(
                "competency-statement-without-title", "a statement without a title reads back as the title",
                at: sourceMap.location(of: subject))
        }
        extensions(competency.extensions, at: subject)
        let link: Value = .object([
            ("title", .string(title ?? statement ?? competency.id.rawValue)), ("identifier", .string(identifier)), ("uri", .string(uri)),
        ])
        links[competency.id.rawValue] = link
        addAssociation("isChildOf", origin: link, destination: parent, sequence: sequence)
        for (index, child) in competency.children.enumerated() {
            writeCompetency(child, parent: link, sequence: index + 1)
        }
    }

    // MARK: Associations

    mutating func addAssociation(
        _ type: String, origin: Value, destination: Value, sequence: Int? = nil, grouping: CASEConvention.Grouping? = nil
    ) {
        associationCount += 1
        let identifier = NameBasedUUID.string(name: "\(fid)/association/\(associationCount)")
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
        association.append(("lastChangeDateTime", .string(changed)))
        associations.append(.object(association))
    }

    mutating func writeRelations(_ competency: Competency) {
        guard let link = links[competency.id.rawValue] else { return }
        for (index, relation) in competency.relations.enumerated() {
            guard let target = links[relation.target.rawValue] else {
                report.loss(
                    "dangling-relation", "relations to a competency that does not exist",
                    at: sourceMap.location(of: .relation(competency.id, index: index)))
                continue
            }
            switch relation.type {
            case .requires: addAssociation("precedes", origin: target, destination: link)
            case .related: addAssociation("isRelatedTo", origin: link, destination: target)
            case .replacedBy: addAssociation("replacedBy", origin: link, destination: target)
            case .replaces: addAssociation("replacedBy", origin: target, destination: link, grouping: .replaces)
            case .broader: addAssociation("isRelatedTo", origin: link, destination: target, grouping: .broader)
            case .narrower: addAssociation("isRelatedTo", origin: link, destination: target, grouping: .narrower)
            }
            if !relation.extensions.isEmpty { extensions(relation.extensions, at: .relation(competency.id, index: index)) }
        }
        for (index, match) in competency.matches.enumerated() {
            let destination: Value = .object([("title", .string(match.uri)), ("identifier", .string(match.uri)), ("uri", .string(match.uri))])
            switch match.type {
            case .exact: addAssociation("exactMatchOf", origin: link, destination: destination)
            case .close: addAssociation("isRelatedTo", origin: link, destination: destination, grouping: .closeMatch)
            case .broad: addAssociation("isRelatedTo", origin: link, destination: destination, grouping: .broadMatch)
            case .narrow: addAssociation("isRelatedTo", origin: link, destination: destination, grouping: .narrowMatch)
            case .related: addAssociation("isRelatedTo", origin: link, destination: destination, grouping: .relatedMatch)
            }
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
            if let title = text(scale.title, at: subject) { rubric.append(("title", .string(title))) }
            if let description = text(scale.description, at: subject) { rubric.append(("description", .string(description))) }
            rubric.append(("lastChangeDateTime", .string(changed)))
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
                criterion.append(("lastChangeDateTime", .string(changed)))
                var levels: [Value] = []
                for level in band.1 {
                    let levelSubject = Subject.level(scale.id, level.id)
                    let levelID = CASEConvention.identifier(uri: level.uri, framework: fid, kind: "level", id: level.id.rawValue)
                    var entry: [(String, Value)] = [
                        ("identifier", .string(levelID)), ("uri", .string(level.uri ?? CASEConvention.urn(fid, "level", level.id.rawValue))),
                    ]
                    if let description = text(level.description, at: levelSubject) { entry.append(("description", .string(description))) }
                    if let label = text(level.label, at: levelSubject) { entry.append(("quality", .string(label))) }
                    checkID(
                        level.id.rawValue, uri: level.uri, identifier: levelID, code: level.label.value(preferring: language).map { Text.token($0, prefix: "L") },
                        prefix: "L", at: levelSubject)
                    entry.append(("score", .int(level.rank)))
                    entry.append(("position", .int(level.rank)))
                    entry.append(("rubricCriterionId", .string(criterionID)))
                    entry.append(("lastChangeDateTime", .string(changed)))
                    levels.append(.object(entry))
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
                entry += [("position", .int(level.rank)), ("rubricCriterionId", .string(criterionID)), ("lastChangeDateTime", .string(changed))]
                criteria.append(
                    .object([
                        ("identifier", .string(criterionID)), ("uri", .string("urn:uuid:\(criterionID)")), ("category", .string(category)),
                        ("position", .int(position)), ("rubricId", .string(rubricID)), ("lastChangeDateTime", .string(changed)),
                        ("CFRubricCriterionLevels", .array([.object(entry)])),
                    ]))
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
                            if let description = text(value, at: subject) { entry.append(("description", .string(description))) }
                            let rank = levelRanks[descriptor.level.rawValue]
                            entry.append(("quality", .string(rank?.label ?? descriptor.level.rawValue)))
                            if let rank { entry.append(("position", .int(rank.rank))) }
                            entry.append(("rubricCriterionId", .string(criterionID)))
                            entry.append(("lastChangeDateTime", .string(changed)))
                            levels.append(.object(entry))
                        }
                    }
                    guard !levels.isEmpty else { continue }
                    position += 1
                    criteria.append(
                        .object([
                            ("identifier", .string(criterionID)), ("uri", .string("urn:uuid:\(criterionID)")),
                            ("category", .string(aspect)), ("CFItemURI", link), ("position", .int(position)),
                            ("rubricId", .string(rubricID)), ("lastChangeDateTime", .string(changed)),
                            ("CFRubricCriterionLevels", .array(levels)),
                        ]))
                }
            }
            rubric.append(("CFRubricCriteria", .array(criteria)))
            rubrics.append(.object(rubric))
        }
        return rubrics
    }

    // MARK: What CASE cannot hold

    mutating func reportUnmapped() {
        for position in framework.positions {
            report.loss("position", "positions: CASE has no place for them", at: sourceMap.location(of: .position(position.id)))
        }
        for module in framework.modules {
            report.loss("module", "training modules: CASE has no place for them", at: sourceMap.location(of: .module(module.id)))
        }
        for rule in framework.rules {
            report.loss("rule", "assignment rules: CASE has no place for them", at: sourceMap.location(of: .rule(rule.id)))
        }
    }
}
