/// §12: actions (an engine's own actions, such as the canary's `pause`, are in its binding). Each is journaled before delivery; none may run in a pure context.
extension Builtin {
    static let actionBuiltins: [Builtin] = {
        var out: [Builtin] = []
        out += [
            builtin("page", [param("receiver", .string), optional("summary", .string), named("severity", .severity)],
                    .kind(.none), .action, .actions, "Pages the receiver's on-call.", effect: true,
                    example: "page(\"oncall-checkout\", \"error rate above 2%\", severity: P1)"),
            builtin("notify", [param("channel", .string), param("message", .string)], .kind(.none), .action, .actions,
                    "Posts a message to a channel.", effect: true,
                    example: "notify(\"#checkout\", \"rolling back v42\")"),
            builtin("open_incident", [param("title", .string), named("severity", .severity), named("service", .string)],
                    .kind(.incident), .action, .actions,
                    "Opens an incident (default severity P2) for the service (default: the rule's `service` label or enclosing service), unless the same one is open.",
                    effect: true,
                    example: "open_incident(\"checkout errors\", severity: P2, service: \"checkout\")"),
            builtin("resolve_incident", [param("incident", .incident, .string), named("note", .string)], .kind(.none),
                    .action, .actions, "Resolves an open incident: an incident, its id (\"INC-3\") or, in a rule's `resolve`, the title it was opened with.", effect: true,
                    example: "resolve_incident(\"INC-1\", note: \"rolled back\")"),
            builtin("annotate", [param("text", .string), named("service", .string, .service)], .kind(.none), .action,
                    .actions, "Adds a note to the timeline and the dashboards.", effect: true,
                    example: "annotate(\"deployed v42\", service: \"checkout\")"),
            builtin("webhook", [param("url", .string), optional("body", .any)], .kind(.none), .action, .actions,
                    "POSTs the body as JSON to the URL.", effect: true,
                    example: "webhook(\"https://hooks.example.com/deploy\", {service: \"checkout\"})"),
            builtin("exec", [param("program", .string), optional("args", .string, .list)], .kind(.none), .action, .actions,
                    "Runs a program allowed with --allow-exec: arguments as strings or one list, no shell.", variadic: true, effect: true,
                    example: "exec(\"kubectl\", \"rollout\", \"undo\", \"deployment/checkout\")"),
            builtin("alertmanager", [param("url", .string), named("group_by", .list, .string), named("group_wait", .duration),
                                     named("group_interval", .duration), named("repeat_interval", .duration)],
                    .kind(.receiver), .action, .actions,
                    "A receiver target: the Alertmanager at that URL; group_by/group_wait/group_interval/repeat_interval group and repeat its notifications as an Alertmanager route does (defaults 30s, 5m, 4h once one is given).",
                    example: "alertmanager(\"http://localhost:9093\")"),
        ]
        return out
    }()
}
