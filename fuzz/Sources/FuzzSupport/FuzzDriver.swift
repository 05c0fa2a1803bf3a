import CFuzzer

/// Starts libFuzzer on `target`. SwiftPM links an executable target with `main` defined as
/// `<target>_main`, which would hide libFuzzer's own `main`; so each target defines that
/// entry point and hands its arguments to libFuzzer's driver here.
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                      _ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, target)
}
