import VigilEngines
import VigilSeries
import VigilStore

/// Incidents as the product keeps them: the incident engine's lifecycle (escalations, missed
/// targets, timeline) over the store's `IncidentRepository`. What `vigil incident` runs.
public struct IncidentDesk {
    let repository: IncidentRepository

    public init(_ database: VigilDatabase) {
        repository = database.incidents
    }

    /// Opens an incident and stores its first timeline entries; returns its id.
    public func open(title: String, priority: IncidentPriority, service: String, at time: Timestamp,
                     detectedAt: Timestamp? = nil) throws -> Int64 {
        let lifecycle = IncidentLifecycle(title: title, priority: priority, service: service, openedAt: time, detectedAt: detectedAt)
        let incident = try repository.open(title: title, severity: Self.severity(priority), service: service, at: time)
        if let detectedAt { try repository.setDetected(incident.id, at: detectedAt) }
        try repository.record(lifecycle.timeline.map(Self.entry), for: incident.id)
        return incident.id
    }

    /// The incident as the engine sees it, with what fell due by `time` added (not stored).
    public func lifecycle(_ id: Int64, at time: Timestamp? = nil) throws -> IncidentLifecycle {
        guard let incident = try repository.incident(id) else { throw StoreError(.notFound, "no incident with id \(id)") }
        guard let priority = IncidentPriority(rawValue: incident.severity.rawValue) else {
            throw StoreError(.invalidData, "incident \(id) has severity \(incident.severity.rawValue)")
        }
        let timeline = try repository.timeline(of: id).compactMap { entry in
            IncidentEvent.Kind(code: entry.kind).map { IncidentEvent(at: entry.at, $0, note: entry.note) }
        }
        var lifecycle = IncidentLifecycle(
            title: incident.title, priority: priority, service: incident.service, openedAt: incident.openedAt,
            detectedAt: try repository.detectedAt(id), acknowledgedAt: incident.acknowledgedAt,
            resolvedAt: incident.resolvedAt, timeline: timeline)
        if let time { lifecycle.advance(to: time) }
        return lifecycle
    }

    /// Acknowledges; stores the escalations and missed targets that fell due before it.
    @discardableResult
    public func acknowledge(_ id: Int64, at time: Timestamp, note: String = "") throws -> [IncidentEvent] {
        var lifecycle = try lifecycle(id)
        let events = try lifecycle.acknowledge(at: time, note: note)
        if !events.isEmpty {
            try repository.acknowledge(id, at: time)
            try repository.record(events.map(Self.entry), for: id)
        }
        return events
    }

    /// Resolves; stores what fell due before it and the resolution with its note.
    @discardableResult
    public func resolve(_ id: Int64, at time: Timestamp, note: String = "") throws -> [IncidentEvent] {
        var lifecycle = try lifecycle(id)
        let events = try lifecycle.resolve(at: time, note: note)
        try repository.resolve(id, at: time)
        try repository.record(events.map(Self.entry), for: id)
        return events
    }

    /// Every incident, or only those not resolved (most severe first).
    public func list(openOnly: Bool) throws -> [Incident] {
        openOnly ? try repository.openIncidents() : try repository.all()
    }

    /// MTTD, MTTA and MTTR per service and priority from every stored timeline.
    public func statistics() throws -> [IncidentStatistics] {
        IncidentStatistics.compute(try repository.all().map { try lifecycle($0.id) })
    }

    /// MTTD, MTTA and MTTR per service and overall of the incidents opened in `[from, through]`,
    /// each as it stood at `through` (a later acknowledgement or resolution does not count).
    public func statistics(openedFrom from: Timestamp, through: Timestamp) throws -> [ServiceMeanTimes] {
        let opened = try repository.all().filter { $0.openedAt >= from && $0.openedAt <= through }
        return ServiceMeanTimes.compute(try opened.map { try lifecycle($0.id).asOf(through) })
    }

    static func severity(_ priority: IncidentPriority) -> IncidentSeverity {
        IncidentSeverity(rawValue: priority.rawValue)!
    }

    static func entry(_ event: IncidentEvent) -> IncidentTimelineEntry {
        IncidentTimelineEntry(at: event.at, kind: event.kind.code, note: event.note)
    }
}
