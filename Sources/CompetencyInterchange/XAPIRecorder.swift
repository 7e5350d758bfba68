public import CompetencyModel
public import CompetencyDiagnostics
public import Foundation

/// The score a `passed` statement needs for each level of a scale: `result.score.scaled`
/// at least `minimum` gives `level` (the highest step reached counts).
public struct ScoreThresholds: Hashable, Sendable {
    /// One step of a scale: the lowest scaled score (−1…1) that reaches the level.
    public struct Step: Hashable, Sendable {
        /// The lowest scaled score that reaches the level.
        public var minimum: Double
        /// The level reached.
        public var level: Level.ID
        /// A step: from `minimum` on, `level`.
        public init(minimum: Double, level: Level.ID) {
            self.minimum = minimum
            self.level = level
        }
    }

    /// The steps of each scale, in any order.
    public var scales: [Scale.ID: [Step]]

    /// Thresholds with these steps per scale.
    public init(scales: [Scale.ID: [Step]]) { self.scales = scales }

    /// The default: the levels of each scale, in rank order, share the scores from 0 to 1
    /// evenly. With n levels, the level of place k (from 0) needs a scaled score of k / n:
    /// four levels need 0, 0.25, 0.5 and 0.75.
    public static func evenlySpread(_ framework: Framework) -> ScoreThresholds {
        var scales: [Scale.ID: [Step]] = [:]
        for scale in framework.scales where scales[scale.id] == nil {
            let levels = scale.levels.sorted { $0.rank < $1.rank }
            scales[scale.id] = levels.enumerated().map { Step(minimum: Double($0.offset) / Double(levels.count), level: $0.element.id) }
        }
        return ScoreThresholds(scales: scales)
    }

    /// Reads a configuration: `{"scales": {"<scale>": {"<level>": <minimum>, …}, …}}`.
    /// Scales it does not name keep the default (``evenlySpread(_:)``). A scale or level the
    /// framework does not have, or a minimum that is not a number from −1 to 1, is an error.
    public static func read(_ data: Data, file: String?, framework: Framework) throws(DiagnosticError) -> ScoreThresholds {
        let root = try JSONParser.parse(data, file: file)
        var thresholds = evenlySpread(framework)
        guard root.isObject, let scales = root["scales"], scales.isObject else {
            throw DiagnosticError(
                DiagnosticID(domain: "usage", code: "thresholds"),
                "expected an object {\"scales\": {\"<scale>\": {\"<level>\": <minimum scaled score>}}}", at: root.location(file: file))
        }
        for (name, levels) in scales.members {
            guard let scale = framework.scales.first(where: { $0.id.rawValue == name }), levels.isObject else {
                throw DiagnosticError(
                    DiagnosticID(domain: "usage", code: "thresholds"),
                    "$.scales.\(name): the framework has no scale '\(name)' (it has \(framework.scales.map(\.id.rawValue).joined(separator: ", ")))",
                    at: levels.location(file: file))
            }
            var steps: [Step] = []
            for (level, minimum) in levels.members {
                guard scale.levels.contains(where: { $0.id.rawValue == level }) else {
                    throw DiagnosticError(
                        DiagnosticID(domain: "usage", code: "thresholds"), "$.scales.\(name).\(level): scale '\(name)' has no level '\(level)'",
                        at: minimum.location(file: file))
                }
                guard case .number(let text) = minimum.kind, let value = Double(text), value >= -1, value <= 1 else {
                    throw DiagnosticError(
                        DiagnosticID(domain: "usage", code: "thresholds"), "$.scales.\(name).\(level): expected a scaled score from -1 to 1",
                        at: minimum.location(file: file))
                }
                steps.append(Step(minimum: value, level: Level.ID(level)))
            }
            thresholds.scales[scale.id] = steps
        }
        return thresholds
    }

    /// The level a scaled score reaches on `scale`, if any.
    public func level(scaled: Double, on scale: Scale.ID) -> Level.ID? {
        (scales[scale] ?? []).filter { scaled >= $0.minimum }.max { $0.minimum < $1.minimum }?.level
    }
}

/// Records xAPI statements (1.0.3 or 2.0) in a roster: completions of training modules and
/// test assessments of competencies.
///
/// - A `completed` or `passed` statement whose activity ID is a module's `uri` becomes a
///   completion of the module, dated from `timestamp` (the date as written, in the
///   statement's own offset).
/// - A `passed` statement with `result.score.scaled` on an activity that is a competency's
///   `uri` becomes an assessment with method `test`, at the level ``ScoreThresholds`` gives.
/// - cmi5 rules hold: `passed` needs `result.success` true, `failed` needs it false, and
///   only `passed` and `failed` may carry a score.
/// - A `voided` statement makes the statement it names (`object.objectType` `StatementRef`)
///   be ignored, here or in a record an earlier run made.
/// - Every record keeps the statement's `id` (`xapi:statement`), and a statement ID seen
///   before, in the input or in the roster, counts once: recording the same statements again
///   changes nothing.
/// - The actor is the person whose attribute ``actorAttribute`` equals its `mbox` (with or
///   without `mailto:`), `account.name` or `openid`.
///
/// Nothing is dropped silently: each statement that cannot be used (malformed, an actor or
/// an activity that matches nothing, a cmi5 violation) is a warning located at the
/// statement (file, line, column, its index and ID, the JSON path of the member at fault),
/// and each statement that is valid but records nothing (another verb, `failed`, a
/// duplicate, a voided one) is a note.
public struct XAPIRecorder: Sendable {
    /// The framework whose modules and competencies the activities name by URI.
    public var framework: Framework
    /// The person attribute holding the actors' identifiers (e-mail address, account name or OpenID).
    public var actorAttribute: String
    /// The scores each level needs.
    public var thresholds: ScoreThresholds
    /// The largest statements file read, in bytes.
    public var maxFileBytes = 256 << 20

    /// A recorder for `framework`, matching actors through the person attribute
    /// `actorAttribute`, with `thresholds` (by default ``ScoreThresholds/evenlySpread(_:)``).
    public init(framework: Framework, actorAttribute: String, thresholds: ScoreThresholds? = nil) {
        self.framework = framework
        self.actorAttribute = actorAttribute
        self.thresholds = thresholds ?? .evenlySpread(framework)
    }

    /// What recording did.
    public struct Result: Sendable {
        /// The roster with the new records.
        public var roster: Roster
        /// Every statement not recorded, located (warnings for unusable ones, notes for the others).
        public var diagnostics: [Diagnostic]
        /// The statements read.
        public var statements = 0
        /// The assessments added.
        public var assessments = 0
        /// The completions added.
        public var completions = 0
        /// Records of earlier runs removed because a statement voided them.
        public var voidedRecords = 0
        /// Statements that could not be used (the warnings).
        public var unusable: Int { diagnostics.filter { $0.severity == .warning }.count }
    }

    /// The namespace of the `statement` attribute kept on each record.
    public static let namespace = SourceExtension.namespace("xapi")

    /// The ADL verb `completed`.
    public static let completed = "http://adlnet.gov/expapi/verbs/completed"
    /// The ADL verb `passed`.
    public static let passed = "http://adlnet.gov/expapi/verbs/passed"
    /// The ADL verb `failed`.
    public static let failed = "http://adlnet.gov/expapi/verbs/failed"
    /// The verb `voided`, whose object names a statement to ignore.
    public static let voided = "http://adlnet.gov/expapi/verbs/voided"

    /// Records the statements of `files` (each a JSON array of statements or an LRS
    /// `{"statements": [...]}` page) in `roster`. Throws when a file is not such JSON.
    public func record(_ files: [(data: Data, file: String?)], into roster: Roster) throws(DiagnosticError) -> Result {
        var run = XAPIRun(recorder: self, roster: roster)
        for file in files { try run.read(file.data, file: file.file) }
        return run.finish()
    }
}

private struct XAPIRun {
    let recorder: XAPIRecorder
    var roster: Roster
    var diagnostics: [Diagnostic] = []
    var statements = 0

    enum Record {
        case completion(person: Int, module: TrainingModule.ID, date: ISODate?)
        case assessment(person: Int, competency: Competency.ID, level: Level.ID, date: ISODate?)
    }

    /// Records waiting for voiding to be known: the statement's ID, where it stood, and the record.
    var pending: [(id: String, location: SourceLocation, label: String, record: Record)] = []
    var voided: Set<String> = []
    var seen: Set<String> = []
    var recorded: Set<String> = []

    var personByIdentifier: [String: Int] = [:]
    var moduleByURI: [String: TrainingModule.ID] = [:]
    var competencyByURI: [String: (id: Competency.ID, scale: Scale.ID?)] = [:]

    init(recorder: XAPIRecorder, roster: Roster) {
        self.recorder = recorder
        self.roster = roster
        for (index, person) in roster.people.enumerated() {
            for attribute in person.attributes where attribute.name == recorder.actorAttribute {
                let key = Self.identifier(attribute.value)
                if personByIdentifier[key] == nil { personByIdentifier[key] = index }
            }
            for id in Self.statementIDs(of: person) { recorded.insert(id) }
        }
        for module in recorder.framework.modules { if let uri = module.uri, moduleByURI[uri] == nil { moduleByURI[uri] = module.id } }
        let index = FrameworkIndex(recorder.framework)
        for competency in index.allCompetencies {
            if let uri = competency.uri, competencyByURI[uri] == nil {
                competencyByURI[uri] = (competency.id, competency.scale ?? recorder.framework.scales.first?.id)
            }
        }
    }

    /// An actor identifier or attribute value, compared without `mailto:`.
    static func identifier(_ text: String) -> String {
        let trimmed = Text.trimmedOfWhitespace(text)
        // `mailto:` in any case, told on the bytes.
        let scheme = Array("mailto:".utf8)
        let hasScheme = trimmed.utf8.count >= scheme.count
            && zip(trimmed.utf8.prefix(scheme.count), scheme).allSatisfy { byte, wanted in
                byte == wanted || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") && byte + 32 == wanted)
            }
        return hasScheme ? String(trimmed.dropFirst(7)) : trimmed
    }

    static func statementIDs(of person: Person) -> [String] {
        (person.assessments.map(\.extensions) + person.completions.map(\.extensions)).compactMap(statementID)
    }

    static func statementID(_ extensions: Extensions) -> String? {
        extensions.attributes.first { $0.namespace == XAPIRecorder.namespace && $0.name == "statement" }?.value
    }

    mutating func read(_ data: Data, file: String?) throws(DiagnosticError) {
        guard data.count <= recorder.maxFileBytes else {
            throw DiagnosticError(
                DiagnosticID(domain: "io", code: "limit"), "the file is \(data.count) bytes, more than the limit of \(recorder.maxFileBytes)",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        let root = try JSONParser.parse(data, file: file)
        let list: [JSONValue]
        let path: String
        if let items = root.array {
            list = items
            path = "$"
        } else if let items = root["statements"]?.array {
            list = items
            path = "$.statements"
        } else {
            throw DiagnosticError(
                DiagnosticID(domain: "usage", code: "xapi-statements"),
                "expected xAPI statements: a JSON array of statements or an LRS page {\"statements\": [...]}", at: root.location(file: file))
        }
        for (index, statement) in list.enumerated() {
            statements += 1
            read(statement, file: file, path: "\(path)[\(index)]", index: index)
        }
    }

    mutating func problem(_ code: String, _ message: String, at value: JSONValue, file: String?, label: String, severity: DiagnosticSeverity = .warning) {
        diagnostics.append(
            Diagnostic(id: DiagnosticID(domain: "xapi", code: code), severity: severity, message: "\(label): \(message)", location: value.location(file: file)))
    }

    mutating func read(_ statement: JSONValue, file: String?, path: String, index: Int) {
        var label = "statement \(index)"
        guard statement.isObject else {
            problem("malformed", "\(path) is not an object", at: statement, file: file, label: label)
            return
        }
        guard let id = statement["id"]?.string else {
            problem("malformed", "\(path).id is missing: a statement without an ID cannot be recorded only once", at: statement, file: file, label: label)
            return
        }
        label += " (\(id))"
        guard seen.insert(id).inserted, !recorded.contains(id) else {
            problem("duplicate", "its ID was seen before; it counts once", at: statement, file: file, label: label, severity: .note)
            return
        }
        guard let verb = statement["verb"]?["id"]?.string else {
            problem("malformed", "\(path).verb.id is missing", at: statement["verb"] ?? statement, file: file, label: label)
            return
        }
        let object = statement["object"]
        if verb == XAPIRecorder.voided {
            guard let object, object["objectType"]?.string == "StatementRef", let target = object["id"]?.string else {
                problem("malformed", "\(path).object: a voiding statement names a StatementRef with an id", at: object ?? statement, file: file, label: label)
                return
            }
            voided.insert(target)
            return
        }
        let result = statement["result"]
        let score = result?["score"]
        let success = result?["success"].flatMap { value -> Bool? in if case .bool(let flag) = value.kind { flag } else { nil } }
        switch verb {
        case XAPIRecorder.passed:
            guard success == true else {
                problem("cmi5", "\(path).result.success: a passed statement needs success true (cmi5)", at: result ?? statement, file: file, label: label)
                return
            }
        case XAPIRecorder.failed:
            if success != false {
                problem("cmi5", "\(path).result.success: a failed statement needs success false (cmi5)", at: result ?? statement, file: file, label: label)
            } else {
                problem("failed", "failed: nothing is recorded", at: statement, file: file, label: label, severity: .note)
            }
            return
        case XAPIRecorder.completed:
            if let score {
                problem("cmi5", "\(path).result.score: only passed and failed statements may carry a score (cmi5)", at: score, file: file, label: label)
                return
            }
        default:
            problem("verb", "the verb \(verb) records nothing (completed and passed do)", at: statement["verb"] ?? statement, file: file, label: label, severity: .note)
            return
        }
        guard let actor = statement["actor"], actor.isObject else {
            problem("malformed", "\(path).actor is missing", at: statement, file: file, label: label)
            return
        }
        if actor["objectType"]?.string == "Group" {
            problem("unmatched-actor", "\(path).actor is a Group; only agents are matched to people", at: actor, file: file, label: label)
            return
        }
        let identifiers = [actor["mbox"]?.string, actor["account"]?["name"]?.string, actor["openid"]?.string].compactMap { $0 }
        guard !identifiers.isEmpty else {
            problem("unmatched-actor", "\(path).actor has no mbox, account.name or openid to match a person by", at: actor, file: file, label: label)
            return
        }
        let people = personByIdentifier
        guard let person = identifiers.lazy.compactMap({ people[Self.identifier($0)] }).first else {
            problem(
                "unmatched-actor", "\(path).actor: no person has the attribute '\(recorder.actorAttribute)' equal to \(identifiers.joined(separator: " or "))",
                at: actor, file: file, label: label)
            return
        }
        guard let object, let activity = object["id"]?.string, (object["objectType"]?.string ?? "Activity") == "Activity" else {
            problem("malformed", "\(path).object is not an activity with an id", at: object ?? statement, file: file, label: label)
            return
        }
        var date: ISODate?
        if let timestamp = statement["timestamp"] {
            guard let text = timestamp.string, text.count >= 10, let day = ISODate(text.prefix(10)) else {
                problem("malformed", "\(path).timestamp is not an ISO 8601 date and time", at: timestamp, file: file, label: label)
                return
            }
            date = day
        }
        let location = statement.location(file: file)
        if let module = moduleByURI[activity] {
            pending.append((id, location, label, .completion(person: person, module: module, date: date)))
            return
        }
        guard let competency = competencyByURI[activity] else {
            problem("unmatched-activity", "\(path).object.id \(activity) is the URI of no module or competency of the framework", at: object, file: file, label: label)
            return
        }
        guard verb == XAPIRecorder.passed else {
            problem("verb", "completed on a competency records nothing (passed with a score does)", at: statement["verb"] ?? statement, file: file, label: label, severity: .note)
            return
        }
        guard let scaled = score?["scaled"], case .number(let text) = scaled.kind, let value = Double(text), value >= -1, value <= 1 else {
            problem("no-score", "\(path).result.score.scaled (from -1 to 1) is needed to assess a competency", at: score ?? result ?? statement, file: file, label: label)
            return
        }
        guard let scale = competency.scale, let level = recorder.thresholds.level(scaled: value, on: scale) else {
            problem("below-thresholds", "the scaled score \(text) reaches no level of the scale's thresholds", at: scaled, file: file, label: label)
            return
        }
        pending.append((id, location, label, .assessment(person: person, competency: competency.id, level: level, date: date)))
    }

    mutating func finish() -> XAPIRecorder.Result {
        var result = XAPIRecorder.Result(roster: roster, diagnostics: [])
        func mark(_ id: String) -> Extensions {
            Extensions(attributes: [ForeignAttribute(namespace: XAPIRecorder.namespace, prefix: "xapi", name: "statement", value: id)])
        }
        for entry in pending {
            if voided.contains(entry.id) {
                diagnostics.append(
                    Diagnostic(
                        id: DiagnosticID(domain: "xapi", code: "voided"), severity: .note, message: "\(entry.label): voided by a later statement; ignored",
                        location: entry.location))
                continue
            }
            switch entry.record {
            case .completion(let person, let module, let date):
                result.roster.people[person].completions.append(Completion(module: module, date: date, extensions: mark(entry.id)))
                result.completions += 1
            case .assessment(let person, let competency, let level, let date):
                result.roster.people[person].assessments.append(
                    Assessment(competency: competency, level: level, date: date, method: .test, extensions: mark(entry.id)))
                result.assessments += 1
            }
        }
        // Records of earlier runs that a statement now voids.
        for index in result.roster.people.indices {
            let before = result.roster.people[index].assessments.count + result.roster.people[index].completions.count
            result.roster.people[index].assessments.removeAll { Self.statementID($0.extensions).map(voided.contains) ?? false }
            result.roster.people[index].completions.removeAll { Self.statementID($0.extensions).map(voided.contains) ?? false }
            result.voidedRecords += before - result.roster.people[index].assessments.count - result.roster.people[index].completions.count
        }
        result.diagnostics = diagnostics
        result.statements = statements
        return result
    }
}
