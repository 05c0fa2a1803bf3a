import XCTest
@testable import VigilEngines

final class MannWhitneyTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Case: Decodable {
            let name: String
            let x: [Double]
            let y: [Double]
            let u: Double
            let p: Double
            let method: String
            let hodges_lehmann: Double
        }
        let cases: [Case]
    }

    func testAgreesWithScipyOnRecordedVectors() throws {
        let fixture = try loadFixture("mannwhitney.json", as: Fixture.self)
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 30)
        XCTAssertTrue(fixture.cases.contains { $0.method == "exact" })
        XCTAssertTrue(fixture.cases.contains { $0.method == "asymptotic" })
        for testCase in fixture.cases {
            let test = try MannWhitneyTest(testCase.x, testCase.y)
            XCTAssertEqual(test.method.rawValue, testCase.method, testCase.name)
            assertAgree(test.u, testCase.u, within: 1e-9, "\(testCase.name) U")
            assertAgree(test.p, testCase.p, within: 1e-9, "\(testCase.name) p")
        }
    }

    func testHodgesLehmannAgreesWithNumpyMedianOfDifferences() throws {
        let fixture = try loadFixture("mannwhitney.json", as: Fixture.self)
        for testCase in fixture.cases where testCase.x.count * testCase.y.count <= 40_000 {
            let shift = try ShiftEstimate(testCase.x, testCase.y, confidence: 0.98)
            assertAgree(shift.estimate, testCase.hodges_lehmann, within: 1e-9, "\(testCase.name) shift")
            XCTAssertLessThanOrEqual(shift.lower, shift.estimate, testCase.name)
            XCTAssertGreaterThanOrEqual(shift.upper, shift.estimate, testCase.name)
        }
    }

    func testExactIntervalForCompleteSeparationExcludesZero() throws {
        // 8 vs 8 fully separated: P(U ≤ 0) = 1/12870, far below 1%, so the interval is one-sided of 0.
        let shift = try ShiftEstimate(Array(9...16).map(Double.init), Array(1...8).map(Double.init), confidence: 0.98)
        XCTAssertGreaterThan(shift.lower, 0)
        XCTAssertEqual(shift.estimate, 8)
    }

    func testTooSmallForConfidenceGivesUnboundedInterval() throws {
        let shift = try ShiftEstimate([1, 2], [3, 4], confidence: 0.98)
        XCTAssertEqual(shift.lower, -.infinity)
        XCTAssertEqual(shift.upper, .infinity)
    }

    func testBadSamplesAreClearErrors() {
        XCTAssertThrowsError(try MannWhitneyTest([], [1])) { XCTAssertTrue("\($0)".contains("first sample is empty")) }
        XCTAssertThrowsError(try MannWhitneyTest([1], [.nan])) { XCTAssertTrue("\($0)".contains("second sample holds nan")) }
        XCTAssertThrowsError(try ShiftEstimate([1], [2], confidence: 1)) { XCTAssertTrue("\($0)".contains("confidence")) }
    }

    func testNormalQuantileInvertsSurvival() {
        for p in [1e-10, 0.001, 0.01, 0.025, 0.3, 0.5, 0.9, 0.99, 0.999999] {
            let z = NormalDistribution.quantile(p)
            XCTAssertEqual(1 - NormalDistribution.survival(z), p, accuracy: 1e-13 + p * 1e-9, "p = \(p)")
        }
        XCTAssertEqual(NormalDistribution.quantile(0.99), 2.3263478740408408, accuracy: 1e-12)
    }
}

extension MannWhitneyTests {
    func testHugeExactCaseFallsBackInsteadOfStalling() throws {
        // 3 values against 50,000 would need a 75,000-wide table 150,000 times over.
        let test = try MannWhitneyTest([0.5, 1.5, 2.5], (0..<50_000).map { Double($0) * 1e-4 + 1e-5 })
        XCTAssertEqual(test.method, .asymptotic)
        XCTAssertGreaterThan(test.p, 0)
    }

    func testTooManyPairsForTheShiftIsAClearError() {
        let big = (0..<2_500).map(Double.init)
        XCTAssertThrowsError(try ShiftEstimate(big, big, confidence: 0.98)) { XCTAssertTrue("\($0)".contains("too many pairs")) }
    }
}
