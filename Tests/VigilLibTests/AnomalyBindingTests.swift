import XCTest
@testable import VigilLib
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// `anomaly`, `anomalies` and `root_cause` in a session (the engine's arithmetic is in
/// VigilEnginesTests/AnomalyDetectorTests).
final class AnomalyBindingTests: XCTestCase {
    static let selection = "series(\"latency_seconds\", service: \"checkout\")"

    /// Checkout latency every 30 s: 90, 100, 110, 100ms repeating (mean and median 100ms)
    /// for 20 minutes, then 400ms from 20m (1200 s) on.
    func session(spike: Range<Int> = 40..<80) throws -> VigilSession {
        var series = Series(labels: Labels(name: "latency_seconds", ["service": "checkout"]))
        for step in 0..<80 {
            try series.append(Timestamp(step) * 30_000, spike.contains(step) ? 0.4 : [0.09, 0.1, 0.11, 0.1][step % 4])
        }
        var store = SeriesStore()
        try store.add(series)
        return VigilSession(store: store)
    }

    func evaluate(_ session: VigilSession, _ source: String, at seconds: Double) throws -> Value {
        let file = SourceFile(path: "rule.vigil", text: source)
        let expr = try XCTUnwrap(Parser.parse(file).0.loneExpression)
        let compiled = try session.interpreter.compile(expr, in: file, environment: session.environment(inService: nil))
        session.interpreter.beginRequest()
        return try session.interpreter.evaluate(compiled, at: Evaluation(time: seconds))
    }

    func testNodataUntilTenEarlierValuesExistThenFalseWhileNormal() throws {
        let s = try session()
        // At 4m the points 0s … 4m are nine values: the last is judged against eight.
        guard case .nodata = try evaluate(s, "anomaly(\(Self.selection))", at: 240) else { return XCTFail("expected nodata") }
        XCTAssertEqual(s.interpreter.nodataReasons, [
            "the anomaly detector of \(Self.selection) has 8 of the 10 values it needs (one per 30s over the last 1h)",
        ])
        guard case .bool(false) = try evaluate(s, "anomaly(\(Self.selection))", at: 300) else { return XCTFail("expected false") }
        guard case .bool(false) = try evaluate(s, "anomaly(\(Self.selection))", at: 1170) else { return XCTFail("expected false") }
    }

    func testTheSpikeIsDetectedAtItsFirstSampleAndPrints() throws {
        let s = try session()
        let found = try evaluate(s, "anomaly(\(Self.selection))", at: 1200)
        // The trailing hour holds 40 values, mean 100ms: 400ms is +300%.
        XCTAssertEqual(found.literal, "anomaly(relative spike of \(Self.selection) since @1970-01-01T00:20:00Z: "
            + "400ms against baseline 100ms, +300%)")
        XCTAssertEqual(try evaluate(s, "anomaly(\(Self.selection)).onset", at: 1200).literal, "@1970-01-01T00:20:00Z")
        let mad = try evaluate(s, "anomaly(\(Self.selection), method: \"mad\").score", at: 1200)
        // Median 100ms; deviations 0 (20 of them) and 10ms (20): MAD 5ms. 0.6745 · 300ms / 5ms.
        guard case .number(let score, _) = mad else { return XCTFail("expected a score, found \(mad)") }
        XCTAssertEqual(score, 40.47, accuracy: 1e-6)
    }

    func testAComputedSignalIsJudgedOnTheValuesItHadAtEachCall() throws {
        let s = try session()
        let source = "anomaly(max(\(Self.selection)), method: \"zscore\")"
        for step in 0..<10 {
            guard case .nodata = try evaluate(s, source, at: Double(step) * 30) else { return XCTFail("step \(step): expected nodata") }
        }
        // The reason names the signal as written; each call had one value more.
        XCTAssertEqual(s.interpreter.nodataReasons.last,
                       "the anomaly detector of max(\(Self.selection)) has 9 of the 10 values it needs (one per 30s over the last 1h)")
        for step in 10..<40 {
            guard case .bool(false) = try evaluate(s, source, at: Double(step) * 30) else { return XCTFail("step \(step): expected false") }
        }
        XCTAssertEqual(try evaluate(s, "\(source) != false", at: 1200).literal, "true")
    }

    func testAnomaliesListsWhatWasFoundForTheService() throws {
        let s = try session()
        _ = try evaluate(s, "anomaly(\(Self.selection))", at: 1260)
        XCTAssertEqual(try evaluate(s, "len(anomalies(\"checkout\", since: 1h))", at: 1260).literal, "1")
        XCTAssertEqual(try evaluate(s, "anomalies(\"checkout\")[0].peak", at: 1260).literal, "@1970-01-01T00:20:00Z")
        XCTAssertEqual(try evaluate(s, "anomalies(\"payments\")", at: 1260).literal, "[]")
    }

    func testRootCauseRanksTheServicesDeploymentBeforeTheOnsetFirst() throws {
        let s = try session()
        let db = try VigilDatabase.inMemory()
        s.canaries.openDatabase = { db }
        try db.deployments.create(service: "payments", version: "v9", strategy: .canary, at: 1_140_000)
        try db.deployments.create(service: "checkout", version: "v2", strategy: .canary, at: 900_000)
        try db.deployments.create(service: "checkout", version: "v3", strategy: .canary, at: 1_500_000)
        let causes = try evaluate(s, "root_cause(anomaly(\(Self.selection)))", at: 1200)
        // checkout v2, 5m before the onset: 0.7 · (1 − 5/120) + 0.3; payments v9, 1m before: 0.7 · (1 − 1/120).
        XCTAssertEqual(causes.literal, "[{service: \"checkout\", version: \"v2\", started: @1970-01-01T00:15:00Z, score: 0.971, "
            + "reason: \"the anomalous service's own deployment v2 started 5m before the onset\", kind: \"deploy\", "
            + "description: \"v2\", previous: none}, {service: \"payments\", "
            + "version: \"v9\", started: @1970-01-01T00:19:00Z, score: 0.694, reason: \"a deployment of payments v9 started 1m "
            + "before the onset\", kind: \"deploy\", description: \"v9\", previous: none}]")
        XCTAssertEqual(try evaluate(s, "root_cause(anomaly(\(Self.selection)))", at: 600).literal, "[]")
    }

    func testRootCauseRanksAnIngestedConfigChangeWithTheDeployments() throws {
        let s = try session()
        let db = try VigilDatabase.inMemory()
        s.canaries.openDatabase = { db }
        try db.deployments.create(service: "payments", version: "v9", strategy: .canary, at: 1_140_000, previousVersion: "v8")
        try db.changes.insert([ChangeEvent(time: 840_000, service: "checkout", kind: "config", description: "raise pool size")])
        let causes = try evaluate(s, "root_cause(anomaly(\(Self.selection)))", at: 1200)
        // The config change, 6m before the onset: 0.7 · (1 − 6/120) + 0.3; payments v9, 1m before: 0.7 · (1 − 1/120).
        XCTAssertEqual(causes.literal, "[{service: \"checkout\", version: none, started: @1970-01-01T00:14:00Z, score: 0.965, "
            + "reason: \"the anomalous service's own config change (raise pool size) 6m before the onset\", kind: \"config\", "
            + "description: \"raise pool size\", previous: none}, {service: \"payments\", version: \"v9\", "
            + "started: @1970-01-01T00:19:00Z, score: 0.694, reason: \"a deployment of payments v9 started 1m before the onset\", "
            + "kind: \"deploy\", description: \"v8 → v9\", previous: \"v8\"}]")
    }

    /// An ingested deploy with its version is a deployment a runbook can roll back; the same
    /// deployment recorded by the store (same service and version, 3m apart) is listed once,
    /// as the recorded one, and an ingested deploy without a version stays a described change.
    func testAnIngestedDeployWithAVersionIsRankedAsADeploymentAndListedOnce() throws {
        let s = try session()
        let db = try VigilDatabase.inMemory()
        s.canaries.openDatabase = { db }
        try db.deployments.create(service: "payments", version: "v9", strategy: .canary, at: 1_140_000, previousVersion: "v8")
        try db.changes.insert([
            ChangeEvent(time: 960_000, service: "payments", kind: "deploy", description: "argo sync", version: "v9", previous: "v8"),
            ChangeEvent(time: 900_000, service: "checkout", kind: "deploy", description: "argo sync", version: "v2", previous: "v1"),
            ChangeEvent(time: 600_000, service: "search", kind: "deploy", description: "helm upgrade"),
        ])
        let causes = try evaluate(s, "root_cause(anomaly(\(Self.selection)))", at: 1200)
        // checkout v2, 5m before: 0.7 · (1 − 5/120) + 0.3; payments v9 (recorded), 1m before:
        // 0.7 · (1 − 1/120); search, 10m before: 0.7 · (1 − 10/120).
        XCTAssertEqual(causes.literal, "[{service: \"checkout\", version: \"v2\", started: @1970-01-01T00:15:00Z, score: 0.971, "
            + "reason: \"the anomalous service's own deployment v2 started 5m before the onset\", kind: \"deploy\", "
            + "description: \"v1 → v2\", previous: \"v1\"}, {service: \"payments\", version: \"v9\", "
            + "started: @1970-01-01T00:19:00Z, score: 0.694, reason: \"a deployment of payments v9 started 1m before the onset\", "
            + "kind: \"deploy\", description: \"v8 → v9\", previous: \"v8\"}, {service: \"search\", version: none, "
            + "started: @1970-01-01T00:10:00Z, score: 0.642, reason: \"a deployment of search (helm upgrade) started 10m before "
            + "the onset\", kind: \"deploy\", description: \"helm upgrade\", previous: none}]")
    }

    /// The spike of 40..<45 opens at 20m (1200 s) and ends at 22m30s, the first normal value.
    func testAnAnomalyIsStoredWhenItOpensAndUpdatedWhenItEnds() throws {
        let s = try session(spike: 40..<45)
        let db = try VigilDatabase.inMemory()
        s.canaries.openDatabase = { db }
        _ = try evaluate(s, "anomaly(\(Self.selection))", at: 1230)
        var stored = try db.anomalies.anomalies(openFrom: 0, through: 3_000_000)
        XCTAssertEqual(stored.map(\.onset), [1_200_000])
        XCTAssertEqual(stored.map(\.end), [nil])
        XCTAssertEqual(stored.first?.subject, Self.selection)
        XCTAssertEqual(stored.first?.labels, Labels(["service": "checkout"]))
        XCTAssertEqual(stored.first?.unit, "duration")
        _ = try evaluate(s, "anomaly(\(Self.selection))", at: 1500)
        _ = try evaluate(s, "anomaly(\(Self.selection))", at: 1530)
        stored = try db.anomalies.anomalies(openFrom: 0, through: 3_000_000)
        XCTAssertEqual(stored.map(\.onset), [1_200_000], "one row however often it is evaluated")
        XCTAssertEqual(stored.map(\.end), [1_350_000])
        XCTAssertEqual(try XCTUnwrap(stored.first?.baseline), 0.1, accuracy: 1e-12)
        XCTAssertEqual(stored.first?.value, 0.4)
    }

    func testALaterSessionListsTheStoredAnomalyOnce() throws {
        let db = try VigilDatabase.inMemory()
        let first = try session(spike: 40..<45)
        first.canaries.openDatabase = { db }
        _ = try evaluate(first, "anomaly(\(Self.selection))", at: 1500)
        let later = try session(spike: 40..<45)
        later.canaries.openDatabase = { db }
        let listed = "anomaly(relative spike of \(Self.selection) since @1970-01-01T00:20:00Z: 400ms against baseline 100ms, +300%)"
        XCTAssertEqual(try evaluate(later, "anomalies(\"checkout\", since: 1h)", at: 1800).literal, "[\(listed)]")
        XCTAssertEqual(try evaluate(later, "anomalies(\"checkout\")[0].end", at: 1800).literal, "@1970-01-01T00:22:30Z")
        XCTAssertEqual(try evaluate(later, "anomalies(\"payments\")", at: 1800).literal, "[]")
        // Found again by this session, it is still one anomaly.
        _ = try evaluate(later, "anomaly(\(Self.selection))", at: 1800)
        XCTAssertEqual(try evaluate(later, "len(anomalies(since: 1h))", at: 1800).literal, "1")
        // A session without a store has only what it found itself.
        XCTAssertEqual(try evaluate(try session(spike: 40..<45), "anomalies(since: 1h)", at: 1800).literal, "[]")
    }

    func testTheStatusOfALaterSessionNamesTheStoredAnomalyAndItsConfigChange() throws {
        let db = try VigilDatabase.inMemory()
        try db.changes.insert([ChangeEvent(time: 840_000, service: "checkout", kind: "config", description: "raise pool size")])
        let first = try session()
        first.canaries.openDatabase = { db }
        _ = try evaluate(first, "anomaly(\(Self.selection))", at: 1230)
        let later = try session()
        later.canaries.openDatabase = { db }
        let item = try evaluate(later, "status(period: 1h).attention[0]", at: 1260)
        XCTAssertEqual(try evaluate(later, "len(status(period: 1h).attention)", at: 1260).literal, "1")
        // The selection inside a string literal, its quotes escaped.
        let subject = Self.selection.replacingOccurrences(of: "\"", with: "\\\"")
        XCTAssertEqual(item.literal, "{health: \"DEGRADED\", service: \"checkout\", title: \"anomaly open: \(subject)\", "
            + "evidence: \"anomaly(relative spike of \(subject) since @1970-01-01T00:20:00Z: 400ms "
            + "against baseline 100ms, +300%) — likely checkout's config change (raise pool size): the anomalous service's own "
            + "config change (raise pool size) 6m before the onset\", recommendation: \"check checkout's config change "
            + "(raise pool size); revert it if the anomaly persists\"}")
    }

    func testAnOpenAnomalyHoldsAsARuleConditionAndFalseOnceItEnds() throws {
        let s = try session()
        let file = SourceFile(path: "rule.vigil", text: "")
        let open = try RuleRunner.conditions(try evaluate(s, "anomaly(\(Self.selection))", at: 1200), file: file,
                                             range: SourceRange(0, 0))
        XCTAssertEqual(open.map(\.labels), [Labels(["service": "checkout"])])
        XCTAssertEqual(open.map(\.condition), [true])
        let before = try RuleRunner.conditions(try evaluate(s, "anomaly(\(Self.selection))", at: 1170), file: file,
                                               range: SourceRange(0, 0))
        XCTAssertEqual(before.map(\.condition), [false])
    }

    func testARuleOnAVectorHoldsPerLabelSet() throws {
        var store = SeriesStore()
        for (host, jump) in [("a", true), ("b", false)] {
            var series = Series(labels: Labels(name: "cpu", ["host": host]))
            for step in 0..<20 { try series.append(Timestamp(step) * 30_000, jump && step >= 12 ? 0.9 : 0.3) }
            try store.add(series)
        }
        let s = VigilSession(store: store)
        let found = try evaluate(s, "anomaly(series(\"cpu\"))", at: 360)
        XCTAssertEqual(found.literal, "anomaly(relative spike of series(\"cpu\") for {host=\"a\"} since @1970-01-01T00:06:00Z: "
            + "0.9 against baseline 0.3, +200%)")
        let held = try RuleRunner.conditions(found, file: SourceFile(path: "rule.vigil", text: ""), range: SourceRange(0, 0))
        XCTAssertEqual(held.map(\.labels.description), [Labels(["host": "a"]).description, Labels(["host": "b"]).description])
        XCTAssertEqual(held.map(\.condition), [true, false])
    }

    func testAnUnknownMethodIsAnErrorAtTheCall() throws {
        let s = try session()
        XCTAssertThrowsError(try evaluate(s, "anomaly(\(Self.selection), method: \"iforest\")", at: 1200)) { error in
            XCTAssertEqual((error as? RuntimeError)?.message,
                           "`method` must be \"relative\", \"zscore\", \"mad\", \"ewma\" or \"likelihood\", found \"iforest\"")
        }
    }
}
