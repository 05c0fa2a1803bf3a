import VigilSeries

/// Mean times to detect, acknowledge and resolve for one service and priority, from the
/// incidents' timelines. A mean is nil when no incident has the two times it needs (MTTD
/// needs a known detection time, MTTA an acknowledgement, MTTR a resolution): an absent
/// figure is shown as absent, never as zero.
public struct IncidentStatistics: Equatable, Sendable {
    public let service: String
    public let priority: IncidentPriority
    public let count: Int
    /// Detection (`started`) to opening.
    public let meanTimeToDetect: Milliseconds?
    /// Opening to first acknowledgement.
    public let meanTimeToAcknowledge: Milliseconds?
    /// Opening to resolution.
    public let meanTimeToResolve: Milliseconds?

    /// One row per (service, priority) with at least one incident, sorted by service, then priority.
    public static func compute(_ incidents: [IncidentLifecycle]) -> [IncidentStatistics] {
        let groups = Dictionary(grouping: incidents) { GroupKey(service: $0.service, priority: $0.priority) }
        return groups.keys.sorted { ($0.service, $0.priority.rawValue) < ($1.service, $1.priority.rawValue) }.map { key in
            let group = groups[key]!
            return IncidentStatistics(
                service: key.service, priority: key.priority, count: group.count,
                meanTimeToDetect: mean(group.compactMap { i in i.detectedAt.map { i.openedAt - $0 } }),
                meanTimeToAcknowledge: mean(group.compactMap { i in i.acknowledgedAt.map { $0 - i.openedAt } }),
                meanTimeToResolve: mean(group.compactMap { i in i.resolvedAt.map { $0 - i.openedAt } }))
        }
    }

    private struct GroupKey: Hashable {
        let service: String
        let priority: IncidentPriority
    }

    private static func mean(_ durations: [Milliseconds]) -> Milliseconds? {
        durations.isEmpty ? nil : durations.reduce(0, +) / Milliseconds(durations.count)
    }
}
