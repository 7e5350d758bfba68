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
        report.lossOfPlanningParts(of: framework, sourceMap: sourceMap, reason: "the framework table has no place for them")
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
        var out = Array(Writer.headerRecord.utf8)
        for person in roster.people { writer.appendRecords(for: person, at: sourceMap.location(of: .person(person.id)), to: &out) }
        return Exported(files: [(name: "roster.csv", data: Data(out))], report: writer.finish(header: roster))
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
            var out: [UInt8] = []
            appendRecords(for: person, at: location, to: &out)
            return String(decoding: out, as: UTF8.self)
        }

        /// Appends ``records(for:at:)`` to `out` as UTF-8, without a `String` per field or record.
        public mutating func appendRecords(for person: Person, at location: SourceLocation?, to out: inout [UInt8]) {
            var idField: [UInt8] = []
            Escaping.appendCSVField(person.id.rawValue, to: &idField, quotingEdgeSpaces: true)
            func field(_ text: String) {
                out.append(UInt8(ascii: ","))
                Escaping.appendCSVField(text, to: &out, quotingEdgeSpaces: true)
            }
            func date(_ value: ISODate?) {
                out.append(UInt8(ascii: ","))
                value?.appendDescription(to: &out)
            }
            // `fact` is one of a few plain words: it never needs quoting.
            func row(
                _ fact: StaticString, target: String = "", level: String = "", date on: ISODate? = nil, method: String = "", value: String = "",
                expires: ISODate? = nil
            ) {
                out.append(contentsOf: idField)
                out.appendLiteral(",,,,")
                out.appendLiteral(fact)
                field(target)
                field(level)
                date(on)
                field(method)
                field(value)
                date(expires)
                out.appendLiteral("\r\n")
            }
            out.append(contentsOf: idField)
            field(person.name.value(preferring: language) ?? "")
            field(person.unit?.rawValue ?? "")
            field(person.position?.rawValue ?? "")
            out.appendLiteral(",,,,,,,\r\n")
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
        var run = RosterCSVRun(file: file, language: language)
        var people: [Person] = []
        var index: [String: Int] = [:]
        var sourceMap = SourceMap()
        let scan = try CSVReader.scan(data, file: file, header: { run.take($0) }) { row throws(DiagnosticError) in
            guard let id = run.personID(row) else { return true }
            let personIndex: Int
            if let existing = index[id] {
                personIndex = existing
            } else {
                personIndex = people.count
                index[id] = personIndex
                people.append(Person(id: Person.ID(id)))
                sourceMap.record(.person(Person.ID(id)), at: run.location(row))
            }
            run.apply(row, to: &people[personIndex])
            return true
        }
        let (roster, report) = try run.finish(scan, people: people)
        return Parsed(value: roster, sourceMap: sourceMap, report: report)
    }

    /// Reads a roster as ``importRoster(_:file:language:)`` does, handing each person to `body`
    /// (with the line of its first row) as soon as the rows of the next person start, without
    /// holding the people: memory stays bounded whatever the number of people. `body`
    /// returns `false` to stop reading.
    ///
    /// - Returns: the roster without its people (its units and language) and what reading
    ///   repaired or lost, as ``importRoster(_:file:language:)`` has them; `nil` when the rows
    ///   of a person do not all stand together, since a person met again cannot be completed
    ///   once handed over. `body` has then seen some people already: read such a roster whole.
    /// - Throws: the errors of ``importRoster(_:file:language:)``, once the whole file is read
    ///   (a syntax error when it is met).
    public func streamRoster(
        _ data: Data, file: String? = nil, language: String = "", _ body: (Person, SourceLocation) -> Bool
    ) throws(DiagnosticError) -> Parsed<Roster>? {
        var run = RosterCSVRun(file: file, language: language)
        var current: Person?
        var currentLocation = SourceLocation(file: file, line: 1, column: 1)
        var handedOver: Set<String> = []
        var apart = false
        var stopped = false
        let scan = try CSVReader.scan(data, file: file, header: { run.take($0) }) { row throws(DiagnosticError) in
            guard let id = run.personID(row) else { return true }
            if current?.id.rawValue != id {
                if let person = current {
                    handedOver.insert(person.id.rawValue)
                    guard body(person, currentLocation) else {
                        stopped = true
                        return false
                    }
                }
                guard !handedOver.contains(id) else {
                    apart = true
                    return false
                }
                current = Person(id: Person.ID(id))
                currentLocation = run.location(row)
            }
            if var person = current {
                current = nil
                run.apply(row, to: &person)
                current = person
            }
            return true
        }
        if apart { return nil }
        let (roster, report) = try run.finish(scan, people: [])
        if !stopped, let person = current { _ = body(person, currentLocation) }
        return Parsed(value: roster, sourceMap: SourceMap(), report: report)
    }
}

/// The row-by-row reading of a roster CSV, shared by ``RosterCSV/importRoster(_:file:language:)``
/// and ``RosterCSV/streamRoster(_:file:language:_:)``: the checks of one row, and what it adds
/// to its person.
private struct RosterCSVRun {
    let file: String?
    let language: String
    var header: [String] = []
    var errors: [Diagnostic] = []
    var report = LossReport(domain: "csv")
    var units: [OrgUnit.ID] = []
    var knownUnits: Set<String> = []
    var recognised = false
    // The columns, by name.
    var person: Int?, name: Int?, unit: Int?, position: Int?, fact: Int?, target: Int?, level: Int?
    var date: Int?, method: Int?, value: Int?, expires: Int?

    init(file: String?, language: String) {
        self.file = file
        self.language = language
    }

    /// Takes the header's columns; rows are read only when it is a roster's.
    mutating func take(_ header: [String]) {
        self.header = header
        recognised = RosterCSV.recognises(header)
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        person = column("person")
        name = column("name")
        unit = column("unit")
        position = column("position")
        fact = column("fact")
        target = column("target")
        level = column("level")
        date = column("date")
        method = column("method")
        value = column("value")
        expires = column("expires")
    }

    func location(_ row: CSVRecord, column: Int = 1) -> SourceLocation { SourceLocation(file: file, line: row.line, column: column) }

    /// The person ID of `row`, or `nil` (with an error unless the row is empty).
    mutating func personID(_ row: CSVRecord) -> String? {
        guard recognised else { return nil }
        guard let id = row.value(person) else {
            if !row.isBlank {
                errors.append(Diagnostic.interchange(.error, "csv-missing-value", "every row needs a person ID", at: location(row)))
            }
            return nil
        }
        guard IdentifierSyntax.isValidToken(id) else {
            errors.append(
                Diagnostic.interchange(.error, "csv-bad-id", "'\(id)' is not a valid ID ([A-Za-z_][A-Za-z0-9._-]*)", at: location(row)))
            return nil
        }
        return id
    }

    mutating func date(_ row: CSVRecord, _ column: Int?, _ columnName: String) -> ISODate? {
        guard let text = row.value(column) else { return nil }
        guard let date = ISODate(text) else {
            errors.append(
                Diagnostic.interchange(.error, "csv-date", "'\(text)' in column \(columnName) is not a date of the form YYYY-MM-DD",
                    at: location(row, column: (column ?? 0) + 1)))
            return nil
        }
        return date
    }

    mutating func required(_ row: CSVRecord, _ column: Int?, _ columnName: String, _ fact: String) -> String? {
        guard let value = row.value(column) else {
            errors.append(
                Diagnostic.interchange(.error, "csv-missing-value", "a '\(fact)' row needs a value in column \(columnName)", at: location(row)))
            return nil
        }
        return value
    }

    /// What `row` says of `person`: its name, unit and position when not yet known, and its fact.
    mutating func apply(_ row: CSVRecord, to person: inout Person) {
        if let name = row.value(name) {
            if person.name.isEmpty {
                person.name = LocalizedText(name, language: language)
            } else if person.name.variants.first?.value != name {
                report.loss("csv-conflicting-name", "a second, different name for a person; the first is kept", at: location(row))
            }
        }
        if let unit = row.value(unit) {
            if person.unit == nil {
                person.unit = OrgUnit.ID(unit)
                if knownUnits.insert(unit).inserted { units.append(OrgUnit.ID(unit)) }
            } else if person.unit?.rawValue != unit {
                report.loss("csv-conflicting-unit", "a second, different unit for a person; the first is kept", at: location(row))
            }
        }
        if let position = row.value(position) {
            if person.position == nil {
                person.position = Position.ID(position)
            } else if person.position?.rawValue != position {
                report.loss("csv-conflicting-position", "a second, different position for a person; the first is kept", at: location(row))
            }
        }
        if row.field(fact, is: "") { return }
        if row.field(fact, is: "attribute") {
            guard let name = required(row, target, "target", "attribute") else { return }
            person.attributes.append(PersonAttribute(name: name, value: row.value(value) ?? ""))
        } else if row.field(fact, is: "assessment") {
            guard let competency = required(row, target, "target", "assessment"), let level = required(row, level, "level", "assessment") else { return }
            var method: Assessment.Method?
            if let text = row.value(self.method) {
                method = Assessment.Method(rawValue: text)
                if method == nil {
                    errors.append(
                        Diagnostic.interchange(.error, "csv-method", "'\(text)' is not an assessment method; use self, test, observed or certified",
                            at: location(row, column: (self.method ?? 0) + 1)))
                }
            }
            person.assessments.append(
                Assessment(competency: Competency.ID(competency), level: Level.ID(level), date: date(row, date, "date"), method: method))
        } else if row.field(fact, is: "certificate") {
            guard let kind = required(row, target, "target", "certificate") else { return }
            let id = row.value(value).map { Certificate.ID($0) }
            let issued = date(row, date, "date")
            person.certificates.append(Certificate(id: id, kind: kind, issued: issued, expires: date(row, expires, "expires")))
        } else if row.field(fact, is: "covers") {
            guard let competency = required(row, target, "target", "covers"), let level = required(row, level, "level", "covers") else { return }
            let certificates = person.certificates
            let target = row.value(value).flatMap { id in certificates.lastIndex { $0.id?.rawValue == id } } ?? (certificates.isEmpty ? nil : certificates.count - 1)
            guard let target else {
                errors.append(
                    Diagnostic.interchange(.error, "csv-covers", "a 'covers' row needs an earlier 'certificate' row of the same person", at: location(row)))
                return
            }
            person.certificates[target].covers.append(Coverage(competency: Competency.ID(competency), level: Level.ID(level)))
        } else if row.field(fact, is: "completion") {
            guard let module = required(row, target, "target", "completion") else { return }
            person.completions.append(Completion(module: TrainingModule.ID(module), date: date(row, date, "date")))
        } else {
            let fact = row.value(fact) ?? ""
            errors.append(
                Diagnostic.interchange(.error, "csv-fact", "'\(fact)' is not a fact; use attribute, assessment, certificate, covers or completion, or leave it empty",
                    at: location(row, column: (self.fact ?? 0) + 1)))
        }
    }

    /// The roster (with `people`) and the report, or the errors of every row.
    func finish(_ scan: CSVReader.Scan, people: [Person]) throws(DiagnosticError) -> (Roster, LossReport) {
        guard recognised else {
            throw DiagnosticError(
                "csv-roster-header",
                "this CSV file is not a CompetencyKit roster: its header must start with \(RosterCSV.header.prefix(5).joined(separator: ","))",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        if !errors.isEmpty { throw DiagnosticError(errors) }
        var repairs = LossReport(domain: "csv")
        scan.reportRepairs(into: &repairs, prefix: "csv")
        repairs.merge(report)
        let roster = Roster(language: language.isEmpty ? nil : language, units: units.map { OrgUnit(id: $0) }, people: people)
        return (roster, repairs)
    }
}
