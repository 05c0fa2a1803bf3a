import XCTest
import VigilSeries
@testable import VigilRules

/// A rule evaluation given as a list of label sets (a vector's elements) must do exactly
/// what the same conditions given as a dictionary do, including label sets left out.
final class ConditionListTests: XCTestCase {
    func testTheListFormAgreesWithTheDictionaryFormOnRandomInputs() {
        let sets = ["a", "b", "c", "d"].map { Labels(["instance": $0]) }
        var generator = SplitMix(state: 2026)
        for round in 0..<50 {
            var byList = RuleStateMachine(for: 2 * m, keepFiringFor: m)
            var byDictionary = RuleStateMachine(for: 2 * m, keepFiringFor: m)
            var time: Timestamp = 0
            for _ in 0..<60 {
                var conditions: [Labels: Bool?] = [:]
                for labels in sets where Int.random(in: 0..<5, using: &generator) != 0 {  // sometimes left out
                    conditions[labels] = [true, true, false, nil].randomElement(using: &generator)!
                }
                let list = conditions.sorted { $0.key < $1.key }.map { (labels: $0.key, condition: $0.value) }
                let fromList = byList.evaluate(at: time, each: list)
                let fromDictionary = byDictionary.evaluate(at: time, conditions: conditions)
                XCTAssertEqual(fromList, fromDictionary, "round \(round) at \(time)")
                // Sometimes the same time again, which both must treat alike.
                time += Int.random(in: 0..<6, using: &generator) == 0 ? 0 : 30 * s
            }
        }
    }

    func testALabelSetLeftOutOfTheListIsHeldAsNodata() {
        var rule = RuleStateMachine()
        let a = Labels(["instance": "a"]), b = Labels(["instance": "b"])
        _ = rule.evaluate(at: 0, each: [(a, true), (b, true)])
        let evaluation = rule.evaluate(at: 30 * s, each: [(a, false)])
        XCTAssertEqual(evaluation.transitions.map(\.labels), [a])
        XCTAssertEqual(rule.status(of: b)?.state, .firing)
        XCTAssertEqual(rule.status(of: b)?.isNoData, true)
        XCTAssertNil(rule.status(of: a))
    }
}

/// A seeded generator, so a failing round can be reproduced.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
