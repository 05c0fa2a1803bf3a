import Foundation
import VigilActions
import VigilEngines
import XCTest

/// The journal's JSON of an action, written by hand, held against Foundation's coders: what
/// `JSONDecoder` reads back is the action, and its members are those `JSONEncoder` writes.
final class ActionJSONTests: XCTestCase {
    func testAnActionIsWrittenWithItsMembersInKeyOrder() {
        let action = Action(kind: "webhook", target: "https://hooks.example/x", call: "webhook(\"https://hooks.example/x\")",
                            labelSet: "{service=\"checkout\"}", labels: ["service": "checkout", "alertname": "slow"],
                            annotations: ["summary": "p95 \"slow\"\n"], observed: "p95 = 1.2s > 1s",
                            origin: .init(kind: .step, name: "rollback", trigger: "notify"), time: 1_736_944_800_000,
                            body: "{\"a\":1}", key: IdempotencyKey(text: "step:rollback|{}|notify|1|1"), heldBy: "slow")
        XCTAssertEqual(action.journalJSON, #"""
            {"annotations":{"summary":"p95 \"slow\"\n"},"body":"{\"a\":1}","call":"webhook(\"https://hooks.example/x\")","heldBy":"slow","key":{"text":"step:rollback|{}|notify|1|1"},"kind":"webhook","labelSet":"{service=\"checkout\"}","labels":{"alertname":"slow","service":"checkout"},"observed":"p95 = 1.2s > 1s","origin":{"kind":"step","name":"rollback","trigger":"notify"},"target":"https://hooks.example/x","time":1736944800000}
            """#)
    }

    func testWithoutABodyOrAHolderThoseMembersAreLeftOutAsJSONEncoderLeavesThemOut() throws {
        let action = Action(kind: "page", target: "oncall", call: "page(\"oncall\")", origin: .init(kind: .rule, name: "r", trigger: "fired"),
                            time: -5, key: IdempotencyKey(text: "k"))
        XCTAssertEqual(try Self.members(action.journalJSON), try Self.members(String(decoding: try JSONEncoder().encode(action), as: UTF8.self)))
        XCTAssertFalse(action.journalJSON.contains("body"))
        XCTAssertFalse(action.journalJSON.contains("heldBy"))
        XCTAssertEqual(try JSONDecoder().decode(Action.self, from: Data(action.journalJSON.utf8)), action)
    }

    /// Strings with quotes, backslashes, every control character, slashes and text beyond
    /// ASCII, in every member: each action reads back as itself.
    func testGeneratedActionsReadBackAsThemselves() throws {
        var random = SplitMix64(seed: 8)
        let pieces = ["a", "\"", "\\", "/", "é", "🚀", "e\u{301}", " ", "{", "}", ":", ",", "\u{7f}", "\u{2028}"]
            + (0..<32).map { String(UnicodeScalar(UInt8($0))) }
        func text() -> String { (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() }
        func dictionary() -> [String: String] {
            Dictionary((0..<Int.random(in: 0...4, using: &random)).map { _ in (text(), text()) }) { first, _ in first }
        }
        let kinds: [Action.Origin.Kind] = [.rule, .step, .canary, .script]
        for _ in 0..<2_000 {
            let action = Action(kind: text(), target: text(), call: text(), labelSet: text(), labels: dictionary(),
                                annotations: dictionary(), observed: text(),
                                origin: .init(kind: kinds.randomElement(using: &random)!, name: text(), trigger: text()),
                                time: Int64.random(in: .min ... .max, using: &random),
                                body: Bool.random(using: &random) ? text() : nil, key: IdempotencyKey(text: text()),
                                heldBy: Bool.random(using: &random) ? text() : nil)
            let json = action.journalJSON
            XCTAssertEqual(try JSONDecoder().decode(Action.self, from: Data(json.utf8)), action, json)
            XCTAssertEqual(try Self.members(json), try Self.members(String(decoding: try JSONEncoder().encode(action), as: UTF8.self)))
        }
    }

    /// The object's member names, as `JSONSerialization` reads them.
    private static func members(_ json: String) throws -> [String] {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return object.keys.sorted()
    }
}
