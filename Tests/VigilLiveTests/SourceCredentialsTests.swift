import Foundation
import VigilSeries
import VigilTestServers
import XCTest
@testable import VigilLive

/// `VIGIL_SOURCE_TOKEN` or `VIGIL_SOURCE_USER`/`VIGIL_SOURCE_PASSWORD` authenticate every
/// request of a `--source`; a URL's own `user:pw@` wins; the values never appear in errors.
final class SourceCredentialsTests: XCTestCase {
    let emptyVector = #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#

    func testTheEnvironmentSetsTheAuthorizationHeader() throws {
        XCTAssertNil(try SourceCredentials.authorization(environment: [:], url: "u"))
        XCTAssertEqual(try SourceCredentials.authorization(environment: ["VIGIL_SOURCE_TOKEN": "t0k"], url: "u"), "Bearer t0k")
        XCTAssertEqual(try SourceCredentials.authorization(environment: ["VIGIL_SOURCE_USER": "ops", "VIGIL_SOURCE_PASSWORD": "hunter2"], url: "u"),
                       "Basic " + Data("ops:hunter2".utf8).base64EncodedString())
    }

    func testContradictoryVariablesAreRefusedWithoutShowingValues() {
        for (environment, message) in [
            (["VIGIL_SOURCE_TOKEN": "t0k", "VIGIL_SOURCE_USER": "ops"], "set either VIGIL_SOURCE_TOKEN or VIGIL_SOURCE_USER/VIGIL_SOURCE_PASSWORD, not both"),
            (["VIGIL_SOURCE_PASSWORD": "hunter2"], "VIGIL_SOURCE_PASSWORD is set without VIGIL_SOURCE_USER"),
            (["VIGIL_SOURCE_USER": "o:ps", "VIGIL_SOURCE_PASSWORD": "hunter2"], "VIGIL_SOURCE_USER cannot contain `:`"),
        ] {
            XCTAssertThrowsError(try PrometheusSource(url: "http://127.0.0.1:9090", environment: environment)) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(message), text)
                XCTAssertFalse(text.contains("hunter2") || text.contains("t0k"), text)
            }
        }
    }

    func testEveryRequestCarriesTheCredentialsAndTheURLsOwnWin() async throws {
        let vector = emptyVector
        let server = try TestHTTPReceiver { _, _ in .init(body: vector) }
        defer { server.stop() }
        let bearer = try PrometheusSource(url: server.baseURL, environment: ["VIGIL_SOURCE_TOKEN": "t0k"])
        _ = try await bearer.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.header("Authorization"), "Bearer t0k")

        let basic = try PrometheusSource(url: server.baseURL, environment: ["VIGIL_SOURCE_USER": "ops", "VIGIL_SOURCE_PASSWORD": "hunter2"])
        _ = try await basic.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.header("Authorization"), "Basic " + Data("ops:hunter2".utf8).base64EncodedString())

        let inURL = try PrometheusSource(url: "http://admin:pw@127.0.0.1:\(server.port)", environment: ["VIGIL_SOURCE_TOKEN": "t0k"])
        _ = try await inURL.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.header("Authorization"), "Basic " + Data("admin:pw".utf8).base64EncodedString())
    }

    func testOverHTTPSTheCredentialsGoAlongAndTheURLsOwnWin() async throws {
        let certificates: TestCertificates
        do { certificates = try TestCertificates.make() } catch ServerError.missingBinary(let reason) { throw XCTSkip(reason) }
        defer { certificates.remove() }
        let vector = emptyVector
        let server = try TestHTTPReceiver(certificates: certificates) { _, _ in .init(body: vector) }
        defer { server.stop() }
        let trust = try TLSTrust(caFile: certificates.caFile)
        let bearer = try PrometheusSource(url: server.baseURL, trust: trust, environment: ["VIGIL_SOURCE_TOKEN": "t0k"])
        _ = try await bearer.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.header("Authorization"), "Bearer t0k")

        let inURL = try PrometheusSource(url: "https://admin:pw@127.0.0.1:\(server.port)", trust: trust,
                                         environment: ["VIGIL_SOURCE_TOKEN": "t0k"])
        _ = try await inURL.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.header("Authorization"), "Basic " + Data("admin:pw".utf8).base64EncodedString())
        XCTAssertEqual(server.requests.count, 2)
    }

    func testOverHTTPSTheRunDeadlineCutsARequestShortAndSaysSo() async throws {
        let certificates: TestCertificates
        do { certificates = try TestCertificates.make() } catch ServerError.missingBinary(let reason) { throw XCTSkip(reason) }
        defer { certificates.remove() }
        let server = try TestHTTPReceiver(certificates: certificates)
        defer { server.stop() }
        server.hold(true)
        let source = try PrometheusSource(url: "https://ops:hunter2@127.0.0.1:\(server.port)", timeout: 30, runTimeLeft: 1,
                                          trust: try TLSTrust(caFile: certificates.caFile))
        let started = Date()
        do {
            _ = try await source.samples(matching: [.metricName("up")], from: 0, through: 60_000)
            XCTFail("expected the run's deadline to stop a request the server never answers")
        } catch let error as LiveError {
            XCTAssertEqual(error.kind, .runDeadline)
            XCTAssertTrue(error.description.hasPrefix("https://ops:***@127.0.0.1:\(server.port)/api/v1/"), error.description)
            XCTAssertTrue(error.description.hasSuffix(": the run's --timeout ran out before an answer arrived"), error.description)
            XCTAssertFalse(error.description.contains("hunter2"), error.description)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(server.requests.count, 1, "the request reached the server and was held")
    }
}
