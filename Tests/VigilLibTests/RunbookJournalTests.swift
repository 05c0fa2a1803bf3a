import Foundation
import XCTest
import VigilActions
import VigilLib
import VigilLive
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

    /// `vigil run` of a step that execs: the entry is journaled, the program runs, and its exit
    /// status, duration and output land on that same entry (and in the timeline).
    func testAnExecsOutcomeIsRecordedOnItsJournalEntry() throws {
        let session = VigilSession(store: SeriesStore())
        session.interpreter.output = { _ in }
        var options = RunbookOptions()
        options.allowExec(["echo"])
        session.runbooks.options = options
        let (program, diagnostics) = Parser.parse(SourceFile(path: "r.vigil", text: """
            runbook "roll" { step "Roll back" { exec("echo", "rolled", "back") } }
            """))
        XCTAssertEqual(diagnostics.map { $0.render() }, [])
        try session.load(program)
        let database = try VigilDatabase.inMemory()
        let run = try ActionRun(session: session, database: database, command: "run", file: "r.vigil",
                                poster: DeliveryHTTPClient(), at: 1_000)
        session.runbooks.journal = run
        try session.interpreter.run()
        _ = try Engines.run(in: session, EngineRunRequest())

        let execs = try database.journal.entries(run: run.run.id).filter { $0.action.kind == "exec" }
        XCTAssertEqual(execs.count, 1)
        let entry = try XCTUnwrap(execs.first)
        XCTAssertEqual(entry.state, .delivered)
        XCTAssertEqual(entry.attempts, 1)
        let outcome = try XCTUnwrap(entry.outcome)
        XCTAssertTrue(outcome.hasPrefix("exit 0 in "), outcome)
        XCTAssertTrue(outcome.hasSuffix("s\nrolled back"), outcome)
        let markdown = JournalTimeline.markdown(run.run, try database.journal.entries(run: run.run.id))
        XCTAssertTrue(markdown.contains(#"| `exec("echo", "rolled", "back")` | program echo | delivered after 1 attempt: exit 0 in "#), markdown)
    }
}
