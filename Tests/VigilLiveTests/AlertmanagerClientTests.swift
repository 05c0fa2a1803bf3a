import VigilLive
import VigilSeries
import VigilTestServers
import XCTest

/// Alerts and silences against a real Alertmanager.
final class AlertmanagerClientTests: XCTestCase {
    private static let slot = ServerSlot<TestAlertmanager> { $0.stop() }
    private var server: TestAlertmanager!
    private var client: AlertmanagerClient!

    override func setUp() async throws {
        server = try await Self.slot.get { try await TestAlertmanager.start() }
        client = try AlertmanagerClient(url: server.baseURL, timeout: 10)
    }

    override class func tearDown() {
        slot.stop()
        super.tearDown()
    }

    /// An alert with a name unique to the calling test, so tests sharing the server do not interfere.
    private func alert(_ function: String = #function, severity: String = "P1") -> Alert {
        // #function is `testName()`; the parentheses are not wanted in a label value.
        let name = function.hasSuffix("()") ? String(function.dropLast(2)) : function
        return Alert(
            labels: Labels(["alertname": name, "service": "checkout", "severity": severity]),
            annotations: ["summary": "error rate > 0.5% for 10m", "runbook": "https://runbooks/checkout"],
            startsAt: AlertmanagerClient.wallClockNow() - TimeUnit.minute,
            generatorURL: "http://vigil.local/rules/checkout")
    }

    private func held(_ alertname: String) async throws -> [ReceivedAlert] {
        try await client.alerts(matching: [SilenceMatcher(name: "alertname", value: alertname)])
    }

    /// Polls (bounded) until `condition` holds for the alerts named `alertname`.
    private func eventually(
        _ alertname: String, within seconds: Double = 5, _ condition: ([ReceivedAlert]) -> Bool
    ) async throws -> [ReceivedAlert] {
        let deadline = Date().addingTimeInterval(seconds)
        var alerts = try await held(alertname)
        while !condition(alerts) && Date() < deadline {
            try await Task.sleep(nanoseconds: 100_000_000)
            alerts = try await held(alertname)
        }
        return alerts
    }

    func testPostedAlertIsHeldWithTheSameLabelsAndFingerprint() async throws {
        let sent = alert()
        try await client.post([sent])
        let alerts = try await eventually("testPostedAlertIsHeldWithTheSameLabelsAndFingerprint") { $0.count == 1 }
        XCTAssertEqual(alerts.count, 1)
        let received = try XCTUnwrap(alerts.first)
        XCTAssertEqual(received.alert.labels, sent.labels)
        XCTAssertEqual(received.alert.annotations, sent.annotations)
        XCTAssertEqual(received.alert.startsAt, sent.startsAt)
        XCTAssertEqual(received.alert.generatorURL, sent.generatorURL)
        XCTAssertEqual(received.fingerprint, sent.fingerprint, "Vigil's fingerprint must equal Alertmanager's")
        XCTAssertEqual(received.state, .active)
        XCTAssertEqual(received.receivers, ["vigil-test"])
    }

    func testPostingTheSameAlertTwiceKeepsOneAlert() async throws {
        let name = "testPostingTheSameAlertTwiceKeepsOneAlert"
        var first = alert()
        try await client.post([first])
        first.annotations["summary"] = "still failing"
        try await client.post([first, first])
        let alerts = try await eventually(name) { $0.first?.alert.annotations["summary"] == "still failing" }
        XCTAssertEqual(alerts.count, 1)
        XCTAssertEqual(alerts.first?.alert.annotations["summary"], "still failing")

        // A different label value is a different alert.
        try await client.post([alert(name, severity: "P2")])
        let both = try await eventually(name) { $0.count == 2 }
        XCTAssertEqual(both.count, 2)
        XCTAssertEqual(Set(both.map(\.fingerprint)).count, 2)
    }

    func testResolveEndsTheAlert() async throws {
        let name = "testResolveEndsTheAlert"
        let sent = alert()
        try await client.post([sent])
        let active = try await eventually(name) { $0.count == 1 }
        XCTAssertEqual(active.count, 1)
        try await client.resolve([sent])
        let after = try await eventually(name) { $0.isEmpty }
        XCTAssertTrue(after.isEmpty, "a resolved alert must no longer be listed, got \(after)")
    }

    func testSilenceMutesTheAlertAndDeletingItUnmutes() async throws {
        let name = "testSilenceMutesTheAlertAndDeletingItUnmutes"
        try await client.post([alert()])
        let now = AlertmanagerClient.wallClockNow()
        let silence = Silence(
            matchers: [SilenceMatcher(name: "alertname", value: name), SilenceMatcher(.equal("service", "checkout"))],
            startsAt: now, endsAt: now + TimeUnit.hour, createdBy: "vigil-tests", comment: "planned maintenance")
        let id = try await client.createSilence(silence)
        let silenced = try await eventually(name) { $0.first?.state == .suppressed }
        XCTAssertEqual(silenced.first?.state, .suppressed)
        XCTAssertEqual(silenced.first?.silencedBy, [id])

        let stored = try await client.silences().first { $0.id == id }
        XCTAssertEqual(stored?.state, "active")
        XCTAssertEqual(stored?.silence.matchers, silence.matchers)
        XCTAssertEqual(stored?.silence.comment, "planned maintenance")
        XCTAssertEqual(stored?.silence.endsAt, silence.endsAt)

        try await client.deleteSilence(id: id)
        let unmuted = try await eventually(name) { $0.first?.state == .active }
        XCTAssertEqual(unmuted.first?.state, .active)
        let expired = try await client.silences().first { $0.id == id }
        XCTAssertEqual(expired?.state, "expired")
    }

    func testRegexSilenceFromALabelMatcher() async throws {
        let name = "testRegexSilenceFromALabelMatcher"
        try await client.post([alert(severity: "P3"), alert(severity: "P1")])
        let now = AlertmanagerClient.wallClockNow()
        let id = try await client.createSilence(Silence(
            matchers: [SilenceMatcher(name: "alertname", value: name), SilenceMatcher(try LabelMatcher("severity", .regex, "P[34]"))],
            startsAt: now, endsAt: now + TimeUnit.hour, createdBy: "vigil-tests", comment: "low severity"))
        let alerts = try await eventually(name) { alerts in alerts.contains { $0.state == .suppressed } }
        let states = Dictionary(uniqueKeysWithValues: alerts.map { ($0.alert.labels["severity"] ?? "", $0.state) })
        XCTAssertEqual(states, ["P1": .active, "P3": .suppressed])
        try await client.deleteSilence(id: id)
    }

    func testServerErrorsNameTheURLAndStatus() async throws {
        let now = AlertmanagerClient.wallClockNow()
        do {
            _ = try await client.createSilence(Silence(
                matchers: [SilenceMatcher(name: "alertname", value: "(", isRegex: true)],
                startsAt: now, endsAt: now + TimeUnit.hour, createdBy: "vigil-tests", comment: "bad regex"))
            XCTFail("Alertmanager must reject an invalid regex")
        } catch let error as LiveError {
            guard case .httpStatus(let code, let body) = error.kind else { return XCTFail("got \(error)") }
            XCTAssertEqual(code, 400)
            XCTAssertFalse(body.isEmpty)
            XCTAssertTrue(error.description.contains("\(server.baseURL)/api/v2/silences"), error.description)
        }
        do {
            try await client.deleteSilence(id: "00000000-0000-0000-0000-000000000000")
            XCTFail("deleting an unknown silence must fail")
        } catch let error as LiveError {
            guard case .httpStatus(let code, _) = error.kind else { return XCTFail("got \(error)") }
            XCTAssertGreaterThanOrEqual(code, 400)
        }
    }

    func testAlertmanagerThatIsDownGivesAClearError() async throws {
        let port = try FreePort.find()
        let down = try AlertmanagerClient(url: "http://127.0.0.1:\(port)", timeout: 5)
        do {
            try await down.post([alert()])
            XCTFail("expected an error from an Alertmanager that is not running")
        } catch let error as LiveError {
            guard case .unreachable = error.kind else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.description.contains("127.0.0.1:\(port)/api/v2/alerts"), error.description)
        }
    }

    func testInvalidRequestsAreRefusedBeforeSending() async throws {
        do {
            try await client.post([Alert(labels: Labels())])
            XCTFail("an alert without labels must be refused")
        } catch let error as LiveError {
            guard case .invalidRequest = error.kind else { return XCTFail("got \(error)") }
        }
        let now = AlertmanagerClient.wallClockNow()
        do {
            _ = try await client.createSilence(Silence(matchers: [SilenceMatcher(name: "a", value: "b")], startsAt: now, endsAt: now,
                                                       createdBy: "t", comment: "c"))
            XCTFail("an empty silence must be refused")
        } catch let error as LiveError {
            guard case .invalidRequest = error.kind else { return XCTFail("got \(error)") }
        }
        do {
            try await client.deleteSilence(id: "../../-/reload")
            XCTFail("a path in a silence ID must be refused")
        } catch let error as LiveError {
            guard case .invalidRequest = error.kind else { return XCTFail("got \(error)") }
        }
    }
}
