import VigilSeries

/// Exponential backoff with jitter, then a dead letter: 1s, 2s, 4s … capped at 5m, each
/// delay drawn between half and all of its value so a fleet of retries does not synchronise.
public struct RetryPolicy: Sendable {
    public var firstDelay: Milliseconds
    public var maxDelay: Milliseconds
    /// Attempts before the entry becomes a dead letter.
    public var maxAttempts: Int

    public init(firstDelay: Milliseconds = 1_000, maxDelay: Milliseconds = 300_000, maxAttempts: Int = 8) {
        self.firstDelay = max(1, firstDelay)
        self.maxDelay = max(self.firstDelay, maxDelay)
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The delay before attempt `attempts + 1`, after `attempts` failed ones.
    public func delay(after attempts: Int, random: Double = Double.random(in: 0...1)) -> Milliseconds {
        let exponent = min(max(attempts - 1, 0), 40)
        let full = min(Double(maxDelay), Double(firstDelay) * Double(1 << exponent))
        return Milliseconds(full * (0.5 + 0.5 * random))
    }
}
