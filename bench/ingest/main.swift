// bench-ingest: ingest throughput and storage cost, measured and printed (no assertions).
//
//   swift run -c release bench-ingest [series] [samples-per-series]
//
// Generates CSV and OpenMetrics text in memory (counters with 15 s scrapes), then times
// parsing plus loading into a SeriesStore, and storing into a fresh SQLite file.
import Foundation
import VigilSeries
import VigilStore

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let seriesCount = arguments.first ?? 40
let samplesPerSeries = arguments.dropFirst().first ?? 25_000
let start: Int64 = 1_736_931_600
let codes = ["200", "404", "500", "503"]

/// A counter-like value for series `s` at step `i` (deterministic, a little irregular).
func value(_ s: Int, _ i: Int) -> Int { i * (10 + s % 7) + (i * 7919 + s * 104_729) % 13 }

func labelValues(_ s: Int) -> (service: String, code: String) { ("svc\(s / codes.count)", codes[s % codes.count]) }

func csvText() -> String {
    var out = "timestamp,metric,service,code,value\n"
    out.reserveCapacity(seriesCount * samplesPerSeries * 48)
    for i in 0..<samplesPerSeries {
        let t = start + Int64(i) * 15
        for s in 0..<seriesCount {
            let (service, code) = labelValues(s)
            out += "\(t),http_requests_total,\(service),\(code),\(value(s, i))\n"
        }
    }
    return out
}

func openMetricsText() -> String {
    var out = "# TYPE http_requests counter\n"
    out.reserveCapacity(seriesCount * samplesPerSeries * 72)
    for s in 0..<seriesCount {
        let (service, code) = labelValues(s)
        for i in 0..<samplesPerSeries {
            out += "http_requests_total{service=\"\(service)\",code=\"\(code)\"} \(value(s, i)) \(start + Int64(i) * 15)\n"
        }
    }
    return out + "# EOF\n"
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let begin = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
}

/// CPU seconds this process has used (user + system): on a shared, loaded machine the
/// wall clock measures the neighbours too.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func fixed(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

let total = seriesCount * samplesPerSeries
print("bench-ingest: \(seriesCount) series x \(samplesPerSeries) samples = \(total) samples")
var loaded = SeriesStore()
for (name, format, text) in [("CSV", IngestFormat.csv, csvText()), ("OpenMetrics", .exposition, openMetricsText())] {
    let megabytes = Double(text.utf8.count) / 1e6
    var store = SeriesStore()
    let cpuBefore = cpuSeconds()
    let elapsed = try seconds { try store.ingest(text: text, file: "bench.\(name)", format: format) }
    let cpu = cpuSeconds() - cpuBefore
    precondition(store.sampleCount == total, "\(name): parsed \(store.sampleCount) samples, expected \(total)")
    print("ingest \(name): \(fixed(megabytes)) MB in \(fixed(elapsed, 3)) s = \(fixed(megabytes / elapsed)) MB/s, "
          + "\(fixed(Double(total) / elapsed / 1e6, 2)) M samples/s; CPU \(fixed(cpu, 3)) s = \(fixed(Double(total) / cpu / 1e6, 2)) M samples/s")
    loaded = store
}
print("in memory: \(fixed(loaded.bytesPerSample, 2)) bytes per sample (timestamp and value arrays, capacity included)")

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-ingest-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let path = folder.appendingPathComponent("bench.sqlite").path
let database = try VigilDatabase(path: path)
let stored = try seconds { try database.samples.insert(loaded) }
try database.writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
let fileBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
print("SQLite insert: \(fixed(stored, 3)) s = \(fixed(Double(total) / stored / 1e6, 2)) M samples/s")
print("SQLite file: \(fixed(fileBytes / 1e6)) MB = \(fixed(fileBytes / Double(total), 2)) bytes per stored sample (target <= 16)")
