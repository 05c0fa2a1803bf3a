import VigilSeries

/// A change that may have caused an anomaly: a deployment, by service and start time.
public struct ChangeCandidate: Equatable, Sendable {
    public let service: String
    public let version: String
    public let started: Timestamp

    public init(service: String, version: String, started: Timestamp) {
        self.service = service
        self.version = version
        self.started = started
    }
}

/// A candidate with its score (0…1, higher is likelier) and the reason in words.
public struct RankedCause: Equatable, Sendable {
    public let change: ChangeCandidate
    public let score: Double
    public let reason: String
}

/// Ranks changes that began in the look-back window before an anomaly's onset (DOMAIN.md:
/// correlate onset with recent deployments). Proximity weighs most: a change just before
/// the onset scores 0.7, one at the window's far edge 0; the anomalous service's own
/// change adds 0.3. Changes after the onset, or before the window, cannot be the cause.
public enum RootCauseRanking {
    public static let defaultLookback: Timestamp = 7_200_000
    static let proximityWeight = 0.7
    static let serviceWeight = 0.3

    public static func rank(_ changes: [ChangeCandidate], onset: Timestamp, service: String?,
                            lookback: Timestamp = defaultLookback) -> [RankedCause] {
        let ranked = changes.compactMap { change -> RankedCause? in
            let before = onset - change.started
            guard before >= 0, before <= lookback else { return nil }
            let proximity = 1 - Double(before) / Double(lookback)
            let sameService = change.service == service
            let score = proximityWeight * proximity + (sameService ? serviceWeight : 0)
            let whose = sameService ? "the anomalous service's own deployment" : "a deployment of \(change.service)"
            let reason = "\(whose) \(change.version) started \(words(before)) before the onset"
            return RankedCause(change: change, score: (score * 1000).rounded() / 1000, reason: reason)
        }
        return ranked.sorted { $0.score != $1.score ? $0.score > $1.score : $0.change.started > $1.change.started }
    }

    /// A span such as "4m30s" or "0s".
    static func words(_ ms: Timestamp) -> String {
        let seconds = ms / 1000, h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60
        let parts = [(h, "h"), (m, "m"), (s, "s")].filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }
        return parts.isEmpty ? "0s" : parts.joined()
    }
}
