import XCTest
@testable import VigilLive

/// Credentials in a source URL never reach an error message, are sent as basic
/// authentication, and a base URL's query string survives the API path being joined on.
final class URLRedactionTests: XCTestCase {
    func testPasswordsAndSecretParametersAreMasked() {
        XCTAssertEqual(URLRedaction.masked("http://ops:hunter2@127.0.0.1:9090/prom?token=abc&tenant=a"),
                       "http://ops:***@127.0.0.1:9090/prom?token=***&tenant=a")
        XCTAssertEqual(URLRedaction.masked("http://127.0.0.1:9090/?API_KEY=k1&access_token=t"), "http://127.0.0.1:9090/?API_KEY=***&access_token=***")
        XCTAssertEqual(URLRedaction.masked("http://127.0.0.1:9090"), "http://127.0.0.1:9090")
    }

    func testAUserNameGivenAloneIsTheCredential() {
        XCTAssertEqual(URLRedaction.masked("https://alice:hunter2@hooks.example.com/a"), "https://alice:***@hooks.example.com/a")
        XCTAssertEqual(URLRedaction.masked("https://apikey@hooks.example.com/a"), "https://***@hooks.example.com/a")
    }

    func testSecretQueryValuesAreHiddenAndOthersKept() {
        XCTAssertEqual(URLRedaction.masked("https://h.example/x?access_token=abc&api_key=k&channel=ops&sig=zz"),
                       "https://h.example/x?access_token=***&api_key=***&channel=ops&sig=***")
    }

    func testTokenLikePathSegmentsAreHidden() {
        XCTAssertEqual(URLRedaction.masked("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX1"),
                       "https://hooks.slack.com/services/T00000000/B00000000/***")
        // Words, numbers and short identifiers stay: they say where the request went.
        XCTAssertEqual(URLRedaction.masked("http://127.0.0.1:9093/api/v2/alerts"), "http://127.0.0.1:9093/api/v2/alerts")
        XCTAssertEqual(URLRedaction.masked("https://example.com/incidents/12345678901234567890/notes"),
                       "https://example.com/incidents/12345678901234567890/notes")
    }

    func testTextThatIsNotAURLIsLeftAlone() {
        XCTAssertEqual(URLRedaction.masked("localhost:9090"), "localhost:9090")
    }

    func testTheErrorOfAnUnreachableSourceNamesTheMaskedURL() throws {
        // A port nobody listens on: a real connection failure, whose message must not leak.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(listener)
        let url = URL(string: "http://ops:hunter2@127.0.0.1:\(port)/api/v1/query?token=abc")!
        XCTAssertThrowsError(try HTTPConnection.exchange(.init(method: "GET", url: url), timeout: 2, maxBytes: 1 << 20)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("http://ops:***@127.0.0.1:\(port)/api/v1/query?token=***: cannot connect"), text)
            XCTAssertFalse(text.contains("hunter2"), text)
            XCTAssertFalse(text.contains("abc"), text)
        }
    }

    func testBasicAuthorizationComesFromTheURL() throws {
        let components = try XCTUnwrap(URLComponents(string: "http://ops:hunter2@127.0.0.1:9090/"))
        XCTAssertEqual(URLRedaction.basicAuthorization(components), "Basic " + Data("ops:hunter2".utf8).base64EncodedString())
        XCTAssertNil(URLRedaction.basicAuthorization(try XCTUnwrap(URLComponents(string: "http://127.0.0.1:9090/"))))
    }

    func testTheBaseQueryIsKeptAfterTheAPIPath() throws {
        let base = try XCTUnwrap(URL(string: "http://127.0.0.1:9090/prometheus/?tenant=a"))
        XCTAssertEqual(Endpoint.url(base, "/api/v1/query").absoluteString, "http://127.0.0.1:9090/prometheus/api/v1/query?tenant=a")
    }
}
