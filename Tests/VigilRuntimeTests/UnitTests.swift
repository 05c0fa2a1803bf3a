import VigilRuntime
import XCTest

final class UnitTests: XCTestCase {
    func testLegalArithmetic() throws {
        XCTAssertEqual(try eval("1h - 30m"), "30m")
        XCTAssertEqual(try eval("5m * 3"), "15m")
        XCTAssertEqual(try eval("1h / 30m"), "2")
        XCTAssertEqual(try eval("@2025-01-15T14:30:00Z - @2025-01-15"), "14h30m")
        XCTAssertEqual(try eval("@2025-01-15 + 1d"), "@2025-01-16T00:00:00Z")
        XCTAssertEqual(try eval("$100 * 150%"), "$150")
        XCTAssertEqual(try eval("2GB + 500MB"), "2.5GB")
        XCTAssertEqual(try eval("10% + 5%"), "15%")
        XCTAssertEqual(try eval("2 * 1.5x"), "3x")
        XCTAssertEqual(try eval("250ms < 1s"), "true")
    }

    func testRuntimeUnitErrorsUseUnitAlgebraWording() {
        let e = failure("let latency_p95 = 200ms\nprint(latency_p95 + 50%)")
        XCTAssertEqual(e?.message, "cannot add a number (50%) to a duration (latency_p95)")
        XCTAssertEqual(e?.hint, "did you mean latency_p95 * 150%?")
        let c = failure("let d = 5s\nprint(d > 3)")
        XCTAssertEqual(c?.message, "cannot compare a duration (d) with a number (3)")
        XCTAssertEqual(c?.hint, "write the unit: 3s or 3ms")
        XCTAssertEqual(failure("let t = @2025-01-15\nprint(t + t)")?.message,
                       "cannot add a timestamp (t) to a timestamp (t)")
        XCTAssertEqual(failure("let t = @2025-01-15\nprint(-t)")?.message, "cannot negate a timestamp (t)")
    }

    func testBuiltinsKeepUnits() throws {
        XCTAssertEqual(try eval("sum([1m, 2m, 30s])"), "3m30s")
        XCTAssertEqual(try eval("avg([1s, 3s])"), "2s")
        XCTAssertEqual(try eval("max(2s, 1m)"), "1m")
        XCTAssertEqual(try eval("min([$5, $3])"), "$3")
        XCTAssertEqual(try eval("abs(-5m)"), "5m")
        XCTAssertEqual(try eval("round(12.345%, digits: 1)"), "12.3%")
        XCTAssertEqual(failure("print(sum([1s, 1]))")?.message, "cannot add a number to a duration")
    }
}
