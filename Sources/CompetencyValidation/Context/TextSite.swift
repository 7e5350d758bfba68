import CompetencyModel

/// One human-readable text of a document and the entity that holds it.
struct TextSite {
    /// The element name: `title`, `label`, `description`, `text`, `knowledge`, …
    var element: String
    var text: LocalizedText
    var subject: Subject
    var occurrence: Int
}

extension FrameworkContext {
    /// Every text of the framework, in document order.
    var texts: [TextSite] { texts { _ in true } }

    /// The texts that `keep` accepts (cheaper than filtering ``texts`` for large documents).
    func texts(where keep: (LocalizedText) -> Bool) -> [TextSite] {
        var sites: [TextSite] = []
        func add(_ element: String, _ text: LocalizedText, _ subject: @autoclosure () -> Subject, _ occurrence: Int = 0) {
            if !text.isEmpty && keep(text) {
                sites.append(TextSite(element: element, text: text, subject: subject(), occurrence: occurrence))
            }
        }
        let framework = self.framework
        add("title", framework.title, .framework(framework.id))
        add("description", framework.description, .framework(framework.id))
        add("publisher", framework.publisher, .framework(framework.id))
        for entry in scales {
            let scale = entry.value
            add("title", scale.title, .scale(scale.id), entry.occurrence)
            add("description", scale.description, .scale(scale.id), entry.occurrence)
            for level in scale.levels {
                add("label", level.label, .level(scale.id, level.id), entry.occurrence)
                add("description", level.description, .level(scale.id, level.id), entry.occurrence)
            }
        }
        for entry in domains {
            add("title", entry.value.title, .domain(entry.value.id), entry.occurrence)
            add("description", entry.value.description, .domain(entry.value.id), entry.occurrence)
        }
        for competencyEntry in competencies {
            let competency = competencyEntry.competency
            let occurrence = competencyEntry.occurrence
            add("title", competency.title, .competency(competency.id), occurrence)
            add("statement", competency.statement, .competency(competency.id), occurrence)
            add("description", competency.description, .competency(competency.id), occurrence)
            for (offset, descriptor) in competency.descriptors.enumerated() {
                add("text", descriptor.text, .descriptor(competency.id, index: offset), occurrence)
                for text in descriptor.knowledge { add("knowledge", text, .descriptor(competency.id, index: offset), occurrence) }
                for text in descriptor.skills { add("skill", text, .descriptor(competency.id, index: offset), occurrence) }
                for text in descriptor.attitudes { add("attitude", text, .descriptor(competency.id, index: offset), occurrence) }
                for text in descriptor.examples { add("example", text, .descriptor(competency.id, index: offset), occurrence) }
            }
        }
        for entry in positions {
            add("title", entry.value.title, .position(entry.value.id), entry.occurrence)
            add("description", entry.value.description, .position(entry.value.id), entry.occurrence)
        }
        for entry in modules {
            add("title", entry.value.title, .module(entry.value.id), entry.occurrence)
            add("description", entry.value.description, .module(entry.value.id), entry.occurrence)
        }
        for entry in rules {
            add("title", entry.value.title, .rule(entry.value.id), entry.occurrence)
            add("description", entry.value.description, .rule(entry.value.id), entry.occurrence)
        }
        return sites
    }
}

extension RosterContext {
    /// Every text of the roster, in document order of kind (roster, units, people).
    var texts: [TextSite] { texts { _ in true } }

    /// The texts that `keep` accepts (cheaper than filtering ``texts`` for large documents).
    func texts(where keep: (LocalizedText) -> Bool) -> [TextSite] {
        var sites: [TextSite] = []
        func add(_ element: String, _ text: LocalizedText, _ subject: @autoclosure () -> Subject, _ occurrence: Int = 0) {
            if !text.isEmpty && keep(text) {
                sites.append(TextSite(element: element, text: text, subject: subject(), occurrence: occurrence))
            }
        }
        if includesHeader { add("title", roster.title, .roster) }
        for entry in units where includesHeader { add("title", entry.value.title, .unit(entry.value.id), entry.occurrence) }
        for entry in people {
            let person = entry.value
            add("name", person.name, .person(person.id), entry.occurrence)
            for (offset, certificate) in person.certificates.enumerated() {
                add("title", certificate.title, .certificate(person.id, index: offset), entry.occurrence)
            }
        }
        return sites
    }
}
