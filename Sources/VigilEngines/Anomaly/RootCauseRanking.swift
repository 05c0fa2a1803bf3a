import VigilSeries

/// A change that may have caused an anomaly: a deployment the store recorded, or a change
/// ingested as an event (a config change, a feature flag, a deployment made elsewhere).
public struct ChangeCandidate: Equatable, Sendable {
    /// The kind of a deployment.
    public static let deploy = "deploy"

    public let service: String
    /// A lowercase word: `deploy` for deployments, else as ingested (`config`, `feature-flag`).
    public let kind: String
    /// What changed: a deployment's `v1.4.2 → v1.5.0`, an event's own words.
    public let description: String
    /// The version a deployment installed and the one it replaced; nil for other changes.
    public let version: String?
    public let previous: String?
    public let started: Timestamp

    /// A deployment of `version` (replacing `previous`, when known).
    public init(service: String, version: String, started: Timestamp, previous: String? = nil) {
        self.service = service
        kind = Self.deploy
        description = previous.map { "\($0) → \(version)" } ?? version
        self.version = version
        self.previous = previous
        self.started = started
    }

    /// A change of another kind, or a deployment known only by its description.
    public init(service: String, kind: String, description: String, started: Timestamp) {
        self.service = service
        self.kind = kind
        self.description = description
        version = nil
        previous = nil
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
/// correlate onset with recent deployments and config changes). Proximity weighs most: a
/// change just before the onset scores 0.7, one at the window's far edge 0; the anomalous
/// service's own change adds 0.3. Every kind of change weighs the same: a config change is
/// as likely a cause as a deployment at the same distance. Changes after the onset, or
/// before the window, cannot be the cause.
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
            return RankedCause(change: change, score: (score * 1000).rounded() / 1000,
                               reason: reason(change, sameService: sameService, before: before))
        }
        return ranked.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.change.started != b.change.started { return a.change.started > b.change.started }
            return (a.change.kind, a.change.description) < (b.change.kind, b.change.description)
        }
    }

    /// "the anomalous service's own deployment v2 started 5m before the onset", "a config
    /// change of checkout (raise pool size) 3m before the onset".
    static func reason(_ change: ChangeCandidate, sameService: Bool, before: Timestamp) -> String {
        let when = "\(words(before)) before the onset"
        if change.kind == ChangeCandidate.deploy {
            let what = change.version ?? "(\(change.description))"
            let whose = sameService ? "the anomalous service's own deployment" : "a deployment of \(change.service)"
            return "\(whose) \(what) started \(when)"
        }
        let whose = sameService ? "the anomalous service's own \(change.kind) change" : "a \(change.kind) change of \(change.service)"
        return "\(whose) (\(change.description)) \(when)"
    }

    /// A span such as "4m30s" or "0s".
    static func words(_ ms: Timestamp) -> String {
        let seconds = ms / 1000, h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60
        let parts = [(h, "h"), (m, "m"), (s, "s")].filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }
        return parts.isEmpty ? "0s" : parts.joined()
    }
}
