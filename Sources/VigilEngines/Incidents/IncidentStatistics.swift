import VigilSeries

/// Mean times to detect, acknowledge and resolve over a set of incidents, from their
/// timelines. A mean is nil when no incident has the two times it needs (MTTD needs a known
/// detection time, MTTA an acknowledgement, MTTR a resolution): an absent figure is shown as
/// absent, never as zero.
public struct IncidentMeanTimes: Equatable, Sendable {
    public let count: Int
    /// Detection (`started`) to opening.
    public let meanTimeToDetect: Milliseconds?
    /// Opening to first acknowledgement.
    public let meanTimeToAcknowledge: Milliseconds?
    /// Opening to resolution.
    public let meanTimeToResolve: Milliseconds?

    public init(_ incidents: [IncidentLifecycle]) {
        count = incidents.count
        meanTimeToDetect = Self.mean(incidents.compactMap { i in i.detectedAt.map { i.openedAt - $0 } })
        meanTimeToAcknowledge = Self.mean(incidents.compactMap { i in i.acknowledgedAt.map { $0 - i.openedAt } })
        meanTimeToResolve = Self.mean(incidents.compactMap { i in i.resolvedAt.map { $0 - i.openedAt } })
    }

    private static func mean(_ durations: [Milliseconds]) -> Milliseconds? {
        durations.isEmpty ? nil : durations.reduce(0, +) / Milliseconds(durations.count)
    }
}

/// The mean times of one service's incidents, or of every service's (`service` nil).
public struct ServiceMeanTimes: Equatable, Sendable {
    public let service: String?
    public let times: IncidentMeanTimes

    /// One row per service with at least one incident, sorted by name, then one for all of
    /// them; empty when there are no incidents.
    public static func compute(_ incidents: [IncidentLifecycle]) -> [ServiceMeanTimes] {
        guard !incidents.isEmpty else { return [] }
        let groups = Dictionary(grouping: incidents, by: \.service)
        return groups.keys.sorted().map { ServiceMeanTimes(service: $0, times: IncidentMeanTimes(groups[$0]!)) }
            + [ServiceMeanTimes(service: nil, times: IncidentMeanTimes(incidents))]
    }
}

/// Mean times for one service and priority (`vigil incident stats`).
public struct IncidentStatistics: Equatable, Sendable {
    public let service: String
    public let priority: IncidentPriority
    public let times: IncidentMeanTimes

    public var count: Int { times.count }
    public var meanTimeToDetect: Milliseconds? { times.meanTimeToDetect }
    public var meanTimeToAcknowledge: Milliseconds? { times.meanTimeToAcknowledge }
    public var meanTimeToResolve: Milliseconds? { times.meanTimeToResolve }

    /// One row per (service, priority) with at least one incident, sorted by service, then priority.
    public static func compute(_ incidents: [IncidentLifecycle]) -> [IncidentStatistics] {
        let groups = Dictionary(grouping: incidents) { GroupKey(service: $0.service, priority: $0.priority) }
        return groups.keys.sorted { ($0.service, $0.priority.rawValue) < ($1.service, $1.priority.rawValue) }.map { key in
            IncidentStatistics(service: key.service, priority: key.priority, times: IncidentMeanTimes(groups[key]!))
        }
    }

    private struct GroupKey: Hashable {
        let service: String
        let priority: IncidentPriority
    }
}
