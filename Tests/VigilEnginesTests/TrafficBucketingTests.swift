import XCTest
@testable import VigilEngines

final class TrafficBucketingTests: XCTestCase {
    private struct MurmurFixture: Decodable {
        struct Case: Decodable {
            let input: String
            let seed: UInt32
            let hash: UInt32
        }
        let cases: [Case]
    }

    func testMurmurHash3MatchesReferenceVectors() throws {
        let fixture = try loadFixture("murmur3.json", as: MurmurFixture.self)
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 15)
        for testCase in fixture.cases {
            XCTAssertEqual(MurmurHash3.x86_32(testCase.input, seed: testCase.seed), testCase.hash,
                           "\(testCase.input.debugDescription) seed \(testCase.seed)")
        }
    }

    func testPublishedVectorsInline() {
        // The two vectors the brief names, kept inline so a broken fixture cannot hide them.
        XCTAssertEqual(MurmurHash3.x86_32(""), 0)
        XCTAssertEqual(MurmurHash3.x86_32("hello"), 0x248b_fa47)
    }

    func testBucketIsHashOfCanaryColonKeyModTenThousand() {
        let expected = Int(MurmurHash3.x86_32("checkout:user-42") % 10_000)
        XCTAssertEqual(TrafficBucketing.bucket(canary: "checkout", key: "user-42"), expected)
        XCTAssertNotEqual(TrafficBucketing.bucket(canary: "checkout", key: "user-42"),
                          TrafficBucketing.bucket(canary: "search", key: "user-42"),
                          "different canaries should split the same user independently")
    }

    func testKeyInsideAtSomeWeightStaysInsideAtEveryLargerWeight() throws {
        let weights = stride(from: 0.0, through: 1.0, by: 0.05).map { $0 }
        for index in 0..<2_000 {
            let key = "user-\(index)"
            var wasInside = false
            for weight in weights {
                let inside = try TrafficBucketing.routesToCandidate(canary: "checkout", key: key, weight: weight)
                XCTAssertFalse(wasInside && !inside, "\(key) left the candidate when the weight rose to \(weight)")
                wasInside = inside
            }
            XCTAssertTrue(wasInside, "at 100% every key goes to the candidate")
        }
    }

    func testZeroWeightRoutesNobody() throws {
        for index in 0..<1_000 {
            XCTAssertFalse(try TrafficBucketing.routesToCandidate(canary: "c", key: "k\(index)", weight: 0))
        }
    }

    func testShareOverOneHundredThousandKeysIsWithinOnePoint() throws {
        let keyCount = 100_000
        let buckets = (0..<keyCount).map { TrafficBucketing.bucket(canary: "checkout", key: "user-\($0)") }
        for weight in [0.01, 0.10, 0.50] {
            let inside = buckets.filter { Double($0) < weight * 10_000 }.count
            let share = Double(inside) / Double(keyCount)
            XCTAssertEqual(share, weight, accuracy: 0.01, "share at weight \(weight)")
        }
    }

    func testWeightOutsideZeroToOneIsAClearError() {
        for bad in [-0.1, 1.5, Double.nan, Double.infinity] {
            XCTAssertThrowsError(try TrafficBucketing.routesToCandidate(canary: "c", key: "k", weight: bad)) { error in
                XCTAssertTrue("\(error)".contains("between 0% and 100%"), "\(error)")
            }
        }
    }
}
