import ArgumentParser
import XCTest
@testable import vigil

/// Every command names itself: a name derived from the type costs a reflective lookup across
/// every protocol conformance in the executable at each start-up, which `vigil check`'s
/// start-up budget (15 ms, bench/README.md) cannot afford.
final class CommandNameTests: XCTestCase {
    func testEveryCommandAndSubcommandIsNamedExplicitly() {
        var unnamed: [String] = []
        func walk(_ command: ParsableCommand.Type, path: String) {
            let name = command.configuration.commandName
            if name == nil { unnamed.append("\(path) \(command)") }
            for sub in command.configuration.subcommands { walk(sub, path: "\(path) \(name ?? "?")") }
        }
        walk(Vigil.self, path: "")
        XCTAssertEqual(unnamed, [])
        XCTAssertGreaterThan(Vigil.configuration.subcommands.count, 10)
    }
}
