import Foundation
import VigilActions
import VigilStore

/// A run's journal as text, JSON, or the Markdown incident timeline an SRE pastes into a
/// post-mortem.
public enum JournalTimeline {
    public static func text(_ run: RunRecord, _ records: [JournalRecord]) -> String {
        var lines = ["run \(run.id): vigil \(run.command) \(run.file) (\(run.mode)), started \(time(run.startedAt))"]
        for r in records {
            if isNote(r.action) {
                lines.append("  \(time(r.action.time))  \(r.action.kind.padding(toLength: 11, withPad: " ", startingAt: 0)) \(r.action.call)")
                continue
            }
            lines.append("  \(time(r.createdAt))  \(r.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) "
                + "\(r.action.call) → \(r.destination)  attempts \(r.attempts)  [key \(r.key)]")
            if !r.action.observed.isEmpty { lines.append("      observed: \(r.action.observed)") }
            if let error = r.error { lines.append("      error: \(error)") }
            if let outcome = r.outcome {
                lines += outcome.components(separatedBy: "\n").enumerated().map { "      \($0.offset == 0 ? "outcome: " : "  ")\($0.element)" }
            }
        }
        if records.isEmpty { lines.append("  (no actions)") }
        if let notifications = NotificationRouter.summary(of: records) { lines.append("notifications: \(notifications)") }
        return lines.joined(separator: "\n")
    }

    public static func markdown(_ run: RunRecord, _ records: [JournalRecord]) -> String {
        var lines = [
            "## Timeline: `vigil \(run.command) \(run.file)`", "",
            "Run `\(run.id)`, \(run.mode == "planned" ? "dry run (nothing delivered)" : "delivering"), started \(time(run.startedAt)).", "",
            "| Time (UTC) | Origin | Action | Target | Outcome | Observed |",
            "|---|---|---|---|---|---|",
        ]
        for r in records {
            let origin = originText(r.action.origin)
            if isNote(r.action) {
                // A runbook's step, answer, output or verification: what happened, not an action.
                lines.append("| \(time(r.action.time)) | \(cell(origin)) | \(cell(r.action.call)) | | \(r.action.kind) | |")
                continue
            }
            var outcome = r.state.rawValue + (r.attempts > 0 ? " after \(r.attempts) attempt\(r.attempts == 1 ? "" : "s")" : "")
            if let error = r.error { outcome += ": \(error)" }
            if r.error == nil, let summary = r.outcome?.components(separatedBy: "\n").first { outcome += ": \(summary)" }
            lines.append("| \(time(r.action.time)) | \(cell(origin)) | `\(cell(r.action.call))` | \(cell(r.destination)) | \(cell(outcome)) | \(cell(r.action.observed)) |")
        }
        let actions = records.filter { !isNote($0.action) }
        if records.isEmpty { lines.append("| | | no actions | | | |") }
        let counts = Dictionary(grouping: actions, by: \.state).mapValues(\.count)
        lines += ["", EntryState.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
            .ifEmpty("no actions") + "."]
        return lines.joined(separator: "\n")
    }

    /// The kinds of a runbook's timeline entries journaled beside its actions.
    static let noteKinds: Set<String> = ["started", "step", "output", "answer", "guardrail", "verify", "finished"]

    /// True for a runbook's timeline entry (a step, an answer, a verification), not an action.
    public static func isNote(_ action: Action) -> Bool {
        (action.origin.kind == .step && noteKinds.contains(action.kind))
            || action.origin.trigger == NotificationRouter.noteTrigger || action.kind == NotificationRouter.silenceKind
    }

    /// Who took the action: `rule checkout fast burn (fired)`, `runbook API error rate spike, step 2: Roll back`.
    static func originText(_ origin: Action.Origin) -> String {
        origin.kind == .step ? "runbook \(origin.name), \(origin.trigger)" : "\(origin.kind.rawValue) \(origin.name) (\(origin.trigger))"
    }

    public static func json(_ run: RunRecord, _ records: [JournalRecord]) -> String {
        let object: [String: Any] = [
            "run": ["id": run.id, "command": run.command, "file": run.file, "mode": run.mode, "started_at": time(run.startedAt)],
            "entries": records.map { r -> [String: Any] in
                var entry: [String: Any] = [
                    "key": r.key.text, "state": r.state.rawValue, "attempts": r.attempts, "action": r.action.kind,
                    "call": r.action.call, "target": r.action.target, "destination": r.destination,
                    "origin": ["kind": r.action.origin.kind.rawValue, "name": r.action.origin.name, "trigger": r.action.origin.trigger],
                    "labels": r.action.labels, "observed": r.action.observed, "journaled_at": time(r.createdAt),
                    "updated_at": time(r.updatedAt),
                ]
                if let error = r.error { entry["error"] = error }
                if let outcome = r.outcome { entry["outcome"] = outcome }
                return entry
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// One line per run for `vigil journal`: id, command, counts by state.
    public static func runLine(_ run: RunRecord, _ records: [JournalRecord]) -> String {
        let counts = Dictionary(grouping: records.filter { !isNote($0.action) }, by: \.state).mapValues(\.count)
        let summary = EntryState.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        return "\(run.id)  \(time(run.startedAt))  vigil \(run.command) \(run.file)  \(summary.ifEmpty("no actions"))"
    }

    static func time(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// Table cells: pipes and newlines would break the Markdown table.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

private extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
