/// An SLO's objective over its period, and the error-budget arithmetic of the SRE workbook:
/// the error budget EB = 1 − objective, a burn rate is an error ratio in units of EB, and a
/// burn rate BR held for a window L consumes BR × L / period of the budget.
public struct ErrorBudget: Equatable, Sendable {
    /// The objective as a fraction, strictly between 0 and 1 (99.9% is 0.999).
    public let objective: Double
    /// The SLO's period (its rolling window), in seconds.
    public let period: Double

    public init(objective: Double, period: Double) throws {
        guard objective.isFinite, objective > 0, objective < 1 else {
            throw SLOError.objectiveOutOfRange(objective)
        }
        guard period.isFinite, period > 0 else { throw SLOError.periodNotPositive(period) }
        self.objective = objective
        self.period = period
    }

    /// The fraction of events allowed to be bad over the period.
    @inlinable public var fraction: Double { 1 - objective }

    /// How many times faster than sustainable the budget burns at this error ratio.
    @inlinable public func burnRate(errorRatio: Double) -> Double { errorRatio / fraction }

    /// The fraction of the budget spent when `errorRatio` is the error ratio over the whole
    /// period (can exceed 1: the budget is overspent).
    public func spent(errorRatio: Double) -> Double { errorRatio / fraction }

    /// The fraction of the budget left (negative when overspent).
    public func left(errorRatio: Double) -> Double { 1 - spent(errorRatio: errorRatio) }

    /// The fraction of the budget a burn rate consumes when it holds for `duration` seconds.
    public func consumed(burnRate: Double, for duration: Double) -> Double {
        burnRate * duration / period
    }

    /// Seconds until the budget left is gone if `burnRate` holds; nil when nothing burns
    /// (the budget never runs out), 0 when it is already gone.
    public func timeToExhaustion(left: Double, burnRate: Double) -> Double? {
        if left <= 0 { return 0 }
        guard burnRate > 0 else { return nil }
        return left * period / burnRate
    }

    /// The fraction of good events: what the objective is compared with.
    public static func compliance(errorRatio: Double) -> Double { 1 - errorRatio }
}

public enum SLOError: Error, Equatable, CustomStringConvertible {
    case objectiveOutOfRange(Double)
    case periodNotPositive(Double)

    public var description: String {
        switch self {
        case .objectiveOutOfRange(let value):
            "an SLO objective must be between 0% and 100% (exclusive), got \(value * 100)%"
        case .periodNotPositive(let value):
            "an SLO window must be a positive duration, got \(value)s"
        }
    }
}
