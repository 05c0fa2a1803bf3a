import Foundation
import XCTest
import VigilActions
import VigilLib
import VigilSeries
import VigilStore
import VigilSyntax

/// A runbook run's journal: its steps, answers, output and verification beside its actions,
/// and the Markdown timeline made from them.
final class RunbookJournalTests: XCTestCase {
    func testARunJournalsItsTimelineAndTheMarkdownShowsIt() throws {
        var store = SeriesStore()
        try store.add(try SeriesNotation("0+5x20").series(labels: Labels(name: "http_requests_total", ["code": "500"])))
        try store.add(try SeriesNotation("0+95x20").series(labels: Labels(name: "http_requests_total", ["code": "200"])))
        let session = VigilSession(store: store)
        session.interpreter.output = { _ in }
        var options = RunbookOptions()
        options.dryRun = true
        session.runbooks.options = options
        let (program, diagnostics) = Parser.parse(SourceFile(path: "r.vigil", text: """
            receiver "api-oncall" alertmanager("http://127.0.0.1:9093")
            runbook "spike" {
              limit page to 1 per 1h
              step "Look" { print("looking") }
              step "Page" {
                if not confirm("Roll back?") { page("api-oncall", "spike", severity: P1) }
                page("api-oncall", "again")
              }
              verify ratio(series("http_requests_total", code: "500"), series("http_requests_total"), 5m) < 1% within 1m
            }
            """))
        XCTAssertEqual(diagnostics.map { $0.render() }, [])
        try session.load(program)
        session.interpreter.options.now = Date(timeIntervalSince1970: 600)
        let database = try VigilDatabase.inMemory()
        let run = try ActionRun(session: session, database: database, command: "run", file: "r.vigil", poster: nil, at: 1_000)
        session.runbooks.journal = run
        try session.interpreter.run()
        _ = try Engines.run(in: session, EngineRunRequest())

        let records = try database.journal.entries(run: run.run.id)
        let markdown = JournalTimeline.markdown(run.run, records)
        XCTAssertTrue(markdown.contains("dry run (nothing delivered)"), markdown)
        XCTAssertTrue(markdown.contains("| 1970-01-01T00:10:00Z | runbook spike, step 1: Look | looking | | output | |"), markdown)
        XCTAssertTrue(markdown.contains(#"| runbook spike, step 2: Page | confirm "Roll back?": no (no terminal and no --yes) | | answer | |"#), markdown)
        XCTAssertTrue(markdown.contains(#"| runbook spike, step 2: Page | `page("api-oncall", "spike", severity: P1)` | alertmanager(http://127.0.0.1:9093) | planned |"#), markdown)
        XCTAssertTrue(markdown.contains(#"| runbook spike, step 2: Page | guardrail tripped: `limit page to 1 per 1h`: 1 page actions to api-oncall in the last 1h, the most allowed is 1; page("api-oncall", "again") not taken | | guardrail | |"#), markdown)
        XCTAssertTrue(markdown.contains("| runbook spike, verify | verify ratio("), markdown)
        XCTAssertTrue(markdown.hasSuffix("\n\n1 planned."), markdown)
        // The list counts actions only, not the timeline's lines.
        XCTAssertTrue(JournalTimeline.runLine(run.run, records).hasSuffix("vigil run r.vigil  1 planned"))
        // Each entry has its own key, scoped to the run: a second run journals (and delivers) again.
        XCTAssertEqual(Set(records.map(\.key)).count, records.count)
        XCTAssertTrue(records.allSatisfy { $0.key.text.hasPrefix("step:spike|\(run.run.id)|") }, "\(records.map(\.key.text))")
    }
}
