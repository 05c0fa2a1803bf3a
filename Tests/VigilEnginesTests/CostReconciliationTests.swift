import VigilSeries
import XCTest
@testable import VigilEngines

/// Usage-derived and billed costs fed together, and idle resources, against hand sums.
final class CostReconciliationTests: XCTestCase {
    private let hour: Timestamp = 3_600_000
    private let day = CostCalendar.dayMs

    private func counter(_ operation: String, _ values: [Double], every: Timestamp, tenant: String = "search") -> UsageCounter {
        UsageCounter(tenant: tenant, operation: operation, capability: nil, usage: "api_call",
                     timestamps: values.indices.map { Timestamp($0) * every }, values: values)
    }

    private func bill(_ operation: String, day n: Int, _ amount: Double, resource: String? = nil) -> Charge {
        Charge(tenant: "search", operation: operation, capability: nil, amount: amount, start: Timestamp(n) * day,
               end: Timestamp(n + 1) * day, source: .billed(service: "Amazon EC2"), resource: resource)
    }

    func testTheBillIsAuthoritativeForTheTimeItCoversAndUsageCountsElsewhere() throws {
        // $1 a unit, one unit an hour, sampled every 5 h for 50 h: ten $5 steps. A $30 bill
        // covers day 0 of operation "a": the step (20 h, 25 h] is 4 h inside it, 1 h after.
        // Hand sum over [0, 50 h): $30 billed + 26 h of usage after midnight = $56.
        let prices = try PriceTable(["api_call": 1])
        let usage = try prices.charges(counter("a", (0...10).map { Double($0) * 5 }, every: 5 * hour))
            + prices.charges(counter("b", (0...10).map { Double($0) * 5 }, every: 5 * hour))
            + prices.charges(counter("a", (0...10).map { Double($0) * 5 }, every: 5 * hour, tenant: "web"))
        let ledger = CostLedger(CostReconciliation.reconcile(usage: usage, billed: [bill("a", day: 0, 30)]))
        let a = ChargeFilter(tenant: "search", operation: "a")
        XCTAssertEqual(ledger.total(a, from: 0, to: 50 * hour), 56, accuracy: 1e-9)
        XCTAssertEqual(ledger.total(a, from: 0, to: day), 30, accuracy: 1e-9)
        XCTAssertEqual(ledger.total(a, from: day, to: 25 * hour), 1, accuracy: 1e-9)
        // Use is still known where the bill is authoritative: 50 units over the 50 hours.
        XCTAssertEqual(ledger.charges.filter(a.matches).reduce(0) { $0 + $1.quantity(from: 0, to: 50 * hour) }, 50,
                       accuracy: 1e-9)
        // Another operation, and the same operation of another tenant, have no bill: usage stands.
        XCTAssertEqual(ledger.total(ChargeFilter(tenant: "search", operation: "b"), from: 0, to: 50 * hour), 50, accuracy: 1e-9)
        XCTAssertEqual(ledger.total(ChargeFilter(tenant: "web"), from: 0, to: 50 * hour), 50, accuracy: 1e-9)
        XCTAssertEqual(ledger.total(ChargeFilter(), from: 0, to: 50 * hour), 156, accuracy: 1e-9)
    }

    func testAnIdleResourceIsBilledWhileItsOperationStoppedBeingUsed() throws {
        // "vm" makes 1000 calls a day on days 0–6, none on days 7–13, while its instance i-123
        // bills $5 a day throughout; "db" is still used and its volume billed $2 a day.
        let prices = try PriceTable(["api_call": 0.0001])
        let vm = (0...14).map { Double(min($0, 7)) * 1000 }, db = (0...14).map { Double($0) * 1000 }
        let usage = try prices.charges(counter("vm", vm, every: day)) + prices.charges(counter("db", db, every: day))
        let bills = (0..<14).flatMap { [bill("vm", day: $0, 5, resource: "i-123"), bill("db", day: $0, 2, resource: "vol-9")] }
        let ledger = CostLedger(CostReconciliation.reconcile(usage: usage, billed: bills))
        let found = CostAdvisor().recommendations(ledger, tenant: "search", now: 14 * day)
        XCTAssertEqual(found.map(\.kind), [.idle])
        let idle = try XCTUnwrap(found.first)
        XCTAssertEqual(idle.operation, "vm")
        // Its whole bill, $5 a day, for 30 days.
        XCTAssertEqual(idle.monthlySaving, 150)
        XCTAssertEqual(idle.evidence, "i-123 (Amazon EC2) billed $5.00 a day over the last 7 days while vm used 0 units, "
                        + "against 7000 in the 7 days before")
        XCTAssertEqual(idle.action, "stop or delete i-123 if vm no longer needs it")
        // A week after the last bill there is nothing billed to save.
        XCTAssertTrue(CostAdvisor().recommendations(ledger, tenant: "search", now: 21 * day).filter { $0.kind == .idle }.isEmpty)
    }
}
