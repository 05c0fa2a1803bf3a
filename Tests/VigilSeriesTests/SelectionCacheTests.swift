import XCTest
@testable import VigilSeries

/// `SeriesStore.select` remembers each matcher set's answer; the answers must stay exactly
/// what a fresh match would give as series and samples are added.
final class SelectionCacheTests: XCTestCase {
    let errors = [try! LabelMatcher("code", .regex, "5..")]

    func store(_ codes: [String]) -> SeriesStore {
        var store = SeriesStore()
        for code in codes { try! store.add(makeSeries([(0, 1)], name: "requests_total", labels: ["code": code])) }
        return store
    }

    func codes(_ series: [Series]) -> [String] { series.map { $0.labels["code"] ?? "" } }

    func testASeriesAddedAfterTheCacheWasFilledIsSelected() throws {
        var store = store(["503", "200"])
        XCTAssertEqual(codes(store.select(errors)), ["503"])
        XCTAssertEqual(store.cachedSelectionCount, 1)
        try store.append(Labels(name: "requests_total", ["code": "500"]), 0, 1)
        XCTAssertEqual(store.cachedSelectionCount, 0, "a new series must empty the cache")
        XCTAssertEqual(codes(store.select(errors)), ["500", "503"])
    }

    func testSamplesAppendedAfterTheCacheWasFilledAreRead() throws {
        var store = store(["500"])
        let layout = store.layout
        XCTAssertEqual(store.select(errors).first?.count, 1)
        try store.append(Labels(name: "requests_total", ["code": "500"]), 60_000, 2)
        XCTAssertEqual(store.layout, layout, "appending samples keeps positions")
        XCTAssertEqual(store.select(errors).first?.values, [1, 2])
        XCTAssertEqual(store.cachedSelectionCount, 1)
    }

    func testCopiesKeepTheirOwnAnswers() throws {
        let original = store(["500"])
        XCTAssertEqual(codes(original.select(errors)), ["500"])
        var copy = original
        try copy.append(Labels(name: "requests_total", ["code": "502"]), 0, 1)
        XCTAssertNotEqual(copy.layout, original.layout)
        XCTAssertEqual(codes(copy.select(errors)), ["500", "502"])
        XCTAssertEqual(codes(original.select(errors)), ["500"], "the copy's new series must not leak into the original")
    }

    func testCachedAnswersEqualAFreshMatchForEveryMatcherKind() throws {
        let store = store(["500", "200", "404", "503"])
        let selectors: [[LabelMatcher]] = [
            [.metricName("requests_total")],
            [try LabelMatcher("code", .notRegex, "5..")],
            [.metricName("requests_total"), try LabelMatcher("code", .notEqual, "200")],
            [.metricName("other_total")],
        ]
        for matchers in selectors {
            let fresh = store.series.filter { s in matchers.allSatisfy { $0.matches(s.labels) } }.sorted { $0.labels < $1.labels }
            XCTAssertEqual(store.select(matchers), fresh, "\(matchers)")
            XCTAssertEqual(store.select(matchers), fresh, "second (cached) answer for \(matchers)")
        }
        XCTAssertEqual(store.cachedSelectionCount, selectors.count)
    }

    func testARegexIsCompiledOnceAndABadOneFailsEveryTime() throws {
        let first = try LabelMatcher("code", .regex, "4.|5..")
        let second = try LabelMatcher("code", .regex, "4.|5..")
        XCTAssertTrue(first.matches(value: "503") && second.matches(value: "41"))
        XCTAssertFalse(second.matches(value: "1503"), "still anchored")
        for _ in 0..<2 { XCTAssertThrowsError(try LabelMatcher("code", .regex, "5(")) }
    }
}
