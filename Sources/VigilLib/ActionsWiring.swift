import Foundation
import VigilActions
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// Builds the actions layer's values from the language's: an `Action` from a rule's call,
/// the delivery targets from a script's `receiver` declarations.
public enum ActionsWiring {
    /// The layer replays and tests use: journaled in a private in-memory SQLite, planned.
    static func plannedInMemory() throws -> ActionsLayer {
        ActionsLayer(store: try VigilDatabase.inMemory().journal, mode: .planned, run: "memory", poster: nil)
    }

    /// The action a rule's call (`page("checkout-oncall", "fast burn", severity: P1)`) stands for.
    static func action(_ name: String, _ arguments: [ActionArgument], values: [Value], context: ActionLog.Context) -> Action {
        let byParameter = Dictionary(zip(arguments, values).compactMap { a, v in a.parameter.map { ($0, v) } },
                                     uniquingKeysWith: { first, _ in first })
        // As Prometheus: the rule's labels override the series', `alertname` is the rule's name;
        // what the call itself says (`severity: P1`, a summary) is the most specific of all.
        var labels = context.labels.withoutMetricName.dictionary
        if let service = context.service, labels["service"] == nil { labels["service"] = service }
        var annotations: [String: String] = [:]
        if let runbook = labels.removeValue(forKey: "runbook_url") { annotations["runbook_url"] = runbook }
        labels.merge(context.decoration.labels) { _, rule in rule }
        annotations.merge(context.decoration.annotations) { _, rule in rule }
        labels["alertname"] = context.rule
        if let severity = byParameter["severity"] { labels["severity"] = text(severity) }
        annotations["source"] = context.file
        if !context.observed.isEmpty { annotations["observed"] = context.observed }
        if let summary = byParameter["summary"] ?? byParameter["message"] { annotations["summary"] = text(summary) }
        let origin = context.origin ?? Action.Origin(kind: .rule, name: context.rule, trigger: context.trigger.rawValue)
        let call = "\(name)(\(arguments.map { $0.isLabeled ? "\($0.parameter ?? ""): \($0.text)" : $0.text }.joined(separator: ", ")))"
        let body = name == "webhook" ? byParameter["body"].map(json) : nil
        return Action(kind: name, target: values.first.map(text) ?? "", call: call, labelSet: context.labels.fingerprint,
                      labels: labels, annotations: annotations, observed: context.observed, origin: origin,
                      time: context.time, body: body,
                      key: context.keyPrefix.map { IdempotencyKey(text: "\($0)|\(context.position)") }
                          ?? IdempotencyKey(origin: origin, labels: context.labels, time: context.time, position: context.position),
                      heldBy: context.heldBy)
    }

    /// The delivery target of every `receiver` the program (and its imports) declares.
    public static func receivers(of interpreter: Interpreter) throws -> [String: DeliveryTarget] {
        var targets: [String: DeliveryTarget] = [:]
        for (decl, file) in interpreter.receivers {
            guard case .call(let callee, let arguments) = decl.target.kind, case .name(let kind) = callee.kind,
                  kind == "alertmanager" || kind == "webhook", let first = arguments.first else {
                throw RuntimeError("receiver \"\(decl.name)\" needs alertmanager(URL) or webhook(URL) as its target",
                                   hint: "receiver \"\(decl.name)\" alertmanager(\"http://127.0.0.1:9093\")",
                                   file: file, range: decl.target.range)
            }
            guard case .string(let url) = try interpreter.evaluate(expression: first.value, in: file),
                  url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw RuntimeError("receiver \"\(decl.name)\": the URL must be a string starting with http:// or https://",
                                   hint: "e.g. \"http://127.0.0.1:9093\"", file: file, range: first.value.range)
            }
            targets[decl.name] = kind == "alertmanager" ? .alertmanager(url: url) : .webhook(url: url)
        }
        return targets
    }

    private static func text(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return value.literal
    }

    /// A value as JSON text: records become objects, lists arrays, quantities numbers.
    static func json(_ value: Value) -> String {
        let object = jsonObject(value)
        guard JSONSerialization.isValidJSONObject([object]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func jsonObject(_ value: Value) -> Any {
        switch value {
        case .number(let v, _): return v.isFinite ? v : value.literal
        case .bool(let b): return b
        case .string(let s): return s
        case .list(let items): return items.map(jsonObject)
        case .record(let r): return Dictionary(zip(r.shape.keys, r.values.map(jsonObject)), uniquingKeysWith: { _, last in last })
        case .none, .nodata: return NSNull()
        case .function, .object: return value.literal
        }
    }
}
