// Generated inputs of a given size for every format the importers read. Each generator
// writes records until the file reaches the size asked for, so that 30 MB and 100 MB files
// have the same shape and differ only in their number of records.
import Foundation

/// Appends text to a file in large blocks.
struct BlockWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var written = 0

    init(_ url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        written += text.utf8.count
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() {
        flush()
        try? handle.close()
    }
}

/// A deterministic UUID-shaped identifier for entity `number` of kind `kind`.
func uuid(_ kind: Int, _ number: Int) -> String {
    let tail = String(number, radix: 16)
    return String(format: "%08x-7c1e-4a5b-9d2f-", kind) + String(repeating: "0", count: max(0, 12 - tail.count)) + tail
}

/// Words for statements, so that texts vary in length and content.
let words = [
    "apply", "safe", "handling", "of", "knives", "and", "plan", "the", "menu", "with", "regard", "to", "seasonal", "produce",
    "explain", "food", "hygiene", "rules", "to", "new", "staff", "measure", "portions", "accurately", "keep", "records",
    "café", "phở", "bánh", "mì", "Größe", "naïve",
]

func sentence(_ seed: Int, length: Int) -> String {
    var parts: [String] = []
    var state = UInt64(truncatingIfNeeded: seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    for _ in 0..<length {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        parts.append(words[Int(state >> 33) % words.count])
    }
    return parts.joined(separator: " ")
}

func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

enum Inputs {
    /// Competencies per domain in the generated frameworks; each competency has children
    /// under it in groups of `perParent`.
    static let perDomain = 2_000
    static let perParent = 10

    // MARK: CASE

    /// A CASE 1.0 package as OpenSALT writes it: a CFDocument, items with their document
    /// link and timestamps, an `isChildOf` per item, `precedes` and `exactMatchOf` links,
    /// and one rubric.
    static func writeCASE(to url: URL, bytes target: Int) throws -> Int {
        var out = try BlockWriter(url)
        let host = "https://case.example.org/ims/case/v1p0"
        let document = uuid(1, 0)
        let documentLink = "{\"title\": \"Generated kitchen framework\", \"identifier\": \"\(document)\", \"uri\": \"\(host)/CFDocuments/\(document)\"}"
        out.write(
            """
            {
              "CFDocument": {
                "identifier": "\(document)", "uri": "\(host)/CFDocuments/\(document)",
                "creator": "CompetencyKit benchmarks", "title": "Generated kitchen framework", "version": "1.0",
                "lastChangeDateTime": "2026-01-15T08:00:00+00:00", "adoptionStatus": "Draft", "language": "en",
                "CFPackageURI": {"title": "Generated kitchen framework", "identifier": "\(document)", "uri": "\(host)/CFPackages/\(document)"}
              },
              "CFItems": [

            """)
        // Items are written first, then their associations: the associations take a little
        // more room than the items, so items stop at 36 % of the target.
        var count = 0
        while out.written < target * 36 / 100 {
            let domain = count % perDomain == 0
            let type = domain ? "Domain" : "Competency"
            let id = uuid(2, count)
            let code = domain ? "D\(count / perDomain)" : "D\(count / perDomain).\(count % perDomain)"
            out.write(
                (count == 0 ? "" : ",\n")
                    + """
                        {"identifier": "\(id)", "uri": "\(host)/CFItems/\(id)", "CFDocumentURI": \(documentLink), \
                    "fullStatement": \(jsonString(sentence(count, length: 8 + count % 13))), "humanCodingScheme": "\(code)", \
                    "CFItemType": "\(type)", "language": "en", "lastChangeDateTime": "2026-01-15T08:00:00+00:00"\
                    \(count % 3 == 0 ? ", \"notes\": \(jsonString(sentence(count + 1, length: 12)))" : "")}
                    """)
            count += 1
        }
        out.write("\n  ],\n  \"CFAssociations\": [\n")
        var association = 0
        func link(_ item: Int) -> String {
            let id = uuid(2, item)
            return "{\"title\": \"item \(item)\", \"identifier\": \"\(id)\", \"uri\": \"\(host)/CFItems/\(id)\"}"
        }
        func associate(_ type: String, _ origin: String, _ destination: String, sequence: Int?) {
            let id = uuid(3, association)
            out.write(
                (association == 0 ? "" : ",\n")
                    + """
                        {"identifier": "\(id)", "uri": "\(host)/CFAssociations/\(id)", "CFDocumentURI": \(documentLink), \
                    "associationType": "\(type)", "originNodeURI": \(origin), "destinationNodeURI": \(destination)\
                    \(sequence.map { ", \"sequenceNumber\": \($0)" } ?? ""), "lastChangeDateTime": "2026-01-15T08:00:00+00:00"}
                    """)
            association += 1
        }
        for item in 0..<count {
            let inDomain = item % perDomain
            if inDomain == 0 {
                associate("isChildOf", link(item), documentLink, sequence: item / perDomain + 1)
            } else {
                // The first `perParent` competencies of a domain sit under the domain, the
                // others under one of those.
                let parent = inDomain <= perParent ? item - inDomain : item - inDomain + 1 + (inDomain - 1) % perParent
                associate("isChildOf", link(item), link(parent), sequence: inDomain)
            }
            if inDomain > perParent + 1, item % 5 == 0 { associate("precedes", link(item - 1), link(item), sequence: nil) }
            if inDomain > 0, item % 7 == 0 {
                let external = "{\"title\": \"elsewhere\", \"identifier\": \"\(uuid(9, item))\", \"uri\": \"https://other.example.org/items/\(uuid(9, item))\"}"
                associate("exactMatchOf", link(item), external, sequence: nil)
            }
        }
        out.write("\n  ]\n}\n")
        out.close()
        return count
    }

    // MARK: CSV formats

    /// An ESCO v1.2 download of three files: the skills hierarchy (4 levels), the skills,
    /// each under a level-3 concept, and the skill-to-skill relations.
    static func writeESCO(to folder: URL, bytes target: Int) throws -> Int {
        let base = "http://data.europa.eu/esco/skill/"
        var hierarchy = try BlockWriter(folder.appendingPathComponent("skillsHierarchy_en.csv"))
        hierarchy.write(
            "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,Level 2 preferred term,"
                + "Level 3 URI,Level 3 preferred term,Description,Scope note,Level 0 code,Level 1 code,Level 2 code,Level 3 code\n")
        var leaves: [String] = []
        for top in 0..<4 {
            let l0 = base + uuid(10, top)
            hierarchy.write("\(l0),area \(top),,,,,,,\(csvField(sentence(top, length: 10))),,S\(top)\n")
            for middle in 0..<10 {
                let l1 = base + uuid(11, top * 10 + middle)
                hierarchy.write("\(l0),area \(top),\(l1),group \(top).\(middle),,,,,\(csvField(sentence(middle, length: 9))),,S\(top),S\(top).\(middle)\n")
                for low in 0..<10 {
                    let l2 = base + uuid(12, (top * 10 + middle) * 10 + low)
                    hierarchy.write(
                        "\(l0),area \(top),\(l1),group \(top).\(middle),\(l2),group \(top).\(middle).\(low),,,\(csvField(sentence(low, length: 8))),,"
                            + "S\(top),S\(top).\(middle),S\(top).\(middle).\(low)\n")
                    for leaf in 0..<5 {
                        let l3 = base + uuid(13, ((top * 10 + middle) * 10 + low) * 5 + leaf)
                        leaves.append(l3)
                        hierarchy.write(
                            "\(l0),area \(top),\(l1),group \(top).\(middle),\(l2),group \(top).\(middle).\(low),\(l3),"
                                + "group \(top).\(middle).\(low).\(leaf),\(csvField(sentence(leaf, length: 8))),,"
                                + "S\(top),S\(top).\(middle),S\(top).\(middle).\(low),S\(top).\(middle).\(low).\(leaf)\n")
                    }
                }
            }
        }
        hierarchy.close()
        var skills = try BlockWriter(folder.appendingPathComponent("skills_en.csv"))
        skills.write("conceptType,conceptUri,preferredLabel,status,skillType,reuseLevel,altLabels,description,broaderConceptUri,broaderConceptPT\n")
        var count = 0
        while skills.written < target * 75 / 100 {
            let leaf = leaves[count % leaves.count]
            skills.write(
                "KnowledgeSkillCompetence,\(base)\(uuid(14, count)),\(csvField(sentence(count, length: 4))),released,knowledge,sector-specific,"
                    + "\(csvField(sentence(count + 7, length: 3))),\(csvField(sentence(count + 3, length: 14 + count % 9))),\(leaf),group\n")
            count += 1
        }
        skills.close()
        var relations = try BlockWriter(folder.appendingPathComponent("skillSkillRelations_en.csv"))
        relations.write("originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri\n")
        var relation = 0
        while skills.written + relations.written < target {
            let from = (relation * 7_919) % count
            let to = (from + 1 + relation % 97) % count
            relations.write("\(base)\(uuid(14, from)),knowledge,\(relation % 3 == 0 ? "essential" : "optional"),knowledge,\(base)\(uuid(14, to))\n")
            relation += 1
        }
        relations.close()
        return count
    }

    /// The SFIA skills file: categories, subcategories, skills with the levels they are
    /// defined at and a description per level.
    static func writeSFIA(to url: URL, bytes target: Int) throws -> Int {
        var out = try BlockWriter(url)
        out.write(
            "#,Levels,,,,,,,Code,URL,Skill,Category,Subcategory,Overall description,Guidance notes,"
                + "Level 1 description,Level 2 description,Level 3 description,Level 4 description,Level 5 description,"
                + "Level 6 description,Level 7 description\n")
        var count = 0
        while out.written < target {
            let code = "S" + String(count, radix: 36).uppercased()
            let first = 1 + count % 4
            let last = min(7, first + 2 + count % 3)
            let levels = (1...7).map { $0 >= first && $0 <= last ? String($0) : "" }.joined(separator: ",")
            let descriptions = (1...7).map { $0 >= first && $0 <= last ? csvField(sentence(count * 7 + $0, length: 20)) : "" }
                .joined(separator: ",")
            out.write(
                "\(count + 1),\(levels),\(code),https://sfia.example.org/skill/\(code),\(csvField(sentence(count, length: 3))),"
                    + "category \(count % 6),subcategory \(count % 6).\(count % 40),\(csvField(sentence(count + 1, length: 25))),"
                    + "\(csvField(sentence(count + 2, length: 30))),\(descriptions)\n")
            count += 1
        }
        out.close()
        return count
    }

    /// A roster in long form: each person introduced, with an e-mail attribute, two
    /// assessments and a completion.
    static func writeRosterCSV(to url: URL, bytes target: Int) throws -> Int {
        var out = try BlockWriter(url)
        out.write("person,name,unit,position,fact,target,level,date,method,value,expires\r\n")
        var count = 0
        while out.written < target {
            let person = "p\(count)"
            let day = String(format: "2026-%02d-%02d", 1 + count % 12, 1 + count % 28)
            out.write(
                "\(person),\(csvField(sentence(count, length: 2))),unit-\(count % 50),cook,,,,,,,\r\n"
                    + "\(person),,,,attribute,email,,,,\(person)@example.org,\r\n"
                    + "\(person),,,,assessment,knife,able,\(day),observed,,\r\n"
                    + "\(person),,,,assessment,hygiene,expert,\(day),test,,\r\n"
                    + "\(person),,,,completion,M-knife,,\(day),,,\r\n")
            count += 1
        }
        out.close()
        return count
    }

    // MARK: xAPI

    /// A roster of `people` people with e-mail attributes, and xAPI statements about them:
    /// passed statements with a scaled score on the competencies of `Fixtures/xapi` and
    /// completed statements on its modules.
    static func writeXAPI(statements url: URL, roster: URL, people: Int, bytes target: Int) throws -> Int {
        var names = try BlockWriter(roster)
        names.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<roster xmlns=\"urn:competencykit:1\" framework=\"kitchen\">\n")
        for person in 0..<people {
            names.write("  <person id=\"p\(person)\"><name>Person \(person)</name><attribute name=\"email\" value=\"p\(person)@example.org\"/></person>\n")
        }
        names.write("</roster>\n")
        names.close()
        var out = try BlockWriter(url)
        out.write("[\n")
        let activities = [
            ("passed", "https://lms.example.org/activities/knife-test"), ("completed", "https://lms.example.org/courses/knife-basics"),
            ("passed", "https://lms.example.org/activities/hygiene-test"), ("completed", "https://lms.example.org/courses/hygiene"),
        ]
        var count = 0
        while out.written < target {
            let (verb, activity) = activities[count % activities.count]
            let result =
                verb == "passed"
                ? "{\"score\": {\"scaled\": 0.\(5 + count % 5), \"raw\": \(50 + count % 50), \"min\": 0, \"max\": 100}, \"success\": true, \"completion\": true}"
                : "{\"completion\": true}"
            out.write(
                (count == 0 ? "" : ",\n")
                    + """
                      {"id": "\(uuid(20, count))", "actor": {"objectType": "Agent", "name": "Person \(count % people)", \
                    "mbox": "mailto:p\(count % people)@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/\(verb)", \
                    "display": {"en-US": "\(verb)"}}, "object": {"objectType": "Activity", "id": "\(activity)"}, "result": \(result), \
                    "timestamp": "2026-\(String(format: "%02d-%02d", 1 + count % 12, 1 + count % 28))T09:15:00Z"}
                    """)
            count += 1
        }
        out.write("\n]\n")
        out.close()
        return count
    }

    // MARK: CTDL-ASN

    /// A CTDL-ASN framework in JSON-LD as Credential Engine publishes one: the framework
    /// node, then competencies with language maps, `isChildOf` or `isTopChildOf`, `isPartOf`
    /// and now and then an exact alignment, in the same tree as the CASE package.
    static func writeCTDL(to url: URL, bytes target: Int) throws -> Int {
        var out = try BlockWriter(url)
        let base = "https://ctdl.example.org/resources/"
        let framework = base + uuid(30, 0)
        out.write(
            """
            {
              "@context": "https://credreg.net/ctdlasn/schema/context/json",
              "@graph": [
                {"@id": "\(framework)", "@type": "ceasn:CompetencyFramework", "ceasn:name": {"en-US": "Generated kitchen framework"},
                 "ceasn:publisherName": {"en-US": "CompetencyKit benchmarks"}, "ceasn:inLanguage": ["en-US"], "ceasn:dateCreated": "2026-01-15"}
            """)
        var count = 0
        while out.written < target {
            let inDomain = count % perDomain
            let id = base + uuid(31, count)
            let link: String
            if inDomain == 0 {
                link = "\"ceasn:isTopChildOf\": \"\(framework)\""
            } else {
                let parent = inDomain <= perParent ? count - inDomain : count - inDomain + 1 + (inDomain - 1) % perParent
                link = "\"ceasn:isChildOf\": \"\(base)\(uuid(31, parent))\""
            }
            out.write(
                ",\n"
                    + """
                        {"@id": "\(id)", "@type": "ceasn:Competency", "ceasn:competencyText": {"en-US": \(jsonString(sentence(count, length: 8 + count % 13)))}, \
                    "ceasn:codedNotation": "D\(count / perDomain).\(inDomain)", \(link), "ceasn:isPartOf": "\(framework)"\
                    \(count % 3 == 0 ? ", \"ceasn:comment\": {\"en-US\": \(jsonString(sentence(count + 1, length: 12)))}" : "")\
                    \(inDomain > 0 && count % 7 == 0 ? ", \"ceasn:exactAlignment\": [\"https://other.example.org/items/\(uuid(9, count))\"]" : "")}
                    """)
            count += 1
        }
        out.write("\n  ]\n}\n")
        out.close()
        return count
    }
}
