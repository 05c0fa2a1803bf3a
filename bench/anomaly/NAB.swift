import Foundation
import VigilEngines
import VigilSeries

/// One NAB data file: its rows as NAB writes them (the timestamp text is copied to the
/// results file unchanged, so the scorer matches rows to labels exactly).
struct NABSeries {
    let relative: String  // "<category>/<file>.csv", the key of labels/combined_windows.json
    let stamps: [Substring]
    let times: [Timestamp]
    let values: [Double]

    init(path: String, relative: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var stamps: [Substring] = [], times: [Timestamp] = [], values: [Double] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let time = Self.milliseconds(fields[0]), let value = Double(fields[1]) else {
                throw NABError("\(path):\(index + 1): expected `YYYY-MM-DD HH:MM:SS,number`, found `\(line)`")
            }
            stamps.append(fields[0])
            times.append(time)
            values.append(value)
        }
        self.relative = relative
        self.stamps = stamps
        self.times = times
        self.values = values
    }

    /// "2014-04-01 00:05:00" as milliseconds since 1970 (UTC; NAB's timestamps carry no zone).
    static func milliseconds(_ text: Substring) -> Timestamp? {
        let digits = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "." }).map { Int($0) }
        guard digits.count >= 6, let y = digits[0], let m = digits[1], let d = digits[2], let h = digits[3],
              let mi = digits[4], let s = digits[5] else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Timestamp(((days * 24 + h) * 60 + mi) * 60 + s) * 1000
    }
}

struct NABError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// How a detector's judgements become NAB's per-row anomaly_score in [0, 1].
enum NABScoring: String, CaseIterable {
    /// Only the row where an anomaly opens (the row `when anomaly(…)` would fire on) scores,
    /// by how far past the threshold it is; every other row is 0.
    case onset
    /// Every judged row scores by its |score|, so the scorer's threshold search also tries
    /// thresholds below the detector's own.
    case score

    /// |score| / (|score| + threshold): monotone, 0.5 at the detector's threshold, 1 at ∞.
    static func squash(_ score: Double, _ threshold: Double) -> Double {
        let s = abs(score)
        return s.isInfinite ? 1 : s / (s + threshold)
    }
}

/// Feeds one series, one row per observation, through `AnomalyDetector` (the detector
/// `anomaly()` keeps per label set) and returns each row's anomaly_score.
func detect(_ series: NABSeries, method: AnomalyMethod, window: Timestamp, scoring: NABScoring) -> [Double] {
    var detector = AnomalyDetector(method: method, window: window)
    var scores = [Double](repeating: 0, count: series.values.count)
    for row in series.values.indices {
        let events = detector.observe(series.values[row], at: series.times[row])
        guard let judgement = detector.latest else { continue }
        switch scoring {
        case .score:
            scores[row] = NABScoring.squash(judgement.score, detector.threshold)
        case .onset:
            for case .opened(let anomaly) in events {
                scores[row] = NABScoring.squash(anomaly.judgement.score, detector.threshold)
            }
        }
    }
    return scores
}

/// Writes `results/<detector>/<category>/<detector>_<file>.csv` in NAB's results format.
func writeResults(_ series: NABSeries, _ scores: [Double], labels: Set<Int>, detector: String, into root: String) throws {
    let (category, file) = (series.relative.split(separator: "/")[0], series.relative.split(separator: "/")[1])
    let directory = "\(root)/\(detector)/\(category)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var out = "timestamp,value,anomaly_score,label\n"
    out.reserveCapacity(series.values.count * 48)
    for row in series.values.indices {
        out += "\(series.stamps[row]),\(series.values[row]),\(scores[row]),\(labels.contains(row) ? 1 : 0)\n"
    }
    try out.write(toFile: "\(directory)/\(detector)_\(file)", atomically: true, encoding: .utf8)
}

/// The rows inside each file's labelled windows (NAB's `label` column).
func windowRows(_ series: NABSeries, _ windows: [[String]]) -> Set<Int> {
    var rows = Set<Int>()
    for window in windows where window.count == 2 {
        guard let from = NABSeries.milliseconds(Substring(window[0])), let to = NABSeries.milliseconds(Substring(window[1]))
        else { continue }
        for row in series.times.indices where series.times[row] >= from && series.times[row] <= to { rows.insert(row) }
    }
    return rows
}
