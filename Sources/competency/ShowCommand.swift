import ArgumentParser
import CompetencyKit
import Foundation

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise a framework, roster or plan document.",
        discussion: "Prints counts per kind, the scales and their levels, the languages used and the status.")

    @Argument(help: "A framework, roster or plan XML file. Omit it to summarise the bundled sample.")
    var file: String?

    @Option(help: "Output format: text or json.")
    var format: SummaryFormat = .text

    func run() throws {
        var summaries: [DocumentSummary] = []
        if let file {
            summaries.append(DocumentSummary(try InputSource.file(file).readXML().value, file: file))
        } else {
            announceSample("(framework and roster)")
            summaries.append(
                DocumentSummary(try InputSource.framework(nil).readXML().value, file: BundledSample.frameworkPath))
            summaries.append(DocumentSummary(try InputSource.roster(nil).readXML().value, file: BundledSample.rosterPath))
        }
        switch format {
        case .text:
            try emit(Data(summaries.map(\.text).joined(separator: "\n").utf8), to: nil)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try emit(try encoder.encode(summaries) + Data("\n".utf8), to: nil)
        }
    }
}

enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// What `show` reports about one document.
struct DocumentSummary: Encodable {
    var file: String
    var kind: String
    var id: String?
    var title: String?
    var version: String?
    var status: String?
    var date: String?
    var languages: [String]
    var counts: [String: Int]
    var scales: [ScaleSummary] = []
    var statuses: [String: Int] = [:]

    struct ScaleSummary: Encodable {
        var id: String
        var levels: [String]
        var bands: [String: [String]]
        var bandOrder: [String]
        var defaultLevel: String?
        var proficientLevel: String?
    }

    init(_ document: CompetencyDocument, file: String) {
        self.file = file
        var languages = Set<String>()
        func note(_ text: LocalizedText) { for variant in text.variants where !variant.language.isEmpty { languages.insert(variant.language) } }
        switch document {
        case .framework(let framework):
            kind = "framework"
            id = framework.id.rawValue
            title = framework.title.value(preferring: framework.language)
            version = framework.version
            status = framework.status?.rawValue
            date = framework.issued?.description
            let index = FrameworkIndex(framework)
            let competencies = index.allCompetencies
            [framework.title, framework.description, framework.publisher].forEach(note)
            for scale in framework.scales {
                note(scale.title)
                for level in scale.levels { note(level.label); note(level.description) }
            }
            for domain in framework.domains { note(domain.title); note(domain.description) }
            for competency in competencies {
                [competency.title, competency.statement, competency.description].forEach(note)
                for descriptor in competency.descriptors {
                    note(descriptor.text)
                    (descriptor.knowledge + descriptor.skills + descriptor.attitudes + descriptor.examples).forEach(note)
                }
            }
            framework.positions.forEach { note($0.title); note($0.description) }
            framework.modules.forEach { note($0.title); note($0.description) }
            framework.rules.forEach { note($0.title); note($0.description) }
            counts = [
                "scales": framework.scales.count,
                "levels": framework.scales.reduce(0) { $0 + $1.levels.count },
                "bands": framework.scales.reduce(0) { $0 + $1.bands.count },
                "domains": framework.domains.count,
                "competencies": competencies.count,
                "nestedCompetencies": competencies.count - framework.domains.reduce(0) { $0 + $1.competencies.count },
                "descriptors": competencies.reduce(0) { $0 + $1.descriptors.count },
                "relations": competencies.reduce(0) { $0 + $1.relations.count },
                "matches": competencies.reduce(0) { $0 + $1.matches.count },
                "positions": framework.positions.count,
                "requirements": framework.positions.reduce(0) { $0 + $1.requirements.count }
                    + framework.rules.reduce(0) { $0 + $1.requirements.count },
                "modules": framework.modules.count,
                "rules": framework.rules.count,
            ]
            scales = framework.scales.map { scale in
                let bands = scale.bands
                return ScaleSummary(
                    id: scale.id.rawValue, levels: scale.levels.map(\.id.rawValue),
                    bands: Dictionary(uniqueKeysWithValues: bands.map { ($0.id.rawValue, $0.levels.map(\.rawValue)) }),
                    bandOrder: bands.map(\.id.rawValue), defaultLevel: scale.defaultLevel?.rawValue,
                    proficientLevel: scale.proficientLevel?.rawValue)
            }
        case .roster(let roster):
            kind = "roster"
            id = roster.framework.map { "for framework \($0)" }
            title = roster.title.value(preferring: roster.language)
            date = roster.asOf?.description
            let index = RosterIndex(roster)
            note(roster.title)
            index.allUnits.forEach { note($0.title) }
            roster.people.forEach { note($0.name) }
            counts = [
                "units": index.allUnits.count,
                "people": roster.people.count,
                "assessments": roster.people.reduce(0) { $0 + $1.assessments.count },
                "certificates": roster.people.reduce(0) { $0 + $1.certificates.count },
                "completions": roster.people.reduce(0) { $0 + $1.completions.count },
            ]
        case .plan(let plan):
            kind = "plan"
            id = plan.framework.map { "for framework \($0)" }
            version = plan.version
            date = plan.asOf?.description
            counts = [
                "people": plan.people.count,
                "needs": plan.people.reduce(0) { $0 + $1.needs.count },
                "assignments": plan.people.reduce(0) { $0 + $1.assignments.count },
                "unmet": plan.people.reduce(0) { $0 + $1.unmet.count },
            ]
            for person in plan.people { statuses[person.status.rawValue, default: 0] += 1 }
        }
        self.languages = languages.sorted()
    }

    var text: String {
        var lines: [String] = []
        var heading = "\(file): \(kind)"
        if let id { heading += " \(id)" }
        if let version { heading += " version \(version)" }
        lines.append(heading)
        if let title { lines.append("  title:      \(title)") }
        if let status { lines.append("  status:     \(status)") }
        if let date { lines.append("  \(kind == "framework" ? "issued:" : "as of: ")     \(date)") }
        if !languages.isEmpty { lines.append("  languages:  \(languages.joined(separator: ", "))") }
        let order = [
            "scales", "levels", "bands", "domains", "competencies", "nestedCompetencies", "descriptors", "relations",
            "matches", "positions", "requirements", "modules", "rules", "units", "people", "assessments",
            "certificates", "completions", "needs", "assignments", "unmet",
        ]
        for key in order {
            guard let count = counts[key] else { continue }
            let name = key == "nestedCompetencies" ? "nested" : key
            lines.append("  \((name + ":").padding(toLength: 14, withPad: " ", startingAt: 0))\(count)")
        }
        for scale in scales {
            var line = "  scale \(scale.id): \(scale.levels.joined(separator: " "))"
            if !scale.bandOrder.isEmpty {
                line += " in bands " + scale.bandOrder.map { "\($0) (\((scale.bands[$0] ?? []).joined(separator: " ")))" }
                    .joined(separator: ", ")
            }
            lines.append(line)
            if scale.defaultLevel != nil || scale.proficientLevel != nil {
                lines.append("    default \(scale.defaultLevel ?? "-"), proficient \(scale.proficientLevel ?? "-")")
            }
        }
        if !statuses.isEmpty {
            lines.append("  statuses:   " + statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
