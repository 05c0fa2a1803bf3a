import XCTest
@testable import VigilSeries

/// The error text a throwing call produces, or "no error".
func errorText(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}

final class TimestampParsingTests: XCTestCase {
    func testRFC3339() {
        XCTAssertEqual(RFC3339.parse("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(RFC3339.parse("2025-01-15T14:30:00Z"), 1_736_951_400_000)
        XCTAssertEqual(RFC3339.parse("2025-01-15T16:30:00.25+02:00"), 1_736_951_400_250)
        XCTAssertEqual(RFC3339.parse("2024-02-29T00:00:00z"), 1_709_164_800_000)
        XCTAssertNil(RFC3339.parse("2023-02-29T00:00:00Z"))
        XCTAssertNil(RFC3339.parse("2025-01-15"))
        XCTAssertNil(RFC3339.parse("2025-01-15T14:30:00"))
    }

    func testUnixSecondsAndMilliseconds() {
        XCTAssertEqual(IngestFields.timestamp("1736951400"), 1_736_951_400_000)
        XCTAssertEqual(IngestFields.timestamp("1736951400.5"), 1_736_951_400_500)
        XCTAssertEqual(IngestFields.timestamp("1736951400000"), 1_736_951_400_000)
        XCTAssertEqual(IngestFields.timestamp("0"), 0)
        XCTAssertNil(IngestFields.timestamp("yesterday"))
        XCTAssertNil(IngestFields.timestamp("1e9"))
    }
}

final class CSVIngestTests: XCTestCase {
    func testParsesHeaderDrivenRows() throws {
        let text = """
        timestamp,metric,service,code,value
        2025-01-15T14:30:00Z,http_requests_total,checkout,500,3
        1736951460,http_requests_total,checkout,,4.5
        "1736951520000",http_requests_total,"check,out",200,NaN\r
        """
        let samples = try CSVParser.parse(text, file: "data.csv")
        XCTAssertEqual(samples.count, 3)
        XCTAssertEqual(samples[0].labels.fingerprint, #"{__name__="http_requests_total", code="500", service="checkout"}"#)
        XCTAssertEqual(samples[0].timestamp, 1_736_951_400_000)
        XCTAssertEqual(samples[1].labels.fingerprint, #"{__name__="http_requests_total", service="checkout"}"#)
        XCTAssertEqual(samples[1].timestamp, 1_736_951_460_000)
        XCTAssertEqual(samples[2].labels["service"], "check,out")
        XCTAssertTrue(samples[2].value.isNaN)
        XCTAssertEqual(samples[2].line, 4)
    }

    func testErrorsNameFileLineColumnAndExpectation() {
        let header = "timestamp,metric,code,value\n"
        XCTAssertEqual(errorText { _ = try CSVParser.parse(header + "yesterday,m,500,1", file: "d.csv") },
                       #"d.csv:2: column 1 (timestamp): expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix seconds or milliseconds (within ±285,000 years of 1970), got "yesterday""#)
        XCTAssertEqual(errorText { _ = try CSVParser.parse(header + "0,m,500,lots", file: "d.csv") },
                       #"d.csv:2: column 4 (value): expected a number, NaN, +Inf or -Inf, got "lots""#)
        XCTAssertEqual(errorText { _ = try CSVParser.parse(header + "0,9m,500,1", file: "d.csv") },
                       #"d.csv:2: column 2 (metric): "9m" is not a metric name: expected letters, digits, _ and : not starting with a digit"#)
        XCTAssertEqual(errorText { _ = try CSVParser.parse(header + "0,m,1", file: "d.csv") },
                       "d.csv:2: 3 fields: expected 4 as in the header")
        XCTAssertEqual(errorText { _ = try CSVParser.parse("time,metric,value\n", file: "d.csv") },
                       #"d.csv:1: column 1: header starts with "time": expected "timestamp""#)
        XCTAssertEqual(errorText { _ = try CSVParser.parse("timestamp,metric,a-b,value\n", file: "d.csv") },
                       #"d.csv:1: column 3: "a-b" is not a label name: expected letters, digits and _ not starting with a digit"#)
        XCTAssertEqual(errorText { _ = try CSVParser.parse("timestamp,metric,val\n", file: "d.csv") },
                       #"d.csv:1: column 3: header ends with "val": expected "value""#)
        XCTAssertEqual(errorText { _ = try CSVParser.parse(header + "0,m,\"50,1", file: "d.csv") },
                       #"d.csv:2: column 3: unterminated quoted field: expected a closing ""#)
        XCTAssertEqual(errorText { _ = try CSVParser.parse("", file: "d.csv") },
                       "d.csv:1: empty file: expected a header line timestamp,metric,<labels…>,value")
    }

    func testIngestIsAllOrNothing() throws {
        var store = SeriesStore()
        let bad = "timestamp,metric,value\n0,m,1\n60,m,2\n120,m,oops\n"
        XCTAssertThrowsError(try store.ingest(text: bad, file: "bad.csv", format: .csv))
        XCTAssertEqual(store.sampleCount, 0)
        try store.ingest(text: "timestamp,metric,value\n60,m,2\n0,m,1\n", file: "ok.csv", format: .csv)
        XCTAssertEqual(store.series(Labels(name: "m"))?.values, [1, 2])
        // Data at or before what is stored is refused, and nothing of the batch is kept.
        let overlapping = "timestamp,metric,value\n0,other,1\n60,m,3\n"
        XCTAssertEqual(errorText { try store.ingest(text: overlapping, file: "late.csv", format: .csv) },
                       #"late.csv:3: sample for {__name__="m"} at 60000 ms is not after the stored sample at 60000 ms"#)
        XCTAssertEqual(store.seriesCount, 1)
        XCTAssertEqual(errorText { try store.ingest(text: "timestamp,metric,value\n120,m,1\n120,m,2\n", file: "dup.csv", format: .csv) },
                       #"dup.csv:3: duplicate sample for {__name__="m"} at 120000 ms: line 2 already has one"#)
        XCTAssertEqual(store.sampleCount, 2)
    }
}

final class JSONLinesIngestTests: XCTestCase {
    func testParsesDocumentedSchema() throws {
        let text = """
        {"metric":"http_requests_total","labels":{"service":"checkout"},"timestamp":"2025-01-15T14:30:00Z","value":3}

        {"metric":"up","timestamp":1736951400,"value":"+Inf"}
        {"value":-2.5e3,"timestamp":1736951400000,"metric":"up","labels":{"job":""}}
        """
        let samples = try JSONLinesParser.parse(text, file: "d.jsonl")
        XCTAssertEqual(samples.map(\.line), [1, 3, 4])
        XCTAssertEqual(samples[0].labels.fingerprint, #"{__name__="http_requests_total", service="checkout"}"#)
        XCTAssertEqual(samples[0].timestamp, 1_736_951_400_000)
        XCTAssertEqual(samples[1].value, .infinity)
        XCTAssertEqual(samples[1].timestamp, 1_736_951_400_000)
        XCTAssertEqual(samples[2].value, -2500)
        XCTAssertEqual(samples[2].labels, Labels(name: "up"))
    }

    func testErrorsNameTheField() {
        func parse(_ line: String) -> String { errorText { _ = try JSONLinesParser.parse(line, file: "d.jsonl") } }
        XCTAssertEqual(parse(#"{"metric":"up","timestamp":0,"value":true}"#),
                       #"d.jsonl:1: field "value": expected a number, NaN, +Inf or -Inf"#)
        XCTAssertEqual(parse(#"{"metric":"up","timestamp":"noon","value":1}"#),
                       #"d.jsonl:1: field "timestamp": expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix seconds or milliseconds (within ±285,000 years of 1970)"#)
        XCTAssertEqual(parse(#"{"metric":"up","value":1}"#),
                       #"d.jsonl:1: field "timestamp": missing: expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix seconds or milliseconds (within ±285,000 years of 1970)"#)
        XCTAssertEqual(parse(#"{"timestamp":0,"value":1}"#), #"d.jsonl:1: field "metric": missing: expected the metric name"#)
        XCTAssertEqual(parse(#"{"metric":7,"timestamp":0,"value":1}"#), #"d.jsonl:1: field "metric": expected a string"#)
        XCTAssertEqual(parse(#"{"metric":"up","labels":{"a":1},"timestamp":0,"value":1}"#),
                       #"d.jsonl:1: field "labels": expected an object of string values"#)
        XCTAssertEqual(parse(#"{"metric":"up","timestamp":0,"value":1,"unit":"s"}"#),
                       #"d.jsonl:1: field "unit": unknown field: expected only metric, labels, timestamp and value"#)
        XCTAssertEqual(parse("{\"metric\":\"up\",\n{oops"), "d.jsonl:1: not valid JSON: expected one JSON object per line")
        XCTAssertEqual(parse("[1,2]"), "d.jsonl:1: expected a JSON object starting with {")
    }
}

final class ExpositionIngestTests: XCTestCase {
    func testPrometheusTextFormat() throws {
        let text = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400",} 3 1395066363000
        # a free comment
        msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9 1395066363000
        metric_without_labels +Inf 1395066363000
        something_weird{problem="division by zero"} NaN 1395066363000
        """
        let samples = try ExpositionParser.parse(text, file: "m.prom")
        XCTAssertEqual(samples.count, 5)
        XCTAssertEqual(samples[0].labels.fingerprint, #"{__name__="http_requests_total", code="200", method="post"}"#)
        XCTAssertEqual(samples[0].timestamp, 1_395_066_363_000)
        XCTAssertEqual(samples[2].labels["path"], #"C:\DIR\FILE.TXT"#)
        XCTAssertEqual(samples[2].labels["error"], "Cannot find file:\n\"FILE.TXT\"")
        XCTAssertEqual(samples[2].value, 1.458255915e9)
        XCTAssertEqual(samples[3].value, .infinity)
        XCTAssertTrue(samples[4].value.isNaN)
        XCTAssertEqual(samples[4].line, 8)
    }

    func testOpenMetricsUsesSecondsAndEOF() throws {
        let text = """
        # TYPE acme_http_router_request_seconds summary
        # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
        acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32 1520879607.789
        foo_total 17.0 1520879606.5 # {trace_id="KOO5S4vxi0o"} 0.67
        # EOF

        """
        let samples = try ExpositionParser.parse(text, file: "m.om")
        XCTAssertEqual(samples.map(\.timestamp), [1_520_879_607_789, 1_520_879_606_500])
        XCTAssertEqual(samples[1].value, 17)
    }

    /// A cut-short OpenMetrics file read as Prometheus text would take 2025 for 1970: by its
    /// name or an OpenMetrics-only line it is OpenMetrics, and without `# EOF` refused.
    func testOpenMetricsWithoutEOFIsRefused() throws {
        func parse(_ text: String, _ file: String) -> String { errorText { _ = try ExpositionParser.parse(text, file: file) } }
        XCTAssertEqual(parse("up 1 1736949600\nup 1 1736949660\n", "m.om"),
                       ##"m.om:2: column 16: missing "# EOF": OpenMetrics text (the file is named as OpenMetrics) must end with a "# EOF" line; the file may be cut short"##)
        XCTAssertEqual(parse("# TYPE up gauge\n# UNIT up seconds\nup 1 1736949600\n", "m.prom"),
                       ##"m.prom:3: column 16: missing "# EOF": OpenMetrics text (it has `# UNIT` lines) must end with a "# EOF" line; the file may be cut short"##)
        XCTAssertEqual(parse("# TYPE build info\nbuild_info{v=\"1\"} 1 1736949600\n", "m.txt"),
                       ##"m.txt:2: column 31: missing "# EOF": OpenMetrics text (it has a `# TYPE … info` line) must end with a "# EOF" line; the file may be cut short"##)
        XCTAssertEqual(parse("", "empty.om"), ##"empty.om:1: column 1: missing "# EOF": OpenMetrics text (the file is named as OpenMetrics) must end with a "# EOF" line; the file may be cut short"##)
        // Plain Prometheus text stays Prometheus text, in milliseconds.
        XCTAssertEqual(try ExpositionParser.parse("up 1 1736949600000\n", file: "m.prom").map(\.timestamp), [1_736_949_600_000])
    }

    /// Int64-edge sample times are refused where they are read, in every format: stored,
    /// they overflowed the first window placed after them.
    func testInt64EdgeTimestampsAreRefused() throws {
        let span = "(within ±285,000 years of 1970)"
        XCTAssertEqual(errorText { _ = try ExpositionParser.parse("x 1 9223372036854775807\n", file: "m.prom") },
                       #"m.prom:1: column 5: expected a timestamp in integer milliseconds \#(span), got "9223372036854775807""#)
        XCTAssertEqual(errorText { _ = try ExpositionParser.parse("x 1 -9223372036854775808\n", file: "m.prom") },
                       #"m.prom:1: column 5: expected a timestamp in integer milliseconds \#(span), got "-9223372036854775808""#)
        XCTAssertEqual(errorText { _ = try ExpositionParser.parse("x 1 9223372036854775\n# EOF\n", file: "m.om") },
                       #"m.om:1: column 5: expected a timestamp in seconds \#(span), got "9223372036854775""#)
        for edge in ["-9223372036854775808", "99999999999999999"] {
            XCTAssertEqual(errorText { _ = try CSVParser.parse("timestamp,metric,value\n\(edge),x,1\n", file: "d.csv") },
                           #"d.csv:2: column 1 (timestamp): expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix seconds or milliseconds \#(span), got "\#(edge)""#)
        }
        XCTAssertEqual(errorText { _ = try JSONLinesParser.parse(#"{"timestamp": -9223372036854775808, "metric": "x", "value": 1}"#, file: "d.jsonl") },
                       #"d.jsonl:1: field "timestamp": expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix seconds or milliseconds \#(span)"#)
        // The edge of the span itself is a time like any other.
        XCTAssertEqual(try ExpositionParser.parse("x 1 9007199254740992\n", file: "m.prom").map(\.timestamp), [9_007_199_254_740_992])
    }

    func testMissingTimestampUsesScrapeTimeOrFails() throws {
        let text = "up 1\n"
        XCTAssertEqual(try ExpositionParser.parse(text, file: "m.prom", defaultTimestamp: 42)[0].timestamp, 42)
        XCTAssertEqual(errorText { _ = try ExpositionParser.parse(text, file: "m.prom") },
                       "m.prom:1: column 5: missing timestamp: expected one after the value (Vigil ingests samples with explicit timestamps)")
    }

    func testErrorsNameTheColumn() {
        func parse(_ text: String) -> String { errorText { _ = try ExpositionParser.parse(text, file: "m.prom") } }
        XCTAssertEqual(parse(#"up{job="a" 1 0"#), #"m.prom:1: column 12: expected "," or "}" after a label value"#)
        XCTAssertEqual(parse(#"up{job} 1 0"#), #"m.prom:1: column 7: expected "=" after label name "job""#)
        XCTAssertEqual(parse(#"up{job=a} 1 0"#), #"m.prom:1: column 8: expected a quoted label value after "job=""#)
        XCTAssertEqual(parse(#"up{job="a\tb"} 1 0"#), #"m.prom:1: column 10: invalid escape "\t" in a label value: expected \\, \" or \n"#)
        XCTAssertEqual(parse(#"up{job="é\x"} 1 0"#), #"m.prom:1: column 10: invalid escape "\x" in a label value: expected \\, \" or \n"#)
        XCTAssertEqual(parse(#"up{job="a} 1 0"#), #"m.prom:1: column 15: unterminated label value: expected a closing ""#)
        XCTAssertEqual(parse("up one 0"), #"m.prom:1: column 4: expected a number, NaN, +Inf or -Inf, got "one""#)
        XCTAssertEqual(parse("up 1 12.5"), #"m.prom:1: column 6: expected a timestamp in integer milliseconds (within ±285,000 years of 1970), got "12.5""#)
        XCTAssertEqual(parse("up 1 0 extra"), #"m.prom:1: column 8: unexpected "e": expected the end of the line"#)
        XCTAssertEqual(parse("9up 1 0"), "m.prom:1: column 1: expected a metric name")
        XCTAssertEqual(parse("up"), "m.prom:1: column 3: expected a space and then the sample value")
        XCTAssertEqual(parse("# TYPE up gauges\nup 1 0"),
                       #"m.prom:1: column 11: unknown metric type "gauges": expected counter, gauge, histogram, summary or untyped"#)
        XCTAssertEqual(parse("up 1 0\n# EOF\nup 2 1"), ##"m.prom:3: unexpected content after "# EOF": expected the end of the input"##)
    }

    func testIngestFromFile() throws {
        let path = NSTemporaryDirectory() + "vigil-ingest-\(ProcessInfo.processInfo.processIdentifier).prom"
        try "up{job=\"a\"} 1 0\nup{job=\"a\"} 0 60000\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var store = SeriesStore()
        try store.ingest(contentsOfFile: path)
        XCTAssertEqual(store.select([.metricName("up")]).first?.values, [1, 0])
        XCTAssertEqual(errorText { try store.ingest(contentsOfFile: "/nowhere/data.xlsx") },
                       "/nowhere/data.xlsx:1: unknown data format: expected a .csv, .jsonl, .ndjson, .json, .prom, .txt or .om file")
    }

    func testFormatFromFileName() {
        XCTAssertEqual(IngestFormat(fileName: "a.CSV"), .csv)
        XCTAssertEqual(IngestFormat(fileName: "a.ndjson"), .jsonLines)
        XCTAssertEqual(IngestFormat(fileName: "metrics.prom"), .exposition)
        XCTAssertNil(IngestFormat(fileName: "a.xlsx"))
    }
}
