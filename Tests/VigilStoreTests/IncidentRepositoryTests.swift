import VigilSeries
import XCTest
@testable import VigilStore

final class IncidentRepositoryTests: XCTestCase {
    func testLifecycleFromOpenToResolved() throws {
        let incidents = try VigilDatabase.inMemory().incidents
        let incident = try incidents.open(title: "checkout 5xx above 2%", severity: .p1, service: "checkout", at: 1_000)
        XCTAssertEqual(incident.status, .open)
        XCTAssertNil(incident.acknowledgedAt)

        let acknowledged = try incidents.acknowledge(incident.id, at: 5_000)
        XCTAssertEqual(acknowledged.status, .acknowledged)
        XCTAssertEqual(acknowledged.acknowledgedAt, 5_000)
        XCTAssertEqual(try incidents.acknowledge(incident.id, at: 9_000).acknowledgedAt, 5_000,
                       "the first acknowledgement is the one escalation measures")

        let resolved = try incidents.resolve(incident.id, at: 60_000)
        XCTAssertEqual(resolved.status, .resolved)
        XCTAssertEqual(resolved.resolvedAt, 60_000)
        XCTAssertEqual(try incidents.incident(incident.id), resolved)
        XCTAssertTrue(try incidents.openIncidents().isEmpty)
    }

    func testResolvedIncidentsRefuseFurtherChanges() throws {
        let incidents = try VigilDatabase.inMemory().incidents
        let incident = try incidents.open(title: "typo on banner", severity: .p4, service: "web", at: 0)
        try incidents.resolve(incident.id, at: 10)
        assertStoreError(.invalidTransition) { try incidents.acknowledge(incident.id, at: 20) }
        assertStoreError(.invalidTransition) { try incidents.resolve(incident.id, at: 20) }
        assertStoreError(.notFound) { try incidents.acknowledge(999, at: 20) }
        assertStoreError(.invalidData) { try incidents.open(title: "", severity: .p2, service: "web", at: 0) }
    }

    func testOpenIncidentsAreMostSevereFirstAndFilterByService() throws {
        let incidents = try VigilDatabase.inMemory().incidents
        try incidents.open(title: "slow search", severity: .p3, service: "search", at: 0)
        let outage = try incidents.open(title: "checkout down", severity: .p1, service: "checkout", at: 10)
        try incidents.open(title: "degraded checkout", severity: .p2, service: "checkout", at: 5)
        let fixed = try incidents.open(title: "old one", severity: .p1, service: "checkout", at: 1)
        try incidents.resolve(fixed.id, at: 2)
        try incidents.acknowledge(outage.id, at: 11)

        XCTAssertEqual(try incidents.openIncidents().map(\.title), ["checkout down", "degraded checkout", "slow search"])
        XCTAssertEqual(try incidents.openIncidents(service: "search").map(\.severity), [.p3])
        XCTAssertTrue(IncidentSeverity.p1 < .p4)
    }
}
