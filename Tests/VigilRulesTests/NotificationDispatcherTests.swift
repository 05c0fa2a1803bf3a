import VigilRules
import VigilSeries
import XCTest

/// The notification timeline against times worked out by hand from Alertmanager's rules
/// (group_wait 30s, group_interval 5m, repeat_interval 4h unless a test says otherwise).
final class NotificationDispatcherTests: XCTestCase {
    let s: Milliseconds = 1000, m: Milliseconds = 60_000, h: Milliseconds = 3_600_000
    /// 12:00:00 UTC on some day: the clock the reasons print.
    let t0: Timestamp = 1_700_000_000_000 - 1_700_000_000_000 % 86_400_000 + 12 * 3_600_000

    func page(_ rule: String, _ labels: [String: String] = [:], to receiver: String = "oncall") -> AlertNotification {
        AlertNotification(kind: .page, receiver: receiver, labels: labels.merging(["alertname": rule, "severity": "P1"]) { a, _ in a })
    }

    func ticket(_ rule: String, _ labels: [String: String] = [:]) -> AlertNotification {
        AlertNotification(kind: .notify, receiver: "tickets", labels: labels.merging(["alertname": rule]) { a, _ in a })
    }

    func grouped(by labels: [String]) -> NotificationDispatcher {
        NotificationDispatcher(policies: ["oncall": NotificationPolicy(groupBy: .labels(labels), groupWait: 30 * s,
                                                                       groupInterval: 5 * m, repeatInterval: 4 * h)])
    }

    func testAlertmanagerDefaults() {
        XCTAssertEqual(NotificationPolicy.alertmanager.groupWait, 30 * s)
        XCTAssertEqual(NotificationPolicy.alertmanager.groupInterval, 5 * m)
        XCTAssertEqual(NotificationPolicy.alertmanager.repeatInterval, 4 * h)
        XCTAssertEqual(NotificationPolicy.alertmanager.groupBy, .labels([]))
    }

    func testFirstAlertWaitsGroupWaitLaterOnesTheNextGroupIntervalFlush() {
        var d = grouped(by: ["service"])
        // 12:00:00 first alert of {service=checkout}: out at 12:00:30.
        let a = d.offer(page("A", ["service": "checkout"]), at: t0)
        XCTAssertEqual(a.outcome, .grouped)
        XCTAssertEqual(a.deliverAt, t0 + 30 * s)
        XCTAssertEqual(a.group, "oncall{service=\"checkout\"}")
        XCTAssertEqual(a.reason, "grouped: first alert of a new group waits group_wait 30s; sent at 12:00:30")
        // 12:00:10, same group, still in group_wait: goes with the first flush.
        XCTAssertEqual(d.offer(page("B", ["service": "checkout"]), at: t0 + 10 * s).deliverAt, t0 + 30 * s)
        // 12:01:00: after the first flush, waits for the next one at 12:05:30.
        let c = d.offer(page("C", ["service": "checkout"]), at: t0 + 1 * m)
        XCTAssertEqual(c.deliverAt, t0 + 5 * m + 30 * s)
        XCTAssertEqual(c.reason, "grouped: joins group oncall{service=\"checkout\"}, next flush (group_interval 5m); sent at 12:05:30")
        // 12:07:00: the flush after, 12:10:30.
        XCTAssertEqual(d.offer(page("D", ["service": "checkout"]), at: t0 + 7 * m).deliverAt, t0 + 10 * m + 30 * s)
        // Exactly on a flush (12:15:30): that flush.
        XCTAssertEqual(d.offer(page("E", ["service": "checkout"]), at: t0 + 15 * m + 30 * s).deliverAt, t0 + 15 * m + 30 * s)
        // Another service is another group, with its own group_wait: 12:01:30.
        let other = d.offer(page("A", ["service": "search"]), at: t0 + 1 * m)
        XCTAssertEqual(other.group, "oncall{service=\"search\"}")
        XCTAssertEqual(other.deliverAt, t0 + 1 * m + 30 * s)
    }

    func testDuplicateWithinRepeatIntervalIsSuppressedAndCountedThenRepeated() {
        var d = grouped(by: ["service"])
        let alert = page("A", ["service": "checkout"])
        XCTAssertEqual(d.offer(alert, at: t0).deliverAt, t0 + 30 * s)
        // Before it is even sent: queued already.
        let queued = d.offer(alert, at: t0 + 10 * s)
        XCTAssertEqual(queued.outcome, .duplicate)
        XCTAssertNil(queued.deliverAt)
        XCTAssertEqual(queued.reason, "duplicate: the same alert is queued for 12:00:30 and is still firing; repeat_interval 4h not passed")
        // 3h59m59s after the notification at 12:00:30: still a duplicate.
        let late = d.offer(alert, at: t0 + 30 * s + 4 * h - 1 * s)
        XCTAssertEqual(late.outcome, .duplicate)
        XCTAssertEqual(late.reason, "duplicate: the same alert was notified at 12:00:30 and is still firing; repeat_interval 4h not passed")
        XCTAssertEqual(d.suppressedDuplicates, 2)
        // 4h after it: sent again, at once.
        let repeated = d.offer(alert, at: t0 + 30 * s + 4 * h)
        XCTAssertEqual(repeated.outcome, .sent)
        XCTAssertEqual(repeated.deliverAt, t0 + 30 * s + 4 * h)
        XCTAssertEqual(repeated.reason, "repeat: last notified at 12:00:30, repeat_interval 4h passed")
        // The same alert to another receiver is not a duplicate.
        XCTAssertEqual(d.offer(page("A", ["service": "checkout"], to: "backup"), at: t0 + 1 * m).outcome, .sent)
        XCTAssertEqual(d.counts[.grouped], 1)
        XCTAssertEqual(d.counts[.sent], 2)
    }

    /// Alertmanager reports a resolution at the group's next flush: an alert that resolves and
    /// fires again before it is a flap, hidden (neither "resolved" nor a second "firing").
    func testAResolutionWaitsForTheGroupsNextFlushAndAFlapBeforeItIsHidden() {
        var d = grouped(by: ["service"])
        let a = page("A", ["service": "checkout"]), b = page("B", ["service": "checkout"])
        let group = "oncall{service=\"checkout\"}"
        // 12:00:00 A fires: a new group, flushes at 12:00:30, 12:05:30, 12:10:30, 12:15:30 …
        XCTAssertEqual(d.offer(a, at: t0).deliverAt, t0 + 30 * s)
        // 12:02:00 A resolves: reported at the next flush, 12:05:30.
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 2 * m),
                       [.init(receiver: "oncall", group: group, deliverAt: t0 + 5 * m + 30 * s,
                              reason: "resolved: held for group \(group)'s next flush at 12:05:30 (group_interval 5m)")])
        // 12:04:00 A fires again before that flush: the flap is hidden, nothing is sent.
        let flap = d.offer(a, at: t0 + 4 * m)
        XCTAssertEqual(flap.outcome, .duplicate)
        XCTAssertNil(flap.deliverAt)
        XCTAssertEqual(flap.reason, "flap hidden: firing again before the group's next flush at 12:05:30, so its resolution is not sent; "
                       + "the same alert was notified at 12:00:30; repeat_interval 4h not passed")
        // 12:06:00 A resolves again: held for 12:10:30. 12:09:00 B joins the group for that flush.
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 6 * m).map(\.deliverAt), [t0 + 10 * m + 30 * s])
        XCTAssertEqual(d.offer(b, at: t0 + 9 * m).deliverAt, t0 + 10 * m + 30 * s)
        // 12:11:00, after the flush reported A resolved: A firing is news, at the next flush 12:15:30.
        let again = d.offer(a, at: t0 + 11 * m)
        XCTAssertEqual(again.outcome, .grouped)
        XCTAssertEqual(again.deliverAt, t0 + 15 * m + 30 * s)
        XCTAssertEqual(again.reason, "grouped: joins group \(group), next flush (group_interval 5m); sent at 12:15:30")
        // 12:12:00 both resolve: A is still queued for 12:15:30, so both resolutions go then.
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 12 * m).map(\.deliverAt), [t0 + 15 * m + 30 * s])
        XCTAssertEqual(d.resolve(labels: b.labels, at: t0 + 12 * m).map(\.deliverAt), [t0 + 15 * m + 30 * s])
        // 12:16:00: the 12:15:30 flush emptied the group, so A starts a new one: 12:16:30.
        let fresh = d.offer(a, at: t0 + 16 * m)
        XCTAssertEqual(fresh.deliverAt, t0 + 16 * m + 30 * s)
        XCTAssertEqual(fresh.reason, "grouped: first alert of a new group waits group_wait 30s; sent at 12:16:30")
        XCTAssertEqual(d.suppressedDuplicates, 1)
        // A resolution of an alert never offered, or already reported, is nothing to send.
        XCTAssertEqual(d.resolve(labels: page("C").labels, at: t0 + 17 * m), [])
    }

    /// An alert still queued for its group's flush that resolves before it is withdrawn:
    /// Alertmanager sends neither its "firing" nor its "resolved". The group lives on until
    /// that flush; an alert sent before resolving is still reported resolved.
    func testAQueuedAlertResolvedBeforeItsFlushIsWithdrawn() {
        var d = grouped(by: ["service"])
        let a = page("A", ["service": "checkout"]), b = page("B", ["service": "checkout"]), c = page("C", ["service": "checkout"])
        let group = "oncall{service=\"checkout\"}"
        // 12:00:00 A fires: a new group, first flush at 12:00:30, then 12:05:30, 12:10:30 …
        XCTAssertEqual(d.offer(a, at: t0).deliverAt, t0 + 30 * s)
        // 12:00:20 A resolves while queued for 12:00:30: withdrawn, nothing to send.
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 20 * s),
                       [.init(receiver: "oncall", group: group, deliverAt: t0 + 30 * s,
                              reason: "withdrawn — resolved before its group's first flush at 12:00:30", isWithdrawal: true)])
        XCTAssertEqual(d.counts[.withdrawn], 1)
        // 12:00:25 B fires: the group still flushes at 12:00:30 (no new group_wait to 12:00:55).
        let joined = d.offer(b, at: t0 + 25 * s)
        XCTAssertEqual(joined.deliverAt, t0 + 30 * s)
        XCTAssertEqual(joined.reason, "grouped: joins group \(group), next flush (group_interval 5m); sent at 12:00:30")
        // 12:01:00 A fires again: never notified, so news (not a duplicate), at 12:05:30.
        let again = d.offer(a, at: t0 + 1 * m)
        XCTAssertEqual(again.outcome, .grouped)
        XCTAssertEqual(again.deliverAt, t0 + 5 * m + 30 * s)
        // 12:02:00 B, sent at 12:00:30, resolves: reported at 12:05:30, not withdrawn.
        XCTAssertEqual(d.resolve(labels: b.labels, at: t0 + 2 * m),
                       [.init(receiver: "oncall", group: group, deliverAt: t0 + 5 * m + 30 * s,
                              reason: "resolved: held for group \(group)'s next flush at 12:05:30 (group_interval 5m)")])
        // 12:03:00 C joins for 12:05:30; 12:04:00 C and A resolve, both still queued: withdrawn.
        XCTAssertEqual(d.offer(c, at: t0 + 3 * m).deliverAt, t0 + 5 * m + 30 * s)
        XCTAssertEqual(d.resolve(labels: c.labels, at: t0 + 4 * m).map(\.reason),
                       ["withdrawn — resolved before its group's next flush at 12:05:30"])
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 4 * m).map(\.isWithdrawal), [true])
        XCTAssertEqual(d.counts[.withdrawn], 3)
        // A withdrawn alert is not the group's any more: resolving it again sends nothing.
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 4 * m + 10 * s), [])
        // 12:06:00: the 12:05:30 flush reported B resolved and emptied the group: A starts a new one.
        let fresh = d.offer(a, at: t0 + 6 * m)
        XCTAssertEqual(fresh.deliverAt, t0 + 6 * m + 30 * s)
        XCTAssertEqual(fresh.reason, "grouped: first alert of a new group waits group_wait 30s; sent at 12:06:30")
        XCTAssertEqual(d.suppressedDuplicates, 0)
    }

    func testWithoutGroupingAResolutionIsSentAtOnceAndFiringAgainIsNews() {
        var d = NotificationDispatcher()
        let a = page("A", ["service": "checkout"])
        XCTAssertEqual(d.offer(a, at: t0).outcome, .sent)
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 1 * m).map(\.reason), ["resolved: sent at once"])
        XCTAssertEqual(d.resolve(labels: a.labels, at: t0 + 1 * m).map(\.deliverAt), [])
        let again = d.offer(a, at: t0 + 2 * m)
        XCTAssertEqual(again.outcome, .sent)
        XCTAssertEqual(again.deliverAt, t0 + 2 * m)
    }

    func testWithoutAPolicyEachAlertIsSentWhenItFires() {
        var d = NotificationDispatcher()
        let a = d.offer(page("A", ["service": "checkout"]), at: t0)
        XCTAssertEqual(a.outcome, .sent)
        XCTAssertEqual(a.deliverAt, t0)
        XCTAssertEqual(a.reason, "sent: first alert of group oncall{alertname=\"A\", service=\"checkout\", severity=\"P1\"}")
        XCTAssertEqual(d.offer(page("B", ["service": "checkout"]), at: t0 + 1 * s).deliverAt, t0 + 1 * s)
        XCTAssertEqual(d.offer(page("A", ["service": "checkout"]), at: t0 + 1 * h).outcome, .duplicate)
    }

    func testSilenceMutesMatchingAlertsUntilItEnds() {
        var d = NotificationDispatcher()
        d.add(Silence(id: "silence-1", matchers: ["service": "checkout"], startsAt: t0, endsAt: t0 + 1 * h, createdBy: "rule maintenance"))
        let muted = d.offer(page("A", ["service": "checkout"]), at: t0 + 10 * m)
        XCTAssertEqual(muted.outcome, .silenced)
        XCTAssertNil(muted.deliverAt)
        XCTAssertEqual(muted.reason, "silenced by silence-1 {service=\"checkout\"} until 13:00:00, set by rule maintenance")
        XCTAssertEqual(d.offer(page("A", ["service": "search"]), at: t0 + 10 * m).outcome, .sent)
        // The end is exclusive: at 13:00 it is sent.
        XCTAssertEqual(d.offer(page("A", ["service": "checkout"]), at: t0 + 1 * h).outcome, .sent)
        XCTAssertEqual(d.activeSilences(at: t0 + 1 * h), [])
        XCTAssertEqual(d.counts[.silenced], 1)
    }

    func testSilenceMatchersHaveAlertmanagersFourOperatorsWithAnchoredRegexes() throws {
        var d = NotificationDispatcher()
        let matchers = try LabelMatcherList.parse(#"service=checkout, severity!~"P3|P4" env!=staging endpoint=~"/pay.*""#)
        d.add(Silence(id: "s1", matchers: matchers, startsAt: t0, endsAt: t0 + 1 * h, createdBy: "vigil silence add"))
        func outcome(_ labels: [String: String]) -> NotificationDecision.Outcome {
            d.offer(page("A", labels.merging(["service": "checkout", "endpoint": "/pay/card"]) { a, _ in a }), at: t0 + 1 * m).outcome
        }
        let silenced = d.offer(page("A", ["service": "checkout", "endpoint": "/pay"]), at: t0)
        XCTAssertEqual(silenced.reason, #"silenced by s1 {endpoint=~"/pay.*", env!="staging", service="checkout", severity!~"P3|P4"} until 13:00:00, set by vigil silence add"#)
        XCTAssertEqual(outcome(["env": "prod"]), .silenced)
        XCTAssertEqual(outcome(["severity": "P3"]), .sent)
        XCTAssertEqual(outcome(["env": "staging"]), .sent)
        // Anchored both ends, as Alertmanager's ^(?:…)$: /pay.* does not match /api/pay, and
        // P3|P4 does not match P33 (so !~ holds and the silence mutes it).
        XCTAssertEqual(outcome(["endpoint": "/api/pay"]), .sent)
        XCTAssertEqual(outcome(["severity": "P33"]), .silenced)
    }

    func testMatcherTextParsesAsAmtoolWritesItAndLocatesMistakes() throws {
        XCTAssertEqual(try LabelMatcherList.parse(#"{service="checkout",env!="staging"}"#).map(\.description),
                       [#"service="checkout""#, #"env!="staging""#])
        XCTAssertEqual(try LabelMatcherList.parse(#"service=checkout severity=~"P1|P2""#).map(\.description),
                       [#"service="checkout""#, #"severity=~"P1|P2""#])
        func failure(_ text: String) -> String {
            do { _ = try LabelMatcherList.parse(text); return "parsed" } catch { return "\(error)" }
        }
        XCTAssertEqual(failure("service~checkout"), "expected =, !=, =~ or !~ after `service` (at character 8)")
        XCTAssertEqual(failure(#"service="checkout"#), "the value of `service` has no closing quote (at character 9)")
        XCTAssertEqual(failure(#"severity=~"P(1""#), #"invalid regular expression "P(1" for label severity: expected ')' (at character 11)"#)
        XCTAssertEqual(failure("{service=checkout"), "expected `}` to close the matchers (at character 18)")
        XCTAssertEqual(failure("=checkout"), "expected a label name, found `=` (at character 1)")
    }

    func testAFiringPageInhibitsItsTicketUntilItResolves() {
        var d = NotificationDispatcher()
        let fast = page("checkout_availability page", ["service": "checkout", "endpoint": "/pay"])
        XCTAssertEqual(d.offer(fast, at: t0).outcome, .sent)
        let slow = d.offer(ticket("checkout_availability ticket", ["service": "checkout", "endpoint": "/pay"]), at: t0 + 1 * m)
        XCTAssertEqual(slow.outcome, .inhibited)
        XCTAssertEqual(slow.reason,
                       "inhibited: the page {alertname=\"checkout_availability page\", endpoint=\"/pay\", service=\"checkout\", severity=\"P1\"} is firing for the same labels")
        // Another label set's ticket is not muted.
        XCTAssertEqual(d.offer(ticket("checkout_availability ticket", ["service": "checkout", "endpoint": "/cart"]), at: t0 + 1 * m).outcome, .sent)
        _ = d.resolve(labels: fast.labels, at: t0 + 2 * m)
        XCTAssertEqual(d.offer(ticket("checkout_availability ticket", ["service": "checkout", "endpoint": "/pay"]), at: t0 + 3 * m).outcome, .sent)
    }
}
