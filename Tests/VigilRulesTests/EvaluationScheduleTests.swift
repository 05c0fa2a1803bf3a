import XCTest
import VigilSeries
@testable import VigilRules

final class EvaluationScheduleTests: XCTestCase {
    /// Walks a schedule as a replay does: every due entry at each time, in entry order.
    private func walk(_ schedule: EvaluationSchedule) -> [String] {
        var schedule = schedule, seen: [String] = []
        while let time = schedule.nextTime {
            for entry in schedule.intervals.indices where schedule.isDue(entry, at: time) {
                seen.append("\(entry)@\(time / s)s")
                schedule.advance(entry)
            }
        }
        return seen
    }

    func testDefaultIntervalIsThirtySeconds() {
        XCTAssertEqual(EvaluationSchedule.defaultInterval, 30 * s)
    }

    func testEntriesEvaluateInTimeOrderAndAtOneTimeInEntryOrderThroughTheEnd() {
        let schedule = EvaluationSchedule(start: 0, intervals: [30 * s, 20 * s], through: 60 * s)
        XCTAssertEqual(walk(schedule), ["0@0s", "1@0s", "1@20s", "0@30s", "1@40s", "0@60s", "1@60s"])
    }

    func testOneEntryFromItsStartThroughAnInclusiveEnd() {
        XCTAssertEqual(walk(EvaluationSchedule(start: 60 * s, every: 60 * s, through: 3 * m + 59 * s)), ["0@60s", "0@120s", "0@180s"])
        XCTAssertEqual(walk(EvaluationSchedule(start: 60 * s, every: 60 * s, through: 59 * s)), [], "an end before the start")
        XCTAssertEqual(Array(EvaluationSchedule.times(from: 0, every: 30 * s, through: 90 * s)), [0, 30 * s, 60 * s, 90 * s])
    }

    func testWithTheClockSlotsThatPassedWhileBusyAreSkippedNotReplayed() {
        var schedule = EvaluationSchedule(start: 0, every: 10 * s, through: nil)
        schedule.advance(0, clock: 5 * s)
        XCTAssertEqual(schedule.nextTime, 10 * s, "on time: the next slot")
        schedule.advance(0, clock: 47 * s)
        XCTAssertEqual(schedule.nextTime, 40 * s, "late: the latest slot not after the clock, due at once")
        schedule.advance(0, clock: 40 * s)
        XCTAssertEqual(schedule.nextTime, 50 * s)
    }

    func testReplayOverSeries() throws {
        // The LANGUAGE.md example shape: error counter rising fast from 3m, `for 2m`.
        let errors = try SeriesNotation("0x2 0+600x10").series(labels: Labels(name: "errors_total"))
        var rule = RuleStateMachine(for: 2 * m)
        let evaluations = EvaluationSchedule.times(from: 0, every: 30 * s, through: 12 * m).map { time in
            rule.evaluate(at: time, condition: errors.rate(at: time, window: 2 * m).map { $0 > 5 })
        }
        let transitions = evaluations.flatMap(\.transitions)
        XCTAssertEqual(transitions.map(\.kind), [.activated, .fired])
        // Zeros at 0–3m, then +600 a minute. At 4m the 2m window holds 0, 0, 600: rate 5, not
        // above 5. At 4m30s it holds 0 (3m) and 600 (4m): the start is clamped to the counter's
        // zero point, the end extrapolated 30 s, so increase 900 and rate 7.5: pending; then
        // firing 2m later, inclusive.
        XCTAssertEqual(transitions.map(\.time), [4 * m + 30 * s, 6 * m + 30 * s])
        // At 0 the window holds one sample: rate is nodata, reported as such.
        XCTAssertEqual(evaluations[0].noData, [Labels()])
        XCTAssertEqual(evaluations[0].state, .nodata)
    }
}
