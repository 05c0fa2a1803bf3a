import VigilSeries

/// UTC calendar arithmetic for spend periods: days, ISO weeks (Monday first) and months,
/// as a cloud bill counts them. Times are milliseconds since the epoch.
public enum CostCalendar {
    public static let dayMs: Timestamp = 86_400_000

    /// Midnight UTC at or before `t`.
    public static func startOfDay(_ t: Timestamp) -> Timestamp { floorDiv(t, dayMs) * dayMs }

    /// Monday 00:00 UTC at or before `t` (1970-01-01 was a Thursday).
    public static func startOfWeek(_ t: Timestamp) -> Timestamp {
        let day = floorDiv(t, dayMs)
        let weekday = ((day + 3) % 7 + 7) % 7  // 0 is Monday
        return (day - weekday) * dayMs
    }

    /// The first of the month, 00:00 UTC, at or before `t`.
    public static func startOfMonth(_ t: Timestamp) -> Timestamp {
        let (y, m, _) = civil(floorDiv(t, dayMs))
        return days(y, m, 1) * dayMs
    }

    /// The first of the next month, 00:00 UTC, after `t`.
    public static func startOfNextMonth(_ t: Timestamp) -> Timestamp {
        let (y, m, _) = civil(floorDiv(t, dayMs))
        return (m == 12 ? days(y + 1, 1, 1) : days(y, m + 1, 1)) * dayMs
    }

    /// `YYYY-MM-DD` of the day holding `t`.
    public static func date(_ t: Timestamp) -> String {
        let (y, m, d) = civil(floorDiv(t, dayMs))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    static func floorDiv(_ a: Timestamp, _ b: Timestamp) -> Timestamp {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Timestamp {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Timestamp(era * 146_097 + doe - 719_468)
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(_ dayCount: Timestamp) -> (Int, Int, Int) {
        let z = Int(dayCount) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
