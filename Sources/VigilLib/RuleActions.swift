import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// One argument of a recorded action, bound to the action's parameter.
public struct ActionArgument: Hashable, Sendable {
    /// The parameter it was bound to (`receiver`, `severity`); nil for a variadic argument.
    public let parameter: String?
    /// Whether the call named it (`severity: P1`) rather than passing it by position.
    public let isLabeled: Bool
    /// The value in its literal form: `"checkout-oncall"`, `P1`, `10%`.
    public let text: String
}

/// An action a rule ran while replaying or testing: recorded, never delivered (§12).
public struct RecordedAction: Hashable, Sendable {
    public enum Trigger: String, Hashable, Sendable { case fired, resolved }

    /// The action's name: `page`, `rollback`, …
    public let name: String
    public let arguments: [ActionArgument]
    /// The rule whose transition ran it, and the label set that changed state.
    public let rule: String
    public let labels: Labels
    /// The evaluation time of the transition, in milliseconds.
    public let time: Timestamp
    public let trigger: Trigger
    /// Rule, label fingerprint, transition and position of the action: a live evaluator
    /// delivers each key at most once, so a failover never pages twice.
    public let idempotencyKey: String

    /// The call as it would be written: `page("checkout-oncall", "fast burn", severity: P1)`.
    public var call: String {
        let args = arguments.map { a in a.isLabeled ? "\(a.parameter ?? ""): \(a.text)" : a.text }
        return "\(name)(\(args.joined(separator: ", ")))"
    }
}

/// Where the action builtins write while a rule's `then` or `resolve` runs. Outside a rule
/// action (a top-level `page(…)` in `vigil run`) they refuse to run: delivery is not built.
public final class ActionLog {
    /// What a running action belongs to; nil when no rule action is running.
    struct Context {
        let rule: String
        let labels: Labels
        let time: Timestamp
        let trigger: RecordedAction.Trigger
        var position = 0
    }

    public private(set) var actions: [RecordedAction] = []
    private var keys: Set<String> = []
    var current: Context?
    /// The recording implementation of each action, so builtins that also act on a live
    /// object (a canary's `pause`) can record instead while a rule transition is replayed.
    private var recorders: [String: VigilRuntime.Builtin.Implementation] = [:]

    /// True while a rule's `then`/`resolve` runs in a replay or test: actions are recorded.
    public var isRecording: Bool { current != nil }

    /// The recording implementation of `name`, if it is a recordable action.
    func recorder(_ name: String) -> VigilRuntime.Builtin.Implementation? { recorders[name] }

    public init() {}

    /// The §12 actions that can be recorded (receivers such as `alertmanager(…)` are targets, not actions).
    static let recordable: [VigilCheck.Builtin] = Engines.surface.builtins.filter { $0.category == .action && $0.hasEffect }

    /// Records one action under the running rule transition; a repeated key is recorded once.
    func record(_ name: String, _ arguments: [ActionArgument], _ call: BuiltinCall) throws {
        guard current != nil else {
            throw call.error("`\(name)` can only run as a rule's `then` or `resolve` action for now: delivering actions is not built",
                             hint: "put it in a rule and try it with `vigil replay` or `vigil test`, where actions are recorded")
        }
        append(name, arguments)
    }

    private func append(_ name: String, _ arguments: [ActionArgument]) {
        guard let context = current else { return }
        let key = [context.rule, context.labels.fingerprint, context.trigger.rawValue, String(context.time), String(context.position)]
            .joined(separator: "|")
        current?.position += 1
        guard keys.insert(key).inserted else { return }
        actions.append(RecordedAction(name: name, arguments: arguments, rule: context.rule, labels: context.labels,
                                      time: context.time, trigger: context.trigger, idempotencyKey: key))
    }

    /// Runs `body` as the actions of one transition of one label set of one rule.
    func running<T>(rule: String, labels: Labels, time: Timestamp, trigger: RecordedAction.Trigger,
                    _ body: () throws -> T) rethrows -> T {
        let saved = current
        current = Context(rule: rule, labels: labels, time: time, trigger: trigger)
        defer { current = saved }
        return try body()
    }

    /// Registers every recordable action as a builtin writing to this log.
    func install(in interpreter: Interpreter) {
        for action in Self.recordable {
            // The slots the runtime binds this action's arguments to, as the table declares them.
            let binding = BuiltinBinding(name: action.name, overloads: Engines.surface.lookup(action.name))!
            let parameters = action.variadic ? [] : binding.slots
            let named = Set(action.parameters.filter(\.namedOnly).map(\.name))
            let name = action.name
            let record: VigilRuntime.Builtin.Implementation = { [unowned self] args, call in
                let bound: [ActionArgument]
                if action.variadic {
                    bound = args.map { ActionArgument(parameter: nil, isLabeled: false, text: $0.literal) }
                } else {
                    bound = zip(parameters, args).compactMap { parameter, value in
                        if case .none = value { return nil }
                        return ActionArgument(parameter: parameter, isLabeled: named.contains(parameter), text: value.literal)
                    }
                }
                try self.record(name, bound, call)
                return .none
            }
            recorders[name] = record
            interpreter.register(VigilRuntime.Builtin(binding, record))
        }
    }

    /// Records a bare action after `then` inside a service: that action on the service.
    func recordBare(_ name: String, target: String) {
        let parameter = Self.recordable.first { $0.name == name }?.parameters.first?.name
        append(name, [ActionArgument(parameter: parameter, isLabeled: false, text: Value.string(target).literal)])
    }
}
