import Foundation
import VigilSeries

/// How canary timelines and events show times, weights and numbers: `+12m00s`, `10%`.
/// The one formatting for the coordinator's event descriptions and the language binding's
/// timeline lines.
public enum CanaryTimelineText {
    /// An offset from the start: `+0s`, `+45s`, `+1.500s`, `+12m00s`, `+1h02m03s`; negative
    /// offsets get a minus sign.
    public static func offset(_ milliseconds: Milliseconds) -> String {
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
    public static func percent(_ fraction: Double) -> String {
        number(fraction * 100) + "%"
    }

    /// Up to six significant digits, no trailing zeros.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
