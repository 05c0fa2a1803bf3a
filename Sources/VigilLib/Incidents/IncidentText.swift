import VigilEngines
import VigilSeries
import VigilStore
import VigilSyntax

/// What `vigil incident` prints: the list, one incident's timeline with the escalation still
/// due, the post-mortem skeleton, and the MTTx table. Times are RFC 3339 in UTC.
public enum IncidentText {
    public static func list(_ incidents: [Incident]) -> String {
        guard !incidents.isEmpty else { return "no incidents\n" }
        return incidents.map { i in
            "\(i.id)  \(i.severity.rawValue)  \(i.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))"
                + "\(i.service)  \(i.title)  opened \(time(i.openedAt))\n"
        }.joined()
    }

    /// The incident's header, its timeline, and the targets and next escalation as of `now`.
    public static func show(_ id: Int64, _ incident: IncidentLifecycle, now: Timestamp) -> String {
        let priority = incident.priority
        var out = "incident \(id): \(incident.title)\n"
        out += "\(priority.rawValue) \(incident.service), \(status(incident))\n"
        out += "targets: respond within \(duration(priority.responseTarget)) (by \(time(incident.openedAt + priority.responseTarget))), "
        out += "resolve within \(duration(priority.resolutionTarget)) (by \(time(incident.openedAt + priority.resolutionTarget)))\n"
        out += "timeline:\n" + timeline(incident)
        if !incident.isResolved {
            if let (step, at) = priority.nextEscalation(openedAt: incident.openedAt, acknowledgedAt: incident.acknowledgedAt, at: now) {
                out += "next escalation: \(step.who) at \(time(at)) if still unacknowledged\n"
            } else if incident.acknowledgedAt == nil {
                out += "escalation: every step has been paged\n"
            }
        }
        return out
    }

    /// DOMAIN.md's post-mortem sections, the summary and timeline filled from the record.
    public static func postmortem(_ id: Int64, _ incident: IncidentLifecycle) -> String {
        let end = incident.resolvedAt
        var out = "# Post-mortem: \(incident.title) (incident \(id))\n\n## Summary\n\n"
        out += "- Date: \(time(incident.openedAt))\n"
        out += "- Duration: " + (end.map { duration($0 - (incident.detectedAt ?? incident.openedAt)) } ?? "ongoing (not resolved)") + "\n"
        out += "- Severity: \(incident.priority.rawValue)\n"
        out += "- Impact: _to be written: who was affected, how, and how many,_ on \(incident.service)\n"
        out += "- Detection: " + (incident.detectedAt.map {
            "began \(time($0)), incident opened \(duration(incident.openedAt - $0)) later"
        } ?? "opened \(time(incident.openedAt)); when the problem began is not recorded") + "\n"
        out += "- Resolution: " + (end.map { at in
            let note = incident.timeline.last { $0.kind == .resolved }?.note ?? ""
            return "resolved \(time(at))" + (note.isEmpty ? "" : ": \(note)")
        } ?? "not resolved") + "\n\n"
        out += "## Timeline\n\n" + timeline(incident).split(separator: "\n").map { "- " + $0.drop { $0 == " " } }.joined(separator: "\n")
        for section in ["Root cause", "Contributing factors", "What went well", "What to improve", "Actions"] {
            out += "\n\n## \(section)\n\n_To be written._"
        }
        return out + "\n"
    }

    public static func statistics(_ rows: [IncidentStatistics]) -> String {
        guard !rows.isEmpty else { return "no incidents\n" }
        let show: (Milliseconds?) -> String = { $0.map(duration) ?? "-" }
        var out = "service  severity  incidents  MTTD  MTTA  MTTR\n"
        for row in rows {
            out += "\(row.service)  \(row.priority.rawValue)  \(row.count)  \(show(row.meanTimeToDetect))  "
            out += "\(show(row.meanTimeToAcknowledge))  \(show(row.meanTimeToResolve))\n"
        }
        return out
    }

    static func timeline(_ incident: IncidentLifecycle) -> String {
        incident.timeline.map { event in
            "  \(time(event.at))  \(describe(event.kind, incident.priority))" + (event.note.isEmpty ? "" : ": \(event.note)") + "\n"
        }.joined()
    }

    static func describe(_ kind: IncidentEvent.Kind, _ priority: IncidentPriority) -> String {
        switch kind {
        case .detected: "problem began"
        case .opened: "opened"
        case .acknowledged: "acknowledged"
        case .resolved: "resolved"
        case .note: "note"
        case .escalated(let who): "paged \(who)"
        case .responseTargetMissed: "response target (\(duration(priority.responseTarget))) missed"
        case .resolutionTargetMissed: "resolution target (\(duration(priority.resolutionTarget))) missed"
        }
    }

    static func status(_ incident: IncidentLifecycle) -> String {
        if let at = incident.resolvedAt { return "resolved \(time(at))" }
        if let at = incident.acknowledgedAt { return "acknowledged \(time(at))" }
        return "open"
    }

    static func time(_ ms: Timestamp) -> String { ReportText.rfc3339(Double(ms) / 1000) }
    static func duration(_ ms: Milliseconds) -> String { QuantityFormat.duration(Double(ms) / 1000) }
}
