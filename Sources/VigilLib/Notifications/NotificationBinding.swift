import VigilActions
import VigilCheck
import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Notification routing in the language: a receiver's grouping (`alertmanager(URL, group_by:
/// ["service"], group_wait: 30s, group_interval: 5m, repeat_interval: 4h)`, read here when a
/// program is loaded) and `silence(matchers, for:)`. The decisions themselves are VigilRules'
/// `NotificationDispatcher`, reached through the session's `ActionLog.notifications`.
struct NotificationBinding: EngineBinding {
    var feature: Feature { .notifications }

    var builtins: [EngineBuiltin] { Self.notificationBuiltins }

    func load(_ program: Program, in session: VigilSession) throws {
        var policies: [String: NotificationPolicy] = [:]
        for (decl, file) in session.interpreter.receivers {
            if let policy = try Self.policy(of: decl, in: file, session.interpreter) { policies[decl.name] = policy }
        }
        session.actionLog.notifications.use(policies: policies)
    }

    /// The receiver's policy when its target says how to group (Alertmanager's defaults for
    /// what it leaves out); nil when it says nothing, so alerts go out as they fire.
    static func policy(of decl: ReceiverDecl, in file: SourceFile, _ interpreter: Interpreter) throws -> NotificationPolicy? {
        guard case .call(_, let arguments) = decl.target.kind else { return nil }
        let named = arguments.filter { $0.label.map(groupingSettings.contains) ?? false }
        guard !named.isEmpty else { return nil }
        var policy = NotificationPolicy.alertmanager
        for argument in named {
            let value = try interpreter.evaluate(expression: argument.value, in: file)
            func fail(_ message: String) -> RuntimeError {
                RuntimeError("receiver \"\(decl.name)\": \(message)", file: file, range: argument.value.range)
            }
            switch argument.label {
            case "group_by":
                switch value {
                case .string("..."): policy.groupBy = .all
                case .list(let items):
                    let names = try items.map { item -> String in
                        guard case .string(let name) = item, !name.isEmpty else { throw fail("`group_by` takes label names as strings, found \(item.literal)") }
                        return name
                    }
                    policy.groupBy = .labels(names)
                default:
                    throw fail("`group_by` takes a list of label names, or \"...\" for every label, found \(value.literal)")
                }
            default:
                guard case .number(let seconds, let unit) = value, unit.dimension == .duration, seconds.isFinite else {
                    throw fail("`\(argument.label!)` takes a duration such as 5m, found \(value.literal)")
                }
                let ms = try TimeSpanCheck.milliseconds(seconds, file: file, range: argument.value.range)
                // Alertmanager refuses a zero group_interval or repeat_interval; group_wait 0 sends at once.
                guard ms > 0 || (argument.label == "group_wait" && ms == 0) else {
                    throw fail("`\(argument.label!)` must be \(argument.label == "group_wait" ? "0s or more" : "more than 0s"), found \(value.literal)")
                }
                switch argument.label {
                case "group_wait": policy.groupWait = ms
                case "group_interval": policy.groupInterval = ms
                default: policy.repeatInterval = ms
                }
            }
        }
        return policy
    }

    /// The matchers `silence(…)` is given: a record (`{service: "checkout", severity: !~"P3|P4"}`)
    /// or Alertmanager's text (`"service=checkout, env!=staging"`). Alertmanager refuses a
    /// silence every alert would match; so does this.
    static func silenceMatchers(_ value: Value, _ call: BuiltinCall) throws -> [LabelMatcher] {
        let hint = #"e.g. silence({service: "checkout", severity: !~"P3|P4"}, for: 1h) or silence("service=checkout, env!=staging", for: 1h)"#
        var matchers: [LabelMatcher] = []
        switch value {
        case .record(let record):
            for (name, value) in zip(record.shape.keys, record.values) {
                let matcher: LabelMatcher?
                do { matcher = try SeriesBuiltins.labelMatcher(name, value) } catch let e as LabelMatcherError { throw call.error(e.message, hint: hint) }
                guard let matcher else {
                    throw call.error("`silence` matches labels to strings or regular expressions: `\(name)` is \(value.literal)", hint: hint)
                }
                matchers.append(matcher)
            }
        case .string(let text):
            do { matchers = try LabelMatcherList.parse(text) } catch let e as LabelMatcherList.SyntaxError {
                throw call.error("`silence` matchers \(Value.string(text).literal): \(e)", hint: hint)
            }
        default:
            throw call.error("`silence` takes a record of label matchers or a string of them, found \(value.literal)", hint: hint)
        }
        guard matchers.contains(where: { !$0.matches(value: "") }) else {
            throw call.error("`silence` needs at least one matcher that an empty label does not match, such as {service: \"checkout\"}", hint: hint)
        }
        return matchers
    }

    static let groupingSettings: Set<String> = ["group_by", "group_wait", "group_interval", "repeat_interval"]

    static let notificationBuiltins: [EngineBuiltin] = [
        EngineBuiltin(builtin("silence", [param("matchers", .record, .string), named("for", .duration, required: true)], .kind(.none),
                              .incident, .notifications,
                              "Mutes the pages and notifications whose labels match, from now for a while: a record of label values, `~\"regex\"` or `!~\"regex\"` (fully anchored), or Alertmanager's matchers as a string (`=`, `!=`, `=~`, `!~`); journaled, so a later `vigil watch` on the same database keeps it.",
                              effect: true, example: "silence({service: \"checkout\", severity: !~\"P3|P4\"}, for: 1h)")) { session in
            { args, call in
                let matchers = try silenceMatchers(args[0], call)
                guard case .number(let seconds, _) = args[1], seconds > 0 else {
                    throw call.error("`silence` needs a positive duration for `for:`, found \(args[1].literal)")
                }
                let duration = try TimeSpanCheck.milliseconds(seconds, call)
                let log = session.actionLog
                let running = log.current
                let time = running?.time ?? Timestamp((call.now * 1000).rounded())
                let origin = running.map { $0.origin ?? Action.Origin(kind: .rule, name: $0.rule, trigger: $0.trigger.rawValue) }
                    ?? Action.Origin(kind: .script, name: call.file.path, trigger: "run")
                let createdBy = origin.kind == .script ? call.file.path : "\(origin.kind.rawValue) \(origin.name)"
                do {
                    try log.notifications.silence(matchers: matchers, from: time, for: duration, createdBy: createdBy,
                                                      origin: origin, layer: log.layer())
                } catch let error as RuntimeError {
                    throw error
                } catch {
                    throw call.error("the silence could not be journaled: \(error)", hint: "check the database given with --db")
                }
                return .none
            }
        },
    ]
}
