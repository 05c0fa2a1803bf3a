import FuzzSupport
import VigilSyntax

/// `vigil fmt` round trip: a program that parses formats to text that parses without
/// errors, and formatting that text again changes nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let (program, diagnostics) = Parser.parse(SourceFile(path: "fuzz.vigil", text: FuzzInput.text(data, size)))
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    let once = Formatter.format(program)
    let (again, problems) = Parser.parse(SourceFile(path: "formatted.vigil", text: once))
    let errors = problems.filter { $0.severity == .error }
    require(errors.isEmpty, "the formatted text does not parse: \(errors.first?.description ?? "")\n\(once)")
    let twice = Formatter.format(again)
    require(twice == once, "formatting is not idempotent:\n\(once)\n---\n\(twice)")
    return 0
}

@_cdecl("fuzz_fmt_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
