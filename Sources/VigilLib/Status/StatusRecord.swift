import VigilEngines
import VigilRuntime
import VigilSeries

/// The status report as a language value: what `status()` returns.
enum StatusRecord {
    static func value(of report: StatusReport) -> Value {
        .record(Record([
            ("overall", .string(report.overall.word)),
            ("services", .list(report.services.map { service($0, report.period) })),
            ("attention", .list(report.attentionByHealth.map { item in
                .record(Record([
                    ("health", .string(item.health.word)), ("service", item.service.map { .string($0) } ?? .none),
                    ("title", .string(item.title)), ("evidence", .string(item.evidence)),
                    ("recommendation", .string(item.recommendation)),
                ]))
            })),
            ("incident_response", .list(report.incidentResponse.map { row in
                .record(Record([
                    ("service", row.service.map { .string($0) } ?? .none), ("incidents", .number(Double(row.times.count), .plain)),
                    ("mttd", duration(row.times.meanTimeToDetect)), ("mtta", duration(row.times.meanTimeToAcknowledge)),
                    ("mttr", duration(row.times.meanTimeToResolve)),
                ]))
            })),
            ("actions", .list((report.actions ?? []).map { c in
                .record(Record([("kind", .string(c.kind)), ("state", .string(c.state)), ("count", .number(Double(c.count), .plain))]))
            })),
            ("sections", .list(report.sections.map { section in
                .record(Record([("title", .string(section.title)), ("lines", .list(section.lines.map { .string($0) }))]))
            })),
        ]))
    }

    /// A service: its vitals as quantities (nodata when missing, with the series under
    /// `missing`), its open incidents and each figure as shown.
    static func service(_ s: ServiceStatus, _ period: Milliseconds) -> Value {
        var fields: [(String, Value)] = [("name", .string(s.name)), ("health", .string(s.health.word))]
        if let vitals = s.vitals {
            fields.append(("success", quantity(vitals.successRate, Unit(.number, .percent))))
            let seconds = MetricUnits.unit(of: SimulatorMetrics.latency, function: .gauge)
            for (level, value) in zip(ServiceVitals.levels, vitals.latency) { fields.append((level.name, quantity(value, seconds))) }
            fields.append(("missing", .record(Record(StatusVitalsText.shortfalls(s, period: period).map { ($0.name, .string($0.text)) }))))
        }
        if let open = s.openIncidents { fields.append(("open_incidents", .number(Double(open), .plain))) }
        fields.append(("figures", .record(Record(s.figures.map { ($0.name, .string($0.text)) }))))
        return .record(Record(fields))
    }

    static func quantity(_ m: Measured, _ unit: Unit) -> Value { m.number.map { .number($0, unit) } ?? .nodata }

    static func duration(_ ms: Milliseconds?) -> Value { ms.map { .number(Double($0) / 1000, .duration) } ?? .none }
}
