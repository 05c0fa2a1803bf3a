import VigilEngines
import VigilRuntime
import VigilSeries
import VigilStore

/// `anomalies(service, since:)` and `root_cause(a)`.
extension AnomalyBinding {
    static let defaultSince = 3600.0

    static func anomalies(_ args: [Value], _ call: BuiltinCall, _ registry: AnomalyRegistry) throws -> Value {
        let service: String? = args[0].isNone ? nil : try CanaryBinding.serviceName(args[0], call)
        var since = defaultSince
        if case .number(let s, let unit) = args[1] {
            guard unit.dimension == .duration, s >= 0 else {
                throw call.error("`since` must be a duration such as 1h, found \(args[1].literal)")
            }
            since = Double(try TimeSpanCheck.milliseconds(s, call)) / 1000
        }
        // `now` and `since` are both inside `TimeSpan`, so their difference in ms fits an Int64.
        let from = Timestamp(((call.now - since) * 1000).rounded()), now = Timestamp((call.now * 1000).rounded())
        return .list(try registry.listed(service: service, from: from, through: now, call).map { .object($0) })
    }

    static func rootCause(_ args: [Value], _ call: BuiltinCall, _ canaries: CanaryRegistry) throws -> Value {
        let anomaly: AnomalyValue
        switch args[0] {
        case .object(let a as AnomalyValue): anomaly = a
        case .bool(false), .none: return .list([])  // no anomaly, nothing to explain
        case .nodata: return .nodata
        default: throw call.error("`root_cause` needs an anomaly such as anomaly(series(\"latency_seconds\")), found \(args[0].described)")
        }
        var lookback = RootCauseRanking.defaultLookback
        if case .number(let w, let unit) = args[1] {
            guard unit.dimension == .duration, w > 0 else {
                throw call.error("`lookback` must be a positive duration such as 2h, found \(args[1].literal)")
            }
            lookback = try TimeSpanCheck.milliseconds(w, call)
        }
        let onset = anomaly.anomaly.onset
        guard let db = try CanaryBinding.open(canaries, call) else { return .list([]) }
        let ranked = RootCauseRanking.rank(try candidates(db, onset: onset, lookback: lookback, call),
                                           onset: onset, service: anomaly.service, lookback: lookback)
        return .list(ranked.map { cause in
            let change = cause.change
            return .record(Record([
                ("service", .string(change.service)), ("version", change.version.map(Value.string) ?? .none),
                ("started", .number(Double(change.started) / 1000, .timestamp)),
                ("score", .number(cause.score, .plain)), ("reason", .string(cause.reason)),
                ("kind", .string(change.kind)), ("description", .string(change.description)),
                ("previous", change.previous.map(Value.string) ?? .none),
            ]))
        })
    }

    /// The changes that began in the look-back window before `onset`: the deployments the
    /// store recorded and the change events ingested into it (`vigil ingest --changes`). An
    /// ingested deploy of a version the store recorded for the same service (its start within
    /// `sameDeploymentSlack` of the recorded one) is that deployment, listed once.
    static func candidates(_ db: VigilDatabase, onset: Timestamp, lookback: Timestamp, _ call: BuiltinCall) throws -> [ChangeCandidate] {
        try CanaryBinding.read(call) {
            let deployments = try db.deployments.deployments(startedFrom: onset - lookback - sameDeploymentSlack,
                                                             through: onset + sameDeploymentSlack)
            let changes = try db.changes.changes(from: onset - lookback, through: onset)
            let recorded = deployments.filter { $0.startedAt >= onset - lookback && $0.startedAt <= onset }
                .map { ChangeCandidate(service: $0.service, version: $0.version, started: $0.startedAt, previous: $0.previousVersion) }
            let ingested = changes.compactMap { change -> ChangeCandidate? in
                guard change.kind == ChangeCandidate.deploy, let version = change.version else {
                    return ChangeCandidate(service: change.service, kind: change.kind, description: change.description, started: change.time)
                }
                let known = deployments.contains {
                    $0.service == change.service && $0.version == version && abs($0.startedAt - change.time) <= sameDeploymentSlack
                }
                return known ? nil : ChangeCandidate(service: change.service, version: version, started: change.time, previous: change.previous)
            }
            return recorded + ingested
        }
    }

    /// How far apart a recorded deployment and an ingested deploy of the same version may
    /// start and still be one deployment (the CD system's clock and Vigil's differ a little).
    static let sameDeploymentSlack: Timestamp = 10 * 60_000
}

private extension Value {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
