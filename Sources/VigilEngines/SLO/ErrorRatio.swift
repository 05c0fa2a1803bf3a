/// The error ratio of an SLI over one window, from event counts (the increases of the bad
/// and total counters over the window), or why there is none.
public enum ErrorRatio: Equatable, Sendable {
    case value(Double)
    case nodata(String)

    /// Fewer than `minimumEvents` events in the window is nodata: a handful of requests with
    /// one failure is not a 100x burn (the low-traffic false positive Sloth users report).
    public static func of(bad: Double, total: Double, window: @autoclosure () -> String, minimumEvents: Double = 1) -> ErrorRatio {
        guard bad.isFinite, total.isFinite, bad >= 0, total >= 0 else {
            return .nodata("event counts over \(window()) are not counts (bad \(format(bad)), total \(format(total)))")
        }
        if total == 0 { return .nodata("no events over \(window())") }
        if total < minimumEvents {
            return .nodata("only \(format(total)) events over \(window()), fewer than the minimum \(format(minimumEvents))")
        }
        if bad > total {
            return .nodata("bad events (\(format(bad))) exceed total events (\(format(total))) over \(window())")
        }
        return .value(bad / total)
    }

    /// From good and total counts: bad = total − good.
    public static func of(good: Double, total: Double, window: @autoclosure () -> String, minimumEvents: Double = 1) -> ErrorRatio {
        if good > total {
            return .nodata("good events (\(format(good))) exceed total events (\(format(total))) over \(window())")
        }
        return of(bad: total - good, total: total, window: window(), minimumEvents: minimumEvents)
    }

    public var number: Double? {
        if case .value(let ratio) = self { return ratio }
        return nil
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
