import XCTest
import VigilEngines
@testable import VigilLib
import VigilRuntime
import VigilStore
import VigilSyntax

/// A canary with a `traffic` target off the live clock (here the simulator): every weight
/// change goes through the traffic actions and is journaled as recorded; nothing is sent
/// (the target's port has no server, so sending would fail the run).
final class CanaryTrafficRecordTests: XCTestCase {
    private static let traffic = "traffic haproxy(\"127.0.0.1:1\", backend: \"checkout\", stable: \"s1\", candidate: \"s2\")"

    private func run(_ body: String) throws -> (CanaryRun?, VigilDatabase, Error?) {
        let database = try VigilDatabase.inMemory()
        let (_, run, error) = try CanaryFixture.stored(CanaryFixture.program("\(Self.traffic)\n\(body)", seed: 3), in: database)
        return (run, database, error)
    }

    func testEveryWeightChangeIsJournaledAsRecordedAndNothingIsSent() throws {
        let (run, database, error) = try run("steps 10%, 50%, 100%\nbake 5m")
        XCTAssertNil(error)
        let canary = try XCTUnwrap(run)
        XCTAssertEqual(canary.coordinator.status, .promoted)
        let changes = try XCTUnwrap(canary.traffic).changes
        XCTAssertEqual(changes.map(\.weights), [["s1": 90, "s2": 10], ["s1": 50, "s2": 50], ["s1": 0, "s2": 100]])
        XCTAssertEqual(changes.map(\.outcome), [.recorded, .recorded, .recorded])
        let journal = try database.journal.entries().filter { $0.action.kind == "set_weight" }
        XCTAssertEqual(journal.map(\.state), [.planned, .planned, .planned], "recorded, never to be delivered")
        XCTAssertEqual(Set(journal.map(\.destination)), ["HAProxy 127.0.0.1:1 backend checkout"])
        XCTAssertEqual(journal.map(\.action.call), ["set_weight(\"checkout\", s1 90, s2 10)", "set_weight(\"checkout\", s1 50, s2 50)",
                                                    "set_weight(\"checkout\", s1 0, s2 100)"])
        XCTAssertEqual(Set(journal.map(\.key)).count, 3, "each change has its own idempotency key")
        XCTAssertTrue(canary.timeline.contains { $0.contains("traffic: HAProxy 127.0.0.1:1 backend checkout s1 50, s2 50 (recorded, not sent: simulated run)") },
                      canary.timeline.joined(separator: "\n"))
    }

    func testAStepThatIsNotAWholePercentIsRefusedAtSteps() throws {
        let (_, database, error) = try run("steps 2.5%, 100%\nbake 5m")
        let e = try XCTUnwrap(error as? RuntimeError)
        XCTAssertEqual(e.message, "canary `checkout`: step 2.5% cannot be sent to HAProxy 127.0.0.1:1 backend checkout: "
                       + "2.5% is not a whole percent; traffic targets take whole percents")
        XCTAssertEqual(e.diagnostic.render().contains("steps 2.5%"), true, e.diagnostic.render())
        XCTAssertEqual(try database.journal.entries().count, 0, "nothing moved")
    }
}
