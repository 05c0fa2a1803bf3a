import VigilEngines
import VigilRuntime
import VigilSeries

/// The revert of a rolled-back canary through the engine's rollback manager, in its fixed
/// order: traffic to the stable version (the coordinator already set weight 0), the spec
/// back to the stable version, then the canary's `on rollback` actions. Each outcome goes to
/// the timeline, so a broken notification is visible and does not stop the revert.
enum RollbackSteps {
    static func run(for canary: CanaryRun, at time: Timestamp) -> RollbackReport {
        let box = UncheckedBox(canary)
        let plan = canary.plan
        let weight = canary.coordinator.weight
        var manager = RollbackManager()
        manager.add(RevertHook(name: "route to stable", stage: .traffic) {
            "candidate weight \(CanaryTimelineText.percent(weight))"
        })
        manager.add(RevertHook(name: "version", stage: .specification) { "\(plan.name) back on \(plan.stable)" })
        if !(plan.hooks["rollback"] ?? []).isEmpty {
            manager.add(RevertHook(name: "on rollback", stage: .user) {
                do {
                    try box.value.hooks("rollback")
                } catch {
                    box.value.hookError = box.value.hookError ?? error
                    throw HookFailure(error)
                }
                return nil
            })
        }
        return manager.run(at: time)
    }
}

/// Hands a single-threaded object to an API that asks for `@Sendable` closures: the
/// rollback manager runs its hooks synchronously on the caller's thread.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A failed hook in a one-line report: a located error keeps only its message (the run
/// reports the whole diagnostic when it ends).
struct HookFailure: Error, CustomStringConvertible {
    let description: String
    init(_ error: Error) { description = (error as? RuntimeError)?.message ?? "\(error)" }
}
