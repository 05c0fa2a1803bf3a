import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The kernel of `burn_rate(checkout, 1h) > 14.4x` (`KernelRequest` with an SLO handle):
/// the burn rate computed straight from the SLI's counter windows, without evaluating the
/// SLI's selectors again or building dictionaries of counts at every evaluation.
///
/// It reads and advances the very per-call-site windows `burn_rate`'s own call uses (the
/// same `SeriesCallSites` keys, one per role and window), sums each selection's increases
/// in the same order and makes the ratio with `ErrorRatio` and the burn rate with the SLO's
/// `ErrorBudget`, so both give the same answer and may take turns at one time. Where the
/// ratio is nodata the ordinary code runs instead (at the same time, so nothing moves) and
/// says why. SLOs with `by` or maintenance windows are compiled the ordinary way.
final class BurnRateKernel: ComparisonKernel {
    let request: KernelRequest
    let slo: SLOObject
    /// The kernel without the session, for a replay's jobs.
    let spec: BurnRateSpec
    private unowned let session: VigilSession
    private let call: BuiltinCall
    /// The SLI's selections and their windows under each narrowing met, made on first use.
    private var prepared: [String: Sites] = [:]
    private var last: (narrowing: String, sites: Sites)?

    struct Sites {
        let part: SeriesSelection
        let total: SeriesSelection
        let partWindows: SiteStates<SlidingWindow>
        let totalWindows: SiteStates<SlidingWindow>
    }

    init?(_ request: KernelRequest, session: VigilSession) {
        guard request.function == "burn_rate", case .object(let slo as SLOObject)? = request.handle,
              let call = request.call, slo.by == nil, slo.indicator.maintenance.isEmpty,
              slo.indicator.selectors.allSatisfy(Self.isLiteralSelector),
              case .number(let seconds, _) = request.window, TimeSpan.milliseconds(seconds) != nil,
              case .number(let bound, let boundUnit) = request.threshold,
              UnitAlgebra.result(request.op, VigilRuntime.Unit.plain.dimension, boundUnit.dimension) != nil else { return nil }
        self.request = request
        self.slo = slo
        self.session = session
        self.call = call
        spec = BurnRateSpec(width: Milliseconds((seconds * 1000).rounded()),
                            budget: slo.budget, minimumEvents: slo.minimumEvents, countsBad: slo.indicator.countsBad,
                            op: request.op, threshold: bound, thresholdOnLeft: request.thresholdOnLeft)
    }

    /// `series("m", label: "v", other: ~"re")` with literal arguments: the same selection at
    /// every evaluation, so it is made once.
    static func isLiteralSelector(_ e: Expr) -> Bool {
        guard case .call(let callee, let args) = e.kind, case .name("series") = callee.kind else { return false }
        return args.allSatisfy { argument in
            switch argument.value.kind {
            case .regex: true
            case .string(let segments): segments.allSatisfy { if case .text = $0 { true } else { false } }
            default: false
            }
        }
    }

    func compare(_ call: BuiltinCall) -> Value? {
        guard let sites = prepare() else { return nil }
        let time = session.context.nowMs
        // Totals first, as `SLOIndicator.counts` reads them.
        let total = Self.increase(sites.total, sites.totalWindows, spec.width, at: time)
        let part = Self.increase(sites.part, sites.partWindows, spec.width, at: time)
        guard let burnRate = spec.burnRate(part: part, total: total) else { return nil }
        return .bool(spec.holds(burnRate))
    }

    /// The summed increase of a selection's series over the window, as
    /// `SeriesRatioBuiltin.increases` sums one group; nil when no series has one.
    private static func increase(_ selection: SeriesSelection, _ windows: SiteStates<SlidingWindow>, _ width: Milliseconds,
                                 at time: Timestamp) -> Double? {
        let (store, positions) = selection.resolved()
        var sum: Double?
        for (position, stored) in positions.enumerated() {
            guard let increase = windows.value(.increase, width: width, of: store.series(at: stored), position: position,
                                               at: time) else { continue }
            sum = (sum ?? 0) + increase
        }
        return sum
    }

    /// The series' `CounterIndex`, made once per series for every kernel of the session;
    /// nil where the series has none (its window is read instead).
    func counterIndex(of series: Series) -> CounterIndex? {
        session.engineState { CounterIndexes() }.index(of: series)
    }

    /// The comparison as a recorded evaluation of the ordinary code records it, from the burn
    /// rate a replay job found (nil: nodata).
    func comparison(_ burnRate: Double?) throws -> ObservedComparison {
        let value = burnRate.map { Value.number($0, .plain) } ?? .nodata
        let (left, right) = request.thresholdOnLeft ? (request.threshold, value) : (value, request.threshold)
        let result = try request.compare(left, right)
        let call = ObservedComparison.Operand(text: request.callText, value: value, isLiteral: false)
        let bound = ObservedComparison.Operand(text: request.thresholdText, value: request.threshold, isLiteral: true)
        return ObservedComparison(op: request.op, left: request.thresholdOnLeft ? bound : call,
                                  right: request.thresholdOnLeft ? call : bound, result: result)
    }

    /// The selections and window states under the current narrowing, made on first use;
    /// nil when the SLI has no selection to read (the ordinary code then says why) or a live
    /// source loads series as selections are made.
    @discardableResult
    func prepare() -> Sites? {
        let context = session.context
        if let last, last.narrowing == context.narrowingKey { return last.sites }
        if let made = prepared[context.narrowingKey] {
            last = (context.narrowingKey, made)
            return made
        }
        guard context.seriesLoader == nil,
              let (part, total) = slo.kernelSelections(context.narrowingKey, { try? slo.indicator.selections(call, session) })
        else { return nil }
        let windows = { (role: String) in
            self.session.seriesCallSites.windows(SeriesCallSites.key(self.call, self.slo.indicator.siteRole(role, self.spec.width), context))
        }
        let sites = Sites(part: part, total: total, partWindows: windows(slo.indicator.partName), totalWindows: windows("total"))
        prepared[context.narrowingKey] = sites
        last = (context.narrowingKey, sites)
        return sites
    }
}

/// What a burn-rate kernel computes, without the session: a value of numbers only, so a
/// replay may hand it to any thread and copy it freely.
struct BurnRateSpec: Sendable {
    let width: Milliseconds
    let budget: ErrorBudget
    let minimumEvents: Double
    let countsBad: Bool
    let op: BinaryOp
    let threshold: Double
    let thresholdOnLeft: Bool

    /// The burn rate from the window's event counts, as `burn_rate` makes it (through
    /// `ErrorRatio`, with the low-traffic guard); nil where that is nodata.
    func burnRate(part: Double?, total: Double?) -> Double? {
        guard let part, let total else { return nil }
        let ratio = countsBad ? ErrorRatio.ratio(bad: part, total: total, minimumEvents: minimumEvents)
            : ErrorRatio.ratio(good: part, total: total, minimumEvents: minimumEvents)
        return ratio.map { budget.burnRate(errorRatio: $0) }
    }

    /// The interpreter's comparison of two numbers of comparable units.
    @inline(__always) func holds(_ value: Double) -> Bool {
        thresholdOnLeft ? op.holds(threshold, value) : op.holds(value, threshold)
    }
}

/// A session's counter indexes by series, for the replay jobs of burn-rate rules: the eight
/// windows of an SLO's two multiwindow rules read the same counters. An index is made again
/// when its series has grown (a live store appends samples).
final class CounterIndexes {
    private var made: [Labels: (count: Int, index: CounterIndex?)] = [:]

    func index(of series: Series) -> CounterIndex? {
        if let known = made[series.labels], known.count == series.count { return known.index }
        let index = CounterIndex(series)
        made[series.labels] = (series.count, index)
        return index
    }
}
