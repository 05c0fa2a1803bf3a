import VigilEngines
import VigilRuntime
import VigilSeries

/// The anomaly detectors of a session, one set per `anomaly(…)` call site (and narrowing,
/// and the calls of user functions it stands in, and the selection it judges, so a `fn`
/// wrapping `anomaly` judges each caller's signal against that signal's own values):
/// each keeps the history of its signal's own evaluated values, one per 30 s evaluation
/// point, as `baseline(S, window:)` does (SignalBaseline.swift), and one detector per label
/// set. A series selection is read back at the points it has not seen (the first call, or
/// a jump in time), so one call judges the latest point against the whole window; any
/// other signal (a number, a computed vector) adds only the value it has at each call, so
/// it is judged once ten calls at distinct points exist (a rule evaluated every tick).
final class AnomalyRegistry {
    static let interval = 30.0

    struct Settings: Equatable {
        let method: AnomalyMethod
        let threshold: Double?
        let minSamples: Int
        let window: Double
    }

    struct SiteKey: Hashable {
        let path: String
        let offset: Int
        let narrowing: String
        /// `BuiltinCall.callPath`: the user-function calls the call stands inside.
        let callers: Int
        /// The selection judged, as displayed; empty for any other signal.
        let selection: String
    }

    /// One call site's signal and detectors.
    final class Site {
        let settings: Settings
        let subject: String
        /// The service named by the selection's `service:` matcher, for label sets without one.
        let service: String?
        /// Label names the selection fixes (`service: "checkout"`), which a display need not repeat.
        let pinned: Set<String>
        var unit = Unit.plain
        var lastPoint: Int64?
        var detectors: [Labels: AnomalyDetector] = [:]
        /// The label sets that had a value at the latest point.
        var current: Set<Labels> = []

        init(settings: Settings, subject: String, service: String?, pinned: Set<String>) {
            self.settings = settings
            self.subject = subject
            self.service = service
            self.pinned = pinned
        }

        /// The anomaly of `labels` as the language sees it.
        func value(_ anomaly: Anomaly, _ labels: Labels) -> AnomalyValue {
            AnomalyValue(anomaly, labels: labels, shown: Labels(pairs: labels.pairs.filter { !pinned.contains($0.name) }),
                         subject: subject, service: service(of: labels), unit: unit)
        }

        func service(of labels: Labels) -> String? { labels["service"] ?? service }
    }

    private unowned let context: EvaluationContext
    /// Whose store anomalies are written to and read back from (AnomalyEvents.swift).
    let canaries: CanaryRegistry
    private(set) var sites: [SiteKey: Site] = [:]
    /// Sites in the order they were first called, so listings are stable.
    private var order: [SiteKey] = []

    init(context: EvaluationContext, canaries: CanaryRegistry) {
        self.context = context
        self.canaries = canaries
    }

    /// Call sites keep separate detectors per narrowing (a canary's candidate and stable).
    var narrowingKey: String { context.narrowingKey }

    /// The call site's detectors brought up to the point of `now`, fed with `signal`.
    func track(_ key: SiteKey, _ settings: Settings, subject: @autoclosure () -> String, signal: Value,
               call: BuiltinCall) throws -> Site {
        let selection: SeriesSelection?
        if case .object(let s as SeriesSelection) = signal { selection = s } else { selection = nil }
        var site = sites[key]
        if site?.settings != settings {
            let fixed = selection?.matchers.filter { $0.kind == .equal } ?? []
            site = Site(settings: settings, subject: subject(), service: fixed.first { $0.name == "service" }?.value,
                        pinned: Set(fixed.map(\.name)))
            if sites[key] == nil { order.append(key) }
            sites[key] = site
        }
        let tracked = site!
        // `now` is an evaluation time, inside `TimeSpan` (±2^53 ms), and `window` was checked
        // against it by `AnomalyBinding`: both quotients fit an Int64.
        let point = Int64((call.now / Self.interval).rounded(.down))
        if let last = tracked.lastPoint, last > point {
            tracked.detectors = [:]
            tracked.lastPoint = nil
        }
        guard tracked.lastPoint != point else { return tracked }
        let span = Int64((settings.window / Self.interval).rounded(.up))
        let first = max((tracked.lastPoint ?? Int64.min) + 1, point - span)
        if let selection {
            let reasons = context.interpreter.nodataReasons
            defer { context.interpreter.nodataReasons = reasons }
            for index in first...point {
                let time = Double(index) * Self.interval
                let interpreter = context.interpreter
                try feed(tracked, interpreter.evaluating(interpreter.evaluation.at(time)) { selection.instant() }, at: index, call)
            }
        } else {
            try feed(tracked, signal, at: point, call)
        }
        tracked.lastPoint = point
        return tracked
    }

    private func feed(_ site: Site, _ value: Value, at index: Int64, _ call: BuiltinCall) throws {
        let time = Timestamp(Double(index) * Self.interval * 1000)
        var values: [Labels: Double] = [:]
        switch value {
        case .nodata: break
        case .number(let x, let unit):
            site.unit = unit
            values[Labels()] = x
        case .object(let vector as VectorValue):
            for e in vector.entries {
                guard case .number(let x, let unit) = e.value else { continue }
                site.unit = unit
                values[e.labels] = x
            }
        default:
            throw call.error("`anomaly` needs a signal with numeric values, found \(value.described)",
                             hint: "pass a series selection, a vector or a number")
        }
        let s = site.settings
        for (labels, x) in values {
            var detector = site.detectors[labels] ?? AnomalyDetector(
                method: s.method, threshold: s.threshold, minSamples: s.minSamples, window: Timestamp(s.window * 1000))
            let before = detector.anomalies.last
            var changed = detector.observe(x, at: time).map(\.anomaly)
            site.detectors[labels] = detector
            // An opened or ended anomaly is an event; a moved peak changes the last one quietly.
            if let last = detector.anomalies.last, last != before, !changed.contains(last) { changed.append(last) }
            for anomaly in changed { try record(anomaly, of: site, labels, call) }
        }
        site.current = Set(values.keys)
    }

    /// Every anomaly found so far, with the site and label set it belongs to, by onset; one
    /// signal's anomaly found by several calls with the same method is listed once.
    var all: [(site: Site, labels: Labels, anomaly: Anomaly)] {
        var seen: Set<String> = []
        var found: [(site: Site, labels: Labels, anomaly: Anomaly)] = []
        for site in order.compactMap({ sites[$0] }) {
            for (labels, detector) in site.detectors {
                for anomaly in detector.anomalies {
                    let identity = Self.identity(site.subject, labels, anomaly.method.rawValue, anomaly.onset)
                    if seen.insert(identity).inserted { found.append((site, labels, anomaly)) }
                }
            }
        }
        return found.sorted { a, b in
            a.anomaly.onset != b.anomaly.onset ? a.anomaly.onset < b.anomaly.onset : a.labels.description < b.labels.description
        }
    }
}
