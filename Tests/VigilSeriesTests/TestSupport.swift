import XCTest
@testable import VigilSeries

/// Builds a series from (seconds, value) pairs, failing the test on bad input.
func makeSeries(_ points: [(Double, Double)], name: String = "m", labels: [String: String] = [:],
                file: StaticString = #filePath, line: UInt = #line) -> Series {
    do {
        return try Series(labels: Labels(name: name, labels),
                          timestamps: points.map { Timestamp($0.0 * 1000) }, values: points.map(\.1))
    } catch {
        XCTFail("bad test series: \(error)", file: file, line: line)
        return Series(labels: Labels(name: name, labels))
    }
}

/// Seconds to milliseconds, so tests read in the units people think in.
func sec(_ seconds: Double) -> Timestamp { Timestamp(seconds * 1000) }

/// Asserts an optional double equals the expected value within a relative tolerance.
func assertClose(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-12,
                 file: StaticString = #filePath, line: UInt = #line) {
    switch (actual, expected) {
    case (nil, nil):
        return
    case let (actual?, expected?):
        if actual.isNaN && expected.isNaN { return }
        if actual == expected { return }
        let scale = max(1, abs(actual), abs(expected))
        XCTAssert(abs(actual - expected) <= tolerance * scale, "\(actual) is not \(expected)", file: file, line: line)
    default:
        XCTFail("\(String(describing: actual)) is not \(String(describing: expected))", file: file, line: line)
    }
}


extension WindowRanks {
    /// Whether the values are in the tree form.
    var usesTree: Bool { tree != nil }
}

extension SeriesStore {
    /// Number of distinct matcher sets whose selection is cached.
    var cachedSelectionCount: Int { selections.count }
}
