import XCTest
import VigilCheck
@testable import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Every builtin's documented example (what `vigil doc NAME` shows) goes through the real
/// checker and a session with a few series, so a call the table documents cannot fail to
/// bind at run time. Actions run as a rule transition would: recorded, not delivered.
final class BuiltinExampleTests: XCTestCase {
    /// The builtins whose feature is not built, so their examples can be neither checked nor
    /// run. Building a feature takes names off this list; nothing may be added to it.
    static let notBuilt: Set<String> = []

    /// Examples that bind and run but refuse outside their context, with the refusal.
    static let refusedOutOfContext: [String: String] = [
        "mann_whitney": "`mann_whitney` judges a canary step and runs only as its judge",
        "env": "the environment variable `PAGERDUTY_TOKEN` is not set",
    ]

    /// The SLO the SLO builtins' examples name, and the prices and budget of the cost
    /// builtins' tenant "acme", loaded before each example.
    static let prelude = """
        prices { api_call: $0.00001 }
        budget acme {
          tenant "acme"
          limit $1800 per month
        }
        slo checkout_availability {
          objective 99.9%
          good = series("http_requests_total", service: "checkout", code: "200")
          total = series("http_requests_total", service: "checkout")
        }
        """

    static func store() throws -> SeriesStore {
        var store = SeriesStore()
        let data: [(Labels, String)] = [
            (Labels(name: "http_requests_total", ["service": "checkout", "code": "200"]), "0+60x20"),
            (Labels(name: "http_requests_total", ["service": "checkout", "code": "500"]), "0+6x20"),
            (Labels(name: "latency_seconds", ["service": "checkout"]), "0.1+0.01x20"),
            (Labels(name: "usage_total", ["tenant": "acme", "operation": "billing.charge", "usage": "api_call"]), "0+100x20"),
        ]
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        return store
    }

    /// Checks and runs one example; the error a user would see, or nil when it ran.
    static func run(_ example: String) throws -> String? {
        let file = SourceFile(path: "example.vigil", text: example + "\n")
        let (program, parseErrors) = Parser.parse(file)
        if let e = parseErrors.first { return "does not parse: \(e.render())" }
        let checked = Checker.check(program, loader: nil, options: Engines.checkOptions())
        if let e = checked.diagnostics.first(where: { $0.severity == .error }) { return "refused by the checker: \(e.render())" }
        let session = VigilSession(store: try store())
        session.interpreter.output = { _ in }
        session.interpreter.options.now = Date(timeIntervalSince1970: 1200)
        do {
            try session.load(Parser.parse(SourceFile(path: "prelude.vigil", text: prelude)).0)
            try session.load(program)
        } catch let e as RuntimeError {
            return "does not bind at run time: \(e.diagnostic.render())"
        }
        do {
            try session.actionLog.running(rule: "examples", labels: Labels(), time: 1_200_000, trigger: .fired) {
                try session.interpreter.run()
            }
        } catch let e as RuntimeError {
            return e.message
        }
        return nil
    }

    func testEveryDocumentedExampleChecksBindsAndRuns() throws {
        var skipped: [String] = []
        for b in Engines.surface.builtins {
            guard Engines.features.contains(b.feature) else {
                skipped.append(b.name)
                print("skipped \(b.name): \(b.feature.missingReason)")
                continue
            }
            XCTAssertTrue(b.example.hasPrefix(b.name + "("), "\(b.signature): the example `\(b.example)` must call it")
            let problem = try Self.run(b.example)
            XCTAssertEqual(problem, Self.refusedOutOfContext[b.name], "\(b.signature): `\(b.example)`")
        }
        XCTAssertTrue(Set(skipped).isSubset(of: Self.notBuilt),
                      "builtins of features not built were added: \(Set(skipped).subtracting(Self.notBuilt).sorted())")
        XCTAssertEqual(Set(skipped), Self.notBuilt, "a feature was built: take its builtins off `notBuilt`")
    }

    func testAnExampleThatCannotBindIsCaught() throws {
        let problem = try XCTUnwrap(try Self.run("join(xs: [1], separator: \",\")"))
        XCTAssertTrue(problem.hasPrefix("refused by the checker: example.vigil:1:15: error: `join` has no parameter `separator`"),
                      problem)
    }
}
