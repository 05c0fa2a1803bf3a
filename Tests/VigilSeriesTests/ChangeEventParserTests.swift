import XCTest
@testable import VigilSeries

/// `vigil ingest --changes`: change events as JSON lines, the first bad line at file:line:column.
final class ChangeEventParserTests: XCTestCase {
    func testEveryFieldIsReadAndBlankLinesAreSkipped() throws {
        let text = """
            {"time": "2025-01-16T08:09:00Z", "service": "checkout", "kind": "config", "description": "raise pool size", "id": "CHG-12", "author": "ana"}

              {"kind": "feature-flag", "description": "new-router on", "service": "payments", "time": 1737014400}\r
            """
        let parsed = try ChangeEventParser.parse(text, file: "changes.jsonl")
        XCTAssertEqual(parsed.map(\.line), [1, 3])
        XCTAssertEqual(parsed.map(\.event), [
            ChangeEvent(time: 1_737_014_940_000, service: "checkout", kind: "config", description: "raise pool size",
                        id: "CHG-12", author: "ana"),
            ChangeEvent(time: 1_737_014_400_000, service: "payments", kind: "feature-flag", description: "new-router on"),
        ])
    }

    func testABadTimeIsLocatedAtItsField() {
        let text = """
            {"time": "2025-01-16T08:09:00Z", "service": "checkout", "kind": "config", "description": "raise pool size"}
              {"service": "checkout", "time": "yesterday", "kind": "config", "description": "x"}
            """
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse(text, file: "changes.jsonl") },
                       "changes.jsonl:2:27: field \"time\": expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix "
                           + "seconds or milliseconds (within ±285,000 years of 1970)")
    }

    func testAKindMustBeALowercaseWordAndTheDescriptionIsRequired() {
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse(
            #"{"time": 1737014400, "service": "checkout", "kind": "Config Change", "description": "x"}"#, file: "c.jsonl") },
                       "c.jsonl:1:45: field \"kind\": \"Config Change\" is not a kind: expected a lowercase word such as "
                           + "\"config\", \"feature-flag\" or \"deploy\" (letters, digits, - and _)")
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse(
            #"{"time": 1737014400, "service": "checkout", "kind": "config"}"#, file: "c.jsonl") },
                       "c.jsonl:1:1: field \"description\": missing: expected a non-empty string")
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse(
            #"{"time": 1737014400, "service": "checkout", "kind": "config", "description": "x", "who": "ana"}"#, file: "c.jsonl") },
                       "c.jsonl:1:83: field \"who\": unknown field: expected only time, service, kind, description, id, author, version and previous")
    }

    func testADeployMayNameItsVersionAndThePreviousOneOtherKindsMayNot() throws {
        let deploy = try ChangeEventParser.parse(
            #"{"time": 1737014400, "service": "checkout", "kind": "deploy", "description": "argo sync", "version": "v2", "previous": "v1"}"#,
            file: "c.jsonl")
        XCTAssertEqual(deploy.map(\.event), [ChangeEvent(time: 1_737_014_400_000, service: "checkout", kind: "deploy",
                                                          description: "argo sync", version: "v2", previous: "v1")])
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse(
            #"{"time": 1737014400, "service": "checkout", "kind": "config", "description": "x", "version": "v2"}"#, file: "c.jsonl") },
                       "c.jsonl:1:83: field \"version\": only a \"deploy\" has a version: this change is of kind \"config\"")
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse(
            #"{"time": 1737014400, "service": "checkout", "kind": "deploy", "description": "x", "previous": "v1"}"#, file: "c.jsonl") },
                       "c.jsonl:1:83: field \"previous\": a deploy's previous version needs its \"version\" too")
    }

    func testALineThatIsNotAnObjectIsAnError() {
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse("\n  time=1737014400 service=checkout\n", file: "c.jsonl") },
                       "c.jsonl:2:3: expected a JSON object starting with {")
        XCTAssertEqual(errorText { _ = try ChangeEventParser.parse("{\"time\": 1737014400,", file: "c.jsonl") },
                       "c.jsonl:1:1: not valid JSON: expected one JSON object per line")
    }
}
