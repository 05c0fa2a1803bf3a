// Rule replay and rule-test benchmarks (bench/README.md). Prints what it measured; the
// targets are printed beside the numbers, never asserted.
import Foundation
import VigilLib
import VigilSeries
import VigilSyntax

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let days = Int(option("--days") ?? "30") ?? 30
let seriesCount = Int(option("--series") ?? "100") ?? 100
let repeats = Int(option("--runs") ?? "5") ?? 5

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

// MARK: replay

/// Half counters (requests per instance), half gauges (latency per instance), 15 s apart,
/// from a fixed-seed generator so every run replays the same data.
func makeStore(samplesPerSeries: Int) throws -> SeriesStore {
    var store = SeriesStore()
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func random() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
    let timestamps = (0..<samplesPerSeries).map { Timestamp($0) * 15_000 }
    for index in 0..<seriesCount {
        let instance = "i\(index / 2)"
        var values = [Double](repeating: 0, count: samplesPerSeries)
        if index % 2 == 0 {
            var total = 0.0
            for i in 0..<samplesPerSeries {
                total += 15 * (20 + 10 * random() + (i % 5760 > 5000 ? 40 : 0))
                values[i] = total
            }
            try store.add(Series(labels: Labels(name: "http_requests_total", ["instance": instance]), timestamps: timestamps, values: values))
        } else {
            for i in 0..<samplesPerSeries { values[i] = 0.1 + 0.05 * random() + (i % 5760 > 5000 ? 0.2 : 0) }
            try store.add(Series(labels: Labels(name: "latency_seconds", ["instance": instance]), timestamps: timestamps, values: values))
        }
    }
    return store
}

// `--slo`: issue 11's SLO benchmark instead (SLOBench.swift).
if arguments.contains("--slo") {
    try SLOBench.run(slos: Int(option("--slos") ?? "1000") ?? 1000, days: Int(option("--days") ?? "30") ?? 30,
                     peerSLOs: Int(option("--peer-slos") ?? "100") ?? 100, peerDays: Int(option("--peer-days") ?? "7") ?? 7,
                     skipPrometheus: arguments.contains("--skip-prometheus"),
                     mode: SLOBench.Mode(rawValue: option("--slo-mode") ?? "rule-by-rule") ?? .ruleByRule)
    exit(0)
}

// The `vigil` executable timed end to end and on the rule tests; absolute, because the
// suites run from the fixtures directory.
let vigil = URL(fileURLWithPath: option("--vigil")
    ?? URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("vigil").path).standardizedFileURL.path

let samplesPerSeries = days * 24 * 3600 / 15
var store = SeriesStore()
let generation = try seconds { store = try makeStore(samplesPerSeries: samplesPerSeries) }
let ticks = Int((Timestamp(samplesPerSeries - 1) * 15_000) / 30_000) + 1
let totalSamples = samplesPerSeries * seriesCount
print("replay: \(days) days at 15s, \(seriesCount) series (\(totalSamples) samples, generated in \(String(format: "%.2f", generation)) s), 20 rules every 30s")

/// Replays the 20 rules over the whole store through `RuleRunner`, as `vigil replay` does.
/// Every condition compiles to its kernel (`F(series(…), W) OP literal`), unless `kernels`
/// is off (what any other rule shape costs); `directly` runs each rule through the whole
/// range on its own (on every core unless `concurrently` is off), else all tick by tick.
@discardableResult
func replayAll(directly: Bool, concurrently: Bool, kernels: Bool = true) throws -> (how: String, seconds: Double, cpu: Double) {
    let session = VigilSession(store: store)
    session.interpreter.options.kernels = kernels
    let (program, diagnostics) = Parser.parse(SourceFile(path: "bench-rules.vigil", text: BenchRule.program))
    precondition(diagnostics.isEmpty, "\(diagnostics.map { $0.render() })")
    try session.load(program)
    let rules = try session.compileRules()
    let end = Timestamp(samplesPerSeries - 1) * 15_000
    var transitions = 0
    let runner = RuleRunner(session: session, rules: rules)
    runner.evaluatesDirectly = directly
    runner.evaluatesConcurrently = concurrently
    let cpuBefore = CPUTime.ofThisProcess()
    let replay = try seconds { transitions = try runner.run(from: 0, through: end).count }
    let cpu = CPUTime.ofThisProcess() - cpuBefore
    let evaluations = ticks * rules.count
    let compiled = kernels ? "\(rules.filter(\.hasDirectCondition).count) of \(rules.count) conditions kernels"
        : "no kernels (ordinary comparison)"
    let how = !directly ? compiled + ", tick by tick"
        : concurrently ? compiled + ", rule by rule on \(ProcessInfo.processInfo.activeProcessorCount) cores"
        : compiled + ", rule by rule on one core"
    print(String(format: "  %@: total %.2f s (target < 2 s), CPU time %.2f s; %.1f M samples/s; %.0f ns per rule evaluation (%d evaluations, %d state changes, %d actions recorded)",
                 how, replay, cpu, Double(totalSamples) / replay / 1e6, replay * 1e9 / Double(evaluations), evaluations, transitions,
                 session.actionLog.actions.count))
    return (how, replay, cpu)
}
let asReplayed = try replayAll(directly: true, concurrently: true)   // what `vigil replay` does
let oneCore = try replayAll(directly: true, concurrently: false)
try replayAll(directly: false, concurrently: false)
try replayAll(directly: false, concurrently: false, kernels: false)

// MARK: the same rules in Prometheus's own engine

if arguments.contains("--skip-prometheus") {
    print("prometheus: skipped (--skip-prometheus)")
} else {
    // One rule of each function: a rate, a delta and a p95.
    let spotCheck = ["r0", "r1", "r7"].compactMap { name in BenchRule.all.first { $0.name == name } }
    try comparePrometheus(store: store, through: Timestamp(samplesPerSeries - 1) * 15_000,
                          vigil: [asReplayed, oneCore], spotCheck: spotCheck,
                          vigilExecutable: FileManager.default.isExecutableFile(atPath: vigil) ? vigil : nil)
}

// MARK: rule tests: promtool vs vigil on the agreement fixtures

// bench/rules/main.swift → the repository root.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let fixtures = root.appendingPathComponent("Tests/Fixtures/promtool")
let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
let files = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()

func best(_ executable: String, _ args: [String]) -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        var status: Int32 = 0
        times.append(seconds { status = spawnWaiting(executable, args) })
        guard status == 0 else {
            print("  !!! \(executable) \(args.joined(separator: " ")) exited \(status)")
            return .nan
        }
    }
    return times.min() ?? .nan
}

let vigilFiles = files.filter { $0.hasSuffix(".vigil") }
let promtoolFiles = files.filter { $0.hasSuffix(".test.yml") }
guard FileManager.default.isExecutableFile(atPath: vigil) else {
    print("rule tests: skipped: no vigil executable at \(vigil) (build it, or pass --vigil PATH)")
    exit(0)
}
guard FileManager.default.changeCurrentDirectoryPath(fixtures.path) else {
    print("rule tests: skipped: no fixtures at \(fixtures.path)")
    exit(0)
}
let vigilTime = best(vigil, ["test"] + vigilFiles)
print("rule tests: the \(vigilFiles.count) promtool agreement cases, best of \(repeats)")
print(String(format: "  vigil test:           %.1f ms", vigilTime * 1000))
guard let promtool else {
    print("  promtool test rules:  skipped: promtool is not installed")
    exit(0)
}
let promtoolTime = best(promtool, ["test", "rules"] + promtoolFiles)
print(String(format: "  promtool test rules:  %.1f ms", promtoolTime * 1000))
print(String(format: "  promtool / vigil:     %.1fx (target >= 5x)", promtoolTime / vigilTime))
