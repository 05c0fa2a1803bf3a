import ArgumentParser
import Foundation
import VigilActions
import VigilLib
import VigilLive
import VigilRuntime
import VigilStore
import VigilSyntax

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "run",
        abstract: "Run a script's top-level statements, then its canaries and runbooks (or only the one named).",
        discussion: """
            The file is checked first; nothing runs if it has errors. Exit 2 on a script error; \
            exit 1 when a runbook's `verify` does not hold in time, and, with --require-promotion, \
            when a canary ends anything but promoted.
            """)

    @OptionGroup var eval: EvalOptions
    @OptionGroup var canary: CanaryOptions
    @OptionGroup var actions: ActionOptions

    @Option(name: .customLong("journal"), help: "The SQLite file a runbook journals its steps and actions to (default: --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite).")
    var journalPath: String?

    @ArgumentParser.Argument(help: "The .vigil file to run.")
    var file: String

    @ArgumentParser.Argument(help: "Run only the canary or runbook with this name (the script's top-level statements still run first).")
    var name: String?

    func run() throws {
        try Run.execute(file: file, name: name, simulate: canary.simulate, eval: eval.settings,
                        requirePromotion: canary.requirePromotion, actions: actions, journal: journalPath)
    }

    static func execute(file: String, name: String?, simulate: Bool, eval: EvalSettings, requirePromotion: Bool = false,
                        actions: ActionOptions? = nil, journal: String? = nil) throws {
        let frontend = Frontend()
        guard let program = frontend.load(file) else { throw ExitCode(2) }
        let session = try eval.makeSession(databaseMayBeNew: true)
        session.useUserIncidentStore(eval.database)
        // The process exits once `vigil run` returns, so the session is never freed: releasing
        // every value the program made, one by one, cost a fifth of a run that builds 200,000
        // records (bench/programs/lists.vigil, callgrind), and the kernel reclaims it all at once.
        _ = Unmanaged.passRetained(session)
        var live: LiveCanaryClock?
        if let source = eval.source {
            let time = try eval.liveEvaluationTime()
            let feed = try eval.connectSource(session, programs: [program], frontend: frontend, evaluating: time, through: time)
            // The run's clock: the time the source was read through.
            session.interpreter.options.now = Date(timeIntervalSince1970: Double(time) / 1000)
            let trust = try EvalSettings.trust(caFile: eval.caFile)
            live = feed.map { LiveClock(feed: $0).canaryClock(source: "\(source.kind.rawValue) \(source.url)", trust: trust) }
        }
        session.canaries.useStore(at: eval.database)
        let out = BufferedOutput()
        // A live canary's timeline is watched as it happens.
        session.interpreter.output = live == nil ? { out.write($0) } : { out.write($0); out.flush() }
        defer { out.flush() }
        session.runbooks.options = actions?.runbookOptions(flushing: out) ?? ActionOptions.defaultRunbookOptions(flushing: out)
        if eval.source != nil {
            // On a live source, `verify … within` waits on the wall clock and reads fresh data each poll.
            session.runbooks.options.waitForNextPoll = { seconds in
                out.flush()
                Thread.sleep(forTimeInterval: seconds)
                let time = EvalSettings.milliseconds(Date())
                _ = try eval.connectSource(session, programs: [program], frontend: frontend, evaluating: time, through: time)
                return Double(time) / 1000
            }
        }
        do {
            try session.load(program, resolver: frontend.resolver, checked: frontend.resolutions(of: program))
            // An unknown name is known before anything runs, so nothing runs.
            if let name, !session.runbookDeclarations.contains(where: { $0.decl.name == name }) {
                _ = try session.canaries.declaration(named: name)
            }
            let actionRun = try RunJournal.open(session, name: name, file: file, path: journal ?? eval.database,
                                                dryRun: actions?.dryRun ?? false, trust: try EvalSettings.trust(caFile: eval.caFile))
            try session.interpreter.run()
            defer { if let hint = actionRun.flatMap(RunJournal.hint) { out.write(hint) } }
            let outcomes = try Engines.run(in: session, EngineRunRequest(only: name, simulate: simulate, live: live))
            // As a gate, a release that was not promoted must not pass the step that ran it.
            let failures = outcomes.filter { requirePromotion || $0.failsRun }.compactMap(\.failure)
            if !failures.isEmpty {
                out.flush()
                for failure in failures { printError("vigil: \(failure)") }
                throw ExitCode(1)
            }
        } catch let e as UnknownCanary {
            out.flush()
            let runbooks = session.runbookDeclarations.compactMap(\.decl.name)
            let what = runbooks.isEmpty ? "canary" : "canary or runbook"
            let also = runbooks.isEmpty ? "" : " (its runbooks: \(runbooks.map { "`\($0)`" }.joined(separator: ", ")))"
            printError("vigil: error: no \(what) named `\(e.name)` in \(file); \(e.hint)\(also)")
            throw ExitCode(2)
        } catch let e as RuntimeError {
            out.flush()
            printError(renderDiagnostic(e.diagnostic))
            throw ExitCode(2)
        } catch let e as StoreError {
            out.flush()
            printError("vigil run: error: the journal: \(e)")
            throw ExitCode(2)
        }
    }
}

/// The journal a `vigil run` of runbooks writes: every step, answer, observed value and
/// action, delivered at once to the declared receivers (planned with --dry-run).
enum RunJournal {
    /// Opens it when the run runs a runbook; nil otherwise (a plain script opens no database).
    /// `trust` is what https receivers' certificates must chain to (`--ca-file`).
    static func open(_ session: VigilSession, name: String?, file: String, path: String?, dryRun: Bool,
                     trust: TLSTrust) throws -> ActionRun? {
        let runbooks = session.runbookDeclarations.compactMap(\.decl.name)
        guard name.map(runbooks.contains) ?? !runbooks.isEmpty else { return nil }
        let database = try JournalLocation.open(path)
        let run = try ActionRun(session: session, database: database, command: "run", file: file,
                                poster: dryRun ? nil : DeliveryHTTPClient(trust: trust), at: EvalSettings.milliseconds(Date()))
        // Someone is waiting for the page: a few quick retries, then a dead letter the run reports.
        run.layer.retry = RetryPolicy(firstDelay: 1_000, maxDelay: 8_000, maxAttempts: 4)
        session.runbooks.journal = run
        return run
    }

    /// Where to read the timeline; nothing when the journal lives only in memory.
    static func hint(_ run: ActionRun) -> String? {
        guard case .file(let path) = run.database.location else { return nil }
        return "journaled as run \(run.run.id) in \(path); its timeline: "
            + "vigil journal show \(run.run.id) --db \(path) --format markdown"
    }
}

/// The wall clock a canary with a traffic target runs on under `--source`: it sleeps until
/// each tick (SIGINT or SIGTERM stops it, and the canary sends traffic back to stable),
/// then reads what the source has gained. Signals are taken over only once a live canary
/// starts, so Ctrl-C still ends any other `vigil run` at once.
final class LiveClock {
    let feed: PrometheusFeed
    private lazy var stop = StopSignal()

    init(feed: PrometheusFeed) { self.feed = feed }

    /// `trust` reaches an https traffic webhook (`--ca-file`).
    func canaryClock(source: String, trust: TLSTrust) -> LiveCanaryClock {
        // The canary asks the time before it moves any traffic: from then on a signal stops it
        // cleanly (traffic back to stable) instead of killing it mid-rollout.
        LiveCanaryClock(now: { [self] in _ = stop; return EvalSettings.milliseconds(Date()) }, source: source, trust: trust) { [self] due in
            if stop.sleep(until: Date(timeIntervalSince1970: Double(due) / 1000)) { return false }
            try feed.refresh(through: max(EvalSettings.milliseconds(Date()), due))
            return true
        }
    }
}

/// Collects printed lines and writes them in large chunks: a script that prints a lot
/// should not pay a system call per line.
final class BufferedOutput {
    private var buffer = ""

    func write(_ line: String) {
        buffer += line
        buffer += "\n"
        if buffer.utf8.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}
