import GRDB
import VigilSeries
import XCTest
@testable import VigilStore

final class SampleRepositoryTests: XCTestCase {
    func testRoundTripOfAWholeStore() throws {
        var store = SeriesStore()
        try store.add(makeSeries("http_requests_total", ["code": "200", "job": "api"], [(0, 1), (15_000, 4.5), (30_000, 9)]))
        try store.add(makeSeries("http_requests_total", ["code": "500", "job": "api"], [(0, 0), (30_000, 2)]))
        try store.add(makeSeries("up", ["job": "api"], [(5_000, 1)]))
        let database = try VigilDatabase.inMemory()
        let summary = try database.samples.insert(store)
        XCTAssertEqual(summary, SampleInsertSummary(seriesCreated: 3, samplesInserted: 6, duplicatesSkipped: 0))

        let loaded = try database.samples.load()
        XCTAssertEqual(loaded.seriesCount, 3)
        for series in store.series {
            XCTAssertEqual(loaded.series(series.labels), series, "series \(series.labels)")
        }
        XCTAssertEqual(try database.samples.sampleCount(), 6)
        XCTAssertEqual(try database.samples.seriesCount(), 3)
    }

    func testNaNStaleMarkerNegativeZeroAndInfinitiesKeepTheirBits() throws {
        let payloadNaN = Double(bitPattern: 0x7ff8_0000_0000_0abc)
        let values: [Double] = [StaleMarker.value, .nan, payloadNaN, -0.0, 0.0, .infinity, -.infinity,
                                .leastNonzeroMagnitude, 3.0, -1e308, 0.1]
        let series = try Series(labels: Labels(name: "bits"), timestamps: values.indices.map { Int64($0) * 1_000 }, values: values)
        let database = try VigilDatabase.inMemory()
        try database.samples.insert([series])
        let loaded = try database.samples.load().series(series.labels)
        XCTAssertEqual(valueBits(loaded), values.map(\.bitPattern))
        XCTAssertTrue(loaded.map { StaleMarker.isStale($0.values[0]) } == true)
        XCTAssertFalse(loaded.map { StaleMarker.isStale($0.values[1]) } ?? true)
    }

    func testBitPatternsSurviveAFileRoundTrip() throws {
        let path = try temporaryFolder(self).appendingPathComponent("bits.sqlite").path
        let values: [Double] = [-0.0, StaleMarker.value, 2.0, -5.0]
        let series = try Series(labels: Labels(name: "bits"), timestamps: [1, 2, 3, 4], values: values)
        try VigilDatabase(path: path).samples.insert([series])
        let loaded = try VigilDatabase(path: path).samples.load().series(series.labels)
        XCTAssertEqual(valueBits(loaded), values.map(\.bitPattern))
    }

    func testSeriesAreUpsertedByFingerprintAndExactDuplicatesSkipped() throws {
        let database = try VigilDatabase.inMemory()
        try database.samples.insert([makeSeries("up", ["job": "api"], [(1_000, 1), (2_000, .nan)])])
        let second = try database.samples.insert([makeSeries("up", ["job": "api"], [(1_000, 1), (2_000, .nan), (3_000, 0)])])
        XCTAssertEqual(second, SampleInsertSummary(seriesCreated: 0, samplesInserted: 1, duplicatesSkipped: 2))
        XCTAssertEqual(try database.samples.seriesCount(), 1)
        let loaded = try database.samples.load().series(Labels(name: "up", ["job": "api"]))
        XCTAssertEqual(loaded?.timestamps, [1_000, 2_000, 3_000])
    }

    func testConflictingValueIsAnErrorAndTheWholeBatchIsRolledBack() throws {
        let database = try VigilDatabase.inMemory()
        let original = try makeSeries("up", ["job": "api"], [(1_000, 1), (2_000, 1)])
        try database.samples.insert([original])

        let batch = [
            try makeSeries("up", ["job": "web"], [(1_000, 1), (2_000, 1)]),
            try makeSeries("up", ["job": "api"], [(2_000, 0), (3_000, 1)]),
            try makeSeries("up", ["job": "db"], [(1_000, 1)]),
        ]
        assertStoreError(.conflictingSample) { try database.samples.insert(batch) }

        XCTAssertEqual(try database.samples.seriesCount(), 1, "the web and db series must not be half-written")
        XCTAssertEqual(try database.samples.sampleCount(), 2)
        XCTAssertEqual(try database.samples.load().series(original.labels), original)
    }

    func testAFailureForcedInsideSQLiteMidBatchLeavesNothingBehind() throws {
        let database = try VigilDatabase.inMemory()
        let kept = try makeSeries("kept", [:], [(1, 1), (2, 2)])
        try database.samples.insert([kept])
        try database.writer.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER fail_mid_batch BEFORE INSERT ON samples WHEN NEW.ts = 5000
                BEGIN SELECT RAISE(ABORT, 'forced failure'); END
                """)
        }
        let batch = [
            try makeSeries("a", [:], [(1_000, 1), (2_000, 2)]),
            try makeSeries("b", [:], [(4_000, 1), (5_000, 2), (6_000, 3)]),
            try makeSeries("c", [:], [(1_000, 1)]),
        ]
        XCTAssertThrowsError(try database.samples.insert(batch)) { error in
            XCTAssertTrue("\(error)".contains("forced failure"), "\(error)")
        }
        XCTAssertEqual(try database.samples.seriesCount(), 1)
        XCTAssertEqual(try database.samples.sampleCount(), 2)
        XCTAssertEqual(try database.samples.load().series(kept.labels), kept)

        try database.writer.write { db in try db.execute(sql: "DROP TRIGGER fail_mid_batch") }
        XCTAssertEqual(try database.samples.insert(batch).samplesInserted, 6, "the same batch succeeds once the failure is gone")
    }

    func testLoadFiltersByMatchersAndTimeRange() throws {
        let database = try VigilDatabase.inMemory()
        try database.samples.insert([
            makeSeries("http_requests_total", ["code": "200"], [(0, 1), (10_000, 2), (20_000, 3), (30_000, 4)]),
            makeSeries("http_requests_total", ["code": "500"], [(0, 1), (10_000, 2), (20_000, 3)]),
            makeSeries("http_requests_total", ["code": "503"], [(40_000, 1)]),
            makeSeries("up", ["code": "500"], [(0, 1)]),
        ])
        let fiveHundreds = try database.samples.load(
            matching: [.metricName("http_requests_total"), LabelMatcher("code", .regex, "5..")], from: 10_000, through: 20_000)
        XCTAssertEqual(fiveHundreds.series.map(\.labels), [Labels(name: "http_requests_total", ["code": "500"])],
                       "503 has no sample in the range and is left out")
        XCTAssertEqual(fiveHundreds.series.first?.timestamps, [10_000, 20_000])

        let notOK = try database.samples.load(matching: [LabelMatcher("code", .notEqual, "200")])
        XCTAssertEqual(notOK.seriesCount, 3)
        XCTAssertEqual(try database.samples.sampleCount(matching: [.metricName("http_requests_total")], from: 5_000), 6)
        XCTAssertEqual(try database.samples.sampleCount(from: 0, through: 0), 3)
    }

    func testLoadingFromAnEmptyDatabaseGivesAnEmptyStore() throws {
        let database = try VigilDatabase.inMemory()
        XCTAssertEqual(try database.samples.load().seriesCount, 0)
        XCTAssertEqual(try database.samples.sampleCount(), 0)
    }

    func testSpanCountsSeriesAndFindsTheFirstAndLastSampleAcrossThem() throws {
        let database = try VigilDatabase.inMemory()
        XCTAssertEqual(try database.samples.span(), SampleSpan(seriesCount: 0))
        try database.samples.insert([
            try Series(labels: Labels(name: "a"), timestamps: [5_000, 9_000], values: [1, 2]),
            try Series(labels: Labels(name: "b"), timestamps: [2_000, 7_000, 8_000], values: [1, 2, 3]),
        ])
        XCTAssertEqual(try database.samples.span(), SampleSpan(seriesCount: 2, first: 2_000, last: 9_000))
    }

    func testCorruptLabelsGiveAClearErrorInsteadOfACrash() throws {
        let database = try VigilDatabase.inMemory()
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO series (fingerprint, metric_name, labels) VALUES ('x', 'up', '[1, 2]')")
        }
        assertStoreError(.invalidData) { try database.samples.load() }
    }

    func testLabelsAreStoredAsReadableJSON() throws {
        let database = try VigilDatabase.inMemory()
        try database.samples.insert([makeSeries("up", ["job": "a\"b"], [(1, 1)])])
        let row = try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT metric_name, labels, labels ->> '$.job' AS job FROM series")
        }
        XCTAssertEqual(row?["metric_name"], "up")
        XCTAssertEqual(row?["job"], "a\"b")
    }
}
