import Foundation
import XCTest

/// Anomalies a run finds are stored as events: `vigil anomalies` lists them afterwards.
final class AnomalyCommandTests: XCTestCase {
    func testARunStoresItsAnomalyAndALaterCommandListsIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-anomalies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("vigil.sqlite").path
        let run = try VigilBinary.run(["run", "examples/anomaly-after-deploy.vigil", "--db", db])
        XCTAssertEqual(run.status, 0, run.combined)
        let listed = try VigilBinary.run(["anomalies", "--db", db, "--service", "checkout", "--at", "2025-01-16T09:00:00Z"])
        XCTAssertEqual(listed.status, 0, listed.combined)
        XCTAssertEqual(listed.stdout, "anomaly(relative spike of series(\"http_request_duration_seconds\", service: \"checkout\", "
            + "quantile: \"0.95\", version: \"v1.5.0\") since @2025-01-16T08:12:30Z: 431.19ms against baseline 148.168ms, "
            + "+191.015%); open\n")
        let other = try VigilBinary.run(["anomalies", "--db", db, "--service", "payments", "--at", "2025-01-16T09:00:00Z"])
        XCTAssertEqual(other.stdout, "no anomalies of payments in the last 1d\n")
    }
}
