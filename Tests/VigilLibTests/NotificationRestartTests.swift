import Foundation
import XCTest
import VigilActions
import VigilLib
import VigilLive
import VigilSeries
import VigilStore
import VigilSyntax

/// `vigil watch` stopped and started again on the same database, as its loop runs (one
/// `ActionRun` per process, each tick journaled with the rule states): the notification
/// groups, their flushes and the resolutions they hold carry over the restart.
final class NotificationRestartTests: XCTestCase {
    let m: Timestamp = 60_000

    let source = """
        receiver "oncall" alertmanager("http://127.0.0.1:9093", group_by: ["service"], group_wait: 2m, group_interval: 5m)
        rule "errors" { every 1m; when series("errors") > 10; then page("oncall", "errors") }
        rule "latency" { every 1m; when series("latency") > 1; then page("oncall", "slow") }
        """

    /// One watch process from `start` through `end` minutes: a fresh session on `database`.
    func watch(_ database: VigilDatabase, minutes: ClosedRange<Int64>, program text: String? = nil,
               data: [(String, String)] = [("errors", "0 20 20 20 0 20 20 20 20 20"), ("latency", "0 0 5 5 5 5 0 0 0 0")]) throws -> VigilSession {
        var store = SeriesStore()
        // By default errors fires at 1m, resolves at 4m, fires again at 5m; latency fires at 2m, resolves at 6m.
        for (name, notation) in data {
            try store.add(try SeriesNotation(notation).series(labels: Labels(name: name, ["service": "checkout"])))
        }
        let session = VigilSession(store: store)
        let (program, diagnostics) = Parser.parse(SourceFile(path: "n.vigil", text: text ?? source))
        XCTAssertEqual(diagnostics.map { $0.render() }, [])
        try session.load(program)
        let run = try ActionRun(session: session, database: database, command: "watch", file: "n.vigil",
                                poster: DeliveryHTTPClient(), at: minutes.lowerBound * m)
        let runners = try session.compileRules().map { RuleRunner(session: session, rules: [$0]) }
        try run.restore(runners)
        for minute in minutes {
            try run.evaluation(runners) { for runner in runners { try runner.run(from: minute * m, through: minute * m) } }
        }
        return session
    }

    func testARestartedWatchKeepsPendingGroupsAndHeldResolutions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-restart-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try watch(try VigilDatabase(path: path), minutes: 0...1)
        // errors fires at 1m: a new group, out after group_wait at 3m.
        XCTAssertEqual(first.actionLog.actions.map { $0.notification?.deliverAt }, [3 * m])

        // Restarted at 2m, before that flush: latency joins the pending group (at 3m, not a new
        // group's 4m). errors resolves at 4m: held for the group's next flush, 3m + 5m.
        let second = try watch(try VigilDatabase(path: path), minutes: 2...4)
        XCTAssertEqual(second.actionLog.actions.map { "\($0.rule) \($0.notification?.outcome.rawValue ?? "") \(($0.notification?.deliverAt ?? 0) / m)m" },
                       ["latency grouped 3m"])

        // Restarted at 5m: errors firing again before 8m is a flap, hidden; latency resolves at
        // 6m and that resolution goes out with the 8m flush.
        let database = try VigilDatabase(path: path)
        let third = try watch(database, minutes: 5...9)
        let flap = try XCTUnwrap(third.actionLog.actions.first)
        XCTAssertEqual(third.actionLog.actions.count, 1)
        XCTAssertEqual(flap.rule, "errors")
        XCTAssertEqual(flap.notification?.outcome, .duplicate)
        XCTAssertEqual(flap.notification?.reason, "flap hidden: firing again before the group's next flush at 00:08:00, so its "
                       + "resolution is not sent; the same alert was notified at 00:03:00; repeat_interval 4h not passed")

        let records = try database.journal.entries()
        let resolutions = records.filter { $0.action.origin.trigger == "resolved" }
        // Only latency's resolution reached the journal for delivery, at the flush; errors' never did.
        XCTAssertEqual(resolutions.map { "\($0.action.call) \($0.createdAt / m)m \($0.state.rawValue)" },
                       [#"resolve page("oncall", "slow") 8m pending"#])
        let notes = records.filter { $0.action.kind == NotificationRouter.resolutionKind }.map(\.action.call)
        XCTAssertEqual(notes, [
            #"resolve page("oncall", "errors") — resolved: held for group oncall{service="checkout"}'s next flush at 00:08:00 (group_interval 5m)"#,
            #"resolve page("oncall", "slow") — resolved: held for group oncall{service="checkout"}'s next flush at 00:08:00 (group_interval 5m)"#,
        ])
        // errors still fires in Alertmanager's eyes: its alert is still held active and re-sent.
        XCTAssertEqual(try database.journal.activeAlerts().map(\.rule), ["errors"])
    }

    /// An alert queued by one watch for its group's flush and resolved, before that flush, in
    /// the next: withdrawn (its entry never delivered, no resolution journaled), the group it
    /// was queued in still flushes when it would have, and a third watch takes the alert's
    /// next firing as news.
    func testAQueuedAlertResolvedAfterARestartIsWithdrawnAndStaysSo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-withdrawn-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // errors fires at 1m, resolves at 2m, fires again at 5m; latency fires at 2m.
        let data = [("errors", "0 20 0 0 0 20 20"), ("latency", "0 0 5 5 5 5 5")]
        let first = try watch(try VigilDatabase(path: path), minutes: 0...1, data: data)
        XCTAssertEqual(first.actionLog.actions.map { $0.notification?.deliverAt }, [3 * m])

        // Restarted at 2m: errors resolves while queued for 3m: withdrawn. latency joins the
        // group that still flushes at 3m.
        var database = try VigilDatabase(path: path)
        let second = try watch(database, minutes: 2...2, data: data)
        XCTAssertEqual(second.actionLog.actions.map { "\($0.rule) \($0.notification?.outcome.rawValue ?? "") \(($0.notification?.deliverAt ?? 0) / m)m" },
                       ["latency grouped 3m"])
        let page = try XCTUnwrap(try database.journal.record(IdempotencyKey(text: #"errors|{service="checkout"}|fired|60000|0"#)))
        XCTAssertEqual(page.state, .withdrawn)
        XCTAssertEqual(page.attempts, 0)
        XCTAssertEqual(page.updatedAt, 2 * m)
        let records = try database.journal.entries()
        XCTAssertEqual(records.filter { $0.action.kind == "withdrawn" }.map(\.action.call),
                       [#"page("oncall", "errors") — withdrawn — resolved before its group's first flush at 00:03:00"#])
        XCTAssertEqual(records.filter { $0.action.origin.trigger == "resolved" || $0.action.kind == NotificationRouter.resolutionKind }
                           .map(\.action.call), [])
        XCTAssertEqual(try database.journal.activeAlerts().map(\.rule), ["latency"])
        // Due or not, it is never delivered: only latency's page is, at 3m.
        XCTAssertEqual(try database.journal.due(at: 60 * m, limit: 10).map(\.action.call), [#"page("oncall", "slow")"#])
        let summary = try XCTUnwrap(try database.runs.all().first { $0.startedAt == 2 * m })
        XCTAssertEqual(ReplayReport.watchSummary([], journaled: try database.journal.entries(run: summary.id)),
                       "0 state changes, 1 action journaled: 1 pending; notifications: 1 grouped, 1 withdrawn")

        // Restarted at 5m: errors firing again is news (it was never notified), for the 8m flush.
        database = try VigilDatabase(path: path)
        let third = try watch(database, minutes: 5...5, data: data)
        XCTAssertEqual(third.actionLog.actions.map { "\($0.rule) \($0.notification?.outcome.rawValue ?? "") \(($0.notification?.deliverAt ?? 0) / m)m" },
                       ["errors grouped 8m"])
        XCTAssertEqual(try database.journal.record(IdempotencyKey(text: #"errors|{service="checkout"}|fired|60000|0"#))?.state, .withdrawn)
    }

    /// An evaluation that runs late, after the delivery round that sent the queued alert at
    /// its flush: too late to withdraw it, so its resolution is sent at once instead.
    func testAQueuedAlertAlreadyDeliveredIsResolvedNotWithdrawn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-late-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = [("errors", "0 20 0 0"), ("latency", "0 0 0 0")]
        _ = try watch(try VigilDatabase(path: path), minutes: 0...1, data: data)
        let database = try VigilDatabase(path: path)
        let key = IdempotencyKey(text: #"errors|{service="checkout"}|fired|60000|0"#)
        var page = try XCTUnwrap(try database.journal.record(key))
        page.state = .delivered
        page.attempts = 1
        try database.journal.update([page])
        _ = try watch(database, minutes: 2...2, data: data)
        XCTAssertEqual(try database.journal.record(key)?.state, .delivered)
        let records = try database.journal.entries()
        XCTAssertEqual(records.filter { $0.action.kind == NotificationRouter.resolutionKind }.map(\.action.call),
                       [#"resolve page("oncall", "errors") — resolved: sent at once, as its group's flush at 00:03:00 already sent it"#])
        XCTAssertEqual(records.filter { $0.action.origin.trigger == "resolved" }.map { "\($0.action.call) \($0.state.rawValue)" },
                       [#"resolve page("oncall", "errors") pending"#])
        XCTAssertEqual(records.filter { $0.action.kind == "withdrawn" }.count, 0)
    }

    /// A page silenced when the watch stopped, its rule still firing, is sent by the next
    /// watch once the silence ends, as it was written.
    func testAPageSilencedWhenTheWatchStoppedIsSentWhenTheSilenceEnds() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-held-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let program = """
            receiver "oncall" alertmanager("http://127.0.0.1:9093")
            rule "maintenance" { every 1m; when series("maintenance") > 0; then silence({service: "checkout"}, for: 3m) }
            rule "errors" { every 1m; when series("errors") > 10; then page("oncall", "errors") }
            """
        let data = [("maintenance", "1 0 0 0 0"), ("errors", "0 20 20 20 20")]
        let first = try watch(try VigilDatabase(path: path), minutes: 0...1, program: program, data: data)
        XCTAssertEqual(first.actionLog.actions.map { $0.notification?.outcome }, [.silenced])
        let database = try VigilDatabase(path: path)
        let second = try watch(database, minutes: 2...4, program: program, data: data)
        XCTAssertEqual(second.actionLog.notifications.releases.map { "\($0.time / m)m \($0.call)" }, [#"3m page("oncall", "errors")"#])
        let page = try XCTUnwrap(try database.journal.entries().first { $0.key.text == #"errors|{service="checkout"}|fired|60000|0"# })
        XCTAssertEqual(page.createdAt, 3 * m)
        XCTAssertEqual(page.state, .pending)
        XCTAssertEqual(page.action.annotations["summary"], "errors")
    }

    /// A silence another process journals (`vigil silence add`) while a watch runs mutes from
    /// the watch's next evaluation on.
    func testARunningWatchTakesUpASilenceJournaledBesideIt() throws {
        let database = try VigilDatabase.inMemory()
        var store = SeriesStore()
        try store.add(try SeriesNotation("0 0 20 20").series(labels: Labels(name: "errors", ["service": "checkout"])))
        let session = VigilSession(store: store)
        try session.load(Parser.parse(SourceFile(path: "n.vigil", text: source)).0)
        let run = try ActionRun(session: session, database: database, command: "watch", file: "n.vigil",
                                poster: DeliveryHTTPClient(), at: 0)
        let runners = try session.compileRules().map { RuleRunner(session: session, rules: [$0]) }
        try run.evaluation(runners) { for runner in runners { try runner.run(from: m, through: m) } }
        // What `vigil silence add 'service=~"check.*"' --for 1h` journals, from its own router and run.
        let other = NotificationRouter()
        let layer = ActionsLayer(store: database.journal, mode: .deliver, run: "silence-1", poster: DeliveryHTTPClient())
        let silence = try other.addSilence([try LabelMatcher("service", .regex, "check.*")], from: m + 30_000, for: 3_600_000,
                                           comment: "deploy", createdBy: "vigil silence add",
                                           origin: Action.Origin(kind: .script, name: "vigil silence add", trigger: "run"), layer: layer)
        try run.evaluation(runners) { for runner in runners { try runner.run(from: 2 * m, through: 2 * m) } }
        XCTAssertEqual(session.actionLog.actions.map { $0.notification?.outcome }, [.silenced])
        XCTAssertEqual(session.actionLog.actions.first?.notification?.reason,
                       #"silenced by \#(silence.id) {service=~"check.*"} until 01:01:30, set by vigil silence add"#)
    }
}
