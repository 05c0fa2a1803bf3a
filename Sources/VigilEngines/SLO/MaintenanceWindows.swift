/// Maintenance windows an SLO leaves out of its SLI and budget: periods written once
/// (`exclude @from to @to`) or recurring daily or weekly from one occurrence. Events inside
/// them count neither as good nor as bad, so a planned outage spends no budget — what Sloth
/// and Pyrra users ask for and neither offers.
public struct MaintenanceWindows: Equatable, Sendable {
    public enum Recurrence: Double, Equatable, Sendable {
        case once = 0, daily = 86_400, weekly = 604_800
    }

    public struct Window: Equatable, Sendable {
        /// Seconds since the epoch; `end` is exclusive.
        public let start: Double
        public let end: Double
        public let recurrence: Recurrence

        public init(start: Double, end: Double, recurrence: Recurrence = .once) throws {
            guard start.isFinite, end.isFinite, end > start else { throw MaintenanceWindowError.endNotAfterStart }
            if recurrence != .once, end - start >= recurrence.rawValue { throw MaintenanceWindowError.longerThanRecurrence(recurrence) }
            self.start = start
            self.end = end
            self.recurrence = recurrence
        }

        /// Every occurrence that overlaps [from, to], clipped to it.
        func occurrences(from: Double, to: Double) -> [(Double, Double)] {
            guard recurrence != .once else {
                let lower = max(start, from), upper = min(end, to)
                return upper > lower ? [(lower, upper)] : []
            }
            let step = recurrence.rawValue
            // The first occurrence that can still overlap `from`.
            var k = ((from - end) / step).rounded(.down)
            var result: [(Double, Double)] = []
            while start + k * step < to {
                let lower = max(start + k * step, from), upper = min(end + k * step, to)
                if upper > lower { result.append((lower, upper)) }
                k += 1
            }
            return result
        }
    }

    public let windows: [Window]

    public init(_ windows: [Window]) { self.windows = windows }

    public var isEmpty: Bool { windows.isEmpty }

    /// The excluded parts of [from, to], merged and in order: the spans whose events an SLI
    /// over that interval leaves out.
    public func excluded(from: Double, to: Double) -> [(start: Double, end: Double)] {
        let spans = windows.flatMap { $0.occurrences(from: from, to: to) }.sorted { $0.0 < $1.0 }
        var merged: [(start: Double, end: Double)] = []
        for (lower, upper) in spans {
            if let last = merged.last, lower <= last.end {
                merged[merged.count - 1].end = max(last.end, upper)
            } else {
                merged.append((lower, upper))
            }
        }
        return merged
    }

    /// Whether `time` falls inside a window.
    public func contains(_ time: Double) -> Bool {
        !excluded(from: time, to: time + 0.001).isEmpty
    }
}

public enum MaintenanceWindowError: Error, Equatable, CustomStringConvertible {
    case endNotAfterStart
    case longerThanRecurrence(MaintenanceWindows.Recurrence)

    public var description: String {
        switch self {
        case .endNotAfterStart: "a maintenance window must end after it starts"
        case .longerThanRecurrence(let r): "a \(r == .daily ? "daily" : "weekly") maintenance window must be shorter than a \(r == .daily ? "day" : "week")"
        }
    }
}
