public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// Reads the SFIA CSV distribution (SFIA 8 and 9): the skills file, and optionally the
/// attributes file and the levels-of-responsibility file.
///
/// The 7 levels of responsibility become the scale `sfia` (`L1`…`L7`, labelled with the
/// guiding phrase when the levels file is given). Categories become domains,
/// subcategories competencies that group the skills, and each skill a competency with its
/// code as ID, the levels at which it is defined, and a descriptor per defined level.
/// Attributes become competencies of a domain per attribute type. The files come in
/// Windows-1252; that is detected and reported as a fix-up.
public struct SFIAImporter: Sendable {
    public init() {}

    public func importFramework(contentsOf urls: [URL]) throws(DiagnosticError) -> Parsed<Framework> {
        var files: [(data: Data, file: String?)] = []
        for url in urls { files.append((try InputFile.read(url), url.path)) }
        return try importFramework(files)
    }

    public func importFramework(_ files: [(data: Data, file: String?)]) throws(DiagnosticError) -> Parsed<Framework> {
        var tables: [CSVTable] = []
        for file in files { tables.append(try CSVReader.read(file.data, file: file.file)) }
        var run = SFIAImportRun()
        return try run.read(tables)
    }

    static func recognises(_ header: [String]) -> Bool {
        (header.contains("Skill") && header.contains("Category") && header.contains("Levels"))
            || header.contains("Attribute name") || header.first == "Level"
    }
}

private struct SFIAImportRun {
    var report = LossReport(domain: "sfia")
    var sourceMap = SourceMap()
    let language = "en"
    var domainIDs = IDAllocator()
    var competencyIDs = IDAllocator()

    func text(_ value: String?) -> LocalizedText {
        guard let value = value.map(Text.trimmedOfWhitespaceAndNewlines), !value.isEmpty else { return LocalizedText() }
        return LocalizedText(value, language: language)
    }

    mutating func read(_ tables: [CSVTable]) throws(DiagnosticError) -> Parsed<Framework> {
        var framework = Framework(
            id: "sfia", language: language, title: LocalizedText("SFIA: the Skills Framework for the Information Age", language: language))
        framework.publisher = LocalizedText("SFIA Foundation", language: language)
        var scale = Scale(id: "sfia", title: LocalizedText("Levels of responsibility", language: language))
        scale.levels = (1...7).map { Level(id: Level.ID("L\($0)"), rank: $0, label: LocalizedText("Level \($0)", language: language)) }
        var sawSkills = false
        for table in tables {
            table.reportRepairs(into: &report, prefix: "sfia")
            if table.header.first == "Level" {
                readLevels(table, into: &scale)
            } else if table.header.contains("Attribute name") {
                framework.domains += readAttributes(table)
            } else if table.header.contains("Skill"), table.header.contains("Category") {
                framework.domains += readSkills(table)
                sawSkills = true
            } else {
                throw DiagnosticError(
                    "sfia-unknown-file", "this CSV file is not one of SFIA's: expected the skills, attributes or levels file",
                    at: SourceLocation(file: table.file, line: 1, column: 1))
            }
        }
        for file in tables.compactMap(\.file) {
            let name = URL(fileURLWithPath: file).lastPathComponent.lowercased()
            guard name.hasPrefix("sfia-") else { continue }
            let version = name.dropFirst(5).prefix { $0.isNumber }
            if !version.isEmpty {
                framework.version = String(version)
                framework.id = Framework.ID("sfia-\(version)")
                break
            }
        }
        if !sawSkills, framework.domains.isEmpty {
            report.loss("sfia-no-skills", "the files hold no skills; only the levels were read")
        }
        framework.scales = [scale]
        framework.repairVersion(format: "sfia", report: &report, at: tables.first.map { SourceLocation(file: $0.file, line: 1, column: 1) })
        return Parsed(value: framework, sourceMap: sourceMap, report: report)
    }

    mutating func readLevels(_ table: CSVTable, into scale: inout Scale) {
        for row in table.rows {
            guard let name = row.value(0) else { continue }
            for rank in 1...7 {
                guard let value = row.value(rank) else { continue }
                let index = rank - 1
                switch name {
                case "Guiding phrase": scale.levels[index].label = text(value)
                case "Essence of the level":
                    let prefix = "Essence of the level:"
                    scale.levels[index].description = text(value.hasPrefix(prefix) ? String(value.dropFirst(prefix.count)) : value)
                case "URL": scale.levels[index].uri = value
                default: report.loss("sfia-level-row", "rows of the levels file other than the guiding phrase, essence and URL", at: table.location(row))
                }
            }
        }
        for level in scale.levels { sourceMap.record(.level(scale.id, level.id), at: SourceLocation(file: table.file, line: 1, column: 1)) }
    }

    /// The levels marked in the seven columns that start at the "Levels" column.
    func definedLevels(_ table: CSVTable, _ row: CSVTable.Row) -> [Level.ID] {
        guard let start = table.column("Levels") else { return [] }
        return (0..<7).compactMap { offset in
            guard let value = row.value(start + offset), let rank = Int(value), (1...7).contains(rank) else { return nil }
            return Level.ID("L\(rank)")
        }
    }

    /// The columns of the level descriptions, `Level 1 description` to `Level 7 description`.
    static func descriptionColumns(_ table: CSVTable) -> [Int?] { (1...7).map { table.column("Level \($0) description") } }

    func descriptors(_ columns: [Int?], _ row: CSVTable.Row) -> [Descriptor] {
        zip(1...7, columns).compactMap { rank, column in
            guard let value = row.value(column) else { return nil }
            return Descriptor(level: Level.ID("L\(rank)"), text: text(value))
        }
    }

    mutating func readSkills(_ table: CSVTable) -> [Domain] {
        var domains: [Domain] = []
        let descriptionColumns = Self.descriptionColumns(table)
        for row in table.rows {
            guard let code = row.value(table.column("Code")), let category = row.value(table.column("Category")) else {
                if row.hasContent {
                    report.loss("sfia-row-without-code", "rows without a skill code or category", at: table.location(row))
                }
                continue
            }
            let subcategory = row.value(table.column("Subcategory"))
            var domainIndex = domains.firstIndex { $0.title[language] == category }
            if domainIndex == nil {
                let domain = Domain(id: Domain.ID(domainIDs.claim(Text.token(category.lowercased(), prefix: "d-"))), title: text(category))
                sourceMap.record(.domain(domain.id), at: table.location(row))
                domains.append(domain)
                domainIndex = domains.count - 1
            }
            guard let domainIndex else { continue }
            let levels = definedLevels(table, row)
            var skill = Competency(
                id: Competency.ID(competencyIDs.claim(Text.token(code, prefix: "s-"))), uri: row.value(table.column("URL")), code: code,
                levels: levels, title: text(row.value(table.column("Skill"))), statement: text(row.value(table.column("Overall description"))),
                description: text(row.value(table.column("Guidance notes"))), descriptors: descriptors(descriptionColumns, row))
            let undefined = skill.descriptors.filter { !levels.contains($0.level) }.count
            if undefined > 0 {
                report.fixUp("sfia-description-at-undefined-level", "level descriptions at levels the skill is not marked for", at: table.location(row))
                skill.levels = (levels + skill.descriptors.map(\.level)).reduce(into: [Level.ID]()) { if !$0.contains($1) { $0.append($1) } }
                    .sorted { $0.rawValue < $1.rawValue }
            }
            sourceMap.record(.competency(skill.id), at: table.location(row))
            if let subcategory {
                if let index = domains[domainIndex].competencies.firstIndex(where: { $0.title[language] == subcategory }) {
                    domains[domainIndex].competencies[index].children.append(skill)
                } else {
                    let group = Competency(
                        id: Competency.ID(competencyIDs.claim(Text.token(subcategory.lowercased(), prefix: "g-"))), title: text(subcategory),
                        children: [skill])
                    sourceMap.record(.competency(group.id), at: table.location(row))
                    domains[domainIndex].competencies.append(group)
                }
            } else {
                domains[domainIndex].competencies.append(skill)
            }
        }
        return domains
    }

    mutating func readAttributes(_ table: CSVTable) -> [Domain] {
        var domains: [Domain] = []
        let descriptionColumns = Self.descriptionColumns(table)
        for row in table.rows {
            guard let code = row.value(table.column("Code")), let name = row.value(table.column("Attribute name")) else { continue }
            let type = row.value(table.column("Type")) ?? "Attributes"
            var index = domains.firstIndex { $0.title[language] == type }
            if index == nil {
                let domain = Domain(id: Domain.ID(domainIDs.claim(Text.token(type.lowercased(), prefix: "d-"))), title: text(type))
                sourceMap.record(.domain(domain.id), at: table.location(row))
                domains.append(domain)
                index = domains.count - 1
            }
            guard let index else { continue }
            let attribute = Competency(
                id: Competency.ID(competencyIDs.claim(Text.token(code, prefix: "a-"))), uri: row.value(table.column("URL")), code: code,
                levels: definedLevels(table, row), title: text(name), statement: text(row.value(table.column("Overall description"))),
                description: text(row.value(table.column("Guidance notes"))), descriptors: descriptors(descriptionColumns, row))
            sourceMap.record(.competency(attribute.id), at: table.location(row))
            domains[index].competencies.append(attribute)
        }
        return domains
    }
}
