import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// What the engines are asked for when a status report is built.
public struct StatusRequest {
    public let session: VigilSession
    /// The `status()` call the report is built for (where nodata reasons and errors go).
    let call: BuiltinCall
    public let now: Timestamp
    /// How far back recent changes, anomalies and sparklines look.
    public let period: Milliseconds
}

/// `status()` (LANGUAGE.md §9) and `vigil status`: the operations playbook's "prodstatus".
/// The report is assembled from every registered engine's `contributeStatus`, in the order
/// of `Engines.all`; this binding contributes the service lines (success rate and latency
/// p50/p95/p99 over the period, open incidents, each signal's value now and over the period),
/// the open incidents of the store, the period's MTTD/MTTA/MTTR and its action counts
/// (`StatusOperations`). A new engine adds its part by implementing `contributeStatus` in its
/// own binding.
struct StatusBinding: EngineBinding {
    var feature: Feature { .status }

    /// Points on a sparkline.
    static let historyPoints = 12
    static let defaultPeriod: Milliseconds = TimeUnit.day

    var builtins: [EngineBuiltin] {
        [
            EngineBuiltin(builtin(
                "status", [named("period", .duration)], .kind(.record), .incident, .status,
                "Overall HEALTHY/DEGRADED/UNHEALTHY with per-service lines (success rate, p50/p95/p99, open incidents), "
                    + "items needing attention (with evidence and a recommendation), the period's MTTD/MTTA/MTTR and action "
                    + "counts, and the engines' sections (SLOs, recent changes, anomalies); `period` (default 1d) is how far "
                    + "back it looks.",
                example: "status(period: 7d)")) { session in
                { args, call in
                    var period = Self.defaultPeriod
                    if case .number(let p, let unit) = args[0] {
                        guard unit.dimension == .duration, p > 0 else {
                            throw call.error("`period` must be a positive duration such as 1d, found \(args[0].literal)")
                        }
                        period = try TimeSpanCheck.milliseconds(p, call)
                    }
                    let report = try Self.report(in: session, call, period: period)
                    return StatusRecord.value(of: report)
                }
            },
        ]
    }

    /// Builds the report at the call's time; the latest one is kept for `vigil status`.
    static func report(in session: VigilSession, _ call: BuiltinCall, period: Milliseconds) throws -> StatusReport {
        let now = Timestamp((call.now * 1000).rounded())
        var report = StatusReport(generatedAt: now, period: period)
        let request = StatusRequest(session: session, call: call, now: now, period: period)
        for engine in session.engines { try engine.contributeStatus(to: &report, request) }
        session.engineState { LatestStatus() }.report = report
        return report
    }

    func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws {
        let session = request.session
        let db = try CanaryBinding.open(session.canaries, request.call)
        let open: [Incident]
        do { open = try db.map { try IncidentDesk($0).list(openOnly: true) } ?? [] } catch {
            throw request.call.error("cannot read incidents: \(error)")
        }
        for service in session.services.values.sorted(by: { $0.name < $1.name }) {
            var figures: [StatusFigure] = []
            for name in service.signalNames {
                let (value, missing) = try Self.current(service, name, request)
                let history = try Self.history(of: service, name, request)
                if let missing {
                    report.add(AttentionItem(.degraded, service: service.name, title: "\(service.name).\(name) has no data",
                                             evidence: missing,
                                             recommendation: "check that the exporter is up and scraped; missing data never counts as healthy"))
                }
                figures.append(StatusFigure(name: name, text: missing.map { "no data: \($0)" } ?? Self.text(value), history: history))
            }
            report.add(service: service.name, figures: figures)
            report.set(service: service.name, vitals: try StatusOperations.vitals(of: service.name, request),
                       openIncidents: db == nil ? nil : open.filter { $0.service == service.name }.count)
        }
        guard let db else { return }
        Self.incidents(open, into: &report, request)
        try StatusOperations.incidentResponse(into: &report, db, request)
        try StatusOperations.actions(into: &report, db, request)
    }

    /// The signal's value now, and when it has none, why: the series that was missing, as the
    /// functions it calls note it, or for a bare selection whether no series matched.
    static func current(_ service: ServiceObject, _ name: String, _ request: StatusRequest) throws -> (Value, String?) {
        let interpreter = request.session.interpreter, saved = interpreter.nodataReasons
        interpreter.nodataReasons = []
        defer { interpreter.nodataReasons = saved + interpreter.nodataReasons.filter { !saved.contains($0) } }
        let raw = try interpreter.evaluating(interpreter.evaluation.at(request.call.now)) { try service.signal(name) }
        let value = shown(raw)
        guard case .nodata = value else { return (value, nil) }
        if case .object(let selection as SeriesSelection) = raw {
            return (value, selection.series.isEmpty ? "no series matched \(selection.display)"
                        : "no samples of \(selection.display) in the last 5m")
        }
        let noted = interpreter.nodataReasons
        return (value, noted.isEmpty ? "no value at \(time(request.now))" : noted.joined(separator: "; "))
    }

    /// The signal's value at `historyPoints` evenly spaced times ending now.
    static func history(of service: ServiceObject, _ name: String, _ request: StatusRequest) throws -> [Double?] {
        let reasons = request.session.interpreter.nodataReasons
        defer { request.session.interpreter.nodataReasons = reasons }
        let step = request.period / Milliseconds(historyPoints - 1)
        return try (0..<historyPoints).map { i in
            let time = request.now - step * Milliseconds(historyPoints - 1 - i)
            let interpreter = request.session.interpreter
            let value = try interpreter.evaluating(interpreter.evaluation.at(Double(time) / 1000)) { Self.shown(try service.signal(name)) }
            return Self.number(value)
        }
    }

    /// Open incidents in the store: P1/P2 make their service unhealthy, P3/P4 degraded.
    static func incidents(_ open: [Incident], into report: inout StatusReport, _ request: StatusRequest) {
        var lines: [String] = []
        for incident in open {
            let severity = incident.severity.rawValue
            let age = QuantityFormat.duration(Double(request.now - incident.openedAt) / 1000)
            lines.append("#\(incident.id) \(severity) \(incident.service): \(incident.title) — open for \(age), \(incident.status.rawValue)")
            report.add(AttentionItem(severity == "P1" || severity == "P2" ? .unhealthy : .degraded, service: incident.service,
                                     title: "incident #\(incident.id) (\(severity)) open: \(incident.title)",
                                     evidence: "opened \(time(incident.openedAt)), \(incident.status.rawValue)",
                                     recommendation: incident.acknowledgedAt == nil ? "acknowledge it: `vigil incident ack \(incident.id)`"
                                         : "work the runbook and resolve it when the service recovers"))
        }
        report.add(StatusSection(title: "Open incidents", lines: lines.isEmpty ? ["none"] : lines))
    }

    /// A signal that is a plain selection shows its newest value, as `last(…)` would.
    static func shown(_ value: Value) -> Value {
        if case .object(let selection as SeriesSelection) = value { return selection.instant() }
        return value
    }

    static func number(_ value: Value) -> Double? {
        if case .number(let x, _) = value, x.isFinite { return x }
        if case .object(let v as VectorValue) = value, v.entries.count == 1, case .number(let x, _) = v.entries[0].value, x.isFinite { return x }
        return nil
    }

    static func text(_ value: Value) -> String {
        if case .object(let v as VectorValue) = value, v.entries.count > 1 { return "\(v.entries.count) series" }
        if case .object(let v as VectorValue) = value, v.entries.count == 1 { return v.entries[0].value.literal }
        return value.literal
    }

    static func time(_ t: Timestamp) -> String { Value.number(Double(t) / 1000, .timestamp).literal }
}

/// The report the latest `status()` call built, for `vigil status` to render.
final class LatestStatus {
    var report: StatusReport?
}

extension VigilSession {
    /// Evaluates `status(period: …)` at the interpreter's time and returns its report;
    /// `period` is a duration literal such as `1d` (a wrong one is the builtin's error). The
    /// builtin itself is called: a program's own global `status` does not stand in for it.
    public func statusReport(period: String) throws -> StatusReport {
        let file = SourceFile(path: "--period", text: "status(period: \(period))")
        guard let call = Parser.parse(file).0.loneExpression,
              try interpreter.evaluateBuiltinCall(call, in: file) != nil else {
            throw RuntimeError("--period must be a duration such as 1d, got `\(period)`", file: file, range: SourceRange(0, file.text.utf8.count))
        }
        guard let report = engineState({ LatestStatus() }).report else { preconditionFailure("status() builds a report") }
        return report
    }
}
