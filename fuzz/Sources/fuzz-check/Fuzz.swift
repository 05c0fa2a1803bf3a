import FuzzSupport
import VigilCheck
import VigilSyntax

/// The checker on every program that parses: diagnostics, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let (program, diagnostics) = Parser.parse(SourceFile(path: "fuzz.vigil", text: FuzzInput.text(data, size)))
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    for d in Checker.check(program, loader: nil, options: CheckOptions(available: Set(Feature.allCases))).diagnostics { _ = d.render() }
    return 0
}

@_cdecl("fuzz_check_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
