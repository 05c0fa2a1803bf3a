import Foundation
import VigilLive
import VigilTestServers
import XCTest

/// `DeliveryHTTPClient` against real receivers on 127.0.0.1: https with a private CA made
/// by openssl for the test, and plain http.
final class DeliveryHTTPClientTests: HTTPSReceiverTestCase {
    func testPostsOverHTTPSWhenTheCAFileSignedTheServer() async throws {
        let receiver = try await startReceiver(tls: true)
        receiver.reply(with: .init(status: 202, headers: [("Retry-After", "7")], body: "{\"queued\":true}"))
        let client = DeliveryHTTPClient(trust: try TLSTrust(caFile: certificates.caFile))
        let response = try await client.post(url: receiver.baseURL + "/hooks/page?team=checkout",
                                             headers: [("Content-Type", "application/json"), ("Idempotency-Key", "rule-1")],
                                             body: Data("{\"summary\":\"errors\"}".utf8), timeout: 5)
        XCTAssertEqual(response.status, 202)
        XCTAssertEqual(response.header("retry-after"), "7")
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), "{\"queued\":true}")
        let seen = try XCTUnwrap(receiver.requests.first)
        XCTAssertEqual(receiver.requests.count, 1)
        XCTAssertEqual(seen.method, "POST")
        XCTAssertEqual(seen.uri, "/hooks/page?team=checkout")
        XCTAssertEqual(seen.header("Idempotency-Key"), "rule-1")
        XCTAssertEqual(String(decoding: seen.body, as: UTF8.self), "{\"summary\":\"errors\"}")
    }

    func testAServerCertificateTheSystemDoesNotTrustIsRefusedWithWhatToDo() async throws {
        let receiver = try await startReceiver(tls: true)
        let client = DeliveryHTTPClient()
        do {
            _ = try await client.post(url: receiver.baseURL + "/hook", headers: [], body: Data("{}".utf8), timeout: 5)
            XCTFail("delivered to a server whose certificate nothing trusts")
        } catch let error as LiveError {
            XCTAssertEqual(error.description, "\(receiver.baseURL)/hook: TLS: the certificate of 127.0.0.1 is not trusted "
                + "(if a private CA signed it, pass that CA with --ca-file PATH)")
        }
        XCTAssertTrue(receiver.requests.isEmpty, "the body reached a server that was not verified")
    }

    func testACAFileThatDidNotSignTheServerIsRefusedNamingTheFile() async throws {
        let receiver = try await startReceiver(tls: true)
        let other = try TestCertificates.make()
        defer { other.remove() }
        let client = DeliveryHTTPClient(trust: try TLSTrust(caFile: other.caFile))
        do {
            _ = try await client.post(url: receiver.baseURL + "/hook", headers: [], body: Data(), timeout: 5)
            XCTFail("delivered to a server signed by another CA")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .tls("the certificate of 127.0.0.1 is not trusted (it is not signed by an authority in --ca-file \(other.caFile))"))
        }
    }

    func testACertificateForAnotherNameIsRefusedSayingSo() async throws {
        let elsewhere = try TestCertificates.make(serverNames: "DNS:receiver.example")
        defer { elsewhere.remove() }
        let receiver = try TestHTTPReceiver(certificates: elsewhere)
        defer { receiver.stop() }
        let client = DeliveryHTTPClient(trust: try TLSTrust(caFile: elsewhere.caFile))
        do {
            _ = try await client.post(url: receiver.baseURL + "/hook", headers: [], body: Data("{}".utf8), timeout: 5)
            XCTFail("delivered to a server whose certificate names another host")
        } catch let error as LiveError {
            XCTAssertEqual(error.description, "\(receiver.baseURL)/hook: TLS: the certificate of 127.0.0.1 is not valid for that name")
        }
        XCTAssertTrue(receiver.requests.isEmpty, "the body reached a server that was not verified")
    }

    func testPlainHTTPStillWorks() async throws {
        let receiver = try await startReceiver(tls: false)
        let response = try await DeliveryHTTPClient().post(url: receiver.baseURL + "/hook", headers: [], body: Data("x".utf8), timeout: 5)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(receiver.requests.map(\.uri), ["/hook"])
    }

    func testTLSToAPlainHTTPServerSaysSo() async throws {
        let receiver = try await startReceiver(tls: false)
        let url = "https://127.0.0.1:\(receiver.port)/hook"
        do {
            _ = try await DeliveryHTTPClient().post(url: url, headers: [], body: Data(), timeout: 5)
            XCTFail("TLS to a plain server succeeded")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .tls("127.0.0.1 did not answer with TLS (is it serving plain http?)"))
        }
    }

    func testRedirectsAreReturnedNotFollowed() async throws {
        let target = try await startReceiver(tls: false)
        let redirecting = try await startReceiver(tls: false)
        redirecting.reply(with: .init(status: 307, headers: [("Location", target.baseURL + "/elsewhere")], body: ""))
        let response = try await DeliveryHTTPClient().post(url: redirecting.baseURL + "/hook", headers: [("Authorization", "Bearer s3cret")],
                                                           body: Data("{}".utf8), timeout: 5)
        XCTAssertEqual(response.status, 307)
        XCTAssertTrue(target.requests.isEmpty, "the request and its credentials followed a redirect")
    }

    func testAnAnswerOverTheLimitIsAnError() async throws {
        let receiver = try await startReceiver(tls: true)
        receiver.reply(with: .init(body: String(repeating: "x", count: 5000)))
        let client = DeliveryHTTPClient(trust: try TLSTrust(caFile: certificates.caFile), maxResponseBytes: 1024)
        do {
            _ = try await client.post(url: receiver.baseURL + "/hook", headers: [], body: Data(), timeout: 5)
            XCTFail("read an answer over the limit")
        } catch let error as LiveError {
            XCTAssertEqual(error.description, "\(receiver.baseURL)/hook: the answer is larger than the limit of 1 KiB")
        }
    }

    func testARefusedConnectionNamesTheHostAndHidesCredentials() async throws {
        let port = try FreePort.find()
        let url = "https://alice:hunter2@127.0.0.1:\(port)/services/T0AAA/B0BBB/Xk39fQ2mZ8pL1vR7wN4tY6sJ?token=abc123&channel=ops"
        do {
            _ = try await DeliveryHTTPClient().post(url: url, headers: [("Authorization", "Bearer abc123")], body: Data(), timeout: 3)
            XCTFail("connected to a closed port")
        } catch let error as LiveError {
            XCTAssertEqual(error.description, "https://alice:***@127.0.0.1:\(port)/services/T0AAA/B0BBB/***?token=***&channel=ops: "
                + "cannot connect: connection to 127.0.0.1 refused (is the server running?)")
            for secret in ["hunter2", "abc123", "Xk39fQ2mZ8pL1vR7wN4tY6sJ"] {
                XCTAssertFalse(error.description.contains(secret), secret)
            }
        }
    }

    func testCAFileProblemsAreNamed() throws {
        XCTAssertThrowsError(try TLSTrust(caFile: "/nonexistent/ca.pem")) { error in
            XCTAssertEqual("\(error)", "cannot use CA file /nonexistent/ca.pem: no such file")
        }
        let notPEM = certificates.directory.appendingPathComponent("server.ext").path
        XCTAssertThrowsError(try TLSTrust(caFile: notPEM)) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot use CA file \(notPEM): "), "\(error)")
        }
    }
}
