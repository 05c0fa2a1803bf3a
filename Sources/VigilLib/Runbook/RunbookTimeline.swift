import VigilSeries

/// What happened during runbook runs, in order: each step, its printed output, each answer,
/// action, tripped guardrail and verification with the values observed — the incident
/// timeline. Actions themselves are also recorded in the session's `ActionLog`.
public final class RunbookTimeline {
    public struct Entry: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case started, step, output, answer, action, guardrail, verify, finished
        }
        public let runbook: String
        /// The evaluation time, in milliseconds.
        public let time: Timestamp
        public let kind: Kind
        /// As printed; secrets are already masked.
        public let text: String
    }

    public private(set) var entries: [Entry] = []

    func add(_ runbook: String, _ time: Timestamp, _ kind: Entry.Kind, _ text: String) {
        entries.append(Entry(runbook: runbook, time: time, kind: kind, text: text))
    }
}
