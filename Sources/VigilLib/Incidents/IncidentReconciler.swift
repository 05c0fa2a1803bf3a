import VigilActions
import VigilSeries

/// What `vigil watch` does once its first evaluation is done: an incident that a rule of the
/// watched program opened (the journal holds the rule's `open_incident`) and whose alert is
/// not pending or firing now is resolved, with a note saying so. Without it, an incident
/// opened by a watch whose rule states did not carry over (another file path, a lost store)
/// stays open after the burn ended while no watch ran, since no resolution is ever seen.
/// An alert with no data keeps its state, so it keeps its incident open too.
public enum IncidentReconciler {
    /// Resolves the stale incidents at `time`; answers one line per resolution.
    public static func resolveStale(_ runners: [RuleRunner], journal: [JournalRecord], session: VigilSession,
                                    at time: Timestamp) throws -> [String] {
        var active: [String: Set<String>] = [:]
        for runner in runners {
            for (rule, statuses) in runner.heldStates { active[rule, default: []].formUnion(statuses.map(\.labels.fingerprint)) }
        }
        // The stored title of each incident a rule of this program opened, with the rule and label set.
        var openedBy: [String: (rule: String, labelSet: String)] = [:]
        for record in journal where record.state != .planned && record.action.kind == "open_incident" {
            let action = record.action
            guard action.origin.kind == .rule, action.origin.trigger == "fired", active[action.origin.name] != nil else { continue }
            let title = action.labelSet == Labels().fingerprint ? action.target : "\(action.target) \(action.labelSet)"
            openedBy[title] = (action.origin.name, action.labelSet)
        }
        guard !openedBy.isEmpty else { return [] }
        let desk = try session.incidentBoard.storeDesk()
        var lines: [String] = []
        for incident in try desk.list(openOnly: true) {
            guard let opener = openedBy[incident.title], !(active[opener.rule]?.contains(opener.labelSet) ?? false) else { continue }
            let note = "rule \"\(opener.rule)\" \(opener.labelSet) was not pending or firing when vigil watch started"
            try desk.resolve(incident.id, at: time, note: note)
            lines.append("resolved INC-\(incident.id) (\(incident.title)): \(note)")
        }
        return lines
    }
}
