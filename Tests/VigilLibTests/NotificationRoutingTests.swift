import XCTest
import VigilActions
@testable import VigilLib
import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Rules' pages and notifications through the notification dispatcher in a replay: grouping
/// by a receiver's settings, duplicates suppressed and counted, silences, inhibition.
final class NotificationRoutingTests: XCTestCase {
    let m: Timestamp = 60_000

    func loaded(_ source: String, _ data: [(Labels, String)]) throws -> VigilSession {
        var store = SeriesStore()
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        let session = VigilSession(store: store)
        let (program, diagnostics) = Parser.parse(SourceFile(path: "n.vigil", text: source))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try session.load(program)
        return session
    }

    func replay(_ session: VigilSession, minutes: Int64) throws {
        _ = try RuleRunner(session: session, rules: try session.compileRules()).run(from: 0, through: minutes * m)
    }

    func testAReceiversGroupingDelaysItsPagesToTheGroupsFlushes() throws {
        let session = try loaded("""
            receiver "oncall" alertmanager("http://127.0.0.1:9093", group_by: ["service"], group_wait: 30s, group_interval: 5m)
            rule "errors" { every 1m; when series("errors") > 10; then page("oncall", "errors", severity: P2) }
            rule "latency" { every 1m; when series("latency") > 1; then page("oncall", "slow", severity: P2) }
            """, [(Labels(name: "errors", ["service": "checkout"]), "0x1 20x10"),
                  (Labels(name: "latency", ["service": "checkout"]), "0x3 5x10")])
        try replay(session, minutes: 8)
        let actions = session.actionLog.actions
        XCTAssertEqual(actions.map(\.rule), ["errors", "latency"])
        // errors fires at 2m: a new group, out after group_wait at 2m30s; latency at 4m joins
        // it and goes with the next flush, 2m30s + 5m.
        XCTAssertEqual(actions.map { $0.notification?.deliverAt }, [2 * m + 30_000, 7 * m + 30_000])
        XCTAssertEqual(actions.map { $0.notification?.outcome }, [.grouped, .grouped])
        XCTAssertEqual(actions[1].notification?.reason,
                       #"grouped: joins group oncall{service="checkout"}, next flush (group_interval 5m); sent at 00:07:30"#)
        // Alertmanager's 4h for what the receiver leaves out.
        XCTAssertEqual(session.actionLog.notifications.dispatcher.policy(of: "oncall").repeatInterval, 4 * 60 * m)
    }

    /// A replay: errors fires at 1m, queued for the group's first flush at 3m, and resolves at
    /// 2m: withdrawn, listed with when and why, counted, and not an action `vigil test` sees.
    func testAQueuedPageResolvedBeforeItsFlushIsWithdrawnInAReplay() throws {
        let session = try loaded("""
            receiver "oncall" alertmanager("http://127.0.0.1:9093", group_wait: 2m)
            rule "errors" { every 1m; when series("errors") > 10; then page("oncall", "errors") }
            """, [(Labels(name: "errors", ["service": "checkout"]), "0 20 0 0")])
        let rules = try session.compileRules()
        let transitions = try RuleRunner(session: session, rules: rules).run(from: 0, through: 3 * m)
        let report = ReplayReport(file: "n.vigil", from: 0, to: 3 * m, every: nil, rules: rules, transitions: transitions,
                                  notifications: session.actionLog.notifications).render(.text)
        XCTAssertTrue(report.hasSuffix("""
              1970-01-01T00:02:00Z  not sent page("oncall", "errors") — withdrawn — resolved before its group's first flush at 00:03:00
            notifications: 1 grouped, 1 withdrawn
            2 state changes, 1 action recorded
            """), report)
        XCTAssertEqual(session.actionLog.actions.map { $0.notification?.outcome }, [.withdrawn])
        XCTAssertEqual(session.actionLog.actions.filter(\.isDelivered).count, 0)
        // A replay's plan stays a plan: only a pending entry is withdrawn.
        XCTAssertEqual(try journaled(session, session.actionLog.actions[0].idempotencyKey)?.state, .planned)
    }

    func testTheSameAlertTwiceIsSuppressedAndCountedButAFlapIsNews() throws {
        let session = try loaded("""
            rule "errors" { every 1m; when series("errors") > 10; then page("oncall", "errors"), page("oncall", "errors, again") }
            """, [(Labels(name: "errors", ["service": "checkout"]), "0 20 0 20")])
        try replay(session, minutes: 3)
        let actions = session.actionLog.actions
        XCTAssertEqual(actions.map { $0.notification?.outcome }, [.sent, .duplicate, .sent, .duplicate])
        XCTAssertEqual(actions.filter(\.isDelivered).map(\.time), [1 * m, 3 * m])
        XCTAssertEqual(actions[1].notification?.reason,
                       "duplicate: the same alert was notified at 00:01:00 and is still firing; repeat_interval 4h not passed")
        XCTAssertEqual(session.actionLog.notifications.suppressedDuplicates, 2)
    }

    func testASilenceMutesMatchingPagesUntilItEnds() throws {
        let session = try loaded("""
            rule "maintenance" { every 1m; when series("maintenance") > 0; then silence({service: "checkout"}, for: 10m) }
            rule "errors" { every 1m; when series("errors") > 10; then page("oncall", "errors") }
            """, [(Labels(name: "maintenance"), "0 1x3 0x20"),
                  (Labels(name: "errors", ["service": "checkout"]), "0x1 20x1 0x7 20x2"),
                  (Labels(name: "errors", ["service": "search"]), "0x1 20x1")])
        try replay(session, minutes: 13)
        let pages = session.actionLog.actions.map { "\($0.labels) \($0.time / m)m \($0.notification?.outcome.rawValue ?? "")" }
        // Silenced from 1m to 11m: checkout's page at 2m is muted, search's is not, and
        // checkout's next firing at 12m is sent.
        XCTAssertEqual(pages, [#"{service="checkout"} 2m silenced"#, #"{service="search"} 2m sent"#, #"{service="checkout"} 12m sent"#])
        XCTAssertEqual(session.actionLog.actions[0].notification?.reason,
                       #"silenced by silence-60-1 {service="checkout"} until 00:11:00, set by rule maintenance"#)
    }

    func testASilenceWithRegexAndNegatedMatchersMutesOnlyWhatMatches() throws {
        let session = try loaded("""
            rule "maintenance" { every 1m; when series("maintenance") > 0; then silence({service: "checkout", severity: !~"P1"}, for: 10m) }
            rule "staging" { every 1m; when series("maintenance") > 0; then silence("env!=prod, service=~\\"sea.*\\"", for: 10m) }
            rule "errors" { every 1m; when series("errors") > 10; then page("oncall", "errors", severity: P2) }
            rule "outage" { every 1m; when series("errors") > 10; then page("oncall", "outage", severity: P1) }
            """, [(Labels(name: "maintenance"), "1 0x5"),
                  (Labels(name: "errors", ["service": "checkout", "env": "prod"]), "0 20"),
                  (Labels(name: "errors", ["service": "search", "env": "dev"]), "0 20")])
        try replay(session, minutes: 1)
        let pages = session.actionLog.actions.map { "\($0.rule) \($0.labels) \($0.notification?.outcome.rawValue ?? "")" }
        // checkout's P2 is silenced, its P1 is not (severity !~ "P1"); search (env dev, not prod) is silenced both times.
        XCTAssertEqual(pages.sorted(), [#"errors {env="dev", service="search"} silenced"#, #"errors {env="prod", service="checkout"} silenced"#,
                                        #"outage {env="dev", service="search"} silenced"#, #"outage {env="prod", service="checkout"} sent"#])
        XCTAssertEqual(session.actionLog.notifications.dispatcher.silences.map(\.matcherText),
                       [#"{service="checkout", severity!~"P1"}"#, #"{env!="prod", service=~"sea.*"}"#])
    }

    func testAFiringPageInhibitsTheTicketForTheSameLabels() throws {
        let session = try loaded("""
            rule "checkout page" { every 1m; when series("burn") > 14; then page("oncall", "fast burn", severity: P1) }
            rule "checkout ticket" { every 1m; when series("burn") > 3; then notify("#tickets", "slow burn") }
            """, [(Labels(name: "burn", ["service": "checkout"]), "1 20 20 1 5")])
        try replay(session, minutes: 4)
        let calls = session.actionLog.actions.map { "\($0.rule) \($0.time / m)m \($0.notification?.outcome.rawValue ?? "")" }
        // The page fires at 1m and mutes the ticket firing beside it; it resolves at 3m, the
        // ticket resolves with it, and fires again at 4m: sent.
        XCTAssertEqual(calls, ["checkout page 1m sent", "checkout ticket 1m inhibited", "checkout ticket 4m sent"])
        XCTAssertEqual(session.actionLog.actions[1].notification?.reason,
                       #"inhibited: the page {alertname="checkout page", service="checkout", severity="P1"} is firing for the same labels"#)
    }

    func testBadGroupingSettingsAndSilencesAreLocatedErrors() throws {
        XCTAssertThrowsError(try loaded(#"receiver "oncall" alertmanager("http://127.0.0.1:9093", group_interval: 0s)"#, [])) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "receiver \"oncall\": `group_interval` must be more than 0s, found 0s")
        }
        XCTAssertThrowsError(try loaded(#"receiver "oncall" alertmanager("http://127.0.0.1:9093", group_by: [1])"#, [])) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "receiver \"oncall\": `group_by` takes label names as strings, found 1")
        }
        let session = try loaded("""
            rule "m" { every 1m; when series("x") > 0; then silence({service: 1}, for: 1h) }
            """, [(Labels(name: "x"), "1")])
        XCTAssertThrowsError(try replay(session, minutes: 0)) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "`silence` matches labels to strings or regular expressions: `service` is 1")
        }
        for (call, message) in [
            (#"silence({severity: ~"P(1"}, for: 1h)"#, #"invalid regular expression "P(1" for label severity: expected ')'"#),
            (#"silence("service~checkout", for: 1h)"#, #"`silence` matchers "service~checkout": expected =, !=, =~ or !~ after `service` (at character 8)"#),
            (#"silence({env: !~"prod"}, for: 1h)"#, #"`silence` needs at least one matcher that an empty label does not match, such as {service: "checkout"}"#),
        ] {
            let bad = try loaded("rule \"m\" { every 1m; when series(\"x\") > 0; then \(call) }", [(Labels(name: "x"), "1")])
            XCTAssertThrowsError(try replay(bad, minutes: 0)) { error in
                let runtime = error as? RuntimeError
                XCTAssertEqual(runtime?.message, message)
                // Located at the call: file, line and column.
                XCTAssertTrue(runtime?.diagnostic.render().hasPrefix("n.vigil:1:") ?? false, runtime?.diagnostic.render() ?? "\(error)")
            }
        }
    }

    /// The journal entry under `key` in the session's (in-memory) journal.
    func journaled(_ session: VigilSession, _ key: String) throws -> JournalRecord? {
        try session.actionLog.layer().store.record(IdempotencyKey(text: key))
    }

    func testAMutedAlertStillFiringIsSentOnceNothingMutesIt() throws {
        let session = try loaded("""
            rule "maintenance" { every 1m; when series("maintenance") > 0; then silence({service: "search"}, for: 5m) }
            rule "search errors" { every 1m; when series("errors", service: "search") > 10; then page("oncall", "search errors") }
            rule "checkout page" { every 1m; when series("burn") > 14; then page("oncall", "fast burn", severity: P1) }
            rule "checkout ticket" { every 1m; when series("burn") > 3; then notify("#tickets", "slow burn") }
            """, [(Labels(name: "maintenance"), "1 0x10"),
                  (Labels(name: "errors", ["service": "search"]), "0 20x10"),
                  (Labels(name: "burn", ["service": "checkout"]), "1 20 20 5 5 1")])
        try replay(session, minutes: 8)
        XCTAssertEqual(session.actionLog.actions.map { "\($0.rule) \($0.time / m)m \($0.notification?.outcome.rawValue ?? "")" },
                       ["search errors 1m silenced", "checkout page 1m sent", "checkout ticket 1m inhibited"])
        // The page resolves at 3m with the ticket still firing: the ticket goes out then.
        let ticket = try XCTUnwrap(try journaled(session, #"checkout ticket|{service="checkout"}|fired|60000|0"#))
        XCTAssertEqual(ticket.createdAt, 3 * m)
        let note = try XCTUnwrap(try journaled(session, #"checkout ticket|{service="checkout"}|fired|60000|0|notification|released"#))
        XCTAssertEqual(note.action.call, ##"notify("#tickets", "slow burn") — still firing and the page that inhibited it resolved; "##
                       + ##"sent: first alert of group #tickets{alertname="checkout ticket", service="checkout"}"##)
        // The silence (0m to 5m) ends with search's errors still firing: paged at 5m.
        let page = try XCTUnwrap(try journaled(session, #"search errors|{service="search"}|fired|60000|0"#))
        XCTAssertEqual(page.createdAt, 5 * m)
        XCTAssertEqual(session.actionLog.notifications.dispatcher.counts[.sent], 3)
    }
}
