import VigilEngines
import VigilRuntime
import VigilSeries

/// An anomaly as the language sees it: what `anomaly(…)` returns while one is open and
/// what `anomalies(…)` lists. As a condition it is true: `if anomaly(S)` and
/// `when anomaly(S)` hold while the signal's anomaly is open, since `anomaly` returns
/// false once it has ended; a rule on a vector holds per label set (`conditions`).
final class AnomalyValue: RuntimeObject {
    let anomaly: Anomaly
    let labels: Labels
    /// The labels the signal as written does not fix, shown after it.
    let shown: Labels
    /// The signal as written at the call (`series("latency_seconds")`).
    let subject: String
    let service: String?
    let unit: Unit
    /// As a rule's condition, per label set of the signal when it was evaluated: true while
    /// open, false when normal, nil (nodata) when too few values exist to judge.
    var conditions: [(labels: Labels, condition: Bool?)]

    init(_ anomaly: Anomaly, labels: Labels, shown: Labels, subject: String, service: String?, unit: Unit) {
        conditions = [(labels, anomaly.isOpen)]
        self.anomaly = anomaly
        self.labels = labels
        self.shown = shown
        self.subject = subject
        self.service = service
        self.unit = unit
    }

    override var typeName: String { "anomaly" }

    private static func time(_ t: Timestamp) -> Value { .number(Double(t) / 1000, .timestamp) }

    /// (value − baseline) / |baseline| as a percent; nodata when the baseline is 0.
    private var magnitude: Value { anomaly.magnitude.map { .number($0, Unit(.number, .percent)) } ?? .nodata }

    override var display: String {
        let signal = subject + (shown.isEmpty ? "" : " for \(shown)")
        let sign = (anomaly.magnitude ?? 0) >= 0 ? "+" : ""
        return "anomaly(\(anomaly.method.rawValue) \(anomaly.direction.rawValue) of \(signal) since "
            + "\(Self.time(anomaly.onset).literal): \(Value.number(anomaly.value, unit).literal) against baseline "
            + "\(Value.number(anomaly.baseline, unit).literal), \(sign)\(magnitude.literal))"
    }

    override var memberNames: [String] {
        ["method", "direction", "onset", "peak", "end", "magnitude", "baseline", "value", "deviation", "score", "labels",
         "service", "signal", "open"]
    }

    override func member(_ name: String) throws -> Value? {
        switch name {
        case "method": return .string(anomaly.method.rawValue)
        case "direction": return .string(anomaly.direction.rawValue)
        case "onset": return Self.time(anomaly.onset)
        case "peak": return Self.time(anomaly.peak)
        case "end": return anomaly.end.map(Self.time) ?? Value.none
        case "magnitude": return magnitude
        case "baseline": return .number(anomaly.baseline, unit)
        case "value": return .number(anomaly.value, unit)
        case "deviation": return .number(anomaly.judgement.deviation, unit)
        case "score": return .number(anomaly.judgement.score, .plain)
        case "labels": return .record(Record(labels.pairs.map { ($0.name, Value.string($0.value)) }))
        case "service": return service.map(Value.string) ?? Value.none
        case "signal": return .string(subject)
        case "open": return .bool(anomaly.isOpen)
        default: return nil
        }
    }

    override func truth() throws -> ObjectTruth { .known(true) }
}
