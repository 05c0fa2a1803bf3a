import Foundation
import VigilActions
import VigilLive
import VigilSeries
import VigilStore
import XCTest

/// An `exec` goes through the journal like every action: journaled pending before its program
/// starts (and never due for delivery while it may run), then its outcome — exit status,
/// duration, output — recorded on that same entry.
final class ExecJournalTests: XCTestCase {
    func exec(_ program: String, runbook: String = "rb", at time: Timestamp = 10_000) -> Action {
        let origin = Action.Origin(kind: .step, name: runbook, trigger: "step 1: Roll back")
        return Action(kind: "exec", target: program, call: "exec(\"\(program)\")", origin: origin, time: time,
                      key: IdempotencyKey(text: "step:\(runbook)|run|action 1"))
    }

    func layer() throws -> (ActionsLayer, ActionJournal) {
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .deliver, run: "run", poster: DeliveryHTTPClient())
        layer.programTimeout = 5_000
        return (layer, journal)
    }

    func testAnExecIsPendingWhileItRunsThenItsOutcomeIsOnTheSameEntry() async throws {
        let (layer, journal) = try layer()
        let action = exec("echo")
        let record = try XCTUnwrap(try layer.submit([action], at: 10_000).first?.record)
        XCTAssertEqual(record.state, .pending)
        XCTAssertEqual(record.destination, "program echo")
        // A delivery round while the program may still run leaves it alone.
        let report = try await layer.deliverDue(at: 14_000)
        XCTAssertTrue(report.isEmpty)
        XCTAssertEqual(try journal.record(action.key)?.state, .pending)

        let done = try XCTUnwrap(try layer.recordOutcome(action.key, succeeded: true, summary: "exit 0 in 0.01s",
                                                         output: "rolled back", at: 10_050))
        XCTAssertEqual(done.state, .delivered)
        XCTAssertEqual(done.attempts, 1)
        XCTAssertNil(done.error)
        XCTAssertEqual(done.outcome, "exit 0 in 0.01s\nrolled back")
        XCTAssertEqual(done.updatedAt, 10_050)
        XCTAssertEqual(try journal.entries().count, 1, "the outcome is on the entry journaled first, not a new one")
    }

    func testAFailedProgramIsADeadLetterWithItsStatus() throws {
        let (layer, journal) = try layer()
        let action = exec("false")
        try layer.submit([action], at: 10_000)
        try layer.recordOutcome(action.key, succeeded: false, summary: "exit 1 in 0.00s", output: "", at: 10_010)
        let record = try XCTUnwrap(try journal.record(action.key))
        XCTAssertEqual(record.state, .deadLetter)
        XCTAssertEqual(record.error, "the program failed: exit 1 in 0.00s")
        XCTAssertEqual(record.outcome, "exit 1 in 0.00s")
    }

    /// A run killed while (or before) its program ran: once the timeout is over the entry is
    /// a dead letter saying so, and the program is never started again.
    func testAnExecWhoseOutcomeWasNeverRecordedIsADeadLetterAfterItsTimeout() async throws {
        let (layer, journal) = try layer()
        let action = exec("kubectl")
        try layer.submit([action], at: 10_000)
        let later = try await layer.deliverDue(at: 10_000 + 5_000 + 10_000)
        XCTAssertEqual(later.deadLetters.map(\.key), [action.key])
        XCTAssertEqual(try journal.record(action.key)?.error,
                       "the program's outcome was never recorded: the run stopped while or before it ran; it is not run again")
    }

    /// Only a runbook step runs a program: a rule's `then exec(…)` would run nothing, and says so.
    func testAnExecOutsideARunbookStepIsADeadLetterAtOnce() throws {
        let (layer, _) = try layer()
        let origin = Action.Origin(kind: .rule, name: "r", trigger: "fired")
        let action = Action(kind: "exec", target: "kubectl", call: "exec(\"kubectl\")", origin: origin, time: 1,
                            key: IdempotencyKey(text: "r|exec"))
        let record = try XCTUnwrap(try layer.submit([action], at: 1).first?.record)
        XCTAssertEqual(record.state, .deadLetter)
        XCTAssertEqual(record.error, "exec runs a program only in a runbook step (`vigil run`, or a runbook a trigger starts)")
    }
}
