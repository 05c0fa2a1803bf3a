/// §12: actions. Each is journaled before delivery; none may run in a pure context.
extension Builtin {
    static let actionBuiltins: [Builtin] = {
        var out: [Builtin] = []
        let deployActions: [(String, String)] = [
            ("promote", "Moves the canary to its next step, or to 100%."),
            ("pause", "Holds the rollout at its current weight."),
            ("resume", "Continues a paused rollout."),
            ("abort", "Stops the rollout and sends all traffic to stable."),
            ("kill_switch", "Sets traffic to 0% and turns every stage off at once."),
        ]
        out.append(builtin("rollback", [optional("target", .string, .canary, .service), named("to", .string)],
                           .kind(.none), .action, .canary,
                           "Rolls the canary or service back (to a version if given).", effect: true,
                           example: "rollback(\"checkout\", to: \"v41\")"))
        for (name, doc) in deployActions {
            out.append(builtin(name, [optional("target", .string, .canary, .service)], .kind(.none), .action, .canary,
                               doc, effect: true, example: "\(name)(\"checkout\")"))
        }
        out += [
            builtin("set_weight", [param("weight", .number), named("target", .string, .canary)], .kind(.none), .action,
                    .canary, "Sends that share of traffic to the candidate.", effect: true,
                    example: "set_weight(25%, target: \"checkout\")"),
            builtin("page", [param("receiver", .string), optional("summary", .string), named("severity", .severity)],
                    .kind(.none), .action, .actions, "Pages the receiver's on-call.", effect: true,
                    example: "page(\"oncall-checkout\", \"error rate above 2%\", severity: P1)"),
            builtin("notify", [param("channel", .string), param("message", .string)], .kind(.none), .action, .actions,
                    "Posts a message to a channel.", effect: true,
                    example: "notify(\"#checkout\", \"rolling back v42\")"),
            builtin("open_incident", [param("title", .string), named("severity", .severity)], .kind(.incident),
                    .action, .actions, "Opens an incident (default severity P2).", effect: true,
                    example: "open_incident(\"checkout errors\", severity: P2)"),
            builtin("resolve_incident", [param("incident", .incident, .string), named("note", .string)], .kind(.none),
                    .action, .actions, "Resolves an open incident.", effect: true,
                    example: "resolve_incident(\"INC-1\", note: \"rolled back\")"),
            builtin("annotate", [param("text", .string), named("service", .string, .service)], .kind(.none), .action,
                    .actions, "Adds a note to the timeline and the dashboards.", effect: true,
                    example: "annotate(\"deployed v42\", service: \"checkout\")"),
            builtin("webhook", [param("url", .string), optional("body", .any)], .kind(.none), .action, .actions,
                    "POSTs the body as JSON to the URL.", effect: true,
                    example: "webhook(\"https://hooks.example.com/deploy\", {service: \"checkout\"})"),
            builtin("exec", [param("program", .string), optional("args", .string)], .kind(.none), .action, .actions,
                    "Runs a program allowed with --allow-exec.", variadic: true, effect: true,
                    example: "exec(\"kubectl\", \"rollout\", \"undo\", \"deployment/checkout\")"),
            builtin("alertmanager", [param("url", .string)], .kind(.receiver), .action, .actions,
                    "A receiver target: the Alertmanager at that URL.",
                    example: "alertmanager(\"http://localhost:9093\")"),
        ]
        return out
    }()
}
