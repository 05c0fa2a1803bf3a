import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VigilSeries
import VigilTestServers

/// Prometheus's own engine over the replay's samples: the samples written as OpenMetrics,
/// backfilled with `promtool tsdb create-blocks-from openmetrics`, a `prometheus` server
/// started on that TSDB (no scrape jobs), and each rule's PromQL timed as `query_range` at
/// the rule interval over the whole range.
struct PrometheusPeer {
    /// What the peer measured.
    struct Measurement {
        /// Wall-clock time of every `query_range` request, summed (HTTP and JSON included).
        var wallSeconds = 0.0
        /// The server's own `execTotalTime` per request, summed; nil when it reports none.
        var engineSeconds: Double? = 0
        /// The server process's CPU time while it answered them; nil when /proc cannot tell.
        var cpuSeconds: Double?
        /// Per rule, the (series, step) points where the comparison held.
        var trueCounts: [String: Int] = [:]
        var requests = 0
    }

    /// Prometheus refuses a range query of more than 11,000 points per series; 10,000 steps
    /// per request keeps well inside that.
    static let stepsPerRequest = 10_000

    let prometheus: String
    let promtool: String
    let directory: URL

    /// The peer, or nil (with the reason) when prometheus or promtool is not installed.
    static func locate() -> Result<(String, String), Error> {
        Result { (try ServerProcess.locate("prometheus"), try ServerProcess.locate("promtool")) }
    }

    /// Writes every series as OpenMetrics, grouped by metric (OpenMetrics wants a metric's
    /// samples together) and in time order within a series (promtool appends in order).
    static func writeOpenMetrics(_ series: [Series], to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ServerError.failedToStart("cannot create \(url.path)")
        }
        let file = try FileHandle(forWritingTo: url)
        defer { try? file.close() }
        let ordered = series.sorted { ($0.labels.metricName ?? "") < ($1.labels.metricName ?? "") }
        var buffer = ""
        for s in ordered {
            let labels = s.labels.pairs.filter { $0.name != Labels.metricNameLabel }
                .map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",")
            let prefix = "\(s.labels.metricName ?? ""){\(labels)} "
            for (time, value) in zip(s.timestamps, s.values) {
                // Swift prints the shortest text that reads back as the same Double, as Go parses it.
                buffer += prefix + "\(value) \(time / 1000)"
                if time % 1000 != 0 { buffer += String(format: ".%03d", Int(time % 1000)) }
                buffer += "\n"
                if buffer.utf8.count > 1 << 20 {
                    try file.write(contentsOf: Data(buffer.utf8))
                    buffer = ""
                }
            }
        }
        buffer += "# EOF\n"
        try file.write(contentsOf: Data(buffer.utf8))
    }

    /// Backfills `metrics` into `tsdb`. Blocks of 486 h (promtool's hidden
    /// `--max-block-duration`, rounded down to a compaction range) mean promtool reads the file
    /// once per 20 days rather than once per 2 hours, and the server compacts nothing after.
    func backfill(_ metrics: URL, into tsdb: URL) throws {
        let log = directory.appendingPathComponent("promtool.log")
        let status = spawnWaiting(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet",
                                             "--max-block-duration=500h", metrics.path, tsdb.path], output: log.path)
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw ServerError.failedToStart("promtool exited \(status): \(text.suffix(2000))")
        }
    }

    /// Starts Prometheus on `tsdb`, runs `body` with its URL and process id, and stops the
    /// server whatever happens.
    func serving<T>(_ tsdb: URL, _ body: (String, Int32) throws -> T) throws -> T {
        let config = directory.appendingPathComponent("prometheus.yml")
        // No scrape_configs: the server scrapes nothing, not even itself.
        try "global:\n  scrape_interval: 1h\n".write(to: config, atomically: true, encoding: .utf8)
        let (prometheus, directory) = (self.prometheus, self.directory)
        let server = try blocking {
            try await ServerProcess.start(name: "prometheus", executable: prometheus, directory: directory,
                                          readyPath: "/-/ready") { port in
                ["--config.file=\(config.path)", "--storage.tsdb.path=\(tsdb.path)",
                 "--web.listen-address=127.0.0.1:\(port)", "--storage.tsdb.retention.time=100y",
                 "--query.timeout=30m", "--log.level=warn"]
            }
        }
        defer { server.stop() }
        return try body(server.baseURL, server.processIdentifier)
    }

    /// Times every rule's PromQL over `[0, end]` at `step`, request by request, one at a time.
    func measure(_ rules: [BenchRule], at baseURL: String, server: Int32, through end: Timestamp,
                 step: Milliseconds) throws -> Measurement {
        try measure(queries: rules.map { ($0.name, $0.promQL) }, at: baseURL, server: server, through: end, step: step)
    }

    /// Times each named PromQL query over `[0, end]` at `step`, request by request, one at a time.
    func measure(queries rules: [(name: String, promQL: String)], at baseURL: String, server: Int32, through end: Timestamp,
                 step: Milliseconds) throws -> Measurement {
        var result = Measurement()
        let cpuBefore = CPUTime.of(process: server)
        let client = URLSession(configuration: .ephemeral)
        let chunk = Timestamp(Self.stepsPerRequest) * step
        for rule in rules {
            var count = 0, start: Timestamp = 0
            while start <= end {
                let last = min(end, start + chunk - step)
                let fields = [("query", rule.promQL), ("start", seconds(start)), ("end", seconds(last)),
                              ("step", seconds(step)), ("stats", "all")]
                var request = URLRequest(url: URL(string: baseURL + "/api/v1/query_range")!)
                request.httpMethod = "POST"
                request.timeoutInterval = 1800
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data(fields.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&").utf8)
                let began = DispatchTime.now().uptimeNanoseconds
                let body = try Self.send(request, client)
                result.wallSeconds += Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
                result.requests += 1
                let (points, engine) = try Self.decode(body, rule.promQL)
                count += points
                result.engineSeconds = engine.flatMap { e in result.engineSeconds.map { $0 + e } }
                start = last + step
            }
            result.trueCounts[rule.name] = count
        }
        result.cpuSeconds = CPUTime.of(process: server).flatMap { after in cpuBefore.map { after - $0 } }
        return result
    }

    private func seconds(_ milliseconds: Int64) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : String(format: "%.3f", Double(milliseconds) / 1000)
    }

    /// The points of a successful matrix answer, and the server's `execTotalTime` if given.
    private static func decode(_ body: Data, _ promQL: String) throws -> (points: Int, engineSeconds: Double?) {
        guard let json = try JSONSerialization.jsonObject(with: body) as? [String: Any],
              json["status"] as? String == "success", let data = json["data"] as? [String: Any],
              let series = data["result"] as? [[String: Any]] else {
            throw ServerError.failedToStart("\(promQL): \(String(decoding: body.prefix(500), as: UTF8.self))")
        }
        let points = series.reduce(0) { $0 + (($1["values"] as? [Any])?.count ?? 0) }
        let timings = (data["stats"] as? [String: Any])?["timings"] as? [String: Any]
        return (points, timings?["execTotalTime"] as? Double)
    }

    private final class Answer: @unchecked Sendable {
        var body: Data?
        var failure: String?
    }

    private static func send(_ request: URLRequest, _ client: URLSession) throws -> Data {
        let answer = Answer(), done = DispatchSemaphore(value: 0)
        client.dataTask(with: request) { data, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if let error { answer.failure = "\(error)" }
            else if status != 200 { answer.failure = "HTTP \(status): \(String(decoding: (data ?? Data()).prefix(500), as: UTF8.self))" }
            answer.body = data
            done.signal()
        }.resume()
        done.wait()
        if let failure = answer.failure { throw ServerError.failedToStart("query_range: \(failure)") }
        return answer.body ?? Data()
    }

    /// Percent-encodes all but RFC 3986's unreserved characters, so `=~`, `{`, `|` and `"`
    /// reach Prometheus unchanged through form decoding.
    private static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Where an async body leaves its result for the thread waiting on it.
private final class AsyncResult<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

/// Runs an async body from synchronous code and waits for it.
private func blocking<T>(_ body: @escaping () async throws -> T) throws -> T {
    let box = AsyncResult<T>(), done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}
