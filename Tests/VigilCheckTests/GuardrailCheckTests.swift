import VigilCheck
import VigilSyntax
import XCTest

/// A runbook's guardrails name real actions, whole counts, durations and money; steps may act.
final class GuardrailCheckTests: XCTestCase {
    func testGuardrailsAreCheckedBeforeAnythingRuns() {
        let source = """
        runbook "r" {
          limit rollbak to 3 per 1h
          limit page to 2.5 per 1h
          limit page to 3 per 10
          require approval for actions above 100
          require approval for print
          step "s" { page("oncall", "x") }
        }
        service api {
          limit page to 3 per 1h
        }
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "2:9: `rollbak` is not an action a guardrail can limit | hint: did you mean `rollback`?",
            "3:17: `limit page to` needs a whole number of actions, such as 3",
            "4:23: `per` needs a duration such as `1h`, found a number (10) | hint: write the unit: 10m or 10s",
            "5:38: `above` needs an amount of money such as `$100`, found a number (100) | hint: write the currency: $100",
            "6:24: `print` is not an action a guardrail can limit",
            "10:3: a guardrail is only allowed in a runbook",
        ])
    }

    func testARunbookStepMayActAndReadsItsServiceSignalsBare() {
        let source = """
        service api {
          signal error_rate = ratio(series("e_total"), series("r_total"), 5m)
        }
        runbook "r" {
          service api
          max_actions_per_minute 10
          cost $250
          require approval for exec
          step "s" {
            if error_rate > 1% and confirm("page?") { page("oncall", "errors {error_rate}") }
            exec("kubectl", ["rollout", "undo", "deployment/api"])
            let token = env("TOKEN")
            webhook("https://hooks.example.com", {token: token})
          }
          verify error_rate < 0.5% within 10m
        }
        """
        XCTAssertEqual(summaries(checkSource(source)), [])
    }

    /// `trigger_labels`, the label set that started the run, is a record inside a runbook only.
    func testTriggerLabelsAreARecordInARunbookOnly() {
        let source = """
        runbook "r" {
          trigger when series("up") == 0
          step "s" { print("{trigger_labels.instance} is down, {keys(trigger_labels)}") }
          verify series("up", instance: trigger_labels.instance) == 1 within 10m
        }
        let outside = trigger_labels
        let wrong = trigger_labels + 1
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "6:15: unknown name `trigger_labels`",
            "7:13: unknown name `trigger_labels`",
        ])
    }
}
