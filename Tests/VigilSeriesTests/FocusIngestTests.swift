import XCTest
@testable import VigilSeries

/// FOCUS cost exports read as cost series; every error names its line and column, and a
/// file with one bad row adds nothing.
final class FocusIngestTests: XCTestCase {
    static let header = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ServiceName,ResourceId,ChargeCategory,Tags,x_CostCenter"

    static func row(_ start: String = "2025-01-01T00:00:00Z", _ end: String = "2025-01-02T00:00:00Z", billed: String = "1.25",
                    resource: String = "bucket-1", tags: String = #""{""tenant"": ""acme"", ""capability"": ""search"", ""aws:team"": ""blue"", ""archived"": true}""#) -> String {
        "\(start),\(end),\(billed),1.00,1.50,Amazon S3,\(resource),Usage,\(tags),cc-42"
    }

    func testRowsBecomeBilledEffectiveAndListCostSeriesWithTagsAsLabels() throws {
        let samples = try CSVParser.parse([Self.header, Self.row(), Self.row(billed: "0.75", tags: "")].joined(separator: "\n"),
                                          file: "focus.csv")
        let billed = samples.filter { $0.labels[Labels.metricNameLabel] == "focus_billed_cost" }
        XCTAssertEqual(billed.count, 2)
        let tagged = try XCTUnwrap(billed.first { $0.labels["tenant"] == "acme" })
        XCTAssertEqual(tagged.value, 1.25)
        XCTAssertEqual(tagged.timestamp, 1_735_689_600_000)
        XCTAssertEqual(tagged.line, 2)
        XCTAssertEqual(tagged.labels.description, #"{__name__="focus_billed_cost", capability="search", charge_category="Usage", charge_period_seconds="86400", resource_id="bucket-1", service_name="Amazon S3", tag_archived="true", tag_aws_team="blue", tenant="acme", x_CostCenter="cc-42"}"#)
        XCTAssertEqual(samples.first { $0.labels[Labels.metricNameLabel] == "focus_list_cost" && $0.line == 2 }?.value, 1.5)
        XCTAssertEqual(samples.first { $0.labels[Labels.metricNameLabel] == "focus_effective_cost" && $0.line == 2 }?.value, 1.0)
    }

    func testRowsOfOneResourceAndDayAddUp() throws {
        let samples = try CSVParser.parse([Self.header, Self.row(), Self.row(billed: "2.5")].joined(separator: "\n"), file: "f.csv")
        XCTAssertEqual(samples.filter { $0.labels[Labels.metricNameLabel] == "focus_billed_cost" }.map(\.value), [3.75])
    }

    func testAMissingColumnIsNamedAtTheHeader() {
        let header = Self.header.replacingOccurrences(of: "EffectiveCost,", with: "")
        XCTAssertEqual(errorText { _ = try CSVParser.parse(header + "\n", file: "f.csv") },
                       "f.csv:1: column 10: missing FOCUS column EffectiveCost: a FOCUS export needs BilledCost, EffectiveCost, "
                       + "ListCost, ChargePeriodStart, ChargePeriodEnd, ServiceName")
    }

    func testABadNumberABadPeriodAndBadTagsAreLocated() {
        func parse(_ row: String) -> String {
            errorText { _ = try CSVParser.parse([Self.header, Self.row(), row].joined(separator: "\n"), file: "f.csv") }
        }
        XCTAssertEqual(parse(Self.row(billed: "12,5".replacingOccurrences(of: ",", with: "x"))),
                       "f.csv:3: column 3 (BilledCost): expected a decimal amount such as 12.34, got \"12x5\"")
        XCTAssertEqual(parse(Self.row(billed: "")), "f.csv:3: column 3 (BilledCost): expected a decimal amount such as 12.34, got \"\"")
        XCTAssertEqual(parse(Self.row("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z")),
                       "f.csv:3: column 2 (ChargePeriodEnd): the charge period ends at or before it starts (2025-01-01T00:00:00Z): "
                       + "ChargePeriodEnd is exclusive and must be after ChargePeriodStart")
        XCTAssertEqual(parse(Self.row("Jan 1")),
                       "f.csv:3: column 1 (ChargePeriodStart): expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix seconds "
                       + "or milliseconds (within ±285,000 years of 1970), got \"Jan 1\"")
        XCTAssertTrue(parse(Self.row(tags: #""[1, 2]""#)).hasPrefix("f.csv:3: column 9 (Tags): expected a JSON object of tags"))
    }

    func testNothingIsLoadedWhenOneRowIsBad() throws {
        var store = SeriesStore()
        let text = [Self.header, Self.row(), Self.row("2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z", billed: "NaNx")]
            .joined(separator: "\n")
        XCTAssertThrowsError(try store.ingest(text: text, file: "f.csv", format: .csv))
        XCTAssertEqual(store.seriesCount, 0)
        try store.ingest(text: [Self.header, Self.row()].joined(separator: "\n"), file: "f.csv", format: .csv)
        XCTAssertEqual(store.seriesCount, 3)
    }
}
