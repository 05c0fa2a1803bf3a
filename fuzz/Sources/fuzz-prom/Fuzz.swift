import FuzzSupport
import VigilSeries

/// Prometheus text exposition through the public ingest entry point: samples or an IngestError, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var store = SeriesStore()
    do { try store.ingest(text: FuzzInput.text(data, size), file: "fuzz.prom", format: .exposition) } catch { _ = "\(error)" }
    return 0
}

@_cdecl("fuzz_prom_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
