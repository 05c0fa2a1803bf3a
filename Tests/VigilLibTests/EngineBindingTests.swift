import VigilCheck
@testable import VigilLib
import VigilRuntime
import VigilSyntax
import XCTest

/// The engine seam end to end: a test-only engine declares a block setting with a default
/// and one builtin in one binding, and the checker, the session and `vigil doc`'s surface
/// take them from there, with nothing else to change.
final class EngineBindingTests: XCTestCase {
    /// Names each tenant's budget: `budget acme { tenant "acme"; label "usage" }`.
    struct BudgetLabels: EngineBinding {
        final class Labels { var byTenant: [String: String] = [:] }

        var feature: Feature { .cost }
        static let block = BlockSchema(.budget, feature: .cost, settings: [
            .init("tenant", .string, doc: "The tenant.", example: "\"acme\""),
            .init("label", .string, default: .string("spend"), doc: "What the budget is called.", example: "\"usage\""),
        ])
        var blocks: [BlockSchema] { [Self.block] }
        var builtins: [EngineBuiltin] {
            [EngineBuiltin(builtin("budget_label", [param("tenant", .string)], .kind(.string), .cost, .cost,
                                   "The label of the tenant's budget.", example: "budget_label(\"acme\")")) { session in
                let labels = session.engineState { Labels() }
                return { args, call in
                    guard case .string(let tenant) = args[0], let label = labels.byTenant[tenant] else {
                        throw call.error("no budget for \(args[0].described)")
                    }
                    return .string(label)
                }
            }]
        }

        func load(_ program: Program, in session: VigilSession) throws {
            let labels = session.engineState { Labels() }, interpreter = session.interpreter
            for case .block(let decl) in program.decls.map(\.kind) where decl.kind == .budget {
                let settings = BlockSettings(decl, schema: Self.block, file: program.file) {
                    try interpreter.evaluate(try interpreter.compile($0, in: program.file), at: interpreter.evaluation)
                }
                labels.byTenant[try settings.string("tenant")] = try settings.string("label")
            }
        }
    }

    /// The registered engines without the real cost binding, whose `budget` block the
    /// test-only binding stands in for.
    let withoutCost: [any EngineBinding] = Engines.all.filter { $0.feature != .cost }
    var engines: [any EngineBinding] { withoutCost + [BudgetLabels()] }

    func check(_ source: String, engines: [any EngineBinding]) -> (Program, [String]) {
        let (program, parseErrors) = Parser.parse(SourceFile(path: "budget.vigil", text: source))
        XCTAssertEqual(parseErrors.map(\.headline), [])
        let options = CheckOptions(available: Feature.language.union(engines.map(\.feature)), surface: Engines.surface(of: engines))
        return (program, Checker.check(program, loader: nil, options: options).diagnostics.map { "\($0.location): \($0.message)" })
    }

    func run(_ program: Program) throws -> [String] {
        let session = VigilSession(engines: engines)
        var lines: [String] = []
        session.interpreter.output = { lines.append($0) }
        try session.load(program)
        try session.interpreter.run()
        return lines
    }

    func testABindingBringsItsBlockSettingsAndBuiltinIntoTheLanguage() throws {
        let source = "budget acme {\n  tenant \"acme\"\n  label \"usage\"\n}\nprint(budget_label(\"acme\"))\n"
        let (program, diagnostics) = check(source, engines: engines)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(try run(program), ["usage"])
        // Unregistered (and with no cost binding), the block's settings and the builtin are unknown.
        XCTAssertEqual(check(source, engines: withoutCost).1, [
            "2:3: unknown setting `tenant` in a budget",
            "3:3: unknown setting `label` in a budget",
            "5:7: unknown name `budget_label`",
        ])
    }

    func testALeftOutSettingIsItsDeclaredDefault() throws {
        let (program, diagnostics) = check("budget acme {\n  tenant \"acme\"\n}\nprint(budget_label(\"acme\"))\n", engines: engines)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(try run(program), ["spend"])
    }

    func testTheCheckerChecksTheDeclaredSettingTypes() {
        XCTAssertEqual(check("budget acme {\n  tenant \"acme\"\n  label 5m\n}\n", engines: engines).1,
                       ["3:9: `label` needs a string such as \"usage\", found a duration (5m)"])
    }

    func testAMissingSettingWithoutDefaultIsAnErrorAtTheBlock() throws {
        let (program, _) = check("budget acme {\n  label \"usage\"\n}\n", engines: engines)
        XCTAssertThrowsError(try run(program)) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "budget `acme` needs `tenant`, e.g. `tenant \"acme\"`")
        }
    }

    func testTheEnginesSurfaceHoldsTheCanaryDeclarationsOnce() {
        XCTAssertTrue(LanguageSurface.core.lookup("bucket").isEmpty, "the canary's builtins are declared in its binding")
        XCTAssertEqual(Engines.surface.lookup("bucket").map(\.signature), ["bucket(key: string; salt: string?, canary: string|canary?) -> number"])
        XCTAssertEqual(Engines.surface.blocks[.canary]?.setting("bake")?.defaultValue, .duration(seconds: 600))
        XCTAssertEqual(Engines.features, [.core, .series, .rules, .tests, .status, .canary, .simulator, .slo, .anomaly, .runbook, .cost, .incidents, .notifications, .actions])
    }
}
