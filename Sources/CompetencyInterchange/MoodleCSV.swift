public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// Reads and writes the competency framework CSV of Moodle's `tool_lpimportcsv`: 14
/// columns, one framework row (`Is framework` 1) with its scale and taxonomy, then one row
/// per competency naming its parent by ID number.
///
/// Top-level competencies become domains, the others competencies (ID number → code and
/// ID, short name → title, description → description); cross-referenced ID numbers become
/// `related` relations; the scale values become the levels of one scale, whose
/// configuration gives the default and proficient levels. What the model has no field for
/// (rules, exported IDs, description formats, the taxonomy, the scale's Moodle ID) is kept
/// as extension attributes in `urn:competencykit:interchange:moodle`, which the exporter
/// writes back. Moodle has no level descriptors: they are reported as lost on export.
public struct MoodleCSV: Sendable {
    public init() {}

    static let format = "moodle"

    static let header = [
        "Parent id number", "Id number", "Shortname", "Description", "Description format", "Scale values", "Scale configuration",
        "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)", "Cross referenced competency id numbers",
        "Exported id (optional)", "Is framework", "Taxonomy",
    ]

    static func recognises(_ header: [String]) -> Bool { header.starts(with: ["Parent id number", "Id number", "Shortname"]) }

    // MARK: Import

    public func importFramework(_ data: Data, file: String? = nil) throws(DiagnosticError) -> Parsed<Framework> {
        let table = try CSVReader.read(data, file: file)
        guard Self.recognises(table.header) else {
            throw DiagnosticError(
                "moodle-header", "this CSV file is not a Moodle competency framework: its header must start with Parent id number,Id number,Shortname",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        for name in Self.header where table.column(name) == nil {
            throw DiagnosticError(
                "moodle-header", "the Moodle header has no '\(name)' column; tool_lpimportcsv writes all 14",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        var run = MoodleImportRun(table: table)
        return try run.read()
    }

    public func importFramework(contentsOf url: URL) throws(DiagnosticError) -> Parsed<Framework> {
        try importFramework(try InputFile.read(url), file: url.path)
    }

    // MARK: Export

    /// The framework as the CSV `tool_lpimportcsv` imports. Levels: the first scale's
    /// labels, in rank order, are the scale values; its default level is marked
    /// `scaledefault` and it and every level above are marked `proficient`.
    public func export(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> Exported {
        var report = LossReport(domain: Self.format)
        let language = framework.language ?? framework.title.variants.first?.language
        func text(_ value: LocalizedText, _ subject: Subject) -> String {
            if value.variants.count > 1 {
                report.loss(
                    "translation", "texts in other languages than the framework's: a Moodle framework has one",
                    at: sourceMap.location(of: subject), count: value.variants.count - 1)
            }
            return value.value(preferring: language) ?? ""
        }
        func kept(_ name: String, _ extensions: Extensions) -> String? { SourceExtension.attribute(name, of: Self.format, in: extensions) }
        func others(_ extensions: Extensions, _ subject: Subject) {
            let other = SourceExtension.removing(Self.format, from: extensions)
            if !other.isEmpty {
                report.loss("extension", "content of other namespaces", at: sourceMap.location(of: subject), count: other.attributes.count + other.elements.count)
            }
        }
        var out = Escaping.csvRecord(Self.header)
        // The framework row: its scale and taxonomy.
        let scale = framework.scales.first
        var values = ""
        var configuration = ""
        if let scale {
            values = scale.levels.map { $0.label.value(preferring: language) ?? $0.id.rawValue }.joined(separator: ",")
            if let raw = kept("scaleconfiguration", scale.extensions), kept("scalevalues", scale.extensions) == values {
                configuration = raw
            } else {
                let proficient = scale.proficientLevel.flatMap { scale.level($0)?.rank }
                var entries = [#"{"scaleid":"\#(kept("scaleid", scale.extensions) ?? "")"}"#]
                for (index, level) in scale.levels.enumerated() {
                    let isDefault = level.id == scale.defaultLevel ? 1 : 0
                    let isProficient = proficient.map { level.rank >= $0 } == true ? 1 : 0
                    entries.append(#"{"id":\#(index + 1),"scaledefault":\#(isDefault),"proficient":\#(isProficient)}"#)
                }
                configuration = "[" + entries.joined(separator: ",") + "]"
            }
            if !scale.bands.isEmpty || scale.id != "scale"
                || scale.levels.contains(where: { $0.id.rawValue != Text.token($0.label.value(preferring: language) ?? "", prefix: "L") })
            {
                report.loss(
                    "scale-identity", "the scale's and levels' IDs and bands: Moodle scale values are labels, read back as IDs",
                    at: sourceMap.location(of: .scale(scale.id)))
            }
            for level in scale.levels where !level.description.isEmpty {
                report.loss("level-description", "level descriptions: Moodle scale values are labels only", at: sourceMap.location(of: .level(scale.id, level.id)))
            }
        }
        for extra in framework.scales.dropFirst() {
            report.loss("scale", "scales after the first: a Moodle framework has one", at: sourceMap.location(of: .scale(extra.id)))
        }
        let frameworkID = kept("idnumber", framework.extensions) ?? framework.id.rawValue
        out += Escaping.csvRecord([
            "", frameworkID, text(framework.title, .framework(framework.id)), text(framework.description, .framework(framework.id)),
            kept("descriptionformat", framework.extensions) ?? "1", values, configuration, "", "", "", "", "", "1",
            kept("taxonomy", framework.extensions) ?? "",
        ])
        others(framework.extensions, .framework(framework.id))
        var exportedID = 0
        var codes: [String: String] = [:]
        // The ID number is the ID, which reading the file back makes the ID again.
        func collect(_ competency: Competency) {
            codes[competency.id.rawValue] = competency.id.rawValue
            competency.children.forEach(collect)
        }
        framework.domains.forEach { $0.competencies.forEach(collect) }
        func row(
            parent: String, code: String, title: String, description: String, extensions: Extensions, related: [String], subject: Subject
        ) {
            exportedID += 1
            let crossReferences = kept("crossrefs", extensions) ?? related.joined(separator: ",")
            out += Escaping.csvRecord([
                parent, code, title, description, kept("descriptionformat", extensions) ?? "1", "", "", kept("ruletype", extensions) ?? "",
                kept("ruleoutcome", extensions) ?? "0", kept("ruleconfig", extensions) ?? "null", crossReferences,
                kept("exportid", extensions) ?? String(exportedID), "", "",
            ])
            others(extensions, subject)
        }
        func write(_ competency: Competency, parent: String) {
            let subject = Subject.competency(competency.id)
            let code = codes[competency.id.rawValue] ?? competency.id.rawValue
            var related: [String] = []
            for (index, relation) in competency.relations.enumerated() {
                if relation.type == .related, let target = codes[relation.target.rawValue] {
                    related.append(target)
                } else {
                    report.loss(
                        "relation", "relations other than related: Moodle cross-references are plain links",
                        at: sourceMap.location(of: .relation(competency.id, index: index)))
                }
            }
            if let code = competency.code, code != competency.id.rawValue {
                report.loss("code", "codes other than the ID: a Moodle competency has one ID number", at: sourceMap.location(of: subject))
            }
            if !competency.statement.isEmpty {
                report.loss("statement", "competency statements: a Moodle competency has a short name and a description", at: sourceMap.location(of: subject))
            }
            if !competency.descriptors.isEmpty {
                report.loss("descriptor", "level descriptors: Moodle has none", at: sourceMap.location(of: subject), count: competency.descriptors.count)
            }
            if !competency.matches.isEmpty {
                report.loss("match", "matches: Moodle has no place for them", at: sourceMap.location(of: subject), count: competency.matches.count)
            }
            row(
                parent: parent, code: code, title: text(competency.title, subject), description: text(competency.description, subject),
                extensions: competency.extensions, related: related, subject: subject)
            for child in competency.children { write(child, parent: code) }
        }
        for domain in framework.domains {
            let subject = Subject.domain(domain.id)
            let code = domain.id.rawValue
            if let given = domain.code, given != code {
                report.loss("code", "codes other than the ID: a Moodle competency has one ID number", at: sourceMap.location(of: subject))
            }
            row(
                parent: "", code: code, title: text(domain.title, subject), description: text(domain.description, subject),
                extensions: domain.extensions, related: [], subject: subject)
            for competency in domain.competencies { write(competency, parent: code) }
        }
        for position in framework.positions {
            report.loss("position", "positions: Moodle frameworks have no place for them", at: sourceMap.location(of: .position(position.id)))
        }
        for module in framework.modules {
            report.loss("module", "training modules: Moodle frameworks have no place for them", at: sourceMap.location(of: .module(module.id)))
        }
        for rule in framework.rules {
            report.loss("rule", "assignment rules: Moodle frameworks have no place for them", at: sourceMap.location(of: .rule(rule.id)))
        }
        return Exported(files: [(name: "\(framework.id).moodle.csv", data: Data(out.utf8))], report: report)
    }
}

private struct MoodleImportRun {
    let table: CSVTable
    var report = LossReport(domain: MoodleCSV.format)
    var sourceMap = SourceMap()

    struct Node {
        var row: CSVTable.Row
        var code: String
        var parent: String?
        var children: [Int] = []
    }

    init(table: CSVTable) { self.table = table }

    func value(_ row: CSVTable.Row, _ name: String) -> String? { row.value(table.column(name)) }

    func text(_ value: String?) -> LocalizedText { value.map { LocalizedText($0, language: "") } ?? LocalizedText() }

    /// Keeps `value` as the attribute `name` unless it is the value the exporter writes anyway.
    func keep(_ name: String, _ value: String?, unless fallback: String?, in extensions: inout Extensions) {
        guard let value, value != fallback else { return }
        SourceExtension.set(name, value, of: MoodleCSV.format, in: &extensions)
    }

    mutating func read() throws(DiagnosticError) -> Parsed<Framework> {
        guard let frameworkRow = table.rows.first(where: { value($0, "Is framework") == "1" }) else {
            throw DiagnosticError(
                "moodle-no-framework", "no row has 'Is framework' 1: a Moodle framework file starts with the framework's own row",
                at: SourceLocation(file: table.file, line: 2, column: 1))
        }
        let idNumber = value(frameworkRow, "Id number") ?? "framework"
        var framework = Framework(id: Framework.ID(Text.token(idNumber, prefix: "f-")))
        sourceMap.record(.framework(framework.id), at: table.location(frameworkRow))
        framework.title = text(value(frameworkRow, "Shortname"))
        framework.description = text(value(frameworkRow, "Description"))
        keep("idnumber", idNumber, unless: framework.id.rawValue, in: &framework.extensions)
        keep("descriptionformat", value(frameworkRow, "Description format"), unless: "1", in: &framework.extensions)
        keep("taxonomy", value(frameworkRow, "Taxonomy"), unless: nil, in: &framework.extensions)
        if let values = value(frameworkRow, "Scale values") { framework.scales = [scale(values, frameworkRow)] }

        var nodes: [Node] = []
        var index: [String: Int] = [:]
        for row in table.rows where row.line != frameworkRow.line {
            guard let code = value(row, "Id number") else {
                report.loss("moodle-no-id-number", "rows without an ID number: nothing can refer to them", at: table.location(row))
                continue
            }
            guard index[code] == nil else {
                report.loss("moodle-duplicate-id-number", "rows whose ID number was used before; the first is read", at: table.location(row))
                continue
            }
            index[code] = nodes.count
            nodes.append(Node(row: row, code: code, parent: value(row, "Parent id number")))
        }
        var roots: [Int] = []
        for number in nodes.indices {
            if let parent = nodes[number].parent, let parentIndex = index[parent], parentIndex != number {
                nodes[parentIndex].children.append(number)
            } else {
                if nodes[number].parent != nil {
                    report.fixUp("moodle-missing-parent", "competencies whose parent is not in the file; they become top-level", at: table.location(nodes[number].row))
                }
                roots.append(number)
            }
        }
        var ids = IDAllocator()
        var idOf: [String: String] = [:]
        for node in nodes { idOf[node.code] = ids.claim(Text.token(node.code, prefix: "c-")) }
        var visited: Set<Int> = []
        func build(_ number: Int, depth: Int) throws(DiagnosticError) -> Competency {
            visited.insert(number)
            let node = nodes[number]
            var competency = Competency(
                id: Competency.ID(idOf[node.code] ?? node.code), code: node.code, title: text(value(node.row, "Shortname")),
                description: text(value(node.row, "Description")))
            sourceMap.record(.competency(competency.id), at: table.location(node.row))
            keepRowFields(node.row, in: &competency.extensions)
            let references = (value(node.row, "Cross referenced competency id numbers") ?? "").split(separator: ",").map { Text.trimmed(String($0)) }
            let targets = references.compactMap { index[$0] }.filter { nodes[$0].parent.flatMap { index[$0] } != nil }
            if targets.count == references.count {
                competency.relations = targets.map { Relation(type: .related, target: Competency.ID(idOf[nodes[$0].code] ?? nodes[$0].code)) }
            } else {
                // A reference to a top-level row or outside the file stays as written.
                keep("crossrefs", value(node.row, "Cross referenced competency id numbers"), unless: nil, in: &competency.extensions)
            }
            for child in node.children where !visited.contains(child) {
                guard depth < Competency.maxNestingDepth else {
                    throw DiagnosticError.tooDeep(at: sourceMap.location(of: .competency(competency.id)))
                }
                competency.children.append(try build(child, depth: depth + 1))
            }
            return competency
        }
        for root in roots {
            let node = nodes[root]
            var domain = Domain(
                id: Domain.ID(idOf[node.code] ?? node.code), code: node.code, title: text(value(node.row, "Shortname")),
                description: text(value(node.row, "Description")))
            sourceMap.record(.domain(domain.id), at: table.location(node.row))
            keepRowFields(node.row, in: &domain.extensions)
            keep("crossrefs", value(node.row, "Cross referenced competency id numbers"), unless: nil, in: &domain.extensions)
            visited.insert(root)
            for child in node.children where !visited.contains(child) { domain.competencies.append(try build(child, depth: 1)) }
            framework.domains.append(domain)
        }
        for number in nodes.indices where !visited.contains(number) {
            report.loss("moodle-cycle", "competencies whose parents form a cycle", at: table.location(nodes[number].row))
        }
        framework.repairVersion(format: MoodleCSV.format, report: &report, at: nil)
        return Parsed(value: framework, sourceMap: sourceMap, report: report)
    }

    /// The row's rule, exported ID and description format, kept when not the defaults.
    func keepRowFields(_ row: CSVTable.Row, in extensions: inout Extensions) {
        keep("descriptionformat", value(row, "Description format"), unless: "1", in: &extensions)
        keep("ruletype", value(row, "Rule type (optional)"), unless: nil, in: &extensions)
        keep("ruleoutcome", value(row, "Rule outcome (optional)"), unless: "0", in: &extensions)
        keep("ruleconfig", value(row, "Rule config (optional)"), unless: "null", in: &extensions)
        keep("exportid", value(row, "Exported id (optional)"), unless: nil, in: &extensions)
    }

    /// The scale of the framework row: one level per value, in order; the configuration
    /// marks the default and the proficient levels (the lowest marked proficient).
    mutating func scale(_ values: String, _ row: CSVTable.Row) -> Scale {
        var scale = Scale(id: "scale")
        var levelIDs = IDAllocator()
        for (number, label) in values.split(separator: ",").map({ Text.trimmed(String($0)) }).enumerated() {
            scale.levels.append(
                Level(id: Level.ID(levelIDs.claim(Text.token(label, prefix: "L"))), rank: number + 1, label: LocalizedText(label, language: "")))
        }
        sourceMap.record(.scale(scale.id), at: table.location(row))
        guard let configuration = value(row, "Scale configuration") else { return scale }
        SourceExtension.set("scalevalues", scale.levels.map { $0.label.value(preferring: "") ?? "" }.joined(separator: ","), of: MoodleCSV.format, in: &scale.extensions)
        SourceExtension.set("scaleconfiguration", configuration, of: MoodleCSV.format, in: &scale.extensions)
        guard let entries = (try? JSONParser.parse(Data(configuration.utf8), file: nil))?.array else {
            report.loss("moodle-scale-configuration", "a scale configuration that is not JSON: kept as written, no default or proficient level", at: table.location(row))
            return scale
        }
        if let scaleID = entries.first?["scaleid"]?.string { SourceExtension.set("scaleid", scaleID, of: MoodleCSV.format, in: &scale.extensions) }
        for entry in entries.dropFirst() {
            guard let position = entry["id"]?.int, position >= 1, position <= scale.levels.count else { continue }
            let level = scale.levels[position - 1]
            if entry["scaledefault"]?.int == 1 { scale.defaultLevel = level.id }
            if entry["proficient"]?.int == 1, scale.proficientLevel == nil { scale.proficientLevel = level.id }
        }
        return scale
    }
}
