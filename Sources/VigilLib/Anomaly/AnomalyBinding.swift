import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// The anomaly engine's binding (LANGUAGE.md §9): `anomaly(S, …)` judges a signal against
/// its own trailing values, `anomalies(service, since:)` lists what was found (this session
/// and, from the store, earlier ones), and `root_cause(a)` ranks the deployments and
/// ingested changes before an anomaly's onset.
///
/// `anomaly` returns the open anomaly (a handle, true as a condition) or false when the
/// latest value is normal, and nodata until `min_samples` earlier values exist; for a
/// vector it returns the open anomaly of the label set that departs most. So `when
/// anomaly(S)` fires while an anomaly is open and resolves when it ends, per label set of a
/// vector (the handle carries every label set's state, AnomalyValue.conditions).
struct AnomalyBinding: EngineBinding {
    var feature: Feature { .anomaly }

    var builtins: [EngineBuiltin] {
        [
            EngineBuiltin(builtin(
                "anomaly", [param("s", .vector, .series), named("method", .string), named("threshold", .number),
                            named("min_samples", .number), named("window", .duration)], .kind(.anomaly), .anomaly, .anomaly,
                "The open spike or drop of the signal against its own values over the trailing window (default 1h, one "
                    + "per 30s): method relative (threshold 50%), zscore (3), mad (3.5), ewma (3) or likelihood (3: the recent z-scores unusual "
                    + "for the signal); false when normal, "
                    + "nodata until min_samples (10) values exist.",
                example: "anomaly(series(\"latency_seconds\"), method: \"zscore\")")) { session in
                let registry = Self.registry(session)
                return { args, call in try Self.anomaly(args, call, registry) }
            },
            EngineBuiltin(builtin(
                "anomalies", [optional("service", .service, .string), named("since", .duration)], .kind(.list),
                .anomaly, .anomaly, "The anomalies `anomaly(…)` found that were open in the last `since` (default 1h), "
                    + "for one service or all, oldest first: this session's and those stored by earlier ones.",
                example: "anomalies(\"checkout\", since: 1h)")) { session in
                let registry = Self.registry(session)
                return { args, call in try Self.anomalies(args, call, registry) }
            },
            EngineBuiltin(builtin(
                "root_cause", [param("anomaly", .anomaly), named("lookback", .duration)], .kind(.list), .anomaly, .anomaly,
                "The deployments and ingested changes (config, feature flags) that began in the look-back window "
                    + "(default 2h) before the anomaly's onset, most likely first: records {service, version, started, "
                    + "score, reason, kind, description, previous}.",
                example: "root_cause(anomaly(series(\"latency_seconds\")))")) { session in
                let canaries = session.canaries
                return { args, call in try Self.rootCause(args, call, canaries) }
            },
        ]
    }

    static func registry(_ session: VigilSession) -> AnomalyRegistry {
        session.engineState { AnomalyRegistry(context: session.context, canaries: session.canaries) }
    }

    static func anomaly(_ args: [Value], _ call: BuiltinCall, _ registry: AnomalyRegistry) throws -> Value {
        let settings = try Self.settings(args, call)
        var selection = ""
        if case .object(let s as SeriesSelection) = args[0] { selection = s.display }
        let key = AnomalyRegistry.SiteKey(path: call.file.path, offset: call.range.start,
                                          narrowing: registry.narrowingKey, callers: call.callPath, selection: selection)
        let site = try registry.track(key, settings, subject: Self.subject(args[0], call), signal: args[0], call: call)
        let subject = site.subject
        let judged = site.current.compactMap { site.detectors[$0] }.filter { $0.latest != nil }
        guard !judged.isEmpty else {
            let have = site.current.compactMap { site.detectors[$0].map { $0.sampleCount - 1 } }.max()
            let reason = have.map {
                "the anomaly detector of \(subject) has \($0) of the \(settings.minSamples) values it needs "
                    + "(one per 30s over the last \(Value.number(settings.window, .duration).literal))"
            } ?? "\(subject) has no value to judge"
            call.noteNodata(reason)
            return .nodata
        }
        let open = site.current.compactMap { labels in site.detectors[labels]?.open.map { (labels, $0) } }
            .max { abs($0.1.judgement.score) < abs($1.1.judgement.score) }
        guard let (labels, found) = open else { return .bool(false) }
        let value = site.value(found, labels)
        value.conditions = site.current.sorted { $0.description < $1.description }.map { labels in
            let detector = site.detectors[labels]
            return (labels, detector?.latest == nil ? nil : detector?.open != nil)
        }
        return .object(value)
    }

    /// The signal as the anomaly names it: a selection as selected (with a canary's version),
    /// anything else as written, `error_rate` in `anomaly(error_rate, method: "mad")`.
    static func subject(_ signal: Value, _ call: BuiltinCall) -> String {
        if case .object(let selection as SeriesSelection) = signal { return selection.display }
        let source = SourceFile(path: call.file.path, text: call.file.slice(call.range))
        guard let expr = Parser.parse(source).0.loneExpression, case .call(_, let args) = expr.kind,
              let first = args.first(where: { $0.label == nil }) else { return source.text }
        return source.slice(first.value.range)
    }

    static func settings(_ args: [Value], _ call: BuiltinCall) throws -> AnomalyRegistry.Settings {
        var method = AnomalyMethod.relative
        if case .string(let name) = args[1] {
            guard let m = AnomalyMethod(rawValue: name) else {
                throw call.error("`method` must be \"relative\", \"zscore\", \"mad\", \"ewma\" or \"likelihood\", found \"\(name)\"")
            }
            method = m
        }
        var threshold: Double?
        if case .number(let t, let unit) = args[2] {
            guard unit.dimension == .number, t > 0, t.isFinite else {
                throw call.error("`threshold` must be a positive number such as 3 or 50%, found \(args[2].literal)")
            }
            threshold = t
        }
        var minSamples = AnomalyDetector.defaultMinSamples
        if case .number(let n, _) = args[3] {
            guard n >= 1, n == n.rounded(), n <= 100_000 else {
                throw call.error("`min_samples` must be a whole number of at least 1, found \(args[3].literal)")
            }
            minSamples = Int(n)
        }
        var window = Double(AnomalyDetector.defaultWindow) / 1000
        if case .number(let w, let unit) = args[4] {
            guard unit.dimension == .duration, w >= AnomalyRegistry.interval else {
                throw call.error("`window` must be a duration of at least the 30s evaluation interval, found \(args[4].literal)")
            }
            // Beyond the time span no clock reaches, and the tracker's point arithmetic would overflow.
            _ = try TimeSpanCheck.milliseconds(w, call)
            window = w
        }
        return AnomalyRegistry.Settings(method: method, threshold: threshold, minSamples: minSamples, window: window)
    }
}
