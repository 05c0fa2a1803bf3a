import XCTest
@testable import VigilLive

/// The socket client's reading of answers: sized, chunked, to the end of the connection,
/// and what it says about answers it cannot read.
final class HTTPResponseParserTests: XCTestCase {
    let url = "http://127.0.0.1:9090/api/v1/query"

    func parse(_ text: String) throws -> HTTPAnswer {
        try HTTPResponseParser.parse(Data(text.utf8), url: url)
    }

    func testContentLengthBoundsTheBody() throws {
        let answer = try parse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\": true}trailing")
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), "{\"a\": true}")
    }

    func testChunkedBodiesAreJoined() throws {
        let answer = try parse("HTTP/1.1 422 Unprocessable Entity\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"st\r\n9\r\natus\": 1}\r\n0\r\n\r\n")
        XCTAssertEqual(answer.status, 422)
        XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), "{\"status\": 1}")
    }

    func testWithoutALengthTheBodyRunsToTheEnd() throws {
        let answer = try parse("HTTP/1.0 204 No Content\r\n\r\nrest")
        XCTAssertEqual(answer.status, 204)
        XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), "rest")
    }

    func testUnreadableAnswersSayWhy() {
        for (raw, reason) in [
            ("", "the server closed the connection without an answer"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 3", "the answer's headers never ended"),
            ("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP status line: SSH-2.0-OpenSSH"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "the body is shorter than its Content-Length 10"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size zz"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", "a chunk is shorter than its size"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", "a chunked body ended without its last chunk"),
        ] {
            XCTAssertThrowsError(try parse(raw), raw) { error in
                XCTAssertEqual(error as? LiveError, LiveError(url: url, kind: .malformedResponse(reason)), raw)
            }
        }
    }

    func testOnlyHTTPAndHTTPSURLsAreAccepted() throws {
        XCTAssertNoThrow(try PrometheusSource(url: "https://prometheus.example:9090"))
        XCTAssertThrowsError(try PrometheusSource(url: "ftp://prometheus.example:9090")) { error in
            XCTAssertEqual("\(error)", "ftp://prometheus.example:9090: invalid request: Prometheus URL must be absolute http:// or https:// with a host")
        }
    }
}
