import XCTest
import VigilEngines
import VigilLib
import VigilSeries
import VigilStore
import VigilSyntax

/// A checkout canary written in Vigil and run on the simulator's virtual clock, with what
/// it printed: the shared set-up of the language-level canary tests.
struct CanaryFixture {
    static let minute: Timestamp = 60_000

    /// Both signals of the simulated checkout service: a 1m error ratio, and the p95 gauge
    /// averaged over 1m, which is nodata when the version served nothing in that minute (a
    /// bare gauge would repeat its last value for the 5m lookback, and the judge would count
    /// one stale value as several samples).
    static let service = """
        service checkout {
          signal error_rate = ratio(series("http_requests_total", service: "checkout", code: ~"5.."),
                                    series("http_requests_total", service: "checkout"), 1m)
          signal latency_p95 = avg(series("http_request_duration_seconds", service: "checkout", quantile: "0.95"), 1m)
        }
        """

    /// A canary from v1 to v2 with `body` (steps, rules, judge, hooks…) and a `simulate`
    /// block with `seed` and `simulation` (faults…), at 100 requests per second.
    static func program(_ body: String, seed: Int = 3, simulation: String = "") -> String {
        """
        \(service)
        canary checkout {
          stable "v1"
          candidate "v2"
          every 1m
        \(body)
        }
        simulate {
          seed \(seed)
          traffic 100
        \(simulation)
        }
        """
    }

    let run: CanaryRun
    let session: VigilSession
    /// Everything the program printed (hooks included), one entry a line; the timeline is not echoed.
    let printed: [String]
    /// The error that ended the run, when one did (a failing hook, a bad setting).
    let error: Error?

    /// Parses, loads and runs the canary to its end.
    init(_ source: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let (program, diagnostics) = Parser.parse(SourceFile(path: "canary.vigil", text: source))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"), file: file, line: line)
        let session = VigilSession()
        session.canaries.printsTimeline = false
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        try session.load(program)
        try session.interpreter.run()
        var failure: Error?
        do { try session.canaries.runAll() } catch { failure = error }
        self.session = session
        self.run = try XCTUnwrap(session.canaries.runs["checkout"], "the canary did not start: \(failure.map { "\($0)" } ?? "")",
                                 file: file, line: line)
        self.printed = printed
        self.error = failure
    }

    /// The error a program that must not run raises, from loading to its canaries' end.
    static func failure(_ source: String) -> Error? {
        let (program, _) = Parser.parse(SourceFile(path: "canary.vigil", text: source))
        let session = VigilSession()
        session.canaries.printsTimeline = false
        do {
            try session.load(program)
            try session.interpreter.run()
            try session.canaries.runAll()
            return nil
        } catch {
            return error
        }
    }

    /// Runs `source` on the simulator with its store in `database`, printing nothing;
    /// `configure` adjusts the session before loading (say, the programs `--allow-exec` allows).
    /// Returns the session, the checkout canary's run and the error that ended it, if any.
    static func stored(_ source: String, in database: VigilDatabase, configure: (VigilSession) -> Void = { _ in })
        throws -> (session: VigilSession, run: CanaryRun?, error: Error?) {
        let (program, diagnostics) = Parser.parse(SourceFile(path: "canary.vigil", text: source))
        XCTAssertEqual(diagnostics.map { $0.render() }, [])
        let session = VigilSession()
        session.canaries.printsTimeline = false
        session.canaries.openDatabase = { database }
        session.interpreter.output = { _ in }
        configure(session)
        try session.load(program)
        try session.interpreter.run()
        do { try session.canaries.runAll() } catch { return (session, session.canaries.runs["checkout"], error) }
        return (session, session.canaries.runs["checkout"], nil)
    }

    var coordinator: CanaryCoordinator { run.coordinator }
    var status: CanaryStatus { run.coordinator.status }

    /// The time of the first event of a kind, relative to the start (the simulator starts at 0).
    func time(of matches: (CanaryEventKind) -> Bool) -> Timestamp? {
        coordinator.events.first { matches($0.kind) }.map { $0.time - coordinator.events[0].time }
    }

    var rolledBackAt: Timestamp? { time { if case .rolledBack = $0 { return true }; return false } }
    var promotedAt: Timestamp? { time { $0 == .promoted } }

    /// The times each step started, relative to the start, with its weight.
    var steps: [(Timestamp, Double)] {
        coordinator.events.compactMap { e in
            if case .stepStarted(_, let w) = e.kind { return (e.time - coordinator.events[0].time, w) }
            return nil
        }
    }

    /// Requests the simulator routed to `version` in `(from, to]` (offsets from the start):
    /// the growth of its request counters between the scrapes at those times.
    func requests(to version: String, from: Timestamp, to end: Timestamp) throws -> Double {
        let store = try XCTUnwrap(run.simulator?.store, "the canary ran without the simulator")
        let start = coordinator.events[0].time
        let counters = store.select([.metricName("http_requests_total"), .equal("version", version)])
        XCTAssertFalse(counters.isEmpty, "no request counters for \(version)")
        return counters.reduce(0) { total, counter in
            let before = counter.last(at: start + from, lookback: Self.minute) ?? 0
            let after = counter.last(at: start + end, lookback: Self.minute) ?? before
            return total + after - before
        }
    }

    /// The timeline lines that contain `text`.
    func timeline(containing text: String) -> [String] { run.timeline.filter { $0.contains(text) } }
}
