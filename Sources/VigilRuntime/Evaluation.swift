import Foundation

/// What one evaluation runs against: its time, the labels its selections are narrowed to,
/// and who records its comparisons. Whoever evaluates passes one in (a rule tick, a replay,
/// a canary step, the REPL's `:at`), as Prometheus passes the evaluation time into a rule's
/// `Eval`; nobody sets it on the session and leaves it behind. Inside, it stands for the
/// length of that one call (`Interpreter.evaluating`), so what a builtin reads is the value
/// its caller passed.
public struct Evaluation {
    /// Seconds since the Unix epoch: what `now()` and every range function see.
    public var time: Double
    /// Labels every series selection is narrowed to: inside a canary, the version under
    /// evaluation (`version="v2"`); empty elsewhere.
    public private(set) var narrowing: [LabelPin]
    /// A key for caches that must not mix narrowings (candidate vs stable), made once here
    /// because every range function reads it.
    public private(set) var narrowingKey: String
    /// Records the top comparisons of one compiled expression; nil when nobody asked.
    var recorder: Recorder?

    public init(time: Double, narrowing: [LabelPin] = []) {
        self.time = time
        self.narrowing = narrowing
        narrowingKey = narrowing.isEmpty ? "" : narrowing.map(\.description).joined(separator: ",")
    }

    /// The same evaluation at another time (a baseline's earlier points, a status history).
    public func at(_ time: Double) -> Evaluation {
        var copy = self
        copy.time = time
        copy.recorder = nil
        return copy
    }

    /// The same evaluation narrowed to exactly `pins`, whatever it was narrowed to: the
    /// stable version's `baseline` inside an evaluation narrowed to the candidate.
    public func narrowed(to pins: [LabelPin]) -> Evaluation {
        var copy = Evaluation(time: time, narrowing: pins)
        copy.recorder = nil
        return copy
    }
}

/// One label a selection is narrowed to, `name="value"`.
public struct LabelPin: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name)=\"\(value)\"" }
}

/// The comparisons (and other top values) one compiled expression made in one evaluation.
final class Recorder {
    /// Whose comparisons are recorded: not those of a signal or function it reads.
    let recording: Recording
    var comparisons: [ObservedComparison] = []
    /// The values of its top operands of `and`/`or`/`not` that are not comparisons.
    var values: [Value] = []

    init(_ recording: Recording) { self.recording = recording }
}

extension Interpreter {
    /// The evaluation running now: the one passed to the innermost `evaluating` or
    /// `evaluate(_:at:)`, or, outside any, the run's clock (`RunOptions.now`, else the wall
    /// clock) with no narrowing.
    public var evaluation: Evaluation { machine.evaluation }

    /// Runs `body` as `evaluation`: everything it evaluates (compiled expressions, signals,
    /// builtins) sees that time and narrowing. The previous evaluation stands again after.
    public func evaluating<T>(_ evaluation: Evaluation, _ body: () throws -> T) rethrows -> T {
        try machine.evaluating(evaluation, body)
    }

    /// The evaluation time in seconds since the epoch (`evaluation.time`).
    public var now: Double { machine.now }
}
