// bench-anomaly: Vigil's anomaly detectors (`AnomalyDetector`, the engine `anomaly()` binds)
// fed one sample per row, outside the language, for the two measurements of issue 13:
//
//   bench-anomaly nab --nab DIR [--out DIR] [--window 7d]… [--method likelihood]… [--scoring onset]…
//       every NAB series through every detector, NAB results files written, and
//       bench/nab/nab_score.py run over them (standard profile);
//   bench-anomaly speed [--series 1000] [--samples 10000] [--window 60] [--method zscore|mad]
//       rolling z-score and rolling MAD, samples/s, beside pandas on the same data in the same run.
//
// Build with `swift build -c release --product bench-anomaly`. See bench/README.md.
import Foundation
import VigilEngines
import VigilSeries

// Line-buffered, so the lines print in order with the scorer's and pandas' output.
setvbuf(stdout, nil, _IOLBF, 0)

var arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.isEmpty ? "" : arguments.removeFirst()

func options(_ name: String) -> [String] {
    var found: [String] = []
    var index = 0
    while index < arguments.count - 1 {
        if arguments[index] == "--\(name)" { found.append(arguments[index + 1]) }
        index += 1
    }
    return found
}

/// "12h", "1d", "90m", "30s" as milliseconds.
func duration(_ text: String) -> Timestamp? {
    let units: [Character: Timestamp] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
    guard let unit = text.last.flatMap({ units[$0] }), let count = Timestamp(text.dropLast()), count > 0 else { return nil }
    return count * unit
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-anomaly: \(message)\n".utf8))
    exit(2)
}

/// `fail` where a value is expected: `Int(text) ?? refuse("…")`.
func refuse<T>(_ message: String) -> T { fail(message) }

/// The directory this source file is in, to find bench/nab/nab_score.py and the pandas script.
let benchDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path

switch command {
case "nab":
    guard let nab = options("nab").last else { fail("nab needs --nab DIR (a NAB checkout: data/ and labels/)") }
    let out = options("out").last ?? NSTemporaryDirectory() + "vigil-nab-results"
    let windowTexts = options("window").isEmpty ? ["7d"] : options("window")
    let windows = windowTexts.map { text in duration(text).map { (text, $0) } ?? refuse("--window: not a duration: \(text)") }
    let methods = options("method").isEmpty ? [.likelihood]
        : options("method").map { AnomalyMethod(rawValue: $0) ?? refuse("--method: relative, zscore, mad, ewma or likelihood, not \($0)") }
    let scorings = options("scoring").isEmpty ? [.onset]
        : options("scoring").map { NABScoring(rawValue: $0) ?? refuse("--scoring: onset or score, not \($0)") }
    try runNAB(nab: nab, out: out, windows: windows, methods: methods, scorings: scorings)
case "speed":
    let number = { (name: String, fallback: Int) in options(name).last.map { Int($0) ?? refuse("--\(name): not a number") } ?? fallback }
    // One method alone (`--method zscore`) is for profiling; pandas still runs both.
    let methods = options("method").isEmpty ? [.zscore, .mad]
        : options("method").map { AnomalyMethod(rawValue: $0) ?? refuse("--method: zscore or mad, not \($0)") }
    try runSpeed(series: number("series", 1000), samples: number("samples", 10_000), window: number("window", 60), methods: methods)
default:
    fail("usage: bench-anomaly nab --nab DIR [--out DIR] [--window 7d]… [--method likelihood]… [--scoring onset|score]…\n"
        + "       bench-anomaly speed [--series 1000] [--samples 10000] [--window 60] [--method zscore|mad]…")
}
