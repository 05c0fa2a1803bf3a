import Foundation
import VigilTestServers
import XCTest

/// `--source prometheus=URL` and `vigil watch` against a real Prometheus started here.
final class LiveSourceTests: XCTestCase {
    private static let slot = ServerSlot<TestPrometheus> { $0.stop() }
    private var prometheus: TestPrometheus!
    private var source: String { "prometheus=\(prometheus.baseURL)" }

    override func setUp() async throws {
        prometheus = try await Self.slot.get {
            try await TestPrometheus.start(openMetrics: LiveFixture.openMetrics(now: Int(Date().timeIntervalSince1970)))
        }
    }

    override class func tearDown() {
        slot.stop()
        super.tearDown()
    }

    private func file(_ name: String, _ text: String) throws -> String {
        let url = prometheus.directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testCheckPassesOnLiveDataWithTheObservedValues() throws {
        let gates = try file("gates.vigil", LiveFixture.gates)
        let r = try VigilBinary.run(["check", "--source", source, "--at", LiveFixture.gateTime, gates])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("pass  error rate under 5%: checkout.error_rate = 2.91262% < 5%"), r.combined)
    }

    func testCheckFailsOnLiveDataAndMissingSeriesIsNoData() throws {
        let gates = try file("failing.vigil", LiveFixture.failingGates)
        let r = try VigilBinary.run(["check", "--source", source, "--at", LiveFixture.gateTime, gates])
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("FAIL  error rate under 1%: checkout.error_rate = 2.91262% >= 1%"), r.combined)
        XCTAssertTrue(r.stdout.contains("no data: no series matched series(\"deploys_total\", service: \"checkout\")"), r.combined)
    }

    /// The same samples from Prometheus and from a file give the same report, line for line.
    func testLiveSourceAgreesWithTheSameDataFromAFile() throws {
        let gates = try file("failing.vigil", LiveFixture.failingGates)
        let data = try file("data.om", LiveFixture.openMetrics(now: Int(Date().timeIntervalSince1970)))
        let live = try VigilBinary.run(["check", "--source", source, "--at", LiveFixture.gateTime, gates])
        let recorded = try VigilBinary.run(["check", "--data", data, "--at", LiveFixture.gateTime, gates])
        XCTAssertEqual(live.status, recorded.status, live.combined + recorded.combined)
        XCTAssertEqual(live.stdout, recorded.stdout)
    }

    func testReplayReadsTheRangeFromTheSource() throws {
        let rules = try file("replay.vigil", """
            service checkout {
              signal error_rate = ratio(series("http_requests_total", service: "checkout", code: ~"5.."),
                                        series("http_requests_total", service: "checkout"), 5m)
              when error_rate > 2% then page("checkout-oncall", "errors")
            }

            """)
        let r = try VigilBinary.run(["replay", "--source", source, "--from", "2025-01-15T12:00:00Z",
                                     "--to", "2025-01-15T12:10:00Z", "--every", "1m", rules])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("2025-01-15T12:01:00Z  nodata → firing  error_rate = 2.91262% > 2%"), r.combined)
    }

    func testWatchOnceReportsAFiringRuleFromLiveData() throws {
        let rules = try file("queue.vigil", LiveFixture.queueRule)
        let r = try VigilBinary.run(["watch", "--source", source, "--once", rules])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("on \(source.replacingOccurrences(of: "=", with: " ")); actions are journaled, then delivered (run watch-"), r.combined)
        XCTAssertTrue(r.stdout.contains("inactive → firing  avg(series(\"queue_depth\", queue: \"orders\"), 5m) = 500 > 100"), r.combined)
        XCTAssertTrue(r.stdout.contains("then page(\"orders-oncall\", \"backlog\")"), r.combined)
        XCTAssertTrue(r.stdout.hasSuffix("1 state change, 1 action journaled: 1 dead-letter\n"), r.combined)
    }

    func testWatchForEvaluatesRepeatedlyAndReportsOnlyChanges() throws {
        let rules = try file("queue.vigil", LiveFixture.queueRule)
        let started = Date()
        let r = try VigilBinary.run(["watch", "--source", source, "--for", "2s", "--every", "1s", rules])
        XCTAssertEqual(r.status, 0, r.combined)
        // The run starts on a whole second, so --for 2s lasts between one and two seconds of wall time.
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1)
        XCTAssertEqual(r.stdout.components(separatedBy: "inactive → firing").count, 2, r.combined)
    }

    func testWatchStopsCleanlyOnSIGINT() throws {
        let rules = try file("queue.vigil", LiveFixture.queueRule)
        let r = try VigilBinary.runUntil(["watch", "--source", source, rules], printed: "→ firing") { $0.interrupt() }
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("inactive → firing"), r.combined)
        XCTAssertTrue(r.stdout.hasSuffix("1 state change, 1 action journaled: 1 dead-letter\n"), r.combined)
    }

    func testUnreachableSourceExitsTwoNamingTheURL() throws {
        let gates = try file("gates.vigil", LiveFixture.gates)
        let url = "http://127.0.0.1:\(try FreePort.find())"
        for command in [["check"], ["watch", "--once"]] {
            let r = try VigilBinary.run(command + ["--source", "prometheus=\(url)", gates])
            XCTAssertEqual(r.status, 2, r.combined)
            XCTAssertTrue(r.stderr.contains("cannot read from Prometheus at \(url)"), r.combined)
            XCTAssertTrue(r.stderr.contains("cannot connect"), r.combined)
            // The gate's verdict still reaches stdout, where CI reads it.
            XCTAssertEqual(r.stdout, command == ["check"] ? "ERROR: 1 error, the gate was not judged\n" : "", r.combined)
        }
    }

    func testOtherSourceKindsAreUsageErrors() throws {
        let gates = try file("gates.vigil", LiveFixture.gates)
        let r = try VigilBinary.run(["check", "--source", "graphite=http://127.0.0.1:8080", gates])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("unknown source kind `graphite` (known: prometheus)"), r.combined)
        let both = try VigilBinary.run(["check", "--source", source, "--data", gates, gates])
        XCTAssertEqual(both.status, 2, both.combined)
        XCTAssertTrue(both.stderr.contains("--source cannot be combined with --data or --db"), both.combined)
    }
}
