import Foundation
import VigilSeries

/// How canary timelines show times and weights: `+12m00s`, `10%`.
public enum CanaryTimelineText {
    /// An offset from the start: `+0s`, `+45s`, `+12m00s`, `+1h02m03s`.
    public static func offset(_ ms: Milliseconds) -> String {
        let total = abs(ms) / 1000
        let sign = ms < 0 ? "-" : "+"
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
        if h > 0 { return sign + String(format: "%lldh%02lldm%02llds", h, m, s) }
        if m > 0 { return sign + String(format: "%lldm%02llds", m, s) }
        return sign + "\(s)s"
    }

    /// A weight as a percentage without needless decimals.
    public static func percent(_ fraction: Double) -> String {
        let p = fraction * 100
        return (p == p.rounded() ? String(Int64(p)) : String(format: "%g", p)) + "%"
    }
}
