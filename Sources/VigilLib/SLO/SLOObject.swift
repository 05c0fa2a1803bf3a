import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A declared `slo NAME { … }` at run time, the handle `burn_rate(NAME, 1h)` takes: its
/// error budget and its SLI (SLOIndicator), read at the current time. With `by "label"` it
/// is one SLO per value of the label, each with its own budget: every measure is a vector.
final class SLOObject: RuntimeObject {
    let name: String
    let service: String?
    let budget: ErrorBudget
    let minimumEvents: Double
    /// Whether `alert multiwindow` asked for the page and ticket rules.
    let alertsMultiwindow: Bool
    /// The receivers `page` and `ticket` name (by setting), with where: where the alert rules send.
    let receivers: [String: (name: String, range: SourceRange)]
    /// `every` for the alert rules, in seconds.
    let every: Double
    let decl: BlockDecl
    let file: SourceFile
    let indicator: SLOIndicator
    /// The SLI's selections per narrowing, made once for all of this SLO's burn-rate kernels
    /// (eight in the two multiwindow rules): making them evaluates the selectors, which a
    /// file of a thousand SLOs would otherwise do eight thousand times.
    private var kernelSelections: [String: (part: SeriesSelection, total: SeriesSelection)] = [:]

    init(_ decl: BlockDecl, file: SourceFile, session: VigilSession) throws {
        self.decl = decl
        self.file = file
        name = decl.name ?? ""
        let interpreter = session.interpreter
        let settings = BlockSettings(decl, schema: SLOBinding.block, file: file) {
            try interpreter.evaluate(expression: $0, in: file)
        }
        let at = decl.nameRange ?? decl.range
        guard let objective = settings.expression("objective") else {
            throw settings.fail("slo \(name) needs an `objective` such as 99.9%", at)
        }
        guard case .number(let fraction, _) = try interpreter.evaluate(expression: objective, in: file) else {
            throw settings.fail("`objective` needs a percent such as 99.9%", objective.range)
        }
        do {
            budget = try ErrorBudget(objective: fraction, period: Double(try settings.duration("window")) / 1000)
        } catch let error as SLOError {
            throw settings.fail("\(error)", objective.range)
        }
        minimumEvents = try settings.number("min_events", .number) ?? 1
        every = Double(try settings.duration("every")) / 1000
        alertsMultiwindow = try settings.word("alert").word == "multiwindow"
        service = settings.expression("service").map { file.slice($0.range) }
        var receivers: [String: (name: String, range: SourceRange)] = [:]
        for key in ["page", "ticket"] {
            guard let expr = settings.expression(key) else { continue }
            receivers[key] = (try settings.string(key), expr.range)
        }
        self.receivers = receivers
        let by = settings.setting("by") == nil ? nil : try settings.string("by")
        let maintenance = try Self.maintenance(decl, settings, interpreter)
        indicator = SLOIndicator(kind: try Self.indicator(decl, settings, interpreter, name: name, at: at),
                                 by: by, maintenance: maintenance, sloName: name, file: file)
    }

    /// The selections `BurnRateKernel` reads under `narrowing`, made by `make` the first time;
    /// nil (and tried again next time) when the SLI has no part or total selection.
    func kernelSelections(_ narrowing: String,
                          _ make: () -> (part: SeriesSelection?, total: SeriesSelection?)?) -> (SeriesSelection, SeriesSelection)? {
        if let made = kernelSelections[narrowing] { return made }
        guard let made = make(), let part = made.part, let total = made.total else { return nil }
        kernelSelections[narrowing] = (part, total)
        return (part, total)
    }

    override var typeName: String { "slo" }
    override var display: String { "slo \(name)" }

    /// The `by` label, when this is one SLO per label value.
    var by: String? { indicator.by }

    /// Per group (one, `Labels()`, without `by`), the error ratio over the last `seconds`,
    /// or why there is none (noted on `call`).
    func errorRatios(over seconds: Double, _ call: BuiltinCall, _ session: VigilSession) throws -> [(Labels, ErrorRatio)] {
        let window = QuantityFormat.duration(seconds)
        _ = try TimeSpanCheck.milliseconds(seconds, call)  // a window past the time span is a located error
        guard let counts = try indicator.counts(over: seconds, call, session), !counts.isEmpty else {
            let reason = "no `total` series with two samples over \(window)"
            call.noteNodata("slo \(name): \(reason)")
            return by == nil ? [(Labels(), .nodata(reason))] : []
        }
        return counts.sorted { $0.key < $1.key }.map { group, count in
            let ratio: ErrorRatio
            switch (count.part, count.total) {
            case (_, nil): ratio = .nodata("no `total` series with two samples over \(window)")
            case (nil, _): ratio = .nodata("no `\(indicator.partName)` series with two samples over \(window)")
            case (let part?, let total?):
                ratio = indicator.countsBad
                    ? ErrorRatio.of(bad: part, total: total, window: window, minimumEvents: minimumEvents)
                    : ErrorRatio.of(good: part, total: total, window: window, minimumEvents: minimumEvents)
            }
            if case .nodata(let reason) = ratio {
                call.noteNodata("slo \(name)\(group.isEmpty ? "" : " \(group)"): \(reason)")
            }
            return (group, ratio)
        }
    }

    /// The SLI: `latency S below T`, or `total` with one of `good`/`bad`.
    private static func indicator(_ decl: BlockDecl, _ settings: BlockSettings, _ interpreter: Interpreter, name: String,
                                  at: SourceRange) throws -> SLOIndicator.Kind {
        var bindings: [String: Expr] = [:]
        var latency: (Expr, Expr)?
        for item in decl.items {
            if case .binding(let key, _, let value) = item.kind { bindings[key] = value }
            if case .latency(let selector, let threshold) = item.kind { latency = (selector, threshold) }
        }
        if let (selector, threshold) = latency {
            guard bindings.isEmpty else {
                throw settings.fail("slo \(name) has both `latency … below` and `good`/`bad`/`total`: an SLO has one SLI", at)
            }
            guard case .number(let seconds, let unit) = try interpreter.evaluate(expression: threshold, in: settings.file),
                  unit.dimension == .duration, seconds > 0 else {
                throw settings.fail("`below` needs a positive duration such as 300ms", threshold.range)
            }
            return .latency(selector: selector, threshold: seconds, thresholdText: settings.file.slice(threshold.range))
        }
        guard let total = bindings["total"], (bindings["good"] == nil) != (bindings["bad"] == nil) else {
            throw settings.fail("slo \(name) needs `total = series(…)` and one of `good = …` or `bad = …`, or `latency series(…) below 300ms`", at)
        }
        return .ratio(good: bindings["good"], bad: bindings["bad"], total: total)
    }

    /// `exclude [daily|weekly] @from to @to`, every one the block writes.
    private static func maintenance(_ decl: BlockDecl, _ settings: BlockSettings, _ interpreter: Interpreter) throws -> MaintenanceWindows {
        var windows: [MaintenanceWindows.Window] = []
        for item in decl.items {
            guard case .setting(let s) = item.kind, s.key == "exclude", s.values.count >= 2 else { continue }
            var recurrence = MaintenanceWindows.Recurrence.once
            if case .name(let word) = s.values[0].kind { recurrence = word == "daily" ? .daily : .weekly }
            let ends = try s.values.suffix(2).map { e -> Double in
                guard case .number(let t, let unit) = try interpreter.evaluate(expression: e, in: settings.file),
                      unit.dimension == .timestamp else {
                    throw settings.fail("`exclude` needs timestamps such as @2026-01-10T02:00:00Z", e.range)
                }
                return t
            }
            do {
                windows.append(try .init(start: ends[0], end: ends[1], recurrence: recurrence))
            } catch let error as MaintenanceWindowError {
                throw settings.fail("\(error)", item.range)
            }
        }
        return MaintenanceWindows(windows)
    }
}
