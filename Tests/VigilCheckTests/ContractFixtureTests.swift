import VigilCheck
import VigilSyntax
import XCTest

final class ContractFixtureTests: XCTestCase {
    func testPrint() {
        for name in ["canary", "cost", "policy", "rules", "runbook", "service", "slo", "test"] {
            print("== \(name)")
            for s in summaries(checkSource(fixture(name))) { print(s) }
            print("-- core only")
            for s in summaries(checkSource(fixture(name), features: [.core])) { print(s) }
        }
    }
}
