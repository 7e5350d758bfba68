import CompetencyTestSupport
import Foundation
import Testing

/// The coverage dashboard's numbers on the bundled sample, and the trend over several dates or
/// rosters.
@Suite struct CoverageDashboardTests {
    static let twoDates = ["--as-of", "2025-07-01", "--as-of", "2026-01-15"]

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try Tool.run(["coverage", "--format", "json"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    static func rows(_ document: [String: Any], _ key: String) -> [[String: Any]] { document[key] as? [[String: Any]] ?? [] }

    @Test func countsPerUnitOnTheSample() throws {
        let document = try Self.json([])
        let units = Self.rows(document, "units")
        #expect(units.count == 24)
        func counts(_ id: String) -> [Int] {
            let row = units.first { $0["id"] as? String == id } ?? [:]
            return ["people", "meeting", "needsTraining", "unsatisfiable", "exempt", "overdue"].map { row[$0] as? Int ?? -1 }
        }
        #expect(counts("NA") == [323, 62, 261, 0, 4, 0])
        #expect(counts("NA.OFFICE") == [129, 24, 105, 0, 4, 0])
        #expect(counts("NA.OFFICE.ADMIN") == [28, 7, 21, 0, 1, 0])
        #expect(counts("NA.ITC") == [33, 9, 24, 0, 0, 0])
        #expect(counts("NA.DEL.HCM") == [16, 1, 15, 0, 0, 0])
        #expect(units.first { $0["id"] as? String == "NA.OFFICE.ADMIN" }?["parent"] as? String == "NA.OFFICE")
        #expect(units.first { $0["id"] as? String == "NA" }?["parent"] == nil)
        // A unit counts everyone below it, and its own people besides.
        for unit in units {
            let id = unit["id"] as? String ?? ""
            let children = units.filter { $0["parent"] as? String == id }
            guard !children.isEmpty else { continue }
            #expect(children.map { $0["people"] as? Int ?? 0 }.reduce(0, +) <= unit["people"] as? Int ?? 0, "\(id)")
        }
        #expect(["NA.OFFICE", "NA.ITC", "NA.COM", "NA.DEL"].map { counts($0)[0] }.reduce(0, +) == 323)
    }

    @Test func deadlineViewOnTheSampleAndAfterTheDeadline() throws {
        let deadlines = Self.rows(try Self.json([]), "deadlines")
        #expect(deadlines.map { $0["by"] as? String ?? "none" } == ["2026-06-30", "2026-09-30", "2026-12-31", "2027-03-31", "2027-06-30", "none"])
        #expect(deadlines.map { $0["people"] as? Int ?? -1 } == [65, 24, 252, 3, 6, 18])
        #expect(deadlines.map { $0["needs"] as? Int ?? -1 } == [65, 46, 5011, 3, 6, 71])
        #expect(deadlines.allSatisfy { $0["overdue"] as? Bool == false })

        let late = try Self.json(["--as-of", "2027-01-01"])
        #expect((late["total"] as? [String: Any])?["overdue"] as? Int == 256)
        #expect(Self.rows(late, "deadlines").map { $0["overdue"] as? Bool ?? false } == [true, true, true, false, false, false])

        let text = try Tool.run(["coverage", "--as-of", "2027-01-01"]).stdout
        #expect(text.contains("31 December 2026"))
        #expect(text.contains("Overdue"))
    }

    @Test func heatMapValuesOnTheSample() throws {
        let document = try Self.json([])
        let competencies = Self.rows(document, "competencies")
        #expect(competencies.count == 24)
        #expect(competencies.prefix(3).map { $0["id"] as? String ?? "" } == ["C1.1", "C1.2", "C1.3"])
        #expect(competencies.first?["title"] as? String == "Searching for and filtering information")
        let gaps = Self.rows(document, "unitGaps")
        #expect(gaps.count == 24)
        #expect((gaps.first?["gaps"] as? [Int])?.prefix(4) == [226, 229, 211, 223])
        let admin = gaps.first { $0["unit"] as? String == "NA.OFFICE.ADMIN" }?["gaps"] as? [Int]
        #expect(admin?.prefix(4) == [20, 18, 16, 18])
        // The whole roster's gaps are the top unit's.
        #expect(competencies.map { $0["gaps"] as? Int ?? -1 } == gaps.first?["gaps"] as? [Int])
    }

    @Test func trendHasOnePointPerDate() throws {
        let document = try Self.json(Self.twoDates)
        let trend = Self.rows(document, "trend")
        #expect(trend.map { $0["asOf"] as? String ?? "" } == ["2025-07-01", "2026-01-15"])
        #expect(trend.map { $0["meeting"] as? Int ?? -1 } == [16, 62])
        #expect(trend.map { $0["needsTraining"] as? Int ?? -1 } == [307, 261])
        #expect(trend.map { $0["percentMeeting"] as? Double ?? -1 } == [5, 19.2])
        // The tables describe the last date given.
        #expect(document["asOf"] as? String == "2026-01-15")
        // A point evaluated alongside equals a run on that date alone.
        let alone = try Self.json(["--as-of", "2025-07-01"])
        #expect((alone["total"] as? [String: Any])?["meeting"] as? Int == 16)

        let text = try Tool.run(["coverage"] + Self.twoDates).stdout
        #expect(text.contains("Progress over time\nDate"))
        #expect(text.contains("1 July 2025"))
    }

    @Test func severalRostersEachOnItsDate() throws {
        let roster = "Fixtures/sample/roster.xml"
        let document = try Self.json(
            ["--framework", "Fixtures/sample/framework.xml", "--roster", roster, "--roster", roster] + Self.twoDates)
        let trend = Self.rows(document, "trend")
        #expect(trend.map { $0["asOf"] as? String ?? "" } == ["2025-07-01", "2026-01-15"])
        #expect(trend.map { $0["meeting"] as? Int ?? -1 } == [16, 62])
        #expect(trend.map { $0["roster"] as? String ?? "" } == ["roster.xml", "roster.xml"])

        let mismatched = try Tool.run(["coverage", "--roster", roster, "--roster", roster, "--as-of", "2026-01-15"])
        #expect(mismatched.status == 2)
        #expect(mismatched.stderr.contains("give --as-of once per roster"))
        let plan = try Tool.run(["plan"] + Self.twoDates)
        #expect(plan.status == 2)
        #expect(plan.stderr.contains("only coverage compares several"))
    }

    @Test func dashboardFollowsTheLanguage() throws {
        let english = try Tool.run(["coverage", "--format", "html"]).stdout
        #expect(english.contains("<html lang=\"en\">"))
        #expect(english.contains("<h2 id=\"h-units\">Units</h2>"))
        #expect(english.contains("Office of the National Assembly"))
        #expect(english.contains("261 of 323 still to train"))
        let vietnamese = try Tool.run(["coverage", "--format", "html", "--language", "vi"]).stdout
        #expect(vietnamese.contains("<html lang=\"vi\">"))
        #expect(vietnamese.contains("<h2 id=\"h-units\">Đơn vị</h2>"))
        #expect(vietnamese.contains("còn 261 trên 323 người cần bồi dưỡng"))
        #expect(vietnamese.contains("15/01/2026"))
        #expect(vietnamese.contains("19,2%"))
        let text = try Tool.run(["coverage", "--language", "vi"]).stdout
        #expect(text.hasPrefix("Mức độ đáp ứng ngày 15/01/2026 theo khung na-digital 1.0.0: 323 người, 62 người đạt (19,2%)"))
    }
}

/// The dashboard in a real browser: headless Chromium loads the page with every host name
/// unresolvable, and a probe script reads the DOM it built.
@Suite struct DashboardBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func browser(_ arguments: [String]) throws -> Tool.Result {
        try Tool.run(
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND"] + arguments,
            executable: URL(fileURLWithPath: chromium ?? "/usr/bin/chromium"))
    }

    /// Reads the DOM as the browser built it and writes what it found into `data-probe`.
    static let probe = """
        <script>(function(){var r={};var units=[].slice.call(document.querySelectorAll('.tree .unit'));
        r.parents={};r.sums=[];units.forEach(function(u){var p=u.parentElement.closest('.unit');
        r.parents[u.dataset.unit]=p?p.dataset.unit:null;var line=u.querySelector('.unit-line');
        var n=function(k){var e=line.querySelector('[data-'+k+']');return e?parseInt(e.getAttribute('data-'+k),10):-1};
        r.sums.push([u.dataset.unit,parseInt(u.dataset.people,10),n('meeting')+n('training')+n('unsat')])});
        r.heatRows=document.querySelectorAll('table.heatmap tbody tr').length;
        r.heatCells=document.querySelectorAll('table.heatmap tbody td[data-gaps]').length;
        r.columns=document.querySelectorAll('table.heatmap thead th').length-1;
        r.points=[].map.call(document.querySelectorAll('svg.trend circle.point'),function(c){return c.dataset.asOf});
        r.trendRows=document.querySelectorAll('table.trend-table tbody tr').length;
        r.external=[].filter.call(document.querySelectorAll('[src],[href]'),function(e){
        var v=e.getAttribute('src')||e.getAttribute('href')||'';return /^(https?:)?\\/\\//.test(v)&&e.tagName!=='A'}).length;
        r.resources=performance.getEntriesByType('resource').length;
        r.lang=document.documentElement.lang;r.h1=document.querySelectorAll('h1').length;
        document.body.setAttribute('data-probe',JSON.stringify(r))})();</script>
        """

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium); the browser check is skipped"))
    func rendersTheSampleInABrowser() throws {
        let folder = try Scratch.folder("ck-dashboard")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("coverage.html")
        let run = try Tool.run(["coverage", "--format", "html", "-o", page.path] + CoverageDashboardTests.twoDates)
        #expect(run.status == 0)
        let html = try String(contentsOf: page, encoding: .utf8)
        let probed = folder.appendingPathComponent("probed.html")
        try html.replacingOccurrences(of: "</body>", with: Self.probe + "</body>").write(to: probed, atomically: true, encoding: .utf8)

        let dump = try Self.browser(["--dump-dom", probed.absoluteString])
        #expect(dump.status == 0, "\(dump.stderr)")
        let attribute = try #require(dump.stdout.range(of: "data-probe=\"")).upperBound
        let end = try #require(dump.stdout[attribute...].firstIndex(of: "\""))
        let json = String(dump.stdout[attribute..<end]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])

        // The tree nests as the roster's units do.
        let report = try CoverageDashboardTests.json(CoverageDashboardTests.twoDates)
        let units = CoverageDashboardTests.rows(report, "units")
        let parents = found["parents"] as? [String: Any] ?? [:]
        #expect(parents.count == units.count)
        for unit in units {
            let id = unit["id"] as? String ?? ""
            #expect((parents[id] as? String) == (unit["parent"] as? String), "\(id)")
        }
        #expect(parents["NA.DEL.HUE"] as? String == "NA.DEL")
        // Each unit's meeting, training and unsatisfiable add up to its people.
        let sums = found["sums"] as? [[Any]] ?? []
        #expect(sums.count == 24)
        for sum in sums { #expect(sum[1] as? Int == sum[2] as? Int, "\(sum)") }
        // A heat map cell per unit and competency; a trend point per date.
        #expect(found["heatRows"] as? Int == 24)
        #expect(found["columns"] as? Int == 24)
        #expect(found["heatCells"] as? Int == 24 * 24)
        #expect(found["points"] as? [String] == ["2025-07-01", "2026-01-15"])
        #expect(found["trendRows"] as? Int == 2)
        // Nothing is fetched: no outside address in src or href (links aside), no resource loaded.
        #expect(found["external"] as? Int == 0)
        #expect(found["resources"] as? Int == 0)
        #expect(found["lang"] as? String == "en")
        #expect(found["h1"] as? Int == 1)

        let screenshot = folder.appendingPathComponent("coverage.png")
        let shot = try Self.browser(["--window-size=1280,2000", "--screenshot=\(screenshot.path)", page.absoluteString])
        #expect(shot.status == 0, "\(shot.stderr)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count > 50_000)
    }
}
