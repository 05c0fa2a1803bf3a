import Foundation
import VigilRuntime
import XCTest

/// Runs the benchmark programs and checks their output against the Lua and Python peers'
/// (the numbers are in the program comments). Times are printed for comparison.
final class BenchmarkProgramsTests: XCTestCase {
    func runBenchmark(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../bench/programs/\(name).vigil")
        let source = try String(contentsOf: url, encoding: .utf8)
        let start = Date()
        // These check outputs, not speed (bench/run times them): a debug build on a busy
        // machine must not trip the default 30 s limit.
        let out = try runProgram(source, options: RunOptions(maxSteps: 1_000_000_000, timeout: 600))
        print("bench \(name): \(Int(Date().timeIntervalSince(start) * 1000)) ms")
        return out
    }

    func testLoop() throws { XCTAssertEqual(try runBenchmark("loop"), "loop 29999996") }
    func testCalls() throws { XCTAssertEqual(try runBenchmark("calls"), "calls 28500000") }
    func testLists() throws { XCTAssertEqual(try runBenchmark("lists"), "lists 100000 700000") }
    func testStrings() throws { XCTAssertEqual(try runBenchmark("strings"), "strings 5828890") }
}
