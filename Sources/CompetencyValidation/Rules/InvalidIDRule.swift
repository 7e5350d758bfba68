import CompetencyModel
import CompetencyDiagnostics

/// `invalid-id`: an ID is not a valid token.
public struct InvalidIDRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "invalid-id",
        name: "Invalid ID",
        summary: "An ID is not a valid token: a letter or '_' first, then letters, digits, '.', '_' or '-'.",
        rationale: """
            IDs travel: into references, URLs, CSV columns, other systems' keys. Spaces, \
            leading digits and punctuation break some of those places, so every ID follows \
            one lexical rule, `[A-Za-z_][A-Za-z0-9._-]*`, the same in the schema and here \
            (frameworks built in code are checked too).
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    ↓<competency id="1.1"><title>Searching</title></competency>
                  </domain>
                  ↓<position id="it officer"/>
                """),
            .roster(body: """
                  ↓<person id="p#1"/>
                """),
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                    <competency id="_draft-2.a"><title>Filtering</title></competency>
                  </domain>
                  <position id="it-officer"/>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func check(_ id: String, _ kind: String, _ subject: Subject, _ occurrence: Int = 0) {
            guard !IdentifierSyntax.isValidToken(id) else { return }
            found.append(Self.finding(self, id: id, kind: kind, subject: subject, occurrence: occurrence, in: context))
        }
        check(context.framework.id.rawValue, "framework", .framework(context.framework.id))
        for entry in context.scales {
            check(entry.value.id.rawValue, "scale", .scale(entry.value.id), entry.occurrence)
            for level in entry.value.levels {
                check(level.id.rawValue, "level", .level(entry.value.id, level.id), entry.occurrence)
            }
        }
        for entry in context.domains { check(entry.value.id.rawValue, "domain", .domain(entry.value.id), entry.occurrence) }
        for entry in context.competencies {
            check(entry.competency.id.rawValue, "competency", .competency(entry.competency.id), entry.occurrence)
        }
        for entry in context.positions { check(entry.value.id.rawValue, "position", .position(entry.value.id), entry.occurrence) }
        for entry in context.modules { check(entry.value.id.rawValue, "module", .module(entry.value.id), entry.occurrence) }
        for entry in context.rules { check(entry.value.id.rawValue, "rule", .rule(entry.value.id), entry.occurrence) }
        return found
    }

    public func validate(roster context: RosterContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        func check(_ id: String, _ kind: String, _ subject: Subject, _ occurrence: Int) {
            guard !IdentifierSyntax.isValidToken(id) else { return }
            found.append(Self.finding(self, id: id, kind: kind, subject: subject, occurrence: occurrence, in: context))
        }
        for entry in context.units where context.includesHeader { check(entry.value.id.rawValue, "unit", .unit(entry.value.id), entry.occurrence) }
        for entry in context.people {
            check(entry.value.id.rawValue, "person", .person(entry.value.id), entry.occurrence)
            for (offset, certificate) in entry.value.certificates.enumerated() {
                guard let id = certificate.id else { continue }
                check(id.rawValue, "certificate", .certificate(entry.value.id, index: offset), entry.occurrence)
            }
        }
        return found
    }

    private static func finding(
        _ rule: Self, id: String, kind: String, subject: Subject, occurrence: Int, in context: some Locating
    ) -> Diagnostic {
        let fix = repaired(id).map { Diagnostic.FixIt(message: "use '\($0)' instead", replacement: $0, original: id) }
        return rule.diagnostic(
            "'\(id)' is not a valid \(kind) ID: start it with a letter or '_', then use only letters, digits, '.', '_' and '-'",
            about: subject, occurrence: occurrence, in: context, fix: fix)
    }

    /// A valid ID close to `id`: invalid characters become '-', a bad first character gets
    /// a '_' before it.
    static func repaired(_ id: String) -> String? {
        var scalars = String.UnicodeScalarView()
        for scalar in id.trimmingSpaces.unicodeScalars {
            let valid = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            scalars.append(valid ? scalar : "-")
        }
        var candidate = String(scalars)
        if let first = candidate.unicodeScalars.first, !(first.isASCII && (first.properties.isAlphabetic || first == "_")) {
            candidate = "_" + candidate
        }
        return IdentifierSyntax.isValidToken(candidate) ? candidate : nil
    }
}
