import Foundation
import VigilActions
import VigilCheck
import VigilRuntime
import VigilSeries

/// The one door every action of a runbook step goes through: guardrails, approval, then the
/// actions layer through the session's `ActionLog` (journaled with the step as origin, keyed
/// per runbook run and action), then — unless it is a dry run, which journals it as planned
/// — delivered: in `vigil run` at once, to the receiver the script declares; `exec` runs
/// an allowed program. The plan of a dry run, each tripped guardrail and each answer go to
/// the runbook timeline and the journal. Outside a runbook step, actions
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
        let on = target.map { " → \(name == "exec" ? "program" : "target") \($0)" } ?? ""
        if name == "exec", try allowedExecutable(given, shown: shown + on, call, desk) == nil { return .none }
        desk.history.record(action)
        desk.actionCount += 1
        let layer = try session.actionLog.layer()
        layer.programTimeout = Milliseconds((desk.options.execTimeout * 1000).rounded(.up))
        let before = session.actionLog.actions.count
        let key = "step:\(running.name)|\(layer.run)|action \(desk.actionCount)"
        let result = try session.actionLog.runningStep(runbook: running.name, step: desk.position, key: key, time: desk.now,
                                                       service: running.service, file: running.file,
                                                       decoration: running.decoration, trigger: running.trigger) {
            try original.invoke(args, call)
        }
        let keys = session.actionLog.actions[before...].map { IdempotencyKey(text: $0.idempotencyKey) }
        if name == "exec" {
            try exec(given, shown: shown + on, call, desk, journaled: keys.first, layer)
            return result
        }
        let taken = session.actionLog.actions[before...]
        // A page the on-call already has (or a silence mutes) is not sent again: say why.
        if let muted = taken.compactMap(\.notification).first(where: { !$0.isDelivered }) {
            desk.note(.action, "\(desk.options.dryRun ? "plan" : "action"): \(shown)\(on): not sent — \(muted.reason)")
            return result
        }
        if desk.options.dryRun {
            // The plan names where each action would go: the receiver's declared target.
            let destinations = try keys.compactMap { try layer.store.record($0)?.destination }.filter { $0 != "in process" }
            desk.note(.action, "plan: \(shown)\(on)" + destinations.map { " (\($0))" }.joined())
        } else {
            try deliver(keys, shown: shown + on, call, desk)
        }
        return result
    }

    /// Delivers a step's journaled action now (a `vigil run`), or leaves it to the loop that
    /// delivers (`vigil watch`), and says which on the timeline.
    private static func deliver(_ keys: [IdempotencyKey], shown: String, _ call: BuiltinCall, _ desk: RunbookDesk) throws {
        guard let journal = desk.journal else {
            let layer = try desk.actionLog.layer()
            desk.note(.action, "action: \(shown): " + (layer.mode == .planned ? "journaled as planned, not delivered (no delivering journal in this session)"
                                                          : "journaled; delivered by the loop that runs this runbook"))
            return
        }
        let records: [JournalRecord]
        do { records = try journal.deliverNow(keys) } catch {
            throw call.error("`\(shown)` is journaled but its delivery failed: \(error)",
                             hint: "it stays pending in the journal; `vigil journal` shows it")
        }
        for record in records {
            switch record.state {
            case .delivered where record.attempts > 0:
                if record.destination.hasPrefix("alertmanager("), record.action.holdingRule == nil { desk.raised.append(record.action) }
                desk.note(.action, "action: \(shown): delivered to \(record.destination)"
                          + (record.attempts > 1 ? " after \(record.attempts) attempts" : ""))
            case .delivered, .planned:
                // Nothing outside Vigil receives it (a rollback with no canary, an annotation).
                desk.note(.action, "action: \(shown): journaled (no delivery target outside vigil)")
            case .withdrawn:
                // Its alert resolved while it waited for its group's flush: nothing is owed.
                desk.note(.action, "action: \(shown): withdrawn, its alert resolved before its group's flush")
            case .deadLetter, .pending:
                let why = record.error ?? "not delivered"
                desk.note(.action, "action: \(shown): NOT delivered (\(record.destination)): \(why)")
                desk.undelivered.append("\(shown): \(why)")
            }
        }
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
    /// Journal first (the entry is pending), then run, then record the outcome on that entry.
    private static func exec(_ args: [Value], shown: String, _ call: BuiltinCall, _ desk: RunbookDesk,
                             journaled key: IdempotencyKey?, _ layer: ActionsLayer) throws {
        guard case .string(let program)? = args.first else {
            throw call.error("`exec` needs the program's name as a plain string, such as \"kubectl\"")
        }
        let vector = args.dropFirst().flatMap { v -> [Value] in if case .list(let items) = v { return items } else { return [v] } }
        let secrets = vector.flatMap { v -> [String] in
            if case .object(let s as SecretValue) = v { return s.secretParts } else { return [] }
        }
        guard let executable = try allowedExecutable(args, shown: shown, call, desk) else { return }
        if desk.options.dryRun {
            desk.note(.action, "plan: \(shown) (\(executable))")
            return
        }
        let outcome: ProgramRunner.Outcome
        do {
            outcome = try ProgramRunner(timeout: desk.options.execTimeout).run(executable, vector.map(SecretValue.revealed))
        } catch {
            if let key { try layer.recordOutcome(key, succeeded: false, summary: "not started: \(error)", output: "", at: desk.now) }
            throw call.error("cannot start `\(program)` (\(executable)): \(error)")
        }
        // The outcome and the output go on the exec's own entry and, line by line, into the
        // step's output on the timeline; secrets masked in both.
        let stdout = lines(outcome.stdout, masking: secrets), stderr = lines(outcome.stderr, masking: secrets)
        if let key {
            let output = (stdout + stderr.map { "stderr: " + $0 }).joined(separator: "\n")
            try layer.recordOutcome(key, succeeded: outcome.succeeded, summary: outcome.summary,
                                    output: String(output.prefix(Self.outcomeLimit)), at: desk.now)
        }
        desk.note(.output, "exec: \(shown): \(outcome.summary)")
        for line in stdout { desk.note(.output, "  " + line) }
        for line in stderr { desk.note(.output, "  stderr: " + line) }
        guard outcome.succeeded else {
            throw call.error("`\(program)` failed: \(outcome.summary)", hint: "its output is above; the runbook stops here")
        }
    }

    /// The program an `exec` may run, or nil (a dry run's plan says it would be refused);
    /// a refusal is journaled with why and ends the step. Checked before the action is
    /// journaled, so a refused program never reads as taken.
    private static func allowedExecutable(_ args: [Value], shown: String, _ call: BuiltinCall, _ desk: RunbookDesk) throws -> String? {
        guard case .string(let program)? = args.first else {
            throw call.error("`exec` needs the program's name as a plain string, such as \"kubectl\"")
        }
        switch desk.options.allowedPrograms.executable(for: program) {
        case .success(let path): return path
        case .failure(let refusal):
            if desk.options.dryRun {
                desk.note(.action, "plan: \(shown) — would be refused: \(refusal.reason)")
                return nil
            }
            desk.note(.guardrail, "refused: \(shown): \(refusal.reason)")
            throw call.error(refusal.reason, hint: "run it again with `--allow-exec \(program)`")
        }
    }

    /// The output kept on an exec's journal entry, in characters: the timeline has all of it.
    static let outcomeLimit = 16_384

    private static func lines(_ text: String, masking secrets: [String]) -> [String] {
        var text = SecretValue.masking(secrets, in: text)
        if text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? [] : text.components(separatedBy: "\n")
    }
}
