import XCTest
@testable import VigilSeries

final class LabelsTests: XCTestCase {
    func testLabelsAreSortedAndFingerprintIsStable() {
        let a = Labels(name: "http_requests_total", ["service": "checkout", "code": "500"])
        let b = Labels(["service": "checkout", "__name__": "http_requests_total", "code": "500"])
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.hashValue, b.hashValue)
        XCTAssertEqual(a.fingerprint, #"{__name__="http_requests_total", code="500", service="checkout"}"#)
        XCTAssertEqual(a.metricName, "http_requests_total")
        XCTAssertEqual(a["code"], "500")
        XCTAssertNil(a["missing"])
    }

    func testFingerprintEscapesValues() {
        let labels = Labels(["path": "a\"b\\c\nd"])
        XCTAssertEqual(labels.fingerprint, #"{path="a\"b\\c\nd"}"#)
    }

    func testEmptyValueMeansAbsent() {
        XCTAssertEqual(Labels(["a": "1", "b": ""]), Labels(["a": "1"]))
        XCTAssertEqual(Labels(["a": "1"]).with("a", ""), Labels())
    }

    func testWithAndRemoving() {
        let labels = Labels(name: "x", ["a": "1"])
        XCTAssertEqual(labels.with("b", "2").fingerprint, #"{__name__="x", a="1", b="2"}"#)
        XCTAssertEqual(labels.withoutMetricName.fingerprint, #"{a="1"}"#)
    }

    /// Derived label sets must equal, and hash like, the same set built directly: they key
    /// the dictionaries of rule state.
    func testDerivedSetsEqualAndHashLikeDirectOnes() {
        let direct = Labels(["a": "1", "b": "2"])
        let derived = [Labels(name: "x", ["a": "1", "b": "2"]).withoutMetricName,
                       Labels(pairs: [Label("b", "2"), Label("a", "1")])]
        for labels in derived {
            XCTAssertEqual(labels, direct)
            XCTAssertEqual(labels.hashValue, direct.hashValue)
            XCTAssertEqual(Set([labels, direct]).count, 1)
        }
        XCTAssertNotEqual(Labels(["a": "1"]), Labels(["a": "2"]))
        let bare = Labels(["a": "1"])
        XCTAssertEqual(bare.withoutMetricName, bare)
        XCTAssertEqual(Labels(name: "x").withoutMetricName, Labels())
    }
}

final class LabelMatcherTests: XCTestCase {
    let series500 = Labels(name: "http", ["code": "500", "service": "checkout"])
    let series200 = Labels(name: "http", ["code": "200", "service": "checkout"])
    let noCode = Labels(name: "http", ["service": "checkout"])

    func testEqualAndNotEqual() {
        XCTAssertTrue(LabelMatcher.equal("code", "500").matches(series500))
        XCTAssertFalse(LabelMatcher.equal("code", "500").matches(series200))
        XCTAssertTrue(try LabelMatcher("code", .notEqual, "500").matches(series200))
        XCTAssertFalse(try LabelMatcher("code", .notEqual, "500").matches(series500))
    }

    func testAbsentLabelMatchesEmptyString() throws {
        XCTAssertTrue(LabelMatcher.equal("code", "").matches(noCode))
        XCTAssertFalse(LabelMatcher.equal("code", "").matches(series500))
        XCTAssertTrue(try LabelMatcher("code", .notEqual, "500").matches(noCode))
        XCTAssertTrue(try LabelMatcher("code", .regex, ".*").matches(noCode))
        XCTAssertFalse(try LabelMatcher("code", .regex, ".+").matches(noCode))
    }

    func testRegexIsFullyAnchored() throws {
        let fiveXX = try LabelMatcher("code", .regex, "5..")
        XCTAssertTrue(fiveXX.matches(series500))
        XCTAssertFalse(fiveXX.matches(series200))
        XCTAssertFalse(fiveXX.matches(value: "1500"))
        XCTAssertFalse(fiveXX.matches(value: "5000"))
        XCTAssertTrue(try LabelMatcher("code", .regex, "2..|5..").matches(series200))
        XCTAssertFalse(try LabelMatcher("code", .regex, "0").matches(value: "500"))
    }

    func testNegatedRegex() throws {
        let not5xx = try LabelMatcher("code", .notRegex, "5..")
        XCTAssertFalse(not5xx.matches(series500))
        XCTAssertTrue(not5xx.matches(series200))
        XCTAssertTrue(not5xx.matches(value: "1500"))
    }

    func testBadRegexIsAClearError() {
        XCTAssertThrowsError(try LabelMatcher("code", .regex, "5(..")) { error in
            XCTAssertEqual("\(error)", #"invalid regular expression "5(.." for label code: expected ')'"#)
        }
    }

    func testDotDoesNotMatchNewlineAsInPrometheus2() throws {
        XCTAssertFalse(try LabelMatcher("path", .regex, "a.b").matches(value: "a\nb"))
        XCTAssertTrue(try LabelMatcher("path", .regex, "a.b").matches(value: "axb"))
    }

    func testDescription() throws {
        XCTAssertEqual(try LabelMatcher("code", .notRegex, "5..").description, #"code!~"5..""#)
    }
}
