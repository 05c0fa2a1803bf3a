import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// `anomaly` and `baseline` keep state per call site; written once inside a `fn`, they must
/// still keep one state per caller, or every signal after the first is judged against the
/// first one's values.
final class CallSiteStateInFunctionTests: XCTestCase {
    static let checkout = "series(\"latency_seconds\", service: \"checkout\")"
    static let payments = "series(\"latency_seconds\", service: \"payments\")"

    /// Latency every 30 s for 40 minutes: checkout 100ms, then 400ms from 20m (1200 s) on;
    /// payments 50ms throughout.
    func session() throws -> VigilSession {
        var store = SeriesStore()
        for service in ["checkout", "payments"] {
            var series = Series(labels: Labels(name: "latency_seconds", ["service": service]))
            for step in 0..<80 {
                let value = service == "payments" ? 0.05 : (step >= 40 ? 0.4 : 0.1)
                try series.append(Timestamp(step) * 30_000, value)
            }
            try store.add(series)
        }
        let session = VigilSession(store: store)
        let program = """
        fn spike(s) = anomaly(s)
        fn computed_spike(s) = anomaly(max(s), method: "zscore")
        fn level(s) = baseline(max(s), window: 1h)
        """
        try session.load(Parser.parse(SourceFile(path: "lib.vigil", text: program)).0)
        return session
    }

    /// Evaluates `source` as a rule would: one file, compiled once, evaluated at each time.
    func evaluate(_ session: VigilSession, _ source: String, at times: [Double]) throws -> [Value] {
        let file = SourceFile(path: "rule.vigil", text: source)
        let expr = try XCTUnwrap(Parser.parse(file).0.loneExpression)
        let compiled = try session.interpreter.compile(expr, in: file, environment: session.environment(inService: nil))
        return try times.map { time in
            session.interpreter.beginRequest()
            return try session.interpreter.evaluate(compiled, at: Evaluation(time: time))
        }
    }

    func testAFunctionWrappingAnomalyJudgesEachSelectionOnItsOwnValues() throws {
        let s = try session()
        let both = try evaluate(s, "[spike(\(Self.checkout)) != false, spike(\(Self.payments)) != false]", at: [1200])
        XCTAssertEqual(both[0].literal, "[true, false]")
        // In the other order too: the first signal judged does not decide the second.
        let reversed = try evaluate(s, "[spike(\(Self.payments)) != false, spike(\(Self.checkout)) != false]", at: [1200])
        XCTAssertEqual(reversed[0].literal, "[false, true]")
    }

    func testAFunctionWrappingAnomalyKeepsEachCallersComputedValues() throws {
        let s = try session()
        let source = "[computed_spike(\(Self.checkout)) != false, computed_spike(\(Self.payments)) != false]"
        let times = (0...40).map { Double($0) * 30 }
        let judged = try evaluate(s, source, at: times)
        XCTAssertEqual(judged.last?.literal, "[true, false]")
        // Before the jump both are normal once ten values exist.
        XCTAssertEqual(judged[39].literal, "[false, false]")
    }

    func testAFunctionWrappingBaselineKeepsOneHistoryPerCaller() throws {
        let s = try session()
        let levels = try evaluate(s, "[level(\(Self.checkout)), level(\(Self.payments))]", at: [1200])
        XCTAssertEqual(levels[0].literal, "[100ms, 50ms]")
    }
}
