import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries
import VigilStore

/// `open_incident` and `resolve_incident` until the journal-first actions layer takes them:
/// each is recorded in the session's `ActionLog` as every rule action is (so a replay or
/// test shows it, and outside a rule action it is refused the same way), then applied to
/// the session's incidents (`IncidentBoard`). One incident per service and title, the
/// title carrying the alert's label set: a rule firing again, or a second `vigil watch`,
/// finds the open one instead of opening another.
enum IncidentActions {
    static func install(in session: VigilSession) {
        for name in ["open_incident", "resolve_incident"] {
            guard let record = session.actionLog.recorder(name),
                  let binding = BuiltinBinding(name: name, overloads: Engines.surface.lookup(name)) else { continue }
            let apply = name == "open_incident" ? open : resolve
            session.interpreter.register(VigilRuntime.Builtin(binding) { [unowned session] args, call in
                _ = try record(args, call)
                return try apply(args, call, session)
            })
        }
    }

    /// `open_incident(title, severity: P2, service: "checkout")`: the open incident of that
    /// title (and alert label set) for the service, opened now unless it is open already.
    static func open(_ args: [Value], _ call: BuiltinCall, _ session: VigilSession) throws -> Value {
        guard let context = session.actionLog.current else { return .none }
        guard case .string(let title) = args[0], !title.isEmpty else {
            throw call.error("`open_incident` needs a title, such as \"checkout errors\"")
        }
        var priority = IncidentPriority.p2
        if case .object(let severity as SeverityValue) = args[1] {
            guard let p = IncidentPriority(rawValue: severity.display) else { throw call.error("unknown severity \(severity.display)") }
            priority = p
        }
        var service = context.labels["service"] ?? session.enclosingService(of: call)
        if case .string(let named) = args[2] { service = named }
        guard let service else {
            throw call.error("`open_incident` does not know which service the incident is for",
                             hint: "say it: open_incident(\"\(title)\", severity: \(priority.rawValue), service: \"checkout\"), or put the rule in the service")
        }
        let board = session.incidentBoard, stored = IncidentBoard.title(title, labels: context.labels)
        if let open = try board.open(service: service, title: stored, call) { return IncidentBoard.record(open) }
        let desk = try board.desk(call)
        do {
            let id = try desk.open(title: stored, priority: priority, service: service, at: context.time)
            guard let incident = try desk.list(openOnly: true).first(where: { $0.id == id }) else { return .none }
            return IncidentBoard.record(incident)
        } catch {
            throw call.error("cannot open the incident: \(error)")
        }
    }

    /// `resolve_incident(INCIDENT or "INC-3" or title, note: "…")`: resolves it if it is
    /// open; a title names the open incident of the running alert's label set.
    static func resolve(_ args: [Value], _ call: BuiltinCall, _ session: VigilSession) throws -> Value {
        guard let context = session.actionLog.current else { return .none }
        let board = session.incidentBoard
        let open = try board.list(openOnly: true, call)
        var target: Incident?
        switch args[0] {
        case .record(let record):
            guard case .string(let id)? = record["id"] else {
                throw call.error("`resolve_incident` expects an incident, \"INC-3\" or an incident's title, found \(args[0].described)")
            }
            target = open.first { "INC-\($0.id)" == id }
        case .string(let text) where text.hasPrefix("INC-") && Int64(text.dropFirst(4)) != nil:
            target = open.first { "INC-\($0.id)" == text }
        case .string(let title):
            let stored = IncidentBoard.title(title, labels: context.labels)
            target = open.first { $0.title == stored }
        default:
            throw call.error("`resolve_incident` expects an incident, \"INC-3\" or an incident's title, found \(args[0].described)")
        }
        // Nothing open by that name: resolved already (by hand, or by another watcher).
        guard let target else { return .none }
        var note = ""
        if case .string(let text) = args[1] { note = text }
        do {
            try board.desk(call).resolve(target.id, at: max(context.time, target.openedAt), note: note)
        } catch {
            throw call.error("cannot resolve incident INC-\(target.id): \(error)")
        }
        return .none
    }
}
