import Foundation
import VigilTestServers
import XCTest

/// A live canary moving real traffic: HAProxy fronts two local backends (v1 stable, v2 the
/// candidate), a load generator sends steady requests through it, Prometheus scrapes
/// HAProxy's exporter every second, and `vigil run --source prometheus=…` drives HAProxy's
/// weights over its runtime API. The weights are read back from HAProxy by the test itself.
final class HAProxyCanaryTests: XCTestCase {
    /// The servers of one test, stopped in reverse order.
    private var stops: [() -> Void] = []

    override func tearDown() {
        for stop in stops.reversed() { stop() }
        stops = []
        super.tearDown()
    }

    private struct Rig {
        let haproxy: TestHAProxy
        let prometheus: TestPrometheus
        let candidate: TestBackend
    }

    /// Backends, HAProxy, Prometheus and the load; skipped only when a binary is absent.
    private func rig(candidateFailsEvery failEvery: Int?) async throws -> Rig {
        let stable = try TestBackend(name: "v1")
        stops.append { stable.stop() }
        let candidate = try TestBackend(name: "v2", failEvery: failEvery)
        stops.append { candidate.stop() }
        do {
            let haproxy = try await TestHAProxy.start(stablePort: stable.port, candidatePort: candidate.port)
            stops.append { haproxy.stop() }
            let prometheus = try await TestPrometheus.start(scraping: haproxy.metricsTarget, every: "1s")
            stops.append { prometheus.stop() }
            let load = LoadGenerator(port: haproxy.frontendPort, perSecond: 40)
            stops.append { load.stop() }
            // A few scrapes of the stable version's traffic before the canary starts.
            try await Task.sleep(nanoseconds: 4_000_000_000)
            XCTAssertGreaterThan(stable.requests, 0, "the load generator reached no backend")
            return Rig(haproxy: haproxy, prometheus: prometheus, candidate: candidate)
        } catch ServerError.missingBinary(let reason) {
            print("skipping: \(reason)")
            throw XCTSkip(reason)
        }
    }

    private func canary(_ rig: Rig, candidateServer: String = "v2") -> String {
        """
        service checkout {
          signal error_rate = ratio(series("haproxy_server_http_responses_total", proxy: "checkout", code: "5xx"),
                                    series("haproxy_server_http_responses_total", proxy: "checkout"), 10s)
        }

        canary checkout {
          stable "v1"
          candidate "v2"
          version_label "server"
          traffic haproxy("\(rig.haproxy.adminAddress)", backend: "checkout", stable: "v1", candidate: "\(candidateServer)")
          steps 50%, 100%
          bake 8s
          every 2s
          when error_rate > baseline + 2% for 4s then rollback
        }

        """
    }

    private func run(_ rig: Rig, _ text: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> VigilBinary.Result {
        let file = rig.haproxy.directory.appendingPathComponent("canary.vigil")
        try text.write(to: file, atomically: true, encoding: .utf8)
        // The deployment and the journal of its traffic changes go to a store of the test's own.
        let db = rig.haproxy.directory.appendingPathComponent("vigil.sqlite").path
        return try VigilBinary.run(["run", "--source", "prometheus=\(rig.prometheus.baseURL)", "--require-promotion", file.path] + extra,
                                   environment: environment.merging(["VIGIL_DB": db]) { $1 }, directory: nil)
    }

    /// `traffic exec(…)` through a program of the test's own: a bash script that speaks
    /// HAProxy's runtime API over bash's /dev/tcp, `set` STABLE CANDIDATE or `get` (the
    /// candidate's weight), found on a PATH that starts with its directory.
    /// `refusing`: a candidate weight the script will not set (it exits 1 saying so).
    /// `token`: both commands also pass `env("VIGIL_TEST_TOKEN")`, which the script takes
    /// first (`--token=T` or `--token T`) and says back; every argument vector it receives
    /// is appended to `bin/haproxy-weights.argv`.
    private func execCanary(_ rig: Rig, refusing: Int? = nil, token: Bool = false) throws -> (text: String, environment: [String: String]) {
        let bin = rig.haproxy.directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("haproxy-weights")
        try """
            #!/bin/bash
            # haproxy-weights [--token=T | --token T] HOST:PORT BACKEND set STABLE CANDIDATE | get
            printf '%s\n' "$*" >> "$0.argv"
            token=
            case "$1" in --token=*) token=${1#--token=}; shift ;; --token) token=$2; shift 2 ;; esac
            if [ "$3" = set ] && [ "$5" = "\(refusing.map(String.init) ?? "none")" ]; then echo "refusing weight $5${token:+ for token $token}" >&2; exit 1; fi
            if [ "$3" = set ] && [ -n "$token" ]; then echo "setting as $token"; fi
            exec 3<>"/dev/tcp/${1%:*}/${1##*:}" || exit 2
            case "$3" in
              set) printf 'set weight %s/v1 %s; set weight %s/v2 %s\n' "$2" "$4" "$2" "$5" >&3 ;;
              get) printf 'get weight %s/v2\n' "$2" >&3 ;;
              *) echo "unknown command: $3" >&2; exit 2 ;;
            esac
            answer=$(cat <&3)
            if [ "$3" = get ]; then
              weight=${answer%% *}
              case "$weight" in ''|*[!0-9]*) echo "HAProxy: $answer" >&2; exit 1 ;; esac
              echo "$weight"
            elif [ -n "${answer//[[:space:]]/}" ]; then
              echo "HAProxy: $answer" >&2; exit 1
            fi

            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let address = rig.haproxy.adminAddress
        let (setToken, readToken) = token ? (#""--token=" + env("VIGIL_TEST_TOKEN"), "#, #""--token", env("VIGIL_TEST_TOKEN"), "#) : ("", "")
        let text = canary(rig).replacingOccurrences(
            of: "traffic haproxy(\"\(address)\", backend: \"checkout\", stable: \"v1\", candidate: \"v2\")",
            with: "traffic exec(\"haproxy-weights\", \(setToken)\"\(address)\", \"checkout\", \"set\", \"$stable\", \"$candidate\", "
                + "read: [\"haproxy-weights\", \(readToken)\"\(address)\", \"checkout\", \"get\"])")
        XCTAssertTrue(text.contains("traffic exec("), text)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return (text, ["PATH": path])
    }

    func testAHealthyCandidateIsPromotedTo100Percent() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let r = try run(rig, canary(rig))
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: HAProxy \(rig.haproxy.adminAddress) backend checkout v1 50, v2 50, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: HAProxy \(rig.haproxy.adminAddress) backend checkout v1 0, v2 100, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("canary checkout: promoted"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 0)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 100)
        XCTAssertGreaterThan(rig.candidate.requests, 0, "HAProxy sent the candidate no request")
    }

    func testACandidateReturning5PercentErrorsIsRolledBackTo0Percent() async throws {
        let rig = try await rig(candidateFailsEvery: 20)
        let r = try run(rig, canary(rig))
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: HAProxy \(rig.haproxy.adminAddress) backend checkout v1 50, v2 50, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("rolled back: rule \"error_rate > baseline + 2%\" fired"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: HAProxy \(rig.haproxy.adminAddress) backend checkout v1 100, v2 0, read back"), r.combined)
        XCTAssertFalse(r.stdout.contains("v2 100"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 100)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
        XCTAssertGreaterThan(rig.candidate.requests, 0, "HAProxy sent the candidate no request")
    }

    func testAnInterruptedCanarySendsTrafficBackToStable() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let file = rig.haproxy.directory.appendingPathComponent("canary.vigil")
        try canary(rig).replacingOccurrences(of: "bake 8s", with: "bake 5m").write(to: file, atomically: true, encoding: .utf8)
        let db = rig.haproxy.directory.appendingPathComponent("vigil.sqlite").path
        let r = try VigilBinary.runUntil(["run", "--source", "prometheus=\(rig.prometheus.baseURL)", file.path],
                                         environment: ["VIGIL_DB": db], printed: "50%    error_rate") { $0.interrupt() }
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("interrupted, still progressing at 50%"), r.combined)
        XCTAssertTrue(r.stdout.contains("aborted: interrupted"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: HAProxy \(rig.haproxy.adminAddress) backend checkout v1 100, v2 0, read back"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 100)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
    }

    func testAServerHAProxyDoesNotHaveMovesNoTraffic() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let r = try run(rig, canary(rig, candidateServer: "v3"))
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("does not answer as it should, so no traffic was moved"), r.combined)
        XCTAssertTrue(r.stderr.contains("get weight checkout/v3: No such server."), r.combined)
        XCTAssertTrue(r.stderr.contains("canary.vigil:10:11: error"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 100)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
    }

    func testAProgramAllowedByNameMovesTheTrafficAndReadsItBack() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let (text, environment) = try execCanary(rig)
        let r = try run(rig, text, ["--allow-exec", "haproxy-weights"], environment: environment)
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights, v2 weight 0 before the canary"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 50, v2 50, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 0, v2 100, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("canary checkout: promoted"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 0)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 100)
        XCTAssertGreaterThan(rig.candidate.requests, 0, "HAProxy sent the candidate no request")
    }

    func testAProgramRollsAFailingCandidateBackToStable() async throws {
        let rig = try await rig(candidateFailsEvery: 20)
        let (text, environment) = try execCanary(rig)
        let r = try run(rig, text, ["--allow-exec", "haproxy-weights"], environment: environment)
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 50, v2 50, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("rolled back: rule \"error_rate > baseline + 2%\" fired"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 100, v2 0, read back"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 100)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
    }

    func testAChangeTheProgramFailsToMakeRollsTheCanaryBack() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let (text, environment) = try execCanary(rig, refusing: 100)
        let r = try run(rig, text, ["--allow-exec", "haproxy-weights"], environment: environment)
        XCTAssertEqual(r.status, 1, r.combined)
        let address = rig.haproxy.adminAddress
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 50, v2 50, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights could not be set to v1 0, v2 100: "
                                        + "`haproxy-weights \(address) checkout set 0 100` failed (exit 1): refusing weight 100"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic to 100% failed; back to v1"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 100, v2 0, read back"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 100)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
    }

    func testAProgramTheCommandLineDoesNotAllowMovesNoTraffic() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let (text, environment) = try execCanary(rig)
        let r = try run(rig, text, ["--allow-exec", "bash"], environment: environment)
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("canary.vigil:10:16: error: `traffic exec`: `haproxy-weights` may not run: only programs named by "
                                        + "--allow-exec on the command line can (allowed: `bash`); add `--allow-exec haproxy-weights` to allow it"),
                      r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 100)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
    }
    /// A dry run sends nothing: it prints each change the canary would make and does not run it
    /// (its analysis would need the candidate to serve traffic); as a gate it does not pass.
    func testADryRunPrintsThePlanAndMovesNoTraffic() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let address = rig.haproxy.adminAddress
        let r = try run(rig, canary(rig), ["--dry-run"])
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("canary checkout: --dry-run on a live source: nothing is sent and the canary does not run "
                                        + "(its analysis needs v2 to serve traffic); it would send:\n"
                                        + "  1. traffic HAProxy \(address) backend checkout: v1 50, v2 50\n"
                                        + "  2. traffic HAProxy \(address) backend checkout: v1 0, v2 100\n"
                                        + "  on rollback: traffic HAProxy \(address) backend checkout: v1 100, v2 0"), r.combined)
        XCTAssertTrue(r.stderr.contains("vigil: canary checkout was not run: --dry-run only planned it"), r.combined)
        XCTAssertFalse(r.stdout.contains("read back"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v1"), 100)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
        XCTAssertEqual(rig.candidate.requests, 0, "a dry run sent the candidate traffic")

        // A program target is planned too, and never started.
        let (text, environment) = try execCanary(rig, refusing: 50)
        let program = try run(rig, text, ["--dry-run", "--allow-exec", "haproxy-weights"], environment: environment)
        XCTAssertEqual(program.status, 1, program.combined)
        XCTAssertTrue(program.stdout.contains("  1. traffic program haproxy-weights: v1 50, v2 50\n"), program.combined)
        XCTAssertFalse(program.combined.contains("refusing weight"), program.combined)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
    }

    /// A secret in a program's arguments (`"--token=" + env("…")`, or `env("…")` alone in
    /// `read:`) reaches the program, whose own record of its argument vector proves it; the
    /// output, the dry-run plan, `vigil journal show` and the journal's file and WAL show `****`.
    func testASecretArgumentReachesOnlyTheProgram() async throws {
        let rig = try await rig(candidateFailsEvery: nil)
        let address = rig.haproxy.adminAddress, secret = "s3cr3t-\(getpid())"
        var (text, environment) = try execCanary(rig, refusing: 100, token: true)
        environment["VIGIL_TEST_TOKEN"] = secret
        let r = try run(rig, text, ["--allow-exec", "haproxy-weights"], environment: environment)
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 50, v2 50, read back"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights could not be set to v1 0, v2 100: `haproxy-weights --token=**** "
                                        + "\(address) checkout set 0 100` failed (exit 1): refusing weight 100 for token ****"), r.combined)
        XCTAssertTrue(r.stdout.contains("traffic: program haproxy-weights v1 100, v2 0, read back"), r.combined)
        XCTAssertEqual(try rig.haproxy.weight("v2"), 0)
        let argv = try String(contentsOf: rig.haproxy.directory.appendingPathComponent("bin/haproxy-weights.argv"), encoding: .utf8)
        XCTAssertTrue(argv.hasPrefix("--token \(secret) \(address) checkout get\n--token=\(secret) \(address) checkout set 50 50\n"), argv)
        let dryRun = try run(rig, text, ["--dry-run", "--allow-exec", "haproxy-weights"], environment: environment)
        XCTAssertTrue(dryRun.stdout.contains("  on rollback: traffic program haproxy-weights: v1 100, v2 0"), dryRun.combined)
        XCTAssertFalse(r.combined.contains(secret) || dryRun.combined.contains(secret), r.combined + dryRun.combined)

        let db = rig.haproxy.directory.appendingPathComponent("vigil.sqlite").path
        let list = try VigilBinary.run(["journal", "--db", db])
        XCTAssertEqual(list.status, 0, list.combined)
        // The live run is listed (the dry run journals nothing); its entries hold the changes.
        let runs = list.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        XCTAssertEqual(runs.count, 1, list.stdout)
        XCTAssertTrue(runs[0].hasPrefix("canary-checkout-"), list.stdout)
        XCTAssertTrue(list.stdout.contains("  vigil run \(rig.haproxy.directory.appendingPathComponent("canary.vigil").path)  "), list.stdout)
        let shown = try VigilBinary.run(["journal", "show", runs[0], "--db", db]).stdout
        XCTAssertTrue(shown.contains("haproxy-weights --token=**** \(address) checkout set 50 50: exit 0"), list.stdout + shown)
        XCTAssertTrue(shown.contains("setting as ****"), shown)
        XCTAssertFalse(shown.contains(secret), shown)
        let database = try String(contentsOfFile: db, encoding: .isoLatin1)
            + ((try? String(contentsOfFile: db + "-wal", encoding: .isoLatin1)) ?? "")
        XCTAssertTrue(database.contains("--token=****"), "the changes were journaled")
        XCTAssertFalse(database.contains(secret), "the secret reached the journal file")
    }
}
