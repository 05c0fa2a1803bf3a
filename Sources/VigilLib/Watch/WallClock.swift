import Foundation
import VigilSeries

/// The wall clock in the milliseconds series and evaluations use.
public enum WallClock {
    public static func milliseconds(_ date: Date) -> Timestamp {
        Timestamp((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func now() -> Timestamp { milliseconds(Date()) }
}
