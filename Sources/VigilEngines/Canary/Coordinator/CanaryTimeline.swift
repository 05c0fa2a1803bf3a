import Foundation
import VigilSeries

/// Renders events as a timeline, one line each, times relative to an origin:
/// `+10m00s  step 2 started at 50%`.
public enum CanaryTimeline {
    /// The timeline text; `origin` defaults to the first event's time.
    public static func render(_ events: [CanaryEvent], origin: Timestamp? = nil) -> String {
        guard let start = origin ?? events.first?.time else { return "" }
        return events.map { event in
            TimelineFormat.offset(event.time - start).padding(toLength: 10, withPad: " ", startingAt: 0)
                + event.kind.description
        }.joined(separator: "\n")
    }
}

/// Number and time formatting shared by events and the timeline.
enum TimelineFormat {
    /// `+1h02m03s`, `+10m00s`, `+45s`, `+1.5s`; negative offsets get a minus sign.
    static func offset(_ milliseconds: Milliseconds) -> String {
        let sign = milliseconds < 0 ? "-" : "+"
        let total = abs(milliseconds)
        let hours = total / TimeUnit.hour
        let minutes = (total % TimeUnit.hour) / TimeUnit.minute
        let seconds = (total % TimeUnit.minute) / TimeUnit.second
        let fraction = total % TimeUnit.second
        let secondsText = fraction == 0 ? String(format: "%02lld", seconds)
            : String(format: "%02lld.%03lld", seconds, fraction)
        if hours > 0 { return sign + String(format: "%lldh%02lldm", hours, minutes) + secondsText + "s" }
        if minutes > 0 { return sign + String(format: "%lldm", minutes) + secondsText + "s" }
        return sign + (fraction == 0 ? "\(seconds)" : String(format: "%lld.%03lld", seconds, fraction)) + "s"
    }

    /// A weight as a percentage without needless decimals: 10%, 12.5%.
    static func percent(_ fraction: Double) -> String {
        number(fraction * 100) + "%"
    }

    /// Up to six significant digits, no trailing zeros.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
