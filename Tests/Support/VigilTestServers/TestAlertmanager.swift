import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real Alertmanager on 127.0.0.1 with clustering disabled and temporary storage.
public final class TestAlertmanager {
    public let process: ServerProcess
    public let directory: URL

    public var baseURL: String { process.baseURL }

    private init(process: ServerProcess, directory: URL) {
        self.process = process
        self.directory = directory
    }

    /// Starts Alertmanager with one receiver that has no integrations: alerts are held and
    /// listed but sent nowhere.
    public static func start() async throws -> TestAlertmanager {
        let alertmanager = try ServerProcess.locate("prometheus-alertmanager")
        let directory = try TemporaryDirectory.make("vigil-alertmanager")
        let config = directory.appendingPathComponent("alertmanager.yml")
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
        return TestAlertmanager(process: process, directory: directory)
    }

    /// The alerts Alertmanager holds as active (resolved ones are not listed), as JSON objects.
    public func activeAlerts() async throws -> [[String: Any]] {
        guard let url = URL(string: baseURL + "/api/v2/alerts") else { return [] }
        let (data, _) = try await URLSession.shared.data(from: url)
        return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }

    /// A counter Alertmanager exports on /metrics, summed over its series whose labels include
    /// `labels` (`alertmanager_alerts_received_total`, `["status": "firing"]`): what it was sent.
    public func counter(_ name: String, _ labels: [String: String] = [:]) async throws -> Double {
        guard let url = URL(string: baseURL + "/metrics") else { return 0 }
        let (data, _) = try await URLSession.shared.data(from: url)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").reduce(0) { sum, line in
            guard line.hasPrefix(name + "{") || line.hasPrefix(name + " "),
                  labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }),
                  let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return sum }
            return sum + value
        }
    }

    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
