import ArgumentParser
import Foundation
import VigilActions
import VigilLib
import VigilLive
import VigilRules
import VigilSeries
import VigilStore

/// `vigil silence add|list|expire`: silences journaled in the store `vigil watch` uses, so a
/// running watch honours them from its next evaluation and a restarted one keeps them.
struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Set, list and expire silences in the store `vigil watch` uses.",
        discussion: """
            A silence mutes the pages and notifications whose labels match all of its matchers, \\
            written as Alertmanager writes them: `service=checkout`, `env!=staging`, \\
            `severity=~"P1|P2"`, `severity!~"P3|P4"` (regular expressions fully anchored). \\
            `vigil silence add service=checkout --for 2h --comment "deploy"` sets one; \\
            `vigil silence list` lists those in force; `vigil silence expire ID` ends one now. \\
            Each is journaled (`vigil journal` lists it).
            """,
        subcommands: [Add.self, List.self, Expire.self], defaultSubcommand: List.self)

    struct Location: ParsableArguments {
        @Option(name: .customLong("db"), help: "The SQLite store `vigil watch` journals to (default: $VIGIL_DB, else ~/.vigil/vigil.sqlite).")
        var database: String?

        func open() throws -> VigilDatabase {
            do { return try JournalLocation.open(database) } catch {
                printError("vigil silence: error: \(error)")
                throw ExitCode(2)
            }
        }
    }

    /// The store's silences and a layer journaling into it, under a run of its own.
    static func router(_ database: VigilDatabase, _ command: String, at time: Timestamp) throws -> (NotificationRouter, ActionsLayer) {
        let router = NotificationRouter()
        router.takeUpSilences(from: try database.journal.entries(kind: NotificationRouter.silenceKind))
        let run = RunRecord(id: ActionRun.runID(command, at: time), command: command, file: "", mode: ActionsLayer.Mode.deliver.rawValue,
                            startedAt: time)
        try database.runs.start(run)
        // Nothing is sent: a silence note has no target, so it is done once journaled.
        return (router, ActionsLayer(store: database.journal, mode: .deliver, run: run.id, poster: DeliveryHTTPClient()))
    }

    /// Whole seconds, so the times printed and journaled read like a watch's.
    static func now() -> Timestamp { EvalSettings.milliseconds(Date()) / 1000 * 1000 }

    static func line(_ s: Silence, at now: Timestamp) -> String {
        let state = s.endsAt <= now ? "expired \(ReplayReport.time(s.endsAt))" : "until \(ReplayReport.time(s.endsAt))"
        return "\(s.id)  \(s.matcherText)  \(state)  set by \(s.createdBy)" + (s.comment.isEmpty ? "" : " — \(s.comment)")
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Set a silence from now.")
        @OptionGroup var location: Location
        @ArgumentParser.Argument(help: #"Matchers: service=checkout 'severity!~"P3|P4"' (or one string, braces optional)."#)
        var matchers: [String]
        @Option(name: .customLong("for"), help: "How long it lasts: 30m, 2h, 1d.") var duration: String
        @Option(help: "Why (shown by `vigil silence list` and in the journal).") var comment: String = ""

        func run() throws {
            let text = matchers.joined(separator: " ")
            let parsed: [LabelMatcher]
            do { parsed = try LabelMatcherList.parse(text) } catch let e as LabelMatcherList.SyntaxError {
                printError("vigil silence: error: \(e.message)\n  \(text)\n  \(String(repeating: " ", count: e.offset))^")
                throw ExitCode(2)
            }
            guard parsed.contains(where: { !$0.matches(value: "") }) else {
                printError("vigil silence: error: a silence needs at least one matcher that an empty label does not match, such as service=checkout")
                throw ExitCode(2)
            }
            guard let ms = EvalSettings.parseDuration(duration), ms > 0 else {
                printError("vigil silence: error: --for \(TimeArgument.durationProblem(duration)), got `\(duration)`")
                throw ExitCode(2)
            }
            let database = try location.open()
            let now = SilenceCommand.now()
            let (router, layer) = try SilenceCommand.router(database, "silence", at: now)
            let silence = try router.addSilence(parsed, from: now, for: ms, comment: comment, createdBy: "vigil silence add",
                                                origin: Action.Origin(kind: .script, name: "vigil silence add", trigger: "run"), layer: layer)
            print(SilenceCommand.line(silence, at: now))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the silences in force (with --all, every one).")
        @OptionGroup var location: Location
        @Flag(help: "Include the silences that have ended.") var all = false

        func run() throws {
            let database = try location.open()
            let now = SilenceCommand.now()
            let silences = NotificationRouter.silences(in: try database.journal.entries(kind: NotificationRouter.silenceKind))
                .filter { all || $0.endsAt > now }
            if silences.isEmpty { print(all ? "no silences" : "no silences in force") }
            for silence in silences { print(SilenceCommand.line(silence, at: now)) }
        }
    }

    struct Expire: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "expire", abstract: "End a silence now.")
        @OptionGroup var location: Location
        @ArgumentParser.Argument(help: "The silence's id, as `vigil silence list` shows it.") var id: String

        func run() throws {
            let database = try location.open()
            let now = SilenceCommand.now()
            let (router, layer) = try SilenceCommand.router(database, "silence", at: now)
            guard let expired = try router.expireSilence(id, at: now, origin: Action.Origin(kind: .script, name: "vigil silence expire", trigger: "run"),
                                                         layer: layer) else {
                printError("vigil silence: error: no silence \(id) in force; `vigil silence list` lists them")
                throw ExitCode(2)
            }
            print(SilenceCommand.line(expired, at: now))
        }
    }
}
