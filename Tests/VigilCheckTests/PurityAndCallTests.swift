import VigilCheck
import VigilLib
import VigilSyntax
import XCTest

final class PurityAndCallTests: XCTestCase {
    func testActionsAreRefusedInPoliciesSignalsAndSlos() {
        let source = """
        policy "p" { require confirm("ok?") }
        service web { signal e = notify("#a", "b") }
        fn warn_team() = notify("#team", "hi")
        fn check() { warn_team()
          return true }
        policy "q" { require check() }
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:22: `confirm` is an action, so it cannot be used in a policy | hint: a policy must be pure: put actions in a rule's `then`, a canary `on` hook or a runbook step",
            "2:26: `notify` is an action, so it cannot be used in a signal | hint: a signal must be pure: put actions in a rule's `then`, a canary `on` hook or a runbook step",
            "6:22: `check` performs the action `notify` (through check → warn_team), so it cannot be called from a policy | hint: a policy must be pure: put actions in a rule's `then`, a canary `on` hook or a runbook step",
        ])
    }

    func testThenNeedsAnAction() {
        let source = "when true then 5\nwhen true then rollback\nservice web { when true then rollback, page(\"oncall\") }\n"
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:16: `then` needs an action, such as `rollback` or `page(\"oncall\", \"summary\")` | hint: actions: rollback, promote, pause, resume, abort, kill_switch, set_weight, page, notify, open_incident, …",
            "2:16: a bare `rollback` after `then` needs an enclosing canary or service | hint: name what to act on: rollback(\"checkout\")",
        ])
    }

    func testRecursionIsRefusedNamingTheCycle() {
        let source = "fn a(n) = b(n)\nfn b(n) = a(n)\nfn f(n) { return f(n - 1) }\n"
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:11: recursive call: a → b → a (Vigil forbids recursion so every run terminates) | hint: rewrite it with `for` over a finite list, or with fold",
            "3:18: recursive call: f → f (Vigil forbids recursion so every run terminates) | hint: rewrite it with `for` over a finite list, or with fold",
        ])
    }

    func testArityOfBuiltins() {
        let source = "let a = len([1], 2)\nlet b = rate(series(\"x\"))\nlet c = round(1.25, digit: 1)\nlet d = join([\"a\"], 5)\n"
        let d = checkSource(source)
        XCTAssertEqual(summaries(d), [
            "1:18: too many arguments to `len`: it takes at most 1, found 2",
            "2:9: missing argument `w` in call to `rate`",
            "3:21: `round` has no parameter `digit` | hint: did you mean `digits`?",
            "4:21: `join` expects a string for `sep`, found a number (5)",
        ])
        XCTAssertEqual(d[1].expected, "`rate(s: series, w: duration) -> vector`")
    }

    func testArityOfUserFunctionsAndCallingANonFunction() {
        let source = "fn add(a, b) = a + b\nlet x = add(1)\nlet y = add(1, 2, 3)\nlet z = add(1, c: 2)\nlet n = 5\nlet w = n(1)\n"
        XCTAssertEqual(summaries(checkSource(source)), [
            "2:9: missing argument `b` in call to `add`",
            "3:19: too many arguments to `add`: it takes 2, found 3",
            "4:16: `add` has no parameter `c` | hint: did you mean `a`?",
            "4:9: missing argument `b` in call to `add`",
            "6:9: `n` is not a function; it is a number | hint: its definition is on line 5",
        ].sorted { $0.localizedStandardCompare($1) == .orderedAscending })
    }

    func testBlocksAndRulesNeedTheirFeature() {
        let source = "rule \"r\" { when true }\nreceiver \"oncall\" alertmanager(\"http://127.0.0.1:9093\")\n"
        XCTAssertEqual(summaries(checkSource(source, features: [.core])), [
            "1:1: rules are not available yet: the rule engine is not built",
            "2:1: receivers are not available yet: action delivery is not built",
            "2:19: `alertmanager` is not available yet: action delivery is not built",
        ])
        XCTAssertEqual(summaries(checkSource(source)), [])
    }

    func testCatalogSignaturesAreReadable() {
        XCTAssertEqual(Engines.surface.lookup("rate").first?.signature, "rate(s: series, w: duration) -> vector")
        XCTAssertEqual(Engines.surface.lookup("sort").first?.signature, "sort(xs: list; by: function?) -> list")
        XCTAssertEqual(Engines.surface.lookup("print").first?.signature, "print(values: any...) -> none")
        let names = Set(Engines.surface.builtins.map(\.name))
        for required in ["rollback", "promote", "pause", "resume", "abort", "kill_switch", "set_weight", "page", "notify",
                         "open_incident", "resolve_incident", "annotate", "webhook", "exec", "alertmanager", "burn_rate",
                         "budget_status", "anomaly", "confirm", "last_deployment", "bucket", "mann_whitney", "now", "fold"] {
            XCTAssertTrue(names.contains(required), required)
        }
    }
}
