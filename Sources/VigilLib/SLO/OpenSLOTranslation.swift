import VigilSyntax
import Yams

/// One OpenSLO v1 SLO as Vigil source: an `slo` block, and a rule per burn-rate alert
/// condition of its alert policies.
struct OpenSLOTranslation {
    let reader: OpenSLODocuments
    let slo: Node

    func source() throws -> String {
        let spec = try reader.require(slo, "spec", "the SLO's specification")
        let rawName = try string(try reader.require(try reader.require(slo, "metadata", "the SLO's name"), "name", "the SLO's name"))
        let name = Self.identifier(rawName)
        if let method = spec["budgetingMethod"], let text = method.string, text != "Occurrences" {
            throw reader.fail("budgetingMethod `\(text)` is not supported: Vigil budgets Occurrences (good events over all events)", method)
        }
        var lines = ["slo \(name) {"]
        if let service = spec["service"]?.string { lines.append("  service \(Self.identifier(service))") }
        let objective = try objectiveAndThreshold(spec)
        lines.append("  objective \(Self.percent(objective.target))")
        lines.append("  window \(try window(spec))")
        lines += try indicator(spec, threshold: objective.threshold).map { "  " + $0 }
        lines.append("}")
        var out = lines.joined(separator: "\n") + "\n"
        for (label, condition) in try alertConditions(spec) {
            out += "\n" + (try rule(slo: name, label: label, condition))
        }
        return out
    }

    private func string(_ node: Node) throws -> String {
        guard let text = node.string else { throw reader.fail("expected a string here", node) }
        return text
    }

    /// `objectives`: exactly one, with `target` (0–1) or `targetPercent`; for a threshold
    /// metric also `op: lte|lt` and `value`.
    private func objectiveAndThreshold(_ spec: Node) throws -> (target: Double, threshold: (op: String, value: Double, node: Node)?) {
        let objectives = try reader.require(spec, "objectives", "one objective with a target")
        guard let list = objectives.sequence, list.count == 1, let objective = list.first else {
            throw reader.fail("Vigil takes exactly one objective per SLO (composite SLOs are not supported)", objectives)
        }
        for key in ["timeSliceTarget", "timeSliceWindow", "compositeWeight"] where objective[key] != nil {
            throw reader.fail("`\(key)` is not supported: it belongs to Timeslices or composite SLOs", objective[key]!)
        }
        let target: Double
        if let node = objective["target"] {
            guard let value = node.float, value > 0, value < 1 else { throw reader.fail("`target` must be a number between 0 and 1, such as 0.999", node) }
            target = value
        } else if let node = objective["targetPercent"] {
            guard let value = node.float, value > 0, value < 100 else { throw reader.fail("`targetPercent` must be between 0 and 100, such as 99.9", node) }
            target = value / 100
        } else {
            throw reader.fail("an objective needs `target` (0–1) or `targetPercent`", objective)
        }
        var threshold: (String, Double, Node)?
        if let op = objective["op"] {
            guard let value = objective["value"], let number = value.float else { throw reader.fail("`op` needs a numeric `value`", op) }
            threshold = (try string(op), number, value)
        }
        return (target, threshold)
    }

    /// `timeWindow`: one rolling duration.
    private func window(_ spec: Node) throws -> String {
        let windows = try reader.require(spec, "timeWindow", "a rolling window such as [{duration: 28d, isRolling: true}]")
        guard let list = windows.sequence, list.count == 1, let window = list.first else {
            throw reader.fail("`timeWindow` must be a list with exactly one window", windows)
        }
        if let calendar = window["calendar"] { throw reader.fail("calendar windows are not supported: Vigil's SLO window is rolling", calendar) }
        if let rolling = window["isRolling"], rolling.bool == false { throw reader.fail("only rolling windows (`isRolling: true`) are supported", rolling) }
        let duration = try reader.require(window, "duration", "the window's length, such as 28d")
        let text = try string(duration)
        guard let unit = text.last, "mhdw".contains(unit), let count = Int(text.dropLast()), count > 0 else {
            throw reader.fail("window duration `\(text)` is not supported: use minutes, hours, days or weeks (m, h, d, w)", duration,
                              hint: "M, Q and Y are calendar lengths; a rolling window has a fixed length such as 30d")
        }
        return text
    }

    /// The SLI (inline `indicator` or `indicatorRef`), as `good`/`bad` and `total`, or `latency … below`.
    private func indicator(_ spec: Node, threshold: (op: String, value: Double, node: Node)?) throws -> [String] {
        var sli: Node
        if let inline = spec["indicator"] {
            sli = inline
        } else if let ref = spec["indicatorRef"] {
            sli = try reader.named("SLI", try string(ref), at: ref)
        } else {
            throw reader.fail("an SLO needs `indicator` or `indicatorRef`", spec)
        }
        let sliSpec = try reader.require(sli, "spec", "the SLI's ratioMetric or thresholdMetric")
        if let ratio = sliSpec["ratioMetric"] {
            if let raw = ratio["raw"] { throw reader.fail("`raw` ratio metrics are not supported: give `good` or `bad` and `total`", raw) }
            let total = try reader.require(ratio, "total", "the query counting every event")
            if let good = ratio["good"] {
                return ["good = \(try series(good))", "total = \(try series(total))"]
            }
            let bad = try reader.require(ratio, "bad", "`good` or `bad`: the query counting good or bad events")
            return ["bad = \(try series(bad))", "total = \(try series(total))"]
        }
        guard let metric = sliSpec["thresholdMetric"] else {
            throw reader.fail("an SLI needs `ratioMetric` or `thresholdMetric`", sliSpec)
        }
        guard let threshold else {
            throw reader.fail("a thresholdMetric SLO needs `op: lte` and `value` (seconds) in its objective", metric)
        }
        guard ["lte", "lt"].contains(threshold.op) else {
            throw reader.fail("`op: \(threshold.op)` is not supported for latency: Vigil counts requests at or below the threshold (`lte`)", threshold.node)
        }
        let selector = try series(metric, histogram: true)
        return ["latency \(selector) below \(Self.milliseconds(threshold.value))"]
    }

    /// A `metricSource` of type Prometheus whose query names one selector, as `series(…)`.
    private func series(_ source: Node, histogram: Bool = false) throws -> String {
        let metric = try reader.require(source, "metricSource", "a Prometheus query")
        if let type = metric["type"], let text = type.string, text.lowercased() != "prometheus" {
            throw reader.fail("metric source type `\(text)` is not supported: Vigil reads Prometheus queries", type)
        }
        let spec = try reader.require(metric, "spec", "`query: …`")
        let query = try reader.require(spec, "query", "the PromQL query")
        do {
            var selector = try PromQLSelector(try string(query))
            if histogram { selector.dropHistogramSuffix() }
            return selector.vigil
        } catch let error as PromQLSelector.Failure {
            throw reader.fail("\(error.message) in `\(query.string ?? "")`", query)
        }
    }

    /// The burn-rate conditions of the SLO's alert policies, each with the policy's name.
    private func alertConditions(_ spec: Node) throws -> [(String, Node)] {
        var out: [(String, Node)] = []
        for entry in spec["alertPolicies"]?.sequence ?? [] {
            let policy = try entry["alertPolicyRef"].map { try reader.named("AlertPolicy", try string($0), at: $0) } ?? entry
            let policyName = policy["metadata"]?["name"]?.string ?? "alert"
            let policySpec = try reader.require(policy, "spec", "the policy's conditions")
            for item in policySpec["conditions"]?.sequence ?? [] {
                let condition = try item["conditionRef"].map { try reader.named("AlertCondition", try string($0), at: $0) } ?? item
                out.append((condition["metadata"]?["name"]?.string ?? policyName, condition))
            }
        }
        return out
    }

    /// `condition: {kind: burnrate, op: gt, threshold: 14.4, lookbackWindow: 1h, alertAfter: 5m}` as a rule.
    private func rule(slo: String, label: String, _ condition: Node) throws -> String {
        let spec = try reader.require(condition, "spec", "the condition's severity and burn rate")
        let body = try reader.require(spec, "condition", "`kind: burnrate`, `op`, `threshold`, `lookbackWindow`")
        let kind = try reader.require(body, "kind", "burnrate")
        guard kind.string == "burnrate" else { throw reader.fail("alert condition kind `\(kind.string ?? "")` is not supported: Vigil reads `burnrate`", kind) }
        let opNode = try reader.require(body, "op", "lt, lte, gt or gte")
        let ops = ["gt": ">", "gte": ">=", "lt": "<", "lte": "<="]
        guard let op = ops[try string(opNode)] else { throw reader.fail("unknown op `\(opNode.string ?? "")`, expected lt, lte, gt or gte", opNode) }
        let thresholdNode = try reader.require(body, "threshold", "the burn rate, such as 14.4")
        guard let threshold = thresholdNode.float else { throw reader.fail("`threshold` must be a number", thresholdNode) }
        let lookback = try string(try reader.require(body, "lookbackWindow", "the window of the burn rate, such as 1h"))
        var lines = ["rule \"\(slo) \(label)\" {", "  every 30s",
                     "  when burn_rate(\(slo), \(lookback)) \(op) \(SLOPrometheusExport.number(threshold))x"]
        if let after = body["alertAfter"] { lines.append("  for \(try string(after))") }
        if let severity = spec["severity"]?.string { lines.append("  summary \"\(severity): \(slo) burn rate \(op) \(SLOPrometheusExport.number(threshold))x over \(lookback)\"") }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `web-shop` → `web_shop`: an OpenSLO name (RFC 1123) as a Vigil identifier.
    static func identifier(_ name: String) -> String {
        let mapped = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        return mapped.first?.isNumber == true ? "_" + mapped : mapped
    }

    static func percent(_ fraction: Double) -> String { SLOPrometheusExport.number((fraction * 100 * 1e9).rounded() / 1e9) + "%" }

    static func milliseconds(_ seconds: Double) -> String {
        let ms = (seconds * 1000 * 1e6).rounded() / 1e6
        return ms >= 1000 && ms.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(ms / 1000))s" : SLOPrometheusExport.number(ms) + "ms"
    }
}
