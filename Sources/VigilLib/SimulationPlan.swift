import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A `simulate { … }` block read into the simulator's model for one canary:
///
/// ```
/// simulate {
///   seed 7
///   traffic 100                       # requests per second, both versions together
///   preview_traffic 5                 # requests per second to the candidate at weight 0 (smoke tests)
///   error_rate 0.1%                   # when no fault applies
///   latency_median 100ms
///   latency_spread 0.25               # σ of log-latency; 0 makes every request take the median
///   fault error_rate(5%, at: 2m)      # also latency(155%, …), latency_drift(10%, …), outage(…), no_traffic(…)
///   duration 2h                       # stop the run here if the canary has not finished
/// }
/// ```
/// Fault times are offsets from the start; `until:` ends a fault, `on: stable` moves it
/// off the candidate. A named block (`simulate checkout`) applies to that canary only.
public struct SimulationPlan {
    public var configuration: SimulatorConfiguration
    /// How long the run may last before it stops unfinished, in milliseconds.
    public var duration: Milliseconds

    static let faultKinds = ["error_rate", "latency", "latency_drift", "outage", "no_traffic"]

    /// The defaults for `canary` (its name as the service label, its versions), then the block's settings.
    init(for canary: CanaryPlan, block: (decl: BlockDecl, file: SourceFile)?, evaluate: @escaping (Expr) throws -> Value) throws {
        var config = SimulatorConfiguration()
        config.service = canary.name
        config.stableVersion = canary.stable
        config.candidateVersion = canary.candidate
        let steps = Milliseconds(canary.configuration.plannedWeights.count)
        duration = steps * max(canary.configuration.bake, canary.configuration.analysisInterval) * 3
        guard let (decl, file) = block else {
            configuration = config
            return
        }
        func fail(_ message: String, _ range: SourceRange) -> RuntimeError { RuntimeError(message, file: file, range: range) }
        func number(_ e: Expr, _ dimension: Dimension, _ example: String) throws -> Double {
            guard case .number(let v, let unit) = try evaluate(e), unit.dimension == dimension, v.isFinite else {
                throw fail("expected \(dimension == .number ? "a number" : "a \(dimension)") such as \(example)", e.range)
            }
            return v
        }
        func ms(_ e: Expr) throws -> Milliseconds {
            try TimeSpanCheck.milliseconds(try number(e, .duration, "2m"), file: file, range: e.range)
        }
        // Every default is the one `SimulatorBinding.block` declares.
        let settings = BlockSettings(decl, schema: SimulatorBinding.block, file: file, evaluate: evaluate)
        func value(_ key: String, _ dimension: Dimension) throws -> Double { try settings.number(key, dimension)! }
        func milliseconds(_ key: String, _ dimension: Dimension) throws -> Milliseconds? {
            guard let seconds = try settings.number(key, dimension) else { return nil }
            return try TimeSpanCheck.milliseconds(seconds, file: file, range: settings.range(of: key))
        }
        let seed = try value("seed", .number)
        guard seed >= 0, seed <= Double(TimeSpan.maxMilliseconds), seed == seed.rounded() else {
            throw fail("`seed` needs a whole number from 0 to 2^53, found \(QuantityFormat.number(seed))", settings.range(of: "seed"))
        }
        config.seed = UInt64(seed)
        config.start = try milliseconds("start", .timestamp)!
        if let ms = try milliseconds("duration", .duration) { duration = ms }
        config.scrapeInterval = try milliseconds("interval", .duration)!
        config.requestsPerSecond = try value("traffic", .number)
        config.previewRequestsPerSecond = try value("preview_traffic", .number)
        config.baseErrorRate = try value("error_rate", .number)
        config.latencyMedian = try value("latency_median", .duration)
        config.latencySpread = try value("latency_spread", .number)
        let faults = try settings.all("fault").map { try Self.fault($0, fail: fail, number: number, ms: ms) }
        // Fault offsets are relative to the start, which a later `start` setting may move.
        config.faults = faults.map { Fault($0.kind, on: $0.version, from: $0.start + config.start, until: $0.end.map { $0 + config.start }) }
        do { try config.validate() } catch let e as CanaryError { throw fail(e.message, decl.range) }
        configuration = config
    }

    /// `error_rate(5%, at: 2m, until: 10m, on: stable)` and the other fault forms.
    private static func fault(_ e: Expr, fail: (String, SourceRange) -> RuntimeError,
                       number: (Expr, Dimension, String) throws -> Double, ms: (Expr) throws -> Milliseconds) throws -> Fault {
        guard case .call(let callee, let args) = e.kind, case .name(let kind) = callee.kind, Self.faultKinds.contains(kind) else {
            throw fail("a fault is one of \(Self.faultKinds.map { "\($0)(…)" }.joined(separator: ", ")), e.g. `fault error_rate(5%, at: 2m)`", e.range)
        }
        var amount: Expr?, at: Milliseconds = 0, until: Milliseconds?, version = SimulatedVersion.candidate
        for arg in args {
            switch arg.label {
            case nil: amount = arg.value
            case "at": at = try ms(arg.value)
            case "until": until = try ms(arg.value)
            case "on":
                let word: String? = {
                    if case .name(let n) = arg.value.kind { return n }
                    if case .string(let segments) = arg.value.kind, segments.count == 1, case .text(let t) = segments[0] { return t }
                    return nil
                }()
                guard let word, let chosen = SimulatedVersion(rawValue: word) else {
                    throw fail("`on:` is `stable` or `candidate`", arg.value.range)
                }
                version = chosen
            default: throw fail("a fault takes `at:`, `until:` and `on:`, not `\(arg.label ?? "")`", arg.labelRange ?? arg.value.range)
            }
        }
        let needsAmount = ["error_rate", "latency", "latency_drift"].contains(kind)
        if needsAmount && amount == nil { throw fail("`\(kind)` needs an amount, e.g. `\(kind)(\(kind == "error_rate" ? "5%" : "150%"), at: 2m)`", e.range) }
        if !needsAmount, let amount { throw fail("`\(kind)` takes no amount, only `at:`, `until:` and `on:`", amount.range) }
        let kindValue: FaultKind
        switch kind {
        case "error_rate": kindValue = .errorRate(try number(amount!, .number, "5%"))
        case "latency": kindValue = .latencyStep(factor: try number(amount!, .number, "150%"))
        case "latency_drift": kindValue = .latencyDrift(percentPerMinute: try number(amount!, .number, "10%") * 100)
        case "outage": kindValue = .outage
        default: kindValue = .noTraffic
        }
        return Fault(kindValue, on: version, from: at, until: until)
    }
}
