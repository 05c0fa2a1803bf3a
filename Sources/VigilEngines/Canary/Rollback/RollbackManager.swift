import VigilSeries

/// Which kind of revert a hook performs; hooks run in this order.
public enum RevertStage: Int, Comparable, Sendable, CustomStringConvertible {
    /// Send traffic back to the stable version. First, because it stops the harm at once.
    case traffic = 0
    /// Revert the deployment spec or version to the stable one.
    case specification = 1
    /// Anything the user added (notify, clear caches, …). Last, so it sees the reverted system.
    case user = 2

    public static func < (lhs: RevertStage, rhs: RevertStage) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .traffic: return "traffic"
        case .specification: return "spec"
        case .user: return "user"
        }
    }
}

/// One revert step: a name, its stage and the work. The work returns an optional detail
/// for the report ("weight 0% on mesh route checkout") or throws to report a failure.
public struct RevertHook: Sendable {
    /// The hook's name, for the report.
    public let name: String
    /// Its stage, which decides its place in the order.
    public let stage: RevertStage
    /// The work.
    public let run: @Sendable () throws -> String?

    /// Creates a hook.
    public init(name: String, stage: RevertStage, run: @escaping @Sendable () throws -> String?) {
        self.name = name
        self.stage = stage
        self.run = run
    }
}

/// What one hook did.
public struct RevertOutcome: Equatable, Sendable {
    /// Succeeded with an optional detail, or failed with the error's message.
    public enum Result: Equatable, Sendable {
        /// The hook completed.
        case succeeded(String?)
        /// The hook threw; the message says what it reported.
        case failed(String)
    }

    /// The hook's name.
    public let hook: String
    /// Its stage.
    public let stage: RevertStage
    /// What happened.
    public let result: Result
}

/// The outcome of a whole rollback: every hook, in the order it ran.
public struct RollbackReport: Equatable, Sendable {
    /// When the rollback ran.
    public let time: Timestamp
    /// One outcome per hook, in run order.
    public let outcomes: [RevertOutcome]

    /// True when every hook succeeded.
    public var succeeded: Bool { failures.isEmpty }

    /// The hooks that failed.
    public var failures: [RevertOutcome] {
        outcomes.filter { if case .failed = $0.result { return true } else { return false } }
    }

    /// One line per hook: `ok   traffic  route to stable: weight 0%`.
    public var summary: String {
        outcomes.map { outcome in
            let stage = outcome.stage.description.padding(toLength: 8, withPad: " ", startingAt: 0)
            switch outcome.result {
            case .succeeded(let detail): return "ok     \(stage) \(outcome.hook)" + (detail.map { ": \($0)" } ?? "")
            case .failed(let message): return "FAILED \(stage) \(outcome.hook): \(message)"
            }
        }.joined(separator: "\n")
    }
}

/// Runs revert hooks in a fixed order — traffic first, then spec/version, then user hooks,
/// registration order within a stage — and records each one's outcome. A failing hook is
/// reported and the rest still run: a broken notification must not keep the old spec live.
public struct RollbackManager: Sendable {
    /// The hooks, in the order they will run.
    public private(set) var hooks: [RevertHook] = []

    /// Creates a manager with hooks; they are put in stage order at once.
    public init(hooks: [RevertHook] = []) {
        for hook in hooks { add(hook) }
    }

    /// Adds a hook after the others of its stage.
    public mutating func add(_ hook: RevertHook) {
        let position = hooks.firstIndex { $0.stage > hook.stage } ?? hooks.count
        hooks.insert(hook, at: position)
    }

    /// Runs every hook and reports each outcome.
    public func run(at time: Timestamp) -> RollbackReport {
        let outcomes = hooks.map { hook -> RevertOutcome in
            do {
                return RevertOutcome(hook: hook.name, stage: hook.stage, result: .succeeded(try hook.run()))
            } catch {
                return RevertOutcome(hook: hook.name, stage: hook.stage, result: .failed("\(error)"))
            }
        }
        return RollbackReport(time: time, outcomes: outcomes)
    }
}
