import Foundation

extension GateReport {
    /// For a terminal: each policy's lines with their observed values, then the verdict,
    /// which counts errors (the command prints those as diagnostics, on stderr).
    func text() -> String {
        var out = ""
        for file in files {
            var policy: String? = nil
            for l in file.lines {
                if policy != l.policy {
                    out += "\(l.file): policy \"\(l.policy)\"\n"
                    policy = l.policy
                }
                out += "  \(Self.tag(l).padding(toLength: 5, withPad: " ", startingAt: 0)) \(l.label)"
                let detail = Self.detail(l)
                if !detail.isEmpty { out += ": \(detail)" }
                out += "  [line \(l.line)]\n"
            }
        }
        return out + summary()
    }

    /// `PASS: 3 of 3 requirements passed`, with failures, errors and warnings counted.
    func summary() -> String {
        let t = Tally(self)
        if verdict == .error, t.requires == 0 { return "ERROR: \(t.errorsText), the gate was not judged" }
        var out = "\(verdict.rawValue.uppercased()): \(t.passed) of \(t.requires) requirements passed"
        if t.failed > 0 { out += ", \(t.failed) failed" }
        if t.errors > 0 { out += ", \(t.errors) error\(t.errors == 1 ? "" : "s")" }
        if t.warned > 0 { out += ", \(t.warned) warning\(t.warned == 1 ? "" : "s")" }
        return out
    }

    static func tag(_ l: GateLine) -> String {
        switch (l.level, l.outcome) {
        case (.require, .pass): "pass"
        case (.require, .fail), (.require, .nodata): "FAIL"
        case (_, .error): "ERROR"
        case (.warn, .fail), (.warn, .nodata): "WARN"
        case (.warn, .pass): "ok"
        }
    }

    /// The observed values, saying `no data` first when that was the verdict.
    static func detail(_ l: GateLine) -> String {
        guard l.outcome == .nodata, !l.observed.hasPrefix("no data") else { return l.observed }
        return "no data" + (l.observed.isEmpty ? "" : " (\(l.observed))")
    }
}
