import VigilSeries

/// An alert as Vigil sends it to Alertmanager.
public struct Alert: Hashable, Sendable {
    /// Identity of the alert; Alertmanager deduplicates by these (e.g. `alertname`, `service`).
    public var labels: Labels
    /// Free-form details (summary, runbook URL); not part of the identity.
    public var annotations: [String: String]
    /// When the condition started; nil lets Alertmanager use the time it received the alert.
    public var startsAt: Timestamp?
    /// When the alert ends; a time at or before now resolves it. Nil lets Alertmanager
    /// apply its `resolve_timeout` (the alert must then be re-sent to stay active).
    public var endsAt: Timestamp?
    /// Link back to the rule that produced the alert.
    public var generatorURL: String?

    /// Creates an alert.
    public init(
        labels: Labels, annotations: [String: String] = [:], startsAt: Timestamp? = nil,
        endsAt: Timestamp? = nil, generatorURL: String? = nil
    ) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// The label fingerprint, equal to the one Alertmanager reports for this alert.
    public var fingerprint: String { AlertFingerprint.of(labels) }

    /// The JSON object of `POST /api/v2/alerts`.
    var json: [String: Any] {
        var object: [String: Any] = ["labels": labels.dictionary, "annotations": annotations]
        if let startsAt { object["startsAt"] = RFC3339.format(startsAt) }
        if let endsAt { object["endsAt"] = RFC3339.format(endsAt) }
        if let generatorURL { object["generatorURL"] = generatorURL }
        return object
    }
}

/// What Alertmanager does with an alert it holds.
public enum AlertState: String, Sendable {
    /// Routed to receivers.
    case active
    /// Muted by a silence or an inhibition.
    case suppressed
    /// Received but not yet through the pipeline.
    case unprocessed
}

/// An alert as Alertmanager reports it (`GET /api/v2/alerts`).
public struct ReceivedAlert: Hashable, Sendable {
    /// Labels, annotations and times as Alertmanager stores them.
    public let alert: Alert
    /// Alertmanager's fingerprint of the labels.
    public let fingerprint: String
    /// Whether it is active, suppressed or unprocessed.
    public let state: AlertState
    /// IDs of the silences muting it.
    public let silencedBy: [String]
    /// Fingerprints of the alerts inhibiting it.
    public let inhibitedBy: [String]
    /// Names of the receivers it routes to.
    public let receivers: [String]
}

/// One matcher of a silence, with Alertmanager's semantics (regexes fully anchored).
public struct SilenceMatcher: Hashable, Sendable {
    /// Label name.
    public var name: String
    /// Literal value or regular expression.
    public var value: String
    /// True when `value` is a regular expression.
    public var isRegex: Bool
    /// False to negate the match (`!=`, `!~`).
    public var isEqual: Bool

    /// Creates a matcher; by default an equality matcher.
    public init(name: String, value: String, isRegex: Bool = false, isEqual: Bool = true) {
        self.name = name
        self.value = value
        self.isRegex = isRegex
        self.isEqual = isEqual
    }

    /// The silence matcher equivalent to a Vigil label matcher.
    public init(_ matcher: LabelMatcher) {
        let isRegex = matcher.kind == .regex || matcher.kind == .notRegex
        let isEqual = matcher.kind == .equal || matcher.kind == .regex
        self.init(name: matcher.name, value: matcher.value, isRegex: isRegex, isEqual: isEqual)
    }

    var json: [String: Any] { ["name": name, "value": value, "isRegex": isRegex, "isEqual": isEqual] }
}

/// A silence to create: mutes matching alerts from `startsAt` until `endsAt`.
public struct Silence: Hashable, Sendable {
    /// All must match for an alert to be muted.
    public var matchers: [SilenceMatcher]
    /// Start of the silence.
    public var startsAt: Timestamp
    /// End of the silence (after `startsAt`).
    public var endsAt: Timestamp
    /// Who asked for it (shown in the Alertmanager UI).
    public var createdBy: String
    /// Why (shown in the Alertmanager UI).
    public var comment: String

    /// Creates a silence.
    public init(matchers: [SilenceMatcher], startsAt: Timestamp, endsAt: Timestamp, createdBy: String, comment: String) {
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    var json: [String: Any] {
        [
            "matchers": matchers.map(\.json), "startsAt": RFC3339.format(startsAt),
            "endsAt": RFC3339.format(endsAt), "createdBy": createdBy, "comment": comment,
        ]
    }
}

/// A silence as Alertmanager reports it (`GET /api/v2/silences`).
public struct ReceivedSilence: Hashable, Sendable {
    /// The silence's ID.
    public let id: String
    /// `active`, `pending` or `expired`.
    public let state: String
    /// The silence as stored (Alertmanager may move `startsAt` to the time it was created).
    public let silence: Silence
}
