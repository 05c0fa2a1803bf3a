import Foundation
import XCTest
import VigilActions
import VigilEngines
import VigilLib
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// The weekly ops report's parts of `status()`, from a store with known incidents, journal
/// rows and series: each service's success rate and latency, the period's MTTD/MTTA/MTTR from
/// the stored timelines and the journal's action counts, all worked out by hand.
final class StatusOperationsTests: XCTestCase {
    let minute: Timestamp = 60_000
    /// The report is at 1000m and looks back 100m: incidents and rows from 900m to 1000m count.
    var now: Timestamp { 1000 * minute }
    var path = ""

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-status-ops-\(UUID().uuidString).sqlite").path
    }

    override func tearDown() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func testTheReportCarriesVitalsResponseTimesAndActionCounts() throws {
        let database = try VigilDatabase(path: path)
        try storeIncidents(database)
        _ = try database.journal.commit(journalRows())
        let report = try report()

        let checkout = try XCTUnwrap(report.services.first { $0.name == "checkout" })
        XCTAssertEqual(checkout.openIncidents, 1, "E is open; C was resolved after the report's time but is resolved in the store")
        let vitals = try XCTUnwrap(checkout.vitals)
        XCTAssertEqual(try XCTUnwrap(vitals.successRate.number), 0.9, accuracy: 1e-12)  // 1 − 100 / 1000
        XCTAssertEqual(try XCTUnwrap(vitals.latency[0].number), 0.04, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[1].number), 0.15, accuracy: 1e-12)
        XCTAssertEqual(vitals.latency[2], Measured.missing(Shortfall(.noSeries, "http_request_duration_seconds{service=\"checkout\", quantile=\"0.99\"}")))

        XCTAssertEqual(report.incidentResponse.map(\.service), ["api", "checkout", nil])
        XCTAssertEqual(section(report, "Incident response"), [
            "api: 1 incident opened, MTTD n/a (no detection time recorded), MTTA 20m, MTTR n/a (none resolved)",
            "checkout: 2 incidents opened, MTTD 7m, MTTA 3m30s, MTTR 50m",
            "all services: 3 incidents opened, MTTD 7m, MTTA 9m, MTTR 50m",
        ])

        XCTAssertEqual(report.actions, [
            ActionCount(kind: "page", state: "delivered", count: 2), ActionCount(kind: "page", state: "dead-letter", count: 1),
            ActionCount(kind: "rollback", state: "planned", count: 1), ActionCount(kind: "notification", state: "duplicate", count: 2),
            ActionCount(kind: "guardrail", state: "tripped", count: 1),
        ])
        XCTAssertEqual(section(report, "Actions"), ["page: 2 delivered, 1 dead-letter", "rollback: 1 planned",
                                                    "notification: 2 duplicate", "guardrail: 1 tripped"])
        let undelivered = try XCTUnwrap(report.attention.first { $0.title == "1 action not delivered (dead-letter)" })
        XCTAssertEqual(undelivered.evidence, "page(\"oncall\") → alertmanager(http://127.0.0.1:9093): HTTP 500 from the receiver")
        XCTAssertEqual(undelivered.recommendation, "fix the receiver, then look at the run: `vigil journal show run-1`")
        XCTAssertEqual(report.overall, .degraded)
    }

    /// Every format carries the new parts: the text line, the JSON fields and the HTML columns.
    func testEveryFormatCarriesTheServiceVitals() throws {
        let database = try VigilDatabase(path: path)
        try storeIncidents(database)
        let report = try report()
        let text = StatusFormat.text.render(report)
        XCTAssertTrue(text.contains("checkout  success 90% · p50 40ms · p95 150ms · p99 no data: no series "
            + "http_request_duration_seconds{service=\"checkout\", quantile=\"0.99\"} · open incidents 1 · latency_p95 150ms"), text)
        XCTAssertTrue(text.contains("\nIncident response\n  api: 1 incident opened"), text)
        XCTAssertTrue(text.contains("\nActions\n  no actions journaled in the period\n"), text)

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(StatusFormat.json.render(report).utf8)) as? [String: Any])
        let service = try XCTUnwrap((json["services"] as? [[String: Any]])?.first)
        XCTAssertEqual(service["success_rate"] as? Double, 0.9)
        XCTAssertEqual(service["p95_seconds"] as? Double, 0.15)
        XCTAssertTrue(service["p99_seconds"] is NSNull)
        XCTAssertEqual((service["missing"] as? [String: String])?["p99_seconds"],
                       "no series http_request_duration_seconds{service=\"checkout\", quantile=\"0.99\"}")
        XCTAssertEqual(service["open_incidents"] as? Int, 1)
        let all = try XCTUnwrap((json["incident_response"] as? [[String: Any]])?.last)
        XCTAssertTrue(all["service"] is NSNull)
        XCTAssertEqual(all["mtta_seconds"] as? Double, 540)
        XCTAssertEqual((json["actions"] as? [Any])?.count, 0)

        let markdown = StatusFormat.markdown.render(report)
        XCTAssertTrue(markdown.contains("| checkout | DEGRADED | 90% | 40ms | 150ms | no data: no series "), markdown)
        let html = StatusFormat.html.render(report)
        XCTAssertTrue(html.contains("<td data-vital=\"success\">90%</td><td data-vital=\"p50\">40ms</td>"), html)
        XCTAssertTrue(html.contains("<td data-vital=\"p99\" class=\"missing\">no data: no series "), html)
    }

    /// A signal with no value says which series it lacked, on its line and in its item.
    func testASignalWithNoDataNamesTheSeries() throws {
        let session = VigilSession(store: SeriesStore())
        session.interpreter.output = { _ in }
        let source = "service search {\n  signal qps = series(\"search_requests_total\", service: \"search\")\n}\n"
        try session.load(Parser.parse(SourceFile(path: "t.vigil", text: source)).0)
        let report = try session.interpreter.evaluating(Evaluation(time: Double(now) / 1000)) { try session.statusReport(period: "1h") }
        let search = try XCTUnwrap(report.services.first)
        XCTAssertEqual(search.figures.map(\.text), ["no data: no series matched series(\"search_requests_total\", service: \"search\")"])
        XCTAssertEqual(report.attention.map(\.evidence), ["no series matched series(\"search_requests_total\", service: \"search\")"])
        XCTAssertNil(search.openIncidents, "no incident store: no count, rather than a 0 nobody checked")
        XCTAssertEqual(search.vitals?.successRate, Measured.missing(Shortfall(.noSeries, "http_requests_total{service=\"search\"}")))
        XCTAssertTrue(StatusFormat.text.render(report).contains(
            "search  success no data: no series http_requests_total{service=\"search\"} · p50 no data: "), StatusFormat.text.render(report))
    }

    // MARK: - The store

    /// A–C are opened in the period, D before it, E (open) before it.
    func storeIncidents(_ database: VigilDatabase) throws {
        let desk = IncidentDesk(database), m = minute
        let a = try desk.open(title: "a", priority: .p2, service: "checkout", at: 910 * m, detectedAt: 905 * m)
        try desk.acknowledge(a, at: 915 * m)
        try desk.resolve(a, at: 950 * m)
        let b = try desk.open(title: "b", priority: .p1, service: "checkout", at: 930 * m, detectedAt: 921 * m)
        try desk.acknowledge(b, at: 932 * m)
        try desk.resolve(b, at: 990 * m)
        let c = try desk.open(title: "c", priority: .p3, service: "api", at: 960 * m)
        try desk.acknowledge(c, at: 980 * m)
        try desk.resolve(c, at: 1010 * m)
        let d = try desk.open(title: "d", priority: .p2, service: "checkout", at: 800 * m, detectedAt: 700 * m)
        try desk.resolve(d, at: 950 * m)
        _ = try desk.open(title: "e", priority: .p3, service: "checkout", at: 700 * m)
    }

    func journalRows() -> JournalBatch {
        let m = minute, rule = Action.Origin(kind: .rule, name: "down", trigger: "fired")
        let note = Action.Origin(kind: .rule, name: "down", trigger: NotificationRouter.noteTrigger)
        let step = Action.Origin(kind: .step, name: "restart api", trigger: "1")
        var batch = JournalBatch()
        batch.records = [
            row("k0", "page", rule, at: 850 * m, .delivered), row("k1", "page", rule, at: 910 * m, .delivered),
            row("k2", "page", rule, at: 950 * m, .delivered),
            row("k3", "page", rule, at: 960 * m, .deadLetter, error: "HTTP 500 from the receiver"),
            row("k4", "rollback", rule, at: 970 * m, .planned), row("k5", "page", rule, at: 1010 * m, .delivered),
            row("n1", "duplicate", note, at: 920 * m, .planned), row("n2", "duplicate", note, at: 940 * m, .planned),
            row("g1", "guardrail", step, at: 930 * m, .planned), row("s1", "step", step, at: 930 * m, .planned),
        ]
        return batch
    }

    func row(_ key: String, _ kind: String, _ origin: Action.Origin, at time: Timestamp, _ state: EntryState,
             error: String? = nil) -> JournalRecord {
        let action = Action(kind: kind, target: "oncall", call: "\(kind)(\"oncall\")", origin: origin, time: time, key: IdempotencyKey(text: key))
        return JournalRecord(action: action, run: "run-1", destination: "alertmanager(http://127.0.0.1:9093)", state: state,
                             nextAttemptAt: time, createdAt: time, updatedAt: time, error: error)
    }

    /// `status(period: 100m)` at 1000m over checkout's requests (900 good and 100 failed in the
    /// period) and a latency summary with p50 at 40ms and p95 at 150ms, but no p99.
    func report() throws -> StatusReport {
        var store = SeriesStore()
        let m = minute
        func add(_ labels: [String: String], _ metric: String, _ samples: [(Timestamp, Double)]) throws {
            try store.add(try Series(labels: Labels(name: metric, labels.merging(["service": "checkout"]) { a, _ in a }),
                                     timestamps: samples.map(\.0), values: samples.map(\.1)))
        }
        try add(["code": "200"], "http_requests_total", [(900 * m, 100), (1000 * m, 1000)])
        try add(["code": "500"], "http_requests_total", [(900 * m, 0), (1000 * m, 100)])
        let minutes = stride(from: 880 * m, through: 1000 * m, by: Int(m)).map { $0 }
        try add(["quantile": "0.5"], "http_request_duration_seconds", minutes.map { ($0, 0.04) })
        try add(["quantile": "0.95"], "http_request_duration_seconds", minutes.map { ($0, 0.15) })
        let session = VigilSession(store: store)
        session.interpreter.output = { _ in }
        session.canaries.useStore(at: path)
        let source = "service checkout {\n  signal latency_p95 = series(\"http_request_duration_seconds\", service: \"checkout\", quantile: \"0.95\")\n}\n"
        try session.load(Parser.parse(SourceFile(path: "t.vigil", text: source)).0)
        return try session.interpreter.evaluating(Evaluation(time: Double(now) / 1000)) { try session.statusReport(period: "100m") }
    }

    func section(_ report: StatusReport, _ title: String) -> [String]? {
        report.sections.first { $0.title == title }?.lines
    }
}
