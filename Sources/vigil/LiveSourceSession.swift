import ArgumentParser
import Foundation
import VigilLib
import VigilLive
import VigilRuntime
import VigilSeries
import VigilSyntax

extension EvalSettings {
    /// With `--source`, connects `session` to the live source for evaluations from `start`
    /// through `end` (milliseconds) by the programs: each series they select is fetched over
    /// that span plus their longest window. Nil without `--source`. Exit 2, naming the URL,
    /// when the source does not answer.
    func connectSource(_ session: VigilSession, programs: [Program], frontend: Frontend,
                       evaluating start: Timestamp, through end: Timestamp,
                       minimumLookback: Milliseconds = 0) throws -> PrometheusFeed? {
        do {
            return try connectSourceReporting(session, programs: programs, frontend: frontend, evaluating: start,
                                              through: end, minimumLookback: minimumLookback)
        } catch let problem as GateProblem {
            printError(problem.rendered)
            throw ExitCode(2)
        }
    }

    /// `connectSource`, throwing the data error as a `GateProblem` for a report to carry.
    func connectSourceReporting(_ session: VigilSession, programs: [Program], frontend: Frontend,
                                evaluating start: Timestamp, through end: Timestamp,
                                minimumLookback: Milliseconds = 0) throws -> PrometheusFeed? {
        guard let source else { return nil }
        let lookback = max(minimumLookback, ProgramReach.lookback(of: programs, loader: frontend.loader))
        do {
            let feed = try PrometheusFeed(url: source.url, context: session.context, evaluating: start, through: end,
                                          lookback: lookback, requestTimeout: min(timeout, Self.requestTimeout),
                                          runTimeLeft: Double(commandDeadline(timeout) &- min(commandDeadline(timeout), RunOptions.clock())) / 1e9,
                                          trust: try Self.trust(caFile: caFile))
            session.context.seriesLoader = { try feed.load($0) }
            return feed
        } catch {
            throw GateProblem(kind: .data, file: nil, message: "cannot read from Prometheus at \(URLRedaction.masked(source.url)): \(error)")
        }
    }

    /// The authorities https sources and receivers must chain to: `--ca-file`, else the
    /// system's. A file that cannot be used is a usage error naming it.
    static func trust(caFile: String?) throws -> TLSTrust {
        guard let caFile else { return .system }
        do {
            return try TLSTrust(caFile: caFile)
        } catch let error as TLSTrustError {
            throw ValidationError("--ca-file: \(error)")
        }
    }

    /// The longest one request to a source may take, in seconds.
    static let requestTimeout: Double = 10

    /// The time a one-shot evaluation with a live source happens at: `--at`, else now.
    func liveEvaluationTime() throws -> Timestamp {
        let options = try runOptions()
        return Self.milliseconds(options.now ?? Date())
    }

    static func milliseconds(_ date: Date) -> Timestamp { WallClock.milliseconds(date) }
}
