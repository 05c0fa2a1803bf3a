import Foundation

/// The samples the command-line tests' Prometheus is backfilled with: an hour of recorded
/// checkout traffic at a fixed date (so `--at` answers are exact) and the last twenty
/// minutes of an order queue (so `vigil watch` sees live data on the real clock).
enum LiveFixture {
    /// 2025-01-15T12:00:00Z, the first recorded sample.
    static let recordedStart = 1_736_942_400
    /// Where the gates are judged: half an hour into the recorded hour.
    static let gateTime = "2025-01-15T12:30:00Z"
    static let spacing = 15

    /// OpenMetrics text ending with `# EOF`; `now` is Unix seconds.
    static func openMetrics(now: Int) -> String {
        var lines = ["# TYPE http_requests counter"]
        // 3 errors per 100 successes: an error ratio of 3 / 103 = 2.91262%.
        for (code, perSample) in [("200", 100), ("500", 3)] {
            for index in 0...240 {
                lines.append("http_requests_total{code=\"\(code)\",service=\"checkout\"} \(index * perSample) \(recordedStart + index * spacing)")
            }
        }
        lines.append("# TYPE queue_depth gauge")
        let recent = now - 20 * 60
        for index in 0...(20 * 60 / spacing) {
            lines.append("queue_depth{queue=\"orders\"} 500 \(recent + index * spacing)")
        }
        return (lines + ["# EOF", ""]).joined(separator: "\n")
    }

    static let gates = """
        service checkout {
          signal error_rate = ratio(series("http_requests_total", service: "checkout", code: ~"5.."),
                                    series("http_requests_total", service: "checkout"), 5m)
        }
        policy "checkout gates" {
          require checkout.error_rate < 5%   "error rate under 5%"
        }

        """

    static let failingGates = """
        service checkout {
          signal error_rate = ratio(series("http_requests_total", service: "checkout", code: ~"5.."),
                                    series("http_requests_total", service: "checkout"), 5m)
        }
        policy "checkout gates" {
          require checkout.error_rate < 1%   "error rate under 1%"
          require last(series("deploys_total", service: "checkout")) >= 0
        }

        """

    static let queueRule = """
        rule "orders backlog" {
          every 1s
          when avg(series("queue_depth", queue: "orders"), 5m) > 100
          then page("orders-oncall", "backlog")
        }

        """
}
