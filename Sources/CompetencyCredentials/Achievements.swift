import CompetencyModel

/// What establishes a level: one assessment, certificate or completed module.
enum EvidenceSource: Hashable, Sendable {
    case assessment(Competency.ID, Assessment)
    case certificate(Certificate)
    case completion(Completion)

    var date: ISODate? {
        switch self {
        case .assessment(_, let assessment): assessment.date
        case .certificate(let certificate): certificate.issued
        case .completion(let completion): completion.date
        }
    }

    /// An `Evidence` object: what it was, when, and (for certificates and modules with one) its URI.
    func write(to json: inout JSONBuffer, index: FrameworkIndex, language: String?) {
        json.beginObject()
        switch self {
        case .assessment(let competency, let assessment):
            json.key("type")
            json.strings(["Evidence"])
            let method = assessment.method.map { " (\($0.rawValue))" } ?? ""
            json.member("name", "Assessment of \(competency) at \(assessment.level)\(method)")
            json.member("description", assessment.date.map { "Assessed on \($0)" })
            json.member("genre", "Assessment")
        case .certificate(let certificate):
            json.member("id", certificate.uri)
            json.key("type")
            json.strings(["Evidence"])
            json.member("name", certificate.title.value(preferring: language) ?? "Certificate \(certificate.kind)")
            var parts = ["Certificate"]
            if let id = certificate.id { parts.append(id.rawValue) }
            parts.append("of kind \(certificate.kind)")
            if let issued = certificate.issued { parts.append("issued \(issued)") }
            if let expires = certificate.expires { parts.append("expires \(expires)") }
            json.member("description", parts.joined(separator: " "))
            json.member("genre", "Certificate")
        case .completion(let completion):
            let module = index.module(completion.module)
            json.member("id", module?.uri)
            json.key("type")
            json.strings(["Evidence"])
            json.member("name", module?.title.value(preferring: language) ?? "Training module \(completion.module)")
            let date = completion.date.map { " on \($0)" } ?? ""
            json.member("description", "Completed training module \(completion.module)\(date)")
            json.member("genre", "Training module")
        }
        json.endObject()
    }
}

/// A person's attained level in a competency, with everything that establishes it.
struct Attainment: Sendable {
    var level: Level.ID
    var rank: Int
    /// The sources at the attained rank: the latest assessment, valid certificates, completed modules.
    var sources: [EvidenceSource]

    /// From the earliest establishing date; until the latest expiry when only expiring certificates establish it.
    var validity: Validity {
        let dates = sources.compactMap(\.date)
        var until: ISODate?
        for source in sources {
            guard case .certificate(let certificate) = source, let expires = certificate.expires else { return Validity(from: dates.min(), until: nil) }
            until = max(until ?? expires, expires)
        }
        return Validity(from: dates.min(), until: until)
    }
}

/// Attained levels as Assignment.md defines them: the highest of the latest assessment (on
/// or before the date), the covers of certificates valid on the date and the teaches of
/// completed modules; every source at that rank is kept as evidence.
struct Attainments {
    var byCompetency: [Competency.ID: Attainment] = [:]

    init(person: Person, index: FrameworkIndex, asOf: ISODate) {
        func offer(_ competency: Competency.ID, _ level: Level.ID, _ source: EvidenceSource) {
            guard let rank = index.rank(of: level, for: competency) else { return }
            if let current = byCompetency[competency] {
                if current.rank > rank { return }
                if current.rank == rank {
                    byCompetency[competency]?.sources.append(source)
                    return
                }
            }
            byCompetency[competency] = Attainment(level: level, rank: rank, sources: [source])
        }
        var latest: [Competency.ID: Assessment] = [:]
        var order: [Competency.ID] = []
        for assessment in person.assessments {
            if let date = assessment.date, date > asOf { continue }
            guard let rank = index.rank(of: assessment.level, for: assessment.competency) else { continue }
            if let current = latest[assessment.competency] {
                let currentRank = index.rank(of: current.level, for: assessment.competency) ?? Int.min
                let newer: Bool
                switch (current.date, assessment.date) {
                case (nil, nil): newer = rank > currentRank
                case (nil, .some): newer = true
                case (.some, nil): newer = false
                case (.some(let old), .some(let new)): newer = new > old || (new == old && rank > currentRank)
                }
                if !newer { continue }
            } else {
                order.append(assessment.competency)
            }
            latest[assessment.competency] = assessment
        }
        for competency in order {
            if let assessment = latest[competency] { offer(competency, assessment.level, .assessment(competency, assessment)) }
        }
        for certificate in person.certificates where certificate.isValid(on: asOf) {
            for cover in certificate.covers { offer(cover.competency, cover.level, .certificate(certificate)) }
        }
        for completion in person.completions {
            if let date = completion.date, date > asOf { continue }
            guard let module = index.module(completion.module) else { continue }
            for teaching in module.teaches { offer(teaching.competency, teaching.level, .completion(completion)) }
        }
    }
}

/// An achievement written once and spliced into every credential for it.
struct AchievementTemplate: Sendable {
    var id: String
    var name: String
    /// The `Achievement` object's JSON text.
    var json: [UInt8]
    var result: ResultTemplate?
}

/// A subject's `result`: the scale's result description and the attained level.
struct ResultTemplate: Sendable {
    var resultDescription: String
    var achievedLevel: String
}

/// A rule in effect, its requirements expanded to competencies with required ranks.
struct RuleTemplate: Sendable {
    var id: AssignmentRule.ID
    var template: AchievementTemplate
    var requirements: [(Competency.ID, Int)]
}

/// Writes achievements: the field mapping of Credentials.md.
struct AchievementWriter {
    let index: FrameworkIndex
    let options: CredentialIssuer.Options

    var language: String? { options.language ?? index.framework.language }

    /// The base of every identifier: the framework's URI, else a CompetencyKit URN of its ID.
    var base: String { index.framework.uri ?? "urn:competencykit:1:\(index.framework.id)" }
    var version: String { index.framework.version ?? "unversioned" }

    func text(_ text: LocalizedText) -> String? { text.value(preferring: language) }

    func levelID(_ scale: Scale, _ level: Level.ID) -> String {
        "\(base)/scales/\(scale.id)/levels/\(level)/\(version)"
    }

    func targetType(for uri: String) -> String? {
        switch options.alignmentSource {
        case .caseItems: return "CFItem"
        case .ctdl: return "ceasn:Competency"
        case .inferred:
            if uri.contains("/CFItems/") { return "CFItem" }
            if uri.contains("credentialengineregistry.org/") || uri.contains("/resources/ce-") { return "ceasn:Competency" }
            return nil
        }
    }

    func alignment(_ competency: Competency, to json: inout JSONBuffer) {
        guard let uri = competency.uri else { return }
        json.beginObject()
        json.key("type")
        json.strings(["Alignment"])
        json.member("targetName", text(competency.title) ?? competency.id.rawValue)
        json.member("targetUrl", uri)
        json.member("targetDescription", text(competency.statement))
        json.member("targetCode", competency.code)
        json.member("targetFramework", text(index.framework.title))
        json.member("targetType", targetType(for: uri))
        json.endObject()
    }

    func competency(_ competency: Competency, level: Level.ID) -> AchievementTemplate? {
        guard let scale = index.scale(of: competency.id), let levelInfo = scale.levels.first(where: { $0.id == level })
        else { return nil }
        let id = "\(base)/achievements/\(competency.id)/\(level)/\(version)"
        let title = text(competency.title) ?? competency.id.rawValue
        let label = text(levelInfo.label) ?? level.rawValue
        let name = "\(title) — \(label)"
        let descriptor = competency.descriptors.first { $0.level == level }
        let narrative = descriptor.flatMap { text($0.text) } ?? text(levelInfo.description) ?? label
        let description = text(competency.statement) ?? text(competency.description) ?? title
        let resultDescription = "\(base)/scales/\(scale.id)/\(version)"

        var json = JSONBuffer()
        json.beginObject()
        json.member("id", id)
        json.key("type")
        json.strings(["Achievement"])
        json.member("achievementType", "Competency")
        json.member("name", name)
        json.member("description", description)
        json.key("criteria")
        json.beginObject()
        json.member("narrative", narrative)
        json.endObject()
        json.member("humanCode", competency.code)
        json.member("inLanguage", language)
        json.member("version", index.framework.version)
        if competency.uri != nil {
            json.key("alignment")
            json.beginArray()
            alignment(competency, to: &json)
            json.endArray()
        }
        json.key("resultDescription")
        json.beginArray()
        json.beginObject()
        json.member("id", resultDescription)
        json.key("type")
        json.strings(["ResultDescription"])
        json.member("name", text(scale.title) ?? "Proficiency (\(scale.id))")
        json.member("resultType", "RubricCriterionLevel")
        json.key("rubricCriterionLevel")
        json.beginArray()
        for rankLevel in scale.levels.sorted(by: { $0.rank < $1.rank }) {
            json.beginObject()
            json.member("id", levelID(scale, rankLevel.id))
            json.key("type")
            json.strings(["RubricCriterionLevel"])
            json.member("name", text(rankLevel.label) ?? rankLevel.id.rawValue)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.endArray()
        json.endObject()
        return AchievementTemplate(
            id: id, name: name, json: json.bytes,
            result: ResultTemplate(resultDescription: resultDescription, achievedLevel: levelID(scale, level)))
    }

    /// A rule in effect on the date with at least one requirement, as an achievement of type `Certificate`.
    func rule(_ rule: AssignmentRule, asOf: ISODate) -> RuleTemplate? {
        guard rule.isInEffect(on: asOf) else { return nil }
        var requirements: [(Competency.ID, Int)] = []
        var lines: [String] = []
        var aligned: [Competency] = []
        func add(_ competency: Competency.ID, _ level: Level.ID) {
            guard index.isDefined(level, for: competency), let rank = index.rank(of: level, for: competency) else { return }
            if let existing = requirements.firstIndex(where: { $0.0 == competency }) {
                requirements[existing].1 = max(requirements[existing].1, rank)
            } else {
                requirements.append((competency, rank))
                if let info = index.competency(competency), info.uri != nil { aligned.append(info) }
            }
        }
        func label(_ level: Level.ID, on competency: Competency.ID?) -> String {
            let info = competency.flatMap { index.scale(of: $0) }?.levels.first { $0.id == level }
            return info.flatMap { text($0.label) } ?? level.rawValue
        }
        for requirement in rule.requirements {
            switch requirement.target {
            case .competency(let competency):
                add(competency, requirement.level)
                let title = index.competency(competency).flatMap { text($0.title) } ?? competency.rawValue
                lines.append("\(title): \(label(requirement.level, on: competency))")
            case .domain(let domain):
                let members = index.competencies(in: domain)
                for competency in members { add(competency, requirement.level) }
                let title = index.domain(domain).flatMap { text($0.title) } ?? domain.rawValue
                lines.append("every competency of \(title): \(label(requirement.level, on: members.first))")
            }
        }
        guard !requirements.isEmpty else { return nil }
        let id = "\(base)/rules/\(rule.id)/\(version)"
        let name = text(rule.title) ?? rule.id.rawValue
        var json = JSONBuffer()
        json.beginObject()
        json.member("id", id)
        json.key("type")
        json.strings(["Achievement"])
        json.member("achievementType", "Certificate")
        json.member("name", name)
        json.member("description", text(rule.description) ?? name)
        json.key("criteria")
        json.beginObject()
        json.member("narrative", "Attains " + lines.joined(separator: "; ") + ".")
        json.endObject()
        json.member("inLanguage", language)
        json.member("version", index.framework.version)
        if !aligned.isEmpty {
            json.key("alignment")
            json.beginArray()
            for competency in aligned { alignment(competency, to: &json) }
            json.endArray()
        }
        json.endObject()
        return RuleTemplate(
            id: rule.id, template: AchievementTemplate(id: id, name: name, json: json.bytes, result: nil),
            requirements: requirements)
    }
}
