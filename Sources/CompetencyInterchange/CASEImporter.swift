public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// Reads a 1EdTech CASE 1.0 / 1.1 CFPackage (JSON) into a framework.
///
/// Top-level items become domains; `isChildOf` with `sequenceNumber` gives nesting and
/// order; `precedes` becomes `requires` (the inverse), `isRelatedTo` `related`,
/// `exactMatchOf` an exact match, `replacedBy` `replaced-by`; rubrics attached to items
/// become level descriptors; `adoptionStatus` becomes the status. The reader is lenient, as
/// real CASE data is messy, and reports each repair as a fix-up.
public struct CASEImporter: Sendable {
    public init() {}

    public func importFramework(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<Framework> {
        let (root, repairs) = try JSONParser.parseRecordingRepairs(data, file: file)
        guard root.isObject, let document = root["CFDocument"], document.isObject else {
            throw DiagnosticError(
                "not-case", "this is not a CASE package: a CFPackage is a JSON object with a CFDocument member",
                at: root.location(file: file))
        }
        for member in ["CFItems", "CFAssociations", "CFRubrics", "CFDefinitions"] {
            guard let value = root[member] else { continue }
            let expected = member == "CFDefinitions" ? value.isObject : value.array != nil
            guard expected else {
                throw DiagnosticError(
                    "case-wrong-type",
                    "\(member) must be \(member == "CFDefinitions" ? "an object" : "an array"); read as given, it would hold nothing",
                    at: value.location(file: file))
            }
        }
        var run = CASEImportRun(file: file)
        for location in repairs { run.report.fixUp("control-character", Self.controlRepair, at: location) }
        // The kept objects are copied from the text while it is at hand.
        return try JSONParser.withText(data) { text in
            Result { () throws(DiagnosticError) -> Parsed<Framework> in
                run.text = text
                defer { run.text = nil }
                return try run.read(root: root, document: document)
            }
        }.get()
    }

    public func importFramework(contentsOf url: URL) throws(DiagnosticError) -> Parsed<Framework> {
        try importFramework(try InputFile.read(url), file: url.path)
    }

    /// The note for characters that XML cannot hold.
    static let controlRepair = "control characters that XML cannot hold, replaced with U+FFFD"
}

/// Reads files for importers, with a located error when that fails.
enum InputFile {
    static func read(_ url: URL) throws(DiagnosticError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DiagnosticError(exists ? .unreadable(url.path) : .noSuchFile(url.path))
        }
    }
}

private struct CASEImportRun {
    let file: String?
    var report = LossReport(domain: "case")
    var sourceMap = SourceMap()
    var language = ""
    /// The parsed text, while `read(root:document:)` runs.
    var text: UnsafeBufferPointer<UInt8>?

    /// `value` in compact form: copied from the text when it can be, else written.
    func compact(_ value: JSONValue) -> String {
        text.flatMap { JSONParser.compactText($0, at: value.offset) } ?? JSONWriter.compact(value)
    }

    struct Item {
        var json: JSONValue
        var identifier: String
        var uri: String?
        var id: String
        var parent: Int?
        var sequence: Int?
        var order: Int
        var children: [Int] = []
        var isDomain = false
    }

    var items: [Item] = []
    var itemByKey: [String: Int] = [:]
    var documentKeys: Set<String> = []
    var relations: [Int: [Relation]] = [:]
    var matches: [Int: [Match]] = [:]
    /// The `replaces` of items that replace items of earlier versions (outside the package).
    var lineage: [Int: [String]] = [:]
    var descriptors: [Int: [Descriptor]] = [:]
    var itemScale: [Int: Scale.ID] = [:]
    var scales: [Scale] = []
    /// The `isChildOf` association that placed each item, with its place in `CFAssociations`.
    var parentAssociation: [Int: (order: Int, value: JSONValue)] = [:]
    /// The items that became domains and competencies, in the order the exporter writes them.
    var written: [(index: Int, kind: String)] = []
    /// Associations the model has no place for, by the item they are kept with (-1: the framework).
    var kept: [Int: [(order: Int, value: JSONValue)]] = [:]

    init(file: String?) { self.file = file }

    func at(_ value: JSONValue) -> SourceLocation { value.location(file: file) }

    func text(_ value: String?) -> LocalizedText {
        guard let value, !value.isEmpty else { return LocalizedText() }
        return LocalizedText(value, language: language)
    }

    /// The text `value` in the package's language, with the other languages that `object`
    /// keeps for its member `field` (see `CASEExporter.translationsKey`).
    func text(_ value: String?, _ object: JSONValue?, field: String) -> LocalizedText {
        var result = text(value)
        guard let translations = object?["extensions"]?[CASEExporter.translationsKey] else { return result }
        for (other, fields) in translations.members where other != language {
            if let translated = fields[field]?.string { result.variants.append(LocalizedText.Variant(language: other, value: translated)) }
        }
        return result
    }

    // MARK: Package

    mutating func read(root: JSONValue, document: JSONValue) throws(DiagnosticError) -> Parsed<Framework> {
        language = document["language"]?.string ?? ""
        let documentIdentifier = document["identifier"]?.string ?? ""
        let (documentURI, frameworkID) = identity(
            identifier: documentIdentifier, uri: document["uri"]?.string, code: nil, kind: nil, value: document, prefix: "case-")
        documentKeys = [documentIdentifier]
        if let uri = document["uri"]?.string { documentKeys.insert(uri) }
        if let uri = document["CFPackageURI"]?.string { documentKeys.insert(uri) }
        var framework = Framework(id: Framework.ID(frameworkID), uri: documentURI)
        sourceMap.record(.framework(framework.id), at: at(document))
        framework.language = language.isEmpty ? nil : language
        framework.title = text(document["title"]?.string, document, field: "title")
        framework.description = text(document["description"]?.string, document, field: "description")
        framework.publisher = text(document["publisher"]?.string ?? document["creator"]?.string, document, field: "publisher")
        framework.version = document["version"]?.string
        if let status = document["adoptionStatus"]?.string {
            framework.status = CASEConvention.status(status)
            if framework.status == nil {
                report.loss("case-adoption-status", "adoption statuses that are not draft, adopted, deprecated or retired", at: at(document))
            }
        }
        if let start = document["statusStartDate"]?.string {
            framework.issued = ISODate(start.prefix(10))
        }
        readItems(root["CFItems"]?.array ?? [])
        let associations = (root["CFAssociations"]?.array ?? []).enumerated().map { ($0.offset, $0.element, associationType($0.element)) }
        readHierarchy(associations)
        readRubrics(root["CFRubrics"]?.array ?? [])
        readAssociations(associations)
        framework.scales = scales

        let roots = items.indices.filter { items[$0].parent == nil }.sorted { order($0, $1) }
        for (place, index) in roots.enumerated() {
            framework.domains.append(try domain(index, place: place, framework: framework.id.rawValue))
        }
        framework.repairVersion(format: "case", report: &report, at: at(document))
        // What the model has no field for stays with the framework, for the exporter.
        var extensions = framework.extensions
        CASESnapshot.set(CASESnapshot.node, compact(document), in: &extensions)
        CASESnapshot.set(CASESnapshot.digest, CASESnapshot.digest(framework), in: &extensions)
        if let definitions = root["CFDefinitions"] {
            CASESnapshot.set(CASESnapshot.definitions, JSONWriter.compact(definitions), in: &extensions)
        }
        if let rubrics = root["CFRubrics"] {
            CASESnapshot.set(CASESnapshot.rubrics, JSONWriter.compact(rubrics), in: &extensions)
            CASESnapshot.set(CASESnapshot.rubricsDigest, CASESnapshot.rubricsDigest(framework), in: &extensions)
        }
        let others = root.members.filter { !["CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"].contains($0.key) }
        if !others.isEmpty {
            let object = JSONWriter.Value.object(others.map { ($0.key, JSONWriter.Value($0.value)) })
            CASESnapshot.set(CASESnapshot.package, JSONWriter.compact(object), in: &extensions)
        }
        CASESnapshot.keep(associations: kept[-1] ?? [], in: &extensions)
        framework.extensions = extensions
        if mayPrune(framework, root: root, document: document) {
            CASESnapshot.prune(
                &framework,
                read: CASESnapshot.Read(document: document, items: root["CFItems"]?.array ?? [], associations: root["CFAssociations"]?.array ?? []))
        }
        return Parsed(value: framework, sourceMap: sourceMap, report: report)
    }

    /// Whether `CASESnapshot.prune` could drop anything from `framework`: false only when no
    /// object read could be written the same from the model alone (each has a member the
    /// exporter never writes: `CFDocumentURI`, say, as in most packages that other tools
    /// write) and neither the items nor the associations can stand in the order the exporter
    /// writes them. The prune exports the whole framework to compare; a package that
    /// CompetencyKit did not write is spared that.
    func mayPrune(_ framework: Framework, root: JSONValue, document: JSONValue) -> Bool {
        func within(_ value: JSONValue, _ members: Set<String>) -> Bool { value.members.allSatisfy { members.contains($0.key) } }
        if root["CFRubrics"] != nil || within(document, CASEExporter.documentMembers) { return true }
        if let definitions = root["CFDefinitions"], definitions.members.allSatisfy({ $0.key == "CFAssociationGroupings" }) { return true }
        if items.contains(where: { within($0.json, CASEExporter.itemMembers) }) { return true }
        let associations = root["CFAssociations"]?.array ?? []
        if associations.contains(where: { within($0, CASEExporter.associationMembers) }) { return true }
        // The places are dropped when the identifiers read are, place by place, those the
        // exporter writes: for the items, those it computes in the order it writes them; for
        // the associations, numbers from 1, so the first must be there.
        let fid = framework.id.rawValue
        let read = written.map(\.index).sorted { items[$0].order < items[$1].order }
        if zip(read, written).allSatisfy({ readIndex, entry in
            let item = items[entry.index]
            return items[readIndex].identifier == CASEConvention.identifier(uri: item.uri, framework: fid, kind: entry.kind, id: item.id)
        }) {
            return true
        }
        let association = CASEExporter.associationIdentifier(framework: fid, number: 1)
        return associations.contains { $0["identifier"]?.string == association }
    }

    func order(_ lhs: Int, _ rhs: Int) -> Bool {
        (items[lhs].sequence ?? Int.max, items[lhs].order) < (items[rhs].sequence ?? Int.max, items[rhs].order)
    }

    /// The native URI and ID of an entity: a CompetencyKit URN gives the ID back; a URI that
    /// only repeats the identifier is repaired; otherwise the ID comes from the human code or
    /// the identifier.
    mutating func identity(
        identifier: String, uri: String?, code: String?, kind: String?, value: JSONValue, prefix: String
    ) -> (uri: String?, id: String) {
        if let uri, let parsed = CASEConvention.parse(uri) {
            if kind == nil, parsed.kind == nil { return (nil, parsed.framework) }
            if let kind, parsed.kind == kind, let id = parsed.id { return (nil, id) }
        }
        var uri = uri
        if let given = uri, given == identifier || !given.utf8.contains(UInt8(ascii: ":")) {
            report.fixUp(
                "case-uri-repeats-identifier", "URIs that only repeat the identifier; the identifier is kept as the URI",
                at: at(value))
            uri = nil
        }
        if uri == nil, !identifier.isEmpty {
            uri = NameBasedUUID.isCASEUUID(identifier.lowercased()) ? "urn:uuid:\(identifier.lowercased())" : (identifier.utf8.contains(UInt8(ascii: ":")) ? identifier : nil)
        }
        if let code, IdentifierSyntax.isValidToken(code) { return (uri, code) }
        if let last = CASEConvention.lastSegment(uri) { return (uri, last) }
        let tail = identifier.split(separator: "/").last.map(String.init) ?? identifier
        return (uri, Text.token(tail.isEmpty ? "item" : tail, prefix: prefix))
    }

    // MARK: Items

    mutating func readItems(_ values: [JSONValue]) {
        var allocator = IDAllocator()
        for (order, value) in values.enumerated() {
            guard value.isObject else {
                report.loss("case-malformed-item", "CFItems that are not objects", at: at(value))
                continue
            }
            guard let identifier = value["identifier"]?.string else {
                report.loss("case-item-without-identifier", "CFItems without an identifier", at: at(value))
                continue
            }
            let type = value["CFItemType"]?.string
            let (uri, preferred) = identity(
                identifier: identifier, uri: value["uri"]?.string, code: value["humanCodingScheme"]?.string,
                kind: type == "Domain" ? "domain" : "competency", value: value, prefix: "i-")
            let index = items.count
            items.append(Item(json: value, identifier: identifier, uri: uri, id: allocator.claim(preferred), order: order))
            itemByKey[identifier] = index
            itemByKey[identifier.lowercased()] = index
            if let uri = value["uri"]?.string { itemByKey[uri] = index }
            if let uri { itemByKey[uri] = index }
        }
    }

    func lookup(_ link: JSONValue?, identifier: JSONValue?) -> (index: Int?, isDocument: Bool, uri: String?) {
        let keys = [identifier?.string, link?["identifier"]?.string, link?["uri"]?.string, link?.string].compactMap { $0 }
        for key in keys {
            if let index = itemByKey[key] ?? itemByKey[key.lowercased()] { return (index, false, nil) }
            if documentKeys.contains(key) { return (nil, true, nil) }
        }
        return (nil, false, link?["uri"]?.string ?? link?.string ?? identifier?.string ?? link?["identifier"]?.string)
    }

    mutating func associationType(_ value: JSONValue) -> String? {
        guard let raw = value["associationType"]?.string else { return nil }
        let known = ["isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo", "replacedBy", "exemplar", "hasSkillLevel"]
        if known.contains(raw) { return raw }
        let lowered = raw.lowercased()
        if let fixed = known.first(where: { $0.lowercased() == lowered || $0.lowercased() == "is" + lowered }) {
            report.fixUp(
                "case-association-type-spelling", "association types spelled without their 'is' prefix or in another case",
                at: at(value["associationType"] ?? value))
            return fixed
        }
        return raw
    }

    /// Keeps an association the model has no place for with the item at its origin, else at
    /// its destination, else with the framework.
    mutating func keep(_ value: JSONValue, order: Int, origin: Int?, destination: Int?) {
        kept[origin ?? destination ?? -1, default: []].append((order, value))
    }

    mutating func readHierarchy(_ associations: [(Int, JSONValue, String?)]) {
        for (number, value, type) in associations where type == "isChildOf" {
            let child = lookup(value["originNodeURI"], identifier: value["originNodeIdentifier"])
            let parent = lookup(value["destinationNodeURI"], identifier: value["destinationNodeIdentifier"])
            guard let childIndex = child.index else {
                keep(value, order: number, origin: nil, destination: parent.index)
                continue
            }
            if items[childIndex].parent != nil || items[childIndex].isDomain {
                // A second parent: a CASE item may have several, a competency has one.
                keep(value, order: number, origin: childIndex, destination: nil)
                continue
            }
            var sequence: Int?
            if let number = value["sequenceNumber"] {
                sequence = number.int
                if case .string = number.kind, sequence != nil {
                    report.fixUp("case-sequence-number-as-text", "sequence numbers written as text", at: at(number))
                }
            }
            if parent.isDocument {
                items[childIndex].isDomain = true
                items[childIndex].sequence = sequence
            } else if let parentIndex = parent.index {
                // Refuse a link that would close a cycle.
                var cursor: Int? = parentIndex
                var cycle = false
                while let current = cursor {
                    if current == childIndex {
                        cycle = true
                        break
                    }
                    cursor = items[current].parent
                }
                if cycle {
                    report.loss("case-hierarchy-cycle", "isChildOf links that close a cycle: kept as written, not as nesting", at: at(value))
                    keep(value, order: number, origin: childIndex, destination: nil)
                    continue
                }
                items[childIndex].parent = parentIndex
                items[childIndex].sequence = sequence
                items[parentIndex].children.append(childIndex)
            } else {
                // A parent outside the package: the item stays at the top, the link is kept.
                keep(value, order: number, origin: childIndex, destination: nil)
                continue
            }
            parentAssociation[childIndex] = (number, value)
        }
    }

    mutating func readAssociations(_ associations: [(Int, JSONValue, String?)]) {
        for (number, value, type) in associations {
            guard type != "isChildOf" else { continue }
            guard let type else {
                keep(value, order: number, origin: nil, destination: nil)
                continue
            }
            let origin = lookup(value["originNodeURI"], identifier: value["originNodeIdentifier"])
            let destination = lookup(value["destinationNodeURI"], identifier: value["destinationNodeIdentifier"])
            let grouping = CASEConvention.Grouping.allCases.first { grouping in
                let link = value["CFAssociationGroupingURI"]
                return link?["uri"]?.string == grouping.uri || link?["identifier"]?.string == grouping.identifier
            }
            // Top-level items become domains, which hold no relations or matches: their
            // associations are kept with them instead.
            func isNested(_ index: Int?) -> Bool { index.map { items[$0].parent != nil } ?? false }
            func snapshot(_ digest: String) -> Extensions {
                var extensions = Extensions()
                CASESnapshot.set(CASESnapshot.association, compact(value), in: &extensions)
                CASESnapshot.set(CASESnapshot.order, String(number), in: &extensions)
                CASESnapshot.set(CASESnapshot.digest, digest, in: &extensions)
                return extensions
            }
            func relation(_ owner: Int?, _ kind: Relation.Kind, _ target: Int?) -> Bool {
                guard let owner, let target, isNested(owner), isNested(target) else { return false }
                var relation = Relation(type: kind, target: Competency.ID(items[target].id))
                relation.extensions = snapshot(CASESnapshot.digest(relation))
                relations[owner, default: []].append(relation)
                return true
            }
            func match(_ owner: Int?, _ kind: Match.Kind, _ uri: String) -> Bool {
                guard let owner, isNested(owner) else { return false }
                var match = Match(type: kind, uri: uri)
                match.extensions = snapshot(CASESnapshot.digest(match))
                matches[owner, default: []].append(match)
                return true
            }
            var carried = false
            switch type {
            case "precedes":
                carried = relation(destination.index, .requires, origin.index)
            case "isRelatedTo":
                if destination.index != nil {
                    let kind: Relation.Kind = grouping == .broader ? .broader : grouping == .narrower ? .narrower : .related
                    carried = relation(origin.index, kind, destination.index)
                } else if let uri = destination.uri {
                    let kind: Match.Kind =
                        switch grouping {
                        case .closeMatch: .close
                        case .broadMatch: .broad
                        case .narrowMatch: .narrow
                        default: .related
                        }
                    carried = match(origin.index, kind, uri)
                }
            case "exactMatchOf":
                if let target = destination.index, let uri = items[target].uri {
                    carried = match(origin.index, .exact, uri)
                } else if let uri = destination.uri {
                    carried = match(origin.index, .exact, uri)
                }
            case "replacedBy":
                if origin.index == nil, !origin.isDocument, let successor = destination.index, let old = origin.uri,
                    let id = CASEConvention.lineageID(old)
                {
                    // An item of an earlier version, replaced by one of this package: lineage.
                    lineage[successor, default: []].append(id)
                    carried = true
                } else {
                    carried =
                        grouping == .replaces
                        ? relation(destination.index, .replaces, origin.index) : relation(origin.index, .replacedBy, destination.index)
                }
            default:
                // exemplar, isPeerOf, isPartOf, hasSkillLevel: no native relation.
                break
            }
            if !carried { keep(value, order: number, origin: origin.index, destination: destination.index) }
        }
    }

    // MARK: Rubrics

    mutating func readRubrics(_ rubrics: [JSONValue]) {
        var levelIDs = IDAllocator()
        for (number, rubric) in rubrics.enumerated() {
            let criteria = rubric["CFRubricCriteria"]?.array ?? []
            let marks = [CASEConvention.defaultLevelCategory, CASEConvention.proficientLevelCategory]
            let definitions = criteria.filter { $0["CFItemURI"] == nil && !marks.contains($0["category"]?.string ?? "") }
            let (uri, preferred) = identity(
                identifier: rubric["identifier"]?.string ?? "", uri: rubric["uri"]?.string, code: nil, kind: "scale",
                value: rubric, prefix: "scale-")
            var scale = Scale(
                id: Scale.ID(rubric["uri"]?.string.flatMap { CASEConvention.parse($0)?.id } ?? (number == 0 && preferred.isEmpty ? "scale" : preferred)),
                uri: uri, title: text(rubric["title"]?.string, rubric, field: "title"),
                description: text(rubric["description"]?.string, rubric, field: "description"))
            sourceMap.record(.scale(scale.id), at: at(rubric))
            var levels: [Level] = []
            func addLevel(_ value: JSONValue, band: String?) {
                let rank = value["position"]?.int ?? value["score"]?.int ?? levels.count + 1
                let (levelURI, preferred) = identity(
                    identifier: value["identifier"]?.string ?? "", uri: value["uri"]?.string, code: nil, kind: "level",
                    value: value, prefix: "L")
                let id = value["uri"]?.string.flatMap { CASEConvention.parse($0)?.id }
                    ?? levelIDs.claim(value["quality"]?.string.map { Text.token($0, prefix: "L") } ?? preferred)
                var level = Level(
                    id: Level.ID(id), uri: levelURI, rank: rank, band: band.map { Band.ID($0) },
                    label: text(value["quality"]?.string, value, field: "quality"),
                    description: text(value["description"]?.string, value, field: "description"))
                if levels.contains(where: { $0.rank == rank }) { level.rank = (levels.map(\.rank).max() ?? 0) + 1 }
                levels.append(level)
                sourceMap.record(.level(scale.id, level.id), at: at(value))
            }
            for criterion in definitions {
                for value in criterion["CFRubricCriterionLevels"]?.array ?? [] { addLevel(value, band: criterion["category"]?.string) }
            }
            if definitions.isEmpty {
                // A rubric of another system: its levels are the distinct positions of its criteria.
                for criterion in criteria {
                    for value in criterion["CFRubricCriterionLevels"]?.array ?? [] {
                        let rank = value["position"]?.int ?? value["score"]?.int
                        if !levels.contains(where: { $0.rank == rank || ($0.label[language] != nil && $0.label[language] == value["quality"]?.string) }) {
                            addLevel(value, band: nil)
                        }
                    }
                }
            }
            levels.sort { $0.rank < $1.rank }
            scale.levels = levels
            for criterion in criteria where criterion["CFItemURI"] == nil {
                let category = criterion["category"]?.string ?? ""
                guard marks.contains(category), let value = criterion["CFRubricCriterionLevels"]?.array?.first else { continue }
                let uri = value["uri"]?.string
                let rank = value["position"]?.int
                guard let level = levels.first(where: { level in
                    uri != nil && (level.uri == uri || CASEConvention.parse(uri ?? "")?.id == level.id.rawValue)
                }) ?? levels.first(where: { $0.rank == rank }) else {
                    continue
                }
                if category == CASEConvention.defaultLevelCategory { scale.defaultLevel = level.id } else { scale.proficientLevel = level.id }
            }
            scales.append(scale)
            for criterion in criteria where criterion["CFItemURI"] != nil {
                // Criteria of items outside the package, or of top-level items, stay in the
                // kept CFRubrics only.
                guard let owner = lookup(criterion["CFItemURI"], identifier: nil).index, items[owner].parent != nil else { continue }
                if number > 0 { itemScale[owner] = scale.id }
                let aspect = criterion["category"]?.string ?? "descriptor"
                for value in criterion["CFRubricCriterionLevels"]?.array ?? [] {
                    let rank = value["position"]?.int ?? value["score"]?.int
                    guard
                        let level = levels.first(where: { $0.rank == rank })
                            ?? levels.first(where: { value["quality"]?.string != nil && $0.label[language] == value["quality"]?.string })
                    else { continue }
                    let body = text(value["description"]?.string, value, field: "description")
                    var list = descriptors[owner] ?? []
                    let existing = list.firstIndex { $0.level == level.id }
                    switch aspect {
                    case "knowledge", "skill", "attitude", "example":
                        let target = existing ?? {
                            list.append(Descriptor(level: level.id))
                            return list.count - 1
                        }()
                        switch aspect {
                        case "knowledge": list[target].knowledge.append(body)
                        case "skill": list[target].skills.append(body)
                        case "attitude": list[target].attitudes.append(body)
                        default: list[target].examples.append(body)
                        }
                    default:
                        if let existing, list[existing].text.isEmpty {
                            list[existing].text = body
                        } else {
                            list.append(Descriptor(level: level.id, text: body))
                        }
                    }
                    descriptors[owner] = list
                }
            }
        }
    }

    // MARK: Building

    mutating func domain(_ index: Int, place: Int, framework: String) throws(DiagnosticError) -> Domain {
        let item = items[index]
        written.append((index, "domain"))
        let json = item.json
        let full = statement(json)
        var domain = Domain(
            id: Domain.ID(item.id), uri: item.uri, code: json["humanCodingScheme"]?.string,
            replaces: (lineage[index] ?? []).map { Domain.ID($0) }, title: text(full, json, field: "fullStatement"),
            description: text(json["notes"]?.string, json, field: "notes"))
        sourceMap.record(.domain(domain.id), at: at(json))
        for (place, child) in items[index].children.sorted(by: { order($0, $1) }).enumerated() {
            domain.competencies.append(try competency(child, depth: 1, place: place, parent: domain.id.rawValue))
        }
        snapshot(index, digest: CASESnapshot.digest(domain), id: domain.id.rawValue, uri: domain.uri, place: CASESnapshot.place(parent: framework, index: place), into: &domain.extensions)
        return domain
    }

    /// Keeps item `index`'s CASE object, place, identity, digest, parent link and the
    /// associations kept with it in `extensions`.
    mutating func snapshot(_ index: Int, digest: String, id: String, uri: String?, place: String, into extensions: inout Extensions) {
        CASESnapshot.set(CASESnapshot.node, compact(items[index].json), in: &extensions)
        CASESnapshot.set(CASESnapshot.order, String(items[index].order), in: &extensions)
        CASESnapshot.set(CASESnapshot.identity, CASESnapshot.identity(id: id, uri: uri), in: &extensions)
        CASESnapshot.set(CASESnapshot.digest, digest, in: &extensions)
        if let parent = parentAssociation[index] {
            // `[place,association]`, as `JSONWriter.compact` writes that array.
            CASESnapshot.set(CASESnapshot.parent, "[\(parent.order)," + compact(parent.value) + "]", in: &extensions)
            CASESnapshot.set(CASESnapshot.parentDigest, place, in: &extensions)
        }
        var kept = self.kept[index] ?? []
        if items[index].parent == nil {
            // Relations and matches of a top-level item were not made: keep their associations.
            kept += (relations[index] ?? []).flatMap { Self.association(in: $0.extensions) }
            kept += (matches[index] ?? []).flatMap { Self.association(in: $0.extensions) }
        }
        CASESnapshot.keep(associations: kept.sorted { $0.order < $1.order }, in: &extensions)
    }

    static func association(in extensions: Extensions) -> [(order: Int, value: JSONValue)] {
        guard let text = CASESnapshot.attribute(CASESnapshot.association, in: extensions),
            let value = try? JSONParser.parse(Data(text.utf8), file: nil), let order = CASESnapshot.order(in: extensions)
        else { return [] }
        return [(order, value)]
    }

    mutating func competency(_ index: Int, depth: Int, place: Int, parent: String) throws(DiagnosticError) -> Competency {
        let item = items[index]
        written.append((index, "competency"))
        let json = item.json
        let full = statement(json)
        let abbreviated = json["abbreviatedStatement"]?.string
        var competency = Competency(
            id: Competency.ID(item.id), uri: item.uri, code: json["humanCodingScheme"]?.string,
            title: text(abbreviated ?? full, json, field: abbreviated != nil ? "abbreviatedStatement" : "fullStatement"),
            statement: abbreviated != nil ? text(full, json, field: "fullStatement") : LocalizedText(),
            description: text(json["notes"]?.string, json, field: "notes"))
        sourceMap.record(.competency(competency.id), at: at(json))
        if let status = json["adoptionStatus"]?.string { competency.status = CASEConvention.status(status) }
        competency.scale = itemScale[index]
        // Education levels that name no level of a scale (grades) stay in the kept item.
        if let levels = json["educationLevel"]?.array?.compactMap(\.string), !levels.isEmpty {
            let known = Set(scales.flatMap { $0.levels.map(\.id.rawValue) })
            if levels.allSatisfy(known.contains) { competency.levels = levels.map { Level.ID($0) } }
        }
        competency.descriptors = descriptors[index] ?? []
        competency.relations = relations[index] ?? []
        competency.replaces = (lineage[index] ?? []).map { Competency.ID($0) }
        competency.matches = matches[index] ?? []
        for (childPlace, child) in items[index].children.sorted(by: { order($0, $1) }).enumerated() {
            guard depth < Competency.maxNestingDepth else {
                throw DiagnosticError.tooDeep(at: sourceMap.location(of: .competency(competency.id)))
            }
            competency.children.append(try self.competency(child, depth: depth + 1, place: childPlace, parent: competency.id.rawValue))
        }
        snapshot(
            index, digest: CASESnapshot.digest(competency), id: competency.id.rawValue, uri: competency.uri,
            place: CASESnapshot.place(parent: parent, index: place), into: &competency.extensions)
        return competency
    }

    /// The full statement, repaired from the abbreviated statement or alternative label.
    mutating func statement(_ json: JSONValue) -> String? {
        if let full = json["fullStatement"]?.string { return full }
        if let fallback = json["abbreviatedStatement"]?.string ?? json["alternativeLabel"]?.string {
            report.fixUp(
                "case-missing-full-statement", "items without a fullStatement, filled from abbreviatedStatement or alternativeLabel",
                at: at(json))
            return fallback
        }
        return nil
    }
}
