import XCTest
import VigilEngines
import VigilLib
import VigilRuntime
import VigilStore
import VigilSyntax

/// `judge mann_whitney(…)` inside a canary, on the simulator. The coordinator's rules: a
/// High (or Low) verdict at any tick rolls back at once; a step promotes only when its bake
/// has passed and the judge says Pass; Nodata at the end of a bake pauses, never promotes.
/// With `bake 10m` and `every 1m` a step has ten samples a side, so the first verdict is at
/// the tick that ends the bake.
final class CanaryJudgeLanguageTests: XCTestCase {
    let minute = CanaryFixture.minute

    func judged(_ judge: String, seed: Int = 3, simulation: String = "", strategy: String = "steps 10%, 50%, 100%") -> String {
        CanaryFixture.program("""
              \(strategy)
              bake 10m
              judge \(judge)
            """, seed: seed, simulation: simulation)
    }

    func testClearlySlowerCandidateIsJudgedHighAndRolledBackWithItsStatistics() throws {
        let canary = try CanaryFixture(judged("mann_whitney(latency_p95, confidence: 98%, allowed_increase: 10%)",
                                              simulation: "fault latency(130%, at: 0s)"))
        XCTAssertEqual(canary.status, .rolledBack)
        XCTAssertEqual(canary.coordinator.weight, 0)
        // Nine ticks are too few to judge; the tenth has ten samples a side.
        XCTAssertEqual(canary.rolledBackAt, 10 * minute)
        guard case .rolledBack(.judge(let verdict))? = canary.coordinator.events.last?.kind else {
            return XCTFail("expected a judge rollback, got \(String(describing: canary.coordinator.events.last))")
        }
        XCTAssertEqual(verdict.classification, .high)
        XCTAssertTrue(verdict.reason.hasPrefix("latency_p95 is higher on the candidate: U = 100, p = "), verdict.reason)
        XCTAssertTrue(verdict.reason.contains("above the allowed +"), verdict.reason)
        // Every candidate sample above every stable one: U is its maximum, 10 × 10.
        let verdictLine = try XCTUnwrap(canary.timeline(containing: "judge high").first)
        XCTAssertTrue(verdictLine.contains("judge high (U = 100, p = "), verdictLine)
        XCTAssertTrue(verdictLine.contains("shift +") && verdictLine.contains("ms)"), "the shift is in the signal's unit: \(verdictLine)")
        XCTAssertEqual(canary.timeline(containing: "judge nodata").count, 9)
    }

    /// The rollback event a judge records carries the statistics, as a rule's carries the
    /// values that tripped it: U at its maximum (10 × 10), p below 1 − 98%, a positive shift.
    func testAJudgeRollbackIsStoredWithUAndP() throws {
        let source = judged("mann_whitney(latency_p95, confidence: 98%, allowed_increase: 10%)",
                            simulation: "fault latency(130%, at: 0s)")
        let (program, diagnostics) = Parser.parse(SourceFile(path: "canary.vigil", text: source))
        XCTAssertTrue(diagnostics.isEmpty)
        let database = try VigilDatabase.inMemory()
        let session = VigilSession()
        session.canaries.printsTimeline = false
        session.canaries.openDatabase = { database }
        try session.load(program)
        try session.interpreter.run()
        _ = try session.canaries.runAll()
        let deployment = try XCTUnwrap(try database.deployments.deployments(service: "checkout").last)
        XCTAssertEqual(deployment.status, .rolledBack)
        let event = try XCTUnwrap(try database.deployments.rollbackEvents(deployment.id).first)
        XCTAssertEqual(event.rule, "judge")
        XCTAssertEqual(event.observed["u"], 100)
        XCTAssertLessThan(try XCTUnwrap(event.observed["p"]), 0.02)
        XCTAssertGreaterThan(try XCTUnwrap(event.observed["shift"]), 0)
        XCTAssertTrue(event.reason.contains("U = 100"), event.reason)
    }

    func testHealthyCandidatePassesEveryStepAndIsPromoted() throws {
        // Five seeds: a judge that flags noise would fail one of them.
        for seed in 1...5 {
            let canary = try CanaryFixture(judged("mann_whitney(latency_p95, confidence: 98%, allowed_increase: 10%)", seed: seed))
            XCTAssertEqual(canary.status, .promoted, "seed \(seed)")
            XCTAssertEqual(canary.promotedAt, 30 * minute, "seed \(seed)")
            // One verdict per step end; at 100% the stable samples are the 50% step's.
            XCTAssertEqual(canary.timeline(containing: "judge pass (U = ").count, 3, "seed \(seed)\n" + canary.run.timeline.joined(separator: "\n"))
        }
    }

    func testAllowedIncreaseDecidesASmallRegression() throws {
        // An 8% slower candidate is a real, consistent shift: without allowance the judge
        // rejects it; allowing 15% of the stable median accepts it.
        for seed in 1...3 {
            let strict = try CanaryFixture(judged("mann_whitney(latency_p95, confidence: 98%)", seed: seed,
                                                  simulation: "fault latency(108%, at: 0s)"))
            XCTAssertEqual(strict.status, .rolledBack, "seed \(seed)")
            let lenient = try CanaryFixture(judged("mann_whitney(latency_p95, confidence: 98%, allowed_increase: 15%)", seed: seed,
                                                   simulation: "fault latency(108%, at: 0s)"))
            XCTAssertEqual(lenient.status, .promoted, "seed \(seed)")
        }
    }

    func testTooFewSamplesIsNodataAndPausesWithoutPromoting() throws {
        // The candidate serves nothing from 3m to 9m. Its 3m scrape still lies in the 4m
        // tick's window (both ends included), so ticks 5m to 9m add no sample and at the end
        // of the bake it has five where ten are needed. Traffic is back by then, so the
        // judge's missing samples are the only reason to stop.
        let canary = try CanaryFixture(judged("mann_whitney(latency_p95)", simulation: "fault no_traffic(at: 3m, until: 9m)\nduration 1h"))
        guard case .paused(.inconclusive(let causes)) = canary.status else { return XCTFail("expected a pause, got \(canary.status)") }
        XCTAssertEqual(causes.count, 1, "\(causes)")
        guard case .judgeNoData(let reason)? = causes.first else { return XCTFail("\(causes)") }
        XCTAssertTrue(reason.contains("needs at least 10"), reason)
        XCTAssertEqual(canary.coordinator.weight, 0.1, "a pause holds the step")
        XCTAssertNil(canary.promotedAt)
        XCTAssertEqual(canary.steps.count, 1)
        XCTAssertTrue(canary.timeline(containing: "+10m00s").contains { $0.contains("judge nodata (samples: candidate 5, stable 10, needs 10 each)") },
                      canary.run.timeline.joined(separator: "\n"))
    }

    func testBlueGreenJudgesTheSwitchedVersionAgainstThePreviewsStableSamples() throws {
        let judge = "mann_whitney(latency_p95, allowed_increase: 10%)"
        let slow = try CanaryFixture(judged(judge, simulation: "preview_traffic 5\nfault latency(130%, at: 10m)", strategy: "strategy blue_green"))
        XCTAssertEqual(slow.status, .rolledBack)
        XCTAssertEqual(slow.rolledBackAt, 20 * minute, "ten samples after the switch at 10m")
        let healthy = try CanaryFixture(judged(judge, simulation: "preview_traffic 5", strategy: "strategy blue_green"))
        XCTAssertEqual(healthy.status, .promoted)
    }

    func testBlueGreenPreviewIsJudgedOnItsSmokeTestsAndNeverSwitchedWhenSlow() throws {
        let slow = try CanaryFixture(judged("mann_whitney(latency_p95, allowed_increase: 10%)",
                                            simulation: "preview_traffic 5\nfault latency(130%, at: 0s)", strategy: "strategy blue_green"))
        XCTAssertEqual(slow.status, .rolledBack)
        XCTAssertEqual(slow.rolledBackAt, 10 * minute, "ten samples in the preview")
        XCTAssertEqual(slow.steps.map(\.1), [0], "never switched")
    }

    func testAJudgeThatCannotGetEnoughSamplesPerStepIsALocatedError() throws {
        let source = CanaryFixture.program("""
              bake 3m
              judge mann_whitney(latency_p95)
            """)
        let error = try XCTUnwrap(CanaryFixture.failure(source) as? RuntimeError)
        XCTAssertEqual(error.message, "the judge needs 5 samples per step, but `bake 3m` with `every 1m` gives 3")
        XCTAssertEqual(error.hint, "lengthen `bake` or shorten `every`")
    }
}
