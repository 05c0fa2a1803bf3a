import XCTest
@testable import VigilSeries

final class SeriesNotationTests: XCTestCase {
    func numbers(_ text: String) throws -> [Double?] {
        try SeriesNotation(text).values.map {
            if case .number(let value) = $0 { return value }
            return nil
        }
    }

    func testPromtoolExamples() throws {
        XCTAssertEqual(try numbers("-2+4x3"), [-2, 2, 6, 10])
        XCTAssertEqual(try numbers(" 1-2x4"), [1, -1, -3, -5, -7])
        XCTAssertEqual(try numbers("1x4"), [1, 1, 1, 1, 1])
        XCTAssertEqual(try numbers("0+30x2 5 6"), [0, 30, 60, 5, 6])
    }

    func testBlanksAndStale() throws {
        let notation = try SeriesNotation("1 _x3 stale _ 2")
        XCTAssertEqual(notation.values, [.number(1), .missing, .missing, .missing, .stale, .missing, .number(2)])
    }

    func testNumberForms() throws {
        XCTAssertEqual(try numbers("1e3 -2.5 +4 1.5e-1+1e-1x1 1e+2x1"), [1000, -2.5, 4, 0.15, 0.25, 100, 100])
        let special = try numbers("Inf -Inf NaN")
        XCTAssertEqual(special[0], .infinity)
        XCTAssertEqual(special[1], -.infinity)
        XCTAssertTrue(special[2]?.isNaN ?? false)
    }

    func testExpansionIntoSamples() throws {
        let samples = try SeriesNotation("1 _ stale 4").samples(interval: 15_000)
        XCTAssertEqual(samples.map(\.timestamp), [0, 30_000, 45_000])
        XCTAssertEqual(samples[0].value, 1)
        XCTAssertTrue(samples[1].isStale)
        XCTAssertEqual(samples[2].value, 4)
        let series = try SeriesNotation("0+30x120").series(labels: Labels(name: "requests_total"))
        XCTAssertEqual(series.count, 121)
        XCTAssertEqual(series.timestamps.last, 120 * TimeUnit.minute)
        XCTAssertEqual(series.values.last, 3600)
    }

    /// promtool adds the increment step by step; thresholds near such values must agree
    /// (`promtool test rules` fires `x < 0.0999999999999998` at the 41st value of this series).
    func testIncrementsAccumulateAsPromtoolDoes() throws {
        let values = try SeriesNotation("0.5-0.01x60").samples(interval: 15_000).map(\.value)
        var expected = 0.5
        for _ in 0..<40 { expected += -0.01 }
        XCTAssertEqual(values[40], expected)
        XCTAssertLessThan(values[40], 0.0999999999999998)
    }

    func testErrorsNameTheColumnAndWhatWasExpected() {
        func message(_ text: String) -> String {
            do {
                _ = try SeriesNotation(text)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message("1 2 abc"), #"column 5: unexpected "abc": expected a number, "_" or "stale""#)
        XCTAssertEqual(message("1+x3"), #"column 1: bad increment in "1+x3": expected a number after "+""#)
        XCTAssertEqual(message("  1+2"), #"column 3: incomplete "1+2": expected "x" and a repeat count after the increment"#)
        XCTAssertEqual(message("1y3"), #"column 1: unexpected "y" in "1y3": expected "x" and a repeat count, "+" or "-""#)
        XCTAssertEqual(message("1+2x"), #"column 1: bad repeat count in "1+2x": expected a whole number (at most 1000000) after "x""#)
        XCTAssertEqual(message("_x-1"), #"column 1: bad repeat count in "_x-1": expected a whole number (at most 1000000) after "x""#)
        XCTAssertEqual(message("0 stalex3"), #"column 3: unexpected "stalex3": "stale" stands alone and cannot be repeated or incremented"#)
    }
}
