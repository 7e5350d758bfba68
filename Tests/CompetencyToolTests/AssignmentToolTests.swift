import Foundation
import Testing

/// End-to-end tests of `competency plan` and `competency coverage` on hand-checked fixtures.
@Suite struct PlanToolTests {
    static let files = ["--framework", "Fixtures/assignment/framework.xml", "--roster", "Fixtures/assignment/roster.xml"]

    @Test func plansTheFixtureExactly() throws {
        let result = try Tool.run(["plan"] + Self.files)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                Training plan on 15 January 2026
                Framework: Mini framework (mini 1.0.0)

                p1 — (no name)
                  Unit: Headquarters (HQ)
                  Position: Official (official)
                  Status: needs training — 2 needs, 1 module, 6 h
                  What to reach:
                    - Searching (C1): no level yet → Basic 2, by 31 December 2026
                      level and deadline set by rule R-all “Information basics for everyone”
                    - Judging (C2): no level yet → Basic 2, by 31 December 2026
                      level and deadline set by rule R-all “Information basics for everyone”
                  Modules to take, in this order:
                    1. Information literacy (M-info): 6 h
                       closes: Searching, Judging

                p2 — (no name)
                  Unit: IT department (HQ.IT)
                  Position: IT officer (it-officer)
                  Status: cannot be fully trained — 3 needs, 2 modules, 5 h
                  What to reach:
                    - Searching (C1): Basic 1 → Basic 2, by 31 December 2026
                      level and deadline set by rule R-all “Information basics for everyone”
                    - Judging (C2): no level yet → Basic 2, by 31 December 2026
                      level and deadline set by rule R-all “Information basics for everyone”
                    - Protecting devices (C3): no level yet → Intermediate 1, by 30 June 2026
                      level and deadline set by position it-officer “IT officer”
                  Modules to take, in this order:
                    1. Search (M-search): 3 h
                       closes: Searching
                    2. Judging sources (M-judge): 2 h
                       closes: Judging
                  Needs the modules on offer cannot meet:
                    - no module teaches Protecting devices

                p3 — (no name)
                  Unit: Headquarters (HQ)
                  Position: Driver (driver)
                  Status: exempt — 0 needs, 0 modules, 0 h
                  Released from:
                    - rule R-all “Information basics for everyone”: holds certificate “digital-basic” cert-1, with no end date

                p4 — (no name)
                  Unit: IT department (HQ.IT)
                  Position: Official (official)
                  Status: compliant — 0 needs, 0 modules, 0 h

                """)
    }

    @Test func explainsSourcesOfNeedsAndAttainedLevels() throws {
        let result = try Tool.run(["plan"] + Self.files + ["--person", "p2", "--explain"])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                Training plan on 15 January 2026
                Framework: Mini framework (mini 1.0.0)

                p2 — (no name)
                  Unit: IT department (HQ.IT)
                  Position: IT officer (it-officer)
                  Status: cannot be fully trained — 3 needs, 2 modules, 5 h
                  What to reach:
                    - Searching (C1): Basic 1 → Basic 2, by 31 December 2026
                      level and deadline set by rule R-all “Information basics for everyone”
                      all sources: rule R-all “Information basics for everyone”, position official “Official”
                      attained: Basic 1, from an assessment of 1 October 2025
                    - Judging (C2): no level yet → Basic 2, by 31 December 2026
                      level and deadline set by rule R-all “Information basics for everyone”
                      all sources: rule R-all “Information basics for everyone”
                      attained: nothing vouches for a level
                    - Protecting devices (C3): no level yet → Intermediate 1, by 30 June 2026
                      level and deadline set by position it-officer “IT officer”
                      all sources: position it-officer “IT officer”
                      attained: nothing vouches for a level
                  Modules to take, in this order:
                    1. Search (M-search): 3 h
                       closes: Searching
                    2. Judging sources (M-judge): 2 h
                       closes: Judging
                  Needs the modules on offer cannot meet:
                    - no module teaches Protecting devices
                  Rules that select this person:
                    - rule R-all “Information basics for everyone”: applies

                """)
    }

    @Test func writesThePlanDocumentAsXMLAndIsDeterministic() throws {
        let first = try Tool.run(["plan"] + Self.files + ["--format", "xml"])
        let second = try Tool.run(["plan"] + Self.files + ["--format", "xml"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains(#"<person id="p1" status="needs-training">"#))
        #expect(first.stdout.contains(#"<assign module="M-info" order="1" closes="C1 C2"/>"#))
        #expect(first.stdout.contains(#"<because rule="R-all" sets="level deadline"/>"#))
        #expect(first.stdout.contains(#"<assign module="M-search" order="1" closes="C1"/>"#))
        #expect(first.stdout.contains(#"<unmet competency="C3" required="L3" reason="no-module"/>"#))
    }

    @Test func theSamplePlanSaysWhoSetWhatAndWhichModuleClosesWhich() throws {
        let result = try Tool.run(["plan", "--person", "p0001", "--format", "xml"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        // C1.4: the deadline from the rule, the level from the position.
        let c14 = try #require(lines.firstIndex(of: #"<need competency="C1.4" required="L3" by="2026-12-31">"#))
        #expect(
            Array(lines[(c14 + 1)...(c14 + 2)]) == [
                #"<because rule="R-basic-2026" sets="deadline"/>"#, #"<because position="unit-head" sets="level"/>"#,
            ])
        // Prerequisite first, then the deadline, then the framework's module order (not IDs).
        #expect(
            lines.filter { $0.hasPrefix("<assign ") } == [
                #"<assign module="M-first-steps" order="1"/>"#,
                #"<assign module="M-basic-1" order="2" closes="C1.1 C1.2 C1.3"/>"#,
                #"<assign module="M-basic-2" order="3" closes="C2.1 C2.2 C2.4"/>"#,
                #"<assign module="M-basic-3" order="4" closes="C3.1 C3.2 C3.4"/>"#,
                #"<assign module="M-basic-4" order="5" closes="C4.1 C4.2"/>"#,
                #"<assign module="M-basic-5" order="6"/>"#,
                #"<assign module="M-basic-6" order="7" closes="C6.1 C6.3"/>"#,
                #"<assign module="M-spreadsheets" order="8" closes="C1.3 C1.4"/>"#,
                #"<assign module="M-safety-office" order="9" closes="C4.1 C4.2 C4.3"/>"#,
                #"<assign module="M-troubleshooting" order="10" closes="C5.1 C5.2"/>"#,
                #"<assign module="M-ai" order="11" closes="C5.3"/>"#,
                #"<assign module="M-leading-change" order="12" closes="C2.3 C5.2 C5.4"/>"#,
                #"<assign module="M-edocuments" order="13" closes="C6.2"/>"#,
                #"<assign module="M-open-data" order="14" closes="C6.4"/>"#,
            ])
    }

    @Test func writesCSV() throws {
        let result = try Tool.run(["plan"] + Self.files + ["--format", "csv", "--person", "p1", "--person", "p4"])
        #expect(
            result.stdout
                == "person,name,unit,unitTitle,position,positionTitle,status,record,competency,competencyTitle,attained,attainedLabel,required,requiredLabel,by,flag,because,levelSetBy,deadlineSetBy,module,moduleTitle,order,hours,delivery,closes,reason\r\n"
                + "p1,,HQ,Headquarters,official,Official,needs-training,need,C1,Searching,,,L2,Basic 2,2026-12-31,,rule R-all; position official,rule R-all (Information basics for everyone),rule R-all (Information basics for everyone),,,,,,,\r\n"
                + "p1,,HQ,Headquarters,official,Official,needs-training,need,C2,Judging,,,L2,Basic 2,2026-12-31,,rule R-all,rule R-all (Information basics for everyone),rule R-all (Information basics for everyone),,,,,,,\r\n"
                + "p1,,HQ,Headquarters,official,Official,needs-training,assign,,,,,,,,,,,,M-info,Information literacy,1,6,,C1; C2,\r\n"
                + "p4,,HQ.IT,IT department,official,Official,compliant,none,,,,,,,,,,,,,,,,,,\r\n")
    }

    @Test func refusesARosterThatDoesNotMatchUnlessLenient() throws {
        let bad = ["--framework", "Fixtures/assignment/framework.xml", "--roster", "Fixtures/assignment/roster-bad.xml"]
        let refused = try Tool.run(["plan"] + bad)
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr.contains("Fixtures/assignment/roster-bad.xml:18:3: error: person 'p5': unknown position 'pilot': no position has this ID; correct the reference or define the position [validation.unknown-reference]"))
        #expect(refused.stderr.contains("unknown module 'M-nope'"))
        let lenient = try Tool.run(["plan"] + bad + ["--lenient"])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning: person 'p5': unknown position 'pilot': no position has this ID; correct the reference or define the position; the person is skipped [validation.unknown-reference]"))
        #expect(!lenient.stdout.contains("p5"))
        #expect(lenient.stdout.contains("p4 — (no name)\n  Unit: IT department (HQ.IT)\n  Position: Official (official)\n  Status: compliant — 0 needs, 0 modules, 0 h\n"))
    }

    @Test func rejectsUnusableArguments() throws {
        #expect(try Tool.run(["plan", "--as-of", "2026-02-30"]).status == 2)
        #expect(try Tool.run(["plan", "--roster", "Fixtures/assignment/missing.xml"]).status == 2)
        let unknown = try Tool.run(["plan"] + Self.files + ["--person", "nobody"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no person 'nobody'"))
    }

    @Test func plansTheBundledSample() throws {
        let result = try Tool.run(["plan", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr == "note: no input file given; using the bundled sample (framework and roster)\n")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((document?["people"] as? [Any])?.count == 323)
    }
}

@Suite struct CoverageToolTests {
    @Test func reportsCoverageAsJSONExactly() throws {
        let result = try Tool.run(["coverage"] + PlanToolTests.files + ["--format", "json"])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                {
                  "asOf": "2026-01-15",
                  "framework": "mini",
                  "version": "1.0.0",
                  "total": {"people":4,"meeting":2,"needsTraining":1,"unsatisfiable":1,"exempt":1,"overdue":0,"percentMeeting":50},
                  "units": [
                    {"id":"HQ","title":"Headquarters","people":4,"meeting":2,"needsTraining":1,"unsatisfiable":1,"exempt":1,"overdue":0,"percentMeeting":50},
                    {"id":"HQ.IT","title":"IT department","people":2,"meeting":1,"needsTraining":0,"unsatisfiable":1,"exempt":0,"overdue":0,"percentMeeting":50,"parent":"HQ"}
                  ],
                  "positions": [
                    {"id":"official","title":"Official","people":2,"meeting":1,"needsTraining":1,"unsatisfiable":0,"exempt":0,"overdue":0,"percentMeeting":50},
                    {"id":"it-officer","title":"IT officer","people":1,"meeting":0,"needsTraining":0,"unsatisfiable":1,"exempt":0,"overdue":0,"percentMeeting":0},
                    {"id":"driver","title":"Driver","people":1,"meeting":1,"needsTraining":0,"unsatisfiable":0,"exempt":1,"overdue":0,"percentMeeting":100}
                  ],
                  "domains": [
                    {"id":"D1","title":"Information","people":3,"meeting":1,"needsTraining":2,"unsatisfiable":0,"exempt":0,"overdue":0,"percentMeeting":33.3},
                    {"id":"D2","title":"Safety","people":1,"meeting":0,"needsTraining":0,"unsatisfiable":1,"exempt":0,"overdue":0,"percentMeeting":0}
                  ],
                  "bands": [
                    {"id":"basic","title":null,"people":3,"meeting":1,"needsTraining":2,"unsatisfiable":0,"exempt":0,"overdue":0,"percentMeeting":33.3},
                    {"id":"intermediate","title":null,"people":1,"meeting":0,"needsTraining":0,"unsatisfiable":1,"exempt":0,"overdue":0,"percentMeeting":0}
                  ],
                  "rules": [
                    {"id":"R-all","title":"Information basics for everyone","inEffect":true,"selected":4,"exempt":1,"meeting":2,"percentMeeting":50}
                  ],
                  "modules": [
                    {"id":"M-search","title":"Search","hoursEach":3,"headcount":1,"hours":3},
                    {"id":"M-info","title":"Information literacy","hoursEach":6,"headcount":1,"hours":6},
                    {"id":"M-judge","title":"Judging sources","hoursEach":2,"headcount":1,"hours":2}
                  ],
                  "deadlines": [
                    {"by":"2026-06-30","needs":1,"people":1,"unmet":1,"overdue":false},
                    {"by":"2026-12-31","needs":4,"people":2,"unmet":0,"overdue":false}
                  ],
                  "competencies": [
                    {"id":"C1","title":"Searching","required":3,"gaps":2},
                    {"id":"C2","title":"Judging","required":3,"gaps":2},
                    {"id":"C3","title":"Protecting devices","required":1,"gaps":1}
                  ],
                  "unitGaps": [
                    {"unit":"HQ","gaps":[2,2,1]},
                    {"unit":"HQ.IT","gaps":[1,1,1]}
                  ],
                  "trend": [
                    {"asOf":"2026-01-15","roster":null,"people":4,"meeting":2,"needsTraining":1,"unsatisfiable":1,"exempt":1,"overdue":0,"percentMeeting":50}
                  ]
                }

                """)
    }

    @Test func reportsATableByPosition() throws {
        let result = try Tool.run(["coverage"] + PlanToolTests.files + ["--by", "position"])
        #expect(
            result.stdout.hasPrefix("""
                Coverage on 15 January 2026 against mini 1.0.0: 4 people, 2 meeting (50.0%), 1 needing training, 1 unsatisfiable

                Position    Title       People  Meeting  Needing training  Cannot be fully trained       %
                official    Official         2        1                 1                        0   50.0%
                it-officer  IT officer       1        0                 0                        1    0.0%
                driver      Driver           1        1                 0                        0  100.0%

                """))
    }

    @Test func writesCSVWithCRLF() throws {
        let result = try Tool.run(["coverage"] + PlanToolTests.files + ["--format", "csv", "--by", "position"])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "id,title,people,meeting,needsTraining,unsatisfiable,percentMeeting\r\n"
                + "official,Official,2,1,1,0,50\r\n"
                + "it-officer,IT officer,1,0,0,1,0\r\n"
                + "driver,Driver,1,1,0,0,100\r\n")
    }

    @Test func writesASelfContainedHTMLPage() throws {
        let result = try Tool.run(["coverage", "--format", "html"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(result.stdout.contains("<svg"))
        // The only script is inline; nothing is linked or fetched.
        #expect(!result.stdout.contains("<script src"))
        #expect(!result.stdout.contains("<link"))
        #expect(!result.stdout.contains("@import"))
    }
}

/// `plan` and `coverage` evaluate people on `--jobs` threads; the bytes they write must not
/// depend on how many.
@Suite struct ParallelPlanningTests {
    @Test(arguments: [
        ["plan", "--format", "text", "--explain"], ["plan", "--format", "json"], ["plan", "--format", "csv"],
        ["plan", "--format", "xml"], ["coverage", "--format", "json"], ["coverage", "--format", "html"],
    ])
    func twoThreadsWriteWhatOneWrites(arguments: [String]) throws {
        let one = try Tool.run(arguments + ["--jobs", "1"])
        #expect(one.status == 0)
        #expect(one.stdout.count > 10_000)
        for jobs in ["2", "3"] {
            let many = try Tool.run(arguments + ["--jobs", jobs])
            #expect(many.status == 0)
            #expect(many.stdout == one.stdout, "--jobs \(jobs)")
            #expect(many.stderr == one.stderr)
        }
    }

    @Test func refusesANumberOfJobsOutOfRange() throws {
        let result = try Tool.run(["plan", "--jobs", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--jobs 0 is not between 1 and 256"))
    }
}
