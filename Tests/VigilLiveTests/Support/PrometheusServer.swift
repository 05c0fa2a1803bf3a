import Foundation
import VigilTestServers

/// A real Prometheus on 127.0.0.1 backfilled from `BackfillData`.
final class PrometheusServer {
    let server: TestPrometheus
    let data: BackfillData

    var baseURL: String { server.baseURL }
    var process: ServerProcess { server.process }

    private init(server: TestPrometheus, data: BackfillData) {
        self.server = server
        self.data = data
    }

    static func start() async throws -> PrometheusServer {
        let data = try BackfillData()
        return PrometheusServer(server: try await TestPrometheus.start(openMetrics: data.openMetrics), data: data)
    }

    func stop() { server.stop() }
}
