/// The error ratio of an SLI over one window, from event counts (the increases of the bad
/// and total counters over the window), or why there is none.
public enum ErrorRatio: Equatable, Sendable {
    case value(Double)
    case nodata(String)

    /// Fewer than `minimumEvents` events in the window is nodata: a handful of requests with
    /// one failure is not a 100x burn (the low-traffic false positive Sloth users report).
    public static func of(bad: Double, total: Double, window: @autoclosure () -> String, minimumEvents: Double = 1) -> ErrorRatio {
        switch flaw(bad: bad, total: total, minimumEvents: minimumEvents) {
        case nil:
            return .value(bad / total)
        case .notCounts:
            return .nodata("event counts over \(window()) are not counts (bad \(format(bad)), total \(format(total)))")
        case .noEvents:
            return .nodata("no events over \(window())")
        case .tooFew:
            return .nodata("only \(format(total)) events over \(window()), fewer than the minimum \(format(minimumEvents))")
        case .badExceedsTotal:
            return .nodata("bad events (\(format(bad))) exceed total events (\(format(total))) over \(window())")
        }
    }

    /// From good and total counts: bad = total − good.
    public static func of(good: Double, total: Double, window: @autoclosure () -> String, minimumEvents: Double = 1) -> ErrorRatio {
        if good > total {
            return .nodata("good events (\(format(good))) exceed total events (\(format(total))) over \(window())")
        }
        return of(bad: total - good, total: total, window: window(), minimumEvents: minimumEvents)
    }

    /// `of(bad:…).number` without making the reason: for a replay evaluating every minute.
    @inlinable public static func ratio(bad: Double, total: Double, minimumEvents: Double) -> Double? {
        flaw(bad: bad, total: total, minimumEvents: minimumEvents) == nil ? bad / total : nil
    }

    /// `of(good:…).number` without making the reason.
    @inlinable public static func ratio(good: Double, total: Double, minimumEvents: Double) -> Double? {
        good > total ? nil : ratio(bad: total - good, total: total, minimumEvents: minimumEvents)
    }

    public var number: Double? {
        if case .value(let ratio) = self { return ratio }
        return nil
    }

    /// Why bad and total counts make no ratio (nil: they make one): the one set of rules
    /// `of` words and `ratio` does not.
    @usableFromInline enum Flaw { case notCounts, noEvents, tooFew, badExceedsTotal }

    @inlinable static func flaw(bad: Double, total: Double, minimumEvents: Double) -> Flaw? {
        guard bad.isFinite, total.isFinite, bad >= 0, total >= 0 else { return .notCounts }
        if total == 0 { return .noEvents }
        if total < minimumEvents { return .tooFew }
        if bad > total { return .badExceedsTotal }
        return nil
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
