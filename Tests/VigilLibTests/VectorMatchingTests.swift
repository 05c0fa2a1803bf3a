import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// LANGUAGE §4 "Matching": how vectors meet vectors and plain values, per label set.
final class VectorMatchingTests: XCTestCase {
    let data: [(Labels, String)] = [
        (Labels(name: "cpu", ["host": "a"]), "10x10"),
        (Labels(name: "cpu", ["host": "b"]), "10x10"),
        (Labels(name: "cpu", ["host": "c"]), "10x10"),
        (Labels(name: "mem", ["host": "a"]), "10x10"),
        (Labels(name: "mem", ["host": "b"]), "1x10"),
        (Labels(name: "req_total", ["host": "a"]), "0+60x10"),
        (Labels(name: "req_total", ["host": "b"]), "0x10"),
        (Labels(name: "req_total", ["host": "c"]), "0+600x10"),
        (Labels(name: "lat", ["service": "cart", "quantile": "0.95"]), "0.005x10"),
        (Labels(name: "lat", ["service": "cart", "quantile": "0.99"]), "0.012x10"),
        (Labels(name: "lat", ["service": "search", "quantile": "0.95"]), "0.005x10"),
        (Labels(name: "lat", ["service": "search", "quantile": "0.99"]), "0.007x10"),
        (Labels(name: "big", ["i": "1"]), "9.99e307x10"),
        (Labels(name: "big", ["i": "2"]), "9.99e307x10"),
        (Labels(name: "mixed", ["i": "1"]), "NaNx10"),
        (Labels(name: "mixed", ["i": "2"]), "5x10"),
        (Labels(name: "mixed", ["i": "3"]), "3x10"),
    ]

    func session(_ source: String) throws -> VigilSession {
        var store = SeriesStore()
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        let s = VigilSession(store: store)
        let (program, diagnostics) = Parser.parse(SourceFile(path: "m.vigil", text: source))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try s.load(program)
        s.interpreter.options.now = Date(timeIntervalSince1970: 540)
        return s
    }

    /// What `print(expression)` shows at 9m.
    func show(_ expression: String) throws -> String {
        let s = try session("print(\(expression))")
        var out = ""
        s.interpreter.output = { out = $0 }
        try s.interpreter.run()
        return out
    }

    func testAndOrNotWorkPerLabelSetWithKleeneLogic() throws {
        XCTAssertEqual(try show("series(\"cpu\") > 5 and series(\"mem\") > 5"),
                       #"{host="a"} true, {host="b"} false, {host="c"} nodata"#)
        XCTAssertEqual(try show("series(\"cpu\") > 5 or series(\"mem\") > 5"),
                       #"{host="a"} true, {host="b"} true, {host="c"} true"#)
        XCTAssertEqual(try show("series(\"cpu\") < 5 or series(\"mem\") > 5"),
                       #"{host="a"} true, {host="b"} false, {host="c"} nodata"#)
        XCTAssertEqual(try show("not (series(\"cpu\") > 5 and series(\"mem\") > 5)"),
                       #"{host="a"} false, {host="b"} true, {host="c"} nodata"#)
        // A plain side meets every element; a plain false still decides alone.
        XCTAssertEqual(try show("true and series(\"mem\") > 5"), #"{host="a"} true, {host="b"} false"#)
        XCTAssertEqual(try show("series(\"mem\") > 5 and false"), #"{host="a"} false, {host="b"} false"#)
        XCTAssertEqual(try show("false and series(\"mem\") > 5"), "false")
        XCTAssertEqual(try show("avg([]) > 1 or series(\"mem\") > 5"), #"{host="a"} true, {host="b"} nodata"#)
    }

    /// Arithmetic pairs label sets in label order, whichever side an unmatched one is on.
    func testArithmeticPairsLabelSetsAndLeavesTheUnmatchedNodata() throws {
        XCTAssertEqual(try show("series(\"cpu\") - series(\"mem\")"), #"{host="a"} 0, {host="b"} 9, {host="c"} nodata"#)
        XCTAssertEqual(try show("series(\"mem\") - series(\"cpu\")"), #"{host="a"} 0, {host="b"} -9, {host="c"} nodata"#)
        XCTAssertEqual(try show("series(\"mem\", host: \"b\") * series(\"cpu\", host: ~\"a|b\")"), #"{host="a"} nodata, {host="b"} 10"#)
    }

    func testElementsOfAnOperatorMustBeBools() {
        XCTAssertThrowsError(try show("series(\"cpu\") and series(\"mem\") > 5")) { e in
            XCTAssertEqual((e as? RuntimeError)?.message, "each side of `and` must be a bool, found a number (10)")
        }
    }

    /// An unmatched element's nodata names the label sets that did not match, in a gate
    /// and in a rule's transition, never a bare "no data".
    func testUnmatchedLabelSetsAreNamed() throws {
        let s = try session("""
            let p99s = series("lat", quantile: "0.99")
            let p95s = series("lat", quantile: "0.95")
            policy "latency" {
              require p99(p99s, 5m) <= 2 * p95(p95s, 5m)
              require without(p99(p99s, 5m), "quantile") <= 2 * without(p95(p95s, 5m), "quantile")
              require series("cpu") > 5 and series("mem") < 5
            }
            """)
        try s.interpreter.run()
        let results = try s.interpreter.evaluatePolicies()
        XCTAssertEqual(results.map(\.outcome), [.nodata, .fail, .fail])
        XCTAssertEqual(results[0].observed, #"no data: {quantile="0.95", service="cart"} on the right of `<=` matches no label set on the left ({quantile="0.99", service="cart"}, {quantile="0.99", service="search"}) (p99(p99s, 5m) = {quantile="0.99", service="cart"} 0.012 <= no data, {quantile="0.99", service="search"} 0.007 <= no data)"#)
        XCTAssertEqual(results[1].observed, #"without(p99(p99s, 5m), "quantile") = {service="cart"} 0.012 > 0.01, {service="search"} 0.007 <= 0.01"#)
    }

    func testAnUnmatchedLabelSetInARuleIsNodataWithItsReason() throws {
        let s = try session("rule \"both\" {\n  every 1m\n  when series(\"cpu\") > 5 and series(\"mem\") > 5\n}")
        let transitions = try RuleRunner(session: s, rules: try s.compileRules()).run(from: 0, through: 60_000)
        XCTAssertEqual(transitions.map { "\($0.labels) \($0.from)→\($0.to)" },
                       [#"{host="a"} inactive→firing"#, #"{host="c"} inactive→nodata"#])
        XCTAssertEqual(transitions[1].observed, #"series("cpu") = 10 > 5, series("mem") = no data > 5 (no data: {host="c"} on the left of `and` matches no label set on the right ({host="a"}, {host="b"}))"#)
    }

    /// `switched_on and v` with a false left side is decided without `v`: the label sets
    /// that were firing resolve (their `resolve` runs) rather than being held as nodata.
    func testAPlainFalseThatDecidesAloneResolvesEveryLabelSet() throws {
        var store = SeriesStore()
        try store.add(try SeriesNotation("1x3 0x5").series(labels: Labels(name: "switch")))
        for host in ["a", "b"] { try store.add(try SeriesNotation("10x8").series(labels: Labels(name: "cpu", ["host": host]))) }
        let s = VigilSession(store: store)
        try s.load(Parser.parse(SourceFile(path: "r.vigil", text: """
            rule "hot while switched on" {
              every 1m
              when scalar(last(series("switch"))) > 0 and series("cpu") > 5
              then page("oncall", "hot")
              resolve notify("#ops", "cool")
            }
            """)).0)
        let transitions = try RuleRunner(session: s, rules: try s.compileRules()).run(from: 0, through: 5 * 60_000)
        XCTAssertEqual(transitions.map { "\($0.labels) \($0.from)→\($0.to)@\($0.time / 60_000)m" },
                       [#"{host="a"} inactive→firing@0m"#, #"{host="b"} inactive→firing@0m"#,
                        #"{host="a"} firing→inactive@4m"#, #"{host="b"} firing→inactive@4m"#])
        XCTAssertEqual(s.actionLog.actions.map(\.call).suffix(2), [##"notify("#ops", "cool")"##, ##"notify("#ops", "cool")"##])
    }

    func testAnAggregateAcrossSeriesIsAPlainNumber() throws {
        XCTAssertEqual(try show("avg(rate(series(\"req_total\"), 5m)), type(sum(rate(series(\"req_total\"), 5m)))"), "3.66667 number")
        XCTAssertEqual(try show("rate(series(\"req_total\"), 5m) > 1.5 * avg(rate(series(\"req_total\"), 5m))"),
                       #"{host="a"} false, {host="b"} false, {host="c"} true"#)
        XCTAssertEqual(try show("count(series(\"cpu\")), sum(series(\"cpu\"), by: \"host\")"),
                       #"3 {host="a"} 10, {host="b"} 10, {host="c"} 10"#)
        XCTAssertEqual(try show("ratio(series(\"req_total\", host: \"a\"), series(\"req_total\"), 5m), type(ratio(series(\"req_total\"), series(\"req_total\"), 5m))"),
                       "9.09091% number")
        // A plain number aggregates as one element: a signal may already be one.
        let ratio = "ratio(series(\"req_total\", host: \"a\"), series(\"req_total\"), 5m)"
        XCTAssertEqual(try show("max(\(ratio)), sum(\(ratio)), count(\(ratio))"), "9.09091% 9.09091% 1")
    }

    /// An aggregate of elements that are nodata is nodata, and says why.
    func testAnAggregateOfUnmatchedElementsSaysWhy() throws {
        let s = try session("policy \"p\" {\n  require sum(rate(series(\"req_total\"), 5m) / rate(series(\"req_total\", host: \"b\"), 5m)) > 1\n}")
        try s.interpreter.run()
        XCTAssertEqual(try s.interpreter.evaluatePolicies().map(\.observed),
                       [#"no data: {host="a"} on the left of `/` matches no label set on the right ({host="b"})"#])
    }

    func testWithoutKeepAndScalar() throws {
        XCTAssertEqual(try show("without(p99(series(\"lat\", quantile: \"0.99\"), 5m), \"quantile\")"),
                       #"{service="cart"} 0.012, {service="search"} 0.007"#)
        XCTAssertEqual(try show("keep(series(\"lat\", quantile: \"0.99\"), \"service\", \"nope\")"),
                       #"{service="cart"} 0.012, {service="search"} 0.007"#)
        XCTAssertEqual(try show("scalar(series(\"lat\", service: \"cart\", quantile: \"0.99\")) * 2, scalar(3)"), "0.024 3")
        XCTAssertEqual(try show("scalar(series(\"cpu\")), scalar(series(\"nope\"))"), "nodata nodata")
        XCTAssertThrowsError(try show("without(series(\"lat\"), \"quantile\")")) { e in
            XCTAssertEqual((e as? RuntimeError)?.message,
                           #"`without` leaves two elements with the label set {service="cart"}: {quantile="0.95", service="cart"} and {quantile="0.99", service="cart"}"#)
        }
        XCTAssertThrowsError(try show("keep(series(\"lat\"), \"service\")")) { e in
            XCTAssertEqual((e as? RuntimeError)?.message,
                           #"`keep` leaves two elements with the label set {service="cart"}: {quantile="0.95", service="cart"} and {quantile="0.99", service="cart"}"#)
        }
        XCTAssertThrowsError(try show("without(series(\"lat\"))")) { e in
            XCTAssertEqual((e as? RuntimeError)?.message, "missing argument `labels` in call to `without`")
        }
    }

    func testScalarOfManyElementsIsNodataWithTheReason() throws {
        let s = try session("policy \"one\" {\n  require scalar(series(\"cpu\")) > 1\n}")
        try s.interpreter.run()
        XCTAssertEqual(try s.interpreter.evaluatePolicies().map(\.observed),
                       [#"no data: scalar() needs exactly one element, found 3: {host="a"}, {host="b"}, {host="c"}"#])
    }

    /// Division by zero is nodata per element: one idle host does not stop the others.
    func testDivisionByZeroIsNodataPerElement() throws {
        XCTAssertEqual(try show("rate(series(\"req_total\"), 5m) / rate(series(\"req_total\", host: \"b\"), 5m)"),
                       #"{host="a"} nodata, {host="b"} nodata, {host="c"} nodata"#)
        XCTAssertEqual(try show("60 / rate(series(\"req_total\"), 5m), rate(series(\"req_total\"), 5m) mod 0.0"),
                       #"{host="a"} 60, {host="b"} nodata, {host="c"} 6 {host="a"} nodata, {host="b"} nodata, {host="c"} nodata"#)
        let s = try session("policy \"p\" {\n  require 60 / rate(series(\"req_total\", host: \"b\"), 5m) > 1\n}")
        try s.interpreter.run()
        XCTAssertEqual(try s.interpreter.evaluatePolicies().map(\.observed),
                       [#"no data: division by zero (60 / rate(series("req_total", host: "b"), 5m) = {host="b"} no data > 1)"#])
    }

    /// Prometheus (promtool 2.42) gives avg = 9.99e307, sum = +Inf, max = 5 and min = 3 here.
    func testAggregatesAcrossSeriesAvoidNaNAndOverflow() throws {
        XCTAssertEqual(try show("avg(series(\"big\")), sum(series(\"big\"))"), "9.99e+307 Inf")
        XCTAssertEqual(try show("max(series(\"mixed\")), min(series(\"mixed\"))"), "5 3")
        XCTAssertEqual(try show("max(series(\"mixed\", i: \"1\"))"), "NaN")
        XCTAssertEqual(try show("sum(series(\"big\", i: \"1\"), 1m), avg(series(\"big\", i: \"1\"), 1m)"),
                       #"{i="1"} Inf {i="1"} 9.99e+307"#)
    }
}
