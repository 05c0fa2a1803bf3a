import VigilActions
import VigilRules
import VigilSeries
import VigilStore

/// `vigil watch` once its options are read and its program loaded: journals the run, then
/// evaluates the rules on the wall clock (`WatchLoop`), printing each state change, each
/// delivery and each triggered runbook's lines (`WatchRunbooks`) as they happen, until a
/// stop is requested (SIGINT, SIGTERM), `length` has passed, or once with `once`.
public struct LiveWatch {
    public let file: String
    public let session: VigilSession
    public let rules: [CompiledRule]
    /// The live source's feed or the store's, refreshed before every evaluation; nil on data files.
    public let feed: (any SampleFeed)?
    /// What the heading names as the data: `prometheus http://…` or `recorded data`.
    public let origin: String
    /// `--every`: every rule at this interval instead of its own.
    public let every: Milliseconds?
    /// `--for`; nil runs until a stop is requested.
    public let length: Milliseconds?
    public let once: Bool
    /// The journal's store, and what delivers its actions (nil: `--dry-run`, planned only).
    public let database: VigilDatabase
    public let poster: (any HTTPPoster)?
    /// The first evaluation, on a whole second.
    public let start: Timestamp

    public init(file: String, session: VigilSession, rules: [CompiledRule], feed: (any SampleFeed)?, origin: String,
                every: Milliseconds?, length: Milliseconds?, once: Bool, database: VigilDatabase,
                poster: (any HTTPPoster)?, start: Timestamp) {
        self.file = file
        self.session = session
        self.rules = rules
        self.feed = feed
        self.origin = origin
        self.every = every
        self.length = length
        self.once = once
        self.database = database
        self.poster = poster
        self.start = start
    }

    /// Runs the watch to its end, printing on `printer`.
    public func run(printer: WatchPrinter = WatchPrinter()) throws {
        let (session, rules, every) = (self.session, self.rules, self.every)
        // A runbook started by its trigger verifies in the background: each poll is a tick of
        // the loop, on fresh data, and rules go on being evaluated meanwhile.
        session.runbooks.options.verifyInBackground = true
        let actionRun = try ActionRun(session: session, database: database, command: "watch", file: file, poster: poster, at: start)
        let loop = try WatchLoop(session: session, rules: rules, every: every, feed: feed, actions: actionRun)
        let mode = poster == nil ? "--dry-run: actions are journaled as planned, none is delivered" : "actions are journaled, then delivered"
        printer.emit(["\(file): watching from \(ReplayReport.time(start)) on \(origin); \(mode) (run \(actionRun.run.id))"]
            + (loop.restored > 0 ? ["  resumed \(loop.restored) pending or firing label set\(loop.restored == 1 ? "" : "s") from the last run"] : [])
            + rules.map { ReplayReport.heading($0, every: every) })
        printer.lastRule = rules.last?.name
        let all = try loop.run(from: start, through: length.map { start + $0 }, once: once, stop: StopSignal(),
                               report: { changes in
                                   printer.emit(changes, rules: rules, every: every)
                                   try WatchRunbooks.start(for: changes, rules: rules, in: session, printer: printer)
                               },
                               afterTick: { try WatchRunbooks.resume(in: session, at: $0, printer: printer) },
                               delivered: { printer.emit(DeliveryLines.lines($0)) },
                               reconciled: { printer.emit($0.map { "  " + $0 }) })
        printer.emit(session.runbooksWaiting.map { "runbook \($0) was still verifying when the watch stopped: not finished" })
        // Pending entries are delivered by the next run (or retried by it) and say so.
        printer.emit([ReplayReport.watchSummary(all, journaled: try database.journal.entries(run: actionRun.run.id))])
    }
}
