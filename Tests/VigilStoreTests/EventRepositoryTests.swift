import VigilSeries
import XCTest
@testable import VigilStore

/// Anomalies and change events: the events root cause and `anomalies(…)` read across sessions.
final class EventRepositoryTests: XCTestCase {
    private let minute = TimeUnit.minute

    func opened(peak: Timestamp = 20 * TimeUnit.minute, value: Double = 0.4, score: Double = 3) -> StoredAnomaly {
        StoredAnomaly(subject: "series(\"latency_seconds\", service: \"checkout\")", labels: Labels(["service": "checkout"]),
                      shownLabels: Labels(), service: "checkout", method: "relative", direction: "spike", onset: 20 * minute,
                      peak: peak, end: nil, value: value, baseline: 0.1, deviation: value - 0.1, score: score, threshold: 0.5,
                      unit: "duration")
    }

    func testAnAnomalyIsWrittenOnceAndUpdatedAsItsPeakMovesAndItEnds() throws {
        let anomalies = try VigilDatabase.inMemory().anomalies
        XCTAssertEqual(try anomalies.record(opened()), .inserted)
        XCTAssertEqual(try anomalies.record(opened()), .unchanged, "a second evaluation adds nothing")
        XCTAssertEqual(try anomalies.record(opened(peak: 21 * minute, value: 0.5, score: 4)), .updated)
        var ended = opened(peak: 21 * minute, value: 0.5, score: 4)
        ended.end = 23 * minute
        XCTAssertEqual(try anomalies.record(ended), .updated)
        // A replay that stops earlier sees it open at a lower peak: what is known stays.
        XCTAssertEqual(try anomalies.record(opened()), .unchanged)
        let stored = try anomalies.anomalies(openFrom: 0, through: 60 * minute)
        XCTAssertEqual(stored, [ended])
        XCTAssertEqual(stored.first?.magnitude, 4)
    }

    func testTheListingHasTheAnomaliesOpenInTheWindowOfTheService() throws {
        let anomalies = try VigilDatabase.inMemory().anomalies
        var ended = opened()
        ended.end = 23 * minute
        try anomalies.record(ended)
        var other = opened()
        other.labels = Labels(["service": "payments"])
        other.service = "payments"
        other.onset = 30 * minute
        try anomalies.record(other)
        XCTAssertEqual(try anomalies.anomalies(openFrom: 0, through: 60 * minute).map(\.service), ["checkout", "payments"])
        XCTAssertEqual(try anomalies.anomalies(service: "payments", openFrom: 0, through: 60 * minute).map(\.onset), [30 * minute])
        // Ended before the window, or begun after it.
        XCTAssertEqual(try anomalies.anomalies(openFrom: 24 * minute, through: 29 * minute), [])
        XCTAssertEqual(try anomalies.anomalies(openFrom: 0, through: 19 * minute), [])
        // Still open: in every window after its onset.
        XCTAssertEqual(try anomalies.anomalies(openFrom: 500 * minute, through: 600 * minute).map(\.service), ["payments"])
    }

    func testARowWithLabelsThatAreNotJSONIsNamedInTheError() throws {
        let db = try VigilDatabase.inMemory()
        try db.anomalies.record(opened())
        try db.writer.write { try $0.execute(sql: "UPDATE anomaly_events SET labels = 'service=checkout'") }
        XCTAssertThrowsError(try db.anomalies.anomalies(openFrom: 0, through: 60 * minute)) { error in
            XCTAssertEqual("\(error)", "anomaly_events row 1 has labels that are not a JSON object of strings: service=checkout")
        }
    }

    func testChangeEventsAreStoredOnceAndReadByTime() throws {
        let changes = try VigilDatabase.inMemory().changes
        let events = [
            ChangeEvent(time: 10 * minute, service: "checkout", kind: "config", description: "raise pool size",
                        id: "CHG-12", author: "ana"),
            ChangeEvent(time: 5 * minute, service: "payments", kind: "feature-flag", description: "new-router on"),
        ]
        XCTAssertEqual(try changes.insert(events).inserted, 2)
        let again = try changes.insert(events)
        XCTAssertEqual(again.inserted, 0)
        XCTAssertEqual(again.alreadyStored, 2)
        XCTAssertEqual(try changes.changes(from: 0, through: 60 * minute), [events[1], events[0]])
        XCTAssertEqual(try changes.changes(from: 6 * minute, through: 10 * minute), [events[0]])
    }

    func testAChangeTheTableRefusesStoresNothingOfItsBatch() throws {
        let db = try VigilDatabase.inMemory()
        try db.writer.write { try $0.execute(sql: "CREATE TRIGGER no_flags BEFORE INSERT ON change_events WHEN NEW.kind = 'flag' BEGIN SELECT RAISE(ABORT, 'no flags'); END") }
        XCTAssertThrowsError(try db.changes.insert([
            ChangeEvent(time: minute, service: "checkout", kind: "config", description: "raise pool size"),
            ChangeEvent(time: minute, service: "checkout", kind: "flag", description: "x"),
        ]))
        XCTAssertEqual(try db.changes.changes(from: 0, through: 60 * minute), [])
    }
}
