import VigilEngines
import VigilRuntime
import VigilSeries

/// The canary's builtins: sticky bucketing and the operator actions (`pause`, `resume`,
/// `abort`, `kill_switch`, `set_weight`, and `rollback`/`promote` as the coordinator allows).
/// An action without a target acts on the canary whose hook or rule is running.
enum CanaryBuiltins {
    static func install(in session: VigilSession) {
        let interpreter = session.interpreter
        let canaries = session.canaries
        // Anywhere (LANGUAGE.md §6): the salt is `salt:`, else the canary named by `canary:` or
        // running this code, else none.
        interpreter.register(Builtin("bucket") { args, call in
            let key = try string(args[0], call, "the key of `bucket`")
            let salt: String?
            switch (args[1], args[2]) {
            case (.none, .none): salt = canaries.current?.plan.name
            case (.none, let canary): salt = try canaryName(canary, canaries, call, action: "bucket")
            case (let given, .none): salt = try string(given, call, "the salt of `bucket`")
            default: throw call.error("`bucket` takes `salt:` or `canary:`, not both", hint: "the canary's name is its salt")
            }
            return .number(Double(TrafficBucketing.bucket(key: key, salt: salt)))
        })
        interpreter.register(Builtin("routes_to_candidate") { args, call in
            let name = try canaryName(args[0], canaries, call, action: "routes_to_candidate")
            let key = try string(args[1], call, "the key of `routes_to_candidate`")
            // A canary that has not started sends nobody to the candidate.
            let weight = canaries.runs[name]?.coordinator.weight ?? 0
            return .bool(try TrafficBucketing.routesToCandidate(canary: name, key: key, weight: weight))
        })
        let simple: [(String, (CanaryRun) throws -> Void)] = [
            ("pause", { try $0.pause(reason: nil) }),
            ("resume", { try $0.resume() }),
            ("abort", { try $0.abort(reason: nil) }),
            ("kill_switch", { try $0.killSwitch() }),
            // An operator's rollback: traffic back to stable at once, as abort does.
            ("rollback", { try $0.abort(reason: "rolled back by an action") }),
        ]
        let log = session.actionLog
        for (name, act) in simple {
            let record = log.recorder(name)
            interpreter.register(Builtin(name) { args, call in
                // In a replayed or tested rule transition the action is recorded, not done.
                if log.isRecording, let record { return try record(args, call) }
                let run = try canaries.target(args[0], call, action: name)
                // Only `rollback` declares `to:`; the others have the target alone.
                if args.count > 1, case .string(let version) = args[1], version != run.plan.stable {
                    throw call.error("canary `\(run.plan.name)` can only roll back to its stable version \(run.plan.stable), not \(version)")
                }
                try engine(call) { try act(run) }
                return .none
            })
        }
        let recordPromote = log.recorder("promote"), recordSetWeight = log.recorder("set_weight")
        interpreter.register(Builtin("promote") { args, call in
            if log.isRecording, let recordPromote { return try recordPromote(args, call) }
            let run = try canaries.target(args[0], call, action: "promote")
            throw call.error("canary `\(run.plan.name)` promotes itself when a step's bake passes with healthy analysis",
                             hint: "use resume(), or set_weight(…) to move traffic by hand")
        })
        interpreter.register(Builtin("set_weight") { args, call in
            if log.isRecording, let recordSetWeight { return try recordSetWeight(args, call) }
            guard case .number(let weight, let unit) = args[0], unit.dimension == .number else {
                throw call.error("`set_weight` needs a percent such as 25%, found \(args[0].described)")
            }
            let run = try canaries.target(args[1], call, action: "set_weight")
            try engine(call) { try run.setWeight(weight) }
            return .none
        })
        interpreter.register(Builtin("mann_whitney") { _, call in
            throw call.error("`mann_whitney` judges a canary step and runs only as its judge",
                             hint: "write `judge mann_whitney(latency_p95, confidence: 98%)` inside the canary")
        })
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
