// bench-actions: actions journaled (SQLite, WAL) and delivered to a real Alertmanager, per
// second, beside the same delivery without a journal. Printed, not asserted.
//
//   swift build -c release --product bench-actions && .build/release/bench-actions [actions] [per-commit]
//
// Each action is a firing page for its own label set. With the journal, every action is
// journaled first (`per-commit` actions to a transaction, as one `vigil watch` evaluation
// journals its transitions together), then delivered (64 alerts to a POST, as Prometheus's
// notifier batches) and marked delivered: the whole actions layer. Without it, the same
// alerts are POSTed in the same batches and nothing is written.
import Foundation
import VigilActions
import VigilLive
import VigilSeries
import VigilStore
import VigilTestServers

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let count = arguments.first ?? 10_000
let perCommit = max(1, arguments.dropFirst().first ?? 100)

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let begin = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
}

func actions(_ run: String, at now: Timestamp) -> [Action] {
    (0..<count).map { index in
        let labels = Labels(["instance": "i\(index)", "bench": run])
        let origin = Action.Origin(kind: .rule, name: "bench \(run)", trigger: "fired")
        return Action(kind: "page", target: "oncall", call: "page(\"oncall\")", labelSet: labels.fingerprint,
                      labels: labels.dictionary.merging(["alertname": "bench \(run)"]) { a, _ in a },
                      annotations: ["summary": "bench"], origin: origin, time: now,
                      key: IdempotencyKey(origin: origin, labels: labels, time: now, position: 0))
    }
}

let alertmanager = try await TestAlertmanager.start()
defer { alertmanager.stop() }
let folder = try TemporaryDirectory.make("vigil-bench-actions")
defer { try? FileManager.default.removeItem(at: folder) }
let poster = DeliveryHTTPClient()
let now = Timestamp(Date().timeIntervalSince1970 * 1000)

// With the journal: journal, deliver, mark.
let database = try VigilDatabase(path: folder.appendingPathComponent("journal.sqlite").path)
let layer = ActionsLayer(store: database.journal, mode: .deliver, run: "bench",
                         receivers: ["oncall": .alertmanager(url: alertmanager.baseURL)], poster: poster)
let journaled = actions("journaled", at: now)
var delivered = 0
var journaling = 0.0
let withJournal = try await seconds {
    journaling = try await seconds {
        for start in stride(from: 0, to: journaled.count, by: perCommit) {
            try layer.submit(Array(journaled[start..<min(start + perCommit, journaled.count)]), at: now)
        }
    }
    delivered = try await layer.deliverDue(at: now, limit: count).delivered.count
}
guard delivered == count else { fatalError("delivered \(delivered) of \(count) actions") }

// Without: the same alerts, the same batches, straight to Alertmanager.
let plain = actions("plain", at: now)
let url = alertmanager.baseURL + "/api/v2/alerts"
let withoutJournal = try await seconds {
    for start in stride(from: 0, to: plain.count, by: 64) {
        let batch = plain[start..<min(start + 64, plain.count)].map { action -> [String: Any] in
            ["labels": action.labels, "annotations": action.annotations, "startsAt": "2026-01-01T00:00:00Z"]
        }
        let status = try await poster.post(url: url, headers: [("Content-Type", "application/json")],
                                           body: try JSONSerialization.data(withJSONObject: batch))
        guard (200..<300).contains(status) else { fatalError("Alertmanager answered \(status)") }
    }
}

func rate(_ s: Double) -> String { String(format: "%8.0f actions/s  (%.3f s)", Double(count) / s, s) }
print("\(count) actions to Alertmanager \(alertmanager.baseURL), \(perCommit) per journal commit, 64 per POST")
print("  journaled (WAL) + delivered + marked: \(rate(withJournal))")
print("  delivered without a journal:          \(rate(withoutJournal))")
print(String(format: "  with the journal: %.3f s journaling, %.3f s delivering and marking", journaling, withJournal - journaling))
