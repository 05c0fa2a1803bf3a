import Foundation
import VigilLive
import VigilTestServers
import XCTest

/// `traffic webhook(url)`: the JSON body and the Idempotency-Key header a router receives, and
/// how its answer verifies the change, over plain http and over https with a private CA
/// (a real local receiver answers as each test tells it).
final class TrafficWebhookClientTests: HTTPSReceiverTestCase {
    private func receiver(_ status: Int, _ body: String, tls: Bool = false) async throws -> TestHTTPReceiver {
        let receiver = try await startReceiver(tls: tls)
        receiver.reply(with: .init(status: status, body: body))
        return receiver
    }

    private func send(to receiver: TestHTTPReceiver, trust: TLSTrust = .system) async throws -> TrafficWebhookClient.Confirmation {
        try await TrafficWebhookClient(url: receiver.baseURL + "/weights", timeout: 5, trust: trust)
            .send(canary: "checkout", stable: "v1", candidate: "v2", weights: ["v1": 90, "v2": 10], idempotencyKey: "traffic:checkout:1:1")
    }

    func testTheRouterGetsTheWeightsAndTheKey() async throws {
        let receiver = try await receiver(200, "{\"weights\": {\"v1\": 90, \"v2\": 10}}")
        let confirmation = try await send(to: receiver)
        XCTAssertEqual(confirmation, .echoed)
        let request = try XCTUnwrap(receiver.requests.first)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.uri, "/weights")
        XCTAssertEqual(request.header("Idempotency-Key"), "traffic:checkout:1:1")
        XCTAssertEqual(request.header("Content-Type"), "application/json")
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                       "{\"canary\":\"checkout\",\"candidate\":\"v2\",\"stable\":\"v1\",\"weights\":{\"v1\":90,\"v2\":10}}")
    }

    func testABare2xxIsOnlyAcknowledged() async throws {
        let confirmation = try await send(to: try await receiver(202, ""))
        XCTAssertEqual(confirmation, .acknowledged(status: 202))
    }

    func testARouterThatAppliedOtherWeightsOrFailedIsAFailure() async throws {
        let other = try await receiver(200, "{\"weights\": {\"v1\": 100, \"v2\": 0}}")
        do {
            _ = try await send(to: other)
            XCTFail("other weights were taken as applied")
        } catch {
            XCTAssertEqual("\(error)", "\(other.baseURL)/weights: malformed response: the router answered weights "
                           + "{\"weights\": {\"v1\": 100, \"v2\": 0}}, not the weights sent v1 90%, v2 10%")
        }
        let failing = try await receiver(503, "router busy")
        do {
            _ = try await send(to: failing)
            XCTFail("a 503 was taken as applied")
        } catch {
            XCTAssertEqual("\(error)", "\(failing.baseURL)/weights: HTTP status 503: router busy")
        }
    }

    func testAnHTTPSRouterSignedByTheCAFileGetsTheWeights() async throws {
        let receiver = try await receiver(200, "{\"weights\": {\"v1\": 90, \"v2\": 10}}", tls: true)
        XCTAssertTrue(receiver.baseURL.hasPrefix("https://"))
        let confirmation = try await send(to: receiver, trust: try TLSTrust(caFile: certificates.caFile))
        XCTAssertEqual(confirmation, .echoed)
        XCTAssertEqual(receiver.requests.map(\.uri), ["/weights"])
        XCTAssertEqual(receiver.requests.first?.header("Idempotency-Key"), "traffic:checkout:1:1")
    }

    func testAnHTTPSRouterNothingTrustsGetsNoWeightsAndTheErrorSaysWhatToDo() async throws {
        let receiver = try await receiver(200, "{\"weights\": {\"v1\": 90, \"v2\": 10}}", tls: true)
        do {
            _ = try await send(to: receiver)
            XCTFail("weights were sent to a router whose certificate nothing trusts")
        } catch {
            XCTAssertEqual("\(error)", "\(receiver.baseURL)/weights: TLS: the certificate of 127.0.0.1 is not trusted "
                           + "(if a private CA signed it, pass that CA with --ca-file PATH)")
        }
        XCTAssertTrue(receiver.requests.isEmpty, "the weights reached a router that was not verified")
    }

    func testTheShownURLHidesATokenInThePath() throws {
        let client = try TrafficWebhookClient(url: "https://router.example.com/hooks/T0123ABCD4567EFGH89XYZ/weights")
        XCTAssertEqual(client.shownURL, "https://router.example.com/hooks/***/weights")
    }
}
