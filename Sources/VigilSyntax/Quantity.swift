import Foundation

/// The physical dimension of a quantity; arithmetic across dimensions is an error.
public enum Dimension: UInt8, Sendable, CustomStringConvertible {
    case number, duration, money, bytes, timestamp

    public var description: String {
        switch self {
        case .number: "number"
        case .duration: "duration"
        case .money: "money"
        case .bytes: "bytes"
        case .timestamp: "timestamp"
        }
    }
}

/// How a quantity prints; percent and multiplier are plain numbers that remember their look.
public enum QuantityStyle: UInt8, Sendable {
    case plain, percent, multiplier, bytesSI, bytesIEC
}

/// A number with a dimension and a display style: the value of every numeric literal.
/// Durations are seconds, timestamps seconds since the Unix epoch, money dollars, bytes bytes.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    public var value: Double
    public var dimension: Dimension
    public var style: QuantityStyle

    public init(_ value: Double, _ dimension: Dimension = .number, style: QuantityStyle = .plain) {
        self.value = value
        self.dimension = dimension
        self.style = style
    }

    /// The literal form: `2`, `0.5%`, `14.4x`, `1h30m`, `$1800.50`, `10MB`, `@2025-01-15T14:30:00Z`.
    public var description: String { QuantityFormat.format(value, dimension, style) }
}

/// Prints quantities back in the form a user would have written them.
public enum QuantityFormat {
    public static func format(_ v: Double, _ dimension: Dimension, _ style: QuantityStyle) -> String {
        switch dimension {
        case .number:
            switch style {
            case .percent: return number(v * 100) + "%"
            case .multiplier: return number(v) + "x"
            default: return number(v)
            }
        case .duration: return duration(v)
        case .money: return money(v)
        case .bytes: return bytes(v, iec: style == .bytesIEC)
        case .timestamp: return "@" + timestamp(v)
        }
    }

    /// Shortest form of a plain number: `2` not `2.0`, rounded to 6 significant digits (as C's `%g`)
    /// so that `0.1 + 0.2` prints `0.3`.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let rounded = Double(String(format: "%.6g", v)) ?? v
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var s = String(rounded)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    private static let durationUnits: [(String, Double)] = [
        ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1), ("ms", 0.001),
    ]

    /// Durations from this many seconds (2^53 microseconds, about 285 years) up print as plain
    /// seconds: beyond it a count of microseconds is no longer exact, so `w d h m s ms`
    /// parts would be wrong in their last digits (and at 1e300 s, unreadable).
    public static let largeDuration = Double(1 << 53) / 1_000_000

    /// `1h30m`, `250ms`, `7m30s`, `0s`; sub-millisecond remainders print as fractional ms.
    /// From `largeDuration` up, and below a microsecond, plain seconds in the shortest form
    /// that reads back exactly: `10000000000s`, `1e+300s`, `1e-09s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds.isNaN || seconds.isInfinite { return number(seconds) }
        if seconds < 0 { return "-" + duration(-seconds) }
        if seconds >= largeDuration { return exactSeconds(seconds) + "s" }
        // Work in rounded microseconds so 0.1 + 0.2 seconds prints `300ms`.
        var micros = (seconds * 1_000_000).rounded()
        if micros == 0 { return seconds == 0 ? "0s" : exactSeconds(seconds) + "s" }
        var out = ""
        for (name, size) in durationUnits {
            let unitMicros = (size * 1_000_000).rounded()
            if name == "ms" {
                if micros > 0 { out += number(micros / 1000) + "ms" }
                micros = 0
                break
            }
            let count = (micros / unitMicros).rounded(.down)
            if count >= 1 {
                out += number(count) + name
                micros -= count * unitMicros
            }
        }
        return out
    }

    /// `$1800`, `$1800.50`, `$0.0004`, `-$5`.
    public static func money(_ v: Double) -> String {
        if v < 0 { return "-" + money(-v) }
        let cents = (v * 100).rounded()
        if v != v.rounded(), abs(v * 100 - cents) < 1e-6, v >= 0.01, v < 1e13 {
            return "$" + String(format: "%.2f", cents / 100)
        }
        return "$" + number(v)
    }

    private static let siUnits: [(String, Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)]
    private static let iecUnits: [(String, Double)] = [
        ("TiB", 1_099_511_627_776), ("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024),
    ]

    /// `10MB`, `512KiB`, `12B`.
    public static func bytes(_ v: Double, iec: Bool) -> String {
        if v < 0 { return "-" + bytes(-v, iec: iec) }
        for (name, size) in iec ? iecUnits : siUnits where v >= size {
            return number(v / size) + name
        }
        return number(v) + "B"
    }

    /// The shortest decimal that reads back as exactly `v`, in a form the lexer accepts.
    static func exactSeconds(_ v: Double) -> String {
        var s = String(v)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// The instants RFC 3339 can write: 0000-01-01T00:00:00Z up to, not including, the year 10000.
    public static let rfc3339Range: Range<Double> = -62_167_219_200 ..< 253_402_300_800

    /// RFC 3339 in UTC: `2025-01-15T14:30:00Z`, with fractional seconds only when present.
    /// An instant outside the years 0000–9999 prints as an exact offset from the epoch,
    /// `1970-01-01T00:00:00Z - 1e+17s` (after `@`, an expression that reads back as it);
    /// NaN and infinities print as `NaN`, `Inf`, `-Inf`.
    public static func timestamp(_ epochSeconds: Double) -> String {
        guard epochSeconds.isFinite else { return number(epochSeconds) }
        guard rfc3339Range.contains(epochSeconds) else {
            let sign = epochSeconds < 0 ? " - " : " + "
            return "1970-01-01T00:00:00Z" + sign + exactSeconds(abs(epochSeconds)) + "s"
        }
        let whole = epochSeconds.rounded(.down)
        var secs = Int64(whole)
        // Milliseconds, rounded; 999.6 ms carries into the next second.
        var millis = Int64(((epochSeconds - whole) * 1000).rounded())
        if millis == 1000 { secs += 1; millis = 0 }
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = Int(secs - days * 86_400)
        let (y, m, d) = Calendar.civil(fromDays: days)
        var s = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
        if millis > 0 {
            var f = String(format: "%03d", Int(millis))
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s + "Z"
    }

    /// Proleptic Gregorian calendar arithmetic on days since 1970-01-01.
    public enum Calendar {
        public static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
            let z = z0 + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let y = yoe + era * 400
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let d = doy - (153 * mp + 2) / 5 + 1
            let m = mp < 10 ? mp + 3 : mp - 9
            return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
        }

        public static func days(year: Int, month: Int, day: Int) -> Int64 {
            let y = Int64(month <= 2 ? year - 1 : year)
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let mp = Int64(month > 2 ? month - 3 : month + 9)
            let doy = (153 * mp + 2) / 5 + Int64(day) - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }

        public static func daysInMonth(year: Int, month: Int) -> Int {
            switch month {
            case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
    }
}
