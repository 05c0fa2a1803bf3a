import VigilLive
import VigilSeries
import VigilTestServers
import XCTest

/// Raw reads from a real Prometheus backfilled with known samples.
final class PrometheusSourceTests: XCTestCase {
    private static let slot = ServerSlot<PrometheusServer> { $0.stop() }
    private var server: PrometheusServer!

    override func setUp() async throws {
        server = try await Self.slot.get { try await PrometheusServer.start() }
    }

    override class func tearDown() {
        slot.stop()
        super.tearDown()
    }

    private func source(chunkWidth: Milliseconds = 6 * TimeUnit.hour) throws -> PrometheusSource {
        try PrometheusSource(url: server.baseURL, timeout: 10, chunkWidth: chunkWidth)
    }

    /// The generated samples matching `matchers` inside `[start, end]`.
    private func expected(_ matchers: [LabelMatcher], from start: Timestamp, through end: Timestamp) throws -> SeriesStore {
        var store = SeriesStore()
        for series in server.data.store.select(matchers) {
            let range = series.indices(from: start, through: end)
            guard !range.isEmpty else { continue }
            try store.add(Series(labels: series.labels, samples: range.map { series[$0] }))
        }
        return store
    }

    private func assertSame(_ actual: SeriesStore, _ expected: SeriesStore, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.series.map(\.labels), expected.series.map(\.labels), file: file, line: line)
        XCTAssertEqual(actual.sampleCount, expected.sampleCount, file: file, line: line)
        for series in expected.series {
            XCTAssertEqual(actual.series(series.labels), series, "samples differ for \(series.labels)", file: file, line: line)
        }
    }

    func testReturnsExactlyTheBackfilledSamples() async throws {
        let matchers = [LabelMatcher.metricName("http_requests_total"), .equal("service", "checkout")]
        let store = try await source().samples(matching: matchers, from: BackfillData.start, through: BackfillData.end)
        XCTAssertEqual(store.seriesCount, 3)
        XCTAssertGreaterThan(store.sampleCount, 1_000)
        assertSame(store, try expected(matchers, from: BackfillData.start, through: BackfillData.end))
    }

    func testFullPrecisionGaugeValuesRoundTrip() async throws {
        let matchers = [LabelMatcher.metricName("request_duration_seconds")]
        let store = try await source().samples(matching: matchers, from: BackfillData.start, through: BackfillData.end)
        assertSame(store, try expected(matchers, from: BackfillData.start, through: BackfillData.end))
    }

    func testChunkedReadHasNoGapsOrDuplicatesAtChunkBoundaries() async throws {
        let matchers = [LabelMatcher.metricName("http_requests_total")]
        // Start and end exactly on sample times, chunks of an odd width so boundaries fall
        // both on and between samples.
        let sample = server.data.store.select(matchers)[0]
        let start = sample.timestamps[10]
        let end = sample.timestamps[300]
        let chunked = try await source(chunkWidth: 7 * TimeUnit.minute + 125).samples(matching: matchers, from: start, through: end)
        assertSame(chunked, try expected(matchers, from: start, through: end))
        let single = try await source().samples(matching: matchers, from: start, through: end)
        assertSame(chunked, single)
    }

    func testRangeEndsAreInclusive() async throws {
        let matchers = [LabelMatcher.metricName("http_requests_total"), .equal("code", "200"), .equal("service", "search")]
        let series = server.data.store.select(matchers)[0]
        let store = try await source().samples(matching: matchers, from: series.timestamps[5], through: series.timestamps[5])
        XCTAssertEqual(store.series.first?.samples, [series[5]])
    }

    func testRegexMatchers() async throws {
        let serverErrors = [LabelMatcher.metricName("http_requests_total"), try LabelMatcher("code", .regex, "5..")]
        let errors = try await source().samples(matching: serverErrors, from: BackfillData.start, through: BackfillData.end)
        XCTAssertEqual(errors.series.compactMap { $0.labels["code"] }, ["500", "503"])
        assertSame(errors, try expected(serverErrors, from: BackfillData.start, through: BackfillData.end))

        let notCheckout = [try LabelMatcher("__name__", .regex, "http_.*|request_.*"), try LabelMatcher("service", .notRegex, "check.*")]
        let others = try await source().samples(matching: notCheckout, from: BackfillData.start, through: BackfillData.end)
        XCTAssertEqual(Set(others.series.compactMap { $0.labels["service"] }), ["search"])
        assertSame(others, try expected(notCheckout, from: BackfillData.start, through: BackfillData.end))
    }

    func testLabelValuesWithQuotesBackslashesAndRegexMetacharacters() async throws {
        let quoted = [LabelMatcher.metricName("odd_labels"), .equal("path", "/a\"b\\c")]
        let store = try await source().samples(matching: quoted, from: BackfillData.start, through: BackfillData.end)
        XCTAssertEqual(store.series.map { $0.labels["method"] }, ["GET"])
        assertSame(store, try expected(quoted, from: BackfillData.start, through: BackfillData.end))

        // An escaped dot must match only the literal dot, so `/a"b\c` is not selected.
        let literalDot = [LabelMatcher.metricName("odd_labels"), try LabelMatcher("path", .regex, "/a\\.b")]
        let dotted = try await source().samples(matching: literalDot, from: BackfillData.start, through: BackfillData.end)
        XCTAssertEqual(dotted.series.map { $0.labels["method"] }, ["POST"])
    }

    func testUnknownMetricGivesAnEmptyStoreNotAnError() async throws {
        let store = try await source().samples(
            matching: [.metricName("no_such_metric_anywhere")], from: BackfillData.start, through: BackfillData.end)
        XCTAssertEqual(store.seriesCount, 0)
    }

    func testServerThatIsDownGivesAClearErrorNamingTheURL() async throws {
        let port = try FreePort.find()
        let source = try PrometheusSource(url: "http://127.0.0.1:\(port)", timeout: 5)
        do {
            _ = try await source.samples(matching: [.metricName("up")], from: 0, through: 60_000)
            XCTFail("expected an error from a server that is not running")
        } catch let error as LiveError {
            guard case .unreachable = error.kind else { return XCTFail("expected unreachable, got \(error)") }
            XCTAssertTrue(error.description.contains("http://127.0.0.1:\(port)/api/v1/query"), error.description)
        }
    }

    func testPrometheusErrorCarriesItsTypeAndMessage() async throws {
        // Swift accepts this lookahead, Go's RE2 does not: only the server can reject it.
        let lookahead = try LabelMatcher("code", .regex, "(?=5)..")
        do {
            _ = try await source().samples(matching: [.metricName("http_requests_total"), lookahead], from: 0, through: 60_000)
            XCTFail("expected Prometheus to reject the regex")
        } catch let error as LiveError {
            guard case .prometheus(let errorType, let message) = error.kind else { return XCTFail("got \(error)") }
            XCTAssertEqual(errorType, "bad_data")
            XCTAssertTrue(message.contains("invalid"), message)
            XCTAssertTrue(error.description.contains(server.baseURL), error.description)
        }
    }

    func testAHungServerTimesOutWithinTheBound() async throws {
        let source = try PrometheusSource(url: server.baseURL, timeout: 1)
        server.process.pause()
        defer { server.process.resume() }
        let started = Date()
        do {
            _ = try await source.samples(matching: [.metricName("http_requests_total")], from: 0, through: 60_000)
            XCTFail("expected a timeout from a stopped server")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .timedOut(seconds: 1))
            XCTAssertTrue(error.description.contains("/api/v1/query"), error.description)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    func testTheRunDeadlineCutsARequestShortAndSaysSo() async throws {
        let source = try PrometheusSource(url: server.baseURL, timeout: 30, runTimeLeft: 1)
        server.process.pause()
        defer { server.process.resume() }
        let started = Date()
        do {
            _ = try await source.samples(matching: [.metricName("http_requests_total")], from: 0, through: 60_000)
            XCTFail("expected the run's deadline to stop a stopped server's request")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .runDeadline)
            XCTAssertTrue(error.description.hasSuffix(": the run's --timeout ran out before an answer arrived"), error.description)
            XCTAssertFalse(error.description.contains("within 0 s"), error.description)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        // Once the run's time is used up, later requests are not even sent.
        do {
            _ = try await source.samples(matching: [.metricName("up")], from: 0, through: 60_000)
            XCTFail("expected no request after the run's deadline")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .runDeadline)
        }
    }

    func testAnAnswerOverTheSizeLimitIsRefused() async throws {
        let source = try PrometheusSource(url: server.baseURL, timeout: 10, maxResponseBytes: 64)
        do {
            _ = try await source.samples(matching: [.metricName("http_requests_total")], from: 0, through: 60_000)
            XCTFail("expected the answer to be refused")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .responseTooLarge(limit: 64))
            XCTAssertTrue(error.description.hasSuffix(": the answer is larger than the limit of 64 bytes"), error.description)
        }
    }

    func testBadRequestsAreRefusedBeforeSending() async throws {
        let source = try self.source()
        for matchers in [[], [LabelMatcher.equal("code", "")], [LabelMatcher.equal("bad-name", "x")]] {
            do {
                _ = try await source.samples(matching: matchers, from: 0, through: 1)
                XCTFail("expected \(matchers) to be refused")
            } catch let error as LiveError {
                guard case .invalidRequest = error.kind else { return XCTFail("got \(error)") }
            }
        }
        do {
            _ = try await source.samples(matching: [.metricName("x")], from: 10, through: 0)
            XCTFail("expected a reversed range to be refused")
        } catch let error as LiveError {
            XCTAssertTrue(error.description.contains("after its end"), error.description)
        }
        do {
            let tiny = try PrometheusSource(url: server.baseURL, chunkWidth: 1)
            _ = try await tiny.samples(matching: [.metricName("x")], from: 0, through: TimeUnit.day)
            XCTFail("a read needing millions of requests must be refused")
        } catch let error as LiveError {
            XCTAssertTrue(error.description.contains("requests"), error.description)
        }
        XCTAssertThrowsError(try PrometheusSource(url: "localhost:9090"))
        XCTAssertThrowsError(try PrometheusSource(url: "http://127.0.0.1:9090", chunkWidth: 0))
    }

    func testWrongPathPrefixGivesTheHTTPStatus() async throws {
        let source = try PrometheusSource(url: server.baseURL + "/not-prometheus", timeout: 5)
        do {
            _ = try await source.samples(matching: [.metricName("up")], from: 0, through: 60_000)
            XCTFail("expected 404 from a wrong path")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .httpStatus(code: 404, body: "404 page not found"))
            XCTAssertTrue(error.description.contains("/not-prometheus/api/v1/query"), error.description)
        }
    }

    func testLoadAppendsALaterRangeAndLeavesTheStoreUntouchedOnOverlap() async throws {
        let matchers = [LabelMatcher.metricName("request_duration_seconds")]
        let middle = BackfillData.start + TimeUnit.hour
        var store = try await source().samples(matching: matchers, from: BackfillData.start, through: middle)
        try await source().load(matching: matchers, from: middle + 1, through: BackfillData.end, into: &store)
        assertSame(store, try expected(matchers, from: BackfillData.start, through: BackfillData.end))

        let before = store.sampleCount
        do {
            try await source().load(matching: matchers, from: middle, through: BackfillData.end, into: &store)
            XCTFail("loading an overlapping range must fail")
        } catch let error as LiveError {
            guard case .invalidRequest(let message) = error.kind else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("not after the stored sample"), message)
        }
        XCTAssertEqual(store.sampleCount, before)
    }
}
