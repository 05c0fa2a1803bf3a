import Foundation
import VigilRuntime
import VigilSyntax
import XCTest

/// Parses `source` (failing the test on a parse error) and runs it, returning what it printed.
func runProgram(_ source: String, options: RunOptions = RunOptions(), file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let vm = Interpreter(options: options)
    var out: [String] = []
    vm.output = { out.append($0) }
    try vm.load(parse(source, file: file, line: line))
    try vm.run()
    return out.joined(separator: "\n")
}

func parse(_ source: String, path: String = "test.vigil", file: StaticString = #filePath, line: UInt = #line) -> Program {
    let (program, diagnostics) = Parser.parse(SourceFile(path: path, text: source))
    for d in diagnostics { XCTFail("parse error: \(d.render())", file: file, line: line) }
    return program
}

/// The message of the runtime error `source` fails with (nil when it succeeds).
func failure(_ source: String, options: RunOptions = RunOptions(), file: StaticString = #filePath, line: UInt = #line) -> RuntimeError? {
    do {
        _ = try runProgram(source, options: options, file: file, line: line)
        return nil
    } catch let e as RuntimeError {
        return e
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}

/// Evaluates one expression and returns its literal form.
func eval(_ expression: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let f = SourceFile(path: "expr.vigil", text: expression)
    let (program, diagnostics) = Parser.parse(f)
    for d in diagnostics { XCTFail("parse error: \(d.render())", file: file, line: line) }
    guard let e = program.loneExpression else { return "<no expression>" }
    return try Interpreter().evaluate(expression: e, in: f).literal
}
