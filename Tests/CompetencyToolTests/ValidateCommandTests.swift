import CompetencyKit
import CompetencyTestSupport
import Foundation
import Testing

/// A fresh folder holding `files` (name → text).
func folder(with files: [String: String]) throws -> URL {
    let directory = try Scratch.folder("competency-files")
    for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
    return directory
}

@Suite struct ValidateCommandTests {
    /// Each rule, proved end to end: its first triggering example, written to files and
    /// validated by the real binary, yields findings of the rule at the marked lines, with
    /// the rule's severity, and the exit status follows the errors.
    @Test(arguments: RuleCatalog.descriptions.map(\.identifier))
    func reportsEveryRuleThroughTheBinary(_ identifier: String) throws {
        let rule = try #require(RuleCatalog.rule(identifier)).description
        let example = try #require(rule.triggeringExamples.first)
        let framework = RuleExample.stripMarkers(example.framework)
        var files = ["framework.xml": framework.text]
        var expected = Set(framework.markers.map { "framework.xml:\($0.line)" })
        if let rosterText = example.roster {
            let roster = RuleExample.stripMarkers(rosterText)
            files["roster.xml"] = roster.text
            expected.formUnion(roster.markers.map { "roster.xml:\($0.line)" })
        }
        let directory = try folder(with: files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Tool.run(["validate", "--format", "json"] + files.keys.sorted(), in: directory)
        let report = try JSONDecoder().decode(JSONReport.self, from: Data(run.stdout.utf8))
        let findings = report.diagnostics.filter { $0.rule == identifier }
        #expect(!findings.isEmpty, "\(run.stdout)\(run.stderr)")
        #expect(findings.allSatisfy { $0.severity == rule.defaultSeverity })
        #expect(Set(findings.map { "\($0.file ?? "-"):\($0.line ?? 0)" }) == expected)
        #expect(run.status == (report.errors > 0 ? 1 : 0))
    }

    @Test func validatesTheBundledSampleClean() throws {
        let run = try Tool.run(["validate"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout == "Fixtures/sample/framework.xml, Fixtures/sample/roster.xml: no problems found\n")
        #expect(run.stderr.contains("bundled sample"))
    }

    @Test func writesFindingsLikeACompilerAndExitsWith1() throws {
        let text = """
            <framework xmlns="urn:competencykit:1" id="f">
              <position id="official"/>
              <position id="official" extends="oficial"/>
            </framework>

            """
        let directory = try folder(with: ["f.xml": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Tool.run(["validate", "f.xml"], in: directory)
        #expect(run.status == 1)
        #expect(
            run.stdout == """
                f.xml:3:3: error: duplicate position ID 'official': another position already has it; give each position its own ID [validation.duplicate-id]
                  <position id="official" extends="oficial"/>
                  ^
                f.xml:2:3: note: the first position 'official' is here
                  <position id="official"/>
                  ^
                f.xml:3:3: error: unknown position 'oficial': no position has this ID; correct the reference or define the position [validation.unknown-reference]
                  <position id="official" extends="oficial"/>
                  ^
                f.xml:3:3: note: did you mean 'official'?
                2 errors, 0 warnings, 0 notes

                """)
    }

    @Test func appliesFlagsAndAConfigurationFile() throws {
        let text = """
            <framework xmlns="urn:competencykit:1" id="f">
              <domain id="D1"/>
              <module id="M1" hours="1"/>
            </framework>

            """
        let directory = try folder(with: [
            "f.xml": text, "config.json": #"{"disabled":["module-teaches-nothing"],"severity":{"empty-domain":"note"}}"#,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = { (arguments: [String]) throws -> (Int32, [String]) in
            let run = try Tool.run(["validate", "--format", "json", "f.xml"] + arguments, in: directory)
            let report = try JSONDecoder().decode(JSONReport.self, from: Data(run.stdout.utf8))
            return (run.status, report.diagnostics.map { "\($0.rule ?? "-"):\($0.severity)" })
        }
        #expect(try rules([]) == (0, ["empty-domain:warning", "module-teaches-nothing:warning"]))
        #expect(try rules(["--warnings-as-errors"]) == (1, ["empty-domain:error", "module-teaches-nothing:error"]))
        #expect(try rules(["--config", "config.json"]) == (0, ["empty-domain:note"]))
        #expect(try rules(["--config", "config.json", "--severity", "empty-domain=error"]) == (1, ["empty-domain:error"]))
        #expect(try rules(["--disable", "empty-domain", "--disable", "module-teaches-nothing"]) == (0, []))
    }

    @Test func checksARosterAgainstTheFrameworkItNames() throws {
        let framework = """
            <framework xmlns="urn:competencykit:1" id="f">
              <position id="official"/>
            </framework>

            """
        let roster = """
            <roster xmlns="urn:competencykit:1" framework="f">
              <person id="p1" position="oficial"/>
            </roster>

            """
        let directory = try folder(with: ["f.xml": framework, "r.xml": roster])
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [["r.xml", "--framework", "f.xml"], ["r.xml", "f.xml"]] {
            let run = try Tool.run(["validate", "--format", "json"] + arguments, in: directory)
            let report = try JSONDecoder().decode(JSONReport.self, from: Data(run.stdout.utf8))
            #expect(run.status == 1)
            #expect(report.diagnostics.map { "\($0.file ?? ""):\($0.line ?? 0) \($0.id) \($0.fixIts.first?.message ?? "")" } == [
                "r.xml:2 validation.unknown-reference did you mean 'official'?"
            ])
        }
        let alone = try Tool.run(["validate", "r.xml"], in: directory)
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("r.xml: error: the roster refers to framework 'f'; pass its file with --framework FILE or among the files"))
    }

    @Test func exitsWith2ForUnusableArgumentsOrUnreadableInput() throws {
        let directory = try folder(with: ["bad.json": #"{"disable":["x"]}"#, "f.xml": #"<framework xmlns="urn:competencykit:1" id="f"/>"#])
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try Tool.run(["validate", "nowhere.xml"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere.xml: error: no such file; check the path"))
        let rule = try Tool.run(["validate", "--disable", "duplicate-ids", "f.xml"], in: directory)
        #expect(rule.status == 2)
        #expect(rule.stderr.contains("There is no rule 'duplicate-ids'. Did you mean 'duplicate-id'?"))
        let config = try Tool.run(["validate", "--config", "bad.json", "f.xml"], in: directory)
        #expect(config.status == 2)
        #expect(config.stderr.contains("bad.json: error: not a valid configuration: at 'disable': unknown key 'disable'"))
        let format = try Tool.run(["validate", "--format", "yaml", "f.xml"], in: directory)
        #expect(format.status == 2)
    }

    /// The SARIF written by the binary has the 2.1.0 shape: version, runs, tool.driver with
    /// rules, results with ruleId, level and physicalLocation.
    @Test func writesSARIF() throws {
        let directory = try folder(with: ["f.xml": "<framework xmlns=\"urn:competencykit:1\" id=\"f\">\n  <domain id=\"D1\"/>\n</framework>\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Tool.run(["validate", "--format", "sarif", "f.xml"], in: directory)
        #expect(run.status == 0)
        let log = try JSONDecoder().decode(SARIF.Log.self, from: Data(run.stdout.utf8))
        #expect(log.version == "2.1.0")
        #expect(log.runs.count == 1)
        #expect(log.runs[0].tool.driver.rules.map(\.id) == RuleCatalog.descriptions.map(\.identifier))
        let result = try #require(log.runs[0].results.first)
        #expect(result.ruleId == "empty-domain")
        #expect(result.level == "warning")
        let physical = try #require(result.locations.first?.physicalLocation)
        #expect(physical.artifactLocation.uri == "f.xml")
        #expect(physical.region?.startLine == 2 && physical.region?.startColumn == 3)
    }
}

@Suite struct RulesCommandTests {
    @Test func listsTheCatalogue() throws {
        let run = try Tool.run(["rules"])
        #expect(run.status == 0)
        #expect(run.stdout == RuleDocumentation.text())
    }

    @Test func describesOneRule() throws {
        let run = try Tool.run(["rules", "requires-cycle"])
        #expect(run.stdout.hasPrefix("## requires-cycle\n\n**Requires cycle** · default severity: **error**"))
        let unknown = try Tool.run(["rules", "requires-cycles"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("There is no rule 'requires-cycles'. Did you mean 'requires-cycle'?"))
    }
}
