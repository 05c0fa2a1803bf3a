import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A declared `slo NAME { … }` at run time, the handle `burn_rate(NAME, 1h)` takes: its
/// error budget and its SLI, read at the current time. The error ratio over a window is
/// increase(bad) / increase(total) (bad = total − good when the block gives `good`),
/// computed as `ratio()` computes it, so the two agree.
final class SLOObject: RuntimeObject {
    let name: String
    let service: String?
    let budget: ErrorBudget
    let minimumEvents: Double
    /// Whether `alert multiwindow` asked for the page and ticket rules.
    let alertsMultiwindow: Bool
    /// `every` for the alert rules, in seconds.
    let every: Double
    let decl: BlockDecl
    let file: SourceFile
    private let sli: (good: Expr?, bad: Expr?, total: Expr)

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
        var bindings: [String: Expr] = [:]
        for item in decl.items {
            if case .binding(let key, _, let value) = item.kind { bindings[key] = value }
            if case .latency = item.kind {
                throw settings.fail("latency SLIs (`latency … below`) are not built yet", item.range)
            }
        }
        guard let total = bindings["total"], (bindings["good"] == nil) != (bindings["bad"] == nil) else {
            throw settings.fail("slo \(name) needs `total = series(…)` and one of `good = …` or `bad = …`", at)
        }
        sli = (bindings["good"], bindings["bad"], total)
    }

    override var typeName: String { "slo" }
    override var display: String { "slo \(name)" }

    /// The error ratio over the last `seconds`, or why there is none (noted on `call`).
    func errorRatio(over seconds: Double, _ call: BuiltinCall, _ session: VigilSession) throws -> ErrorRatio {
        let window = QuantityFormat.duration(seconds)
        let width = try TimeSpanCheck.milliseconds(seconds, call)
        func increase(_ e: Expr, _ role: String) throws -> Double? {
            let value = try session.interpreter.evaluate(expression: e, in: file)
            guard let selection = try SeriesBuiltins.seriesArgument(value, call) else { return nil }
            return SeriesRatioBuiltin.increases(selection, "slo.\(name).\(role).\(width)", width, nil, call, session.context,
                                                session.seriesCallSites)[Labels()]
        }
        let total = try increase(sli.total, "total")
        let part = try sli.bad.map { try increase($0, "bad") } ?? sli.good.map { try increase($0, "good") } ?? nil
        let partName = sli.bad == nil ? "good" : "bad"
        let ratio: ErrorRatio
        switch (part, total) {
        case (_, nil): ratio = .nodata("no `total` series with two samples over \(window)")
        case (nil, _): ratio = .nodata("no `\(partName)` series with two samples over \(window)")
        case (let part?, let total?):
            ratio = sli.bad == nil
                ? ErrorRatio.of(good: part, total: total, window: window, minimumEvents: minimumEvents)
                : ErrorRatio.of(bad: part, total: total, window: window, minimumEvents: minimumEvents)
        }
        if case .nodata(let reason) = ratio { call.noteNodata("slo \(name): \(reason)") }
        return ratio
    }
}
