import Foundation
import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Runbooks (§11): steps in order with their output, confirm, verify within, dry runs,
/// guardrails, exec allowed only from the command line, and secrets that never show.
final class RunbookTests: XCTestCase {
    static let secret = "s3cr3t-VALUE-7Q"

    /// Runs the script's statements, then its runbooks; the printed lines (and the error, if one stopped it).
    func run(_ source: String, data: [(Labels, String)] = [], at seconds: Double = 600,
             configure: (inout RunbookOptions) -> Void = { _ in }) throws -> (session: VigilSession, lines: [String], outcomes: [EngineOutcome], error: String?) {
        var store = SeriesStore()
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        let session = VigilSession(store: store)
        var options = RunbookOptions()
        configure(&options)
        session.runbooks.options = options
        var lines: [String] = []
        session.interpreter.output = { lines.append($0) }
        let file = SourceFile(path: "r.vigil", text: source)
        let (program, diagnostics) = Parser.parse(file)
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        do {
            try session.load(program)
            session.interpreter.options.now = Date(timeIntervalSince1970: seconds)
            try session.interpreter.run()
            let outcomes = try Engines.run(in: session, EngineRunRequest())
            return (session, lines, outcomes, nil)
        } catch let e as RuntimeError {
            return (session, lines, [], e.diagnostic.render())
        }
    }

    static let errors: [(Labels, String)] = [
        (Labels(name: "http_requests_total", ["service": "api", "code": "500"]), "0+30x10 300+0x20"),
        (Labels(name: "http_requests_total", ["service": "api", "code": "200"]), "0+970x30"),
    ]
    static let service = """
    service api {
      signal error_rate = ratio(series("http_requests_total", service: "api", code: ~"5.."),
                                series("http_requests_total", service: "api"), 5m)
    }

    """

    func testStepsRunInOrderAndVerifyPollsUntilTheConditionHolds() throws {
        let r = try run(Self.service + """
        runbook "spike" {
          severity P1
          every 1m
          step "Look" { print("error rate {api.error_rate}") }
          step "Act" { if confirm("Roll back?") { rollback("api", to: "v1") } else { page("api-oncall", "declined") } }
          verify api.error_rate < 0.5% within 10m
        }
        """, data: Self.errors, at: 600) { $0.assumeYes = true }
        XCTAssertNil(r.error)
        XCTAssertEqual(r.lines, [
            "runbook \"spike\" (severity P1)",
            "step 1: Look",
            "  error rate 3%",
            "step 2: Act",
            "  confirm \"Roll back?\": yes (--yes)",
            "  action: rollback(\"api\", to: \"v1\") → target api: journaled as planned, not delivered (no delivering journal in this session)",
            "verify api.error_rate < 0.5% within 10m: holds after 5m: api.error_rate = 0% < 0.5%",
            "runbook \"spike\" done",
        ])
        XCTAssertEqual(r.outcomes.map(\.failure), [nil])
        XCTAssertEqual(r.session.actionLog.actions.map(\.call), ["rollback(\"api\", to: \"v1\")"])
    }

    func testWithoutATerminalAndWithoutYesConfirmAnswersNoAndSaysSo() throws {
        let r = try run(Self.service + """
        runbook "spike" {
          step "Act" { if confirm("Roll back?") { rollback("api") } else { page("api-oncall", "declined") } }
        }
        """, data: Self.errors)
        XCTAssertEqual(r.lines[2], "  confirm \"Roll back?\": no (no terminal and no --yes)")
        XCTAssertEqual(r.session.actionLog.actions.map(\.name), ["page"])
    }

    func testAVerifyThatDoesNotHoldInTimeFailsTheRunWithTheObservedValue() throws {
        let r = try run(Self.service + """
        runbook "spike" {
          every 1m
          verify api.error_rate < 0.5% within 3m
        }
        """, data: Self.errors, at: 300)
        XCTAssertEqual(r.lines[1], "verify api.error_rate < 0.5% within 3m: does not hold after 3m: api.error_rate = 3% >= 0.5%")
        XCTAssertEqual(r.outcomes.map(\.failure), ["verify api.error_rate < 0.5% within 3m did not hold in time: api.error_rate = 3% >= 0.5%"])
        XCTAssertTrue(r.outcomes[0].failsRun)
    }

    func testMissingDataNeverPassesAVerify() throws {
        let r = try run("""
        runbook "r" { verify rate(series("absent_total"), 5m) < 1 within 1m }
        """, data: Self.errors)
        XCTAssertNotNil(r.outcomes.first?.failure)
        XCTAssertTrue(r.lines[1].contains("does not hold") && r.lines[1].contains("no data"), r.lines[1])
    }

    func testADryRunPlansEveryActionWithItsTargetAndDeliversNothing() throws {
        let r = try run("""
        runbook "r" {
          step "s" {
            page("api-oncall", "spike", severity: P1)
            exec("kubectl", ["rollout", "undo", "deployment/api"])
            exec("echo", "hello")
          }
        }
        """) { $0.dryRun = true; $0.allowExec(["echo"]) }
        XCTAssertNil(r.error)
        XCTAssertEqual(Array(r.lines.dropFirst(2).dropLast()), [
            "  plan: page(\"api-oncall\", \"spike\", severity: P1) → target api-oncall (receiver \"api-oncall\" (not declared))",
            "  plan: exec(\"kubectl\", [\"rollout\", \"undo\", \"deployment/api\"]) → program kubectl — would be refused: "
                + "`kubectl` may not run: only programs named by --allow-exec on the command line can (allowed: `echo`); "
                + "add `--allow-exec kubectl` to allow it",
            "  plan: exec(\"echo\", \"hello\") → program echo (\(try XCTUnwrap(AllowedProgramsPath.echo)))",
        ])
        XCTAssertTrue(r.lines[0].hasSuffix("dry run: every action is planned, none is delivered"))
    }

    func testExecRunsOnlyAnAllowedProgramAndCapturesItsOutput() throws {
        let script = """
        runbook "r" { step "s" { exec("echo", "rolled", "back") } }
        """
        let ran = try run(script) { $0.allowExec(["echo"]) }
        XCTAssertNil(ran.error)
        XCTAssertTrue(ran.lines.contains("    rolled back"), ran.lines.joined(separator: "\n"))
        let refused = try run(script)
        XCTAssertEqual(refused.error?.components(separatedBy: "\n").first,
                       "r.vigil:1:26: error: `echo` may not run: only programs named by --allow-exec on the command line can "
                       + "(no program is allowed); add `--allow-exec echo` to allow it")
        // Allowing one program allows no other: not a shell, not another path to the same name.
        for call in ["exec(\"sh\", \"-c\", \"echo pwned\")", "exec(\"/bin/echo\", \"pwned\")", "exec(\"./echo\", \"pwned\")",
                     "exec(\"env\", \"echo\", \"pwned\")"] {
            let r = try run("runbook \"r\" { step \"s\" { \(call) } }") { $0.allowExec(["echo"]) }
            XCTAssertFalse(r.lines.contains { $0.contains("pwned") && !$0.contains("exec(") }, "\(call) ran:\n\(r.lines)")
            XCTAssertTrue(r.error?.contains("may not run: only programs named by --allow-exec") == true, "\(call): \(r.error ?? "no error")")
        }
    }

    func testASecretIsMaskedEverywhereAndRevealedOnlyToTheProgram() throws {
        setenv("VIGIL_TEST_TOKEN", Self.secret, 1)
        defer { unsetenv("VIGIL_TEST_TOKEN") }
        let r = try run("""
        let token = env("VIGIL_TEST_TOKEN")
        print(token)
        print("interpolated {token}")
        print("Bearer " + token)
        print(str(token), type(token), [token], {auth: token})
        runbook "r" {
          step "s" {
            webhook("https://hooks.example.com/x", {authorization: "Bearer " + token})
            page("oncall-" + token, "summary {token}")
            exec("echo", "header", "Bearer " + token)
          }
          step "fail" { assert(false, "token was " + token) }
        }
        """) { $0.allowExec(["echo"]) }
        let everything = r.lines + [r.error ?? ""] + r.session.actionLog.actions.map(\.call)
            + r.session.runbooks.timeline.entries.map(\.text)
        for text in everything { XCTAssertFalse(text.contains(Self.secret), "the secret leaked: \(text)") }
        XCTAssertEqual(Array(r.lines.prefix(4)), ["****", "interpolated ****", "Bearer ****", "**** secret [****] {auth: ****}"])
        // echo received the real value (its output, masked back, proves it was not `****`).
        XCTAssertTrue(r.lines.contains("    header Bearer ****"), r.lines.joined(separator: "\n"))
        XCTAssertTrue(r.session.actionLog.actions[0].call.contains("{authorization: Bearer ****}"), r.session.actionLog.actions[0].call)
        XCTAssertEqual(r.error?.components(separatedBy: "\n").first, "r.vigil:12:17: error: token was ****")
    }

    func testASecretCannotBeComparedOrComputedWith() throws {
        setenv("VIGIL_TEST_TOKEN", Self.secret, 1)
        defer { unsetenv("VIGIL_TEST_TOKEN") }
        let compared = try run("let t = env(\"VIGIL_TEST_TOKEN\")\nprint(t == \"x\")")
        XCTAssertEqual(compared.error?.components(separatedBy: "\n").first,
                       "r.vigil:2:7: error: a secret (****) cannot be used with `==`")
        let missing = try run("print(env(\"VIGIL_SURELY_UNSET\"))")
        XCTAssertEqual(missing.error?.components(separatedBy: "\n").first,
                       "r.vigil:1:7: error: the environment variable `VIGIL_SURELY_UNSET` is not set")
    }

    func testGuardrailsRefuseActionsPastTheirLimitAndAskForApproval() throws {
        let r = try run("""
        runbook "r" {
          limit page to 2 per 1h
          require approval for exec
          step "s" {
            for i in range(3) { page("api-oncall", "spike {i}") }
            page("db-oncall", "spike")
            exec("echo", "hi")
          }
        }
        """) { $0.allowExec(["echo"]) }
        XCTAssertNil(r.error)
        XCTAssertEqual(r.session.actionLog.actions.map(\.call), [
            "page(\"api-oncall\", \"spike 0\")", "page(\"api-oncall\", \"spike 1\")", "page(\"db-oncall\", \"spike\")",
        ])
        XCTAssertTrue(r.lines.contains("  guardrail tripped: `limit page to 2 per 1h`: 2 page actions to api-oncall in the last 1h, "
                                       + "the most allowed is 2; page(\"api-oncall\", \"spike 2\") not taken"), r.lines.joined(separator: "\n"))
        XCTAssertTrue(r.lines.contains("  approve exec(\"echo\", \"hi\") (`require approval for exec`)? no (no terminal and no --yes)"))
        XCTAssertTrue(r.lines.contains("  guardrail: `require approval for exec` not approved; exec(\"echo\", \"hi\") not taken"))
        XCTAssertFalse(r.lines.contains("    hi"))
        let approved = try run("""
        runbook "r" {
          cost $250
          require approval for actions above $100
          step "s" { exec("echo", "hi") }
        }
        """) { $0.allowExec(["echo"]); $0.assumeYes = true }
        XCTAssertTrue(approved.lines.contains("    hi"), approved.lines.joined(separator: "\n"))
        XCTAssertTrue(approved.lines.contains {
            $0.contains("require approval for actions above $100 (this one costs $250)") && $0.hasSuffix("yes (--yes)")
        }, approved.lines.joined(separator: "\n"))
    }
}

/// Where this machine's `echo` is, as `--allow-exec echo` resolves it.
enum AllowedProgramsPath {
    static var echo: String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return dirs.map { $0 + "/echo" }.first { $0.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: $0) }
    }
}
