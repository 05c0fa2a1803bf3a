/// Which exposition dialect a text is, decided by its name and its content: OpenMetrics when
/// it is named `.om`/`.openmetrics`, has a `# EOF` line, or has a line only OpenMetrics has
/// (`# UNIT`, a `# TYPE` of gaugehistogram, stateset, info or unknown). Such a text without
/// `# EOF` was cut short, and reading it as Prometheus text would take its second
/// timestamps for milliseconds (2025 becomes 1970): it is refused.
extension ExpositionParser {
    static let openMetricsOnlyTypes: Set<Substring> = ["gaugehistogram", "stateset", "info", "unknown"]

    /// Why `line` (a comment) marks OpenMetrics text, or nil.
    static func openMetricsMarker(_ line: String) -> String? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, words[0] == "#" else { return nil }
        if words[1] == "UNIT" { return "it has `# UNIT` lines" }
        if words[1] == "TYPE", words.count >= 4, openMetricsOnlyTypes.contains(words[3]) { return "it has a `# TYPE … \(words[3])` line" }
        return nil
    }

    static func isOpenMetricsName(_ file: String) -> Bool {
        let name = file.lowercased()
        return name.hasSuffix(".om") || name.hasSuffix(".openmetrics")
    }

    /// The dialect of `lines`, and why when it is OpenMetrics without its `# EOF`.
    static func dialect(of lines: TextLines, file: String) -> (Dialect, reason: String?) {
        if lines.ranges.contains(where: { lines.equals($0, "# EOF") }) { return (.openMetrics, nil) }
        if isOpenMetricsName(file) { return (.openMetrics, "the file is named as OpenMetrics") }
        for line in lines.ranges where !lines.isBlank(line) && lines.bytes[line.lowerBound] == UInt8(ascii: "#") {
            if let marker = openMetricsMarker(lines.string(line)) { return (.openMetrics, marker) }
        }
        return (.prometheus, nil)
    }
}
