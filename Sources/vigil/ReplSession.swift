import Foundation
import VigilCheck
import VigilLib
import VigilRuntime
import VigilSyntax

/// One REPL's state: a single interpreter whose definitions persist between inputs.
final class ReplSession {
    let session: VigilSession
    var interpreter: Interpreter { session.interpreter }
    let frontend = Frontend()
    private var inputCount = 0

    init(session: VigilSession) {
        self.session = session
        session.interpreter.output = { print($0) }
    }

    /// Loads and runs a file's top-level statements; false (after reporting) on errors.
    func load(file path: String) -> Bool {
        guard let program = frontend.load(path) else { return false }
        return attempt {
            try session.load(program, resolver: frontend.resolver)
            try interpreter.run()
        }
    }

    /// Runs `body`, rendering any error; false when it failed.
    func attempt(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return true
        } catch let e as RuntimeError {
            printError(e.diagnostic.render())
        } catch {
            printError("vigil: error: \(error)")
        }
        return false
    }

    /// One input as a numbered file and its program; nil (after reporting) on a syntax error.
    private func parse(_ text: String) -> (SourceFile, Program)? {
        inputCount += 1
        let file = SourceFile(path: "<input \(inputCount)>", text: text)
        let (program, diagnostics) = Parser.parse(file)
        if diagnostics.contains(where: { $0.severity == .error }) {
            frontend.report(diagnostics)
            return nil
        }
        return (file, program)
    }

    /// Evaluates one input; prints an expression's value. False (after reporting) on errors.
    func evaluate(_ text: String) -> Bool {
        guard let (file, program) = parse(text) else { return false }
        return attempt {
            // A lone expression shows its value; anything else runs as top-level statements.
            if let e = program.loneExpression {
                let value = try interpreter.evaluate(expression: e, in: file)
                if case .none = value { return }
                print(value.literal)
                return
            }
            try session.load(program, resolver: frontend.resolver)
            try interpreter.run()
        }
    }

    /// `:type EXPR`: the type (with its unit) of the expression's value. The expression is
    /// evaluated, so its type is the one it has now (a signal with no samples is `nodata`).
    func describeType(_ text: String) -> Bool {
        guard let (file, program) = parse(text) else { return false }
        guard let e = program.loneExpression else {
            printError("vigil: error: :type expects one expression, such as `:type 5m / 2`")
            return false
        }
        return attempt { print(try interpreter.evaluate(expression: e, in: file).typeName) }
    }

    /// What completes `prefix` at the prompt: the session's own names (lets, fns, services),
    /// then the builtins of the table that this build runs.
    func completions(of prefix: String) -> [String] {
        let own = interpreter.exports.map(\.0).filter { $0.hasPrefix(prefix) }.sorted()
        return own + Engines.surface.completions(of: prefix, available: Engines.features).filter { !own.contains($0) }
    }

    /// True while `text` has more opening than closing brackets or ends in an operator.
    static func needsMoreInput(_ text: String) -> Bool {
        var depth = 0, inString = false, escaped = false, inComment = false
        for c in text {
            if inComment { if c == "\n" { inComment = false }; continue }
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "#": inComment = true
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
        }
        if depth > 0 { return true }
        let lastLine = text.split(separator: "\n").last.map(String.init) ?? ""
        let code = (lastLine.firstIndex(of: "#").map { String(lastLine[..<$0]) } ?? lastLine).trimmingCharacters(in: .whitespaces)
        if let last = code.last, "+-*/=,<>".contains(last) { return true }
        let lastWord = code.split(separator: " ").last.map(String.init) ?? ""
        return ["and", "or", "not", "mod"].contains(lastWord)
    }
}
