import Foundation
import VigilEngines
import VigilSeries

/// Every NAB series through every (method, window, scoring), results written under `out`,
/// then scored by bench/nab/nab_score.py.
func runNAB(nab: String, out: String, windows: [(String, Timestamp)], methods: [AnomalyMethod],
            scorings: [NABScoring]) throws {
    let labelsPath = "\(nab)/labels/combined_windows.json"
    guard let data = FileManager.default.contents(atPath: labelsPath),
          let labels = try JSONSerialization.jsonObject(with: data) as? [String: [[String]]] else {
        fail("cannot read \(labelsPath): is --nab a NAB checkout (https://github.com/numenta/NAB)?")
    }
    var detectors: [String] = []
    var rows = 0
    var detectorSeconds = 0.0
    for relative in labels.keys.sorted() {
        let series = try NABSeries(path: "\(nab)/data/\(relative)", relative: relative)
        let inWindows = windowRows(series, labels[relative] ?? [])
        rows += series.values.count
        for method in methods {
            for (windowText, window) in windows {
                for scoring in scorings {
                    let name = "vigil_\(method.rawValue)_\(windowText)_\(scoring.rawValue)"
                    let begin = DispatchTime.now().uptimeNanoseconds
                    let scores = detect(series, method: method, window: window, scoring: scoring)
                    detectorSeconds += Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
                    try writeResults(series, scores, labels: inWindows, detector: name, into: out)
                    if !detectors.contains(name) { detectors.append(name) }
                }
            }
        }
    }
    print("bench-anomaly nab: \(labels.count) series, \(rows) rows, \(detectors.count) detectors, "
        + String(format: "%.2fs in the detectors; results in %@", detectorSeconds, out))
    let scorer = Process()
    scorer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    scorer.arguments = ["python3", "\(benchDirectory)/nab/nab_score.py", "--nab", nab, "--results", out]
        + detectors.flatMap { ["--detector", $0] }
    try scorer.run()
    scorer.waitUntilExit()
    if scorer.terminationStatus != 0 { fail("nab_score.py exited with \(scorer.terminationStatus)") }
}
