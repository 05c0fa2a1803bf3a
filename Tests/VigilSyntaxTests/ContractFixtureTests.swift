import XCTest
@testable import VigilSyntax

/// Every snippet of the language contract parses cleanly and formats idempotently.
final class ContractFixtureTests: XCTestCase {
    func testContractSnippetsParseWithoutDiagnostics() throws {
        let fixtures = try TestSupport.contractFixtures()
        XCTAssertEqual(fixtures.count, 8)
        for (name, text) in fixtures {
            let diagnostics = TestSupport.parse(text, path: name).1
            XCTAssertTrue(diagnostics.isEmpty, "\(name):\n" + diagnostics.map { $0.render() }.joined(separator: "\n"))
        }
    }

    func testContractSnippetsRoundTripThroughFormatter() throws {
        for (name, text) in try TestSupport.contractFixtures() {
            if let failure = TestSupport.roundTripFailure(text) { XCTFail("\(name): \(failure)") }
        }
    }
}
