import Foundation
import VigilLib
import VigilRuntime
import VigilSeries

/// How the REPL shows a value to a person: quantities in their units (`1h30m`, `0.5%`,
/// `$1,247.10`), a vector as an aligned table of label sets and values, a series as a
/// sparkline with min, max and last, a list of records as a table. Colour only on a
/// terminal and never with `NO_COLOR` (no-color.org: set and not empty).
struct ReplDisplay {
    let colour: Bool

    static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> ReplDisplay {
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return ReplDisplay(colour: isatty(STDOUT_FILENO) != 0 && !noColour)
    }

    /// The lines that show `value`, evaluated at `now` (seconds): a series is drawn over the
    /// hour that ends there.
    func show(_ value: Value, now: Double) -> String {
        switch value {
        case .object(let vector as VectorValue): return table(vector)
        case .object(let selection as SeriesSelection): return sparklines(selection, now: now)
        case .list(let items): return records(items) ?? value.literal
        default: return paint(value)
        }
    }

    /// One value in its colour: true green, false red, nodata yellow.
    func paint(_ value: Value) -> String {
        switch value {
        case .bool(true): styled(value.literal, "32")
        case .bool(false): styled(value.literal, "31")
        case .nodata: styled(value.literal, "33")
        default: value.literal
        }
    }

    func styled(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    // MARK: Tables

    /// A vector: one column per label name, then the value; rows in label-set order.
    private func table(_ vector: VectorValue) -> String {
        let names = Array(Set(vector.entries.flatMap { $0.labels.pairs.map(\.name) })).sorted()
        let rows = vector.entries.map { entry in
            names.map { entry.labels[$0] ?? "" } + [entry.value.literal]
        }
        let painted = vector.entries.map { paint($0.value) }
        return layout(header: names + ["value"], rows: rows, lastColumn: painted)
    }

    /// A list whose items are all records with the same keys, as a table; nil otherwise.
    private func records(_ items: [Value]) -> String? {
        var keys: [String]?
        var rows: [[String]] = []
        for item in items {
            guard case .record(let r) = item else { return nil }
            if keys == nil { keys = r.shape.keys }
            guard r.shape.keys == keys else { return nil }
            rows.append(r.values.map(\.text))
        }
        guard let keys, !rows.isEmpty else { return nil }
        return layout(header: keys, rows: rows, lastColumn: nil)
    }

    /// Columns padded to their widest cell; numbers-looking last cells keep their colour.
    private func layout(header: [String], rows: [[String]], lastColumn: [String]?) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String], painted last: String? = nil) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                let shown = i == cells.count - 1 ? (last ?? cell) : cell
                let padding = i == cells.count - 1 ? "" : String(repeating: " ", count: widths[i] - cell.count + 2)
                out += shown + padding
            }
            return out
        }
        var lines = [styled(line(header), "1")]
        for (i, row) in rows.enumerated() { lines.append(line(row, painted: lastColumn?[i])) }
        return lines.joined(separator: "\n")
    }

    // MARK: Series

    static let sparkWidth = 48
    static let maxSeriesShown = 20

    /// Each matching series' last hour as a sparkline with its min, max and last value.
    private func sparklines(_ selection: SeriesSelection, now: Double) -> String {
        let end = Timestamp((now * 1000).rounded()), start = end - 3_600_000
        let series = selection.series
        if series.isEmpty { return styled("nodata", "33") + "  (no series matched \(selection.display))" }
        var lines: [String] = []
        // Samples in the metric's unit (`_seconds` as durations, `_bytes` as sizes).
        let unit = MetricUnits.unit(of: selection.metricName, function: .gauge)
        func number(_ v: Double) -> String { Value.number(v, unit).literal }
        for s in series.prefix(Self.maxSeriesShown) {
            let range = s.indices(from: start, through: end)
            let name = s.labels.fingerprint
            guard !range.isEmpty else {
                lines.append(name + "  " + styled("no samples in the last hour", "33"))
                continue
            }
            let values = Array(s.values[range])
            let finite = values.filter(\.isFinite)
            let low = finite.min() ?? .nan, high = finite.max() ?? .nan, last = values[values.count - 1]
            lines.append(name)
            lines.append("  " + Self.sparkline(values, width: Self.sparkWidth)
                         + "  min \(number(low))  max \(number(high))  last \(number(last))")
        }
        if series.count > Self.maxSeriesShown {
            lines.append("… and \(series.count - Self.maxSeriesShown) more series")
        }
        return lines.joined(separator: "\n")
    }

    /// `values` squeezed into `width` columns (each the mean of its samples), drawn with the
    /// eight block heights between the overall min and max; non-finite values are a space.
    static func sparkline(_ values: [Double], width: Int) -> String {
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let columns = min(width, values.count)
        guard columns > 0 else { return "" }
        var means: [Double] = []
        for c in 0..<columns {
            let from = c * values.count / columns, to = max(from + 1, (c + 1) * values.count / columns)
            let slice = values[from..<to].filter(\.isFinite)
            means.append(slice.isEmpty ? .nan : slice.reduce(0, +) / Double(slice.count))
        }
        let finite = means.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: " ", count: columns) }
        return String(means.map { m -> Character in
            guard m.isFinite else { return " " }
            // Means of equal samples can differ in the last bit: that is a flat line.
            if high - low <= 1e-9 * max(abs(high), abs(low)) { return bars[3] }
            // Values near ±Double.greatestFiniteMagnitude make the span infinite: the ratio is
            // then NaN or infinite, which `Int` would trap on.
            let ratio = (m - low) / (high - low)
            guard ratio.isFinite else { return bars[3] }
            return bars[max(0, min(7, Int(ratio * 7.999)))]
        })
    }
}
