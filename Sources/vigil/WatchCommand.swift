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
        // A store is read as the rules select it and again before every evaluation, so a
        // watch sees what `vigil ingest` stores while it runs.
        let (session, loaded) = try settings.makeSession(databaseMayBeNew: true, selectsLazily: true)
        session.interpreter.output = { printError($0) }  // stdout belongs to the state changes
        session.runbooks.options = actions.runbookOptions()
        // Incidents the rules open are real: in the store `vigil incident` reads.
        session.useUserIncidentStore(eval.database)
        // So are the anomalies they find, kept as events beside the deployments root_cause ranks.
        session.canaries.useStore(at: eval.database)
        // Whole seconds, so the printed times read like replay's.
        let start = EvalSettings.milliseconds(Date()) / 1000 * 1000
        // The run's clock for the program's top-level statements; each tick passes its own time.
        session.interpreter.options.now = Date(timeIntervalSince1970: Double(start) / 1000)
        let feed = try settings.connectSource(session, programs: [program], frontend: frontend, evaluating: start, through: start)
        do {
            try session.load(program, resolver: frontend.resolver, checked: frontend.resolutions(of: program))
            try session.interpreter.run()
            let rules = try session.compileRules()
            guard !rules.isEmpty else {
                printError("vigil watch: error: \(file) has no rules to watch")
                throw ExitCode(2)
            }
            let origin = settings.source.map { "\($0.kind.rawValue) \(URLRedaction.masked($0.url))" }
                ?? (loaded.lazyStore != nil ? (settings.database ?? loaded.defaultStore).map { "the store \(DisplayPath.of($0))" } : nil)
                ?? "recorded data"
            let poster = actions.dryRun ? nil : DeliveryHTTPClient(trust: try EvalSettings.trust(caFile: settings.caFile))
            try LiveWatch(file: file, session: session, rules: rules, feed: feed ?? session.storeFeed, origin: origin, every: interval, length: length,
                          once: once, database: try JournalLocation.open(journalPath ?? eval.database), poster: poster,
                          start: start).run()
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
