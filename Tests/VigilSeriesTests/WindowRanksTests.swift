import VigilEngines
import XCTest
@testable import VigilSeries

/// `WindowRanks` keeps small windows as a sorted array and large ones in a treap; both must
/// give every rank exactly as sorting the window's values (NaN first, ties kept) does.
final class WindowRanksTests: XCTestCase {
    func testEveryRankMatchesASortedCopyAcrossBothForms() {
        var random = SplitMix64(seed: 7_2026)
        var ranks = WindowRanks()
        var window: [(value: Double, id: Int)] = []  // in arrival order, as a sliding window holds them
        var nextID = 0, sawTree = false, sawArrayAfterTree = false
        // Grow past the array limit, shrink back below it, grow again; then empty.
        let targets = [300, WindowRanks.arrayLimit + 200, 100, WindowRanks.arrayLimit + 50]
        for target in targets {
            while window.count != target {
                // Mostly toward the target, sometimes against it, so both moves interleave.
                let towardTarget = Int.random(in: 0..<4, using: &random) != 0
                if window.isEmpty || (window.count < target) == towardTarget {
                    let roll = Int.random(in: 0..<50, using: &random)
                    let value = roll == 0 ? Double.nan : Double(Int.random(in: 0..<40, using: &random))  // ties
                    ranks.insert(value, id: nextID)
                    window.append((value, nextID))
                    nextID += 1
                } else {
                    let oldest = window.removeFirst()
                    ranks.remove(oldest.value, id: oldest.id)
                }
                if window.count % 97 == 0 { check(ranks, window) }
            }
            check(ranks, window)
            sawTree = sawTree || ranks.usesTree
            if sawTree && !ranks.usesTree { sawArrayAfterTree = true }
        }
        XCTAssertTrue(sawTree, "the window never grew into the tree form")
        XCTAssertFalse(sawArrayAfterTree, "a grown window stays a tree until emptied")
        ranks.removeAll()
        XCTAssertEqual(ranks.count, 0)
        XCTAssertFalse(ranks.usesTree)
        ranks.insert(1, id: 0)
        XCTAssertEqual(ranks.value(atRank: 0), 1)
    }

    func testRemovingAnAbsentSampleChangesNothing() {
        var ranks = WindowRanks()
        ranks.insert(2, id: 1)
        ranks.remove(2, id: 9)
        ranks.remove(5, id: 1)
        XCTAssertEqual(ranks.count, 1)
    }

    private func check(_ ranks: WindowRanks, _ window: [(value: Double, id: Int)], line: UInt = #line) {
        let expected = window.sorted {
            Statistics.nanFirstLess($0.value, $1.value) || (!Statistics.nanFirstLess($1.value, $0.value) && $0.id < $1.id)
        }.map(\.value)
        XCTAssertEqual(ranks.count, expected.count, line: line)
        for (rank, value) in expected.enumerated() {
            let got = ranks.value(atRank: rank)
            XCTAssert(got == value || (got.isNaN && value.isNaN), "rank \(rank): \(got) vs \(value)", line: line)
        }
    }
}
