import Foundation
import VigilSeries
import XCTest
@testable import VigilStore

/// Inserts a million samples into a file database and prints the rate; asserts only that
/// every sample arrived intact, because timing on a shared machine proves nothing.
final class SampleBulkInsertTests: XCTestCase {
    func testInsertingOneMillionSamples() throws {
        let seriesCount = 100
        let samplesPerSeries = 10_000
        var store = SeriesStore()
        for index in 0..<seriesCount {
            let timestamps = (0..<samplesPerSeries).map { Int64($0) * 15_000 }
            let values = (0..<samplesPerSeries).map { Double($0 * (index + 1)) + 0.25 }
            try store.add(Series(labels: Labels(name: "bulk_total", ["instance": "host-\(index)"]),
                                 timestamps: timestamps, values: values))
        }
        let path = try temporaryFolder(self).appendingPathComponent("bulk.sqlite").path
        let database = try VigilDatabase(path: path)

        let start = Date()
        let summary = try database.samples.insert(store)
        let seconds = Date().timeIntervalSince(start)
        let total = seriesCount * samplesPerSeries
        print(String(format: "VigilStore bulk insert: %d samples in %.2f s = %.0f samples/s",
                     total, seconds, Double(total) / seconds))

        XCTAssertEqual(summary, SampleInsertSummary(seriesCreated: seriesCount, samplesInserted: total, duplicatesSkipped: 0))
        XCTAssertEqual(try database.samples.sampleCount(), total)
        let loadStart = Date()
        let loaded = try database.samples.load()
        print(String(format: "VigilStore load: %d samples in %.2f s", loaded.sampleCount, Date().timeIntervalSince(loadStart)))
        XCTAssertEqual(loaded.sampleCount, total)
        let last = Labels(name: "bulk_total", ["instance": "host-\(seriesCount - 1)"])
        XCTAssertEqual(loaded.series(last), store.series(last))
    }
}
