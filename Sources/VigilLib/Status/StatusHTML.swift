import Foundation
import VigilEngines

/// The status report as one self-contained HTML page: inline CSS and SVG sparklines, no
/// scripts, no fonts or images fetched, so it renders the same offline, attached to a ticket
/// or in a headless browser.
enum StatusHTML {
    static func render(_ report: StatusReport) -> String {
        let at = escape(StatusBinding.time(report.generatedAt)), back = escape(QuantityFormatting.period(report.period))
        var body = "<header class=\"overall \(css(report.overall))\"><h1>Status: <span id=\"overall\">"
        body += "\(report.overall.word)</span></h1><p>at \(at), looking back \(back)</p></header>\n"
        body += "<section id=\"services\"><h2>Services</h2><table><tr><th>Service</th><th>Health</th>"
        body += StatusVitalsText.names.map { "<th>\(escape($0))</th>" }.joined() + "<th>Figures</th></tr>\n"
        for s in report.services {
            let vitals = StatusVitalsText.parts(s, period: report.period)
            let columns = StatusVitalsText.names.map { name -> String in
                let text = vitals.first { $0.name == name }?.text ?? ""
                let missing = text.hasPrefix("no data") ? " class=\"missing\"" : ""
                return "<td data-vital=\"\(escape(name))\"\(missing)>\(escape(text))</td>"
            }.joined()
            let figures = s.figures.map { f in
                "<div class=\"figure\"><span class=\"name\">\(escape(f.name))</span> <b>\(escape(f.text))</b> \(svg(f.history))</div>"
            }.joined()
            let name = escape(s.name), health = css(s.health), word = s.health.word
            body += "<tr class=\"service\" data-service=\"\(name)\"><td>\(name)</td>"
            body += "<td class=\"\(health)\">\(word)</td>\(columns)<td>\(figures)</td></tr>\n"
        }
        body += "</table></section>\n<section id=\"attention\"><h2>Needs attention</h2>"
        if report.attention.isEmpty { body += "<p>Nothing.</p>" }
        let items: [String] = report.attentionByHealth.map { i in
            let head = "<li class=\"\(css(i.health))\"><b>\(i.health.word)</b> \(escape(i.title))"
            return head + "<br><small>Evidence: \(escape(i.evidence))</small><br><small>Do: \(escape(i.recommendation))</small></li>"
        }
        body += "<ul>" + items.joined(separator: "\n") + "</ul></section>\n"
        for section in report.sections {
            body += "<section><h2>\(escape(section.title))</h2><ul>"
                + section.lines.map { "<li>\(escape($0))</li>" }.joined() + "</ul></section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Status: \(report.overall.word)</title>
            <style>
            body{font-family:sans-serif;margin:1.5em;color:#222;background:#fff}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}
            .overall{padding:.5em 1em;border-radius:6px}.overall.healthy{background:#d8f5dc}.overall.degraded{background:#fff1c2}
            .overall.unhealthy{background:#ffd6d6}td.healthy{color:#1a7f37}td.degraded{color:#9a6700}td.unhealthy{color:#cf222e}
            li.unhealthy{border-left:4px solid #cf222e;padding-left:.5em}li.degraded{border-left:4px solid #d4a72c;padding-left:.5em}
            .figure{display:inline-block;margin-right:1.2em}svg{vertical-align:middle}td.missing{color:#9a6700;font-size:.85em}
            </style></head>
            <body>
            \(body)</body></html>

            """
    }

    static func css(_ h: Health) -> String { h.word.lowercased() }

    /// A 96×20 polyline of the history; gaps where there was no value.
    static func svg(_ history: [Double?]) -> String {
        let known = history.compactMap { $0 }
        guard let low = known.min(), let high = known.max(), history.count > 1 else { return "" }
        let w = 96.0, h = 20.0, span = high > low ? high - low : 1
        var runs: [[String]] = [[]]
        for (i, value) in history.enumerated() {
            guard let value else { if !runs[runs.count - 1].isEmpty { runs.append([]) }; continue }
            let x = w * Double(i) / Double(history.count - 1)
            let y = high > low ? h - 2 - (h - 4) * (value - low) / span : h / 2
            runs[runs.count - 1].append(String(format: "%.1f,%.1f", x, y))
        }
        let lines = runs.filter { !$0.isEmpty }.map {
            "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\" points=\"\($0.joined(separator: " "))\"/>"
        }.joined()
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"20\" viewBox=\"0 0 96 20\">\(lines)</svg>"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
