// Measures a full simulated canary through the language: 3 steps × 10m bake at 1m
// analysis (30 ticks), two rollback rules against `baseline`, the simulator in closed
// loop. Prints the CPU time of the run alone (parse, check and load excluded) and of the
// whole pipeline; the target is under 100 ms of CPU for the run.
import Foundation
import VigilLib
import VigilSyntax

let source = """
service checkout {
  signal error_rate = 100% * ratio(series("http_requests_total", service: "checkout", code: ~"5.."),
                                   series("http_requests_total", service: "checkout"), 1m)
  signal latency_p95 = series("http_request_duration_seconds", service: "checkout", quantile: "0.95")
}
canary checkout {
  stable "v1"
  candidate "v2"
  steps 10%, 50%, 100%
  bake 10m
  every 1m
  when error_rate > baseline + 0.5% for 5m then rollback
  when latency_p95 > baseline * 150% for 5m then rollback
}
simulate {
  seed 11
  traffic 100
}
"""

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

let rounds = 20
var runTimes: [Double] = []
var totalTimes: [Double] = []
for _ in 0..<rounds {
    let begin = cpuSeconds()
    let (program, diagnostics) = Parser.parse(SourceFile(path: "bench.vigil", text: source))
    precondition(diagnostics.isEmpty, "the benchmark program does not parse")
    let session = VigilSession()
    session.canaries.printsTimeline = false
    try session.load(program)
    let runStart = cpuSeconds()
    let runs = try session.canaries.runAll()
    let end = cpuSeconds()
    precondition(runs.first?.coordinator.status.description == "promoted", "the benchmark canary did not promote")
    runTimes.append(end - runStart)
    totalTimes.append(end - begin)
}
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
print(String(format: "canary 3 steps x 10m at 1m (30 ticks, 2 rules, simulated): run %.1f ms CPU (median of %d), with parse and load %.1f ms; target < 100 ms",
             median(runTimes) * 1000, rounds, median(totalTimes) * 1000))
