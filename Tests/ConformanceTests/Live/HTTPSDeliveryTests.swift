import Foundation
import VigilTestServers
import XCTest

/// `vigil watch` delivers a rule's webhook action over https to a real local TLS receiver
/// (swift-nio-ssl, a certificate from a private CA that openssl made for this run) when the
/// CA is passed with `--ca-file`, and refuses to send the body anywhere unverified without it.
final class HTTPSDeliveryTests: XCTestCase {
    private var certificates: TestCertificates!
    private var receiver: TestHTTPReceiver!
    private var folder: URL!

    override func setUp() async throws {
        do { certificates = try TestCertificates.make() } catch ServerError.missingBinary(let reason) {
            throw XCTSkip(reason)
        }
        receiver = try await TestHTTPReceiver.start(certificates: certificates)
        folder = try TemporaryDirectory.make("vigil-https-delivery")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let samples = stride(from: now - 120_000, through: now + 600_000, by: 15_000).map { "up{instance=\"i1\"} 0 \($0)" }
        try (["# TYPE up gauge"] + samples + [""]).joined(separator: "\n")
            .write(to: folder.appendingPathComponent("up.prom"), atomically: true, encoding: .utf8)
        try """
            rule "down" {
              every 1s
              when series("up") == 0
              then webhook("\(receiver.baseURL)/hooks/oncall", {rule: "down"})
            }

            """.write(to: folder.appendingPathComponent("down.vigil"), atomically: true, encoding: .utf8)
    }

    override func tearDown() async throws {
        receiver?.stop()
        certificates?.remove()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func watch(_ extra: [String]) throws -> VigilBinary.Result {
        try VigilBinary.run(["watch", "--data", folder.appendingPathComponent("up.prom").path,
                             "--journal", folder.appendingPathComponent("journal.sqlite").path, "--once"]
            + extra + [folder.appendingPathComponent("down.vigil").path])
    }

    func testAWebhookIsDeliveredOverHTTPSWithTheCAFromTheFlag() throws {
        let r = try watch(["--ca-file", certificates.caFile])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("delivered webhook(\"\(receiver.baseURL)/hooks/oncall\""), r.combined)
        let requests = receiver.requests
        XCTAssertEqual(requests.count, 1, r.combined)
        let seen = try XCTUnwrap(requests.first)
        XCTAssertEqual(seen.method, "POST")
        XCTAssertEqual(seen.uri, "/hooks/oncall")
        XCTAssertNotNil(seen.header("Idempotency-Key"), r.combined)
        XCTAssertTrue(String(decoding: seen.body, as: UTF8.self).contains("\"down\""), String(decoding: seen.body, as: UTF8.self))
    }

    func testWithoutTheCAFileNothingIsSentAndTheFailureSaysWhatToDo() throws {
        let r = try watch([])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("TLS: the certificate of 127.0.0.1 is not trusted (if a private CA signed it, pass that CA with --ca-file PATH)"),
                      r.combined)
        XCTAssertFalse(r.stdout.contains("    delivered "), r.combined)
        XCTAssertTrue(receiver.requests.isEmpty, "the body reached a server that was not verified")
    }
}
