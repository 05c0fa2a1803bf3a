import Foundation
import VigilTestServers
import XCTest

/// A live canary (`vigil run --source`) whose `traffic webhook("https://…")` is a real local
/// https router with a private CA: with `--ca-file` each weight change reaches it and is
/// verified by its echo; without, nothing reaches it and the run says why and what to do.
final class CanaryWebhookTrafficTests: XCTestCase {
    private var certificates: TestCertificates!
    private var prometheus: TestPrometheus!
    private var router: TestHTTPReceiver!

    override func setUp() async throws {
        do {
            certificates = try TestCertificates.make()
            prometheus = try await TestPrometheus.start(openMetrics: LiveFixture.openMetrics(now: Int(Date().timeIntervalSince1970)))
        } catch ServerError.missingBinary(let reason) {
            throw XCTSkip(reason)
        }
        // The router applies what it is sent and answers the weights it now has.
        router = try TestHTTPReceiver(certificates: certificates) { request, _ in
            let sent = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any])?["weights"] ?? [:]
            let answer = (try? JSONSerialization.data(withJSONObject: ["weights": sent])) ?? Data()
            return .init(body: String(decoding: answer, as: UTF8.self))
        }
    }

    override func tearDown() async throws {
        router?.stop()
        prometheus?.stop()
        certificates?.remove()
    }

    private func run(_ extra: [String]) throws -> VigilBinary.Result {
        let file = prometheus.directory.appendingPathComponent("canary.vigil")
        try """
            service checkout {
              signal depth = last(series("queue_depth", queue: "orders"))
            }

            canary checkout {
              stable "v1"
              candidate "v2"
              version_label "version"
              traffic webhook("\(router.baseURL)/weights")
              steps 50%, 100%
              bake 2s
              every 1s
              when depth > 1000 for 2s then rollback
            }

            """.write(to: file, atomically: true, encoding: .utf8)
        let db = prometheus.directory.appendingPathComponent("vigil-\(UUID().uuidString).sqlite").path
        return try VigilBinary.run(["run", "--source", "prometheus=\(prometheus.baseURL)"] + extra + [file.path],
                                   environment: ["VIGIL_DB": db], directory: nil)
    }

    func testWithTheCAFileEveryWeightChangeReachesTheRouterAndIsEchoed() throws {
        let r = try run(["--ca-file", certificates.caFile])
        // No version carries the series, so the canary never learns enough and ends unfinished:
        // 50% out, then back to stable, both over https.
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: webhook \(router.baseURL)/weights v1 50, v2 50, echoed by the router"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: webhook \(router.baseURL)/weights v1 100, v2 0, echoed by the router"), r.combined)
        let requests = router.requests
        XCTAssertEqual(requests.map(\.uri), ["/weights", "/weights"])
        XCTAssertEqual(requests.compactMap(\.idempotencyKey).count, 2)
        XCTAssertTrue(requests[0].text.contains("\"weights\":{\"v1\":50,\"v2\":50}"), requests[0].text)
        XCTAssertTrue(requests[1].text.contains("\"weights\":{\"v1\":100,\"v2\":0}"), requests[1].text)
    }

    func testWithoutTheCAFileNoWeightLeavesAndTheErrorSaysWhatToDo() throws {
        let r = try run([])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("canary.vigil:9:11: error: canary `checkout`: traffic could not be sent back to v1"), r.combined)
        XCTAssertTrue(r.stderr.contains("\(router.baseURL)/weights: TLS: the certificate of 127.0.0.1 is not trusted "
                                        + "(if a private CA signed it, pass that CA with --ca-file PATH)"), r.combined)
        XCTAssertTrue(router.requests.isEmpty, "weights reached a router that was not verified")
    }
}
