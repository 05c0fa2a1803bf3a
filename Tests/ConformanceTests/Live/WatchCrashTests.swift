import Foundation
import VigilActions
import VigilStore
import VigilTestServers
import XCTest

/// Exactly once across `kill -9`: the real `vigil watch` pages a real Alertmanager and calls a
/// real local webhook receiver, and is killed before journaling, between journaling and
/// delivery, and between delivery and its mark — many times; a restart then delivers what
/// is left. Each action arrives effectively once: one alert per label set in Alertmanager,
/// and every webhook key received with none lost (a repeat carries the same key).
final class WatchCrashTests: XCTestCase {
    static let instances = 4
    var alertmanager: TestAlertmanager!
    var receiver: TestHTTPReceiver!
    var folder: URL!

    override func setUp() async throws {
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) {
            throw XCTSkip(why)
        }
        receiver = try TestHTTPReceiver()
        folder = try TemporaryDirectory.make("vigil-crash")
        // Every instance is down from two minutes ago until well after the test.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var lines = ["# TYPE up gauge"]
        for index in 1...Self.instances {
            for t in stride(from: now - 120_000, through: now + 900_000, by: 15_000) {
                lines.append("up{instance=\"i\(index)\"} 0 \(t)")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("up.prom"), atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        alertmanager?.stop()
        receiver?.stop()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// A rule per round, so each round's alerts are told apart in the one Alertmanager.
    func script(_ rule: String) throws -> String {
        let text = """
            receiver "oncall" alertmanager("\(alertmanager.baseURL)")
            rule "\(rule)" {
              every 1s
              when series("up") == 0
              then page("oncall", "instance down", severity: P2), webhook("\(receiver.baseURL)/hook", {rule: "\(rule)"})
            }

            """
        let path = folder.appendingPathComponent("\(rule).vigil").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func watch(_ file: String, journal: String, seconds: Int? = nil) throws -> WatchProcess {
        try WatchProcess(["watch", "--data", folder.appendingPathComponent("up.prom").path, "--journal", journal]
            + (seconds.map { ["--for", "\($0)s"] } ?? []) + [file])
    }

    enum KillPoint: String, CaseIterable { case beforeJournal, betweenJournalAndDelivery, betweenDeliveryAndMark }

    func testKillNineAtEveryPointDeliversEachActionEffectivelyOnce() async throws {
        var round = 0
        for point in KillPoint.allCases {
            for repetition in 0..<3 {
                round += 1
                let rule = "down-\(round)"
                let file = try script(rule)
                let journal = folder.appendingPathComponent("\(rule).sqlite").path
                let before = receiver.requests.count
                let first = try watch(file, journal: journal)
                switch point {
                case .beforeJournal:
                    // Within the process's start-up: at most its first tick has begun.
                    usleep(UInt32(20_000 * repetition))
                case .betweenJournalAndDelivery:
                    receiver.answer(503)  // the webhooks stay pending, retrying
                    XCTAssertTrue(WatchProcess.wait(20) { first.printed.contains("retrying webhook") }, first.printed)
                case .betweenDeliveryAndMark:
                    receiver.hold(true)  // recorded, never answered: vigil is killed waiting
                    XCTAssertTrue(WatchProcess.wait(20) { self.receiver.requests.count > before }, first.printed)
                }
                first.kill9()
                receiver.hold(false)
                receiver.answer(200)
                let second = try watch(file, journal: journal, seconds: 3)
                XCTAssertEqual(second.waitForExit(), 0, second.printed)
                try await assertEffectivelyOnce(rule, journal: journal, since: before, point: point, context: "\(point) #\(repetition)\n\(first.printed)\n---\n\(second.printed)")
            }
        }
    }

    func assertEffectivelyOnce(_ rule: String, journal: String, since before: Int, point: KillPoint, context: String) async throws {
        // The actions, not the notification decisions journaled beside the pages.
        let entries = try VigilDatabase(path: journal).journal.entries().filter { $0.action.origin.trigger != "notification" }
        XCTAssertEqual(entries.count, 2 * Self.instances, "each label set fired once across the restart: \(context)")
        XCTAssertEqual(entries.filter { $0.state != .delivered }.map(\.key.text), [], context)
        let hooks = receiver.requests[before...].filter { $0.text.contains("\"\(rule)\"") }
        let keys = Set(hooks.compactMap(\.idempotencyKey))
        let expected = Set(entries.filter { $0.action.kind == "webhook" }.map(\.key.headerValue))
        XCTAssertEqual(keys, expected, "no webhook key lost, none extra: \(context)")
        if point == .betweenDeliveryAndMark {
            // The request the receiver held reached it twice, under one key: the kill landed
            // after delivery and before the mark, and the restart delivered it again.
            XCTAssertEqual(hooks.count, keys.count + 1, context)
        }
        let alerts = try await alertmanager.activeAlerts().filter { ($0["labels"] as? [String: String])?["alertname"] == rule }
        let labelSets = Set(alerts.compactMap { ($0["labels"] as? [String: String])?["instance"] })
        XCTAssertEqual(alerts.count, Self.instances, context)
        XCTAssertEqual(labelSets, Set((1...Self.instances).map { "i\($0)" }), context)
    }
}
