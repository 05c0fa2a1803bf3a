import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A call site reuses its `series(…)` selection and its per-series windows between
/// evaluations; what it answers must still follow the store and the call's arguments.
final class CallSiteCacheTests: XCTestCase {
    func compile(_ session: VigilSession, _ source: String) throws -> CompiledExpression {
        let file = SourceFile(path: "site.vigil", text: source)
        let (program, diagnostics) = Parser.parse(file)
        XCTAssertTrue(diagnostics.isEmpty, source)
        return try session.interpreter.compile(try XCTUnwrap(program.loneExpression), in: file)
    }

    func evaluate(_ session: VigilSession, _ code: CompiledExpression, at seconds: Double) throws -> String {
        session.interpreter.beginRequest()
        return try session.interpreter.evaluate(code, at: Evaluation(time: seconds)).literal
    }

    func testASeriesAddedBetweenEvaluationsIsSeenAtTheSameCallSite() throws {
        var store = SeriesStore()
        try store.add(try SeriesNotation("0+60x10").series(labels: Labels(name: "jobs_total", ["queue": "a"])))
        let session = VigilSession(store: store)
        let code = try compile(session, "rate(series(\"jobs_total\", queue: ~\"a|b\"), 5m)")
        XCTAssertEqual(try evaluate(session, code, at: 300), "{queue=\"a\"} 1")
        try session.context.store.add(try SeriesNotation("0+120x10").series(labels: Labels(name: "jobs_total", ["queue": "b"])))
        XCTAssertEqual(try evaluate(session, code, at: 330), "{queue=\"a\"} 1, {queue=\"b\"} 2")
    }

    func testSamplesAppendedBetweenEvaluationsAreRead() throws {
        var store = SeriesStore()
        let labels = Labels(name: "jobs_total", ["queue": "a"])
        try store.add(try SeriesNotation("0+60x5").series(labels: labels))
        let session = VigilSession(store: store)
        let code = try compile(session, "increase(series(\"jobs_total\"), 10m)")
        XCTAssertEqual(try evaluate(session, code, at: 300), "{queue=\"a\"} 300")
        for minute in 6...10 { try session.context.store.append(labels, Timestamp(minute) * 60_000, Double(minute) * 120 - 300) }
        let direct = session.context.store.select([.metricName("jobs_total")])[0].increase(at: 600_000, window: 600_000)
        XCTAssertEqual(try evaluate(session, code, at: 600), "{queue=\"a\"} \(Value.number(try XCTUnwrap(direct), .plain).literal)")
    }

    func testOneCallSiteWithChangingArgumentsSelectsEachTimeAfresh() throws {
        var store = SeriesStore()
        for (queue, notation) in [("a", "0+60x10"), ("b", "0+120x10")] {
            try store.add(try SeriesNotation(notation).series(labels: Labels(name: "jobs_total", ["queue": queue])))
        }
        let session = VigilSession(store: store)
        session.interpreter.output = { _ in }
        try session.load(Parser.parse(SourceFile(path: "f.vigil", text: "fn jobs(q) = rate(series(\"jobs_total\", queue: q), 5m)")).0)
        let code = try compile(session, "[jobs(\"a\"), jobs(\"b\"), jobs(\"a\")]")
        for seconds in [300.0, 330, 360] {
            XCTAssertEqual(try evaluate(session, code, at: seconds), "[{queue=\"a\"} 1, {queue=\"b\"} 2, {queue=\"a\"} 1]")
        }
    }
}
