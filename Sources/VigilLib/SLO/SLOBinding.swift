import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSyntax

/// The SLO engine's binding: the `slo` block and its settings, its builtins (SLOBuiltins.swift),
/// the SLO handles bound to their names before a program's statements compile, and the page
/// and ticket rules of `alert multiwindow` (SLOAlertRules.swift).
struct SLOBinding: EngineBinding {
    var feature: Feature { .slo }

    static let block = BlockSchema(.slo, feature: .slo, settings: [
        .init("service", .word(nil), doc: "The service the objective is for.", example: "checkout"),
        .init("objective", .percent, doc: "The share of good events promised.", example: "99.9%"),
        .init("window", .duration, default: .duration(seconds: 30 * 86_400), doc: "The rolling window of the objective.",
              example: "30d"),
        .init("alert", .word(["multiwindow", "none"]), default: .word("none"),
              doc: "multiwindow: the SRE workbook's page and ticket rules on the burn rate.", example: "multiwindow"),
        .init("page", .string, doc: "The receiver the page rule of `alert multiwindow` pages (P1), through the notification dispatcher (dedup, grouping, silences, inhibition).",
              example: "\"checkout-oncall\""),
        .init("ticket", .string, doc: "The receiver the ticket rule of `alert multiwindow` notifies; muted while the page fires.",
              example: "\"checkout-tickets\""),
        .init("every", .duration, default: .duration(seconds: 30), doc: "How often the alert rules are evaluated.",
              example: "30s"),
        .init("min_events", .number, default: .number(1),
              doc: "Fewer events than this in a window make its burn rate nodata (low traffic).", example: "100"),
        .init("by", .string, doc: "One SLO per value of this label, each with its own budget and alerts.", example: "\"endpoint\""),
        .init("exclude", .period, doc: "A maintenance window left out of the SLI and budget: `@from to @to`, or `daily`/`weekly` before it to repeat it; may repeat.",
              example: "@2026-01-10T02:00:00Z to @2026-01-10T04:00:00Z"),
    ])

    var blocks: [BlockSchema] { [Self.block] }
    var builtins: [EngineBuiltin] { Self.sloBuiltins }

    /// Binds each SLO's name to its handle, so the program's statements can name it.
    func declare(_ program: Program, in session: VigilSession) throws {
        let registry = Self.registry(session)
        for decl in program.decls {
            guard case .block(let block) = decl.kind, block.kind == .slo, let name = block.name else { continue }
            let slo = try SLOObject(block, file: program.file, session: session)
            registry.slos[name] = slo
            session.interpreter.defineGlobal(name, .object(slo))
        }
    }

    /// Loads the alert rules of the program's SLOs as rules of their own (see SLOAlertRules).
    func load(_ program: Program, in session: VigilSession) throws {
        let registry = Self.registry(session)
        for decl in program.decls {
            guard case .block(let block) = decl.kind, block.kind == .slo, let name = block.name,
                  let slo = registry.slos[name], slo.alertsMultiwindow else { continue }
            let declared = Set(session.interpreter.receivers.map(\.decl.name))
            for (setting, receiver) in slo.receivers.sorted(by: { $0.key < $1.key }) where !declared.contains(receiver.name) {
                throw RuntimeError("slo \(name): `\(setting)` names no declared receiver \(Value.string(receiver.name).literal)",
                                   hint: "declare it: receiver \(Value.string(receiver.name).literal) alertmanager(\"http://127.0.0.1:9093\")",
                                   file: slo.file, range: receiver.range)
            }
            try session.interpreter.load(SLOAlertRules.program(for: slo))
        }
    }

    static func registry(_ session: VigilSession) -> SLORegistry { session.engineState { SLORegistry() } }
}

/// The SLOs a session has declared, by name.
final class SLORegistry {
    var slos: [String: SLOObject] = [:]

    func slo(named name: String, _ call: BuiltinCall) throws -> SLOObject {
        guard let slo = slos[name] else {
            throw call.error("no slo named \"\(name)\"", hint: Spelling.hint(for: name, in: slos.keys.sorted()))
        }
        return slo
    }
}
