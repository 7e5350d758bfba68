import CompetencyModel
import CompetencyDiagnostics

/// `duplicate-id`: two entities of one kind share an ID.
public struct DuplicateIDRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        identifier: "duplicate-id",
        name: "Duplicate ID",
        summary: "Two entities of one kind share an ID; a note shows where the first one is.",
        rationale: """
            References are by ID: with two competencies called `C1.1`, a requirement, a \
            module or an assessment naming `C1.1` means one of them and silently ignores the \
            other. IDs must be unique within their kind: scales, levels of one scale, domains, \
            competencies (nested ones included), positions, modules and rules in a framework; \
            units, people and certificates in a roster.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .framework(body: """
                  <domain id="D1">
                    <competency id="C1.1"><title>Searching</title></competency>
                    ↓<competency id="C1.1"><title>Filtering</title></competency>
                  </domain>
                """),
            .framework(body: """
                  <scale id="s">
                    <level id="L1" rank="1"/>
                    ↓<level id="L1" rank="2"/>
                  </scale>
                  <position id="official"/>
                  ↓<position id="official"/>
                """),
            .roster(body: """
                  <unit id="NA"/>
                  <person id="p1"/>
                  ↓<person id="p1"/>
                """),
        ],
        nonTriggeringExamples: [
            .framework(body: """
                  <domain id="C1">
                    <competency id="C1.1"><title>Searching</title></competency>
                    <competency id="C1.2"><title>Filtering</title></competency>
                  </domain>
                  <position id="C1.1"/>
                """)
        ]
    )

    public func validate(framework context: FrameworkContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        found += duplicates(context.scales.map { ($0.value.id.rawValue, Subject.scale($0.value.id), $0.occurrence) }, kind: "scale", in: context)
        for entry in context.scales where entry.occurrence == 0 {
            let scale = entry.value
            let levels = FrameworkContext.numbered(scale.levels, by: \.id)
            found += duplicates(
                levels.map { ($0.value.id.rawValue, Subject.level(scale.id, $0.value.id), $0.occurrence) },
                kind: "level", within: " in scale '\(scale.id)'", in: context)
        }
        found += duplicates(context.domains.map { ($0.value.id.rawValue, Subject.domain($0.value.id), $0.occurrence) }, kind: "domain", in: context)
        found += duplicates(
            context.competencies.map { ($0.competency.id.rawValue, Subject.competency($0.competency.id), $0.occurrence) },
            kind: "competency", in: context)
        found += duplicates(context.positions.map { ($0.value.id.rawValue, Subject.position($0.value.id), $0.occurrence) }, kind: "position", in: context)
        found += duplicates(context.modules.map { ($0.value.id.rawValue, Subject.module($0.value.id), $0.occurrence) }, kind: "module", in: context)
        found += duplicates(context.rules.map { ($0.value.id.rawValue, Subject.rule($0.value.id), $0.occurrence) }, kind: "rule", in: context)
        return found
    }

    public func validate(roster context: RosterContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if context.includesHeader {
            found += duplicates(
                context.units.lazy.filter { $0.occurrence > 0 }.map { ($0.value.id.rawValue, Subject.unit($0.value.id), $0.occurrence) },
                kind: "unit", in: context)
        }
        found += duplicates(
            context.people.lazy.filter { $0.occurrence > 0 }.map { ($0.value.id.rawValue, Subject.person($0.value.id), $0.occurrence) },
            kind: "person", in: context)
        var first: [Certificate.ID: (subject: Subject, occurrence: Int)] = [:]
        for entry in context.people where !entry.value.certificates.isEmpty {
            for (offset, certificate) in entry.value.certificates.enumerated() {
                guard let id = certificate.id else { continue }
                let subject = Subject.certificate(entry.value.id, index: offset)
                let note = "the first certificate '\(id)' is here"
                if let earlier = context.earlierCertificates[id] {
                    found.append(
                        diagnostic(
                            Self.message(kind: "certificate", id: id.rawValue), about: subject,
                            occurrence: entry.occurrence, in: context,
                            notes: [Diagnostic.Note(message: note, location: earlier.location, subject: earlier.subject)]))
                } else if let earlier = first[id] {
                    found.append(
                        diagnostic(
                            Self.message(kind: "certificate", id: id.rawValue), about: subject,
                            occurrence: entry.occurrence, in: context,
                            notes: [context.note(note, about: earlier.subject, occurrence: earlier.occurrence)]))
                } else {
                    first[id] = (subject, entry.occurrence)
                }
            }
        }
        return found
    }

    static func message(kind: String, id: String, within: String = "") -> String {
        "duplicate \(kind) ID '\(id)'\(within): another \(kind) already has it; give each \(kind) its own ID"
    }

    private func duplicates(
        _ entries: some Sequence<(id: String, subject: Subject, occurrence: Int)>, kind: String, within: String = "",
        in context: some Locating
    ) -> [Diagnostic] {
        entries.filter { $0.occurrence > 0 }.map { entry in
            diagnostic(
                Self.message(kind: kind, id: entry.id, within: within), about: entry.subject,
                occurrence: entry.occurrence, in: context,
                notes: [context.note("the first \(kind) '\(entry.id)' is here", about: entry.subject)])
        }
    }
}
