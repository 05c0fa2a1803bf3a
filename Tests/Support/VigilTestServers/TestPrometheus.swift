import Foundation
import VigilLive

/// A real Prometheus on 127.0.0.1 with a temporary TSDB, backfilled with OpenMetrics text by
/// `promtool tsdb create-blocks-from openmetrics` before it starts.
public final class TestPrometheus {
    public let process: ServerProcess
    public let directory: URL

    public var baseURL: String { process.baseURL }

    private init(process: ServerProcess, directory: URL) {
        self.process = process
        self.directory = directory
    }

    /// Backfills a fresh TSDB with `openMetrics` (ending with `# EOF`) and starts Prometheus on it.
    ///
    /// No scrape jobs: the only data is the backfill, so answers are exactly predictable.
    /// Backfilled samples may be recent (minutes old): the head block is empty when the
    /// server starts, so the blocks promtool writes do not overlap anything.
    /// With `tls`, Prometheus serves https only (`--web.config.file` with `tls_server_config`),
    /// with the server certificate `tls` holds.
    public static func start(openMetrics: String, name: String = "vigil-prometheus",
                             tls: TestCertificates? = nil) async throws -> TestPrometheus {
        let prometheus = try ServerProcess.locate("prometheus")
        let promtool = try ServerProcess.locate("promtool")
        let directory = try TemporaryDirectory.make(name)
        let metricsFile = directory.appendingPathComponent("backfill.om")
        let tsdb = directory.appendingPathComponent("tsdb")
        try openMetrics.write(to: metricsFile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: tsdb, withIntermediateDirectories: true)
        let arguments = ["tsdb", "create-blocks-from", "openmetrics", "--quiet", metricsFile.path, tsdb.path]
        let backfill = try ShortCommand.run(promtool, arguments, in: directory)
        guard backfill.status == 0 else {
            throw ServerError.failedToStart("\(promtool) \(arguments.joined(separator: " ")) failed: \(backfill.output)")
        }

        let config = directory.appendingPathComponent("prometheus.yml")
        try "global:\n  scrape_interval: 1h\n".write(to: config, atomically: true, encoding: .utf8)
        var webArguments: [String] = []
        var isReady: (@Sendable (String) async -> Bool)?
        if let tls {
            let webConfig = directory.appendingPathComponent("web.yml")
            try "tls_server_config:\n  cert_file: \(tls.serverCertificateFile)\n  key_file: \(tls.serverKeyFile)\n"
                .write(to: webConfig, atomically: true, encoding: .utf8)
            webArguments = ["--web.config.file=\(webConfig.path)"]
            let client = DeliveryHTTPClient(trust: try TLSTrust(caFile: tls.caFile))
            isReady = { url in (try? await client.get(url: url, headers: [], timeout: 1))?.status == 200 }
        }
        let process = try await ServerProcess.start(
            name: "prometheus", executable: prometheus, directory: directory, readyPath: "/-/ready",
            scheme: tls == nil ? "http" : "https", isReady: isReady
        ) { port in
            [
                "--config.file=\(config.path)", "--storage.tsdb.path=\(tsdb.path)",
                "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.retention.time=100y",
                "--log.level=warn",
            ] + webArguments
        }
        return TestPrometheus(process: process, directory: directory)
    }

    /// Starts Prometheus scraping `target` (host:port, path /metrics) every `interval`
    /// (e.g. "1s") into a fresh TSDB: the live source of a test that drives real traffic.
    public static func start(scraping target: String, every interval: String,
                             name: String = "vigil-prometheus-scrape") async throws -> TestPrometheus {
        let prometheus = try ServerProcess.locate("prometheus")
        let directory = try TemporaryDirectory.make(name)
        let tsdb = directory.appendingPathComponent("tsdb")
        try FileManager.default.createDirectory(at: tsdb, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("prometheus.yml")
        try """
            global:
              scrape_interval: \(interval)
              evaluation_interval: \(interval)
            scrape_configs:
              - job_name: target
                static_configs:
                  - targets: ["\(target)"]

            """.write(to: config, atomically: true, encoding: .utf8)
        let process = try await ServerProcess.start(
            name: "prometheus", executable: prometheus, directory: directory, readyPath: "/-/ready"
        ) { port in
            ["--config.file=\(config.path)", "--storage.tsdb.path=\(tsdb.path)",
             "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"]
        }
        return TestPrometheus(process: process, directory: directory)
    }

    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A fresh directory for one server's files, named after the test process.
public enum TemporaryDirectory {
    public static func make(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
