import Foundation
import FuzzSupport
import VigilCheck
import VigilRuntime
import VigilSyntax

/// The evaluator under tight limits, on every program that parses and checks as `vigil run`
/// would run it: top-level statements, then the policies. Errors are rendered; a crash, a
/// hang past libFuzzer's -timeout or memory past -rss_limit_mb is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let file = SourceFile(path: "fuzz.vigil", text: FuzzInput.text(data, size))
    let (program, diagnostics) = Parser.parse(file)
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    let checked = Checker.check(program, loader: nil, options: CheckOptions(available: Set(Feature.allCases)))
    guard !checked.diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    // 50,000 steps, a quarter second and 256 MiB: enough for every example's arithmetic,
    // small enough that a runaway is stopped by Vigil's own limits long before libFuzzer's.
    let vm = Interpreter(options: RunOptions(maxSteps: 50_000, timeout: 0.25, now: Date(timeIntervalSince1970: 1_736_951_400),
                                             maxMemory: 256 << 20))
    vm.output = { _ in }
    do {
        try vm.load(program) { decl, importer in
            .failure(Diagnostic(.error, "imports are not fuzzed", file: importer, range: decl.pathRange))
        }
        try vm.run()
        _ = try vm.evaluatePolicies()
    } catch let error as RuntimeError {
        _ = error.diagnostic.render()
    } catch {
        _ = "\(error)"
    }
    return 0
}

@_cdecl("fuzz_eval_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
