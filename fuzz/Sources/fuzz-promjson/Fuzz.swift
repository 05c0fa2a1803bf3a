import Foundation
import FuzzSupport
@testable import VigilLive

/// The Prometheus HTTP API envelope and its matrix and vector results: series or a LiveError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let answer = HTTPAnswer(status: 200, body: Data(FuzzInput.bytes(data, size)))
    _ = try? PrometheusResponse.matrix(answer, url: "http://fuzz")
    _ = try? PrometheusResponse.vector(answer, url: "http://fuzz")
    return 0
}

@_cdecl("fuzz_promjson_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
