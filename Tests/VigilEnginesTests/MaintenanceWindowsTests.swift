import XCTest
import VigilEngines

final class MaintenanceWindowsTests: XCTestCase {
    func testAOnceWindowIsClippedToTheInterval() throws {
        let windows = MaintenanceWindows([try .init(start: 100, end: 200)])
        XCTAssertEqual(windows.excluded(from: 150, to: 1000).map { [$0.start, $0.end] }, [[150, 200]])
        XCTAssertTrue(windows.excluded(from: 200, to: 300).isEmpty)
        XCTAssertTrue(windows.contains(199))
        XCTAssertFalse(windows.contains(200))
    }

    func testAWeeklyWindowRepeatsAndOverlapsMerge() throws {
        let week = 604_800.0
        let windows = MaintenanceWindows([
            try .init(start: 0, end: 7200, recurrence: .weekly),
            try .init(start: 3600, end: 10_800),
        ])
        XCTAssertEqual(windows.excluded(from: 0, to: 2 * week + 3600).map { [$0.start, $0.end] },
                       [[0, 10_800], [week, week + 7200], [2 * week, 2 * week + 3600]])
    }

    func testImpossibleWindowsAreErrors() {
        XCTAssertThrowsError(try MaintenanceWindows.Window(start: 10, end: 10)) {
            XCTAssertEqual("\($0)", "a maintenance window must end after it starts")
        }
        XCTAssertThrowsError(try MaintenanceWindows.Window(start: 0, end: 86_400, recurrence: .daily)) {
            XCTAssertEqual("\($0)", "a daily maintenance window must be shorter than a day")
        }
    }

    func testTheThresholdBucketIsFoundByValue() {
        XCTAssertEqual(LatencyThreshold.bucket(0.3, among: ["0.1", "0.30", "+Inf"]), "0.30")
        XCTAssertNil(LatencyThreshold.bucket(0.25, among: ["0.1", "0.3"]))
    }
}
