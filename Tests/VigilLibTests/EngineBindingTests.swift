import VigilCheck
@testable import VigilLib
import VigilRuntime
import VigilSyntax
import XCTest

/// The engine seam end to end: a test-only engine declares a block setting with a default
/// and one builtin in one binding, and the checker, the session and `vigil doc`'s surface
/// take them from there, with nothing else to change.
final class EngineBindingTests: XCTestCase {
    /// Labels each runbook by its owner: `runbook "restart" { owner "ops"; label "usage" }`.
    struct RunbookLabels: EngineBinding {
        final class Labels { var byOwner: [String: String] = [:] }

        var feature: Feature { .runbook }
        static let block = BlockSchema(.runbook, feature: .runbook, settings: [
            .init("owner", .string, doc: "The owner.", example: "\"ops\""),
            .init("label", .string, default: .string("spend"), doc: "What the runbook is called.", example: "\"usage\""),
        ])
        var blocks: [BlockSchema] { [Self.block] }
        var builtins: [EngineBuiltin] {
            [EngineBuiltin(builtin("runbook_label", [param("owner", .string)], .kind(.string), .runbook, .runbook,
                                   "The label of the owner's runbook.", example: "runbook_label(\"ops\")")) { session in
                let labels = session.engineState { Labels() }
                return { args, call in
                    guard case .string(let owner) = args[0], let label = labels.byOwner[owner] else {
                        throw call.error("no runbook for \(args[0].described)")
                    }
                    return .string(label)
                }
            }]
        }

        func load(_ program: Program, in session: VigilSession) throws {
            let labels = session.engineState { Labels() }, interpreter = session.interpreter
            for case .block(let decl) in program.decls.map(\.kind) where decl.kind == .runbook {
                let settings = BlockSettings(decl, schema: Self.block, file: program.file) {
                    try interpreter.evaluate(try interpreter.compile($0, in: program.file))
                }
                labels.byOwner[try settings.string("owner")] = try settings.string("label")
            }
        }
    }

    let engines: [any EngineBinding] = Engines.all + [RunbookLabels()]

    func check(_ source: String, engines: [any EngineBinding]) -> (Program, [String]) {
        let (program, parseErrors) = Parser.parse(SourceFile(path: "runbook.vigil", text: source))
        XCTAssertEqual(parseErrors.map(\.headline), [])
        let options = CheckOptions(available: Engines.features.union(engines.map(\.feature)), surface: Engines.surface(of: engines))
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
        let source = "runbook \"restart\" {\n  owner \"ops\"\n  label \"usage\"\n}\nprint(runbook_label(\"ops\"))\n"
        let (program, diagnostics) = check(source, engines: engines)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(try run(program), ["usage"])
        // Unregistered, the block and the builtin are not part of the build.
        XCTAssertEqual(check(source, engines: Engines.all).1, [
            "1:1: `runbook` blocks are not available yet: the runbook runner is not built",
            "3:3: unknown setting `label` in a runbook",
            "5:7: unknown name `runbook_label`",
        ])
    }

    func testALeftOutSettingIsItsDeclaredDefault() throws {
        let (program, diagnostics) = check("runbook \"restart\" {\n  owner \"ops\"\n}\nprint(runbook_label(\"ops\"))\n", engines: engines)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(try run(program), ["spend"])
    }

    func testTheCheckerChecksTheDeclaredSettingTypes() {
        XCTAssertEqual(check("runbook \"restart\" {\n  owner \"ops\"\n  label 5m\n}\n", engines: engines).1,
                       ["3:9: `label` needs a string such as \"usage\", found a duration (5m)"])
    }

    func testAMissingSettingWithoutDefaultIsAnErrorAtTheBlock() throws {
        let (program, _) = check("runbook \"restart\" {\n  label \"usage\"\n}\n", engines: engines)
        XCTAssertThrowsError(try run(program)) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "runbook `restart` needs `owner`, e.g. `owner \"ops\"`")
        }
    }

    func testTheEnginesSurfaceHoldsTheCanaryDeclarationsOnce() {
        XCTAssertTrue(LanguageSurface.core.lookup("bucket").isEmpty, "the canary's builtins are declared in its binding")
        XCTAssertEqual(Engines.surface.lookup("bucket").map(\.signature), ["bucket(key: string; salt: string?, canary: string|canary?) -> number"])
        XCTAssertEqual(Engines.surface.blocks[.canary]?.setting("bake")?.defaultValue, .duration(seconds: 600))
        XCTAssertEqual(Engines.features, [.core, .series, .rules, .tests, .canary, .simulator, .slo, .anomaly, .cost])
    }
}
