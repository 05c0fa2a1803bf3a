import Foundation

/// The data file formats `vigil ingest` and `--data` accept.
public enum IngestFormat: String, CaseIterable, Sendable {
    /// Header-driven CSV (`CSVParser`).
    case csv
    /// One JSON object per line (`JSONLinesParser`).
    case jsonLines
    /// Prometheus text exposition or OpenMetrics (`ExpositionParser`).
    case exposition

    /// The format a file name's extension implies: `.csv`; `.jsonl`, `.ndjson`, `.json`;
    /// `.prom`, `.txt`, `.om`, `.openmetrics`. Nil for anything else.
    public init?(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".csv") {
            self = .csv
        } else if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".json") {
            self = .jsonLines
        } else if name.hasSuffix(".prom") || name.hasSuffix(".txt") || name.hasSuffix(".om") || name.hasSuffix(".openmetrics") {
            self = .exposition
        } else {
            return nil
        }
    }

    /// Parses text in this format.
    public func parse(_ text: String, file: String, defaultTimestamp: Timestamp? = nil) throws -> [IngestedSample] {
        switch self {
        case .csv: return try CSVParser.parse(text, file: file)
        case .jsonLines: return try JSONLinesParser.parse(text, file: file)
        case .exposition: return try ExpositionParser.parse(text, file: file, defaultTimestamp: defaultTimestamp)
        }
    }
}

extension SeriesStore {
    /// Adds parsed samples all-or-nothing: on any error the store is left unchanged.
    ///
    /// Samples of one series may come in any order within the batch (they are sorted), but
    /// two samples of a series at the same time are an error, and so is a sample at or
    /// before one the store already holds for that series.
    public mutating func ingest(_ samples: [IngestedSample], file: String) throws {
        var grouped: [Labels: [IngestedSample]] = [:]
        var order: [Labels] = []
        for sample in samples {
            if grouped[sample.labels] == nil { order.append(sample.labels) }
            grouped[sample.labels, default: []].append(sample)
        }
        var batches: [Series] = []
        batches.reserveCapacity(order.count)
        for labels in order {
            // A stable sort keeps file order among equal times, so the later line is the one named.
            let group = grouped[labels]!.enumerated().sorted {
                $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset
            }.map(\.element)
            for (previous, next) in zip(group, group.dropFirst()) where previous.timestamp == next.timestamp {
                throw IngestError(file: file, line: next.line,
                                  message: "duplicate sample for \(labels) at \(next.timestamp) ms: line \(previous.line) already has one")
            }
            if let stored = lastTimestamp(of: labels), let first = group.first, first.timestamp <= stored {
                throw IngestError(file: file, line: first.line,
                                  message: "sample for \(labels) at \(first.timestamp) ms is not after the stored sample at \(stored) ms")
            }
            batches.append(try Series(labels: labels, timestamps: group.map(\.timestamp), values: group.map(\.value)))
        }
        // Everything is validated; from here on nothing can fail.
        for batch in batches { try add(batch) }
    }

    /// The exact path: parses text in a format into samples and adds them all-or-nothing.
    mutating func ingestExactly(text: String, file: String, format: IngestFormat,
                                defaultTimestamp: Timestamp?) throws -> IngestReport {
        var untimestamped = 0
        let samples = format == .exposition
            ? try ExpositionParser.parse(text, file: file, defaultTimestamp: defaultTimestamp, untimestamped: &untimestamped)
            : try format.parse(text, file: file, defaultTimestamp: defaultTimestamp)
        try ingest(samples, file: file)
        return IngestReport(samples: samples.count, untimestamped: untimestamped)
    }

    /// The exact path for a file: reads it whole as UTF-8 text.
    mutating func ingestExactly(contentsOfFile path: String, format: IngestFormat,
                                defaultTimestamp: Timestamp?) throws -> IngestReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError(file: path, line: 1, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw IngestError(file: path, line: 1, message: "not UTF-8 text")
        }
        return try ingestExactly(text: text, file: path, format: format, defaultTimestamp: defaultTimestamp)
    }
}

/// What one ingest added.
public struct IngestReport: Equatable, Sendable {
    /// Samples added.
    public var samples: Int
    /// Of those, samples whose line had no timestamp and that took the default (scrape) time.
    public var untimestamped: Int
}
