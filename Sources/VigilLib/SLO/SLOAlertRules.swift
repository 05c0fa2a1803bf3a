import Foundation
import VigilEngines
import VigilRuntime
import VigilSyntax

/// `alert multiwindow`: the SRE workbook's tiers (`MultiwindowPolicy.workbook`, factors
/// scaled to the SLO's window) written as two ordinary rules, `"<slo> page"` and
/// `"<slo> ticket"`, each firing when either of its tiers has both windows above the
/// factor; no `for`, every 30s unless the block says `every`. The page rule opens an
/// incident while it fires (`incidentActions`). Being Vigil source, they
/// compile, replay, test and explain themselves as any other rule does.
enum SLOAlertRules {
    static func source(for slo: SLOObject, policy: MultiwindowPolicy = .workbook) -> String {
        MultiwindowPolicy.Severity.allCases.map { severity in
            let tiers = policy.tiers(severity).map { tier in
                let factor = formatFactor(tier.factor(period: slo.budget.period))
                return [tier.longWindow, tier.shortWindow]
                    .map { "burn_rate(\(slo.name), \(QuantityFormat.duration($0))) > \(factor)x" }
                    .joined(separator: " and ")
            }
            return """
                rule "\(slo.name) \(severity.rawValue)" {
                  every \(QuantityFormat.duration(slo.every))\(labels(slo))
                  when \(tiers.map { "(\($0))" }.joined(separator: " or "))\(actions(slo, severity))
                }

                """
        }.joined()
    }

    /// With a receiver to send to, the alert carries the SLO's service (what groups it, and
    /// what lets the page inhibit the ticket).
    static func labels(_ slo: SLOObject) -> String {
        guard !slo.receivers.isEmpty, let service = slo.service else { return "" }
        return "\n  labels { service: \(Value.string(service).literal) }"
    }

    /// The page rule opens an incident and pages `page`; the ticket rule notifies `ticket`.
    static func actions(_ slo: SLOObject, _ severity: MultiwindowPolicy.Severity) -> String {
        let receiver = slo.receivers[severity.rawValue].map { Value.string($0.name).literal }
        switch severity {
        case .page:
            let page = receiver.map { ", page(\($0), \(Value.string("\(slo.name): error budget burning fast").literal), severity: P1)" } ?? ""
            return incidentActions(slo, page: page)
        case .ticket:
            return receiver.map { " then notify(\($0), \(Value.string("\(slo.name): error budget burning slowly").literal))" } ?? ""
        }
    }

    /// The page rule's incident: opened when it fires (one per SLO and label set, see
    /// `IncidentActions`), resolved when it resolves. A ticket opens none.
    static func incidentActions(_ slo: SLOObject, page: String = "") -> String {
        let title = Value.string("\(slo.name): error budget burning fast").literal
        let service = slo.service.map { ", service: \(Value.string($0).literal)" } ?? ""
        return " then open_incident(\(title), severity: \(incidentSeverity)\(service))\(page)"
            + " resolve resolve_incident(\(title), note: \(Value.string("burn rate back under the page thresholds").literal))"
    }

    /// A fast burn spends days of budget in hours: a major degradation (DOMAIN.md's P2).
    static let incidentSeverity = "P2"

    /// The rules as a program of their own, in a file named for the SLO (what reports cite).
    static func program(for slo: SLOObject) throws -> Program {
        let file = SourceFile(path: "\(slo.file.path) (slo \(slo.name) alerts)", text: source(for: slo))
        let (program, diagnostics) = Parser.parse(file)
        if let first = diagnostics.first { throw first }
        return program
    }

    /// Up to 6 decimals (Sloth's 28-day 0.933333), and no trailing zeros: `14.4`, `6`.
    static func formatFactor(_ factor: Double) -> String {
        var text = String(format: "%.6f", factor)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
