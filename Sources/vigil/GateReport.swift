import Foundation
import VigilRuntime

/// One `require` or `warn` line of a policy, as the gate reports it.
struct GateLine {
    enum Level: String { case require, warn }
    enum Outcome: String { case pass, fail, nodata, error }

    var file: String
    var policy: String
    var level: Level
    var label: String
    var outcome: Outcome
    /// What was observed, e.g. `p95 = 6.2ms > 5ms`, or `no data`.
    var observed: String
    var line: Int
    var column: Int

    /// A require blocks the release unless it passed; a warn never blocks.
    var blocks: Bool { level == .require && outcome != .pass }
}

/// Renders gate results in the formats CI systems read.
enum GateReport {
    enum Format: String, CaseIterable { case text, json, junit, github }

    static func render(_ lines: [GateLine], format: Format) -> String {
        switch format {
        case .text: text(lines)
        case .json: json(lines)
        case .junit: junit(lines)
        case .github: github(lines)
        }
    }

    static func text(_ lines: [GateLine]) -> String {
        var out = ""
        var current: (String, String)? = nil
        for l in lines {
            if current == nil || current! != (l.file, l.policy) {
                out += "\(l.file): policy \"\(l.policy)\"\n"
                current = (l.file, l.policy)
            }
            let tag: String = switch (l.level, l.outcome) {
            case (.require, .pass): "pass"
            case (.require, .fail): "FAIL"
            case (.require, .nodata): "FAIL"
            case (.require, .error): "ERROR"
            case (.warn, .fail): "WARN"
            case (.warn, .pass): "ok"
            case (.warn, .nodata): "WARN"
            case (.warn, .error): "ERROR"
            }
            var detail = l.observed
            if l.outcome == .nodata, !l.observed.hasPrefix("no data") {
                detail = "no data" + (l.observed.isEmpty ? "" : " (\(l.observed))")
            }
            out += "  \(tag.padding(toLength: 5, withPad: " ", startingAt: 0)) \(l.label)"
            if !detail.isEmpty { out += ": \(detail)" }
            out += "  [line \(l.line)]\n"
        }
        let requires = lines.filter { $0.level == .require }
        let failed = requires.filter(\.blocks).count
        let warned = lines.filter { $0.level == .warn && $0.outcome != .pass }.count
        let verdict = failed == 0 ? "PASS" : "FAIL"
        out += "\(verdict): \(requires.count - failed) of \(requires.count) requirements passed"
        if failed > 0 { out += ", \(failed) failed" }
        if warned > 0 { out += ", \(warned) warning\(warned == 1 ? "" : "s")" }
        return out
    }

    static func json(_ lines: [GateLine]) -> String {
        let items: [[String: Any]] = lines.map {
            ["file": $0.file, "policy": $0.policy, "level": $0.level.rawValue, "label": $0.label,
             "outcome": $0.outcome.rawValue, "observed": $0.observed, "line": $0.line, "column": $0.column]
        }
        let passed = !lines.contains { $0.blocks }
        let object: [String: Any] = ["passed": passed, "results": items]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func junit(_ lines: [GateLine]) -> String {
        var groups: [(String, String, [GateLine])] = []
        for l in lines {
            if let i = groups.firstIndex(where: { $0.0 == l.file && $0.1 == l.policy }) { groups[i].2.append(l) }
            else { groups.append((l.file, l.policy, [l])) }
        }
        let failures = lines.filter(\.blocks).count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"vigil check\" tests=\"\(lines.count)\" failures=\"\(failures)\">\n"
        for (file, policy, ls) in groups {
            let f = ls.filter(\.blocks).count
            out += "  <testsuite name=\"\(xml(policy))\" file=\"\(xml(file))\" tests=\"\(ls.count)\" failures=\"\(f)\">\n"
            for l in ls {
                out += "    <testcase name=\"\(xml(l.label))\" classname=\"\(xml(file)):\(l.line)\""
                if l.blocks {
                    let kind = l.outcome == .nodata ? "no data" : l.outcome == .error ? "error" : "failed"
                    out += ">\n      <failure message=\"\(xml(l.observed.isEmpty ? kind : l.observed))\" type=\"\(kind)\"/>\n    </testcase>\n"
                } else if l.level == .warn, l.outcome != .pass {
                    out += ">\n      <system-out>warning: \(xml(l.observed))</system-out>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>"
    }

    static func github(_ lines: [GateLine]) -> String {
        var out: [String] = []
        for l in lines where l.blocks || (l.level == .warn && l.outcome != .pass) {
            let kind = l.blocks ? "error" : "warning"
            let title = "\(l.policy): \(l.label)"
            out.append("::\(kind) file=\(ghProperty(l.file)),line=\(l.line),col=\(l.column),title=\(ghProperty(title))::\(ghData(l.observed.isEmpty ? l.label : l.observed))")
        }
        let failed = lines.filter(\.blocks).count
        out.append(failed == 0 ? "vigil check: all requirements passed" : "vigil check: \(failed) requirement\(failed == 1 ? "" : "s") failed")
        return out.joined(separator: "\n")
    }

    private static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// GitHub workflow-command escaping for messages.
    private static func ghData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// …and for properties, which also escape `:` and `,`.
    private static func ghProperty(_ s: String) -> String {
        ghData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

extension GateLine {
    /// A runtime verdict as the gate reports it. A `require` passes when its condition is
    /// true; a `warn` line describes the bad situation, so it is raised when its condition
    /// is true (or has no data) and quiet when false.
    init(result r: PolicyResult, file: String) {
        let loc = r.file.location(of: r.range.start)
        let level: Level = r.level == .require ? .require : .warn
        let outcome: Outcome
        switch (level, r.outcome) {
        case (_, .error): outcome = .error
        case (_, .nodata): outcome = .nodata
        case (.require, .pass), (.warn, .fail): outcome = .pass
        case (.require, .fail), (.warn, .pass): outcome = .fail
        }
        self.init(file: file, policy: r.policy, level: level, label: r.label, outcome: outcome,
                  observed: r.observed, line: loc.line, column: loc.column)
    }
}
