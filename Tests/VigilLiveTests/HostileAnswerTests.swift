import XCTest
@testable import VigilLive

/// Answers a broken or hostile server might send: each is refused with a LiveError naming
/// the problem, never a crash (fuzz/regressions/http and promjson hold the raw inputs).
final class HostileAnswerTests: XCTestCase {
    let url = "http://127.0.0.1:9090/api/v1/query_range"

    func testAChunkSizeNearIntMaxIsRefused() {
        let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"
        XCTAssertThrowsError(try HTTPResponseParser.parse(Data(raw.utf8), url: url)) { error in
            XCTAssertEqual("\(error)", "\(url): malformed response: chunk size 7FFFFFFFFFFFFFFF is larger than the whole body (28 bytes)")
        }
    }

    func testAChunkSizeBeyondIntIsABadSize() {
        let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\nabc\r\n"
        XCTAssertThrowsError(try HTTPResponseParser.parse(Data(raw.utf8), url: url)) { error in
            XCTAssertEqual(error as? LiveError, LiveError(url: url, kind: .malformedResponse("bad chunk size FFFFFFFFFFFFFFFFFF")))
        }
    }

    private func matrix(_ json: String) throws -> [Any] {
        try PrometheusResponse.matrix(HTTPAnswer(status: 200, body: Data(json.utf8)), url: url)
    }

    func testASampleTimeOutOfRangeIsRefused() {
        for time in ["1e300", "-1e300", "9.3e15", "1e12"] {
            let json = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[["#
                + time + #","1"]]}]}}"#
            XCTAssertThrowsError(try matrix(json), time) { error in
                XCTAssertEqual("\(error)", "\(url): malformed response: sample time \(Double(time)!) is out of range "
                               + "(more than 10,000 years from 1970)", time)
            }
        }
    }

    func testASampleTimeInRangeIsKept() throws {
        let json = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1736951400.5,"1"]]}]}}"#
        XCTAssertEqual(try matrix(json).count, 1)
    }

    func testTheSizeLimitReadsInBinaryUnits() {
        XCTAssertEqual(LiveError.describe(bytes: HTTPTransport.defaultMaxResponseBytes), "256 MiB")
        XCTAssertEqual(LiveError.describe(bytes: 1536), "1536 bytes")
        XCTAssertEqual("\(LiveError(url: url, kind: .responseTooLarge(limit: 64)))",
                       "\(url): the answer is larger than the limit of 64 bytes")
    }

    func testANonPositiveSizeLimitIsRefused() {
        XCTAssertThrowsError(try PrometheusSource(url: "http://127.0.0.1:9090", maxResponseBytes: 0)) { error in
            XCTAssertEqual("\(error)", "http://127.0.0.1:9090: invalid request: the response size limit must be positive")
        }
    }
}

/// Every input that ever crashed the `http` or `promjson` fuzz target (fuzz/regressions/)
/// is now refused with a LiveError.
final class LiveFuzzRegressionTests: XCTestCase {
    private func inputs(_ target: String) throws -> [(String, Data)] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fuzz/regressions/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertFalse(names.isEmpty)
        return try names.map { ($0, try Data(contentsOf: dir.appendingPathComponent($0))) }
    }

    func testHTTPRegressions() throws {
        for (name, data) in try inputs("http") {
            XCTAssertThrowsError(try HTTPResponseParser.parse(data, url: "http://fuzz"), name) { XCTAssertTrue($0 is LiveError, name) }
        }
    }

    func testPrometheusAnswerRegressions() throws {
        for (name, data) in try inputs("promjson") {
            let answer = HTTPAnswer(status: 200, body: data)
            XCTAssertThrowsError(try PrometheusResponse.matrix(answer, url: "http://fuzz"), name) { XCTAssertTrue($0 is LiveError, name) }
        }
    }
}
