import Foundation
import VigilTestServers
import XCTest

/// `--source prometheus=https://…` with `--ca-file`, against a real Prometheus serving TLS
/// (`--web.config.file` with `tls_server_config`) with a certificate from a private CA that
/// openssl made for this run.
final class TLSSourceTests: XCTestCase {
    private static let slot = ServerSlot<(TestPrometheus, TestCertificates)> { $0.0.stop(); $0.1.remove() }
    private var prometheus: TestPrometheus!
    private var certificates: TestCertificates!
    private var source: String { "prometheus=\(prometheus.baseURL)" }

    override func setUp() async throws {
        do {
            let servers = try await Self.slot.get {
                let certificates = try TestCertificates.make()
                let prometheus = try await TestPrometheus.start(
                    openMetrics: LiveFixture.openMetrics(now: Int(Date().timeIntervalSince1970)), tls: certificates)
                return (prometheus, certificates)
            }
            prometheus = servers.0
            certificates = servers.1
        } catch ServerError.missingBinary(let reason) {
            throw XCTSkip(reason)
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

    func testServesHTTPSOnly() {
        XCTAssertTrue(prometheus.baseURL.hasPrefix("https://127.0.0.1:"), prometheus.baseURL)
    }

    func testCheckReadsAPrometheusBehindTLSWithTheCAFile() throws {
        let gates = try file("gates.vigil", LiveFixture.gates)
        let r = try VigilBinary.run(["check", "--source", source, "--ca-file", certificates.caFile, "--at", LiveFixture.gateTime, gates])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("pass  error rate under 5%: checkout.error_rate = 2.91262% < 5%"), r.combined)
    }

    func testWithoutTheCAFileTheCertificateIsRefusedWithWhatToDo() throws {
        let gates = try file("gates.vigil", LiveFixture.gates)
        let r = try VigilBinary.run(["check", "--source", source, "--at", LiveFixture.gateTime, gates])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("cannot read from Prometheus at \(prometheus.baseURL): \(prometheus.baseURL)/api/v1/"), r.combined)
        XCTAssertTrue(r.stderr.contains("TLS: the certificate of 127.0.0.1 is not trusted (if a private CA signed it, pass that CA with --ca-file PATH)"),
                      r.combined)
    }

    func testWatchOnceReadsLiveDataOverHTTPS() throws {
        let rules = try file("queue.vigil", LiveFixture.queueRule)
        let r = try VigilBinary.run(["watch", "--source", source, "--ca-file", certificates.caFile, "--once", rules])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("inactive → firing  avg(series(\"queue_depth\", queue: \"orders\"), 5m) = 500 > 100"), r.combined)
    }

    func testAMissingCAFileIsAUsageErrorNamingIt() throws {
        let gates = try file("gates.vigil", LiveFixture.gates)
        let r = try VigilBinary.run(["check", "--source", source, "--ca-file", "/nonexistent/ca.pem", gates])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("--ca-file: cannot use CA file /nonexistent/ca.pem: no such file"), r.combined)
    }
}
