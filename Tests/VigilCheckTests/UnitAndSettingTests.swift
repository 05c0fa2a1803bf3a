import VigilCheck
import VigilSyntax
import XCTest

final class UnitAndSettingTests: XCTestCase {
    func testAddingAPercentToADurationSuggestsAFactor() {
        XCTAssertEqual(checkSource("let x = 10m + 5%\n").map { $0.render() }, ["""
        test.vigil:1:9: error: cannot add a number (5%) to a duration (10m)
          |
        1 | let x = 10m + 5%
          |         ^^^^^^^^
          = hint: did you mean 10m * 105%?
        """])
    }

    func testComparingADurationWithABareNumber() {
        XCTAssertEqual(summaries(checkSource("let latency = 250ms\nlet slow = latency > 3\n")), [
            "2:12: cannot compare a duration (latency) with a number (3) | hint: write the unit: 3s or 3ms",
        ])
    }

    func testUnitsFlowThroughUserFunctions() {
        XCTAssertEqual(summaries(checkSource("fn budget() = $100\nlet over = budget() > 5m\n")), [
            "2:12: cannot compare money (budget()) with a duration (5m)",
        ])
    }

    func testConditionsMustBeBools() {
        XCTAssertEqual(summaries(checkSource("if 10m { print(1) }\npolicy \"p\" { require \"yes\" }\n")), [
            "1:4: `if` needs a condition that is true or false, found a duration (10m) | hint: compare it: `10m > …`",
            "2:22: `require` needs a condition that is true or false, found a string (\"yes\")",
        ])
    }

    func testSettingsNeedTheirUnits() {
        let source = """
        canary web {
          bake 10
          steps 10, 50%
          every 1m
        }
        slo web_availability {
          objective 99.9
          window 30d
        }
        runbook "r" { severity 1 }
        budget acme { limit 1800 per month }
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "2:8: `bake` needs a duration such as `10m`, found a number (10) | hint: write the unit: 10m or 10s",
            "3:9: `steps` needs a percent such as 99.9%, found `10` | hint: write 10%",
            "7:13: `objective` needs a percent such as 99.9%, found `99.9` | hint: write 99.9%",
            "10:24: `severity` needs a severity: P1, P2, P3 or P4, found a number (1) | hint: P1 service down, P2 major feature degraded, P3 minor, P4 cosmetic",
            "11:21: `limit` needs an amount of money such as `$1800`, found a number (1800) | hint: write the currency: $1800",
        ])
    }

    func testRuleDurationsNeedUnits() {
        let source = "rule \"r\" {\n  every 30\n  when true for 10\n  keep_firing_for 5m\n}\n"
        XCTAssertEqual(summaries(checkSource(source)), [
            "2:9: `every` needs a duration such as `30s`, found a number (30) | hint: write the unit: 30m or 30s",
            "3:17: `for` needs a duration such as `5m`, found a number (10) | hint: write the unit: 10m or 10s",
        ])
    }

    func testUnknownSettingsSuggestTheClosest() {
        XCTAssertEqual(summaries(checkSource("canary web { bak 10m }\nrule \"r\" { when true\n  severty P1 }\n")), [
            "1:14: unknown setting `bak` in a canary | hint: did you mean `bake`?",
            "3:3: unknown setting `severty` in a rule | hint: did you mean `severity`?",
        ])
    }

    func testItemsInTheWrongBlock() {
        XCTAssertEqual(summaries(checkSource("policy \"p\" {\n  step \"s\" { print(1) }\n  on promote notify(\"#a\", \"b\")\n}\n")), [
            "2:3: `step` is only allowed in a runbook",
            "3:3: `on` is only allowed in a canary",
        ])
    }

    func testUnknownCanaryEventsAndRuleStates() {
        let source = "canary web { on promot notify(\"#a\", \"b\") }\ntest \"t\" { at 5m expect fiering \"r\" }\n"
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:17: unknown canary event `promot` | hint: did you mean `promote`?",
            "2:25: unknown rule state `fiering` | hint: did you mean `firing`?",
        ])
    }

    func testBaselineOnlyInAComparisonWithASignal() {
        let source = """
        service web {
          signal error_rate = 1%
          signal latency_p95 = 200ms
          when error_rate > baseline + 0.5% for 10m then rollback
          when baseline * 150% < latency_p95 then rollback
          when 5% > baseline then rollback
        }
        let b = baseline
        let explicit = baseline(web.error_rate, window: 7d, method: "median")
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "6:13: `baseline` cannot stand here | hint: or call it explicitly: baseline(error_rate, window: 7d, method: \"median\")",
            "8:9: `baseline` cannot stand here | hint: or call it explicitly: baseline(error_rate, window: 7d, method: \"median\")",
        ])
    }

    func testBaselineTakesTheSignalsType() {
        let source = "service web {\n  signal latency_p95 = 200ms\n  when latency_p95 > baseline + 5% then rollback\n}\n"
        XCTAssertEqual(summaries(checkSource(source)), [
            "3:22: cannot add a number (5%) to a duration (baseline) | hint: did you mean baseline * 105%?",
        ])
    }
}

/// `labels {…}` and `annotations {…}` on a rule or runbook: records of text, checked before
/// anything runs.
final class AlertSettingTests: XCTestCase {
    func testLabelsAndAnnotationsNeedARecordOfText() {
        XCTAssertEqual(summaries(checkSource("""
            rule "r" {
              labels "payments"
              annotations { links: ["a", "b"] }
              when 1 > 0
            }
            runbook "rb" {
              labels { alertname: "other", team: "payments" }
              step "s" { print("x") }
            }

            """)), [
            "2:10: `labels` needs a record such as { team: \"payments\" }, found `\"payments\"` | hint: write labels { name: \"value\", … }",
            "3:24: `annotations`: `links` needs a string, found a list ([\"a\", \"b\"])",
            "7:12: `alertname` cannot be set in labels | hint: an alert's `alertname` is its rule's name",
        ])
    }

    func testTextLabelsAndAnnotationsCheckClean() {
        XCTAssertEqual(summaries(checkSource("""
            rule "r" {
              runbook "https://runbooks.example.com/r"
              labels { team: "payments", tier: 1 }
              annotations { dashboard: "https://grafana.example.com/d/r" }
              when 1 > 0
            }

            """)), [])
    }
}
