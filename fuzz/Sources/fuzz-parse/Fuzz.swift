import FuzzSupport
import VigilSyntax

/// Lexer and parser: any bytes give a tree and diagnostics, never a crash; every error is
/// located inside the file; and the error count is capped.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let file: SourceFile
    switch SourceFile.decode(path: "fuzz.vigil", bytes: FuzzInput.bytes(data, size)) {
    case .success(let decoded): file = decoded
    case .failure(let notUTF8):
        _ = notUTF8.render()
        return 0
    }
    let (program, diagnostics) = Parser.parse(file)
    require(diagnostics.count <= Diagnostic.maxPerFile + 1, "\(diagnostics.count) diagnostics")
    for d in diagnostics {
        require(d.range.start >= 0 && d.range.end <= file.bytes.count + 1, "diagnostic outside the file: \(d.range)")
        _ = d.render()
    }
    _ = program.loneExpression
    return 0
}

@_cdecl("fuzz_parse_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
