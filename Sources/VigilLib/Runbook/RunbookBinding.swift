import VigilCheck
import VigilRuntime
import VigilSyntax

/// The runbook runner's binding (LANGUAGE.md §11): the `runbook` block and its settings,
/// `confirm` and `env`, the action adapter every step's actions go through
/// (RunbookActions.swift), and the `vigil run` hook that runs runbooks' steps in order.
struct RunbookBinding: EngineBinding {
    var feature: Feature { .runbook }

    static let block = BlockSchema(.runbook, feature: .runbook, settings: [
        .init("severity", .severity, doc: "The severity it answers."),
        .init("service", .word(nil), doc: "The service it is for."),
        .init("owner", .string, doc: "Who maintains it."),
        .init("labels", .expression, doc: "Labels added to the alerts its steps send."),
        .init("annotations", .expression, doc: "Annotations added to the alerts its steps send."),
        .init("every", .duration, default: .duration(seconds: 30), doc: "How often `verify … within` evaluates its condition.",
              example: "30s"),
        .init("max_actions_per_minute", .number, doc: "A guardrail: at most this many actions in any minute.", example: "20"),
        .init("cost", .money, doc: "What each of its actions is estimated to cost, for `require approval for actions above`.",
              example: "$250"),
    ])

    var blocks: [BlockSchema] { [Self.block] }

    var builtins: [EngineBuiltin] {
        [
            EngineBuiltin(builtin("confirm", [param("question", .string)], .kind(.bool), .runbook, .runbook,
                                  "Asks on the terminal; --yes answers yes, no terminal answers no.", effect: true,
                                  example: "confirm(\"Roll back checkout?\")")) { session in
                let desk = Self.desk(session)
                return { args, _ in
                    let question = args[0].text
                    let answer = desk.options.answer(question)
                    desk.note(.answer, "confirm \(Value.string(question).literal): \(answer.text)")
                    return .bool(answer.granted)
                }
            },
            EngineBuiltin(builtin("env", [param("name", .string)], .kind(.any), .runbook, .runbook,
                                  "The environment variable as a secret: shown as **** everywhere, revealed only when "
                                      + "an action delivers it.",
                                  example: "env(\"PAGERDUTY_TOKEN\")")) { _ in
                { args, call in
                    guard case .string(let name) = args[0], !name.isEmpty else {
                        throw call.error("`env` needs the variable's name as a non-empty string, such as \"PAGERDUTY_TOKEN\"")
                    }
                    guard let secret = SecretValue.environment(name) else {
                        throw call.error("the environment variable `\(name)` is not set",
                                         hint: "export it in the shell that runs vigil: export \(name)=…")
                    }
                    return .object(secret)
                }
            },
        ]
    }

    func install(in session: VigilSession) {
        installBuiltins(in: session)
        RunbookActions.install(in: session, Self.desk(session))
    }

    static func desk(_ session: VigilSession) -> RunbookDesk {
        session.engineState { RunbookDesk(interpreter: session.interpreter, actionLog: session.actionLog) }
    }

    /// Runs every runbook of the loaded programs in order, or only the one named.
    func run(in session: VigilSession, _ request: EngineRunRequest) throws -> [EngineOutcome] {
        let runbooks = session.runbookDeclarations
        let chosen = request.only.map { name in runbooks.filter { $0.decl.name == name } } ?? runbooks
        return try chosen.compactMap { try RunbookRunner(session: session, desk: Self.desk(session)).run($0.decl, file: $0.file) }
    }
}

extension VigilSession {
    /// The runbook runner's state: options from the command line, the timeline of runs.
    public var runbooks: RunbookDesk { RunbookBinding.desk(self) }

    /// Runs the runbook named (what a firing `trigger` starts in `vigil watch`); the pages of
    /// a run a trigger started stay active while the trigger fires and resolve with it.
    public func startRunbook(named name: String, trigger: RunbookTrigger? = nil) throws -> [EngineOutcome] {
        runbooks.nextTrigger = trigger
        defer { runbooks.nextTrigger = nil }
        return try RunbookBinding().run(in: self, EngineRunRequest(only: name))
    }

    /// The runbook blocks loaded, in order.
    public var runbookDeclarations: [(decl: BlockDecl, file: SourceFile)] {
        interpreter.blocks.filter { $0.decl.kind == .runbook }
    }
}
