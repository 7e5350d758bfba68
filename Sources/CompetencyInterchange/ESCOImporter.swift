public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// Reads ESCO v1.2 CSV files (the official download) into a framework.
///
/// Each file is recognised from its header, so any subset can be given:
/// - `skillsHierarchy_*.csv`: level 0 becomes domains, levels 1–3 nested competencies;
/// - `skillGroups_*.csv`: descriptions of the skill groups;
/// - `skills_*.csv` and the skill collections: skills, under their broader concept;
/// - `broaderRelationsSkillPillar_*.csv`: where skills sit;
/// - `skillSkillRelations_*.csv`: essential → `requires`, optional → `related`;
/// - `occupations_*.csv`: positions, with the ISCO group as the family;
/// - `broaderRelationsOccPillar_*.csv`: a narrower occupation `extends` its broader one;
/// - `occupationSkillRelations_*.csv`: requirements (essential or optional) at the
///   proficient level of a one-level scale `esco`.
/// What has no place (alternative labels, scope notes, ISCO group titles…) is reported.
public struct ESCOImporter: Sendable {
    public init() {}

    public func importFramework(contentsOf urls: [URL]) throws(DiagnosticError) -> Parsed<Framework> {
        var files: [(data: Data, file: String?)] = []
        for url in urls { files.append((try InputFile.read(url), url.path)) }
        return try importFramework(files)
    }

    public func importFramework(_ files: [(data: Data, file: String?)]) throws(DiagnosticError) -> Parsed<Framework> {
        var tables: [CSVTable] = []
        for file in files { tables.append(try CSVReader.read(file.data, file: file.file)) }
        var run = ESCOImportRun()
        return try run.read(tables)
    }

    /// Whether a CSV header looks like one of ESCO's files.
    static func recognises(_ header: [String]) -> Bool {
        header.contains("Level 0 URI") || header.contains("originalSkillUri") || header.contains("occupationUri")
            || (header.contains("conceptUri") && header.contains("conceptType"))
    }
}

private struct ESCOImportRun {
    var report = LossReport(domain: "esco")
    var sourceMap = SourceMap()
    var language = ""

    struct Node {
        var uri: String
        var id: String
        var code: String?
        var title: String
        var description: String?
        var parent: String?
        var isDomain: Bool
        var location: SourceLocation
        /// The places of the children in ``ESCOImportRun/nodes``.
        var children: [Int] = []
        var relations: [Relation] = []
    }

    /// The concepts in the order they were read, and where each URI stands among them.
    var nodes: [Node] = []
    var nodeIndex: [String: Int] = [:]
    var competencyIDs = IDAllocator()
    var domainIDs = IDAllocator()

    mutating func read(_ tables: [CSVTable]) throws(DiagnosticError) -> Parsed<Framework> {
        var framework = Framework(id: "esco", title: LocalizedText("ESCO classification", language: "en"))
        for table in tables {
            table.reportRepairs(into: &report, prefix: "esco")
            if let file = table.file, let range = file.range(of: #"_([a-z]{2,3})\.csv$"#, options: .regularExpression) {
                language = String(file[range].dropFirst().dropLast(4))
            }
        }
        framework.language = language.isEmpty ? nil : language
        framework.title = LocalizedText("ESCO classification", language: language)
        framework.publisher = LocalizedText("European Commission", language: language)
        func kind(_ table: CSVTable) -> String {
            let header = table.header
            if header.contains("Level 0 URI") { return "hierarchy" }
            if header.contains("originalSkillUri") { return "skill-relations" }
            if header.contains("occupationUri") { return "occupation-skills" }
            if header.contains("broaderUri") { return "broader" }
            if header.contains("iscoGroup") { return "occupations" }
            let type = table.rows.first?.value(table.column("conceptType"))
            if type == "SkillGroup" { return "skill-groups" }
            if type == "ISCOGroup" { return "isco-groups" }
            if type == "KnowledgeSkillCompetence" { return "skills" }
            return "unknown"
        }
        let kinds = tables.map(kind)
        for (table, kind) in zip(tables, kinds) where kind == "unknown" {
            throw DiagnosticError(
                "esco-unknown-file", "this CSV file is not one of ESCO's: its header (\(table.header.prefix(4).joined(separator: ", "))…) matches none",
                at: SourceLocation(file: table.file, line: 1, column: 1))
        }
        let concepts = zip(tables, kinds).filter { ["hierarchy", "skill-groups", "skills"].contains($0.1) }.reduce(0) { $0 + $1.0.rows.count }
        nodes.reserveCapacity(concepts)
        nodeIndex.reserveCapacity(concepts)
        // Order matters: groups, then skills, then placements, relations and occupations.
        for (table, kind) in zip(tables, kinds) where kind == "hierarchy" { readHierarchy(table) }
        for (table, kind) in zip(tables, kinds) where kind == "skill-groups" { readSkillGroups(table) }
        for (table, kind) in zip(tables, kinds) where kind == "skills" { readSkills(table) }
        for (table, kind) in zip(tables, kinds) where kind == "broader" { placeSkills(table) }
        for (table, kind) in zip(tables, kinds) where kind == "skill-relations" { readSkillRelations(table) }
        var positions: [Position] = []
        var positionIndex: [String: Int] = [:]
        for (table, kind) in zip(tables, kinds) where kind == "occupations" { readOccupations(table, into: &positions, index: &positionIndex) }
        for (table, kind) in zip(tables, kinds) where kind == "broader" { extendOccupations(table, positions: &positions, index: positionIndex) }
        for (table, kind) in zip(tables, kinds) where kind == "isco-groups" {
            report.loss(
                "esco-isco-group", "ISCO groups: a position keeps its group code as its family, not the group's title or place",
                at: table.rows.first.map { table.location($0) }, count: table.rows.count)
        }
        for (table, kind) in zip(tables, kinds) where kind == "occupation-skills" {
            if framework.scales.isEmpty {
                framework.scales = [
                    Scale(
                        id: "esco", defaultLevel: nil, proficientLevel: "proficient", title: LocalizedText("ESCO", language: language),
                        levels: [Level(id: "proficient", rank: 1, label: LocalizedText("proficient", language: language))])
                ]
            }
            readOccupationSkills(table, positions: &positions, index: positionIndex)
        }
        framework.positions = positions

        // The tree.
        var loose: [Competency] = []
        for (index, node) in nodes.enumerated() {
            guard node.parent == nil || nodeIndex[node.parent ?? ""] == nil else { continue }
            if node.isDomain {
                framework.domains.append(domain(index))
            } else {
                loose.append(competency(index))
            }
        }
        if !loose.isEmpty {
            let id = domainIDs.claim("skills")
            framework.domains.append(Domain(id: Domain.ID(id), title: LocalizedText("skills outside the hierarchy", language: language), competencies: loose))
            report.fixUp(
                "esco-unplaced-skill", "skills whose broader concept was not among the files given; they are gathered in one domain",
                count: loose.count)
        }
        return Parsed(value: framework, sourceMap: sourceMap, report: report)
    }

    mutating func add(_ node: Node) {
        if let parent = node.parent, let index = nodeIndex[parent] { nodes[index].children.append(nodes.count) }
        nodeIndex[node.uri] = nodes.count
        nodes.append(node)
    }

    mutating func readHierarchy(_ table: CSVTable) {
        let description = table.column("Description")
        let scope = table.column("Scope note")
        for row in table.rows {
            guard let depth = (0...3).last(where: { row.value(table.column("Level \($0) URI")) != nil }),
                let uri = row.value(table.column("Level \(depth) URI"))
            else { continue }
            let code = row.value(table.column("Level \(depth) code"))
            let isDomain = depth == 0
            let preferred = code.map { Text.token($0, prefix: "s-") } ?? MedBiq.id(fromURI: uri, prefix: "s-")
            let id = isDomain ? domainIDs.claim(preferred) : competencyIDs.claim(preferred)
            if nodeIndex[uri] != nil {
                report.fixUp("esco-duplicate-concept", "concepts listed twice; the second row is ignored", at: table.location(row))
                continue
            }
            add(
                Node(
                    uri: uri, id: id, code: code, title: row.value(table.column("Level \(depth) preferred term")) ?? "",
                    description: row.value(description), parent: depth > 0 ? row.value(table.column("Level \(depth - 1) URI")) : nil,
                    isDomain: isDomain, location: table.location(row)))
            if row.value(scope) != nil { report.loss("esco-scope-note", "scope notes", at: table.location(row)) }
        }
    }

    mutating func readSkillGroups(_ table: CSVTable) {
        let labels = Self.labelColumns(of: table)
        for row in table.rows {
            guard let uri = row.value(table.column("conceptUri")) else { continue }
            if let index = nodeIndex[uri] {
                if nodes[index].description == nil { nodes[index].description = row.value(table.column("description")) }
            } else {
                let code = row.value(table.column("code"))
                let preferred = code.map { Text.token($0, prefix: "s-") } ?? MedBiq.id(fromURI: uri, prefix: "s-")
                add(
                    Node(
                        uri: uri, id: competencyIDs.claim(preferred), code: code, title: row.value(table.column("preferredLabel")) ?? "",
                        description: row.value(table.column("description")), parent: nil, isDomain: false, location: table.location(row)))
            }
            reportLabels(labels, row, at: table.location(row))
        }
    }

    /// The columns whose content has no place, with the kind and words of their loss.
    static let labelColumns = [
        ("altLabels", "esco-alt-labels", "alternative labels"), ("hiddenLabels", "esco-hidden-labels", "hidden labels"),
        ("scopeNote", "esco-scope-note", "scope notes"), ("regulatedProfessionNote", "esco-regulated-profession-note", "regulated profession notes"),
        ("skillType", "esco-skill-type", "skill types (skill/competence or knowledge)"), ("reuseLevel", "esco-reuse-level", "reuse levels"),
    ]

    /// The columns of ``labelColumns`` that `table` has, with their kinds and what they hold.
    static func labelColumns(of table: CSVTable) -> [(column: Int, kind: String, what: String)] {
        labelColumns.compactMap { name, kind, what in table.column(name).map { ($0, kind, what) } }
    }

    mutating func reportLabels(_ columns: [(column: Int, kind: String, what: String)], _ row: CSVTable.Row, at location: SourceLocation) {
        for (column, kind, what) in columns where row.value(column) != nil {
            report.loss(kind, what, at: location)
        }
    }

    mutating func readSkills(_ table: CSVTable) {
        // Columns found once for the table, not once a row.
        let uriColumn = table.column("conceptUri")
        let broaderColumn = table.column("broaderConceptUri")
        let labelColumn = table.column("preferredLabel")
        let descriptionColumn = table.column("description")
        let labels = Self.labelColumns(of: table)
        for row in table.rows {
            guard let uri = row.value(uriColumn), nodeIndex[uri] == nil else { continue }
            let location = table.location(row)
            let broader = Self.broaderURIs(row.value(broaderColumn))
            let parent = broader.first { nodeIndex[$0] != nil }
            if broader.count > 1, parent != nil {
                report.loss("esco-extra-broader", "second broader concepts of a skill: a competency has one parent", at: location)
            }
            add(
                Node(
                    uri: uri, id: competencyIDs.claim(MedBiq.id(fromURI: uri, prefix: "s-")), code: nil,
                    title: row.value(labelColumn) ?? "", description: row.value(descriptionColumn),
                    parent: parent ?? broader.first, isDomain: false, location: location))
            reportLabels(labels, row, at: location)
        }
    }

    /// The URIs of a `broaderConceptUri` field, separated by `|`. A field without `|` is
    /// one URI, already trimmed by the reader.
    static func broaderURIs(_ field: String?) -> [String] {
        guard let field else { return [] }
        guard field.utf8.contains(UInt8(ascii: "|")) else { return [field] }
        return field.split(separator: "|", omittingEmptySubsequences: false).map { Text.trimmedOfWhitespace(String($0)) }.filter { !$0.isEmpty }
    }

    /// Where skills sit (the skill pillar's broader relations).
    mutating func placeSkills(_ table: CSVTable) {
        for row in table.rows {
            guard let uri = row.value(table.column("conceptUri")), let broader = row.value(table.column("broaderUri")) else { continue }
            let concept = row.value(table.column("conceptType")) ?? ""
            if concept == "ISCOGroup" {
                report.loss("esco-isco-hierarchy", "the ISCO group hierarchy", at: table.location(row))
            }
            guard concept != "Occupation", concept != "ISCOGroup", let narrower = nodeIndex[uri], let target = nodeIndex[broader] else { continue }
            if let parent = nodes[narrower].parent, nodeIndex[parent] != nil {
                if parent != broader {
                    report.loss("esco-extra-broader", "second broader concepts of a skill: a competency has one parent", at: table.location(row))
                }
                continue
            }
            nodes[narrower].parent = broader
            nodes[target].children.append(narrower)
        }
    }

    /// A narrower occupation extends its broader occupation.
    mutating func extendOccupations(_ table: CSVTable, positions: inout [Position], index: [String: Int]) {
        for row in table.rows {
            guard row.value(table.column("conceptType")) == "Occupation", row.value(table.column("broaderType")) == "Occupation",
                let uri = row.value(table.column("conceptUri")), let broader = row.value(table.column("broaderUri")),
                let narrower = index[uri], let target = index[broader]
            else { continue }
            if positions[narrower].extends == nil {
                positions[narrower].extends = positions[target].id
            } else {
                report.loss("esco-extra-broader-occupation", "second broader occupations", at: table.location(row))
            }
        }
    }

    mutating func readSkillRelations(_ table: CSVTable) {
        let fromColumn = table.column("originalSkillUri")
        let toColumn = table.column("relatedSkillUri")
        let typeColumn = table.column("relationType")
        for row in table.rows {
            guard let from = row.value(fromColumn), let to = row.value(toColumn),
                let target = nodeIndex[to].map({ nodes[$0].id }), let source = nodeIndex[from]
            else {
                report.loss(
                    "esco-skill-relation-outside", "skill–skill relations naming skills that are not among the files given",
                    at: table.rows.isEmpty ? nil : table.location(row))
                continue
            }
            let type: Relation.Kind = row.value(typeColumn) == "essential" ? .requires : .related
            nodes[source].relations.append(Relation(type: type, target: Competency.ID(target)))
        }
    }

    mutating func readOccupations(_ table: CSVTable, into positions: inout [Position], index: inout [String: Int]) {
        var ids = IDAllocator()
        let labels = Self.labelColumns(of: table)
        for row in table.rows {
            guard let uri = row.value(table.column("conceptUri")), index[uri] == nil else { continue }
            let code = row.value(table.column("code"))
            let id = ids.claim(code.map { Text.token($0, prefix: "occ-") } ?? MedBiq.id(fromURI: uri, prefix: "occ-"))
            var description = LocalizedText()
            if let text = row.value(table.column("description")) ?? row.value(table.column("definition")) {
                description = LocalizedText(text, language: language)
            }
            if row.value(table.column("description")) != nil, row.value(table.column("definition")) != nil {
                report.loss("esco-definition", "occupation definitions beside their description", at: table.location(row))
            }
            // A family is a token; the ISCO code (`2654`) becomes `isco-2654`, the code itself kept.
            let group = row.value(table.column("iscoGroup"))
            var position = Position(
                id: Position.ID(id), uri: uri, family: group.map { Text.token($0, prefix: "isco-") },
                title: LocalizedText(row.value(table.column("preferredLabel")) ?? "", language: language), description: description)
            if let group, position.family != group { SourceExtension.set("iscoGroup", group, of: "esco", in: &position.extensions) }
            index[uri] = positions.count
            positions.append(position)
            sourceMap.record(.position(position.id), at: table.location(row))
            reportLabels(labels, row, at: table.location(row))
        }
    }

    mutating func readOccupationSkills(_ table: CSVTable, positions: inout [Position], index: [String: Int]) {
        for row in table.rows {
            guard let occupation = row.value(table.column("occupationUri")), let position = index[occupation],
                let skill = row.value(table.column("skillUri")), let competency = nodeIndex[skill].map({ nodes[$0] }), !competency.isDomain
            else {
                report.loss(
                    "esco-occupation-skill-outside", "occupation–skill relations naming occupations or skills that are not among the files given",
                    at: table.location(row))
                continue
            }
            let importance: Requirement.Importance = row.value(table.column("relationType")) == "optional" ? .optional : .essential
            positions[position].requirements.append(
                Requirement(.competency(Competency.ID(competency.id)), level: "proficient", importance: importance))
        }
    }

    mutating func domain(_ index: Int) -> Domain {
        let node = nodes[index]
        var domain = Domain(
            id: Domain.ID(node.id), uri: node.uri, code: node.code, title: LocalizedText(node.title, language: language),
            description: node.description.map { LocalizedText($0, language: language) } ?? LocalizedText())
        sourceMap.record(.domain(domain.id), at: node.location)
        if !node.relations.isEmpty { report.loss("esco-domain-relation", "relations of top-level skill groups", at: node.location) }
        domain.competencies = node.children.map { competency($0) }
        return domain
    }

    mutating func competency(_ index: Int) -> Competency {
        let node = nodes[index]
        var competency = Competency(
            id: Competency.ID(node.id), uri: node.uri, code: node.code, title: LocalizedText(node.title, language: language),
            description: node.description.map { LocalizedText($0, language: language) } ?? LocalizedText(), relations: node.relations)
        sourceMap.record(.competency(competency.id), at: node.location)
        competency.children = node.children.map { self.competency($0) }
        return competency
    }
}
