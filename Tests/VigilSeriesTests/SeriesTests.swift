import XCTest
@testable import VigilSeries

final class SeriesTests: XCTestCase {
    func testStaleMarkerIsDistinctFromNaN() {
        XCTAssertTrue(StaleMarker.value.isNaN)
        XCTAssertEqual(StaleMarker.value.bitPattern, 0x7ff0_0000_0000_0002)
        XCTAssertTrue(StaleMarker.isStale(StaleMarker.value))
        XCTAssertFalse(StaleMarker.isStale(.nan))
        XCTAssertFalse(StaleMarker.isStale(1))
    }

    func testAppendKeepsOrderAndRejectsOutOfOrder() throws {
        var series = Series(labels: Labels(name: "m"))
        try series.append(1000, 1)
        try series.append(2000, 2)
        XCTAssertThrowsError(try series.append(1500, 3)) { error in
            XCTAssertEqual("\(error)", #"series {__name__="m"}: out-of-order sample at 1500 ms (last sample is at 2000 ms)"#)
        }
        XCTAssertThrowsError(try series.append(2000, 3)) { error in
            XCTAssertEqual("\(error)", #"series {__name__="m"}: duplicate sample at 2000 ms (last sample is at 2000 ms)"#)
        }
        XCTAssertEqual(series.count, 2)
    }

    func testWindowBoundsAreInclusive() {
        let series = makeSeries([(0, 0), (60, 1), (120, 2), (180, 3)])
        XCTAssertEqual(series.indices(from: sec(60), through: sec(120)), 1..<3)
        XCTAssertEqual(series.indices(from: sec(61), through: sec(119)), 2..<2)
        XCTAssertEqual(series.indices(from: sec(-10), through: sec(500)), 0..<4)
        XCTAssertEqual(series.indices(from: sec(200), through: sec(500)), 4..<4)
    }

    func testStoreSelectsByMatchers() throws {
        var store = SeriesStore()
        try store.append(Labels(name: "http", ["code": "500"]), 0, 1)
        try store.append(Labels(name: "http", ["code": "200"]), 0, 2)
        try store.append(Labels(name: "http", ["code": "200"]), 1000, 3)
        try store.append(Labels(name: "cpu", [:]), 0, 4)
        XCTAssertEqual(store.seriesCount, 3)
        XCTAssertEqual(store.sampleCount, 4)
        let errors = store.select([.metricName("http"), try LabelMatcher("code", .regex, "5..")])
        XCTAssertEqual(errors.map(\.labels.fingerprint), [#"{__name__="http", code="500"}"#])
        XCTAssertEqual(store.select([.metricName("http")]).map { $0.labels["code"] }, ["200", "500"])
        XCTAssertEqual(store.select([try LabelMatcher("__name__", .regex, "c.*")]).count, 1)
        XCTAssertEqual(store.select([.metricName("nope")]).count, 0)
    }

    func testStoreAddMergesInOrderOnly() throws {
        var store = SeriesStore()
        let labels = Labels(name: "m")
        try store.add(try Series(labels: labels, timestamps: [0, 1000], values: [1, 2]))
        try store.add(try Series(labels: labels, timestamps: [2000], values: [3]))
        XCTAssertEqual(store.series(labels)?.values, [1, 2, 3])
        XCTAssertThrowsError(try store.add(try Series(labels: labels, timestamps: [1500], values: [9])))
        XCTAssertEqual(store.sampleCount, 3)
    }

    func testMemoryEstimateIsSixteenBytesPerSample() throws {
        var store = SeriesStore()
        let count = 10_000
        try store.add(try Series(labels: Labels(name: "m"), timestamps: (0..<count).map { Timestamp($0) },
                                 values: (0..<count).map(Double.init)))
        XCTAssertEqual(store.sampleCount, count)
        XCTAssertGreaterThanOrEqual(store.bytesPerSample, 16)
        XCTAssertLessThan(store.bytesPerSample, 16.5)
    }
}
