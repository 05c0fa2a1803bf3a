import VigilLive
import XCTest

/// What `SecretMask` hides, and what it leaves readable for an operator.
final class SecretMaskTests: XCTestCase {
    func testURLCredentialsAreHidden() {
        XCTAssertEqual(SecretMask.url("https://alice:hunter2@hooks.example.com/a"), "https://***@hooks.example.com/a")
        XCTAssertEqual(SecretMask.url("https://apikey@hooks.example.com/a"), "https://***@hooks.example.com/a")
    }

    func testSecretQueryValuesAreHiddenAndOthersKept() {
        XCTAssertEqual(SecretMask.url("https://h.example/x?access_token=abc&api_key=k&channel=ops&sig=zz"),
                       "https://h.example/x?access_token=***&api_key=***&channel=ops&sig=***")
    }

    func testTokenLikePathSegmentsAreHidden() {
        XCTAssertEqual(SecretMask.url("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX1"),
                       "https://hooks.slack.com/services/T00000000/B00000000/***")
        // Words, numbers and short identifiers stay: they say where the request went.
        XCTAssertEqual(SecretMask.url("http://127.0.0.1:9093/api/v2/alerts"), "http://127.0.0.1:9093/api/v2/alerts")
        XCTAssertEqual(SecretMask.url("https://example.com/incidents/12345678901234567890/notes"),
                       "https://example.com/incidents/12345678901234567890/notes")
    }

    func testTextThatIsNotAURLIsLeftAlone() {
        XCTAssertEqual(SecretMask.url("localhost:9090"), "localhost:9090")
    }
}
