import VigilEngines
import VigilRuntime

/// The status report as a language value: what `status()` returns.
enum StatusRecord {
    static func value(of report: StatusReport) -> Value {
        .record(Record([
            ("overall", .string(report.overall.word)),
            ("services", .list(report.services.map { service in
                .record(Record([
                    ("name", .string(service.name)), ("health", .string(service.health.word)),
                    ("figures", .record(Record(service.figures.map { ($0.name, .string($0.text)) }))),
                ]))
            })),
            ("attention", .list(report.attentionByHealth.map { item in
                .record(Record([
                    ("health", .string(item.health.word)), ("service", item.service.map { .string($0) } ?? .none),
                    ("title", .string(item.title)), ("evidence", .string(item.evidence)),
                    ("recommendation", .string(item.recommendation)),
                ]))
            })),
            ("sections", .list(report.sections.map { section in
                .record(Record([("title", .string(section.title)), ("lines", .list(section.lines.map { .string($0) }))]))
            })),
        ]))
    }
}
