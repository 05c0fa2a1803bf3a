import Foundation
import VigilActions
import VigilCheck
import VigilRuntime
import VigilSeries

/// The one door every action of a runbook step goes through: guardrails, approval, then the
/// session's action recording path (`ActionLog`, keyed per runbook, step and action), then
/// — unless it is a dry run — what this build can do with it: `exec` runs an allowed
/// program; other actions are recorded, not delivered. The plan of a dry run, each tripped
/// guardrail and each answer go to the runbook timeline. Outside a runbook step, actions
/// behave as they do without runbooks.
enum RunbookActions {
    /// Wraps every action builtin registered in the session (the §12 actions and the engines' own).
    static func install(in session: VigilSession, _ desk: RunbookDesk) {
        let names = Engines.surface.builtins.filter { $0.category == .action && $0.hasEffect }.map(\.name)
        for name in Set(names) {
            guard let original = session.interpreter.builtin(named: name) else { continue }
            session.interpreter.register(VigilRuntime.Builtin(original.binding) { [unowned session, unowned desk] args, call in
                guard desk.running != nil else { return try original.invoke(args, call) }
                return try take(name, args, call, original, session, desk)
            })
        }
    }

    private static func take(_ name: String, _ args: [Value], _ call: BuiltinCall, _ original: VigilRuntime.Builtin,
                             _ session: VigilSession, _ desk: RunbookDesk) throws -> Value {
        guard let running = desk.running else { return .none }
        let given = args.filter { if case .none = $0 { return false } else { return true } }
        let shown = written(name, args, original)
        let target = self.target(name, args, original)
        let action = GuardedAction(name: name, receiver: target, cost: running.cost, time: desk.now)
        switch running.guardrails.check(action, history: desk.history) {
        case .refuse(let rule, let reason):
            desk.note(.guardrail, "guardrail tripped: `\(rule)`: \(reason); \(shown) not taken")
            return .none
        case .needsApproval(let rule):
            if desk.options.dryRun {
                desk.note(.guardrail, "needs approval (`\(rule)`) before \(shown)")
            } else {
                let answer = desk.options.answer("Approve \(shown)? (\(rule))")
                desk.note(.answer, "approve \(shown) (`\(rule)`)? \(answer.text)")
                guard answer.granted else {
                    desk.note(.guardrail, "guardrail: `\(rule)` not approved; \(shown) not taken")
                    return .none
                }
            }
        case .allow:
            break
        }
        desk.history.record(action)
        desk.actionCount += 1
        let key = "runbook \(running.name) step \(running.step) action \(desk.actionCount)"
        let result = try session.actionLog.running(rule: key, labels: Labels(), time: desk.now, trigger: .fired) {
            try original.invoke(args, call)
        }
        let on = target.map { " → \(name == "exec" ? "program" : "target") \($0)" } ?? ""
        if name == "exec" {
            try exec(given, shown: shown + on, call, desk)
        } else if desk.options.dryRun {
            desk.note(.action, "plan: \(shown)\(on)")
        } else {
            desk.note(.action, "action: \(shown)\(on): recorded, not delivered (delivery is not built yet)")
        }
        return result
    }

    /// The call as written, labels and all (`page("api-oncall", "spike", severity: P1)`); secrets masked.
    private static func written(_ name: String, _ args: [Value], _ builtin: VigilRuntime.Builtin) -> String {
        let named = Set(Engines.surface.lookup(name).flatMap(\.parameters).filter(\.namedOnly).map(\.name))
        let parts: [String] = builtin.variadic
            ? args.map(\.literal)
            : zip(builtin.parameters, args).compactMap { parameter, value in
                if case .none = value { return nil }
                return named.contains(parameter) ? "\(parameter): \(value.literal)" : value.literal
            }
        return "\(name)(" + parts.joined(separator: ", ") + ")"
    }

    /// The parameters that name what an action acts on, most specific first.
    static let targetParameters = ["receiver", "channel", "url", "target", "service", "canary", "incident"]

    /// What the action acts on, as written (secrets masked): its receiver, channel, URL,
    /// canary or service, or the program an `exec` runs.
    private static func target(_ name: String, _ args: [Value], _ builtin: VigilRuntime.Builtin) -> String? {
        if builtin.variadic { return args.first?.text }
        let bound = Dictionary(zip(builtin.parameters, args).filter { if case .none = $0.1 { return false } else { return true } },
                               uniquingKeysWith: { a, _ in a })
        return targetParameters.lazy.compactMap { bound[$0]?.text }.first
    }

    /// `exec(program, args…)`, arguments as separate strings or one list: runs only an
    /// allowed program, reveals secrets only into its argument vector, and masks them again in
    /// what it printed.
    private static func exec(_ args: [Value], shown: String, _ call: BuiltinCall, _ desk: RunbookDesk) throws {
        guard case .string(let program)? = args.first else {
            throw call.error("`exec` needs the program's name as a plain string, such as \"kubectl\"")
        }
        let vector = args.dropFirst().flatMap { v -> [Value] in if case .list(let items) = v { return items } else { return [v] } }
        let secrets = vector.flatMap { v -> [String] in
            if case .object(let s as SecretValue) = v { return s.secretParts } else { return [] }
        }
        let executable: String
        switch desk.options.allowedPrograms.executable(for: program) {
        case .success(let path): executable = path
        case .failure(let refusal):
            if desk.options.dryRun {
                desk.note(.action, "plan: \(shown) — would be refused: \(refusal.reason)")
                return
            }
            desk.note(.action, "refused: \(shown): \(refusal.reason)")
            throw call.error(refusal.reason, hint: "run it again with `--allow-exec \(program)`")
        }
        if desk.options.dryRun {
            desk.note(.action, "plan: \(shown) (\(executable))")
            return
        }
        let outcome: ProgramRunner.Outcome
        do {
            outcome = try ProgramRunner(timeout: desk.options.execTimeout).run(executable, vector.map(SecretValue.revealed))
        } catch {
            throw call.error("cannot start `\(program)` (\(executable)): \(error)")
        }
        desk.note(.action, "exec: \(shown): \(outcome.summary)")
        for line in lines(outcome.stdout, masking: secrets) { desk.note(.output, "  " + line) }
        for line in lines(outcome.stderr, masking: secrets) { desk.note(.output, "  stderr: " + line) }
        guard outcome.succeeded else {
            throw call.error("`\(program)` failed: \(outcome.summary)", hint: "its output is above; the runbook stops here")
        }
    }

    private static func lines(_ text: String, masking secrets: [String]) -> [String] {
        var text = text
        for secret in secrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: SecretValue.mask) }
        if text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? [] : text.components(separatedBy: "\n")
    }
}
