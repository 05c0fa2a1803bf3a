import Foundation
import GRDB
import VigilSeries
import XCTest
@testable import VigilStore

/// A fresh folder under the system temporary folder, removed when the test ends.
func temporaryFolder(_ testCase: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("vigil-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}

/// A series from a metric name, labels and (time, value) pairs.
func makeSeries(_ name: String, _ labels: [String: String] = [:], _ samples: [(Timestamp, Double)]) throws -> Series {
    try Series(labels: Labels(name: name, labels), timestamps: samples.map(\.0), values: samples.map(\.1))
}

/// Bit patterns of a series' values, so NaN payloads compare exactly.
func valueBits(_ series: Series?) -> [UInt64] {
    series?.values.map(\.bitPattern) ?? []
}

/// Asserts that an expression throws a `StoreError` of a given kind.
func assertStoreError<T>(
    _ kind: StoreError.Kind, file: StaticString = #filePath, line: UInt = #line, _ expression: () throws -> T
) {
    do {
        _ = try expression()
        XCTFail("expected a \(kind) error, but nothing was thrown", file: file, line: line)
    } catch let error as StoreError {
        XCTAssertEqual(error.kind, kind, "unexpected error: \(error.message)", file: file, line: line)
        XCTAssertFalse(error.message.isEmpty, file: file, line: line)
    } catch {
        XCTFail("expected a StoreError, got \(error)", file: file, line: line)
    }
}

extension VigilDatabase {
    /// The SQLite journal mode in force, e.g. `wal` for files and `memory` in memory.
    func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
