import VigilSeries

/// When rules and a canary's analysis evaluate: several entries (one per rule), each at its
/// own interval from one start, in time order, and at one time in entry order. A replay,
/// `vigil test` and a canary walk every slot of a virtual clock; `vigil watch` gives the wall
/// clock as it advances an entry, so slots that passed while it was busy are skipped.
public struct EvaluationSchedule: Sendable {
    /// The default rule evaluation interval: 30 seconds.
    public static let defaultInterval: Milliseconds = 30 * TimeUnit.second

    /// Each entry's interval (positive).
    public let intervals: [Milliseconds]
    /// The last time an evaluation may happen (inclusive); nil for a schedule without end.
    public let end: Timestamp?
    /// Each entry's next slot.
    private var upcoming: [Timestamp]

    /// A schedule whose entries all first evaluate at `start`; every interval must be positive.
    public init(start: Timestamp, intervals: [Milliseconds], through end: Timestamp?) {
        precondition(intervals.allSatisfy { $0 > 0 }, "an evaluation interval must be positive")
        self.intervals = intervals
        self.end = end
        upcoming = intervals.map { _ in start }
    }

    /// A schedule of one entry: `start`, `start + every`, … through `end`.
    public init(start: Timestamp, every: Milliseconds, through end: Timestamp?) {
        self.init(start: start, intervals: [every], through: end)
    }

    /// The next time an entry is due; nil once every entry is past the end.
    public var nextTime: Timestamp? {
        guard let time = upcoming.min(), time <= end ?? time else { return nil }
        return time
    }

    /// Whether `entry`'s next slot is at `time`.
    public func isDue(_ entry: Int, at time: Timestamp) -> Bool {
        upcoming[entry] == time
    }

    /// Moves `entry` to its next slot. Given the clock, a slot that has already passed is
    /// skipped for the latest one not after the clock: a loop on the wall clock reports the
    /// present, not a burst of the past.
    public mutating func advance(_ entry: Int, clock: Timestamp? = nil) {
        let interval = intervals[entry]
        let next = upcoming[entry] + interval
        guard let clock, next < clock else {
            upcoming[entry] = next
            return
        }
        upcoming[entry] = next + (clock - next) / interval * interval
    }

    /// One entry's slots from `start` through `end`, for a replay that walks one rule at a time.
    public static func times(from start: Timestamp, every: Milliseconds, through end: Timestamp) -> StrideThrough<Timestamp> {
        precondition(every > 0, "an evaluation interval must be positive")
        return stride(from: start, through: end, by: Int(every))
    }
}
