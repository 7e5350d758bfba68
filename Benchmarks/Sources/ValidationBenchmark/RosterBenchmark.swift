import CompetencyModel
import CompetencyValidation
import CompetencyXML
import CompetencyDiagnostics
import Foundation

/// A roster document of about `megabytes` MB for a framework made by `generate(scale:)`.
func rosterDocument(megabytes: Int, framework: Framework) -> Data {
    let competencies = framework.domains.flatMap(\.competencies).map(\.id.rawValue)
    let positions = framework.positions.map(\.id.rawValue)
    let modules = framework.modules.map(\.id.rawValue)
    var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    text += #"<roster xmlns="urn:competencykit:1" framework="generated" as-of="2026-01-15">"# + "\n"
    text += "  <unit id=\"U\"><title>Institution</title>\n"
    for unit in 0..<100 { text += "    <unit id=\"U\(unit)\"><title>Unit \(unit)</title></unit>\n" }
    text += "  </unit>\n"
    var person = 0
    while text.utf8.count < megabytes * 1_000_000 {
        var chunk = ""
        for _ in 0..<1_000 {
            let competency = competencies[(person * 13) % competencies.count]
            chunk += """
                  <person id="p\(person)" unit="U\(person % 100)" position="\(positions[person % positions.count])">
                    <name>Person number \(person)</name>
                    <attribute name="deputy" value="\(person % 50 == 0)"/>
                    <assessment competency="\(competency)" level="L1" date="2025-10-01" method="test"/>
                    <assessment competency="\(competencies[(person * 7) % competencies.count])" level="L2" date="2025-11-01" method="self"/>
                    <certificate id="cert-\(person)" kind="digital-basic" issued="2025-11-02" expires="2027-11-02">
                      <covers competency="\(competency)" level="L2"/>
                    </certificate>
                    <completion module="\(modules[person % modules.count])" date="2025-12-01"/>
                  </person>

                """
            person += 1
        }
        text += chunk
    }
    text += "</roster>\n"
    return Data(text.utf8)
}

/// Reading a roster, then validating it against its framework: how much validation adds.
func benchmarkRoster(framework: Framework, megabytes: Int) {
    let data = rosterDocument(megabytes: megabytes, framework: framework)
    var parsed: Parsed<Roster>?
    var failure: (any Error)?
    let read = best(2) {
        do { parsed = try XMLReader().readRoster(data, file: "roster.xml") } catch { failure = error }
    }
    guard let parsed else {
        print("the generated roster could not be read: \(failure.map { "\($0)" } ?? "")")
        return
    }
    var findings = 0
    let validate = best(2) { findings = Validator().validate(parsed.value, sourceMap: parsed.sourceMap, framework: framework).count }
    print(
        String(
            format: "roster of %.0f MB, %d people: read %.3f s, validate %.3f s (+%.0f%%), %d findings", Double(data.count) / 1e6,
            parsed.value.people.count, read, validate, 100 * validate / read, findings))
}
