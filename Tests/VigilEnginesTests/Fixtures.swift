import Foundation
import XCTest

/// Loads a JSON fixture from the Vectors folder beside this file.
///
/// The folder is excluded from the target (it also holds the Python generators), so it is
/// found through the source path instead of a resource bundle.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
    let data = try Data(contentsOf: folder.appendingPathComponent(name))
    return try JSONDecoder().decode(T.self, from: data)
}

/// Asserts two doubles agree within an absolute tolerance, naming the case on failure.
func assertAgree(_ actual: Double, _ expected: Double, within tolerance: Double, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssert(abs(actual - expected) <= tolerance, "\(what): got \(actual), expected \(expected)", file: file, line: line)
}
