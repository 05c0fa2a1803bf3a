import VigilCheck
import XCTest

/// Names a canary's hooks may read: its versions, and its weight and status as the event
/// left them. They mean nothing outside the canary.
final class CanaryHookNameTests: XCTestCase {
    func testHooksReadWeightAndStatusInsideTheirCanaryOnly() {
        let inside = """
            canary web {
              stable "v1"
              candidate "v2"
              on step print("{candidate} at {weight * 2}, {status}")
              on rollback print("{stable} at {weight}")
            }
            """
        XCTAssertEqual(summaries(checkSource(inside)), [])
        let outside = inside + "\nprint(weight)\n"
        XCTAssertEqual(summaries(checkSource(outside)).map { $0.hasPrefix("7:7: unknown name `weight`") }, [true],
                       summaries(checkSource(outside)).joined())
    }

    func testWeightIsANumberNotADuration() {
        let source = """
            canary web {
              stable "v1"
              candidate "v2"
              on step print(weight + 5m)
            }
            """
        XCTAssertEqual(summaries(checkSource(source)).map { $0.hasPrefix("4:17: cannot add a duration (5m) to a number (weight)") }, [true],
                       summaries(checkSource(source)).joined())
    }
}
