import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries

/// The canary's builtins, each declared next to its implementation: sticky bucketing, the
/// judge, and the operator actions (`pause`, `resume`, `abort`, `kill_switch`, `set_weight`,
/// and `rollback`/`promote` as the coordinator allows). An action without a target acts on
/// the canary whose hook or rule is running.
extension CanaryBinding {
    static let canaryBuiltins: [EngineBuiltin] = [
        // Anywhere (LANGUAGE.md §6): the salt is `salt:`, else the canary named by `canary:` or
        // running this code, else none.
        EngineBuiltin(builtin(
            "bucket", [param("key", .string), named("salt", .string), named("canary", .string, .canary)], .kind(.number),
            .canary, .canary,
            "A stable hash of key into 0..9999, so a user inside at 10% stays inside at 50%; salted with `salt:`, "
                + "or with the canary's name inside (or naming, `canary:`) a canary.",
            example: "bucket(\"user-42\", salt: \"new-checkout\")")) { session in
            let canaries = session.canaries
            return { args, call in
                let key = try string(args[0], call, "the key of `bucket`")
                let salt: String?
                switch (args[1], args[2]) {
                case (.none, .none): salt = canaries.current?.plan.name
                case (.none, let canary): salt = try canaryName(canary, canaries, call, action: "bucket")
                case (let given, .none): salt = try string(given, call, "the salt of `bucket`")
                default: throw call.error("`bucket` takes `salt:` or `canary:`, not both", hint: "the canary's name is its salt")
                }
                return .number(Double(TrafficBucketing.bucket(key: key, salt: salt)))
            }
        },
        EngineBuiltin(builtin(
            "routes_to_candidate", [param("canary", .string, .canary), param("key", .string)], .kind(.bool), .canary, .canary,
            "Whether the request keyed by `key` goes to the candidate at the current weight.",
            example: "routes_to_candidate(\"checkout\", \"user-42\")")) { session in
            let canaries = session.canaries
            return { args, call in
                let name = try canaryName(args[0], canaries, call, action: "routes_to_candidate")
                let key = try string(args[1], call, "the key of `routes_to_candidate`")
                // A canary that has not started sends nobody to the candidate.
                let weight = canaries.runs[name]?.coordinator.weight ?? 0
                return .bool(try TrafficBucketing.routesToCandidate(canary: name, key: key, weight: weight))
            }
        },
        EngineBuiltin(builtin(
            "mann_whitney", [param("s", .vector, .series), named("confidence", .number), named("tolerance", .number),
                             named("allowed_increase", .number)],
            .kind(.bool), .canary, .canary,
            "Mann-Whitney U judge: whether candidate and stable samples of the signal do not differ.",
            example: "mann_whitney(series(\"latency_seconds\"), confidence: 98%)")) { _ in
            { _, call in
                throw call.error("`mann_whitney` judges a canary step and runs only as its judge",
                                 hint: "write `judge mann_whitney(latency_p95, confidence: 98%)` inside the canary")
            }
        },
        action(builtin("rollback", [optional("target", .string, .canary, .service), named("to", .string)], .kind(.none),
                       .action, .canary, "Rolls the canary or service back (to a version if given).", effect: true,
                       example: "rollback(\"checkout\", to: \"v41\")"),
               // An operator's rollback: traffic back to stable at once, as abort does.
               { try $0.abort(reason: "rolled back by an action") }),
        EngineBuiltin(targetAction("promote", "Moves the canary to its next step, or to 100%.")) { session in
            let canaries = session.canaries, record = session.actionLog.recorder("promote")
            return { args, call in
                if session.actionLog.isRecording, let record { return try record(args, call) }
                let run = try canaries.target(args[0], call, action: "promote")
                throw call.error("canary `\(run.plan.name)` promotes itself when a step's bake passes with healthy analysis",
                                 hint: "use resume(), or set_weight(…) to move traffic by hand")
            }
        },
        action(targetAction("pause", "Holds the rollout at its current weight."), { try $0.pause(reason: nil) }),
        action(targetAction("resume", "Continues a paused rollout."), { try $0.resume() }),
        action(targetAction("abort", "Stops the rollout and sends all traffic to stable."), { try $0.abort(reason: nil) }),
        action(targetAction("kill_switch", "Sets traffic to 0% and turns every stage off at once."), { try $0.killSwitch() }),
        EngineBuiltin(builtin("set_weight", [param("weight", .number), named("target", .string, .canary)], .kind(.none),
                              .action, .canary, "Sends that share of traffic to the candidate.", effect: true,
                              example: "set_weight(25%, target: \"checkout\")")) { session in
            let canaries = session.canaries, log = session.actionLog, record = log.recorder("set_weight")
            return { args, call in
                if log.isRecording, let record { return try record(args, call) }
                guard case .number(let weight, let unit) = args[0], unit.dimension == .number else {
                    throw call.error("`set_weight` needs a percent such as 25%, found \(args[0].described)")
                }
                let run = try canaries.target(args[1], call, action: "set_weight")
                try engine(call) { try run.setWeight(weight) }
                return .none
            }
        },
    ]

    /// An operator action on one canary, `pause("checkout")`: the target alone.
    static func targetAction(_ name: String, _ doc: String) -> VigilCheck.Builtin {
        builtin(name, [optional("target", .string, .canary, .service)], .kind(.none), .action, .canary, doc, effect: true,
                example: "\(name)(\"checkout\")")
    }

    /// An action that acts on the target canary, or, in a replayed or tested rule transition,
    /// is recorded instead.
    static func action(_ declaration: VigilCheck.Builtin, _ act: @escaping (CanaryRun) throws -> Void) -> EngineBuiltin {
        let name = declaration.name
        return EngineBuiltin(declaration) { session in
            let canaries = session.canaries, log = session.actionLog, record = log.recorder(name)
            return { args, call in
                if log.isRecording, let record { return try record(args, call) }
                let run = try canaries.target(args[0], call, action: name)
                // Only `rollback` declares `to:`; the others have the target alone.
                if args.count > 1, case .string(let version) = args[1], version != run.plan.stable {
                    throw call.error("canary `\(run.plan.name)` can only roll back to its stable version \(run.plan.stable), not \(version)")
                }
                try engine(call) { try act(run) }
                return .none
            }
        }
    }

    static func string(_ v: Value, _ call: BuiltinCall, _ what: String) throws -> String {
        guard case .string(let s) = v else { throw call.error("\(what) must be a string, found \(v.described)") }
        return s
    }

    /// A canary named by a string or a canary value; absent, the running one or the only one declared.
    static func canaryName(_ v: Value, _ canaries: CanaryRegistry, _ call: BuiltinCall, action: String) throws -> String {
        switch v {
        case .string(let s): return s
        case .object(let run as CanaryRun): return run.plan.name
        case .none:
            if let current = canaries.current { return current.plan.name }
            let names = canaries.declared.compactMap(\.decl.name)
            if names.count == 1 { return names[0] }
            throw call.error("`\(action)` needs the canary's name when \(names.isEmpty ? "no canary is declared" : "several are")",
                             hint: "write \(action)(\"key\", canary: \"checkout\")")
        default: throw call.error("expected a canary name such as \"checkout\", found \(v.described)")
        }
    }

    /// Engine errors (pausing a finished canary…) become errors at the call.
    static func engine(_ call: BuiltinCall, _ body: () throws -> Void) throws {
        do { try body() } catch let e as CanaryError { throw call.error(e.message) }
    }
}
