import VigilEngines
import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// One `when … for … then …` rule of a canary, compiled in the canary's environment with
/// its own state machine (one state per label set, nodata holding, as VigilRules has it).
/// A rule whose actions include `rollback` is a rollback rule: the coordinator rolls back
/// when it fires. Its other actions, and every action of other rules, run once on firing.
final class CanaryRule {
    let decl: RuleDecl
    let name: String
    let condition: CompiledExpression
    let isRollback: Bool
    /// The actions to run when the rule starts firing, `rollback` excluded.
    let actions: [CompiledExpression]
    /// The service signals the condition names, whose values a rollback event records.
    let signals: [String]
    private var machine: RuleStateMachine
    /// The canary's file, where a bad condition value is reported.
    private let file: SourceFile
    private(set) var state: RuleState = .inactive

    init(_ decl: RuleDecl, plan: CanaryPlan, signalNames: [String], compile: (Expr) throws -> CompiledExpression,
         constant: (Expr) throws -> Value) throws {
        self.decl = decl
        file = plan.file
        name = plan.ruleName(decl)
        condition = try compile(decl.condition)
        var rollback = false, actions: [CompiledExpression] = []
        for action in decl.actions {
            if CanaryRule.actionName(action) == "rollback" { rollback = true; continue }
            actions.append(try compile(CanaryRule.asCall(action)))
        }
        isRollback = rollback
        self.actions = actions
        signals = signalNames.filter { CanaryRule.mentions(decl.condition, $0) }
        machine = RuleStateMachine(for: try CanaryRule.duration(decl.forDuration, plan, constant),
                                   keepFiringFor: try CanaryRule.duration(decl.keepFiringFor, plan, constant))
    }

    /// Evaluates the condition as the running evaluation (the caller passes time and
    /// narrowing to `Interpreter.evaluating`) and steps the state
    /// machine; returns the rule's state across its label sets, as any rule's
    /// (`RuleEvaluation.state`), and whether it started firing at this evaluation.
    func evaluate(at time: Timestamp, _ interpreter: Interpreter) throws -> (state: RuleState, startedFiring: Bool) {
        let conditions = try RuleRunner.conditions(try interpreter.evaluate(condition, at: interpreter.evaluation), file: file, range: decl.condition.range,
                                                   tracked: machine)
        let result = machine.evaluate(at: time, each: conditions)
        state = result.state
        return (state, result.transitions.contains { $0.to == .firing })
    }

    /// `rollback` for `rollback` and `rollback()`.
    static func actionName(_ e: Expr) -> String? {
        switch e.kind {
        case .name(let n): return n
        case .call(let callee, let args) where args.isEmpty: if case .name(let n) = callee.kind { return n }; return nil
        default: return nil
        }
    }

    /// A bare action name after `then` calls it on the enclosing canary: `pause` is `pause()`.
    static func asCall(_ e: Expr) -> Expr {
        if case .name = e.kind { return Expr(.call(e, []), e.range) }
        return e
    }

    /// Whether `e` reads the bare name `name` anywhere.
    static func mentions(_ e: Expr, _ name: String) -> Bool {
        switch e.kind {
        case .name(let n): return n == name
        case .unary(_, let a): return mentions(a, name)
        case .binary(_, let a, let b): return mentions(a, name) || mentions(b, name)
        case .call(let c, let args): return mentions(c, name) || args.contains { mentions($0.value, name) }
        case .member(let a, _, _): return mentions(a, name)
        case .index(let a, let b): return mentions(a, name) || mentions(b, name)
        case .list(let items): return items.contains { mentions($0, name) }
        default: return false
        }
    }

    private static func duration(_ e: Expr?, _ plan: CanaryPlan, _ constant: (Expr) throws -> Value) throws -> Milliseconds {
        guard let e else { return 0 }
        guard case .number(let v, let unit) = try constant(e), unit.dimension == .duration, v >= 0 else {
            throw RuntimeError("`for` needs a duration such as 5m", file: plan.file, range: e.range)
        }
        return try TimeSpanCheck.milliseconds(v, file: plan.file, range: e.range)
    }
}
