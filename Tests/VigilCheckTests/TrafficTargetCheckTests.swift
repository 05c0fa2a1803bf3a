import VigilCheck
import VigilLib
import XCTest

/// `traffic haproxy(…)`, `traffic webhook(…)` and `traffic exec(…)` in a canary: patterns the canary binding
/// declares, checked before anything runs, each mistake located at its argument.
final class TrafficTargetCheckTests: XCTestCase {
    private func canary(_ traffic: String) -> String {
        "canary checkout {\n  stable \"v1\"\n  candidate \"v2\"\n  traffic \(traffic)\n}\n"
    }

    func testBothTargetsCheckCleanly() {
        XCTAssertEqual(summaries(checkSource(canary(
            "haproxy(\"127.0.0.1:9999\", backend: \"checkout\", stable: \"v1\", candidate: \"v2\", timeout: 5s)"))), [])
        XCTAssertEqual(summaries(checkSource(canary("haproxy(\"127.0.0.1:9999\", backend: \"checkout\")"))), [])
        XCTAssertEqual(summaries(checkSource(canary("webhook(\"http://127.0.0.1:8080/weights\", timeout: 3s)"))), [])
        XCTAssertEqual(summaries(checkSource(canary(
            "exec(\"set-weights\", \"checkout\", \"$stable\", \"$candidate\", read: [\"get-weight\", \"checkout\"], timeout: 20s)"))), [])
        XCTAssertEqual(summaries(checkSource(canary("exec(\"set-weights\", \"--candidate=$candidate\")"))), [])
        // A secret is an argument like any other text (masked wherever vigil shows it).
        XCTAssertEqual(summaries(checkSource(canary(
            "exec(\"kubectl\", \"--token=\" + env(\"KUBE_TOKEN\"), \"$candidate\", read: [\"kubectl\", env(\"KUBE_TOKEN\")])"))), [])
    }

    func testAnExecTargetTakesStringsAndAListToReadBack() {
        XCTAssertEqual(summaries(checkSource(canary("exec(\"set-weights\", \"checkout\", 50)"))), [
            "4:43: `args` needs a string such as \"$candidate\", found a number (50)",
        ])
        XCTAssertEqual(summaries(checkSource(canary("exec(\"set-weights\", \"$candidate\", read: \"get-weight checkout\")"))), [
            "4:51: `read` needs a list of strings such as [\"get-weight\", \"checkout\"], found `\"get-weight checkout\"`",
        ])
        XCTAssertEqual(summaries(checkSource(canary("exec(\"set-weights\", \"$candidate\", read: [\"get-weight\", 2])"))), [
            "4:66: `read` needs strings, found a number (2)",
        ])
        XCTAssertEqual(summaries(checkSource(canary("exec(read: [\"get-weight\"])"))), [
            "4:11: `exec` needs its program, e.g. `exec(\"set-weights\", \"checkout\", \"$candidate\", read: [\"get-weight\", \"checkout\"])`",
        ])
    }

    func testAnUnknownTargetIsRefusedWithTheNearestName() {
        XCTAssertEqual(summaries(checkSource(canary("haproxi(\"127.0.0.1:9999\", backend: \"checkout\")"))), [
            "4:11: `traffic` needs haproxy(…) or webhook(…) or exec(…), found `haproxi(\"127.0.0.1:9999\", backend: \"checkout\")` | hint: did you mean `haproxy`?",
        ])
        XCTAssertEqual(summaries(checkSource(canary("\"127.0.0.1:9999\""))), [
            "4:11: `traffic` needs haproxy(…) or webhook(…) or exec(…), found `\"127.0.0.1:9999\"` | hint: e.g. `traffic haproxy(\"127.0.0.1:9999\", backend: \"checkout\", stable: \"v1\", candidate: \"v2\")`",
        ])
    }

    func testArgumentsAreCheckedOneByOne() {
        XCTAssertEqual(summaries(checkSource(canary("haproxy(\"127.0.0.1:9999\", backnd: \"checkout\", timeout: 5)"))), [
            "4:37: `haproxy` takes no `backnd:` | hint: did you mean `backend`?",
            "4:66: `timeout` needs a duration such as `10m`, found a number (5) | hint: write the unit: 5m or 5s",
            "4:11: `haproxy` needs `backend:`, e.g. `haproxy(\"127.0.0.1:9999\", backend: \"checkout\", stable: \"v1\", candidate: \"v2\")`",
        ].sorted())
        XCTAssertEqual(summaries(checkSource(canary("webhook(42)"))), [
            "4:19: `url` needs a string such as \"https://router.example.com/weights\", found a number (42)",
        ])
        XCTAssertEqual(summaries(checkSource(canary("webhook(\"http://a\", \"http://b\")"))), [
            "4:31: `webhook` takes 1 value before its named arguments | hint: e.g. `webhook(\"https://router.example.com/weights\")`",
        ])
        XCTAssertEqual(summaries(checkSource(canary("haproxy(backend: \"checkout\", backend: \"b\")"))), [
            "4:40: `backend:` is given twice",
            "4:11: `haproxy` needs its address, e.g. `haproxy(\"127.0.0.1:9999\", backend: \"checkout\", stable: \"v1\", candidate: \"v2\")`",
        ].sorted())
    }
}
