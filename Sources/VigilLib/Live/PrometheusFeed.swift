import Foundation
import VigilLive
import VigilSeries

/// Fills a session's series store from a live Prometheus, so range functions, rules and
/// policies run on live data exactly as they do on a recorded file.
///
/// Each `series(…)` is fetched the first time the program selects it (see
/// `EvaluationContext.seriesLoader`), with its own matchers, over the feed's time range;
/// `refresh(through:)` extends every fetched selection up to a later time. Selections may
/// overlap (`code: ~"5.."` and all codes), so fetched samples are merged per label set:
/// only samples newer than the ones stored are appended, and the store never holds a sample twice.
public final class PrometheusFeed: SampleFeed {
    public let source: PrometheusSource
    /// How far before the first evaluation the program reads (see `ProgramReach`).
    public let lookback: Milliseconds
    /// The samples every fetched selection holds: `[from, through]`.
    public private(set) var from: Timestamp
    public private(set) var through: Timestamp
    /// The selections fetched so far, by their PromQL selector (which also dedupes them).
    private var selections: [String: [LabelMatcher]] = [:]
    private let context: EvaluationContext

    /// How far a refresh reaches back before the previous one: a scrape's samples carry the
    /// scrape's start time but are stored when the scrape ends, so the newest seconds of one
    /// read may still gain samples.
    public static let refreshOverlap: Milliseconds = 2 * TimeUnit.minute

    /// Connects to `url` and checks that it answers; a failure names the URL.
    public init(url: String, context: EvaluationContext, evaluating start: Timestamp, through end: Timestamp,
         lookback: Milliseconds, requestTimeout: TimeInterval, runTimeLeft: TimeInterval? = nil, trust: TLSTrust = .system) throws {
        source = try PrometheusSource(url: url, timeout: requestTimeout, runTimeLeft: runTimeLeft, trust: trust)
        self.lookback = lookback
        from = start - lookback
        through = end
        self.context = context
        let source = self.source
        try BlockingTask.run { try await source.probe() }
    }

    /// Fetches the series matching `matchers` over the feed's range, once per selection.
    public func load(_ matchers: [LabelMatcher]) throws {
        let key = try PromQL.selector(matchers)
        guard selections[key] == nil else { return }
        try fetch(matchers, from: from, through: through)
        selections[key] = matchers
    }

    /// Brings every fetched selection up to `end` (the next evaluation's time), and moves
    /// the range a later new selection is fetched for, so a long watch fetches no more than
    /// its lookback for it.
    public func refresh(through end: Timestamp) throws {
        guard end > through else { return }
        let start = max(from, through - Self.refreshOverlap)
        for matchers in selections.values { try fetch(matchers, from: start, through: end) }
        through = end
        from = max(from, end - lookback)
    }

    private func fetch(_ matchers: [LabelMatcher], from start: Timestamp, through end: Timestamp) throws {
        let source = self.source
        let fetched = try BlockingTask.run { try await source.samples(matching: matchers, from: start, through: end) }
        for series in fetched.series { try context.store.appendNewer(series) }
    }
}
