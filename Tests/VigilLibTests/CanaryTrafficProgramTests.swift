import Foundation
import VigilActions
import VigilEngines
@testable import VigilLib
import VigilRuntime
import VigilStore
import VigilSyntax
import XCTest

/// `traffic exec("PROGRAM", args…, read: […])`: only a program `--allow-exec` names may be a
/// canary's traffic target; off the live clock its changes are recorded, on it each change
/// runs the program with the weights in place of `$candidate` and `$stable`, and the
/// read-back command must print the weight just set. The programs here are real scripts in
/// a temporary directory that keep the candidate's weight in a file.
final class CanaryTrafficProgramTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("traffic-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// `set-weights BACKEND STABLE CANDIDATE` keeps the candidate's weight; `get-weight` prints
    /// it, or `reads` when given (a router that ignored the change).
    private func writeScripts(reads: String? = nil, setFails: Bool = false) throws {
        let state = directory.appendingPathComponent("weight").path
        try script("set-weights", setFails ? "echo \"no such backend: $1\" >&2; exit 3" : "echo \"$3\" > \(state); echo \"$1: $2/$3\"")
        try script("get-weight", reads.map { "echo \($0)" } ?? "cat \(state)")
        try "0\n".write(toFile: state, atomically: true, encoding: .utf8)
    }

    private func script(_ name: String, _ body: String) throws {
        let path = directory.appendingPathComponent(name).path
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    private static let traffic = #"traffic exec("set-weights", "checkout", "$stable", "$candidate", read: ["get-weight", "checkout"])"#

    /// Loads the canary and runs it on the simulator (its changes recorded) with `allowed`
    /// as `--allow-exec` resolves them on a PATH of the test's directory alone.
    private func simulated(_ traffic: String = traffic, allowed: [String]) throws -> (VigilSession, CanaryRun?, VigilDatabase, Error?) {
        let database = try VigilDatabase.inMemory()
        let (session, run, error) = try CanaryFixture.stored(CanaryFixture.program("\(traffic)\nsteps 10%, 50%, 100%\nbake 5m", seed: 3),
                                                            in: database) { [directory] session in
            session.runbooks.options.allowedPrograms = AllowedPrograms(allowed, path: directory.path)
        }
        return (session, run, database, error)
    }

    /// The canary's traffic actions as a live run makes them: the programs resolved, each change sent.
    private func delivering(_ session: VigilSession, _ run: CanaryRun, _ database: VigilDatabase) throws -> TrafficActions {
        let interpreter = session.interpreter
        let target = try TrafficTarget(try XCTUnwrap(run.plan.traffic), plan: run.plan, trust: .system,
                                       programs: session.runbooks.options.allowedPrograms, execTimeout: 5, resolve: true) {
            try interpreter.evaluate(try interpreter.compile($0, in: run.plan.file), at: interpreter.evaluation)
        }
        return TrafficActions(target: target, plan: run.plan, mode: .deliver, journal: database.journal, runStart: 1_000)
    }

    func testOffTheLiveClockEveryChangeIsRecordedAndNoProgramRuns() throws {
        let (_, run, database, error) = try simulated(allowed: ["set-weights", "get-weight"])
        XCTAssertNil(error)
        let canary = try XCTUnwrap(run)
        XCTAssertEqual(canary.coordinator.status, .promoted)
        let changes = try XCTUnwrap(canary.traffic).changes
        XCTAssertEqual(changes.map(\.weights), [["v1": 90, "v2": 10], ["v1": 50, "v2": 50], ["v1": 0, "v2": 100]])
        XCTAssertEqual(changes.map(\.outcome), [.recorded, .recorded, .recorded])
        let journal = try database.journal.entries().filter { $0.action.kind == "set_weight" }
        XCTAssertEqual(journal.map(\.state), [.planned, .planned, .planned])
        XCTAssertEqual(Set(journal.map(\.destination)), ["program set-weights"])
        XCTAssertTrue(canary.timeline.contains("+0s       traffic: program set-weights v1 90, v2 10 (recorded, not sent: simulated run)"),
                      canary.timeline.joined(separator: "\n"))
    }

    func testAProgramTheCommandLineDoesNotAllowIsRefusedAtItsName() throws {
        let (_, run, database, error) = try simulated(allowed: ["get-weight"])
        XCTAssertNil(run, "the canary did not start")
        let e = try XCTUnwrap(error as? RuntimeError)
        XCTAssertEqual(e.diagnostic.render(), """
            canary.vigil:10:14: error: `traffic exec`: `set-weights` may not run: only programs named by --allow-exec on the command line can (allowed: `get-weight`); add `--allow-exec set-weights` to allow it
               |
            10 | traffic exec("set-weights", "checkout", "$stable", "$candidate", read: ["get-weight", "checkout"])
               |              ^^^^^^^^^^^^^
               = hint: run it again with `--allow-exec set-weights`
            """)
        XCTAssertEqual(try database.journal.entries().count, 0, "nothing moved")
        let (_, _, _, readError) = try simulated(allowed: ["set-weights"])
        XCTAssertEqual((readError as? RuntimeError)?.message, "`traffic exec`: `get-weight` may not run: only programs named by --allow-exec "
                       + "on the command line can (allowed: `set-weights`); add `--allow-exec get-weight` to allow it")
    }

    func testArgumentsWithoutAPlaceholderAreRefused() throws {
        let (_, _, _, error) = try simulated(#"traffic exec("set-weights", "checkout")"#, allowed: ["set-weights"])
        let e = try XCTUnwrap(error as? RuntimeError)
        XCTAssertEqual(e.message, "`traffic exec` needs $candidate or $stable in its arguments: they are replaced by the weights")
        XCTAssertEqual(e.hint, "e.g. exec(\"set-weights\", \"checkout\", \"$candidate\")")
    }

    func testEachChangeRunsTheProgramReadsTheWeightBackAndIsJournaledWithItsOutput() throws {
        try writeScripts()
        let (session, run, database, _) = try simulated(allowed: ["set-weights", "get-weight"])
        let traffic = try delivering(session, try XCTUnwrap(run), database)
        XCTAssertEqual(try traffic.preflight(), "traffic: program set-weights, v2 weight 0 before the canary")
        XCTAssertEqual(try traffic.apply(to: 0.5, at: 2_000), "traffic: program set-weights v1 50, v2 50, read back")
        XCTAssertEqual(try traffic.apply(to: 1, at: 3_000), "traffic: program set-weights v1 0, v2 100, read back")
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("weight"), encoding: .utf8), "100\n")
        let journal = try database.journal.entries().filter { $0.action.kind == "set_weight" && $0.run == "canary-checkout-1000" }
        XCTAssertEqual(journal.map(\.state), [.delivered, .delivered])
        XCTAssertEqual(journal.map(\.attempts), [1, 1], "each change delivered once")
        let outcome = try XCTUnwrap(journal.last?.outcome).components(separatedBy: "\n")
        XCTAssertEqual(outcome.count, 4, outcome.joined(separator: "\n"))
        XCTAssertTrue(outcome[0].hasPrefix("set-weights checkout 0 100: exit 0 in "), outcome[0])
        XCTAssertEqual(outcome[1], "checkout: 0/100")
        XCTAssertTrue(outcome[2].hasPrefix("get-weight checkout: exit 0 in "), outcome[2])
        XCTAssertEqual(outcome[3], "100")
    }

    func testAWeightThatDoesNotReadBackFailsTheChange() throws {
        try writeScripts(reads: "7")
        let (session, run, database, _) = try simulated(allowed: ["set-weights", "get-weight"])
        let traffic = try delivering(session, try XCTUnwrap(run), database)
        XCTAssertThrowsError(try traffic.apply(to: 0.5, at: 2_000)) { error in
            XCTAssertEqual("\(error)", "traffic: program set-weights could not be set to v1 50, v2 50: "
                           + "`get-weight checkout` reads the candidate at weight 7 after it was set to 50")
        }
        let journal = try database.journal.entries().filter { $0.action.kind == "set_weight" && $0.run == "canary-checkout-1000" }
        XCTAssertEqual(journal.map(\.state), [.deadLetter])
        XCTAssertEqual(journal.first?.error, "`get-weight checkout` reads the candidate at weight 7 after it was set to 50")
        XCTAssertEqual(traffic.changes.map(\.outcome), [.failed("`get-weight checkout` reads the candidate at weight 7 after it was set to 50")])
    }

    func testAProgramThatFailsFailsTheChangeWithWhatItSaid() throws {
        try writeScripts(setFails: true)
        let (session, run, database, _) = try simulated(allowed: ["set-weights", "get-weight"])
        let traffic = try delivering(session, try XCTUnwrap(run), database)
        XCTAssertThrowsError(try traffic.apply(to: 0.1, at: 2_000)) { error in
            XCTAssertEqual("\(error)", "traffic: program set-weights could not be set to v1 90, v2 10: "
                           + "`set-weights checkout 90 10` failed (exit 3): no such backend: checkout")
        }
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("weight"), encoding: .utf8), "0\n", "nothing was set")
    }

    func testAProgramNotOnPathIsRefusedWhenItWouldRun() throws {
        let (session, run, database, _) = try simulated(allowed: ["set-weights", "get-weight"])
        XCTAssertThrowsError(try delivering(session, try XCTUnwrap(run), database)) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "`traffic exec`: `set-weights` is allowed but was not found on PATH")
            XCTAssertEqual((error as? RuntimeError)?.hint, "put it on the PATH vigil runs with")
        }
    }

    /// `env("NAME")` in a program's arguments, alone or joined to text that holds a
    /// placeholder: the program receives the real value (its argument vector, recorded by
    /// the script, proves it), while the journal, the timeline, the dry-run plan, the
    /// output kept and every error show `****`.
    func testASecretArgumentReachesOnlyTheProgram() throws {
        let secret = "tok-\(UUID().uuidString.prefix(8))"
        setenv("VIGIL_TRAFFIC_TOKEN", secret, 1)
        defer { unsetenv("VIGIL_TRAFFIC_TOKEN") }
        let (argv, state) = (directory.appendingPathComponent("argv").path, directory.appendingPathComponent("weight").path)
        // set-weights --token=T BACKEND STABLE --weight=CANDIDATE,key=T; refuses 100, saying its token.
        try script("set-weights", """
            printf '%s\\n' "$*" >> \(argv)
            w=${4#--weight=}; w=${w%%,*}
            if [ "$w" = 100 ]; then echo "refused with $1" >&2; exit 4; fi
            echo "$w" > \(state); echo "set by $1"
            """)
        try script("get-weight", "printf '%s\\n' \"$*\" >> \(argv); cat \(state)")
        try "0\n".write(toFile: state, atomically: true, encoding: .utf8)
        let token = #"env("VIGIL_TRAFFIC_TOKEN")"#
        let traffic = #"traffic exec("set-weights", "--token=" + "# + token + #", "checkout", "$stable", "--weight=$candidate,key=" + "#
            + token + #", read: ["get-weight", "# + token + #", "checkout"])"#
        let (session, run, database, error) = try simulated(traffic, allowed: ["set-weights", "get-weight"])
        XCTAssertNil(error)
        let canary = try XCTUnwrap(run)
        let plan = try CanaryRun.dryRunPlan(plan: canary.plan, session: session, trust: .system)
        XCTAssertEqual(plan.dropFirst(), ["  1. traffic program set-weights: v1 90, v2 10", "  2. traffic program set-weights: v1 50, v2 50",
                                          "  3. traffic program set-weights: v1 0, v2 100", "  on rollback: traffic program set-weights: v1 100, v2 0"])

        let actions = try delivering(session, canary, database)
        XCTAssertEqual(try actions.apply(to: 0.5, at: 2_000), "traffic: program set-weights v1 50, v2 50, read back")
        XCTAssertThrowsError(try actions.apply(to: 1, at: 3_000)) { error in
            XCTAssertEqual("\(error)", "traffic: program set-weights could not be set to v1 0, v2 100: "
                           + "`set-weights --token=**** checkout 0 --weight=100,key=****` failed (exit 4): refused with --token=****")
        }
        XCTAssertEqual(try String(contentsOfFile: argv, encoding: .utf8), """
            --token=\(secret) checkout 50 --weight=50,key=\(secret)
            \(secret) checkout
            --token=\(secret) checkout 0 --weight=100,key=\(secret)

            """, "the programs received the secret, the placeholders replaced around it")
        let journal = try database.journal.entries().filter { $0.action.kind == "set_weight" && $0.run == "canary-checkout-1000" }
        XCTAssertEqual(journal.map(\.state), [.delivered, .deadLetter])
        let outcome = try XCTUnwrap(journal.first?.outcome).components(separatedBy: "\n")
        XCTAssertTrue(outcome[0].hasPrefix("set-weights --token=**** checkout 50 --weight=50,key=****: exit 0 in "), outcome[0])
        XCTAssertEqual(outcome[1], "set by --token=****")
        XCTAssertTrue(outcome[2].hasPrefix("get-weight **** checkout: exit 0 in "), outcome[2])
        XCTAssertEqual(journal.last?.error, "`set-weights --token=**** checkout 0 --weight=100,key=****` failed (exit 4): refused with --token=****")
        let everything = try database.journal.entries().map { "\($0)" } + canary.timeline + plan
        for text in everything { XCTAssertFalse(text.contains(secret), "the secret leaked: \(text)") }
    }

    func testASecretCannotNameTheProgramOrTheAddress() throws {
        setenv("VIGIL_TRAFFIC_TOKEN", "set-weights", 1)
        defer { unsetenv("VIGIL_TRAFFIC_TOKEN") }
        let (_, run, _, error) = try simulated(#"traffic exec(env("VIGIL_TRAFFIC_TOKEN"), "$candidate")"#, allowed: ["set-weights"])
        XCTAssertNil(run, "the canary did not start")
        let e = try XCTUnwrap(error as? RuntimeError)
        XCTAssertEqual(e.diagnostic.render(), """
            canary.vigil:10:14: error: `traffic exec` needs the program's name as a plain string, not a secret
               |
            10 | traffic exec(env("VIGIL_TRAFFIC_TOKEN"), "$candidate")
               |              ^^^^^^^^^^^^^^^^^^^^^^^^^^
               = hint: put the secret in an argument: exec("kubectl", "--token=" + env("KUBE_TOKEN"), …)
            """)
        let (_, _, _, haproxy) = try simulated(#"traffic haproxy(env("VIGIL_TRAFFIC_TOKEN"), backend: "checkout")"#, allowed: [])
        XCTAssertEqual((haproxy as? RuntimeError)?.diagnostic.render().components(separatedBy: "\n").first,
                       "canary.vigil:10:17: error: `haproxy` needs its address as a plain string, not a secret")
    }
}
