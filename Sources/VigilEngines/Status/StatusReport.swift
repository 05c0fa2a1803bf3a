import VigilSeries

/// How healthy a service, an item or the whole estate is; ordered from best to worst so the
/// overall state is the worst of its parts.
public enum Health: Int, Comparable, Sendable, CaseIterable {
    case healthy, degraded, unhealthy

    public var word: String {
        switch self {
        case .healthy: "HEALTHY"
        case .degraded: "DEGRADED"
        case .unhealthy: "UNHEALTHY"
        }
    }

    public static func < (a: Health, b: Health) -> Bool { a.rawValue < b.rawValue }
}

/// One figure on a service's line: a signal's value now, with its recent values for a sparkline.
public struct StatusFigure: Equatable, Sendable {
    public let name: String
    /// The value as the language prints it (`0.42%`, `212ms`), or "no data".
    public let text: String
    /// Values over the report's period, oldest first (nil where there was no value).
    public let history: [Double?]

    public init(name: String, text: String, history: [Double?] = []) {
        self.name = name
        self.text = text
        self.history = history
    }
}

/// One service's line: its health and key figures; a declared service also has its vitals
/// (success rate and latency over the period) and its count of open incidents.
public struct ServiceStatus: Equatable, Sendable {
    public let name: String
    public internal(set) var health: Health
    public internal(set) var figures: [StatusFigure]
    public internal(set) var vitals: ServiceVitals?
    public internal(set) var openIncidents: Int?

    public init(name: String, health: Health = .healthy, figures: [StatusFigure] = []) {
        self.name = name
        self.health = health
        self.figures = figures
    }
}

/// How many journaled actions of one kind ended in one state within the period
/// (`page`, `delivered`); notes count under their own kind (`guardrail`, `duplicate`).
public struct ActionCount: Equatable, Sendable {
    public let kind: String
    public let state: String
    public let count: Int

    public init(kind: String, state: String, count: Int) {
        self.kind = kind
        self.state = state
        self.count = count
    }
}

/// Something an operator should look at: how bad, where, the evidence and what to do.
public struct AttentionItem: Equatable, Sendable {
    public let health: Health
    public let service: String?
    public let title: String
    public let evidence: String
    public let recommendation: String

    public init(_ health: Health, service: String?, title: String, evidence: String, recommendation: String) {
        self.health = health
        self.service = service
        self.title = title
        self.evidence = evidence
        self.recommendation = recommendation
    }
}

/// A titled block of lines an engine contributes (recent changes, SLOs, cost…).
public struct StatusSection: Equatable, Sendable {
    public let title: String
    public let lines: [String]

    public init(title: String, lines: [String]) {
        self.title = title
        self.lines = lines
    }
}

/// The status report ("prodstatus"): built by the engines that are registered, each adding
/// its figures, items and sections; the overall state is derived, never set.
public struct StatusReport: Equatable, Sendable {
    public let generatedAt: Timestamp
    /// The period recent changes and histories cover.
    public let period: Milliseconds
    public private(set) var services: [ServiceStatus] = []
    public private(set) var attention: [AttentionItem] = []
    public private(set) var sections: [StatusSection] = []
    /// MTTD/MTTA/MTTR of the incidents opened in the period, per service, then overall.
    public var incidentResponse: [ServiceMeanTimes] = []
    /// The action journal's entries of the period by kind and state; nil without a journal.
    public var actions: [ActionCount]?

    public init(generatedAt: Timestamp, period: Milliseconds) {
        self.generatedAt = generatedAt
        self.period = period
    }

    /// The worst of every service and every item; healthy when there is nothing to report.
    public var overall: Health {
        (services.map(\.health) + attention.map(\.health)).max() ?? .healthy
    }

    /// Adds a service line (or the figures to an existing one of that name).
    public mutating func add(service name: String, figures: [StatusFigure] = []) {
        if let i = services.firstIndex(where: { $0.name == name }) {
            services[i].figures += figures
        } else {
            services.append(ServiceStatus(name: name, figures: figures))
        }
    }

    /// Adds an item; it makes its service (added if new) at least as unhealthy as the item.
    public mutating func add(_ item: AttentionItem) {
        attention.append(item)
        guard let name = item.service else { return }
        add(service: name)
        if let i = services.firstIndex(where: { $0.name == name }) {
            services[i].health = max(services[i].health, item.health)
        }
    }

    /// Sets a declared service's vitals and open incidents (nil without an incident store),
    /// adding its line if new.
    public mutating func set(service name: String, vitals: ServiceVitals, openIncidents: Int?) {
        add(service: name)
        guard let i = services.firstIndex(where: { $0.name == name }) else { return }
        services[i].vitals = vitals
        services[i].openIncidents = openIncidents
    }

    public mutating func add(_ section: StatusSection) { sections.append(section) }

    /// Items worst first, then in the order the engines added them.
    public var attentionByHealth: [AttentionItem] {
        attention.enumerated().sorted { a, b in
            a.element.health != b.element.health ? a.element.health > b.element.health : a.offset < b.offset
        }.map(\.element)
    }
}
