import XCTest
import VigilEngines
import VigilLib
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// Canaries driven through the language by the simulator on a virtual clock.
final class CanaryTests: XCTestCase {
    static let minute: Timestamp = 60_000

    /// A checkout canary (10% → 50% → 100%, bake 10m, every 1m) with `rules` and a
    /// `simulate` block holding `simulation`.
    func program(rules: String, simulation: String, extra: String = "") -> String {
        """
        service checkout {
          signal error_rate = ratio(series("http_requests_total", service: "checkout", code: ~"5.."),
                                    series("http_requests_total", service: "checkout"), 1m)
          signal latency_p95 = series("http_request_duration_seconds", service: "checkout", quantile: "0.95")
        }
        canary checkout {
          stable "v1"
          candidate "v2"
          steps 10%, 50%, 100%
          bake 10m
          every 1m
        \(rules)
        }
        simulate {
          seed 3
          traffic 100
        \(simulation)
        }
        \(extra)
        """
    }

    /// Loads and runs the program's canary; returns the run and the session.
    func run(_ source: String, database: VigilDatabase? = nil) throws -> (CanaryRun, VigilSession) {
        let (program, diagnostics) = Parser.parse(SourceFile(path: "canary.vigil", text: source))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        let session = VigilSession()
        session.canaries.printsTimeline = false
        if let database { session.canaries.openDatabase = { database } }
        try session.load(program)
        try session.interpreter.run()
        let runs = try session.canaries.runAll()
        return (try XCTUnwrap(runs.first), session)
    }

    func rolledBackAt(_ run: CanaryRun) -> Timestamp? {
        run.coordinator.events.first { if case .rolledBack = $0.kind { return true }; return false }?.time
    }

    func testFaultyCandidateRollsBackBetweenForAndForPlusEveryAfterTheFault() throws {
        let (run, _) = try run(program(rules: "when error_rate > baseline + 0.5% for 5m then rollback",
                                       simulation: "fault error_rate(5%, at: 2m)"))
        XCTAssertEqual(run.coordinator.status, .rolledBack)
        XCTAssertEqual(run.coordinator.weight, 0)
        let at = try XCTUnwrap(rolledBackAt(run))
        let fault = 2 * Self.minute, holdFor = 5 * Self.minute, every = Self.minute
        XCTAssertGreaterThanOrEqual(at, fault + holdFor)
        XCTAssertLessThanOrEqual(at, fault + holdFor + every)
        // Still at the first step: 10% was the only weight the candidate ever had.
        XCTAssertFalse(run.coordinator.events.contains { if case .stepStarted(1, _) = $0.kind { return true }; return false })
        guard case .rolledBack(.rules(let trips))? = run.coordinator.events.last?.kind else { return XCTFail("no rollback event") }
        XCTAssertEqual(trips.first?.rule, "error_rate > baseline + 0.5%")
        XCTAssertTrue(trips.first?.observed.contains { $0.name == "error_rate" && $0.value > 0.03 } ?? false)
        XCTAssertTrue(trips.first?.observed.contains { $0.name == "baseline error_rate" && $0.value < 0.005 } ?? false)
    }

    func testHealthyCandidateIsPromotedAfterStepsTimesBake() throws {
        let (run, _) = try run(program(rules: """
          when error_rate > baseline + 0.5% for 5m then rollback
          when latency_p95 > baseline * 150% for 5m then rollback
        """, simulation: ""))
        XCTAssertEqual(run.coordinator.status, .promoted)
        XCTAssertEqual(run.coordinator.weight, 1)
        XCTAssertEqual(run.coordinator.events.last?.time, 3 * 10 * Self.minute)
    }

    func testCandidateWithoutTrafficIsNeverPromotedAndSaysWhy() throws {
        let (run, _) = try run(program(rules: "when error_rate > baseline + 0.5% for 5m then rollback",
                                       simulation: "fault no_traffic(at: 0s)\nduration 2h"))
        XCTAssertNotEqual(run.coordinator.status, .promoted)
        XCTAssertNotEqual(run.coordinator.weight, 1)
        guard case .paused(.inconclusive(let causes)) = run.coordinator.status else {
            return XCTFail("expected a pause, got \(run.coordinator.status)")
        }
        XCTAssertTrue(causes.contains(.noCandidateTraffic))
        XCTAssertTrue(run.timeline.contains { $0.contains("no candidate traffic") })
    }

    /// The latency rule is `latency_p95 > baseline * 150%` with a strict `>`. A +50%
    /// regression lands exactly on the threshold, so the simulator runs with
    /// `latency_spread 0` (every request takes the median times the fault's factor): then
    /// +55% is above the threshold at every tick and must trip, while +20% and +45% are
    /// below at every tick and must not. With noise, ±5 points from the threshold would be
    /// decided by the seed rather than by the rule.
    func testLatencyRegressionAbove150PercentTripsAndSmallerOnesDoNot() throws {
        func status(_ factor: String) throws -> CanaryStatus {
            try run(program(rules: "when latency_p95 > baseline * 150% for 5m then rollback",
                            simulation: "latency_spread 0\nfault latency(\(factor), at: 0s)")).0.coordinator.status
        }
        XCTAssertEqual(try status("155%"), .rolledBack)
        XCTAssertEqual(try status("145%"), .promoted)
        XCTAssertEqual(try status("120%"), .promoted)
    }

    /// Exactly +50% sits on `baseline * 150%`: the strict rule holds the release and the
    /// inclusive one (`>=`) rolls it back, with +20% promoted under both. Which comparison
    /// a team wants at the boundary is theirs to write; the engine does not round it.
    func testAFiftyPercentRegressionTripsTheInclusiveRuleExactlyAtTheBoundary() throws {
        func status(_ comparison: String, _ factor: String) throws -> CanaryStatus {
            try run(program(rules: "when latency_p95 \(comparison) baseline * 150% for 5m then rollback",
                            simulation: "latency_spread 0\nfault latency(\(factor), at: 0s)")).0.coordinator.status
        }
        XCTAssertEqual(try status(">=", "150%"), .rolledBack)
        XCTAssertEqual(try status(">", "150%"), .promoted)
        XCTAssertEqual(try status(">=", "120%"), .promoted)
    }

    func testKillSwitchZeroesTrafficAtOnce() throws {
        let (run, _) = try run(program(rules: "when error_rate > 2% then kill_switch",
                                       simulation: "fault error_rate(5%, at: 2m)"))
        XCTAssertEqual(run.coordinator.status, .killed)
        XCTAssertEqual(run.coordinator.weight, 0)
        let kill = try XCTUnwrap(run.coordinator.events.first { $0.kind == .killSwitch })
        // The first tick that sees the fault (3m) pulls it; the weight drops at that instant.
        XCTAssertEqual(kill.time, 3 * Self.minute)
        XCTAssertTrue(run.coordinator.events.contains { $0.time == kill.time && $0.kind == .weightChanged(from: 0.1, to: 0) })
    }

    func testDeploymentsArePersistedAndReadBack() throws {
        let database = try VigilDatabase.inMemory()
        let (_, session) = try run(program(rules: "when error_rate > baseline + 0.5% for 5m then rollback",
                                           simulation: "fault error_rate(5%, at: 2m)"), database: database)
        let deployment = try XCTUnwrap(try database.deployments.deployments(service: "checkout").last)
        XCTAssertEqual(deployment.status, .rolledBack)
        XCTAssertEqual(deployment.previousVersion, "v1")
        let events = try database.deployments.rollbackEvents(deployment.id)
        XCTAssertEqual(events.first?.rule, "error_rate > baseline + 0.5%")
        XCTAssertEqual(try database.deployments.trafficChanges(deployment.id).map(\.toWeight), [10, 0])
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        let (program, _) = Parser.parse(SourceFile(path: "q.vigil", text: """
            let d = last_deployment("checkout")
            print(d.version, d.previous, d.status, d.age, len(deployments("checkout")))
            """))
        session.interpreter.options.now = Date(timeIntervalSince1970: 3600)
        try session.load(program)
        try session.interpreter.run()
        XCTAssertEqual(printed.last, "v2 v1 rolled_back 1h 1")
    }

    func testLastDeploymentIsTheNewest() throws {
        let database = try VigilDatabase.inMemory()
        let older = try database.deployments.create(service: "checkout", version: "v1", strategy: .canary, at: 0)
        try database.deployments.transition(older.id, to: .promoted, at: Self.minute)
        try database.deployments.create(service: "checkout", version: "v2", strategy: .canary, at: 60 * Self.minute)
        let session = VigilSession()
        session.canaries.openDatabase = { database }
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        let (program, _) = Parser.parse(SourceFile(path: "q.vigil", text: """
            let d = last_deployment("checkout")
            print(d.version, d.previous, d.age)
            """))
        session.interpreter.options.now = Date(timeIntervalSince1970: 90 * 60)
        try session.load(program)
        try session.interpreter.run()
        XCTAssertEqual(printed, ["v2 v1 30m"])
    }

    func testBucketsAreStableAndRoutingFollowsTheWeight() throws {
        // Inside the canary (its `on promote` hook) the key is salted with the canary's name.
        let session = VigilSession()
        session.canaries.printsTimeline = false
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        try session.load(Parser.parse(SourceFile(path: "canary.vigil", text: program(
            rules: "  on promote print(bucket(\"user-42\"), bucket(\"user-42\", salt: \"other\"))", simulation: ""))).0)
        XCTAssertEqual(try session.canaries.runAll().first?.coordinator.status, .promoted)
        let (program, _) = Parser.parse(SourceFile(path: "b.vigil", text: """
            print(bucket("user-42", canary: "checkout"), routes_to_candidate("checkout", "user-42"))
            """))
        try session.load(program)
        try session.interpreter.run()
        // The promoted canary sends everyone to the candidate.
        let salted = TrafficBucketing.bucket(canary: "checkout", key: "user-42")
        let other = TrafficBucketing.bucket(key: "user-42", salt: "other")
        XCTAssertEqual(printed, ["\(salted) \(other)", "\(salted) true"])
    }

    /// `bucket(key)` works anywhere (LANGUAGE.md §6): unsalted outside a canary, salted with
    /// `salt:`, or with the canary's name inside one.
    func testBucketOutsideACanaryHashesTheKeyOrItsSalt() throws {
        let session = VigilSession()
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        try session.load(Parser.parse(SourceFile(path: "b.vigil", text: """
            print(bucket("user-42"), bucket("user-42", salt: "checkout"), bucket("user-42", canary: "checkout"))
            """)).0)
        try session.interpreter.run()
        let plain = Int(MurmurHash3.x86_32("user-42") % 10_000), salted = Int(MurmurHash3.x86_32("checkout:user-42") % 10_000)
        XCTAssertEqual(printed, ["\(plain) \(salted) \(salted)"])
        XCTAssertNotEqual(plain, salted)
        try session.load(Parser.parse(SourceFile(path: "c.vigil", text: "bucket(\"u\", salt: \"a\", canary: \"b\")\n")).0)
        XCTAssertThrowsError(try session.interpreter.run()) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "`bucket` takes `salt:` or `canary:`, not both")
        }
    }
}
