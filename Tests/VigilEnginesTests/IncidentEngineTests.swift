import VigilEngines
import VigilSeries
import XCTest

final class IncidentEngineTests: XCTestCase {
    private let minute: Milliseconds = 60_000

    func testTargetsAreDomainFigures() {
        XCTAssertEqual(IncidentPriority.allCases.map { $0.responseTarget / minute }, [15, 30, 120, 1440])
        XCTAssertEqual(IncidentPriority.allCases.map { $0.resolutionTarget / minute }, [240, 480, 1440, 10080])
        XCTAssertEqual(IncidentPriority.p2.escalation.map(\.who), ["on-call", "backup", "team lead", "engineering manager"])
        XCTAssertEqual(IncidentPriority.p2.escalation.map { $0.after / minute }, [0, 30, 120, 480])
    }

    func testP1EscalatesUntilAcknowledged() {
        let p1 = IncidentPriority.p1
        // Opened at 1000; at 1000 + 31 min nobody has answered: on-call, backup, team lead.
        XCTAssertEqual(p1.escalationsDue(openedAt: 1_000, acknowledgedAt: nil, at: 1_000 + 31 * minute).map(\.who),
                       ["on-call", "backup", "team lead"])
        // Acknowledged at 20 min: the team lead (due at 30) is never paged, whatever the time.
        XCTAssertEqual(p1.escalationsDue(openedAt: 1_000, acknowledgedAt: 1_000 + 20 * minute, at: 1_000 + 300 * minute).map(\.who),
                       ["on-call", "backup"])
        // Acknowledged exactly when backup fell due: backup was not paged.
        XCTAssertEqual(p1.escalationsDue(openedAt: 0, acknowledgedAt: 15 * minute, at: 60 * minute).map(\.who), ["on-call"])
        let next = p1.nextEscalation(openedAt: 0, acknowledgedAt: nil, at: 45 * minute)
        XCTAssertEqual(next?.0.who, "engineering manager")
        XCTAssertEqual(next?.1, 60 * minute)
        XCTAssertNil(p1.nextEscalation(openedAt: 0, acknowledgedAt: nil, at: 240 * minute), "VP/CTO was the last rung")
        XCTAssertNil(p1.nextEscalation(openedAt: 0, acknowledgedAt: 5 * minute, at: 6 * minute))
    }

    func testLifecycleRecordsEscalationsAndMissedResponseTarget() throws {
        var incident = IncidentLifecycle(title: "checkout down", priority: .p1, service: "checkout",
                                         openedAt: 10 * minute, detectedAt: 7 * minute)
        XCTAssertEqual(incident.timeline, [IncidentEvent(at: 7 * minute, .detected),
                                           IncidentEvent(at: 10 * minute, .opened, note: "checkout down"),
                                           IncidentEvent(at: 10 * minute, .escalated(to: "on-call"))])
        // Acknowledged 20 min after opening: backup paged at +15, response target (15m) missed at +15.
        let acknowledged = try incident.acknowledge(at: 30 * minute, note: "ana")
        XCTAssertEqual(acknowledged, [IncidentEvent(at: 25 * minute, .escalated(to: "backup")),
                                      IncidentEvent(at: 25 * minute, .responseTargetMissed),
                                      IncidentEvent(at: 30 * minute, .acknowledged, note: "ana")])
        XCTAssertEqual(try incident.acknowledge(at: 31 * minute), [], "the first acknowledgement counts")
        // Resolved at +5h: the 4h resolution target was missed at 250 min; no further escalation.
        let resolved = try incident.resolve(at: 310 * minute, note: "rolled back")
        XCTAssertEqual(resolved, [IncidentEvent(at: 250 * minute, .resolutionTargetMissed),
                                  IncidentEvent(at: 310 * minute, .resolved, note: "rolled back")])
        XCTAssertEqual(incident.advance(to: 900 * minute), [])
        XCTAssertEqual(incident.timeline.map(\.kind.code), ["detected", "opened", "escalated:on-call", "escalated:backup",
                                                      "response_target_missed", "acknowledged",
                                                      "resolution_target_missed", "resolved"])
    }

    func testResolvedIncidentRefusesChangesAndTimeCannotPrecedeOpening() throws {
        var incident = IncidentLifecycle(title: "typo", priority: .p4, service: "web", openedAt: 100)
        XCTAssertThrowsError(try incident.acknowledge(at: 50)) {
            XCTAssertEqual("\($0)", "incident \"typo\" was opened at 100; 50 is before that")
        }
        _ = try incident.resolve(at: 200)
        XCTAssertThrowsError(try incident.resolve(at: 300)) {
            XCTAssertEqual("\($0)", "incident \"typo\" is already resolved")
        }
        XCTAssertThrowsError(try incident.acknowledge(at: 300))
    }

    func testMeanTimesPerServiceAndPriority() throws {
        var a = IncidentLifecycle(title: "a", priority: .p2, service: "checkout", openedAt: 0, detectedAt: -4 * minute)
        _ = try a.acknowledge(at: 10 * minute)
        _ = try a.resolve(at: 60 * minute)
        var b = IncidentLifecycle(title: "b", priority: .p2, service: "checkout", openedAt: 100 * minute)
        _ = try b.acknowledge(at: 120 * minute)
        _ = try b.resolve(at: 200 * minute)
        let c = IncidentLifecycle(title: "c", priority: .p1, service: "checkout", openedAt: 0)
        let d = IncidentLifecycle(title: "d", priority: .p3, service: "api", openedAt: 0, detectedAt: -2 * minute)

        let stats = IncidentStatistics.compute([b, c, a, d])
        XCTAssertEqual(stats.map { "\($0.service) \($0.priority.rawValue)" }, ["api P3", "checkout P1", "checkout P2"])
        let p2 = stats[2]
        XCTAssertEqual(p2.count, 2)
        XCTAssertEqual(p2.meanTimeToDetect, 4 * minute, "only a has a known detection time")
        XCTAssertEqual(p2.meanTimeToAcknowledge, 15 * minute)  // (10 + 20) / 2
        XCTAssertEqual(p2.meanTimeToResolve, 80 * minute)      // (60 + 100) / 2
        XCTAssertNil(stats[1].meanTimeToAcknowledge, "an unacknowledged incident gives no MTTA, not zero")
        XCTAssertNil(stats[1].meanTimeToResolve)
        XCTAssertEqual(stats[0].meanTimeToDetect, 2 * minute)
    }
}

extension IncidentEngineTests {
    /// The status report's MTTx: per service, then over all services, each incident as it
    /// stood at the report's time (a later acknowledgement or resolution does not count yet).
    func testMeanTimesPerServiceAndOverallAsOfATime() throws {
        var a = IncidentLifecycle(title: "a", priority: .p2, service: "checkout", openedAt: 10 * minute, detectedAt: 5 * minute)
        _ = try a.acknowledge(at: 15 * minute)
        _ = try a.resolve(at: 50 * minute)
        var b = IncidentLifecycle(title: "b", priority: .p1, service: "checkout", openedAt: 30 * minute, detectedAt: 21 * minute)
        _ = try b.acknowledge(at: 32 * minute)
        _ = try b.resolve(at: 90 * minute)
        var c = IncidentLifecycle(title: "c", priority: .p3, service: "api", openedAt: 60 * minute)
        _ = try c.acknowledge(at: 80 * minute)
        _ = try c.resolve(at: 110 * minute)
        let at = 100 * minute
        XCTAssertNil(c.asOf(at).resolvedAt, "resolved after the report's time")
        XCTAssertEqual(c.asOf(at).acknowledgedAt, 80 * minute)
        XCTAssertFalse(c.asOf(at).timeline.contains { $0.kind == .resolved })

        let rows = ServiceMeanTimes.compute([a, b, c].map { $0.asOf(at) })
        XCTAssertEqual(rows.map(\.service), ["api", "checkout", nil])
        XCTAssertEqual(figures(rows[0].times), [1, nil, 20 * minute, nil])
        // checkout: detect (5 + 9) / 2, acknowledge (5 + 2) / 2, resolve (40 + 60) / 2.
        XCTAssertEqual(figures(rows[1].times), [2, 7 * minute, 3 * minute + 30_000, 50 * minute])
        // All: acknowledge (5 + 2 + 20) / 3; c's resolution after the report's time is not in MTTR.
        XCTAssertEqual(figures(rows[2].times), [3, 7 * minute, 9 * minute, 50 * minute])
        XCTAssertEqual(ServiceMeanTimes.compute([]), [])
    }
}

/// Count, MTTD, MTTA and MTTR, for comparing with values worked out by hand.
private func figures(_ t: IncidentMeanTimes) -> [Milliseconds?] {
    [Milliseconds(t.count), t.meanTimeToDetect, t.meanTimeToAcknowledge, t.meanTimeToResolve]
}

final class IncidentEventCodeTests: XCTestCase {
    func testEveryKindSurvivesItsStoredCode() {
        let kinds: [IncidentEvent.Kind] = [.detected, .opened, .acknowledged, .resolved, .note, .escalated(to: "team lead"),
                                           .responseTargetMissed, .resolutionTargetMissed]
        XCTAssertEqual(kinds.map { IncidentEvent.Kind(code: $0.code) }, kinds)
        XCTAssertEqual(IncidentEvent.Kind.escalated(to: "VP/CTO").code, "escalated:VP/CTO")
        XCTAssertNil(IncidentEvent.Kind(code: "paged"))
    }
}
