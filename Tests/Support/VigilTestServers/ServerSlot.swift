import XCTest

/// Holds one server per test class: started by the first test, stopped in the class tearDown.
///
/// Starting Prometheus takes seconds, so the tests of a class share one instance. A missing
/// binary turns into XCTSkip with the reason printed; any other start failure fails the test.
public final class ServerSlot<Server> {
    private var server: Server?
    private var failure: Error?
    private var attempted = false
    private let stopServer: (Server) -> Void

    public init(stop: @escaping (Server) -> Void) {
        stopServer = stop
    }

    public func get(_ start: () async throws -> Server) async throws -> Server {
        if !attempted {
            attempted = true
            do {
                server = try await start()
            } catch {
                failure = error
            }
        }
        if case ServerError.missingBinary(let reason)? = failure {
            print("skipping: \(reason)")
            throw XCTSkip(reason)
        }
        if let failure { throw failure }
        guard let server else { throw ServerError.failedToStart("server did not start") }
        return server
    }

    public func stop() {
        if let server { stopServer(server) }
        server = nil
        failure = nil
        attempted = false
    }
}
