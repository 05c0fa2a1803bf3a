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

/// A real Alertmanager on 127.0.0.1 with clustering disabled and temporary storage.
final class AlertmanagerServer {
    let process: ServerProcess
    let directory: URL

    var baseURL: String { process.baseURL }

    private init(process: ServerProcess, directory: URL) {
        self.process = process
        self.directory = directory
    }

    static func start() async throws -> AlertmanagerServer {
        let alertmanager = try ServerProcess.locate("prometheus-alertmanager")
        let directory = try TemporaryDirectory.make("vigil-alertmanager")
        let config = directory.appendingPathComponent("alertmanager.yml")
        // A receiver with no integrations: alerts are held and listed but sent nowhere.
        try "route:\n  receiver: vigil-test\n  group_wait: 1s\nreceivers:\n  - name: vigil-test\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let storage = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)
        let process = try await ServerProcess.start(
            name: "alertmanager", executable: alertmanager, directory: directory, readyPath: "/-/ready"
        ) { port in
            [
                "--config.file=\(config.path)", "--storage.path=\(storage.path)",
                "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
                "--log.level=warn",
            ]
        }
        return AlertmanagerServer(process: process, directory: directory)
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
