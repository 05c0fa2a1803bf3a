import Foundation
@testable import VigilActions
import VigilSeries
import XCTest

/// The alerts body is written by hand (for speed): it must still be JSON that reads back to
/// exactly the labels, annotations and times of the actions, whatever their text holds.
final class AlertsBodyTests: XCTestCase {
    func testTheBodyReadsBackExactlyEvenWithQuotesBackslashesAndControlCharacters() throws {
        let origin = Action.Origin(kind: .rule, name: "r", trigger: "fired")
        let labels = ["alertname": "r \"quoted\"", "path": "C:\\tmp", "team": "pay\u{1}ments", "city": "Zürich ✓"]
        let annotations = ["summary": "line 1\nline 2\ttab\r", "source": "rules.vigil"]
        let firing = Action(kind: "page", target: "oncall", call: "page(\"oncall\")", labels: labels, annotations: annotations,
                            origin: origin, time: 1_700_000_000_000, key: IdempotencyKey(text: "k1"))
        let resolved = Action(kind: "page", target: "oncall", call: "resolve", labels: ["alertname": "r"],
                              origin: Action.Origin(kind: .rule, name: "r", trigger: "resolved"), time: 1_700_000_060_000,
                              key: IdempotencyKey(text: "k2"))
        let data = DeliveryRequests.alertsBody([firing, resolved], now: 1_700_000_030_000)
        let alerts = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        XCTAssertEqual(alerts.count, 2)
        XCTAssertEqual(alerts[0]["labels"] as? [String: String], labels)
        // `source` only makes the generatorURL.
        XCTAssertEqual(alerts[0]["annotations"] as? [String: String], ["summary": "line 1\nline 2\ttab\r"])
        XCTAssertEqual(alerts[0]["startsAt"] as? String, "2023-11-14T22:13:20.000Z")
        XCTAssertEqual(alerts[0]["endsAt"] as? String, "2023-11-14T22:17:50.000Z", "firing: now + 4 resend periods")
        XCTAssertTrue((alerts[0]["generatorURL"] as? String)?.hasSuffix("/rules.vigil#rule=r") == true, "\(alerts[0])")
        XCTAssertEqual(alerts[1]["endsAt"] as? String, "2023-11-14T22:14:20.000Z", "a resolution ends at its own time")
        XCTAssertNil(alerts[1]["generatorURL"])
    }
}
