import Foundation

/// A real Prometheus on 127.0.0.1 with a temporary TSDB backfilled from `BackfillData`.
final class PrometheusServer {
    let process: ServerProcess
    let data: BackfillData
    let directory: URL

    var baseURL: String { process.baseURL }

    private init(process: ServerProcess, data: BackfillData, directory: URL) {
        self.process = process
        self.data = data
        self.directory = directory
    }

    /// Backfills a fresh TSDB with promtool and starts Prometheus on it.
    static func start() async throws -> PrometheusServer {
        let prometheus = try ServerProcess.locate("prometheus")
        let promtool = try ServerProcess.locate("promtool")
        let directory = try TemporaryDirectory.make("vigil-prometheus")
        let data = try BackfillData()
        let metricsFile = directory.appendingPathComponent("backfill.om")
        let tsdb = directory.appendingPathComponent("tsdb")
        try data.openMetrics.write(to: metricsFile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: tsdb, withIntermediateDirectories: true)
        try run(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", metricsFile.path, tsdb.path], in: directory)

        let config = directory.appendingPathComponent("prometheus.yml")
        // No scrape jobs: the only data is the backfill, so answers are exactly predictable.
        try "global:\n  scrape_interval: 1h\n".write(to: config, atomically: true, encoding: .utf8)
        let process = try await ServerProcess.start(
            name: "prometheus", executable: prometheus, directory: directory, readyPath: "/-/ready"
        ) { port in
            [
                "--config.file=\(config.path)", "--storage.tsdb.path=\(tsdb.path)",
                "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.retention.time=100y",
                "--log.level=warn",
            ]
        }
        return PrometheusServer(process: process, data: data, directory: directory)
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a short command to completion (bounded to 60 s), failing with its output.
    private static func run(_ executable: String, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Output goes to a file, not a pipe, so a chatty command cannot block on a full pipe.
        let logURL = directory.appendingPathComponent("\((executable as NSString).lastPathComponent).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw ServerError.failedToStart("cannot create log file \(logURL.path)")
        }
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw ServerError.failedToStart("\(executable) \(arguments.joined(separator: " ")) ran over 60 s")
        }
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw ServerError.failedToStart("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
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

enum TemporaryDirectory {
    static func make(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
