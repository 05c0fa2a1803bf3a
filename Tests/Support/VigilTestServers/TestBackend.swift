import Foundation

/// One version of a service behind HAProxy: every request answered `200 <name>`, except that
/// with `failEvery: 20` every 20th gets a 500 (exactly 5% errors, so an outcome never hangs
/// on luck).
public final class TestBackend: @unchecked Sendable {
    public let name: String
    private let server: TestHTTPReceiver

    public init(name: String, failEvery: Int? = nil) throws {
        self.name = name
        server = try TestHTTPReceiver { _, number in
            let fails = failEvery.map { number % $0 == 0 } ?? false
            return fails ? .init(status: 500, body: "\(name) failed\n") : .init(status: 200, body: "\(name)\n")
        }
    }

    public var port: Int { server.port }
    /// Requests answered so far, errors included.
    public var requests: Int { server.requests.count }

    public func stop() { server.stop() }
}
