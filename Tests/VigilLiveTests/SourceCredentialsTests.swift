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
        let server = try LocalHTTPServer { _, _ in ("200 OK", self.emptyVector) }
        defer { server.stop() }
        let bearer = try PrometheusSource(url: server.url, environment: ["VIGIL_SOURCE_TOKEN": "t0k"])
        _ = try await bearer.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.headers["authorization"], "Bearer t0k")

        let basic = try PrometheusSource(url: server.url, environment: ["VIGIL_SOURCE_USER": "ops", "VIGIL_SOURCE_PASSWORD": "hunter2"])
        _ = try await basic.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.headers["authorization"], "Basic " + Data("ops:hunter2".utf8).base64EncodedString())

        let inURL = try PrometheusSource(url: "http://admin:pw@127.0.0.1:\(server.port)", environment: ["VIGIL_SOURCE_TOKEN": "t0k"])
        _ = try await inURL.samples(matching: [.metricName("up")], from: 0, through: 60_000)
        XCTAssertEqual(server.requests.last?.headers["authorization"], "Basic " + Data("admin:pw".utf8).base64EncodedString())
    }
}
