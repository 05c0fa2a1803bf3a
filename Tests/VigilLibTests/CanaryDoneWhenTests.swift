import XCTest
import VigilEngines
import VigilLib
import VigilSeries

/// The progressive-delivery issue's "done when" list, checked once more through the
/// language on the simulator. Each test says why its bounds are the right ones.
final class CanaryDoneWhenTests: XCTestCase {
    let minute = CanaryFixture.minute

    func canary(_ rules: String, steps: String = "steps 10%, 50%, 100%", bake: String = "10m", seed: Int = 3, simulation: String = "") -> String {
        CanaryFixture.program("""
              \(steps)
              bake \(bake)
              \(rules)
            """, seed: seed, simulation: simulation)
    }

    /// A rule `for F` cannot fire before the fault has lasted F (its condition cannot be
    /// true before the fault), and must fire by one analysis interval later: the first tick
    /// after the fault sees it (the 1m ratio window then holds faulty requests well above
    /// the 0.5-point margin), and it fires F after that tick. The fault starts off the tick
    /// grid (2m30s) so the two bounds differ.
    func testRollbackComesNoEarlierThanForAndNoLaterThanForPlusEveryAfterTheFault() throws {
        let fault = 2 * minute + 30_000, every = minute
        for holdMinutes in [2, 5, 8] {
            let hold = Timestamp(holdMinutes) * minute
            let run = try CanaryFixture(canary("when error_rate > baseline + 0.5% for \(holdMinutes)m then rollback",
                                               simulation: "fault error_rate(5%, at: 2m30s)"))
            let at = try XCTUnwrap(run.rolledBackAt, "for \(holdMinutes)m: \(run.status)")
            XCTAssertGreaterThanOrEqual(at, fault + hold, "for \(holdMinutes)m")
            XCTAssertLessThanOrEqual(at, fault + hold + every, "for \(holdMinutes)m")
            XCTAssertEqual(run.coordinator.weight, 0)
        }
    }

    /// A healthy step promotes at the first tick where its bake has passed; ticks fall on
    /// the start plus multiples of `every`, which divides the bake, so each step lasts
    /// exactly `bake` and the whole canary steps × bake. Other steps and bake than the
    /// defaults, so a hard-coded 10m or three steps would show.
    func testHealthyCandidateIsPromotedAfterStepsTimesBake() throws {
        let run = try CanaryFixture(canary("when error_rate > baseline + 0.5% for 3m then rollback",
                                           steps: "steps 5%, 25%, 60%, 100%", bake: "7m"))
        XCTAssertEqual(run.status, .promoted)
        XCTAssertEqual(run.steps.map(\.0), [0, 7, 14, 21].map { $0 * minute })
        XCTAssertEqual(run.steps.map(\.1), [0.05, 0.25, 0.6, 1])
        XCTAssertEqual(run.promotedAt, 4 * 7 * minute)
    }

    /// Missing data never promotes: when the candidate stops serving halfway through the
    /// 50% step, the end of that bake (20m) finds no candidate traffic and pauses; nothing
    /// after that may raise the weight, however long the run.
    func testCandidateWithoutTrafficIsNeverPromoted() throws {
        let run = try CanaryFixture(canary("when error_rate > baseline + 0.5% for 5m then rollback",
                                           simulation: "fault no_traffic(at: 15m)\nduration 3h"))
        guard case .paused(.inconclusive(let causes)) = run.status else { return XCTFail("expected a pause, got \(run.status)") }
        XCTAssertTrue(causes.contains(.noCandidateTraffic), "\(causes)")
        XCTAssertTrue(causes.contains(.ruleNoData(rule: "error_rate > baseline + 0.5%")), "\(causes)")
        XCTAssertEqual(run.coordinator.weight, 0.5)
        XCTAssertNil(run.promotedAt)
        XCTAssertEqual(run.time { if case .paused = $0 { return true }; return false }, 20 * minute)
    }

    /// `latency_p95 > baseline * 150% for 5m` with the simulator's usual noise (the p95 of
    /// each minute's requests wanders by a few percent). A +60% candidate is above the
    /// threshold at nearly every tick, and a pending rule holds the step, so it must roll
    /// back; a +20% candidate would need 25% of noise at five ticks in a row, so it must be
    /// promoted. Six seeds each, so a threshold off by the noise would show.
    func testFiftyPercentClassLatencyRegressionTripsAndTwentyPercentDoesNot() throws {
        let rule = "when latency_p95 > baseline * 150% for 5m then rollback"
        for seed in 1...6 {
            let slow = try CanaryFixture(canary(rule, seed: seed, simulation: "fault latency(160%, at: 0s)"))
            XCTAssertEqual(slow.status, .rolledBack, "+60%, seed \(seed)")
            XCTAssertNil(slow.promotedAt, "+60%, seed \(seed)")
            let mild = try CanaryFixture(canary(rule, seed: seed, simulation: "fault latency(120%, at: 0s)"))
            XCTAssertEqual(mild.status, .promoted, "+20%, seed \(seed)")
        }
    }

    /// The kill switch acts at the tick whose rule pulls it: the weight is 0 at that very
    /// instant (not at the next step or tick), and from then on the simulator routes no
    /// request to the candidate.
    func testKillSwitchZeroesTrafficAtOnce() throws {
        let run = try CanaryFixture(canary("when error_rate > 2% then kill_switch",
                                           simulation: "fault error_rate(5%, at: 12m)\nduration 40m"))
        XCTAssertEqual(run.status, .killed)
        let kill = try XCTUnwrap(run.time { $0 == .killSwitch })
        // The fault begins in the 50% step; the first tick after it (13m) pulls the switch.
        XCTAssertEqual(kill, 13 * minute)
        XCTAssertEqual(run.time { $0 == .weightChanged(from: 0.5, to: 0) }, kill)
        XCTAssertEqual(run.coordinator.weight, 0)
        XCTAssertGreaterThan(try run.requests(to: "v2", from: 10 * minute, to: kill), 5_000, "half of 100 requests a second for 3m")
        XCTAssertEqual(try run.requests(to: "v2", from: kill, to: 40 * minute), 0)
    }
}
