import XCTest
import VigilLib

/// `--at`, `--from` and `--to`: every form a person or a CI script writes a time in.
final class TimeArgumentTests: XCTestCase {
    let now = 1_736_951_400.0  // 2025-01-15T14:30:00Z

    func testRFC3339() {
        XCTAssertEqual(TimeArgument.parse("2025-01-15T14:30:00Z", now: 0), now)
        XCTAssertEqual(TimeArgument.parse("@2025-01-15T14:30:00Z", now: 0), now)
    }

    func testDate() {
        XCTAssertEqual(TimeArgument.parse("2025-01-15", now: 0), 1_736_899_200)
    }

    func testUnixSeconds() {
        XCTAssertEqual(TimeArgument.parse("1736951400", now: 0), now)
        XCTAssertEqual(TimeArgument.parse("1736951400.25", now: 0), now + 0.25)
    }

    func testRelativeToNow() {
        XCTAssertEqual(TimeArgument.parse("-1h", now: now), now - 3600)
        XCTAssertEqual(TimeArgument.parse("-30m", now: now), now - 1800)
        XCTAssertEqual(TimeArgument.parse("-1h30m", now: now), now - 5400)
    }

    func testAnythingElseIsRefused() {
        for text in ["", "soon", "-", "-0s", "-5", "1h", "17369514OO", "1.2.3", "+1h", "2025-13-45"] {
            XCTAssertNil(TimeArgument.parse(text, now: now), text)
        }
    }
}
