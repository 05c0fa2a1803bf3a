import Foundation
import FuzzSupport
@testable import VigilLive

/// The HTTP/1.1 answer parser on raw bytes from a server: an answer or a LiveError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = try? HTTPResponseParser.parse(Data(FuzzInput.bytes(data, size)), url: "http://fuzz")
    return 0
}

@_cdecl("fuzz_http_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
