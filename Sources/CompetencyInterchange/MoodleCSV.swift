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
/// configuration gives the default and proficient levels, and a competency's own scale
/// values one more scale. What the model has no field for (rules, exported IDs, description
/// formats, the taxonomy, the scale's Moodle ID, texts as written with their surrounding
/// spaces, cross-reference lists naming rows that are no competency) is kept as extension
/// attributes in `urn:competencykit:interchange:moodle`, which the exporter writes back, in
/// the exported IDs' order and quoted as Moodle quotes: a file Moodle exported comes back
/// byte for byte. Moodle has no level descriptors: they are reported as lost on export.
public struct MoodleCSV: Sendable {
    public init() {}

    static let format = "moodle"

    static let header = [
        "Parent id number", "Id number", "Shortname", "Description", "Description format", "Scale values", "Scale configuration",
        "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)", "Cross referenced competency id numbers",
        "Exported id (optional)", "Is framework", "Taxonomy",
    ]

    /// Where `Exported id (optional)` stands in ``header``.
    static let exportIDColumn = 11

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
    /// `scaledefault` and it and every level above are marked `proficient`. Rows come in
    /// the order of their exported IDs when those are numbers that keep every list of
    /// siblings in order (as Moodle's own export does), else depth first.
    public func export(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> Exported {
        var writer = MoodleExportRun(framework: framework, sourceMap: sourceMap)
        return writer.write()
    }
}

/// One export: the rows in tree order, then in the order the exported IDs give.
private struct MoodleExportRun {
    let framework: Framework
    let sourceMap: SourceMap
    let language: String?
    var report = LossReport(domain: MoodleCSV.format)
    /// The ID number of every domain and competency, by ID.
    var numbers: [String: String] = [:]
    /// The ID numbers of competencies (not domains): what cross-references become relations to.
    var competencyNumbers: Set<String> = []
    /// The framework's scales by ID, for the competencies measured on their own.
    let scales: [Scale.ID: Scale]

    struct Line {
        var parent: String
        var fields: [String]
        var exportID: String?
    }

    var lines: [Line] = []

    init(framework: Framework, sourceMap: SourceMap) {
        self.framework = framework
        self.sourceMap = sourceMap
        language = framework.language ?? framework.title.variants.first?.language
        scales = Dictionary(framework.scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func kept(_ name: String, _ extensions: Extensions) -> String? { SourceExtension.attribute(name, of: MoodleCSV.format, in: extensions) }

    mutating func text(_ value: LocalizedText, _ subject: Subject) -> String {
        if value.variants.count > 1 {
            report.loss(
                "translation", "texts in other languages than the framework's: a Moodle framework has one",
                at: sourceMap.location(of: subject), count: value.variants.count - 1)
        }
        return value.value(preferring: language) ?? ""
    }

    /// The text as the file had it (with the spaces around it that reading trims), while the
    /// model's text is still that one.
    mutating func text(_ value: LocalizedText, _ subject: Subject, raw name: String, _ extensions: Extensions) -> String {
        let written = text(value, subject)
        if let raw = kept(name, extensions), Text.trimmed(raw) == written { return raw }
        return written
    }

    mutating func others(_ extensions: Extensions, _ subject: Subject) {
        let other = SourceExtension.removing(MoodleCSV.format, from: extensions)
        if !other.isEmpty {
            report.loss("extension", "content of other namespaces", at: sourceMap.location(of: subject), count: other.attributes.count + other.elements.count)
        }
    }

    mutating func write() -> Exported {
        var out = MoodleCSV.record(MoodleCSV.header)
        out += MoodleCSV.record(frameworkRow())
        for domain in framework.domains {
            numbers[domain.id.rawValue] = kept("idnumber", domain.extensions) ?? domain.id.rawValue
            func collect(_ competency: Competency) {
                let number = kept("idnumber", competency.extensions) ?? competency.id.rawValue
                numbers[competency.id.rawValue] = number
                competencyNumbers.insert(number)
                competency.children.forEach(collect)
            }
            domain.competencies.forEach(collect)
        }
        for domain in framework.domains { write(domain) }
        report.lossOfPlanningParts(of: framework, sourceMap: sourceMap, reason: "Moodle frameworks have no place for them")
        for line in ordered() { out += MoodleCSV.record(line.fields) }
        return Exported(files: [(name: "\(framework.id).moodle.csv", data: Data(out.utf8))], report: report)
    }

    /// A scale's `Scale values` and `Scale configuration`: the configuration as read while
    /// the values are unchanged, else made from the default and proficient levels.
    mutating func scaleFields(_ scale: Scale, id expected: Scale.ID?) -> (values: String, configuration: String) {
        let values = scale.levels.map { $0.label.value(preferring: language) ?? $0.id.rawValue }.joined(separator: ",")
        var configuration: String
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
        if !scale.bands.isEmpty || expected.map({ scale.id != $0 }) == true
            || scale.levels.contains(where: { $0.id.rawValue != Text.token($0.label.value(preferring: language) ?? "", prefix: "L") })
        {
            report.loss(
                "scale-identity", "the scale's and levels' IDs and bands: Moodle scale values are labels, read back as IDs",
                at: sourceMap.location(of: .scale(scale.id)))
        }
        for level in scale.levels where !level.description.isEmpty {
            report.loss("level-description", "level descriptions: Moodle scale values are labels only", at: sourceMap.location(of: .level(scale.id, level.id)))
        }
        return (values, configuration)
    }

    /// The framework row: its scale and taxonomy.
    mutating func frameworkRow() -> [String] {
        var values = ""
        var configuration = ""
        if let scale = framework.scales.first { (values, configuration) = scaleFields(scale, id: "scale") }
        // Scales after the first go out in the rows of the competencies measured on them.
        var used: Set<Scale.ID> = []
        func collect(_ competency: Competency) {
            if let scale = competency.scale { used.insert(scale) }
            competency.children.forEach(collect)
        }
        framework.domains.forEach { $0.competencies.forEach(collect) }
        for extra in framework.scales.dropFirst() where !used.contains(extra.id) {
            report.loss("scale", "scales after the first that no competency is measured on: a Moodle framework has one", at: sourceMap.location(of: .scale(extra.id)))
        }
        let unheld = [framework.uri != nil, framework.version != nil, framework.status != nil, framework.issued != nil, !framework.publisher.isEmpty]
        if unheld.contains(true) {
            report.loss(
                "framework-field", "the framework's URI, version, status, issue date and publisher: Moodle's framework row has none",
                at: sourceMap.location(of: .framework(framework.id)), count: unheld.filter { $0 }.count)
        }
        let subject = Subject.framework(framework.id)
        let fields = [
            "", kept("idnumber", framework.extensions) ?? framework.id.rawValue,
            text(framework.title, subject, raw: "shortname", framework.extensions),
            text(framework.description, subject, raw: "description", framework.extensions),
            kept("descriptionformat", framework.extensions) ?? "1", values, configuration, "", "", "", "", "", "1",
            kept("taxonomy", framework.extensions) ?? "",
        ]
        others(framework.extensions, subject)
        return fields
    }

    mutating func line(
        parent: String, number: String, title: LocalizedText, description: LocalizedText, extensions: Extensions, related: [String],
        scale: (values: String, configuration: String)? = nil, subject: Subject
    ) {
        let scale = scale ?? (kept("scalevalues", extensions) ?? "", kept("scaleconfiguration", extensions) ?? "")
        lines.append(
            Line(
                parent: parent,
                fields: [
                    parent, number, text(title, subject, raw: "shortname", extensions), text(description, subject, raw: "description", extensions),
                    kept("descriptionformat", extensions) ?? "1", scale.values, scale.configuration,
                    kept("ruletype", extensions) ?? "", kept("ruleoutcome", extensions) ?? "0", kept("ruleconfig", extensions) ?? "null",
                    crossReferences(related, kept: kept("crossrefs", extensions)), "", "", "",
                ],
                exportID: kept("exportid", extensions)))
        others(extensions, subject)
    }

    /// Reports what a domain or competency has that a Moodle row has no column for.
    mutating func unheld(uri: String?, status: LifecycleStatus?, replaces: Bool, levels: Bool, _ subject: Subject) {
        let count = [uri != nil, status != nil, replaces, levels].filter { $0 }.count
        if count > 0 {
            report.loss(
                "competency-field", "URIs, statuses, lineage and the levels a competency is defined at: a Moodle row has none",
                at: sourceMap.location(of: subject), count: count)
        }
    }

    /// The cross-references: the related competencies' ID numbers, or the list as the file had
    /// it while the competencies it names are still those related; what it names that is no
    /// competency (a top-level row, a row not in the file) is carried after the relations.
    func crossReferences(_ related: [String], kept: String?) -> String {
        guard let kept else { return related.map(MoodleCSV.encodeReference).joined(separator: ",") }
        let references = MoodleCSV.references(kept)
        var seen: Set<String> = []
        let resolved = references.filter { competencyNumbers.contains($0) && seen.insert($0).inserted }
        if resolved == related { return kept }
        return (related + references.filter { !competencyNumbers.contains($0) }).map(MoodleCSV.encodeReference).joined(separator: ",")
    }

    mutating func write(_ domain: Domain) {
        let subject = Subject.domain(domain.id)
        let number = numbers[domain.id.rawValue] ?? domain.id.rawValue
        if let given = domain.code, given != number {
            report.loss("code", "codes other than the ID number: a Moodle competency has one ID number", at: sourceMap.location(of: subject))
        }
        unheld(uri: domain.uri, status: nil, replaces: !domain.replaces.isEmpty, levels: false, subject)
        line(parent: "", number: number, title: domain.title, description: domain.description, extensions: domain.extensions, related: [], subject: subject)
        for competency in domain.competencies { write(competency, parent: number) }
    }

    mutating func write(_ competency: Competency, parent: String) {
        let subject = Subject.competency(competency.id)
        let number = numbers[competency.id.rawValue] ?? competency.id.rawValue
        var related: [String] = []
        for (index, relation) in competency.relations.enumerated() {
            if relation.type == .related, let target = numbers[relation.target.rawValue], competencyNumbers.contains(target) {
                related.append(target)
            } else {
                report.loss(
                    "relation", "relations other than related: Moodle cross-references are plain links",
                    at: sourceMap.location(of: .relation(competency.id, index: index)))
            }
        }
        if let code = competency.code, code != number {
            report.loss("code", "codes other than the ID number: a Moodle competency has one ID number", at: sourceMap.location(of: subject))
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
        unheld(uri: competency.uri, status: competency.status, replaces: !competency.replaces.isEmpty, levels: competency.levels != nil, subject)
        var scale: (values: String, configuration: String)?
        if let id = competency.scale, id != framework.scales.first?.id, let own = scales[id] {
            scale = scaleFields(own, id: nil)
        }
        line(
            parent: parent, number: number, title: competency.title, description: competency.description, extensions: competency.extensions,
            related: related, scale: scale, subject: subject)
        for child in competency.children { write(child, parent: number) }
    }

    /// The rows with their exported IDs: the kept ones, and after the highest of them one
    /// each for the rows that have none. When every ID is a number, distinct, and rising
    /// along every list of siblings, the rows come in that order (reading them back keeps
    /// the siblings' order); else depth first.
    func ordered() -> [Line] {
        var next = lines.compactMap { $0.exportID.flatMap { Int($0) } }.max() ?? 0
        var numbered = lines
        for index in numbered.indices where numbered[index].exportID == nil {
            // At the largest number the IDs repeat, and the rows go depth first.
            next = next < Int.max ? next + 1 : next
            numbered[index].exportID = String(next)
        }
        var byID = true
        var seen: Set<Int> = []
        var last: [String: Int] = [:]
        var keys: [Int] = []
        for index in numbered.indices {
            numbered[index].fields[MoodleCSV.exportIDColumn] = numbered[index].exportID ?? ""
            guard let id = numbered[index].exportID.flatMap({ Int($0) }), seen.insert(id).inserted,
                last[numbered[index].parent].map({ $0 < id }) ?? true
            else {
                byID = false
                continue
            }
            last[numbered[index].parent] = id
            keys.append(id)
        }
        guard byID else { return numbered }
        return zip(keys, numbered).sorted { $0.0 < $1.0 }.map(\.1)
    }
}

extension MoodleCSV {
    /// The ID numbers a cross-reference list names: comma-separated, each trimmed, with
    /// Moodle's `%2C` for a comma inside an ID number.
    static func references(_ list: String) -> [String] {
        list.split(separator: ",").map { Text.trimmed(String($0)).replacingOccurrences(of: "%2C", with: ",") }.filter { !$0.isEmpty }
    }

    static func encodeReference(_ number: String) -> String { number.replacingOccurrences(of: ",", with: "%2C") }

    /// One record as Moodle's export writes it (PHP's `fputcsv`): a field is quoted when it
    /// holds a comma, quote, backslash, space, tab or line break, quotes are doubled, and
    /// the record ends with a line feed. A file Moodle exported thus comes back byte for byte.
    static func record(_ fields: [String]) -> String {
        var out = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { out += "," }
            let quoted = field.utf8.contains {
                switch $0 {
                case UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): true
                default: false
                }
            }
            if quoted {
                out += "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                out += field
            }
        }
        return out + "\n"
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

    /// The field as written, spaces around it included.
    func raw(_ row: CSVTable.Row, _ name: String) -> String? {
        guard let column = table.column(name), column < row.fields.count else { return nil }
        return row.fields[column]
    }

    func text(_ value: String?) -> LocalizedText { value.map { LocalizedText($0, language: "") } ?? LocalizedText() }

    /// Keeps `value` as the attribute `name` unless it is the value the exporter writes anyway.
    func keep(_ name: String, _ value: String?, unless fallback: String?, in extensions: inout Extensions) {
        guard let value, value != fallback else { return }
        SourceExtension.set(name, value, of: MoodleCSV.format, in: &extensions)
    }

    /// Whether a row is a framework row: Moodle takes any value but empty and `0` as true.
    func isFramework(_ row: CSVTable.Row) -> Bool { value(row, "Is framework").map { $0 != "0" } ?? false }

    /// The short name and description as the model has them (trimmed), and, kept when
    /// different, as the file wrote them: Moodle cuts short names at 100 characters, which
    /// can end one in a space.
    func texts(_ row: CSVTable.Row, in extensions: inout Extensions) -> (title: LocalizedText, description: LocalizedText) {
        for (name, column) in [("shortname", "Shortname"), ("description", "Description")] {
            if let written = raw(row, column), !Text.trimmed(written).isEmpty { keep(name, written, unless: Text.trimmed(written), in: &extensions) }
        }
        return (text(value(row, "Shortname")), text(value(row, "Description")))
    }

    mutating func read() throws(DiagnosticError) -> Parsed<Framework> {
        guard let frameworkRow = table.rows.first(where: isFramework) else {
            throw DiagnosticError(
                "moodle-no-framework", "no row has 'Is framework' 1: a Moodle framework file starts with the framework's own row",
                at: SourceLocation(file: table.file, line: 2, column: 1))
        }
        let idNumber = value(frameworkRow, "Id number") ?? "framework"
        var framework = Framework(id: Framework.ID(Text.token(idNumber, prefix: "f-")))
        sourceMap.record(.framework(framework.id), at: table.location(frameworkRow))
        keep("idnumber", idNumber, unless: framework.id.rawValue, in: &framework.extensions)
        (framework.title, framework.description) = texts(frameworkRow, in: &framework.extensions)
        keep("descriptionformat", value(frameworkRow, "Description format"), unless: "1", in: &framework.extensions)
        keep("taxonomy", value(frameworkRow, "Taxonomy"), unless: nil, in: &framework.extensions)
        if let values = value(frameworkRow, "Scale values") { framework.scales = [scale(values, frameworkRow)] }

        var nodes: [Node] = []
        var index: [String: Int] = [:]
        for row in table.rows where row.line != frameworkRow.line {
            if isFramework(row) {
                report.loss("moodle-second-framework", "framework rows after the first: a file holds one framework", at: table.location(row))
                continue
            }
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
        // The rows that become competencies: below a top-level row (not in a cycle of parents).
        var competencies: Set<Int> = []
        var stack = roots.flatMap { nodes[$0].children }
        while let number = stack.popLast() {
            if competencies.insert(number).inserted { stack += nodes[number].children }
        }
        var ids = IDAllocator()
        var idOf: [String: String] = [:]
        for node in nodes { idOf[node.code] = ids.claim(Text.token(node.code, prefix: "c-")) }
        var visited: Set<Int> = []
        // A competency's own scale: one more scale per distinct values and configuration.
        var scaleIDs = IDAllocator()
        framework.scales.forEach { _ = scaleIDs.claim($0.id.rawValue) }
        var ownScales: [[String]: Scale.ID] = [:]
        func build(_ number: Int, depth: Int) throws(DiagnosticError) -> Competency {
            visited.insert(number)
            let node = nodes[number]
            let id = idOf[node.code] ?? node.code
            var competency = Competency(id: Competency.ID(id), code: node.code)
            sourceMap.record(.competency(competency.id), at: table.location(node.row))
            keep("idnumber", node.code, unless: id, in: &competency.extensions)
            (competency.title, competency.description) = texts(node.row, in: &competency.extensions)
            let values = value(node.row, "Scale values")
            if let values, !framework.scales.isEmpty {
                let key = [values, value(node.row, "Scale configuration") ?? ""]
                if let known = ownScales[key] {
                    competency.scale = known
                } else {
                    let own = scale(values, node.row, id: Scale.ID(scaleIDs.claim(Text.token("scale-" + node.code, prefix: "s-"))))
                    ownScales[key] = own.id
                    framework.scales.append(own)
                    competency.scale = own.id
                }
            }
            keepRowFields(node.row, scale: competency.scale == nil, in: &competency.extensions)
            // References to competencies are relations; the list stays as written when it
            // names more (a top-level row, a row not in the file) or is written otherwise.
            let written = value(node.row, "Cross referenced competency id numbers")
            var targets: [String] = []
            var named: Set<String> = []
            for reference in MoodleCSV.references(written ?? "") {
                if let target = index[reference], competencies.contains(target), named.insert(reference).inserted { targets.append(reference) }
            }
            competency.relations = targets.map { Relation(type: .related, target: Competency.ID(idOf[$0] ?? $0)) }
            keep("crossrefs", written, unless: targets.map(MoodleCSV.encodeReference).joined(separator: ","), in: &competency.extensions)
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
            let id = idOf[node.code] ?? node.code
            var domain = Domain(id: Domain.ID(id), code: node.code)
            sourceMap.record(.domain(domain.id), at: table.location(node.row))
            keep("idnumber", node.code, unless: id, in: &domain.extensions)
            (domain.title, domain.description) = texts(node.row, in: &domain.extensions)
            keepRowFields(node.row, scale: true, in: &domain.extensions)
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

    /// The row's rule, exported ID and description format, kept when not the defaults, and
    /// with `scale` its own scale values and configuration (of a row the model cannot give a scale).
    func keepRowFields(_ row: CSVTable.Row, scale: Bool, in extensions: inout Extensions) {
        keep("descriptionformat", value(row, "Description format"), unless: "1", in: &extensions)
        if scale {
            keep("scalevalues", value(row, "Scale values"), unless: nil, in: &extensions)
            keep("scaleconfiguration", value(row, "Scale configuration"), unless: nil, in: &extensions)
        }
        keep("ruletype", value(row, "Rule type (optional)"), unless: nil, in: &extensions)
        keep("ruleoutcome", value(row, "Rule outcome (optional)"), unless: "0", in: &extensions)
        keep("ruleconfig", value(row, "Rule config (optional)"), unless: "null", in: &extensions)
        keep("exportid", value(row, "Exported id (optional)"), unless: nil, in: &extensions)
    }

    /// The scale of a row: one level per value, in order; the configuration marks the
    /// default and the proficient levels (the lowest marked proficient).
    mutating func scale(_ values: String, _ row: CSVTable.Row, id: Scale.ID = "scale") -> Scale {
        var scale = Scale(id: id)
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
