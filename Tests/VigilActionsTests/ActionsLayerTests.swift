import Foundation
import VigilActions
import VigilLive
import VigilSeries
import VigilStore
import VigilTestServers
import XCTest

/// The layer against a real SQLite journal and real receivers (a local HTTP receiver, and
/// Alertmanager where installed).
final class ActionsLayerTests: XCTestCase {
    func action(_ kind: String = "page", target: String = "oncall", rule: String = "checkout errors",
                labels: [String: String] = ["service": "checkout"], at time: Timestamp = 1_700_000_000_000,
                trigger: String = "fired", body: String? = nil) -> Action {
        let origin = Action.Origin(kind: .rule, name: rule, trigger: trigger)
        let set = Labels(labels)
        return Action(kind: kind, target: target, call: "\(kind)(\"\(target)\")", labelSet: set.fingerprint,
                      labels: labels.merging(["alertname": rule]) { a, _ in a },
                      annotations: ["summary": "errors above 1%"], observed: "error_rate = 2% > 1%", origin: origin,
                      time: time, body: body, key: IdempotencyKey(origin: origin, labels: set, time: time, position: 0))
    }

    func testPlannedModeJournalsAndDeliversNothing() async throws {
        let receiver = try TestHTTPReceiver()
        defer { receiver.stop() }
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .planned, run: "dry", receivers: ["oncall": .webhook(url: (receiver.baseURL + "/hook"))],
                                 poster: DeliveryHTTPClient())
        let submitted = try layer.submit([action()], at: 1_000)
        XCTAssertEqual(submitted.map(\.record.state), [.planned])
        let report = try await layer.deliverDue(at: 2_000)
        XCTAssertTrue(report.isEmpty)
        XCTAssertEqual(receiver.requests.count, 0)
    }

    func testAWebhookIsDeliveredOnceWithItsIdempotencyKeyAndMarked() async throws {
        let receiver = try TestHTTPReceiver()
        defer { receiver.stop() }
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .deliver, run: "r", poster: DeliveryHTTPClient())
        let hook = action("webhook", target: (receiver.baseURL + "/hook"), body: "{\"service\":\"checkout\"}")
        try layer.submit([hook], at: 1_000)
        XCTAssertEqual(try layer.submit([hook], at: 1_500).map(\.isNew), [false], "a key is journaled once")
        let report = try await layer.deliverDue(at: 2_000)
        XCTAssertEqual(report.delivered.count, 1)
        _ = try await layer.deliverDue(at: 3_000)
        XCTAssertEqual(receiver.requests.map(\.text), ["{\"service\":\"checkout\"}"])
        XCTAssertEqual(receiver.requests.first?.idempotencyKey, hook.key.headerValue)
        XCTAssertEqual(try journal.record(hook.key)?.state, .delivered)
    }

    func testFailuresBackOffThenBecomeADeadLetter() async throws {
        let receiver = try TestHTTPReceiver()
        defer { receiver.stop() }
        receiver.answer(503)
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .deliver, run: "r", poster: DeliveryHTTPClient(),
                                 retry: RetryPolicy(firstDelay: 1_000, maxDelay: 4_000, maxAttempts: 3))
        let hook = action("webhook", target: (receiver.baseURL + "/hook"))
        try layer.submit([hook], at: 0)
        var now: Timestamp = 0
        var states: [EntryState] = []
        for _ in 0..<3 {
            let report = try await layer.deliverDue(at: now)
            states += report.retrying.map(\.state) + report.deadLetters.map(\.state)
            let record = try XCTUnwrap(journal.record(hook.key))
            XCTAssertTrue(try journal.due(at: now, limit: 10).isEmpty, "not due again before its backoff")
            now = record.nextAttemptAt
        }
        XCTAssertEqual(states, [.pending, .pending, .deadLetter])
        XCTAssertEqual(receiver.requests.count, 3)
        XCTAssertEqual(try journal.record(hook.key)?.error, "the receiver answered HTTP 503")
    }

    func testARefusalNoRetryCanFixIsADeadLetterAtOnce() async throws {
        let receiver = try TestHTTPReceiver()
        defer { receiver.stop() }
        receiver.answer(400)
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .deliver, run: "r", poster: DeliveryHTTPClient())
        try layer.submit([action("webhook", target: (receiver.baseURL + "/hook"))], at: 0)
        let report = try await layer.deliverDue(at: 0)
        XCTAssertEqual(report.deadLetters.map(\.error), ["the receiver answered HTTP 400"])
    }

    func testAPageToAnUndeclaredReceiverIsADeadLetterSayingSo() throws {
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .deliver, run: "r", poster: DeliveryHTTPClient())
        let record = try XCTUnwrap(layer.submit([action(target: "nobody")], at: 0).first?.record)
        XCTAssertEqual(record.state, .deadLetter)
        XCTAssertEqual(record.error, "no receiver named \"nobody\" is declared")
    }

    func testBackoffGrowsExponentiallyWithJitterAndIsCapped() {
        let policy = RetryPolicy(firstDelay: 1_000, maxDelay: 8_000, maxAttempts: 10)
        XCTAssertEqual(policy.delay(after: 1, random: 1), 1_000)
        XCTAssertEqual(policy.delay(after: 3, random: 1), 4_000)
        XCTAssertEqual(policy.delay(after: 3, random: 0), 2_000)
        XCTAssertEqual(policy.delay(after: 9, random: 1), 8_000)
    }

    func testAlertmanagerReceivesFiringAlertsAndTheirResolution() async throws {
        let alertmanager: TestAlertmanager
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) {
            throw XCTSkip(why)
        }
        defer { alertmanager.stop() }
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .deliver, run: "r",
                                 receivers: ["oncall": .alertmanager(url: alertmanager.baseURL)], poster: DeliveryHTTPClient())
        let now = Timestamp(Date().timeIntervalSince1970 * 1000)
        try layer.submit([action(at: now)], at: now)
        let report = try await layer.deliverDue(at: now)
        XCTAssertEqual(report.delivered.count, 1, "\(report.retrying.map(\.error))")
        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.count, 1)
        let labels = alerts.first?["labels"] as? [String: String]
        XCTAssertEqual(labels, ["alertname": "checkout errors", "service": "checkout"])
        XCTAssertEqual((alerts.first?["annotations"] as? [String: String])?["summary"], "errors above 1%")
        XCTAssertEqual(try journal.activeAlerts().count, 1)

        // Resolved on the wall clock: an `endsAt` still ahead would keep the alert active.
        let end = Timestamp(Date().timeIntervalSince1970 * 1000)
        let resolved = try layer.resolveAlerts(rule: "checkout errors", labels: Labels(["service": "checkout"]), at: end)
        XCTAssertEqual(resolved.count, 1)
        _ = try await layer.deliverDue(at: end)
        let after = try await alertmanager.activeAlerts()
        XCTAssertEqual(after.count, 0, "a resolved alert is no longer listed")
        XCTAssertEqual(try journal.activeAlerts().count, 0)
    }
}

/// Alertmanager's protocol as Prometheus speaks it: re-sent while firing, ended on resolution.
final class AlertResendTests: XCTestCase {
    func testAFiringAlertIsResentEachMinuteUntilItsResolutionIsSent() async throws {
        // A plain HTTP receiver standing where Alertmanager would: it counts the POSTs.
        let receiver = try TestHTTPReceiver()
        defer { receiver.stop() }
        let base = "http://127.0.0.1:\(receiver.port)"
        let journal = try VigilDatabase.inMemory().journal
        let layer = ActionsLayer(store: journal, mode: .deliver, run: "r", receivers: ["oncall": .alertmanager(url: base)],
                                 poster: DeliveryHTTPClient())
        let labels = Labels(["service": "checkout"])
        let origin = Action.Origin(kind: .rule, name: "errors", trigger: "fired")
        let page = Action(kind: "page", target: "oncall", call: "page(\"oncall\")", labelSet: labels.fingerprint,
                          labels: ["alertname": "errors", "service": "checkout"], origin: origin, time: 0,
                          key: IdempotencyKey(origin: origin, labels: labels, time: 0, position: 0))
        try layer.submit([page], at: 0)
        _ = try await layer.deliverDue(at: 0)
        var resent = try await layer.deliverDue(at: 30_000).resent
        XCTAssertEqual(resent, 0, "not before the resend delay")
        resent = try await layer.deliverDue(at: 60_000).resent
        XCTAssertEqual(resent, 1)
        try layer.resolveAlerts(rule: "errors", labels: labels, at: 90_000)
        _ = try await layer.deliverDue(at: 90_000)
        resent = try await layer.deliverDue(at: 200_000).resent
        XCTAssertEqual(resent, 0, "a resolved alert is not re-sent")
        let posts = receiver.requests
        XCTAssertEqual(posts.map(\.uri), Array(repeating: "/api/v2/alerts", count: 3))
        XCTAssertTrue(posts[0].text.contains("\"endsAt\":\"1970-01-01T00:04:00.000Z\""), posts[0].text)
        XCTAssertTrue(posts[1].text.contains("\"endsAt\":\"1970-01-01T00:05:00.000Z\""), posts[1].text)
        XCTAssertTrue(posts[2].text.contains("\"endsAt\":\"1970-01-01T00:01:30.000Z\""), posts[2].text)
    }
}
