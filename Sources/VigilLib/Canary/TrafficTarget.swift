import Foundation
import VigilCheck
import VigilLive
import VigilRuntime
import VigilSyntax

/// Where a canary's weights go when it runs on a live source, as its `traffic` setting
/// declares: HAProxy's runtime API (`set weight`, read back with `get weight`), or a
/// webhook to a router of one's own. `traffic exec(…)` waits for `--allow-exec`.
enum TrafficTarget: CustomStringConvertible {
    case haproxy(HAProxyRuntimeClient, backend: String, stable: String, candidate: String)
    case webhook(TrafficWebhookClient)

    /// The shapes the checker accepts after `traffic` (declared in `CanaryBinding.block`).
    static let patterns: [SettingPattern] = [
        SettingPattern("haproxy", [
            .positional("address", .string, example: "\"127.0.0.1:9999\""),
            .labeled("backend", .string, required: true, example: "\"checkout\""),
            .labeled("stable", .string, example: "\"v1\""),
            .labeled("candidate", .string, example: "\"v2\""),
            .labeled("timeout", .duration, example: "5s"),
        ], example: "haproxy(\"127.0.0.1:9999\", backend: \"checkout\", stable: \"v1\", candidate: \"v2\")"),
        SettingPattern("webhook", [
            .positional("url", .string, example: "\"https://router.example.com/weights\""),
            .labeled("timeout", .duration, example: "10s"),
        ], example: "webhook(\"https://router.example.com/weights\")"),
    ]

    /// Reads `traffic …` as written; the server names default to the canary's versions.
    /// `trust` is what an https webhook's certificate must chain to (`--ca-file`).
    init(_ e: Expr, plan: CanaryPlan, trust: TLSTrust, evaluate: (Expr) throws -> Value) throws {
        func fail(_ message: String, _ range: SourceRange, hint: String? = nil) -> RuntimeError {
            RuntimeError(message, hint: hint, file: plan.file, range: range)
        }
        guard case .call(let callee, let args) = e.kind, case .name(let kind) = callee.kind,
              Self.patterns.contains(where: { $0.name == kind }) else {
            throw fail("`traffic` needs haproxy(…) or webhook(…)", e.range)
        }
        var positional: (String, SourceRange)?
        var named: [String: (Value, SourceRange)] = [:]
        for arg in args {
            let value = try evaluate(arg.value)
            if let label = arg.label { named[label] = (value, arg.value.range) } else if case .string(let s) = value {
                positional = (s, arg.value.range)
            } else {
                throw fail("`\(kind)` needs a string first, found \(value.described)", arg.value.range)
            }
        }
        func string(_ label: String, default fallback: String? = nil) throws -> String {
            guard let (value, range) = named[label] else {
                if let fallback { return fallback }
                throw fail("`\(kind)` needs `\(label):`", e.range)
            }
            guard case .string(let s) = value, !s.isEmpty else { throw fail("`\(label):` needs a non-empty string", range) }
            return s
        }
        var timeout: TimeInterval?
        if let (value, range) = named["timeout"] {
            guard case .number(let seconds, let unit) = value, unit.dimension == .duration, seconds > 0, seconds.isFinite else {
                throw fail("`timeout:` needs a positive duration such as 5s", range)
            }
            timeout = seconds
        }
        guard let (address, addressRange) = positional else { throw fail("`\(kind)` needs its address first", e.range) }
        do {
            switch kind {
            case "haproxy":
                let client = try HAProxyRuntimeClient(address: address, timeout: timeout ?? 5)
                let (stable, candidate) = (try string("stable", default: plan.stable), try string("candidate", default: plan.candidate))
                if stable == candidate { throw fail("`stable:` and `candidate:` are both \"\(stable)\"; they name two servers", e.range) }
                self = .haproxy(client, backend: try string("backend"), stable: stable, candidate: candidate)
            default:
                self = .webhook(try TrafficWebhookClient(url: address, timeout: timeout ?? 10, trust: trust))
            }
        } catch let error as LiveError {
            throw fail("`traffic \(kind)`: \(error)", addressRange)
        }
    }

    /// What the timeline and the journal name: `HAProxy 127.0.0.1:9999 backend checkout`.
    var description: String {
        switch self {
        case let .haproxy(client, backend, _, _): return "HAProxy \(client.address) backend \(backend)"
        case .webhook(let client): return "webhook \(client.shownURL)"
        }
    }
}
