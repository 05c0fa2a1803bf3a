import Foundation
import VigilActions
import VigilCheck
import VigilRules
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

/// An action a rule ran, as the actions layer journaled it (§12): planned in replays and
/// tests, delivered by `vigil watch`.
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
    /// Rule, label set, transition, firing time and position of the action: the journal
    /// holds each key once, so a restart or a failover never pages twice.
    public let idempotencyKey: String
    /// What became of a `page` or `notify` (sent, grouped, suppressed as a duplicate,
    /// silenced, inhibited) and why; nil for other actions.
    public var notification: NotificationDecision? = nil

    /// False for a notification that was suppressed, silenced, inhibited or withdrawn.
    public var isDelivered: Bool { notification?.isDelivered ?? true }

    /// The call as it would be written: `page("checkout-oncall", "fast burn", severity: P1)`.
    public var call: String {
        let args = arguments.map { a in a.isLabeled ? "\(a.parameter ?? ""): \(a.text)" : a.text }
        return "\(name)(\(args.joined(separator: ", ")))"
    }
}

/// Where the action builtins go while a rule's `then` or `resolve` runs: every action is
/// handed to the actions layer, which journals it (planned in replays and tests, pending
/// for delivery in `vigil watch`). Outside a rule action (a top-level `page(…)` in
/// `vigil run`) they refuse to run.
public final class ActionLog {
    /// What a running action belongs to; nil when no rule action is running.
    struct Context {
        let rule: String
        let labels: Labels
        let time: Timestamp
        let trigger: RecordedAction.Trigger
        let observed: String
        let file: String
        /// The service a rule inside a `service` block belongs to: the alert's `service` label.
        var service: String? = nil
        var position = 0
        /// A runbook step's actions name the step as their origin instead of a rule transition.
        var origin: Action.Origin? = nil
        /// A runbook run's keys: `step:RUNBOOK|RUN|N`, unique per run (running a runbook again
        /// is a deliberate act and delivers again); the action's position is appended.
        var keyPrefix: String? = nil
        /// The labels and annotations the rule's or runbook's settings add to its alerts.
        var decoration = AlertDecoration()
        /// The rule that keeps a runbook step's alerts active: the trigger that started the run.
        var heldBy: String? = nil
    }

    /// The actions journaled so far in this session, in order (a repeated key appears once).
    public private(set) var actions: [RecordedAction] = []
    /// Dedup, grouping, silences and inhibition of `page` and `notify`.
    public let notifications = NotificationRouter()
    var current: Context?
    /// The recording implementation of each action, so builtins that also act on a live
    /// object (a canary's `pause`) can record instead while a rule transition is replayed.
    private var recorders: [String: VigilRuntime.Builtin.Implementation] = [:]
    /// The layer actions go through; by default one journaling to memory, planned.
    private var configured: ActionsLayer?

    /// True while a rule's `then`/`resolve` runs: actions are journaled, not run in place.
    public var isRecording: Bool { current != nil }

    /// The recording implementation of `name`, if it is a recordable action.
    func recorder(_ name: String) -> VigilRuntime.Builtin.Implementation? { recorders[name] }

    public init() {}

    /// Sends this session's actions through `layer` (a file journal, delivering) instead of
    /// the in-memory planned one.
    public func use(_ layer: ActionsLayer) { configured = layer }

    /// The actions layer in use, made on first use.
    public func layer() throws -> ActionsLayer {
        if let configured { return configured }
        let layer = try ActionsWiring.plannedInMemory()
        configured = layer
        return layer
    }

    /// The §12 actions that can be recorded (receivers such as `alertmanager(…)` are targets, not actions).
    static let recordable: [VigilCheck.Builtin] = Engines.surface.builtins.filter { $0.category == .action && $0.hasEffect }

    /// Journals one action under the running rule transition.
    func record(_ name: String, _ arguments: [ActionArgument], values: [Value], _ call: BuiltinCall) throws {
        guard current != nil else {
            throw call.error("`\(name)` can only run as a rule's `then` or `resolve` action for now",
                             hint: "put it in a rule; `vigil watch` delivers it, `vigil replay` and `vigil test` record it")
        }
        do {
            try append(name, arguments, values: values)
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw call.error("`\(name)` could not be journaled: \(error)", hint: "check the database given with --db")
        }
    }

    private func append(_ name: String, _ arguments: [ActionArgument], values: [Value]) throws {
        guard let context = current else { return }
        current?.position += 1
        let action = ActionsWiring.action(name, arguments, values: values, context: context)
        let layer = try layer()
        let routed = NotificationRouter.routes(action) ? try notifications.route(action, layer: layer) : nil
        let recorded = RecordedAction(name: name, arguments: arguments, rule: context.rule, labels: context.labels,
                                      time: context.time, trigger: context.trigger, idempotencyKey: action.key.text,
                                      notification: routed?.decision)
        guard let (decision, note) = routed else {
            guard let (_, isNew) = try layer.submit([action], at: context.time).first, isNew else { return }
            return actions.append(recorded)
        }
        // A suppressed notification is journaled as a decision only; a sent one at its group's
        // flush, in the same transaction as the decision.
        guard let at = decision.deliverAt else {
            try layer.submit([note], at: note.time)
            return actions.append(recorded)
        }
        guard let (_, isNew) = try layer.submit([(action: note, at: note.time), (action: action, at: at)]).last, isNew else { return }
        actions.append(recorded)
    }

    /// Runs `body` as the actions of one transition of one label set of one rule; after a
    /// resolution, the alerts the rule's pages raised are resolved too.
    func running<T>(rule: String, labels: Labels, time: Timestamp, trigger: RecordedAction.Trigger, observed: String = "",
                    file: String = "", service: String? = nil, decoration: AlertDecoration = AlertDecoration(),
                    _ body: () throws -> T) throws -> T {
        let saved = current
        current = Context(rule: rule, labels: labels, time: time, trigger: trigger, observed: observed, file: file,
                          service: service, decoration: decoration)
        defer { current = saved }
        let result = try body()
        if trigger == .resolved {
            // A receiver that groups hears of the resolution at its group's next flush.
            let resolved = try notifications.resolve(rule: rule, labels: labels, at: time, layer: layer())
            try layer().resolveAlerts(rule: rule, labels: labels, at: time) { !resolved.notNow.contains($0.target) }
            // A withdrawn notification was never delivered: `expect action` does not see it.
            for (key, decision) in resolved.withdrawn {
                if let index = actions.lastIndex(where: { $0.idempotencyKey == key.text }) { actions[index].notification = decision }
            }
            try notifications.release(at: time, layer: layer())
        }
        return result
    }

    /// Sends the notifications held by a silence that has ended by `time` (called before each
    /// rule evaluation).
    public func releaseNotifications(at time: Timestamp) throws { try notifications.release(at: time, layer: layer()) }

    /// Runs `body` as one action of a runbook step: journaled with the step as its origin,
    /// under `key`, with the runbook's service and severity as the alert's labels.
    /// A run a trigger started holds its alerts under that trigger's rule and label set.
    func runningStep<T>(runbook: String, step: String, key: String, time: Timestamp, service: String?,
                        file: String, decoration: AlertDecoration, trigger: RunbookTrigger?,
                        _ body: () throws -> T) throws -> T {
        let saved = current
        current = Context(rule: runbook, labels: trigger?.labels ?? Labels(), time: time, trigger: .fired, observed: "",
                          file: file, service: service, origin: Action.Origin(kind: .step, name: runbook, trigger: step),
                          keyPrefix: key, decoration: decoration, heldBy: trigger?.rule)
        defer { current = saved }
        return try body()
    }

    /// Journals a canary transition (`rollback`, `promote`, `pause`, a weight change) as an
    /// action of the canary on its service: `position` tells apart transitions at one time.
    public func journalTransition(canary: String, kind: String, detail: String, candidate: String, time: Timestamp,
                                  position: Int) throws {
        let origin = Action.Origin(kind: .canary, name: canary, trigger: kind)
        let labels = Labels(["service": canary, "candidate": candidate])
        let action = Action(kind: kind, target: canary, call: "\(kind)(\"\(canary)\") — \(detail)", labelSet: labels.fingerprint,
                            labels: labels.dictionary, origin: origin, time: time,
                            key: IdempotencyKey(origin: origin, labels: labels, time: time, position: position))
        try layer().submit([action], at: time)
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
                var values = args
                if action.variadic {
                    bound = args.map { ActionArgument(parameter: nil, isLabeled: false, text: $0.literal) }
                } else {
                    // The arguments given, each with its value: an optional one left out (a
                    // page without a summary) must not shift the values after it.
                    let given = zip(parameters, args).filter { if case .none = $0.1 { return false } else { return true } }
                    bound = given.map { ActionArgument(parameter: $0.0, isLabeled: named.contains($0.0), text: $0.1.literal) }
                    values = given.map(\.1)
                }
                try self.record(name, bound, values: values, call)
                return .none
            }
            recorders[name] = record
            interpreter.register(VigilRuntime.Builtin(binding, record))
        }
        installTargets(in: interpreter)
    }

    /// `alertmanager(URL)`: the receiver target a `receiver` declaration names.
    func installTargets(in interpreter: Interpreter) {
        guard let binding = BuiltinBinding(name: "alertmanager", overloads: Engines.surface.lookup("alertmanager")) else { return }
        interpreter.register(VigilRuntime.Builtin(binding) { args, call in
            guard case .string(let url) = args.first ?? .none, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw call.error("alertmanager(…) needs the server's URL, starting with http:// or https://",
                                 hint: "alertmanager(\"http://127.0.0.1:9093\")")
            }
            return .object(ReceiverTarget(.alertmanager(url: url)))
        })
    }

    /// Records a bare action after `then` inside a service: that action on the service.
    func recordBare(_ name: String, target: String) throws {
        let parameter = Self.recordable.first { $0.name == name }?.parameters.first?.name
        try append(name, [ActionArgument(parameter: parameter, isLabeled: false, text: Value.string(target).literal)],
                   values: [.string(target)])
    }
}

/// A delivery target as a value: what `alertmanager(URL)` evaluates to.
final class ReceiverTarget: RuntimeObject {
    let target: DeliveryTarget
    init(_ target: DeliveryTarget) { self.target = target }
    override var typeName: String { "receiver" }
    override var display: String { target.description }
}
