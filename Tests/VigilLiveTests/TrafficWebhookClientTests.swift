import Foundation
import VigilLive
import VigilTestServers
import XCTest

/// `traffic webhook(url)`: the JSON body and the Idempotency-Key header a router receives, and
/// how its answer verifies the change (a local receiver answers as each test tells it).
final class TrafficWebhookClientTests: XCTestCase {
    private var servers: [LocalHTTPServer] = []

    override func tearDown() {
        servers.forEach { $0.stop() }
        super.tearDown()
    }

    private func receiver(_ status: String, _ body: String) throws -> LocalHTTPServer {
        let server = try LocalHTTPServer { _, _ in (status, body) }
        servers.append(server)
        return server
    }

    private func send(to server: LocalHTTPServer) throws -> TrafficWebhookClient.Confirmation {
        try TrafficWebhookClient(url: server.url + "/weights", timeout: 5)
            .send(canary: "checkout", stable: "v1", candidate: "v2", weights: ["v1": 90, "v2": 10], idempotencyKey: "traffic:checkout:1:1")
    }

    func testTheRouterGetsTheWeightsAndTheKey() throws {
        let server = try receiver("200 OK", "{\"weights\": {\"v1\": 90, \"v2\": 10}}")
        XCTAssertEqual(try send(to: server), .echoed)
        let request = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(request.requestLine, "POST /weights HTTP/1.1")
        XCTAssertEqual(request.headers["idempotency-key"], "traffic:checkout:1:1")
        XCTAssertEqual(request.headers["content-type"], "application/json")
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                       "{\"canary\":\"checkout\",\"candidate\":\"v2\",\"stable\":\"v1\",\"weights\":{\"v1\":90,\"v2\":10}}")
    }

    func testABare2xxIsOnlyAcknowledged() throws {
        XCTAssertEqual(try send(to: try receiver("202 Accepted", "")), .acknowledged(status: 202))
    }

    func testARouterThatAppliedOtherWeightsOrFailedIsAFailure() throws {
        let other = try receiver("200 OK", "{\"weights\": {\"v1\": 100, \"v2\": 0}}")
        XCTAssertThrowsError(try send(to: other)) { error in
            XCTAssertEqual("\(error)", "\(other.url)/weights: malformed response: the router answered weights "
                           + "{\"weights\": {\"v1\": 100, \"v2\": 0}}, not the weights sent v1 90%, v2 10%")
        }
        let failing = try receiver("503 Service Unavailable", "router busy")
        XCTAssertThrowsError(try send(to: failing)) { error in
            XCTAssertEqual("\(error)", "\(failing.url)/weights: HTTP status 503: router busy")
        }
    }
}
