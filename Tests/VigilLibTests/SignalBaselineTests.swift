import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// `baseline` outside a canary: the mean (or median) of the signal's own trailing values.
final class SignalBaselineTests: XCTestCase {
    /// Latency 100ms every 30s for two hours, then 500ms.
    func session() throws -> VigilSession {
        var series = Series(labels: Labels(name: "latency_seconds", ["service": "api"]))
        for step in 0..<(6 * 120) {
            try series.append(Timestamp(step) * 30_000, step < 240 ? 0.1 : 0.5)
        }
        var store = SeriesStore()
        try store.add(series)
        let session = VigilSession(store: store)
        let program = """
        service api {
          signal latency = avg(series("latency_seconds", service: "api"), 1m)
        }
        """
        try session.load(Parser.parse(SourceFile(path: "api.vigil", text: program)).0)
        return session
    }

    func evaluate(_ session: VigilSession, _ source: String, at seconds: Double) throws -> Value {
        let file = SourceFile(path: "rule.vigil", text: source)
        let expr = try XCTUnwrap(Parser.parse(file).0.loneExpression)
        let compiled = try session.interpreter.compile(expr, in: file, environment: session.environment(inService: session.services["api"]))
        session.interpreter.beginRequest()
        return try session.interpreter.evaluate(compiled, at: Evaluation(time: seconds))
    }

    /// The single number of a scalar or a one-element vector; nil for nodata.
    func number(_ v: Value) -> Double? {
        if case .number(let x, _) = v { return x }
        if case .object(let vector as VectorValue) = v, vector.entries.count == 1, case .number(let x, _) = vector.entries[0].value { return x }
        return nil
    }

    func testNodataUntilTenValuesExist() throws {
        let s = try session()
        // Grid points before 4m30s with data: 0s … 4m, nine values.
        XCTAssertNil(number(try evaluate(s, "baseline(latency, window: 1h)", at: 270)))
        guard case .nodata = try evaluate(s, "baseline(latency, window: 1h)", at: 270) else { return XCTFail("expected nodata") }
        XCTAssertEqual(try XCTUnwrap(number(try evaluate(s, "baseline(latency, window: 1h)", at: 300))), 0.1, accuracy: 1e-12)
    }

    func testAStepChangeStandsOutAgainstTheTrailingMean() throws {
        let s = try session()
        let t = 2.0 * 3600 + 300  // five minutes after latency went from 100ms to 500ms
        // Trailing hour: 120 points, the last ten at (or, at the change, averaging towards) 500ms.
        let mean = try XCTUnwrap(number(try evaluate(s, "baseline(latency, window: 1h)", at: t)))
        XCTAssertGreaterThan(mean, 0.1)
        XCTAssertLessThan(mean, 0.15)
        guard case .object(let fired as VectorValue) = try evaluate(s, "latency > baseline * 150%", at: t) else { return XCTFail() }
        XCTAssertEqual(try fired.conditionList().map(\.condition), [true])
        // Successive ticks reuse the history and move with it.
        let later = try XCTUnwrap(number(try evaluate(s, "baseline(latency, window: 1h)", at: t + 30)))
        XCTAssertGreaterThan(later, mean)
    }

    func testMedianIgnoresTheFewValuesAfterTheChange() throws {
        let s = try session()
        let t = 2.0 * 3600 + 300
        XCTAssertEqual(try XCTUnwrap(number(try evaluate(s, "baseline(latency, window: 1h, method: \"median\")", at: t))), 0.1, accuracy: 1e-12)
    }
}
