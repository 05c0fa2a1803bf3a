import Foundation
import VigilEngines
import VigilRuntime
import VigilSeries

/// The status report's formats (`vigil status --format`): text with unicode sparklines for a
/// terminal, JSON for tools, Markdown for a chat or a ticket, HTML for a page (StatusHTML).
public enum StatusFormat: String, CaseIterable, Sendable {
    case text, json, markdown, html

    public func render(_ report: StatusReport) -> String {
        switch self {
        case .text: StatusText.render(report)
        case .json: StatusJSON.value(of: report).render() + "\n"
        case .markdown: StatusMarkdown.render(report)
        case .html: StatusHTML.render(report)
        }
    }
}

/// Unicode block sparklines: each value scaled between the history's minimum and maximum.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func text(_ history: [Double?]) -> String {
        let known = history.compactMap { $0 }
        guard let low = known.min(), let high = known.max() else { return "" }
        return String(history.map { value -> Character in
            guard let value else { return " " }
            guard high > low else { return blocks[3] }
            // A NaN value or an infinite span gives a ratio `Int` would trap on: shown flat.
            let ratio = (value - low) / (high - low)
            guard ratio.isFinite else { return blocks[3] }
            return blocks[max(0, min(blocks.count - 1, Int((ratio * Double(blocks.count - 1)).rounded())))]
        })
    }
}

enum StatusText {
    static func render(_ report: StatusReport) -> String {
        var out = "Status \(report.overall.word) at \(StatusBinding.time(report.generatedAt)) "
            + "(looking back \(QuantityFormatting.period(report.period)))\n"
        out += "\nServices\n"
        if report.services.isEmpty { out += "  none declared\n" }
        let width = report.services.map(\.name.count).max() ?? 0
        for s in report.services {
            out += "  \(s.health.word.padding(toLength: 9, withPad: " ", startingAt: 0)) "
                + s.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let figures = StatusVitalsText.parts(s, period: report.period).map { "\($0.name) \($0.text)" } + s.figures.map { f in
                let spark = Sparkline.text(f.history)
                return "\(f.name) \(f.text)" + (spark.isEmpty ? "" : " \(spark)")
            }
            out += (figures.isEmpty ? "" : "  " + figures.joined(separator: " · ")) + "\n"
        }
        out += "\nNeeds attention\n"
        if report.attention.isEmpty { out += "  nothing\n" }
        for item in report.attentionByHealth {
            out += "  [\(item.health.word)] \(item.title)\n      evidence: \(item.evidence)\n      do: \(item.recommendation)\n"
        }
        for section in report.sections {
            out += "\n\(section.title)\n" + section.lines.map { "  \($0)\n" }.joined()
        }
        return out
    }
}

enum StatusMarkdown {
    static func render(_ report: StatusReport) -> String {
        var out = "# Status: **\(report.overall.word)**\n\n_at \(StatusBinding.time(report.generatedAt)), "
            + "looking back \(QuantityFormatting.period(report.period))_\n\n## Services\n\n"
        out += "| Service | Health | Success | p50 | p95 | p99 | Open incidents | Figures |\n|---|---|---|---|---|---|---|---|\n"
        for s in report.services {
            let vitals = StatusVitalsText.parts(s, period: report.period)
            let columns = StatusVitalsText.names.map { name in
                cell(vitals.first { $0.name == name }?.text ?? "")
            }
            let figures = s.figures.map { "\($0.name) \($0.text) \(Sparkline.text($0.history))" }
            out += "| \(cell(s.name)) | \(s.health.word) | " + columns.joined(separator: " | ")
                + " | \(cell(figures.joined(separator: "; "))) |\n"
        }
        out += "\n## Needs attention\n\n"
        if report.attention.isEmpty { out += "Nothing.\n" }
        for item in report.attentionByHealth {
            out += "- **\(item.health.word)** \(item.title)  \n  Evidence: \(item.evidence)  \n  Do: \(item.recommendation)\n"
        }
        for section in report.sections {
            out += "\n## \(section.title)\n\n" + section.lines.map { "- \($0)\n" }.joined()
        }
        return out
    }

    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}

enum StatusJSON {
    static func value(of report: StatusReport) -> JSONValue {
        .object([
            ("overall", .string(report.overall.word)),
            ("generated_at", .number(Double(report.generatedAt) / 1000)),
            ("period_seconds", .number(Double(report.period) / 1000)),
            ("services", .array(report.services.map { service($0, report.period) })),
            ("attention", .array(report.attentionByHealth.map { i in
                .object([("health", .string(i.health.word)), ("service", .text(i.service)), ("title", .string(i.title)),
                         ("evidence", .string(i.evidence)), ("recommendation", .string(i.recommendation))])
            })),
            ("incident_response", .array(report.incidentResponse.map { row in
                .object([("service", .text(row.service)), ("incidents", .integer(row.times.count)),
                         ("mttd_seconds", seconds(row.times.meanTimeToDetect)),
                         ("mtta_seconds", seconds(row.times.meanTimeToAcknowledge)),
                         ("mttr_seconds", seconds(row.times.meanTimeToResolve))])
            })),
            ("actions", report.actions.map { counts in
                JSONValue.array(counts.map { c in
                    JSONValue.object([("kind", .string(c.kind)), ("state", .string(c.state)), ("count", .integer(c.count))])
                })
            } ?? .null),
            ("sections", .array(report.sections.map { s in
                .object([("title", .string(s.title)), ("lines", .array(s.lines.map(JSONValue.string)))])
            })),
        ])
    }

    /// A service's line: health, vitals (null with the missing series under `missing`), figures.
    static func service(_ s: ServiceStatus, _ period: Milliseconds) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(s.name)), ("health", .string(s.health.word)),
                                             ("success_rate", .decimal(s.vitals?.successRate.number))]
        for (level, value) in zip(ServiceVitals.levels, s.vitals?.latency ?? []) {
            fields.append(("\(level.name)_seconds", .decimal(value.number)))
        }
        fields.append(("missing", .object(missing(s, period))))
        fields.append(("open_incidents", .integer(s.openIncidents)))
        fields.append(("figures", .array(s.figures.map { f in
            .object([("name", .string(f.name)), ("value", .string(f.text)), ("history", .array(f.history.map(JSONValue.decimal)))])
        })))
        return .object(fields)
    }

    /// Which series each vital that has no number was missing, under the vital's key.
    static func missing(_ s: ServiceStatus, _ period: Milliseconds) -> [(String, JSONValue)] {
        StatusVitalsText.shortfalls(s, period: period).map { name, text in
            (name == "success" ? "success_rate" : "\(name)_seconds", .string(text))
        }
    }

    static func seconds(_ ms: Milliseconds?) -> JSONValue { .decimal(ms.map { Double($0) / 1000 }) }
}

enum QuantityFormatting {
    static func period(_ ms: Milliseconds) -> String { Value.number(Double(ms) / 1000, .duration).literal }
}
