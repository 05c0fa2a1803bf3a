import VigilCheck
import XCTest

/// The checker refuses the `baseline(…)` calls the runtime would refuse, with its words.
final class BaselineCheckTests: XCTestCase {
    static let service = """
        service checkout {
          signal error_rate = ratio(series("r", code: "500"), series("r"), 5m)
        }

        """

    func testWindowAndMethodDoNotApplyInsideACanary() {
        let d = checkSource(Self.service + """
            canary checkout {
              stable "v1"
              candidate "v2"
              when error_rate > baseline(error_rate, window: 1h) for 5m then rollback
            }
            """)
        XCTAssertEqual(summaries(d), [
            "7:42: inside a canary `baseline` is the stable version's value; `window:` and `method:` do not apply"
                + " | hint: write `error_rate > baseline + 0.5%`",
        ])
    }

    func testMethodIsMeanMedianOrEwmaAndWindowALiteralDuration() {
        let d = checkSource(Self.service + """
            let w = 1h
            print(baseline(checkout.error_rate, method: "mode"))
            print(baseline(checkout.error_rate, window: w))
            print(baseline(checkout.error_rate, window: 1h, method: "ewma") > checkout.error_rate)
            """)
        XCTAssertEqual(summaries(d), [
            "5:45: `method:` of `baseline` is \"mean\", \"median\" or \"ewma\"",
            "6:45: `baseline(…)` takes `window:` (a duration such as 7d) and `method:` (\"mean\", \"median\" or \"ewma\")",
        ])
    }

    func testBareBaselineStandsInAComparisonInEveryContext() {
        let d = checkSource(Self.service + """
            when checkout.error_rate > baseline + 0.5% for 10m then notify("#c", "up")
            policy "p" {
              require baseline * 110% >= checkout.error_rate
            }
            print(checkout.error_rate > baseline)
            print(baseline)
            """)
        XCTAssertEqual(summaries(d), [
            "9:7: `baseline` cannot stand here | hint: or call it explicitly: baseline(error_rate, window: 7d, method: \"median\")",
        ])
    }
}
