import VigilCheck
import VigilEngines
import VigilRuntime

/// The incident engine's binding: `alarm(P1)` and `incidents(open: true)` read the session's
/// incidents (`IncidentBoard`: the user's store under `vigil watch`, else a private one), and
/// `open_incident` / `resolve_incident` apply to them (`IncidentActions`). The lifecycle
/// itself (targets, escalations, timeline) is VigilEngines' `IncidentLifecycle`, kept by
/// `IncidentDesk`.
struct IncidentBinding: EngineBinding {
    var feature: Feature { .incidents }

    var builtins: [EngineBuiltin] { Self.incidentBuiltins }

    func install(in session: VigilSession) {
        installBuiltins(in: session)
        IncidentActions.install(in: session)
    }

    static let incidentBuiltins: [EngineBuiltin] = [
        EngineBuiltin(builtin("alarm", [param("severity", .severity)], .kind(.bool), .incident, .incidents,
                              "True while an incident of that severity (such as one an SLO's page alert opened) is open for the enclosing service; outside a service, for any.",
                              example: "alarm(P1)")) { session in
            { args, call in
                guard case .object(let severity as SeverityValue) = args[0] else {
                    throw call.error("`alarm` takes a severity, P1 to P4, found \(args[0].described)")
                }
                let service = session.enclosingService(of: call)
                let open = try session.incidentBoard.list(openOnly: true, call)
                return .bool(open.contains { $0.severity.rawValue == severity.display && (service == nil || $0.service == service) })
            }
        },
        EngineBuiltin(builtin("incidents", [named("open", .bool)], .kind(.list), .incident, .incidents,
                              "The incidents as records (id, title, severity, service, status, opened, resolved), most severe first; only the open ones with open: true.",
                              example: "incidents(open: true)")) { session in
            { args, call in
                var openOnly = false
                if case .bool(let b) = args[0] { openOnly = b }
                return .list(try session.incidentBoard.list(openOnly: openOnly, call).map(IncidentBoard.record))
            }
        },
    ]
}
