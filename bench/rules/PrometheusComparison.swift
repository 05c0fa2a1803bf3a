import Foundation
import VigilLib
import VigilSeries
import VigilSyntax
import VigilTestServers

/// The Prometheus peer's line of the benchmark: the same samples and the same 20 rules as
/// PromQL, timed as `query_range` over the whole range, beside Vigil's replay times from the
/// same run; then, for `spotCheck`, how many (series, evaluation) pairs held on each side.
func comparePrometheus(store: SeriesStore, through end: Timestamp, vigil: [(how: String, seconds: Double, cpu: Double)],
                       spotCheck: [BenchRule], vigilExecutable: String?) throws {
    let (prometheus, promtool): (String, String)
    switch PrometheusPeer.locate() {
    case .success(let found): (prometheus, promtool) = found
    case .failure(let error):
        print("prometheus: skipped: \(error)")
        return
    }
    let directory = try TemporaryDirectory.make("bench-rules-prometheus")
    defer { try? FileManager.default.removeItem(at: directory) }
    let peer = PrometheusPeer(prometheus: prometheus, promtool: promtool, directory: directory)
    let metrics = directory.appendingPathComponent("samples.om"), tsdb = directory.appendingPathComponent("tsdb")
    let writing = try seconds { try PrometheusPeer.writeOpenMetrics(store.series, to: metrics) }
    let backfilling = try seconds { try peer.backfill(metrics, into: tsdb) }
    // What a user runs on a recorded file: parse it, replay the rules, print the report.
    let endToEnd = try vigilExecutable.map { try replayEndToEnd($0, data: metrics, in: directory) }
    try? FileManager.default.removeItem(at: metrics)
    let step: Milliseconds = 30_000
    let measured = try peer.serving(tsdb) {
        try peer.measure(BenchRule.all, at: $0, server: $1, through: end, step: step)
    }

    print("prometheus (\(prometheus)): the 20 rules as PromQL, query_range at step 30s over the whole range, "
          + "\(PrometheusPeer.stepsPerRequest) steps a request (\(measured.requests) requests, one at a time)")
    print(String(format: "  setup, not timed: OpenMetrics written in %.1f s, backfilled by promtool in %.1f s", writing, backfilling))
    let engine = measured.engineSeconds.map { String(format: " (the server's own execTotalTime: %.2f s)", $0) } ?? ""
    let cpu = measured.cpuSeconds.map { String(format: "; server CPU time %.2f s", $0) } ?? ""
    print(String(format: "  prometheus query_range: total %.2f s%@%@", measured.wallSeconds, engine, cpu))
    for (how, time, vigilCPU) in vigil {
        let cpuRatio = measured.cpuSeconds.map { String(format: "; CPU time %.2f s, prometheus / vigil = %.1fx", vigilCPU, $0 / vigilCPU) } ?? ""
        print(String(format: "  vigil replay, %@: %.2f s; prometheus / vigil = %.1fx (target >= 20x)%@",
                     how, time, measured.wallSeconds / time, cpuRatio))
    }
    if let endToEnd {
        let samples = store.series.reduce(0) { $0 + $1.timestamps.count }
        guard endToEnd.measure.status == 0 else {
            print("  !!! vigil replay --data samples.om exited \(endToEnd.measure.status)")
            return
        }
        print(String(format: "  vigil replay --data samples.om, end to end (a process: reading %.0f MB of OpenMetrics, replaying, printing): "
                     + "%.2f s, CPU time %.2f s, peak memory %.0f MB (%.0f bytes a sample; target <= 32)",
                     endToEnd.fileMegabytes, endToEnd.measure.wallSeconds, endToEnd.measure.cpuSeconds,
                     Double(endToEnd.measure.peakResidentBytes) / 1e6, Double(endToEnd.measure.peakResidentBytes) / Double(samples)))
        let cpuRatio = measured.cpuSeconds.map { String(format: "; CPU time prometheus / vigil = %.1fx", $0 / endToEnd.measure.cpuSeconds) } ?? ""
        print(String(format: "  prometheus query_range / vigil replay end to end = %.1fx (target >= 10x)%@",
                     measured.wallSeconds / endToEnd.measure.wallSeconds, cpuRatio))
    } else {
        print("  vigil replay end to end: skipped: no vigil executable (build it, or pass --vigil PATH)")
    }
    let counts = try trueEvaluations(of: spotCheck, in: store, through: end)
    for rule in spotCheck {
        let ours = counts[rule.name] ?? 0, theirs = measured.trueCounts[rule.name] ?? 0
        print("  \(rule.name) true (series, evaluation) pairs: vigil \(ours), prometheus \(theirs)"
              + (ours == theirs ? " (agree)" : " !!! DISAGREE") + "  [\(rule.promQL)]")
    }
}

/// Per rule, the (label set, evaluation) pairs whose condition held, read from every tick of
/// a replay of just these rules: a label set is pending or firing after an evaluation exactly
/// when its condition held (none of the rules has `keep_firing_for`).
func trueEvaluations(of rules: [BenchRule], in store: SeriesStore, through end: Timestamp) throws -> [String: Int] {
    let session = VigilSession(store: store)
    let (program, diagnostics) = Parser.parse(SourceFile(path: "spot-check.vigil", text: rules.map(\.vigilSource).joined()))
    precondition(diagnostics.isEmpty, "\(diagnostics.map { $0.render() })")
    try session.load(program)
    var counts: [String: Int] = [:]
    try RuleRunner(session: session, rules: try session.compileRules()).run(from: 0, through: end) { tick in
        counts[tick.rule.name, default: 0] += tick.statuses.filter { ["pending", "firing"].contains($0.reportedState.rawValue) }.count
    }
    return counts
}

/// `vigil replay rules.vigil --data samples.om` timed as its own process, its report thrown away.
func replayEndToEnd(_ vigil: String, data: URL, in directory: URL) throws -> (measure: ChildMeasure, fileMegabytes: Double) {
    let rules = directory.appendingPathComponent("bench-rules.vigil")
    try BenchRule.program.write(to: rules, atomically: true, encoding: .utf8)
    let size = (try FileManager.default.attributesOfItem(atPath: data.path)[.size] as? Int) ?? 0
    return (spawnMeasured(vigil, ["replay", rules.path, "--data", data.path]), Double(size) / 1e6)
}
