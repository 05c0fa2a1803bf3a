import VigilSeries
import XCTest
@testable import VigilStore

final class IncidentTimelineStoreTests: XCTestCase {
    func testTimelineAndDetectionTimeRoundTrip() throws {
        let incidents = try VigilDatabase.inMemory().incidents
        let first = try incidents.open(title: "checkout down", severity: .p1, service: "checkout", at: 10_000)
        let second = try incidents.open(title: "search slow", severity: .p3, service: "search", at: 5_000)
        try incidents.setDetected(first.id, at: 7_000)
        try incidents.record([IncidentTimelineEntry(at: 10_000, kind: "opened", note: "checkout down"),
                              IncidentTimelineEntry(at: 10_000, kind: "escalated:on-call")], for: first.id)
        try incidents.record([IncidentTimelineEntry(at: 9_000, kind: "detected")], for: first.id)
        XCTAssertEqual(try incidents.timeline(of: first.id).map(\.kind), ["detected", "opened", "escalated:on-call"])
        XCTAssertEqual(try incidents.timeline(of: first.id)[1].note, "checkout down")
        XCTAssertEqual(try incidents.timeline(of: second.id), [])
        XCTAssertEqual(try incidents.detectedAt(first.id), 7_000)
        XCTAssertNil(try incidents.detectedAt(second.id))
        XCTAssertEqual(try incidents.all().map(\.id), [second.id, first.id], "oldest first")
        assertStoreError(.notFound) { try incidents.record([IncidentTimelineEntry(at: 0, kind: "note")], for: 999) }
    }
}
