import VigilEngines
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// The incidents a session sees: the store's when the command was given one
/// (`VigilSession.useIncidentStore`, what `vigil watch` does), else a private in-memory
/// store, so a replay or test opens, deduplicates and resolves incidents the same way
/// without touching the user's.
final class IncidentBoard {
    private var store: (() throws -> VigilDatabase)?
    private var opened: IncidentDesk?

    func attach(_ open: @escaping () throws -> VigilDatabase) {
        store = open
        opened = nil
    }

    /// The desk in use, opening its store on first use (a program that never touches an
    /// incident never creates one).
    func desk(_ call: BuiltinCall) throws -> IncidentDesk {
        if let opened { return opened }
        do {
            let desk = IncidentDesk(try store?() ?? VigilDatabase.inMemory())
            opened = desk
            return desk
        } catch {
            throw call.error("cannot open the incident store: \(error)")
        }
    }

    /// The desk, for a command rather than a builtin call (errors are the store's own).
    func storeDesk() throws -> IncidentDesk {
        if let opened { return opened }
        let desk = IncidentDesk(try store?() ?? VigilDatabase.inMemory())
        opened = desk
        return desk
    }

    /// The incident's title as stored: an alert's label set is part of it, so each label set
    /// of a rule has its own incident (`checkout page {endpoint="/pay"}`).
    static func title(_ title: String, labels: Labels) -> String {
        labels.isEmpty ? title : "\(title) \(labels.fingerprint)"
    }

    /// The open incident of that service and stored title, if any: what deduplicates.
    func open(service: String, title: String, _ call: BuiltinCall) throws -> Incident? {
        try list(openOnly: true, call).first { $0.service == service && $0.title == title }
    }

    func list(openOnly: Bool, _ call: BuiltinCall) throws -> [Incident] {
        do { return try desk(call).list(openOnly: openOnly) } catch let error as RuntimeError { throw error } catch {
            throw call.error("cannot read the incident store: \(error)")
        }
    }

    /// An incident as the language shows it: `{id: "INC-3", title: …, severity: P1, …}`.
    static func record(_ incident: Incident) -> Value {
        var pairs: [(String, Value)] = [
            ("id", .string("INC-\(incident.id)")), ("title", .string(incident.title)),
            ("severity", .object(SeverityValue(Int(incident.severity.rawValue.dropFirst()) ?? 4))),
            ("service", .string(incident.service)), ("status", .string(incident.status.rawValue)),
            ("opened", .number(Double(incident.openedAt) / 1000, Unit(.timestamp))),
        ]
        if let at = incident.resolvedAt { pairs.append(("resolved", .number(Double(at) / 1000, Unit(.timestamp)))) }
        return .record(Record(pairs))
    }
}

extension VigilSession {
    /// Opens and resolves incidents in the database `open` opens (the user's store, opened
    /// when an incident is first touched), instead of a private in-memory one.
    public func useIncidentStore(_ open: @escaping () throws -> VigilDatabase) {
        incidentBoard.attach(open)
    }

    var incidentBoard: IncidentBoard { engineState { IncidentBoard() } }

    /// The service whose block (or canary, named for its service) encloses the call, if any.
    func enclosingService(of call: BuiltinCall) -> String? {
        let offset = call.range.start
        return interpreter.blocks.filter { block, file in
            (block.kind == .service || block.kind == .canary) && file === call.file
                && block.range.start <= offset && offset < block.range.end
        }.last?.decl.name
    }
}
