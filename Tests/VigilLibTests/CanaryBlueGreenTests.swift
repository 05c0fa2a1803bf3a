import XCTest
import VigilEngines
import VigilLib

/// `strategy blue_green` through the language on the simulator: a preview at 0% held for
/// `bake` (the new version is up and gets only smoke tests, `preview_traffic`), then every
/// request switches to it at once and it bakes again; a rollback rule switches everything
/// back at once. A preview without data pauses instead of switching.
final class CanaryBlueGreenTests: XCTestCase {
    let minute = CanaryFixture.minute

    func blueGreen(_ rules: String = "when error_rate > baseline + 0.5% for 5m then rollback", simulation: String = "",
                   preview: String = "preview_traffic 5") -> String {
        CanaryFixture.program("""
              strategy blue_green
              bake 10m
              \(rules)
            """, simulation: preview + "\n" + simulation)
    }

    func testHealthyReleaseSwitchesEverythingAfterTheBakeAndIsPromotedAfterTheSecond() throws {
        let canary = try CanaryFixture(blueGreen())
        XCTAssertEqual(canary.status, .promoted)
        XCTAssertEqual(canary.steps.map(\.0), [0, 10 * minute])
        XCTAssertEqual(canary.steps.map(\.1), [0, 1])
        XCTAssertEqual(canary.promotedAt, 20 * minute)
        // One switch, not a ramp: the only weight changes are 0% → 100% at 10m.
        let changes = canary.coordinator.events.compactMap { e -> Double? in
            if case .weightChanged(_, let to) = e.kind { return to }
            return nil
        }
        XCTAssertEqual(changes, [1])
        // Closed loop: the simulator really moved the traffic. During the preview v2 gets only
        // the smoke tests (5 a second); after the switch v1 serves nobody.
        XCTAssertEqual(try canary.requests(to: "v2", from: 0, to: 10 * minute), 3_000, accuracy: 300)
        XCTAssertGreaterThan(try canary.requests(to: "v1", from: 0, to: 10 * minute), 50_000)
        XCTAssertEqual(try canary.requests(to: "v1", from: 10 * minute, to: 20 * minute), 0)
        XCTAssertGreaterThan(try canary.requests(to: "v2", from: 10 * minute, to: 20 * minute), 50_000)
    }

    func testRollbackRuleAfterTheSwitchSendsEverythingBackAtOnce() throws {
        // The fault starts 4m after the switch. The rule cannot fire before it has held for
        // `for` (14m + 5m) and fires at the latest one tick later; at 20m the firing rule
        // beats the promotion the end of the second bake would bring.
        let canary = try CanaryFixture(blueGreen(simulation: "fault error_rate(5%, at: 14m)\nduration 40m"))
        XCTAssertEqual(canary.status, .rolledBack)
        let at = try XCTUnwrap(canary.rolledBackAt)
        XCTAssertGreaterThanOrEqual(at, 19 * minute)
        XCTAssertLessThanOrEqual(at, 20 * minute)
        let back = try XCTUnwrap(canary.coordinator.events.first { $0.kind == .weightChanged(from: 1, to: 0) })
        XCTAssertEqual(back.time - canary.coordinator.events[0].time, at, "the switch back is the rollback's own tick")
        // Against the stable version's last real values: it served nothing after the switch.
        guard case .rolledBack(.rules(let trips))? = canary.coordinator.events.last?.kind else { return XCTFail("no rule rollback") }
        XCTAssertTrue(trips[0].observed.contains { $0.name == "baseline error_rate" && $0.value < 0.005 }, "\(trips)")
        XCTAssertEqual(try canary.requests(to: "v2", from: at, to: 40 * minute), 0, "nothing reaches v2 after the switch back")
    }

    func testTheSecondBakeIsJudgedAsAnyStepNoTrafficAfterTheSwitchPauses() throws {
        // Missing data never promotes: the preview's emptiness is expected, but an empty
        // candidate after the switch holds it, paused, at 100% (only a rollback switches back).
        let canary = try CanaryFixture(blueGreen(simulation: "fault no_traffic(at: 10m)\nduration 40m"))
        guard case .paused(.inconclusive(let causes)) = canary.status else { return XCTFail("expected a pause, got \(canary.status)") }
        XCTAssertTrue(causes.contains(.noCandidateTraffic), "\(causes)")
        XCTAssertNil(canary.promotedAt)
        XCTAssertEqual(canary.coordinator.weight, 1)
    }

    func testAPreviewWithoutDataPausesAndSaysWhyInsteadOfSwitching() throws {
        let canary = try CanaryFixture(blueGreen(simulation: "duration 30m", preview: ""))
        let why = "inconclusive: no candidate traffic in the analysis interval; rule \"error_rate > baseline + 0.5%\" has no data"
        XCTAssertEqual(canary.timeline(containing: "paused"), [
            "+10m00s   paused: \(why)",
            "+30m00s   stopped at the end of the run, still paused (\(why)) at 0%",
        ])
        guard case .paused = canary.status else { return XCTFail("expected a pause, got \(canary.status)") }
        XCTAssertEqual(canary.steps.map(\.1), [0], "never switched")
        XCTAssertEqual(try canary.requests(to: "v2", from: 0, to: 30 * minute), 0)
    }
}
