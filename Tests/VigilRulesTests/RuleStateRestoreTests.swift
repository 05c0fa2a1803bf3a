import VigilRules
import VigilSeries
import XCTest

/// `vigil watch` after a restart: held states are taken up, so nothing fires twice.
final class RuleStateRestoreTests: XCTestCase {
    let a = Labels(["host": "a"]), b = Labels(["host": "b"])

    func testARestoredFiringLabelSetDoesNotFireAgainAndResolvesOnce() {
        var machine = RuleStateMachine(for: 60_000)
        machine.restore([AlertStatus(labels: a, state: .firing, activeSince: 0, firedAt: 60_000, keepFiringSince: nil)])
        let still = machine.evaluate(at: 120_000, each: [(a, true)])
        XCTAssertEqual(still.transitions, [], "a firing alert taken up is not fired (paged) again")
        XCTAssertEqual(still.statuses.first?.firedAt, 60_000)
        let resolved = machine.evaluate(at: 150_000, each: [(a, false)])
        XCTAssertEqual(resolved.transitions.map(\.kind), [.resolved])
    }

    func testARestoredPendingLabelSetKeepsItsActiveSince() {
        var machine = RuleStateMachine(for: 60_000)
        machine.restore([AlertStatus(labels: b, state: .pending, activeSince: 0, firedAt: nil, keepFiringSince: nil),
                         AlertStatus(labels: a, state: .inactive, activeSince: nil, firedAt: nil, keepFiringSince: nil)])
        XCTAssertEqual(machine.statuses.map(\.labels), [b], "inactive statuses are not taken up")
        let fired = machine.evaluate(at: 60_000, each: [(b, true)])
        XCTAssertEqual(fired.transitions.map(\.kind), [.fired], "for 1m counts from the saved activeSince")
    }
}
