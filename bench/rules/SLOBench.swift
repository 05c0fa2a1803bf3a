import Foundation
import VigilLib
import VigilSeries
import VigilSyntax
import VigilTestServers

/// Issue 11's SLO benchmark (`bench-rules --slo`): N SLOs over D days of 1-minute counters,
/// each SLO's `alert multiwindow` page and ticket rules (all four burn-rate tiers) evaluated
/// every minute in a replay; beside it, in the same run, Prometheus evaluating the exported
/// rules (`vigil export prometheus`) over a slice of the same samples, backfilled, as
/// `query_range` at the rule interval. Prints what it measured; targets beside, never asserted.
enum SLOBench {
    static let minute: Milliseconds = 60_000

    /// Two counters per SLO (`code="200"`, `code="500"`), 1000 requests a minute: 0.05% failing,
    /// with a 2% burn for 90 minutes one day (pages) and 0.2% for 36 hours (a ticket).
    static func store(slos: Int, days: Int) throws -> SeriesStore {
        var store = SeriesStore()
        let count = days * 24 * 60
        let timestamps = (0..<count).map { Timestamp($0) * minute }
        for i in 0..<slos {
            let fast = ((i % days) * 24 + 12) * 60, slow = (((i + 3) % days) * 24) * 60
            var good = [Double](repeating: 0, count: count), bad = good
            var g = 0.0, b = 0.0
            for t in 0..<count {
                let ratio = (fast..<fast + 90).contains(t) ? 0.02 : (slow..<slow + 36 * 60).contains(t) ? 0.002 : 0.0005
                b += 1000 * ratio
                g += 1000 * (1 - ratio)
                good[t] = g
                bad[t] = b
            }
            try store.add(Series(labels: Labels(name: "http_requests_total", ["slo": "s\(i)", "code": "200"]), timestamps: timestamps, values: good))
            try store.add(Series(labels: Labels(name: "http_requests_total", ["slo": "s\(i)", "code": "500"]), timestamps: timestamps, values: bad))
        }
        return store
    }

    static func source(slos: Int) -> String {
        (0..<slos).map { i in
            """
            slo s\(i) {
              service svc\(i)
              objective 99.9%
              window 30d
              every 1m
              good = series("http_requests_total", slo: "s\(i)", code: "200")
              total = series("http_requests_total", slo: "s\(i)")
              alert multiwindow
            }

            """
        }.joined()
    }

    static func program(slos: Int) -> Program {
        let (program, diagnostics) = Parser.parse(SourceFile(path: "bench-slo.vigil", text: source(slos: slos)))
        precondition(diagnostics.isEmpty, "\(diagnostics.map { $0.render() })")
        return program
    }

    /// How the replay runs: as `vigil replay` does (`rule-by-rule`: each rule's burn-rate
    /// kernels through the whole range on every core), all rules tick by tick with the
    /// kernels (`ticks`), or tick by tick with every comparison the ordinary way
    /// (`interpreted`: `burn_rate` called as a builtin at every evaluation).
    enum Mode: String {
        case ruleByRule = "rule-by-rule", ticks, interpreted
    }

    /// Replays every SLO's page and ticket rules every minute; returns the wall time.
    static func replay(slos: Int, days: Int, label: String, mode: Mode = .ruleByRule) throws -> Double {
        var store = SeriesStore()
        let generation = try seconds { store = try Self.store(slos: slos, days: days) }
        let session = VigilSession(store: store)
        session.interpreter.options.kernels = mode != .interpreted
        // A replay is one request: past its time limit (30 s by default, as `vigil replay
        // --timeout`) the rule-by-rule jobs stop and the replay goes on tick by tick.
        session.interpreter.options.timeout = 3600
        try session.load(program(slos: slos))
        let rules = try session.compileRules()
        let end = Timestamp(days * 24 * 60 - 1) * minute
        var changes: [RuleTransitionRecord] = []
        let runner = RuleRunner(session: session, rules: rules)
        runner.evaluatesDirectly = mode == .ruleByRule
        let cpuBefore = CPUTime.ofThisProcess()
        let time = try seconds { changes = try runner.run(from: 0, through: end) }
        let cpu = CPUTime.ofThisProcess() - cpuBefore
        let ticks = days * 24 * 60, evaluations = Double(slos * ticks)
        let pages = changes.filter { $0.rule.hasSuffix(" page") && $0.to == .firing }.count
        let tickets = changes.filter { $0.rule.hasSuffix(" ticket") && $0.to == .firing }.count
        let how = mode == .ruleByRule ? "rule by rule on \(ProcessInfo.processInfo.activeProcessorCount) cores" : mode == .ticks ? "tick by tick" : "tick by tick, no kernels"
        print(String(format: "  vigil %@ (%@; %d of %d rules burn-rate kernels): %d SLOs x %d days (%d series, generated in %.1f s), %d rules every 1m: total %.2f s, CPU %.2f s; %.0f SLO-evaluations/s (%.0f per CPU second; 4 burn-rate tiers each); %d pages, %d tickets fired, %d incidents opened, %d state changes",
                     label, how, rules.filter(\.hasBurnRateCondition).count, rules.count, slos, days, store.series.count, generation,
                     rules.count, time, cpu, evaluations / time, evaluations / cpu, pages, tickets,
                     session.actionLog.actions.filter { $0.name == "open_incident" }.count, changes.count))
        return time
    }

    static func run(slos: Int, days: Int, peerSLOs: Int, peerDays: Int, skipPrometheus: Bool, mode: Mode) throws {
        print("slo: \(slos) SLOs x \(days) days of 1-minute samples, alert multiwindow evaluated every minute (target < 10 s on 2 cores)")
        let full = try replay(slos: slos, days: days, label: "full", mode: mode)
        if full >= 10 { print(String(format: "  !!! %.1f s: over the 10 s target", full)) }
        guard !skipPrometheus else {
            print("  prometheus: skipped (--skip-prometheus)")
            return
        }
        print("slo peer slice: \(peerSLOs) SLOs x \(peerDays) days, the same samples in Vigil and in Prometheus")
        let ours = try replay(slos: peerSLOs, days: peerDays, label: "slice")
        try comparePeer(slos: peerSLOs, days: peerDays, vigilSeconds: ours)
    }

    /// The exported recording rules the four alert tiers read (the 5m … 3d error ratios), each
    /// SLO's own, as `query_range` at the 1-minute rule interval; the alert expressions over
    /// them compare recorded series and are left out (cheap beside these), as is the 30d ratio.
    static func comparePeer(slos: Int, days: Int, vigilSeconds: Double) throws {
        let (prometheus, promtool): (String, String)
        switch PrometheusPeer.locate() {
        case .success(let found): (prometheus, promtool) = found
        case .failure(let error):
            print("  prometheus: skipped: \(error)")
            return
        }
        let rules = try SLOPrometheusExport.rules(program(slos: slos), resolver: nil)
        let queries = recordedErrorRatios(rules).filter { !$0.name.hasSuffix("ratio_rate30d") }
        let directory = try TemporaryDirectory.make("bench-slo-prometheus")
        defer { try? FileManager.default.removeItem(at: directory) }
        let peer = PrometheusPeer(prometheus: prometheus, promtool: promtool, directory: directory)
        let metrics = directory.appendingPathComponent("samples.om"), tsdb = directory.appendingPathComponent("tsdb")
        let store = try Self.store(slos: slos, days: days)
        let writing = try seconds { try PrometheusPeer.writeOpenMetrics(store.series, to: metrics) }
        let backfilling = try seconds { try peer.backfill(metrics, into: tsdb) }
        try? FileManager.default.removeItem(at: metrics)
        let end = Timestamp(days * 24 * 60 - 1) * minute
        let measured = try peer.serving(tsdb) { try peer.measure(queries: queries, at: $0, server: $1, through: end, step: minute) }
        print("  prometheus (\(prometheus)): \(queries.count) exported recording rules (7 windows x \(slos) SLOs) as query_range at step 1m, \(measured.requests) requests one at a time")
        print(String(format: "    setup, not timed: OpenMetrics written in %.1f s, backfilled by promtool in %.1f s", writing, backfilling))
        let engine = measured.engineSeconds.map { String(format: " (execTotalTime %.2f s)", $0) } ?? ""
        let cpu = measured.cpuSeconds.map { String(format: ", server CPU %.2f s", $0) } ?? ""
        print(String(format: "    prometheus: total %.2f s%@%@; vigil slice %.2f s; prometheus / vigil = %.1fx (target >= 10x)",
                     measured.wallSeconds, engine, cpu, vigilSeconds, measured.wallSeconds / vigilSeconds))
    }

    /// `record: slo:sli_error:ratio_rate…` and its `expr:` from the exported YAML, one per SLO
    /// and window, named `<group> <record>`.
    static func recordedErrorRatios(_ yaml: String) -> [(name: String, promQL: String)] {
        var out: [(name: String, promQL: String)] = []
        var group = "", record: String?
        for line in yaml.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("- name: ") { group = String(line.dropFirst(8)) }
            else if line.hasPrefix("- record: slo:sli_error:") { record = String(line.dropFirst(10)) }
            else if line.hasPrefix("- record: ") { record = nil }
            else if let name = record, line.hasPrefix("expr: ") {
                let quoted = String(line.dropFirst(6))
                let text = (try? JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String) ?? quoted
                out.append(("\(group) \(name)", text))
                record = nil
            }
        }
        return out
    }
}
