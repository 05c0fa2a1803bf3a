import VigilActions
import VigilEngines
import VigilLive
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// A canary run's traffic: its `traffic` target read into `TrafficActions`, every weight
/// change the coordinator reports sent through it, and a change that fails rolled back to
/// the stable weights through the coordinator (whose own weight change comes back here).
extension CanaryRun {
    /// The run's traffic actions, or nil when the canary declares no `traffic`. Each planned
    /// weight must be one the target can take, said at `steps` before anything moves.
    static func trafficActions(plan: CanaryPlan, session: VigilSession, live: Bool, trust: TLSTrust, simulated: Bool,
                               database: VigilDatabase?, start: Timestamp) throws -> TrafficActions? {
        guard let written = plan.traffic else { return nil }
        let interpreter = session.interpreter
        let options = session.runbooks.options
        let target = try TrafficTarget(written, plan: plan, trust: trust, programs: options.allowedPrograms,
                                       execTimeout: options.execTimeout, resolve: live) {
            try interpreter.evaluate(try interpreter.compile($0, in: plan.file), at: interpreter.evaluation)
        }
        let mode: TrafficActions.Mode = live ? .deliver : .record(simulated ? "simulated run" : "recorded data")
        let actions = TrafficActions(target: target, plan: plan, mode: mode, journal: database?.journal, runStart: start)
        if live, let database, try database.runs.find(actions.run)?.id != actions.run {
            // Listed by `vigil journal`, so `vigil journal show` reads the real weight changes.
            try database.runs.start(RunRecord(id: actions.run, command: "run", file: plan.file.path,
                                              mode: ActionsLayer.Mode.deliver.rawValue, startedAt: start))
        }
        for share in plan.configuration.plannedWeights {
            do { _ = try actions.weights(for: share) } catch {
                let steps = plan.decl.items.lazy.compactMap { item -> SourceRange? in
                    if case .setting(let s) = item.kind, s.key == "steps" { return s.keyRange }
                    return nil
                }.first
                throw RuntimeError("canary `\(plan.name)`: step \(CanaryTimelineText.percent(share)) cannot be sent to \(target): \(error)",
                                   file: plan.file, range: steps ?? written.range)
            }
        }
        return actions
    }

    /// `--dry-run` on a live source: every weight change the canary would send, in order, and
    /// the change a rollback sends; nothing is sent. The canary itself does not run: its
    /// analysis needs the candidate to serve traffic, which a dry run never gives it.
    static func dryRunPlan(plan: CanaryPlan, session: VigilSession, trust: TLSTrust) throws -> [String] {
        guard let actions = try trafficActions(plan: plan, session: session, live: false, trust: trust, simulated: false,
                                               database: nil, start: 0) else { return [] }
        func shown(_ share: Double) throws -> String {
            try actions.weights(for: share).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var lines = ["canary \(plan.name): --dry-run on a live source: nothing is sent and the canary does not run "
                     + "(its analysis needs \(plan.candidate) to serve traffic); it would send:"]
        for (n, share) in plan.configuration.plannedWeights.enumerated() {
            lines.append("  \(n + 1). traffic \(actions.target): \(try shown(share))")
        }
        lines.append("  on rollback: traffic \(actions.target): \(try shown(0))")
        return lines
    }

    /// Before the first change: the target answers and knows both servers.
    func preflight(_ traffic: TrafficActions) throws -> String? {
        do {
            let report = try traffic.preflight()
            return report.isEmpty ? nil : report
        } catch {
            throw RuntimeError("canary `\(plan.name)`: \(traffic.target) does not answer as it should, so no traffic was moved: \(error)",
                               hint: traffic.target.preflightHint,
                               file: plan.file, range: plan.traffic?.range ?? plan.decl.range)
        }
    }

    /// Sends one weight change to the target; a failed change rolls the canary back.
    func shiftTraffic(to share: Double, at t: Timestamp) {
        guard let traffic else { return }
        do {
            line(t, try traffic.apply(to: share, at: t))
        } catch {
            line(t, "\(error)")
            guard share != 0 else {
                hookError = hookError ?? RuntimeError(
                    "canary `\(plan.name)`: traffic could not be sent back to \(plan.stable): \(error)",
                    hint: "check \(traffic.target) by hand: the candidate may still serve traffic",
                    file: plan.file, range: plan.traffic?.range ?? plan.decl.range)
                return
            }
            do {
                // A promotion's last change fails after the coordinator called it promoted:
                // only the kill switch still takes traffic away then.
                let reason = "traffic to \(percent(share)) failed; back to \(plan.stable)"
                note(coordinator.status.isFinished ? try coordinator.killSwitch(at: t) : try coordinator.abort(at: t, reason: reason))
            } catch {
                hookError = hookError ?? error
            }
        }
    }

    /// A run stopped by an error (a rule that fails, Prometheus going away) after it moved
    /// real traffic: the traffic goes back to stable, and the error says so, located.
    func stopped(by error: Error) -> Error {
        guard let traffic, traffic.mode == .deliver, !coordinator.status.isFinished else { return error }
        let cause = (error as? RuntimeError)?.message ?? "\(error)"
        backToStable(because: "stopped by an error: \(cause)")
        if error is RuntimeError { return error }
        return RuntimeError("canary `\(plan.name)` stopped: \(cause); its traffic went back to \(plan.stable)",
                            file: plan.file, range: plan.decl.nameRange ?? plan.decl.range)
    }

    /// Ends an unfinished run that moved real traffic with the traffic back on stable.
    func backToStable(because reason: String) {
        guard let traffic, traffic.mode == .deliver, !coordinator.status.isFinished else { return }
        do {
            note(try coordinator.abort(at: max(time, TrafficActions.wallClock()), reason: reason))
        } catch {
            hookError = hookError ?? error
        }
    }
}
