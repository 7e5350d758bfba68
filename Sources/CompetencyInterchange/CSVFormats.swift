public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// A framework as a flat table for spreadsheets: one row per competency × level
/// descriptor (a competency without descriptors, and a domain without competencies, get one
/// row). Export only. Texts are in the framework's language; what a flat table cannot hold
/// is reported.
public struct FrameworkCSV: Sendable {
    public static let header = [
        "domain", "domain_code", "domain_title", "competency", "competency_code", "parent", "competency_title", "statement",
        "competency_uri", "level", "level_rank", "level_label", "descriptor", "knowledge", "skills", "attitudes", "examples",
    ]

    public init() {}

    static func recognises(_ header: [String]) -> Bool { header.starts(with: ["domain", "domain_code", "domain_title", "competency"]) }

    public func export(_ framework: Framework, sourceMap: SourceMap = SourceMap()) -> Exported {
        var report = LossReport(domain: "csv")
        let language = framework.language ?? framework.title.variants.first?.language
        var ranks: [Level.ID: (Int, String)] = [:]
        for scale in framework.scales {
            for level in scale.levels { ranks[level.id] = (level.rank, level.label.value(preferring: language) ?? "") }
        }
        func text(_ value: LocalizedText, _ subject: Subject) -> String {
            if value.variants.count > 1 {
                report.loss(
                    "translation", "texts in other languages than the framework's: the table has one column per text",
                    at: sourceMap.location(of: subject), count: value.variants.count - 1)
            }
            return value.value(preferring: language) ?? ""
        }
        func list(_ values: [LocalizedText], _ subject: Subject) -> String { values.map { text($0, subject) }.joined(separator: "\n") }
        var out = Escaping.csvRecord(Self.header, quotingEdgeSpaces: true)
        func visit(_ competency: Competency, domain: Domain, parent: Competency.ID?) {
            let subject = Subject.competency(competency.id)
            let base = [
                domain.id.rawValue, domain.code ?? "", text(domain.title, .domain(domain.id)), competency.id.rawValue, competency.code ?? "",
                parent?.rawValue ?? "", text(competency.title, subject), text(competency.statement, subject), competency.uri ?? "",
            ]
            if competency.descriptors.isEmpty {
                out += Escaping.csvRecord(base + Array(repeating: "", count: 8), quotingEdgeSpaces: true)
            }
            for (index, descriptor) in competency.descriptors.enumerated() {
                let at = Subject.descriptor(competency.id, index: index)
                let rank = ranks[descriptor.level]
                out += Escaping.csvRecord(
                    base + [
                        descriptor.level.rawValue, rank.map { String($0.0) } ?? "", rank?.1 ?? "", text(descriptor.text, at),
                        list(descriptor.knowledge, at), list(descriptor.skills, at), list(descriptor.attitudes, at), list(descriptor.examples, at),
                    ], quotingEdgeSpaces: true)
            }
            for (kind, count, what) in [
                ("relation", competency.relations.count, "relations"), ("match", competency.matches.count, "matches"),
                ("description", competency.description.isEmpty ? 0 : 1, "competency descriptions"),
                ("competency-status", competency.status == nil ? 0 : 1, "competency statuses"),
                ("competency-levels", competency.levels == nil ? 0 : 1, "the levels a competency is defined at (beyond its descriptors)"),
                ("lineage", competency.replaces.isEmpty ? 0 : 1, "lineage (replaces)"),
            ] where count > 0 {
                report.loss(kind, "\(what): the flat table has no column for them", at: sourceMap.location(of: subject), count: count)
            }
            for child in competency.children { visit(child, domain: domain, parent: competency.id) }
        }
        for domain in framework.domains {
            if domain.competencies.isEmpty {
                out += Escaping.csvRecord(
                    [domain.id.rawValue, domain.code ?? "", text(domain.title, .domain(domain.id))] + Array(repeating: "", count: 14), quotingEdgeSpaces: true)
            }
            if !domain.description.isEmpty {
                report.loss("description", "domain descriptions: the flat table has no column for them", at: sourceMap.location(of: .domain(domain.id)))
            }
            if !domain.replaces.isEmpty {
                report.loss("lineage", "lineage (replaces): the flat table has no column for them", at: sourceMap.location(of: .domain(domain.id)))
            }
            for competency in domain.competencies { visit(competency, domain: domain, parent: nil) }
        }
        report.loss("framework-metadata", "the framework's ID, title, version, status and dates: the table holds only rows", count: 1)
        for scale in framework.scales {
            report.loss("scale", "scales (only each descriptor's level rank and label are written)", at: sourceMap.location(of: .scale(scale.id)))
        }
        for position in framework.positions {
            report.loss("position", "positions: the framework table has no place for them", at: sourceMap.location(of: .position(position.id)))
        }
        for module in framework.modules {
            report.loss("module", "training modules: the framework table has no place for them", at: sourceMap.location(of: .module(module.id)))
        }
        for rule in framework.rules {
            report.loss("rule", "assignment rules: the framework table has no place for them", at: sourceMap.location(of: .rule(rule.id)))
        }
        return Exported(files: [(name: "\(framework.id).csv", data: Data(out.utf8))], report: report)
    }
}

/// A roster in long form: one row per fact about a person.
///
/// Columns: `person, name, unit, position, fact, target, level, date, method, value, expires`.
/// `fact` is empty for a row that only introduces the person, or one of
/// `attribute` (target = name, value), `assessment` (target = competency, level, date,
/// method), `certificate` (target = kind, value = certificate ID, date = issued, expires),
/// `covers` (target = competency, level, value = certificate ID; the person's last
/// certificate when empty) and `completion` (target = module, date). Units named in the
/// `unit` column become top-level units without titles.
public struct RosterCSV: Sendable {
    public static let header = ["person", "name", "unit", "position", "fact", "target", "level", "date", "method", "value", "expires"]

    public init() {}

    static func recognises(_ header: [String]) -> Bool { header.starts(with: ["person", "name", "unit", "position", "fact"]) }

    public func export(_ roster: Roster, sourceMap: SourceMap = SourceMap()) -> Exported {
        var writer = Writer(language: Writer.language(of: roster, firstPerson: roster.people.first))
        var out = Writer.headerRecord
        for person in roster.people { out += writer.records(for: person, at: sourceMap.location(of: .person(person.id))) }
        return Exported(files: [(name: "roster.csv", data: Data(out.utf8))], report: writer.finish(header: roster))
    }

    /// The rows of a roster person by person, so that a streamed roster converts in bounded
    /// memory: ``headerRecord``, then ``records(for:at:)`` for each person, then
    /// ``finish(header:)`` for the losses. ``RosterCSV/export(_:sourceMap:)`` is the same
    /// on a whole roster.
    public struct Writer: Sendable {
        /// The header row, ended by CRLF.
        public static var headerRecord: String { Escaping.csvRecord(RosterCSV.header, quotingEdgeSpaces: true) }

        /// The language names are written in: the roster's, else that of the first person's first name.
        public static func language(of roster: Roster, firstPerson: Person?) -> String? {
            roster.language ?? firstPerson?.name.variants.first?.language
        }

        private let language: String?
        private var report = LossReport(domain: "csv")

        public init(language: String?) { self.language = language }

        /// The records of one person, each ended by CRLF; what they cannot hold is reported at `location`.
        public mutating func records(for person: Person, at location: SourceLocation?) -> String {
            var out = ""
            func row(_ fact: String, target: String = "", level: String = "", date: ISODate? = nil, method: String = "", value: String = "", expires: ISODate? = nil) {
                Escaping.appendCSVRecord([
                    person.id.rawValue, "", "", "", fact, target, level, date?.description ?? "", method, value, expires?.description ?? "",
                ], to: &out, quotingEdgeSpaces: true)
            }
            Escaping.appendCSVRecord([
                person.id.rawValue, person.name.value(preferring: language) ?? "", person.unit?.rawValue ?? "", person.position?.rawValue ?? "",
                "", "", "", "", "", "", "",
            ], to: &out, quotingEdgeSpaces: true)
            if person.name.variants.count > 1 {
                report.loss("translation", "names in other languages", at: location, count: person.name.variants.count - 1)
            }
            if person.uri != nil { report.loss("person-uri", "people's URIs", at: location) }
            if !person.extensions.isEmpty { report.loss("extension", "content of other namespaces", at: location) }
            for attribute in person.attributes { row("attribute", target: attribute.name, value: attribute.value) }
            for assessment in person.assessments {
                row("assessment", target: assessment.competency.rawValue, level: assessment.level.rawValue, date: assessment.date,
                    method: assessment.method?.rawValue ?? "")
            }
            for certificate in person.certificates {
                row("certificate", target: certificate.kind, date: certificate.issued, value: certificate.id?.rawValue ?? "", expires: certificate.expires)
                for coverage in certificate.covers {
                    row("covers", target: coverage.competency.rawValue, level: coverage.level.rawValue, value: certificate.id?.rawValue ?? "")
                }
                if certificate.uri != nil || !certificate.title.isEmpty {
                    report.loss("certificate-detail", "certificates' URIs and titles", at: location)
                }
            }
            for completion in person.completions { row("completion", target: completion.module.rawValue, date: completion.date) }
            return out
        }

        /// Everything not carried over: the people's losses so far, and the roster's own
        /// (`header`: its units and metadata).
        public func finish(header roster: Roster) -> LossReport {
            var report = report
            if !roster.units.isEmpty {
                func count(_ units: [OrgUnit]) -> Int { units.reduce(0) { $0 + 1 + count($1.units) } }
                report.loss("unit", "organisation units (their tree and titles): the table names only each person's unit", count: count(roster.units))
            }
            if roster.framework != nil || roster.asOf != nil || !roster.title.isEmpty || roster.uri != nil {
                report.loss("roster-metadata", "the roster's framework, as-of date, title and URI", count: 1)
            }
            return report
        }
    }

    /// Reads a roster; names are taken to be in `language` (empty: not stated).
    public func importRoster(_ data: Data, file: String? = nil, language: String = "") throws(DiagnosticError) -> Parsed<Roster> {
        let table = try CSVReader.read(data, file: file)
        guard Self.recognises(table.header) else {
            throw DiagnosticError(
                "csv-roster-header",
                "this CSV file is not a CompetencyKit roster: its header must start with \(Self.header.prefix(5).joined(separator: ","))",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        var errors: [Diagnostic] = []
        var report = LossReport(domain: "csv")
        table.reportRepairs(into: &report, prefix: "csv")
        var sourceMap = SourceMap()
        var people: [Person] = []
        var index: [String: Int] = [:]
        var units: [OrgUnit.ID] = []
        func column(_ name: String) -> Int? { table.column(name) }
        func date(_ row: CSVTable.Row, _ name: String) -> ISODate? {
            guard let text = row.value(column(name)) else { return nil }
            guard let date = ISODate(text) else {
                errors.append(
                    Diagnostic.interchange(.error, "csv-date", "'\(text)' in column \(name) is not a date of the form YYYY-MM-DD",
                        at: table.location(row, column: (column(name) ?? 0) + 1)))
                return nil
            }
            return date
        }
        func required(_ row: CSVTable.Row, _ name: String, _ fact: String) -> String? {
            guard let value = row.value(column(name)) else {
                errors.append(
                    Diagnostic.interchange(.error, "csv-missing-value", "a '\(fact)' row needs a value in column \(name)", at: table.location(row)))
                return nil
            }
            return value
        }
        for row in table.rows {
            guard let id = row.value(column("person")) else {
                if row.fields.contains(where: { !$0.isEmpty }) {
                    errors.append(Diagnostic.interchange(.error, "csv-missing-value", "every row needs a person ID", at: table.location(row)))
                }
                continue
            }
            guard IdentifierSyntax.isValidToken(id) else {
                errors.append(
                    Diagnostic.interchange(.error, "csv-bad-id", "'\(id)' is not a valid ID ([A-Za-z_][A-Za-z0-9._-]*)", at: table.location(row)))
                continue
            }
            let personIndex: Int
            if let existing = index[id] {
                personIndex = existing
            } else {
                personIndex = people.count
                index[id] = personIndex
                people.append(Person(id: Person.ID(id)))
                sourceMap.record(.person(Person.ID(id)), at: table.location(row))
            }
            if let name = row.value(column("name")) {
                if people[personIndex].name.isEmpty {
                    people[personIndex].name = LocalizedText(name, language: language)
                } else if people[personIndex].name.variants.first?.value != name {
                    report.loss("csv-conflicting-name", "a second, different name for a person; the first is kept", at: table.location(row))
                }
            }
            if let unit = row.value(column("unit")) {
                if people[personIndex].unit == nil {
                    people[personIndex].unit = OrgUnit.ID(unit)
                    if !units.contains(OrgUnit.ID(unit)) { units.append(OrgUnit.ID(unit)) }
                } else if people[personIndex].unit?.rawValue != unit {
                    report.loss("csv-conflicting-unit", "a second, different unit for a person; the first is kept", at: table.location(row))
                }
            }
            if let position = row.value(column("position")) {
                if people[personIndex].position == nil {
                    people[personIndex].position = Position.ID(position)
                } else if people[personIndex].position?.rawValue != position {
                    report.loss("csv-conflicting-position", "a second, different position for a person; the first is kept", at: table.location(row))
                }
            }
            let fact = row.value(column("fact")) ?? ""
            switch fact {
            case "": break
            case "attribute":
                guard let name = required(row, "target", fact) else { continue }
                people[personIndex].attributes.append(PersonAttribute(name: name, value: row.value(column("value")) ?? ""))
            case "assessment":
                guard let competency = required(row, "target", fact), let level = required(row, "level", fact) else { continue }
                var method: Assessment.Method?
                if let text = row.value(column("method")) {
                    method = Assessment.Method(rawValue: text)
                    if method == nil {
                        errors.append(
                            Diagnostic.interchange(.error, "csv-method", "'\(text)' is not an assessment method; use self, test, observed or certified",
                                at: table.location(row, column: (column("method") ?? 0) + 1)))
                    }
                }
                people[personIndex].assessments.append(
                    Assessment(competency: Competency.ID(competency), level: Level.ID(level), date: date(row, "date"), method: method))
            case "certificate":
                guard let kind = required(row, "target", fact) else { continue }
                people[personIndex].certificates.append(
                    Certificate(
                        id: row.value(column("value")).map { Certificate.ID($0) }, kind: kind, issued: date(row, "date"), expires: date(row, "expires")))
            case "covers":
                guard let competency = required(row, "target", fact), let level = required(row, "level", fact) else { continue }
                let certificates = people[personIndex].certificates
                let target = row.value(column("value")).flatMap { id in certificates.lastIndex { $0.id?.rawValue == id } } ?? (certificates.isEmpty ? nil : certificates.count - 1)
                guard let target else {
                    errors.append(
                        Diagnostic.interchange(.error, "csv-covers", "a 'covers' row needs an earlier 'certificate' row of the same person", at: table.location(row)))
                    continue
                }
                people[personIndex].certificates[target].covers.append(Coverage(competency: Competency.ID(competency), level: Level.ID(level)))
            case "completion":
                guard let module = required(row, "target", fact) else { continue }
                people[personIndex].completions.append(Completion(module: TrainingModule.ID(module), date: date(row, "date")))
            default:
                errors.append(
                    Diagnostic.interchange(.error, "csv-fact", "'\(fact)' is not a fact; use attribute, assessment, certificate, covers or completion, or leave it empty",
                        at: table.location(row, column: (column("fact") ?? 0) + 1)))
            }
        }
        if !errors.isEmpty { throw DiagnosticError(errors) }
        let roster = Roster(language: language.isEmpty ? nil : language, units: units.map { OrgUnit(id: $0) }, people: people)
        return Parsed(value: roster, sourceMap: sourceMap, report: report)
    }
}
