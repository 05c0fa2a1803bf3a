import Foundation
import VigilActions
import VigilCheck
import VigilLive
import VigilRuntime
import VigilSyntax

/// Where a canary's weights go when it runs on a live source, as its `traffic` setting
/// declares: HAProxy's runtime API (`set weight`, read back with `get weight`), or a
/// webhook to a router of one's own, or a program the command line allows with
/// `--allow-exec` (`traffic exec("kubectl", …)`, TrafficProgram.swift).
enum TrafficTarget: CustomStringConvertible {
    case haproxy(HAProxyRuntimeClient, backend: String, stable: String, candidate: String)
    case webhook(TrafficWebhookClient)
    case exec(TrafficProgram)

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
        SettingPattern("exec", [
            .positional("program", .string, example: "\"set-weights\""),
            .rest("args", .string, example: "\"$candidate\""),
            .labeled("read", .strings, example: "[\"get-weight\", \"checkout\"]"),
            .labeled("timeout", .duration, example: "30s"),
        ], example: "exec(\"set-weights\", \"checkout\", \"$candidate\", read: [\"get-weight\", \"checkout\"])"),
    ]

    /// Reads `traffic …` as written; the server names default to the canary's versions.
    /// `trust` is what an https webhook's certificate must chain to (`--ca-file`); `programs`
    /// are those `--allow-exec` allows, `execTimeout` the command line's `--exec-timeout`.
    /// `resolve`: an exec target's programs must be found on PATH (it will run them).
    init(_ e: Expr, plan: CanaryPlan, trust: TLSTrust, programs: AllowedPrograms, execTimeout: Double, resolve: Bool,
         evaluate: (Expr) throws -> Value) throws {
        func fail(_ message: String, _ range: SourceRange, hint: String? = nil) -> RuntimeError {
            RuntimeError(message, hint: hint, file: plan.file, range: range)
        }
        guard case .call(let callee, let args) = e.kind, case .name(let kind) = callee.kind,
              Self.patterns.contains(where: { $0.name == kind }) else {
            throw fail("`traffic` needs haproxy(…) or webhook(…) or exec(…)", e.range)
        }
        var positionals: [(Value, SourceRange)] = []
        var named: [String: (Value, SourceRange)] = [:]
        for arg in args {
            let value = try evaluate(arg.value)
            if let label = arg.label { named[label] = (value, arg.value.range) } else if Self.isText(value) {
                positionals.append((value, arg.value.range))
            } else {
                throw fail("`\(kind)` needs strings before its named arguments, found \(value.described)", arg.value.range)
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
        guard let (first, addressRange) = positionals.first else {
            throw fail("`\(kind)` needs its \(kind == "exec" ? "program" : "address") first", e.range)
        }
        if kind == "exec" {
            self = .exec(try Self.program(positionals, read: named["read"], timeout: timeout ?? execTimeout, programs: programs,
                                          resolve: resolve, whole: e.range, fail: { fail($0, $1, hint: $2) }))
            return
        }
        guard case .string(let address) = first else {
            throw fail("`\(kind)` needs its address as a plain string, not a secret", addressRange)
        }
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
        case .exec(let program): return "program \(program.set.program)"
        }
    }

    /// What to look at when the target does not answer before the canary.
    var preflightHint: String {
        switch self {
        case .exec: "the read-back command must exit 0 and print the candidate's weight, a whole number"
        default: "HAProxy needs `stats socket ipv4@HOST:PORT level admin` in its global section and both servers in the backend"
        }
    }

    /// A command's word: a string, or text holding a secret (`env("NAME")`, `"--token=" + env("NAME")`).
    private static func isText(_ value: Value) -> Bool {
        switch value {
        case .string, .object(is SecretValue): true
        default: false
        }
    }

    /// `exec("PROGRAM", args…, read: [PROGRAM, args…])`: both programs allowed by name (and
    /// found on PATH when they will run), and a placeholder in the arguments, or every change
    /// would send the same command. Arguments may hold secrets; the program's name may not.
    private static func program(_ positionals: [(Value, SourceRange)], read: (Value, SourceRange)?, timeout: Double,
                                programs: AllowedPrograms, resolve: Bool, whole: SourceRange,
                                fail: (String, SourceRange, String?) -> RuntimeError) throws -> TrafficProgram {
        func command(_ words: [(Value, SourceRange)]) throws -> TrafficProgram.Command {
            guard case (.string(let name), let range) = words[0] else {
                throw fail("`traffic exec` needs the program's name as a plain string, not a secret", words[0].1,
                           "put the secret in an argument: exec(\"kubectl\", \"--token=\" + env(\"KUBE_TOKEN\"), …)")
            }
            var executable: String?
            switch programs.executable(for: name) {
            case .success(let path): executable = path
            case .failure(let refusal):
                // Recorded data and simulated runs start no program: only the name must be allowed.
                let allowed = programs.programs[name] != nil
                if resolve || !allowed {
                    throw fail("`traffic exec`: \(refusal.reason)", range,
                               allowed ? "put it on the PATH vigil runs with" : "run it again with `--allow-exec \(name)`")
                }
            }
            let arguments = words.dropFirst().map { word -> SecretValue in
                if case .object(let secret as SecretValue) = word.0 { return secret }
                return SecretValue.plain(word.0.text)
            }
            return TrafficProgram.Command(program: name, executable: executable, arguments: arguments)
        }
        let set = try command(positionals)
        guard set.arguments.contains(where: { a in TrafficProgram.placeholders.contains { a.display.contains($0) } }) else {
            throw fail("`traffic exec` needs $candidate or $stable in its arguments: they are replaced by the weights",
                       whole, "e.g. exec(\"set-weights\", \"checkout\", \"$candidate\")")
        }
        var readBack: TrafficProgram.Command?
        if let (value, range) = read {
            guard case .list(let items) = value, !items.isEmpty else {
                throw fail("`read:` needs a list of strings such as [\"get-weight\", \"checkout\"]", range, nil)
            }
            let words = try items.map { item -> (Value, SourceRange) in
                guard isText(item) else { throw fail("`read:` needs strings, found \(item.described)", range, nil) }
                return (item, range)
            }
            readBack = try command(words)
        }
        return TrafficProgram(set: set, read: readBack, timeout: timeout)
    }
}
