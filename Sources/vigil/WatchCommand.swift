import ArgumentParser
import Foundation
import VigilLib
import VigilLive
import VigilRuntime
import VigilSeries
import VigilStore

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Evaluate a file's rules on the real clock: the live loop.",
        discussion: """
            Evaluates each rule at its own `every` (or --every) on the wall clock and prints each \
            state change as `vigil replay` does, with the values that caused it. With \
            --source prometheus=URL the series are read again before every evaluation; with \
            --data or --db the loop reads those samples. Every action is journaled first (in \
            --journal, else --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite), then delivered to its declared \
            receiver, then marked delivered; firing alerts are re-sent every minute and resolved \
            when the rule resolves. Rule states are kept there too: a restart neither pages again \
            nor forgets a firing alert. With --dry-run actions are journaled as planned and none \
            is delivered. See them with `vigil journal`.
            Runs until SIGINT or SIGTERM (then exits 0), for --for D, or once with --once.
            Exit 2 on a script, data or source error, including a source that stops answering.
            """)

    @OptionGroup var eval: EvalOptions

    @Option(help: "Evaluate every rule at this interval (e.g. 10s) instead of its own `every`.")
    var every: String?

    @Option(name: .customLong("for"), help: "Stop after this long (e.g. 2m); default: until SIGINT or SIGTERM.")
    var duration: String?

    @OptionGroup var actions: ActionOptions

    @Flag(help: "Evaluate every rule once, now, and stop.")
    var once = false

    @Option(name: .customLong("journal"), help: "The SQLite file keeping the action journal and the rule states (default: --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite).")
    var journalPath: String?

    @ArgumentParser.Argument(help: "The .vigil file whose rules to watch.")
    var file: String

    func validate() throws {
        if once && duration != nil { throw ValidationError("give --once or --for, not both") }
        if eval.at != nil { throw ValidationError("vigil watch runs on the real clock; --at does not apply (use vigil replay)") }
        if eval.sourceText == nil && eval.dataFiles.isEmpty && eval.database == nil && !SampleSources.defaultStoreExists {
            throw ValidationError("vigil watch needs data: --source prometheus=URL, --data FILE or --db PATH")
        }
    }

    func run() throws {
        let settings = eval.settings
        let interval = try every.map { try Self.duration($0, "--every") }
        let length = try duration.map { try Self.duration($0, "--for") }
        let frontend = Frontend()
        guard let program = frontend.load(file) else { throw ExitCode(2) }
        let session = try settings.makeSession(databaseMayBeNew: true)
        session.interpreter.output = { printError($0) }  // stdout belongs to the state changes
        session.runbooks.options = actions.runbookOptions()
        // Incidents the rules open are real: in the store `vigil incident` reads.
        session.useUserIncidentStore(eval.database)
        // Whole seconds, so the printed times read like replay's.
        let start = EvalSettings.milliseconds(Date()) / 1000 * 1000
        // The run's clock for the program's top-level statements; each tick passes its own time.
        session.interpreter.options.now = Date(timeIntervalSince1970: Double(start) / 1000)
        let feed = try settings.connectSource(session, programs: [program], frontend: frontend, evaluating: start, through: start)
        let printer = WatchPrinter()
        // A runbook started by its trigger verifies in the background: each poll is a tick of
        // the loop, on fresh data, and rules go on being evaluated meanwhile.
        session.runbooks.options.verifyInBackground = true
        do {
            try session.load(program, resolver: frontend.resolver, checked: frontend.resolutions(of: program))
            try session.interpreter.run()
            let rules = try session.compileRules()
            guard !rules.isEmpty else {
                printError("vigil watch: error: \(file) has no rules to watch")
                throw ExitCode(2)
            }
            let origin = settings.source.map { "\($0.kind.rawValue) \(URLRedaction.masked($0.url))" } ?? "recorded data"
            let database = try JournalLocation.open(journalPath ?? eval.database)
            let dryRun = actions.dryRun
            let actionRun = try ActionRun(session: session, database: database, command: "watch", file: file,
                                          poster: dryRun ? nil : DeliveryHTTPClient(trust: try EvalSettings.trust(caFile: settings.caFile)), at: start)
            let loop = try WatchLoop(session: session, rules: rules, every: interval, feed: feed, actions: actionRun)
            let mode = dryRun ? "--dry-run: actions are journaled as planned, none is delivered" : "actions are journaled, then delivered"
            printer.emit(["\(file): watching from \(ReplayReport.time(start)) on \(origin); \(mode) (run \(actionRun.run.id))"]
                + (loop.restored > 0 ? ["  resumed \(loop.restored) pending or firing label set\(loop.restored == 1 ? "" : "s") from the last run"] : [])
                + rules.map { ReplayReport.heading($0, every: interval) })
            printer.lastRule = rules.last?.name
            let all = try loop.run(from: start, through: length.map { start + $0 }, once: once, stop: StopSignal(),
                                   report: { changes in
                                       printer.emit(changes, rules: rules, every: interval)
                                       try WatchRunbooks.start(for: changes, rules: rules, in: session, printer: printer)
                                   },
                                   afterTick: { try WatchRunbooks.resume(in: session, at: $0, printer: printer) },
                                   delivered: { printer.emit(DeliveryLines.lines($0)) },
                                   reconciled: { printer.emit($0.map { "  " + $0 }) })
            printer.emit(session.runbooksWaiting.map { "runbook \(Value.string($0).literal) was still verifying when the watch stopped: not finished" })
            // Pending entries are delivered by the next run (or retried by it) and say so.
            printer.emit([ReplayReport.watchSummary(all, journaled: try database.journal.entries(run: actionRun.run.id))])
        } catch let e as RuntimeError {
            printError(renderDiagnostic(e.diagnostic))
            throw ExitCode(2)
        } catch let e as StoreError {
            printError("vigil watch: error: the journal: \(e)")
            throw ExitCode(2)
        } catch let e as LiveError {
            printError("vigil watch: error: the source stopped answering: \(e)")
            throw ExitCode(2)
        }
    }

    static func duration(_ text: String, _ option: String) throws -> Milliseconds {
        guard let ms = EvalSettings.parseDuration(text) else {
            printError("vigil watch: error: \(option) \(TimeArgument.durationProblem(text)), got `\(text)`")
            throw ExitCode(2)
        }
        return ms
    }
}

/// Writes the loop's lines straight to stdout, unbuffered: someone (or a pipe) is watching.
final class WatchPrinter {
    /// The rule whose heading was printed last: its changes follow without repeating it.
    var lastRule: String?

    func emit(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// State changes under their rule's heading, repeated whenever another rule spoke last.
    func emit(_ changes: [RuleTransitionRecord], rules: [CompiledRule], every: Milliseconds?) {
        var lines: [String] = []
        for change in changes {
            if change.rule != lastRule, let rule = rules.first(where: { $0.name == change.rule }) {
                lines.append(ReplayReport.heading(rule, every: every))
                lastRule = change.rule
            }
            lines += ReplayReport.lines(change)
        }
        if !lines.isEmpty { emit(lines) }
    }
}
