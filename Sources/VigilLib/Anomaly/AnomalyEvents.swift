import VigilEngines
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// Anomalies as events in the store (issue 13): each is written when it opens and updated
/// as its peak moves and when it ends, so `anomalies(…)` in a later session lists it. Only
/// a session with a store writes: the one its canaries record deployments in
/// (`CanaryRegistry.store`: `--db`, the user's store, or a simulation's private one), so
/// tests and simulations never touch the user's history.
extension AnomalyRegistry {
    /// Writes what changed of one label set's anomaly; nothing without a store.
    func record(_ anomaly: Anomaly, of site: Site, _ labels: Labels, _ call: BuiltinCall) throws {
        guard let db = try CanaryBinding.open(canaries, call) else { return }
        let value = site.value(anomaly, labels)
        let stored = StoredAnomaly(
            subject: site.subject, labels: labels, shownLabels: value.shown, service: value.service,
            method: anomaly.method.rawValue, direction: anomaly.direction.rawValue, onset: anomaly.onset, peak: anomaly.peak,
            end: anomaly.end, value: anomaly.value, baseline: anomaly.baseline, deviation: anomaly.judgement.deviation,
            score: anomaly.judgement.score, threshold: site.settings.threshold ?? anomaly.method.defaultThreshold,
            unit: AnomalyUnitText.text(site.unit))
        do { try db.anomalies.record(stored) } catch { throw call.error("cannot record the anomaly in the store: \(error)") }
    }

    /// The anomalies open at some time in `[from, through]`, of one service or all: this
    /// session's, and those the store holds from earlier sessions (one of each: this
    /// session's own is the one kept), oldest first.
    func listed(service: String?, from: Timestamp, through: Timestamp, _ call: BuiltinCall) throws -> [AnomalyValue] {
        var seen: Set<String> = []
        var found: [AnomalyValue] = []
        for entry in all where entry.anomaly.onset <= through && (entry.anomaly.end ?? through) >= from {
            guard service == nil || entry.site.service(of: entry.labels) == service else { continue }
            seen.insert(Self.identity(entry.site.subject, entry.labels, entry.anomaly.method.rawValue, entry.anomaly.onset))
            found.append(entry.site.value(entry.anomaly, entry.labels))
        }
        if let db = try CanaryBinding.open(canaries, call) {
            let stored: [StoredAnomaly]
            do { stored = try db.anomalies.anomalies(service: service, openFrom: from, through: through) } catch {
                throw call.error("cannot read the stored anomalies: \(error)")
            }
            for event in stored where seen.insert(Self.identity(event.subject, event.labels, event.method, event.onset)).inserted {
                guard let value = AnomalyValue(stored: event) else {
                    throw call.error("the store holds an anomaly of \(event.subject) with method \"\(event.method)\" and "
                                         + "direction \"\(event.direction)\", which this version does not know")
                }
                found.append(value)
            }
        }
        return found.sorted { a, b in
            a.anomaly.onset != b.anomaly.onset ? a.anomaly.onset < b.anomaly.onset : a.labels.description < b.labels.description
        }
    }

    /// What makes two anomalies one: the signal, the label set, the method and the onset.
    static func identity(_ subject: String, _ labels: Labels, _ method: String, _ onset: Timestamp) -> String {
        "\(subject) \(labels) \(method) \(onset)"
    }
}

extension AnomalyValue {
    /// An anomaly an earlier session stored; nil when its method or direction is unknown.
    convenience init?(stored: StoredAnomaly) {
        guard let method = AnomalyMethod(rawValue: stored.method), let direction = AnomalyDirection(rawValue: stored.direction)
        else { return nil }
        let judgement = AnomalyJudgement(baseline: stored.baseline, deviation: stored.deviation, score: stored.score,
                                         isAnomalous: true)
        let anomaly = Anomaly(method: method, direction: direction, onset: stored.onset, peak: stored.peak, end: stored.end,
                              value: stored.value, judgement: judgement)
        self.init(anomaly, labels: stored.labels, shown: stored.shownLabels, subject: stored.subject, service: stored.service,
                  unit: AnomalyUnitText.unit(stored.unit))
    }
}

/// A signal's unit as stored: the dimension's name and, unless plain, the style's
/// (`duration`, `number percent`), so the values print as they did when found.
enum AnomalyUnitText {
    static let styles: [(QuantityStyle, String)] = [
        (.plain, "plain"), (.percent, "percent"), (.multiplier, "multiplier"), (.bytesSI, "bytes-si"), (.bytesIEC, "bytes-iec"),
    ]
    static let dimensions: [Dimension] = [.number, .duration, .money, .bytes, .timestamp]

    static func text(_ unit: Unit) -> String {
        let style = styles.first { $0.0 == unit.style }?.1 ?? "plain"
        return style == "plain" ? unit.dimension.description : "\(unit.dimension) \(style)"
    }

    /// The unit `text` names; a plain number for a name this version does not know.
    static func unit(_ text: String) -> Unit {
        let parts = text.split(separator: " ").map(String.init)
        let dimension = dimensions.first { $0.description == parts.first } ?? .number
        let style = parts.count > 1 ? styles.first { $0.1 == parts[1] }?.0 ?? .plain : .plain
        return Unit(dimension, style)
    }
}

/// `vigil anomalies`: the anomalies the store holds, a line each, as `anomalies(…)` prints
/// them, with when each ended.
public enum StoredAnomalyText {
    public static func lines(_ db: VigilDatabase, service: String?, from: Timestamp, through: Timestamp) throws -> [String] {
        try db.anomalies.anomalies(service: service, openFrom: from, through: through).map { event in
            guard let value = AnomalyValue(stored: event) else {
                return "\(event.subject): a \(event.method) \(event.direction) this version does not know"
            }
            let end = event.end.map { "ended \(Value.number(Double($0) / 1000, .timestamp).literal)" } ?? "open"
            return "\(value.display); \(end)"
        }
    }
}
